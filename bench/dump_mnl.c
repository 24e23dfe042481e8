/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Dump contenders with libmnl, written as libmnl's own examples do (rtnl-route-dump.c):
 * mnl_socket_recvfrom + mnl_cb_run, a data callback that runs mnl_attr_parse with an
 * attribute callback validating each known attribute (mnl_attr_type_valid, mnl_attr_validate),
 * then reads the six fields from the table of attributes (see dump.c).
 *
 *   mnl         a 64 KiB receive buffer, as the other contenders have, so that the kernel sends
 *               the same datagrams
 *   mnl_small   MNL_SOCKET_BUFFER_SIZE (4096 here), as libmnl 1.0.4's examples have, which
 *               makes the kernel send ~4 KiB datagrams
 *
 * The socket gets nlrs's options (1 MiB receive buffer, extended and capped ACKs, strict
 * checking).
 */
#define _GNU_SOURCE
#include "common.h"
#include "dump.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

struct state {
	long count;
	uint64_t sum;
};

static int data_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	/* skip unsupported attribute in user-space */
	if (mnl_attr_type_valid(attr, RTA_MAX) < 0)
		return MNL_CB_OK;

	switch (type) {
	case RTA_TABLE:
	case RTA_DST:
	case RTA_SRC:
	case RTA_OIF:
	case RTA_FLOW:
	case RTA_PREFSRC:
	case RTA_GATEWAY:
	case RTA_PRIORITY:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
			perror("mnl_attr_validate");
			return MNL_CB_ERROR;
		}
		break;
	case RTA_METRICS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) {
			perror("mnl_attr_validate");
			return MNL_CB_ERROR;
		}
		break;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct state *st = data;
	struct nlattr *tb[RTA_MAX + 1] = {0};
	struct rtmsg *rm = mnl_nlmsg_get_payload(nlh);

	if (mnl_attr_parse(nlh, sizeof(*rm), data_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	uint32_t dst = 0, gw = 0, oif = 0, table = rm->rtm_table, prio = 0;
	if (tb[RTA_DST])
		dst = ntohl(mnl_attr_get_u32(tb[RTA_DST]));
	if (tb[RTA_GATEWAY])
		gw = ntohl(mnl_attr_get_u32(tb[RTA_GATEWAY]));
	if (tb[RTA_OIF])
		oif = mnl_attr_get_u32(tb[RTA_OIF]);
	if (tb[RTA_TABLE])
		table = mnl_attr_get_u32(tb[RTA_TABLE]);
	if (tb[RTA_PRIORITY])
		prio = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	st->sum += route_sum(dst, rm->rtm_dst_len, gw, oif, table, prio);
	st->count++;
	return MNL_CB_OK;
}

static long dump(struct mnl_socket *nl, unsigned int portid, uint32_t table, uint32_t seq,
		 char *buf, size_t bufsize, uint64_t *sum)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtmsg));
	rtm->rtm_family = AF_INET;
	rtm->rtm_table = table < 256 ? (uint8_t)table : 0;
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		die("mnl_socket_sendto", errno);

	struct state st = {0, 0};
	int ret = mnl_socket_recvfrom(nl, buf, bufsize);
	while (ret > 0) {
		ret = mnl_cb_run(buf, ret, seq, portid, data_cb, &st);
		if (ret <= MNL_CB_STOP)
			break;
		ret = mnl_socket_recvfrom(nl, buf, bufsize);
	}
	if (ret == -1)
		die("dump", errno);
	*sum += st.sum;
	return st.count;
}

struct mnl {
	struct mnl_socket *nl;
	unsigned int portid;
	uint32_t table, seq;
	char *buf;
	size_t bufsize;
};

static void *mnl_open(uint32_t table, size_t bufsize)
{
	struct mnl *st = calloc(1, sizeof *st);
	st->nl = mnl_socket_open(NETLINK_ROUTE);
	if (!st->nl)
		die("mnl_socket_open", errno);
	int one = 1, rcv = 1 << 20, fd = mnl_socket_get_fd(st->nl);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
	mnl_socket_setsockopt(st->nl, NETLINK_EXT_ACK, &one, sizeof one);
	mnl_socket_setsockopt(st->nl, NETLINK_CAP_ACK, &one, sizeof one);
	mnl_socket_setsockopt(st->nl, NETLINK_GET_STRICT_CHK, &one, sizeof one);
	if (mnl_socket_bind(st->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("mnl_socket_bind", errno);
	st->portid = mnl_socket_get_portid(st->nl);
	st->table = table;
	st->bufsize = bufsize;
	st->buf = malloc(bufsize);
	return st;
}

static void *mnl_open_64k(uint32_t table)
{
	return mnl_open(table, 65536);
}

static void *mnl_open_small(uint32_t table)
{
	return mnl_open(table, MNL_SOCKET_BUFFER_SIZE);
}

static long mnl_dump(void *state, uint64_t *sum)
{
	struct mnl *st = state;
	return dump(st->nl, st->portid, st->table, ++st->seq, st->buf, st->bufsize, sum);
}

const struct contender mnl_contender = {"mnl", mnl_open_64k, mnl_dump};
const struct contender mnl_small_contender = {"mnl_small", mnl_open_small, mnl_dump};
