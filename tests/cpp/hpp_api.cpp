// nlrs.hpp against the kernel, run by tests/cpp_header.rs in a private network namespace with the veth
// pair cx0/cx1 (cx0 up, 10.7.7.1/24 on cx0, routes in table 100): it prints what it reads, in
// lines the test compares with `ip -j`, and checks errors itself (exit 1 on a failed check).
//
//     link INDEX NAME mtu MTU UP|DOWN
//     addr INDEX ADDRESS/PREFIX
//     route DST/LEN|default GATEWAY|- OIF|- METRIC|-
//     route6 DST/LEN PREF|- EXPIRES|-               (the IPv6 routes of table 102)
//     routex DST/LEN MTU|- ADVMSS|- CONGCTL|- FLOW|- PATHS|-
//                                                 (the routes of table 104, each read whole
//                                                 through route_dump::msg() and a route_object;
//                                                 PATHS: IFINDEX:GATEWAY:WEIGHT, comma-joined)
//     neigh INDEX DST LLADDR STATE
//     proxy INDEX DST                             (proxy ARP and NDP entries)
//     mirror INDEX NAME mtu MTU UP|DOWN          (the links a mirror holds)
//     linkx INDEX TYPE OPERSTATE MIN_MTU MAX_MTU TXQ RXQ PARENT|- BROADCAST
//                                                 (more of each link, as a dump reads it)
//     mirrorx ...                                 (the same, as the mirror's link_view reads it)
//     addrx INDEX LOCAL LABEL VALID PREFERRED BROADCAST|-   (more of each IPv4 address)
//     routeget DST GATEWAY|- OIF PREFSRC           (socket::route_get(10.7.7.5))
//     names INDEX FLAGS OPERSTATE                 (each link's flags and state by name)
//     rnames DST TYPE TABLE PROTOCOL SCOPE         (each IPv4 route of every table, by name)
//     genl NAME ID                                (generic families, by nlctrl's dump)
//     genlx NAME OPS GROUPS                       (each family by genl_resolve(): its operations
//                                                 ID:FLAGS|ID:- and groups NAME:ID, comma-joined)
//     ynl JSON                                    (rt-link's getlink dump, one message a line)
#include "nlrs.hpp"

#include "check.hpp"

#include <fcntl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#if __cplusplus >= 202002L
#include <ranges>
#endif

static_assert(!std::is_copy_constructible_v<nlrs::socket>, "handles are move-only");
static_assert(std::is_nothrow_move_constructible_v<nlrs::socket>, "handles move");
static_assert(!std::is_copy_constructible_v<nlrs::link>, "handles are move-only");
static_assert(!std::is_copy_constructible_v<nlrs::route_dump>, "dumps are move-only");
static_assert(std::is_base_of_v<std::system_error, nlrs::error>, "errors are system_errors");
static_assert(!std::is_copy_constructible_v<nlrs::monitor>, "handles are move-only");
static_assert(!std::is_copy_constructible_v<nlrs::mirror>, "handles are move-only");
static_assert(!std::is_copy_constructible_v<nlrs::family>, "handles are move-only");
static_assert(std::is_nothrow_move_constructible_v<nlrs::family>, "handles move");
static_assert(!std::is_copy_constructible_v<nlrs::family_dump>, "dumps are move-only");
static_assert(!std::is_copy_constructible_v<nlrs::genl_family>, "handles are move-only");
static_assert(std::is_nothrow_move_constructible_v<nlrs::genl_family> && std::is_nothrow_move_assignable_v<nlrs::genl_family>,
              "handles move");
static_assert(!std::is_copy_constructible_v<nlrs::genl_families>, "handles are move-only");
static_assert(!std::is_convertible_v<int, nlrs::request>, "a number is no request: send(18) must not compile");
#if __cplusplus >= 202002L
static_assert(std::ranges::input_range<nlrs::link_dump> && std::ranges::input_range<nlrs::family_dump> &&
                  std::ranges::input_range<nlrs::attributes>,
              "dumps are input ranges");
static_assert(std::ranges::forward_range<const nlrs::mirror>, "the mirror is a forward range");
static_assert(std::ranges::random_access_range<const nlrs::genl_families>, "the families are a random-access range");
#endif

template <typename T>
static std::string opt(const std::optional<T> &v)
{
    return v ? std::to_string(*v) : "-";
}

static bool readable(int fd)
{
    pollfd p{fd, POLLIN, 0};
    return poll(&p, 1, 5000) == 1;
}

static std::string hex(nlrs::byte_view bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string text;
    for (std::uint8_t b : bytes)
        text += std::string(text.empty() ? "" : ":") + digits[b >> 4] + digits[b & 15];
    return text;
}

// What a linkx or mirrorx line says of a link, from either kind of object.
template <typename Link>
static std::string linkx(const Link &l)
{
    return std::to_string(l.ifindex()) + ' ' + std::to_string(l.type()) + ' ' + opt(l.operstate()) + ' ' +
           opt(l.min_mtu()) + ' ' + opt(l.max_mtu()) + ' ' + opt(l.num_tx_queues()) + ' ' + opt(l.num_rx_queues()) +
           ' ' + opt(l.parent()) + ' ' + hex(l.broadcast());
}

static bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

