/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * nlynl: any netlink family from its description, shaped like the kernel's ynl command line,
 * written on libnlrs.h alone.
 *
 *   nlynl --family NAME [--spec FILE] (--do OP | --dump OP) [--json JSON] [--output-json]
 *         [--create] [--excl] [--replace] [--append]
 *   nlynl --family NAME [--spec FILE] --subscribe GROUP [--sleep SECONDS]
 *   nlynl --family NAME [--spec FILE] --list-ops
 *   nlynl --list-families
 *   nlynl --family NAME [--spec FILE] --check
 *
 * Messages are printed one JSON object per line; with --output-json, stdout is one JSON array
 * of them. Errors go to stderr as `error: <errno text>: <kernel text> (attribute PATH)` with
 * exit status 1; bad usage exits with 2. --check prints one line per difference between the
 * description and the kernel and exits with 1 when there is any.
 */
#include <libnlrs.h>

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(void)
{
	fprintf(stderr,
		"usage: nlynl --family NAME [--spec FILE] (--do OP | --dump OP) [--json JSON] [--output-json]\n"
		"             [--create] [--excl] [--replace] [--append]\n"
		"       nlynl --family NAME [--spec FILE] --subscribe GROUP [--sleep SECONDS]\n"
		"       nlynl --family NAME [--spec FILE] --list-ops\n"
		"       nlynl --list-families\n"
		"       nlynl --family NAME [--spec FILE] --check\n");
	exit(2);
}

/* Prints the family's last error (or the code's text), frees the family and exits with 1. */
static void fail(nlrs_family *fam, int rc)
{
	const char *text = fam ? nlrs_family_error(fam) : NULL;
	char buf[256];
	if (!text) {
		nlrs_strerror(rc, buf, sizeof(buf));
		text = buf;
	}
	fprintf(stderr, "error: %s\n", text);
	nlrs_family_free(fam);
	exit(1);
}

/* Printing messages: one per line, or the items of one JSON array. */
struct printer {
	int json_array;
	int count;
};

static void print_msg(struct printer *p, const char *json)
{
	if (p->json_array)
		printf("%s%s", p->count ? ",\n" : "[", json);
	else
		printf("%s\n", json);
	p->count++;
	fflush(stdout);
}

static void print_end(struct printer *p)
{
	if (p->json_array)
		printf("%s]\n", p->count ? "" : "[");
}

/* Prints a do's replies, which nlrs_family_do() hands out as one JSON array: whole with
 * --output-json, and otherwise only when the kernel sent any (a change is answered with an
 * ACK alone, and then nothing is printed). */
static void print_replies(const struct printer *p, const char *array, int n)
{
	if (p->json_array || n > 0)
		printf("%s\n", array);
}