// The monitor: the events of a change, by next() and by process(); an exception of the
// callback comes out of process().
static int check_monitor(nlrs::socket &sock, std::uint32_t cx0)
{
    nlrs::monitor mon({NLRS_RTNLGRP_LINK}, NLRS_MONITOR_NONBLOCK);
    CHECK(mon.fd() >= 0);
    sock.apply(cx0, nlrs::link_change().mtu(1300));
    // The kernel queues the notification before it answers the change; other links' events
    // (carrier changes come late) may be queued too.
    int seen = 0;
    nlrs::link l;
    while (auto ev = mon.next()) {
        CHECK(!ev->overrun());
        if (ev->kind() != NLRS_EVENT_NEWLINK)
            continue;
        l.parse(ev->msg());
        seen += l.name() == "cx0" && l.mtu() == 1300u;
    }
    CHECK(seen == 1);

    // A route's notification, decoded.
    nlrs::monitor routes({NLRS_RTNLGRP_IPV4_ROUTE}, NLRS_MONITOR_NONBLOCK);
    auto ip = [](const char *text) { return *nlrs::ip_address::parse(text); };
    sock.add_route(nlrs::route_spec(ip("10.5.0.0"), 16).table(103).oif(cx0).priority(9));
    int decoded = 0;
    while (auto ev = routes.next()) {
        nlrs::route r = nlrs::route::decode(ev->msg());
        decoded += ev->kind() == NLRS_EVENT_NEWROUTE && r.dst()->str() == "10.5.0.0" && r.dst_len() == 16 &&
                   r.table() == 103 && r.oif() == cx0 && r.priority() == 9u;
    }
    CHECK(decoded == 1);
    sock.delete_route(nlrs::route_spec(ip("10.5.0.0"), 16).table(103));

    sock.apply(cx0, nlrs::link_change().mtu(1500));
    CHECK(readable(mon.fd()));
    int newlinks = 0;
    mon.process([&](const nlrs::event &e) { newlinks += e.kind() == NLRS_EVENT_NEWLINK; });
    CHECK(newlinks >= 1);
    sock.apply(cx0, nlrs::link_change().txqlen(999));
    try {
        mon.process([](const nlrs::event &) { throw std::runtime_error("from the callback"); });
        CHECK(false && "no exception");
    } catch (const std::runtime_error &e) {
        CHECK(std::string(e.what()) == "from the callback");
    }
    std::error_code ec;
    mon.next(ec);
    CHECK(!ec);
    sock.apply(cx0, nlrs::link_change().txqlen(1000));
    return 0;
}

// The mirror: its first dump, its objects (printed as mirror lines), the routes of table 100
// as the dump has them, its lookups, and a change it reports.
static int check_mirror(nlrs::socket &sock, std::uint32_t cx0, const std::vector<std::string> &routes)
{
    std::size_t adds = 0;
    nlrs::mirror mir(NLRS_MIRROR_LINKS | NLRS_MIRROR_ADDRS | NLRS_MIRROR_ROUTES | NLRS_MIRROR_NEIGHS,
                      [&](int change, const nlrs::mirror_object &o) {
        adds += change == NLRS_CHANGE_ADD && o.kind() != 0;
    });
    CHECK(adds == mir.size() && adds > 0);
    std::vector<std::string> mine;
    for (nlrs::mirror_object o : mir) {
        if (o.kind() == NLRS_OBJECT_LINK) {
            std::cout << "mirror " << o.link_ifindex() << ' ' << o.link_name() << " mtu " << opt(o.link_mtu()) << ' '
                      << ((o.link_flags() & NLRS_IFF_UP) ? "UP" : "DOWN") << '\n';
            std::cout << "mirrorx " << linkx(o.as_link()) << '\n';
            // A view of another kind reads nothing; the mirror keeps no counters.
            CHECK(!o.as_link().stats() && !o.as_address().lifetimes() && !o.as_neighbour().dst());
            CHECK(o.as_address().ifindex() == 0 && !o.addr_ip() && o.as_neighbour().lladdr().empty());
        }
        if (o.kind() == NLRS_OBJECT_ADDR && o.addr_ip()->str() == "10.7.7.1") {
            nlrs::address_view a = o.as_address();
            CHECK(a.local() && a.local()->str() == a.ip().str() && a.label() == "cx0");
            CHECK(a.broadcast() && a.broadcast()->str() == "10.7.7.255" && !o.as_link().mtu());
        }
        if (o.kind() == NLRS_OBJECT_NEIGH && o.neigh_dst() && o.neigh_dst()->str() == "10.7.7.9")
            CHECK(o.as_neighbour().state() == NLRS_NUD_PERMANENT && o.as_neighbour().type() == NLRS_RTN_UNICAST &&
                  hex(o.as_neighbour().lladdr()) == "02:00:00:00:00:09" && !o.as_neighbour().vni());
        if (o.kind() != NLRS_OBJECT_ROUTE)
            continue;
        nlrs::route r = o.as_route();
        // The route of table 101 goes through nexthop object 7; no other through any.
        if (r.family() == NLRS_AF_INET)
            CHECK(r.nh_id() == (r.table() == 101 ? std::optional<std::uint32_t>(7) : std::nullopt));
        // Every IPv6 route has a preference, an IPv4 one none; the mirror keeps no expiry (a
        // route of table 102 has one).
        CHECK(r.pref().has_value() == (r.family() == NLRS_AF_INET6));
        if (r.table() == 102)
            CHECK(r.pref() == std::optional<std::uint8_t>(r.dst()->str() == "2001:db8:7::" ? NLRS_ICMPV6_ROUTER_PREF_HIGH
                                                                                           : NLRS_ICMPV6_ROUTER_PREF_LOW));
        CHECK(!r.expires());
        if (r.table() != 100 || r.family() != NLRS_AF_INET)
            continue;
        auto dst = r.dst();
        auto gw = r.gateway();
        mine.push_back((dst ? dst->str() + '/' + std::to_string(r.dst_len()) : "default") + ' ' + (gw ? gw->str() : "-") +
                       ' ' + opt(r.oif()) + ' ' + opt(r.priority()));
    }
    std::sort(mine.begin(), mine.end());
    CHECK(mine == routes);

    // Asked: the links by index and name, the routes of table 100 by prefix and by a lookup
    // (10.1.0.0/16 metric 5 holds 10.1.2.3; the default route, anything else).
    CHECK(!nlrs::ip_address::parse("10.1.2") && nlrs::ip_address::parse("2001:db8::1")->family() == NLRS_AF_INET6);
    auto ip = [](const char *text) { return *nlrs::ip_address::parse(text); };
    auto by_index = mir.link(cx0);
    CHECK(by_index && by_index->link_name() == "cx0");
    auto by_name = mir.link_by_name("cx0");
    CHECK(by_name && by_name->link_ifindex() == cx0);
    CHECK(!mir.link_by_name("no-such-link") && !mir.link(0) && !mir.link_by_name(std::string("cx0\0x", 5)));
    auto net = mir.route(100, ip("10.1.0.0"), 16, 0, 5);
    CHECK(net && net->as_route().gateway()->str() == "10.7.7.2");
    CHECK(!mir.route(100, ip("10.1.0.0"), 16) && !mir.route(100, ip("10.1.0.0"), 16, 0, 5, ip("10.7.7.9")));
    unsigned long_len = 272;  // 16 when cut to a byte: no route has it
    CHECK(!mir.route(100, ip("10.1.0.0"), long_len, 0, 5));
    unsigned long_tos = 0x100;  // 0 when cut to a byte: the route's
    CHECK(!mir.route(100, ip("10.1.0.0"), 16, long_tos, 5));
    auto hit = mir.route_lookup(100, ip("10.1.2.3"));
    CHECK(hit && hit->as_route().dst_len() == 16);
    auto other = mir.route_lookup(100, ip("192.0.2.1"));
    CHECK(other && !other->as_route().dst() && other->as_route().gateway()->str() == "10.7.7.3");
    CHECK(!mir.route_lookup(102, ip("10.1.2.3")));
    auto addr = mir.addr(cx0, ip("10.7.7.1"));
    CHECK(addr && addr->addr_prefixlen() == 24 && !mir.addr(cx0, ip("10.7.7.2")));
    auto neigh = mir.neigh(cx0, ip("10.7.7.9"));
    CHECK(neigh && neigh->neigh_lladdr().size() == 6 && !mir.neigh(cx0, ip("10.7.7.8")));

    // The walk is a forward range: a copy stays where it is while another moves on, and a
    // lookup in the middle of the walk (which the C API answers in the object the walk lends)
    // neither ends it nor sends it back.
    auto first = mir.begin();
    auto second = first;
    ++second;
    CHECK(first != second && (*first).link_ifindex() == 1 && (*second).link_ifindex() != 1);
    CHECK(std::distance(mir.begin(), mir.end()) == static_cast<std::ptrdiff_t>(mir.size()));
    std::size_t walked = 0;
    for (nlrs::mirror_object o : mir) {
        if (o.kind() == NLRS_OBJECT_ADDR)
            CHECK(mir.link(o.addr_ifindex()));
        if (++walked > 2 * mir.size())
            break;
    }
    CHECK(walked == mir.size());

    sock.apply(cx0, nlrs::link_change().mtu(1280));
    CHECK(readable(mir.fd()));
    int changed = 0;
    mir.process([&](int change, const nlrs::mirror_object &o) {
        changed += change == NLRS_CHANGE_CHANGE && o.link_name() == "cx0" && o.link_mtu() == 1280u;
    });
    CHECK(changed == 1);
    // A callback that throws: the exception comes out of process(), the change it was given
    // is applied all the same, and the mirror goes on.
    sock.apply(cx0, nlrs::link_change().mtu(1500));
    CHECK(readable(mir.fd()));
    try {
        mir.process([](int, const nlrs::mirror_object &) { throw std::runtime_error("from the mirror's callback"); });
        CHECK(false && "no exception");
    } catch (const std::runtime_error &e) {
        CHECK(std::string(e.what()) == "from the mirror's callback");
    }
    mir.process([](int, const nlrs::mirror_object &) {});
    CHECK(mir.link(cx0)->link_mtu() == 1500u);
    return 0;
}