static int on_notification(void *userdata, const char *json)
{
	print_msg(userdata, json);
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int list_families(void)
{
	const char *name;
	for (size_t i = 0; (name = nlrs_family_builtin(i)) != NULL; i++)
		printf("%s\n", name);
	return 0;
}

int main(int argc, char **argv)
{
	enum {
		OPT_FAMILY = 1, OPT_SPEC, OPT_DO, OPT_DUMP, OPT_JSON, OPT_OUTPUT_JSON, OPT_SUBSCRIBE,
		OPT_SLEEP, OPT_LIST_OPS, OPT_LIST_FAMILIES, OPT_CHECK, OPT_CREATE, OPT_EXCL,
		OPT_REPLACE, OPT_APPEND,
	};
	static const struct option options[] = {
		{"family", required_argument, NULL, OPT_FAMILY},
		{"spec", required_argument, NULL, OPT_SPEC},
		{"do", required_argument, NULL, OPT_DO},
		{"dump", required_argument, NULL, OPT_DUMP},
		{"json", required_argument, NULL, OPT_JSON},
		{"output-json", no_argument, NULL, OPT_OUTPUT_JSON},
		{"subscribe", required_argument, NULL, OPT_SUBSCRIBE},
		{"sleep", required_argument, NULL, OPT_SLEEP},
		{"list-ops", no_argument, NULL, OPT_LIST_OPS},
		{"list-families", no_argument, NULL, OPT_LIST_FAMILIES},
		{"check", no_argument, NULL, OPT_CHECK},
		{"create", no_argument, NULL, OPT_CREATE},
		{"excl", no_argument, NULL, OPT_EXCL},
		{"replace", no_argument, NULL, OPT_REPLACE},
		{"append", no_argument, NULL, OPT_APPEND},
		{NULL, 0, NULL, 0},
	};
	const char *family = NULL, *spec = NULL, *do_op = NULL, *dump_op = NULL, *json = NULL;
	const char *group = NULL;
	double sleep_s = 0;
	int output_json = 0, list_ops = 0, list_fams = 0, check = 0, actions = 0;
	uint16_t flags = 0;
	int c;
	char *end;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case OPT_FAMILY: family = optarg; break;
		case OPT_SPEC: spec = optarg; break;
		case OPT_DO: do_op = optarg; actions++; break;
		case OPT_DUMP: dump_op = optarg; actions++; break;
		case OPT_JSON: json = optarg; break;
		case OPT_OUTPUT_JSON: output_json = 1; break;
		case OPT_SUBSCRIBE: group = optarg; actions++; break;
		case OPT_SLEEP:
			errno = 0;
			sleep_s = strtod(optarg, &end);
			if (errno || *end || sleep_s < 0)
				usage();
			break;
		case OPT_LIST_OPS: list_ops = 1; actions++; break;
		case OPT_LIST_FAMILIES: list_fams = 1; actions++; break;
		case OPT_CHECK: check = 1; actions++; break;
		case OPT_CREATE: flags |= NLRS_NLM_F_CREATE; break;
		case OPT_EXCL: flags |= NLRS_NLM_F_EXCL; break;
		case OPT_REPLACE: flags |= NLRS_NLM_F_REPLACE; break;
		case OPT_APPEND: flags |= NLRS_NLM_F_APPEND; break;
		default: usage();
		}
	}
	if (optind != argc || actions != 1)
		usage();
	if (list_fams) {
		if (family || spec || json)
			usage();
		return list_families();
	}
	if (!family || (json && !do_op && !dump_op) || (sleep_s > 0 && !group))
		usage();

	nlrs_family *fam = NULL;
	int rc;
	if (spec) {
		char err[512];
		rc = nlrs_family_load(spec, err, sizeof(err), &fam);
		if (rc < 0) {
			fprintf(stderr, "error: %s\n", err);
			return 1;
		}
	} else {
		rc = nlrs_family_open(family, &fam);
		if (rc == -ENOENT) {
			fprintf(stderr, "error: no built-in description of family '%s' (try --spec FILE)\n", family);
			return 1;
		}
		if (rc < 0)
			fail(NULL, rc);
	}

	struct printer p = {output_json, 0};
	const char *out;
	if (list_ops) {
		const char *name;
		for (size_t i = 0; (rc = nlrs_family_op(fam, i, &name)) > 0; i++)
			printf("%s [%s%s%s]\n", name, rc & NLRS_FAMILY_OP_DO ? "do" : "",
			       rc == (NLRS_FAMILY_OP_DO | NLRS_FAMILY_OP_DUMP) ? ", " : "",
			       rc & NLRS_FAMILY_OP_DUMP ? "dump" : "");
		if (rc < 0)
			fail(fam, rc);
	} else if (check) {
		rc = nlrs_family_check(fam, &out);
		if (rc < 0)
			fail(fam, rc);
		fputs(rc ? out : "the description agrees with the kernel\n", stdout);
		nlrs_family_free(fam);
		return rc > 0 ? 1 : 0;
	} else if (do_op) {
		rc = nlrs_family_do(fam, do_op, json, flags, &out);
		if (rc < 0)
			fail(fam, rc);
		print_replies(&p, out, rc);
	} else if (dump_op) {
		rc = nlrs_family_dump(fam, dump_op, json);
		if (rc < 0)
			fail(fam, rc);
		while ((rc = nlrs_family_dump_next(fam, &out)) > 0)
			print_msg(&p, out);
		if (rc < 0)
			fail(fam, rc);
		print_end(&p);
	} else {
		rc = nlrs_family_subscribe(fam, group);
		if (rc < 0)
			fail(fam, rc);
		struct pollfd pfd = {.fd = nlrs_family_fd(fam), .events = POLLIN};
		double deadline = now() + sleep_s;
		for (;;) {
			rc = nlrs_family_process(fam, on_notification, &p);
			if (rc < 0)
				fail(fam, rc);
			double left = deadline - now();
			if (left <= 0)
				break;
			rc = poll(&pfd, 1, (int)(left * 1000) + 1);
			if (rc < 0 && errno != EINTR)
				fail(fam, -errno);
		}
		print_end(&p);
	}
	nlrs_family_free(fam);
	return 0;
}