// Generic netlink: the controller's family, and its GETFAMILY dump built on it (genl lines).
static int check_genl()
{
    nlrs::socket gen(NLRS_PROTO_GENERIC);
    nlrs::genl_family ctrl = gen.genl_resolve("nlctrl");
    CHECK(ctrl.id() == NLRS_GENL_ID_CTRL && ctrl.name() == "nlctrl" && ctrl.version() >= 1);
    CHECK(ctrl.group_id("notify") > 0);
    try {
        ctrl.group_id("no-such-group");
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::no_such_file_or_directory);
    }
    try {
        gen.genl_resolve("no-such-family");
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::no_such_file_or_directory);
    }
    std::vector<std::string> names;
    for (const auto &item : gen.dump(ctrl.new_request(NLRS_CTRL_CMD_GETFAMILY))) {
        std::string name;
        unsigned id = 0;
        for (const auto &a : item.msg.attrs(sizeof(nlrs_genlmsghdr))) {
            if (a.type() == NLRS_CTRL_ATTR_FAMILY_NAME)
                name = a.str();
            else if (a.type() == NLRS_CTRL_ATTR_FAMILY_ID)
                id = a.u16();
        }
        std::cout << "genl " << name << ' ' << id << '\n';
        names.push_back(name);
    }
    // The list of the controller's families: the dump's, in its order, each a view that reads
    // as a family of its own does.
    {
        nlrs::genl_families fams = gen.genl_list();
        CHECK(fams.size() == names.size());
        for (std::size_t i = 0; i < fams.size(); i++)
            CHECK(fams[i].name() == names[i]);
        auto it = std::find_if(fams.begin(), fams.end(), [](const nlrs::genl_family_view &f) { return f.name() == "nlctrl"; });
        CHECK(it != fams.end() && it->id() == ctrl.id() && it->version() == ctrl.version());
        CHECK(it->group_id("notify") == ctrl.group_id("notify") && it->ops().size() == ctrl.ops().size());
    }
    // A family moved from reads as none (never as freed memory); the one moved to reads as it did.
    {
        nlrs::genl_family moved = gen.genl_resolve("nlctrl");
        nlrs::genl_family other = std::move(moved);
        CHECK(moved.c_ptr() == nullptr && moved.name().empty() && moved.id() == 0);
        CHECK(other.name() == "nlctrl" && other.id() == NLRS_GENL_ID_CTRL);
        moved = std::move(other);
        CHECK(other.c_ptr() == nullptr && moved.name() == "nlctrl");
    }
    // The policies as text; none of a family the kernel does not have.
    std::string policy = gen.genl_policy("nlctrl");
    CHECK(policy.find("op 3: do policy") != std::string::npos);
    CHECK(policy.find("attr 2: nul-string max_len 15") != std::string::npos);
    try {
        gen.genl_policy("no-such-family");
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::no_such_file_or_directory);
    }
    // Each family again by its name (after the dump: a request during it would end it).
    for (const std::string &name : names) {
        nlrs::genl_family family = gen.genl_resolve(name);
        std::string ops, groups;
        for (const auto &op : family.ops())
            ops += (ops.empty() ? "" : ",") + std::to_string(op.id) + ':' + opt(op.flags);
        for (const auto &g : family.groups())
            groups += (groups.empty() ? "" : ",") + std::string(g.name) + ':' + std::to_string(g.id);
        std::cout << "genlx " << name << ' ' << (ops.empty() ? "-" : ops) << ' ' << (groups.empty() ? "-" : groups)
                  << '\n';
    }

    // A request without an attribute the family requires: netdev's dev-get (command 1)
    // without NETDEV_A_DEV_IFINDEX (1), which the kernel names as missing.
    nlrs::genl_family netdev = gen.genl_resolve("netdev");
    try {
        gen.send(netdev.new_request(1));
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
        CHECK(e.missing_attribute() == std::optional<std::uint32_t>(1));
    }
    return 0;
}

// A family by its description: the rt-link dump (ynl lines), a do, errors that name the
// attribute, with exceptions and error_codes, notifications, operations, a file that is not.
static int check_family(nlrs::socket &sock, std::uint32_t cx0)
{
    auto names = nlrs::family::builtins();
    CHECK(std::find(names.begin(), names.end(), "ethtool") != names.end());
    nlrs::family rt("rt-link");
    for (std::string_view json : rt.dump("getlink"))
        std::cout << "ynl " << json << '\n';
    std::string_view reply = rt.do_op("getlink", R"({"ifname": "cx0"})");
    CHECK(reply.front() == '[' && contains(reply, R"("ifname":"cx0")"));
    CHECK(rt.do_op("setlink", R"({"ifi-index": )" + std::to_string(cx0) + R"(, "mtu": 1500})") == "[]");
    // A request holding a NUL is refused before C sees it: C would read the whole request
    // that precedes the NUL (here an MTU of 1400) and send it.
    std::string cut = R"({"ifi-index": )" + std::to_string(cx0) + R"(, "mtu": 1400})" + '\0' + "}";
    try {
        rt.do_op("setlink", cut);
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
    }
    std::error_code cut_ec;
    CHECK(rt.do_op("setlink", cut, 0, cut_ec).empty() && cut_ec == std::errc::invalid_argument);
    int cut_items = 0;
    for (std::string_view json : rt.dump("getlink", cut, cut_ec))
        cut_items += static_cast<int>(json.size());
    CHECK(cut_items == 0 && cut_ec == std::errc::invalid_argument);
    CHECK(contains(rt.do_op("getlink", R"({"ifname": "cx0"})"), R"("mtu":1500)"));

    nlrs::family eth("ethtool");
    try {
        eth.do_op("channels-get", R"({"header": {"dev-name": "nope"}})");
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::no_such_device);
        CHECK(e.attribute_path() == "header.dev-name");
        std::string what = e.what();
        CHECK(what.rfind("No such device", 0) == 0 && contains(what, "(attribute header.dev-name)"));
    }
    std::error_code ec;
    CHECK(eth.do_op("channels-get", R"({"header": {"dev-index": "one"}})", 0, ec).empty());
    CHECK(ec == std::errc::invalid_argument);
    // What went wrong, for an error_code: the attribute and its value.
    CHECK(eth.error_attribute() == "header.dev-index" && contains(eth.error_text(), "'one' is not a number"));
    int n = 0;
    for (std::string_view json : eth.dump("no-such-op", {}, ec))
        n += static_cast<int>(json.size());
    CHECK(n == 0 && ec == std::errc::invalid_argument);
    for (std::string_view json : eth.dump("channels-get", {}, ec))
        n += contains(json, R"("dev-name":"cx0")");
    CHECK(!ec && n == 1 && eth.error_text().empty() && eth.error_attribute().empty());

    nlrs::family moved = std::move(rt);
    moved.subscribe("rtnlgrp-link");
    CHECK(moved.fd() >= 0);
    sock.apply(cx0, nlrs::link_change().mtu(1400));
    CHECK(readable(moved.fd()));
    int notes = 0;
    moved.process([&](std::string_view json) { notes += contains(json, R"("name":"newlink-ntf")"); });
    CHECK(notes >= 1);
    sock.apply(cx0, nlrs::link_change().mtu(1500));
    CHECK(readable(moved.fd()));
    try {
        moved.process([](std::string_view) { throw std::runtime_error("from the family's callback"); });
        CHECK(false && "no exception");
    } catch (const std::runtime_error &e) {
        CHECK(std::string(e.what()) == "from the family's callback");
    }

    nlrs::family ctrl("nlctrl");
    auto ops = ctrl.ops();
    auto get = std::find_if(ops.begin(), ops.end(), [](const auto &o) { return o.name == "getfamily"; });
    CHECK(get != ops.end() && get->can_do && get->can_dump);
    CHECK(ctrl.check_kernel().empty());
    try {
        nlrs::family::load("/nonexistent/spec.yaml");
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(contains(e.what(), "/nonexistent/spec.yaml"));
    }
    try {
        nlrs::family("no-such-family");
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::no_such_file_or_directory);
    }
    return 0;
}

// Ranges read once: begin() called twice reads no item twice and skips none; a dump left by
// an exception or a break leaves the socket usable.
static int check_ranges(nlrs::socket &sock)
{
    std::size_t links = 0;
    for (const auto &l : sock.links())
        links += l.ifindex() > 0;
    CHECK(links >= 3);
    auto dump = sock.links();
    CHECK(dump.begin() != dump.end());
    std::size_t seen = 0;
    for (const auto &l : dump)
        seen += l.ifindex() > 0;
    CHECK(seen == links);
    auto again = sock.links();
    auto it = again.begin();
    std::uint32_t first = it->ifindex();
    it++;
    CHECK(it != again.end() && it->ifindex() != first);

    for (int i = 0; i < 2; i++) {
        try {
            for (const auto &l : sock.links())
                if (l.ifindex() > 0)
                    throw std::runtime_error("in the middle of the dump");
            CHECK(false && "no exception");
        } catch (const std::runtime_error &) {
        }
        for (const auto &l : sock.links())
            if (l.ifindex() > 0)
                break;
    }
    CHECK(sock.link_by_name("lo").ifindex() == 1);
    seen = 0;
    for (const auto &l : sock.links())
        seen += l.ifindex() > 0;
    CHECK(seen == links);
    return 0;
}

// Integers that do not fit the C API's types are refused, never cut to fit: a prefix length
// of 264 must not become /8, a TOS of 0x110 0x10, a VLAN id of 65537 VLAN 1.
// The socket's options, each read back from the kernel through the descriptor (getsockname,
// getsockopt, fcntl), not through the library.
static int check_options()
{
    nlrs::socket sock;
    sockaddr_nl addr{};
    socklen_t len = sizeof addr;
    CHECK(getsockname(sock.fd(), reinterpret_cast<sockaddr *>(&addr), &len) == 0);
    CHECK(sock.port_id() != 0 && sock.port_id() == addr.nl_pid);

    sock.set_rcvbuf(300000);
    int rcvbuf = 0;
    len = sizeof rcvbuf;
    CHECK(getsockopt(sock.fd(), SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len) == 0);
    CHECK(rcvbuf == 600000 && sock.rcvbuf() == 600000);

    sock.set_nonblocking(true);
    CHECK((fcntl(sock.fd(), F_GETFL) & O_NONBLOCK) != 0);
    sock.set_nonblocking(false);
    CHECK((fcntl(sock.fd(), F_GETFL) & O_NONBLOCK) == 0);

    // The groups the kernel lists for the socket: a bit per group, group 1 at bit 0.
    auto member = [&sock](std::uint32_t group) {
        std::array<std::uint32_t, 4> groups{};
        socklen_t size = sizeof groups;
        if (getsockopt(sock.fd(), SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, groups.data(), &size) != 0)
            return false;
        return (groups[(group - 1) / 32] >> ((group - 1) % 32) & 1) != 0;
    };
    sock.join_group(NLRS_RTNLGRP_LINK);
    sock.join_group(NLRS_RTNLGRP_NEXTHOP);
    CHECK(member(NLRS_RTNLGRP_LINK) && member(NLRS_RTNLGRP_NEXTHOP));
    sock.leave_group(NLRS_RTNLGRP_NEXTHOP);
    CHECK(member(NLRS_RTNLGRP_LINK) && !member(NLRS_RTNLGRP_NEXTHOP));
    return 0;
}

static int check_narrowing(nlrs::socket &sock, std::uint32_t cx0)
{
    unsigned tos = 0x110, vlan = 65537;
    try {
        nlrs::route_spec().tos(tos);
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
    }
    std::error_code ec;
    sock.create_vlan("cxvlan", cx0, vlan, NLRS_ETH_P_8021Q, ec);
    CHECK(ec == std::errc::invalid_argument);
    try {
        sock.create_vlan("cxvlan", cx0, vlan);
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
    }

    auto ip = [](const char *text) { return *nlrs::ip_address::parse(text); };
    unsigned len = 264;
    for (int which = 0; which < 4; which++) {
        try {
            if (which == 0)
                nlrs::route_spec(ip("10.0.0.0"), len);
            else if (which == 1)
                nlrs::route_spec().dst(ip("10.0.0.0"), len);
            else if (which == 2)
                nlrs::route_spec(NLRS_AF_INET6).src(ip("2001:db8::"), len);
            else
                nlrs::address_spec(1, ip("10.0.0.1"), len);
            CHECK(false && "no exception");
        } catch (const nlrs::error &e) {
            CHECK(e.code() == std::errc::invalid_argument);
        }
    }
    return 0;
}

int main()
{
    nlrs::socket sock;
    for (const auto &l : sock.links()) {
        std::cout << "link " << l.ifindex() << ' ' << l.name() << " mtu " << opt(l.mtu()) << ' '
                  << (l.up() ? "UP" : "DOWN") << '\n';
        std::cout << "linkx " << linkx(l) << '\n';
        std::cout << "names " << l.ifindex() << ' ' << nlrs::link_flags_text(l.flags()) << ' '
                  << nlrs::operstate_name(*l.operstate()) << '\n';
        CHECK(l.stats() && l.family() == NLRS_AF_UNSPEC && !l.vlan_id() && !l.msg().bytes().empty());
    }
    for (const auto &a : sock.addresses(NLRS_AF_INET)) {
        std::cout << "addr " << a.ifindex() << ' ' << a.ip().str() << '/' << unsigned(a.prefixlen()) << '\n';
        auto life = a.lifetimes();
        auto brd = a.broadcast();
        CHECK(life && a.peer());
        std::cout << "addrx " << a.ifindex() << ' ' << (a.local() ? a.local()->str() : "-") << ' ' << a.label() << ' '
                  << life->valid << ' ' << life->preferred << ' ' << (brd ? brd->str() : "-") << '\n';
    }
    nlrs_route_filter f{};
    f.family = NLRS_AF_INET;
    f.table = 100;
    std::vector<std::string> routes;
    for (const auto &r : sock.routes(f)) {
        auto dst = r.dst();
        auto gw = r.gateway();
        routes.push_back((dst ? dst->str() + '/' + std::to_string(r.dst_len()) : "default") + ' ' +
                         (gw ? gw->str() : "-") + ' ' + opt(r.oif()) + ' ' + opt(r.priority()));
        std::cout << "route " << routes.back() << '\n';
    }
    std::sort(routes.begin(), routes.end());
    nlrs_route_filter f6{};
    f6.family = NLRS_AF_INET6;
    f6.table = 102;
    for (const auto &r : sock.routes(f6))
        std::cout << "route6 " << r.dst()->str() << '/' << unsigned(r.dst_len()) << ' ' << opt(r.pref()) << ' '
                  << opt(r.expires()) << '\n';

    nlrs_route_filter f3{};
    f3.family = NLRS_AF_INET;
    f3.table = 104;
    auto dump3 = sock.routes(f3);
    nlrs::route_object obj;
    for (const auto &r : dump3) {
        obj.parse(dump3.msg());
        nlrs::route_view v = obj.view();
        CHECK(v.info().dst() == r.dst() && v.info().nexthops() == r.nexthops());
        std::string paths;
        for (const auto &p : v.paths())
            paths += std::string(paths.empty() ? "" : ",") + std::to_string(p.ifindex) + ':' +
                     (p.gateway ? p.gateway->str() : "-") + ':' + std::to_string(p.hops + 1);
        std::cout << "routex " << r.dst()->str() << '/' << unsigned(r.dst_len()) << ' ' << opt(v.metric(NLRS_RTAX_MTU))
                  << ' ' << opt(v.metric(NLRS_RTAX_ADVMSS)) << ' ' << (v.congctl().empty() ? "-" : v.congctl())
                  << ' ' << opt(v.flow()) << ' ' << (paths.empty() ? "-" : paths) << '\n';
    }
    CHECK(dump3.msg().bytes().empty());

    for (const auto &n : sock.neighbours(NLRS_AF_INET)) {
        std::string ll;
        for (std::uint8_t b : n.lladdr()) {
            static const char hex[] = "0123456789abcdef";
            ll += std::string(ll.empty() ? "" : ":") + hex[b >> 4] + hex[b & 15];
        }
        std::cout << "neigh " << n.ifindex() << ' ' << (n.dst() ? n.dst()->str() : "-") << ' ' << ll << ' '
                  << nlrs::neigh_state_text(n.state()) << '\n';
    }
    nlrs_route_filter every{};
    every.family = NLRS_AF_INET;
    for (const auto &r : sock.routes(every)) {
        std::string dst = !r.dst() ? "default" : r.dst_len() == 32 ? r.dst()->str() : r.dst()->str() + '/' + std::to_string(r.dst_len());
        std::cout << "rnames " << dst << ' ' << nlrs::route_type_name(r.type()) << ' ' << nlrs::route_table_name(r.table())
                  << ' ' << nlrs::route_protocol_name(r.protocol()) << ' ' << nlrs::route_scope_name(r.scope()) << '\n';
    }
    CHECK(nlrs::route_type_parse("blackhole") == std::optional<std::uint8_t>(NLRS_RTN_BLACKHOLE));
    CHECK(nlrs::route_table_parse("main") == std::optional<std::uint32_t>(NLRS_RT_TABLE_MAIN));
    CHECK(nlrs::route_table_parse("100") == std::optional<std::uint32_t>(100));
    CHECK(nlrs::route_protocol_parse("static") == std::optional<std::uint8_t>(NLRS_RTPROT_STATIC));
    CHECK(nlrs::route_scope_parse("link") == std::optional<std::uint8_t>(NLRS_RT_SCOPE_LINK));
    CHECK(!nlrs::route_scope_parse("elsewhere") && !nlrs::route_type_parse(std::string("blackhole\0", 10)));

    for (const auto &n : sock.proxy_neighbours(NLRS_AF_UNSPEC)) {
        CHECK(n.flags() & NLRS_NTF_PROXY);
        std::cout << "proxy " << n.ifindex() << ' ' << (n.dst() ? n.dst()->str() : "-") << '\n';
    }

    // The alias, set and read; the alternative name the test gave cx0 (it checks ip's view
    // of the alias after the program).
    nlrs::link cx0 = sock.link_by_name("cx0-alternative-name");
    CHECK(cx0.name() == "cx0" && cx0.alias().empty());
    CHECK(cx0.altnames() == std::vector<std::string_view>{"cx0-alternative-name"});
    CHECK(cx0.promiscuity() == 0u && cx0.group() == 0u && cx0.carrier() == false);
    sock.apply(cx0.ifindex(), nlrs::link_change().alias("set-from-c++"));
    CHECK(sock.link_by_name("cx0").alias() == "set-from-c++");
    // A hardware address, set (the test checks ip's view of cx1), and one too long.
    const std::uint8_t mac[] = {0x02, 0, 0, 0, 0, 0xaa};
    sock.apply(sock.link_by_name("cx1").ifindex(), nlrs::link_change().address(nlrs::byte_view(mac, sizeof mac)));
    CHECK(hex(sock.link_by_name("cx1").address()) == "02:00:00:00:00:aa");
    const std::uint8_t too_long[33] = {};
    try {
        nlrs::link_change().address(nlrs::byte_view(too_long, sizeof too_long));
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
    }
    // A move to a namespace: no descriptor is EBADF; the kernel refuses a process that does
    // not exist (ESRCH).
    try {
        sock.apply(cx0.ifindex(), nlrs::link_change().netns_pid(0x7ffffff0));
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::no_such_process);
    }
    try {
        nlrs::link_change().netns_fd(-1);
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::bad_file_descriptor);
    }

    // A change, then the kernel's refusal: as an exception, and as an error_code.
    sock.apply(cx0.ifindex(), nlrs::link_change().mtu(1400));
    CHECK(sock.link_by_name("cx0").mtu() == 1400u);
    try {
        sock.apply(cx0.ifindex(), nlrs::link_change().mtu(10));
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
        CHECK(e.code().value() == EINVAL);
        CHECK(e.kernel_message() == "mtu less than device minimum");
        CHECK(std::string(e.what()) == "Invalid argument: mtu less than device minimum");
    }
    std::error_code ec;
    sock.apply(cx0.ifindex(), nlrs::link_change().mtu(10), ec);
    CHECK(ec == std::errc::invalid_argument);
    CHECK(sock.error_text(ec) == "Invalid argument: mtu less than device minimum");
    sock.apply(cx0.ifindex(), nlrs::link_change().mtu(1500), ec);
    CHECK(!ec);
    try {
        sock.link_by_name("nosuchdev");
        CHECK(false && "no exception");
    } catch (const std::system_error &e) {
        CHECK(e.code() == std::errc::no_such_device);
    }

    // A link by its index; the route the kernel would take, and its refusal.
    CHECK(sock.link_by_index(cx0.ifindex()).name() == "cx0");
    try {
        sock.link_by_index(0x7ffffff0);
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::no_such_device);
    }
    nlrs::route via = sock.route_get(*nlrs::ip_address::parse("10.7.7.5"));
    std::cout << "routeget " << via.dst()->str() << ' ' << (via.gateway() ? via.gateway()->str() : "-") << ' '
              << opt(via.oif()) << ' ' << via.prefsrc()->str() << '\n';
    try {
        sock.route_get(*nlrs::ip_address::parse("192.0.2.1"));
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::network_unreachable);
    }

    // A string holding a NUL is refused, not cut at it: "lo\0x" must not name lo, nor
    // "cxbridge\0x" make cxbridge.
    const std::string lo_and_more("lo\0x", 4);
    try {
        sock.link_by_name(lo_and_more);
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
    }
    sock.create_bridge(std::string("cxbridge\0x", 11), ec);
    CHECK(ec == std::errc::invalid_argument);
    for (const auto &l : sock.links())
        CHECK(l.name() != "cxbridge");
    CHECK(!nlrs::ip_address::parse(std::string("10.0.0.1\0x", 10)));

    // The attribute path: a veth whose peer (VETH_INFO_PEER, 1, a nest) is a u16.
    nlrs_ifinfomsg ifi{};
    nlrs::request req(NLRS_RTM_NEWLINK, NLRS_NLM_F_CREATE | NLRS_NLM_F_EXCL);
    req.header(ifi).put_string(NLRS_IFLA_IFNAME, "x0");
    req.nest_start(NLRS_IFLA_LINKINFO).put_string(NLRS_IFLA_INFO_KIND, "veth");
    req.nest_start(NLRS_IFLA_INFO_DATA).put_u16(1, 5).nest_end().nest_end();
    sock.send(req, ec);
    CHECK(ec == std::errc::result_out_of_range);
    try {
        sock.send(req);
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == ec);
        CHECK(e.kernel_message() == "Attribute failed policy validation");
        CHECK(e.attribute_path() == "IFLA_LINKINFO > IFLA_INFO_DATA > 1");
        CHECK(std::string(e.what()) == sock.error_text(ec));
    }

    // A warning on a successful ACK: IFLA_MTU, then three bytes that are no attribute.
    std::array<std::uint8_t, sizeof(nlrs_ifinfomsg) + 11> stray{};
    nlrs_ifinfomsg at_cx0{};
    at_cx0.ifi_index = static_cast<std::int32_t>(cx0.ifindex());
    const std::uint16_t mtu_attr[2] = {8, NLRS_IFLA_MTU};
    const std::uint32_t mtu = 1500;
    std::memcpy(stray.data(), &at_cx0, sizeof at_cx0);
    std::memcpy(stray.data() + sizeof at_cx0, mtu_attr, sizeof mtu_attr);
    std::memcpy(stray.data() + sizeof at_cx0 + 4, &mtu, sizeof mtu);
    CHECK(sock.warning().empty());
    sock.send(nlrs::request(NLRS_RTM_NEWLINK).header(stray));
    CHECK(sock.warning() == "bytes leftover after parsing attributes");

    // A raw dump, its messages and attributes as views.
    nlrs::request getlink(NLRS_RTM_GETLINK);
    getlink.header(nlrs_ifinfomsg{});
    int lo_seen = 0;
    for (const auto &item : sock.dump(getlink)) {
        auto hdr = item.msg.header<nlrs_ifinfomsg>();
        for (const auto &attr : item.msg.attrs(sizeof hdr))
            if (attr.type() == NLRS_IFLA_IFNAME && attr.str() == "lo" && hdr.ifi_index == 1)
                lo_seen++;
    }
    CHECK(lo_seen == 1);

    // A dump with an error_code: a refused dump stops the range and sets it.
    nlrs::socket generic(NLRS_PROTO_GENERIC, 0, ec);
    CHECK(!ec && generic.valid());
    int n = 0;
    for (const auto &l : generic.links(ec))
        n += l.ifindex();
    CHECK(n == 0 && ec);

    // So does a raw dump: RTM_GETLINK is no generic family.
    for (const auto &item : generic.dump(getlink, ec))
        n += item.msg.type();
    CHECK(n == 0 && ec);

    // Addresses and neighbours with an error_code: a socket of the wrong protocol refuses.
    for (const auto &a : generic.addresses(NLRS_AF_INET, 0, ec))
        n += static_cast<int>(a.ifindex());
    CHECK(n == 0 && ec);
    ec.clear();
    for (const auto &nb : generic.neighbours(NLRS_AF_INET, 0, ec))
        n += nb.ifindex();
    CHECK(n == 0 && ec);
    for (const auto &a : sock.addresses(NLRS_AF_INET, 0, ec))
        n += a.prefixlen() == 24;
    CHECK(n == 1 && !ec);

    if (check_options() || check_ranges(sock) || check_narrowing(sock, cx0.ifindex()) || check_monitor(sock, cx0.ifindex()) || check_mirror(sock, cx0.ifindex(), routes) || check_genl() ||
        check_family(sock, cx0.ifindex()))
        return 1;

    // Moves keep the handle; a moved-from socket refuses (EINVAL) rather than crash, a
    // moved-from object reads nothing, and a self-move keeps what it had.
    nlrs::socket moved = std::move(sock);
    CHECK(moved.valid() && !sock.valid());
    CHECK(moved.link_by_name("lo").ifindex() == 1);
    try {
        sock.link_by_name("lo");
        CHECK(false && "no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
    }
    sock.apply(1, nlrs::link_change().mtu(65536), ec);
    CHECK(ec == std::errc::invalid_argument);
    nlrs::link lo = moved.link_by_name("lo");
    nlrs::link taken = std::move(lo);
    CHECK(lo.name().empty() && !lo.mtu() && lo.altnames().empty() && taken.name() == "lo");
    nlrs::socket &same = moved;
    moved = std::move(same);
    CHECK(moved.valid() && moved.link_by_name("lo").ifindex() == 1);

    // An exception of a callback never crosses the C library: it comes out of the call, and
    // a mirror whose first callback throws is not made (nothing leaks: valgrind, ASan).
    try {
        nlrs::mirror m(NLRS_MIRROR_LINKS, [](int, const nlrs::mirror_object &) { throw std::runtime_error("first"); });
        CHECK(false && "no exception");
    } catch (const std::runtime_error &e) {
        CHECK(std::string(e.what()) == "first");
    }

    // Addresses as text, as inet_ntop() writes them, and compared: by family and the bytes
    // of it (an IPv4 address's bytes past the fourth are not its own).
    for (const char *text : {"10.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::1:2:3:4",
                             "::ffff:10.0.0.1", "2001:db8:0:1:1:1:1:1"})
        CHECK(nlrs::ip_address::parse(text)->str() == text);
    CHECK(nlrs::ip_address::parse("2001:0db8:0000::0001")->str() == "2001:db8::1");
    CHECK(!nlrs::ip_address::parse("10.0.0.256") && !nlrs::ip_address::parse("2001:db8::1/64") &&
          !nlrs::ip_address::parse(" 10.0.0.1") && !nlrs::ip_address::parse(""));
    nlrs::ip_address a1 = *nlrs::ip_address::parse("10.0.0.1"), a2 = a1;
    a2.c.addr[4] = 0x55;
    CHECK(a1 == a2 && a1 != *nlrs::ip_address::parse("10.0.0.2"));
    CHECK(*nlrs::ip_address::parse("::ffff:10.0.0.1") != a1 && nlrs::ip_address() != a1);
    CHECK(nlrs::ip_address() == nlrs::ip_address());
    nlrs::ip_address v6;
    v6.c.family = NLRS_AF_INET6;
    const std::uint8_t bytes[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    std::memcpy(v6.c.addr, bytes, 16);
    CHECK(v6.str() == "2001:db8::1");
    return 0;
}
