// What nlrs.hpp makes and deletes, run by tests/cpp_header.rs in a private network namespace
// with the veth pair mk0/mk1 (both up) and the blackhole nexthop object 9: it adds addresses,
// routes, neighbours and links, deletes some of them again, and checks the kernel's refusals
// itself (exit 1 on a failed check). The test then compares what is left with `ip -j -d`.
// It prints one line for each kind of link this kernel may lack:
//
//     kind KIND NAME ok                    (made)
//     kind KIND NAME error CODE TEXT       (refused: errno and the kernel's text, as the C
//                                           call gets them)
#include "nlrs.hpp"

#include "check.hpp"

#include <functional>
#include <iostream>
#include <optional>
#include <type_traits>

static_assert(!std::is_copy_constructible_v<nlrs::address_spec>, "specs are move-only");
static_assert(!std::is_copy_constructible_v<nlrs::route_spec>, "specs are move-only");

// The nlrs::error `f` throws; none when it throws none.
template <typename F>
static std::optional<nlrs::error> error_of(F f)
{
    try {
        f();
    } catch (const nlrs::error &e) {
        return e;
    }
    return std::nullopt;
}

static nlrs::ip_address ip(const char *text)
{
    return *nlrs::ip_address::parse(text);
}

// Addresses: every setting of the spec; a second create, as an exception and as an
// error_code, with the kernel's text; an upsert; a delete, twice.
static int check_addresses(nlrs::socket &sock, std::uint32_t mk0, std::uint32_t mk1)
{
    std::optional<nlrs::error> e;
    sock.add_address(nlrs::address_spec(mk0, ip("10.9.0.1"), 24)
                         .broadcast(ip("10.9.0.255"))
                         .label("mk0:web")
                         .lifetimes(3600, 1800));
    e = error_of([&] { sock.add_address(nlrs::address_spec(mk0, ip("10.9.0.1"), 24)); });
    CHECK(e && e->code() == std::errc::file_exists);
    CHECK(e->kernel_message() == "ipv4: Address already assigned");
    CHECK(std::string(e->what()) == "File exists: ipv4: Address already assigned");
    std::error_code ec;
    sock.add_address(nlrs::address_spec(mk0, ip("10.9.0.1"), 24), nlrs::mode::create, ec);
    CHECK(ec == std::errc::file_exists);
    CHECK(sock.error_text(ec) == "File exists: ipv4: Address already assigned");
    // The upsert gives it longer lifetimes (the test reads them back).
    sock.add_address(nlrs::address_spec(mk0, ip("10.9.0.1"), 24)
                         .broadcast(ip("10.9.0.255"))
                         .label("mk0:web")
                         .lifetimes(7200, 5400),
                     nlrs::mode::upsert, ec);
    CHECK(!ec);

    sock.add_address(nlrs::address_spec(mk0, ip("2001:db8:9::1"), 64).flags(NLRS_IFA_F_NODAD));
    sock.add_address(nlrs::address_spec(mk1, ip("10.9.1.1"), 32).peer(ip("10.9.1.2")));
    sock.add_address(nlrs::address_spec(mk1, ip("10.9.3.1"), 24).scope(NLRS_RT_SCOPE_LINK));

    // The kernel's own refusal of a spec nlrs lets through.
    e = error_of([&] { sock.add_address(nlrs::address_spec(mk1, ip("10.9.4.1"), 24).lifetimes(100, 200)); });
    CHECK(e && e->code() == std::errc::invalid_argument);
    CHECK(e->kernel_message() == "ipv4: address lifetime invalid");

    nlrs::address_spec gone(mk1, ip("10.9.2.1"), 24);
    sock.add_address(gone);
    sock.delete_address(gone);
    sock.delete_address(gone, ec);
    CHECK(ec == std::errc::address_not_available);
    e = error_of([&] { sock.delete_address(gone); });
    CHECK(e && e->code() == ec);
    e = error_of([&] { nlrs::address_spec(mk1, ip("10.9.2.1"), 33); });
    CHECK(e && e->code() == std::errc::invalid_argument);
    return 0;
}

// Routes (in table 200, after the addresses): every setting of the spec, each mode, a second
// create, the kernel's text for a gateway it cannot reach, deletes.
static int check_routes(nlrs::socket &sock, std::uint32_t mk0, std::uint32_t mk1)
{
    std::optional<nlrs::error> e;
    auto in200 = [](const char *dst, std::uint8_t len) {
        nlrs::route_spec spec(ip(dst), len);
        spec.table(200);
        return spec;
    };
    sock.add_route(in200("10.10.0.0", 16)
                       .gateway(ip("10.9.0.2"))
                       .priority(7)
                       .protocol(NLRS_RTPROT_STATIC)
                       .prefsrc(ip("10.9.0.1"))
                       .metric(NLRS_RTAX_MTU, 1400)
                       .metric(NLRS_RTAX_LOCK, 1u << NLRS_RTAX_MTU)
                       .metric(NLRS_RTAX_ADVMSS, 1300)
                       .congctl("reno")
                       .flow(2u << 16 | 1u));
    e = error_of([&] { sock.add_route(in200("10.10.0.0", 16).gateway(ip("10.9.0.2")).priority(7)); });
    CHECK(e && e->code() == std::errc::file_exists);
    std::error_code ec;
    sock.add_route(in200("10.10.0.0", 16).gateway(ip("10.9.0.2")).priority(7), nlrs::mode::create, ec);
    CHECK(ec == std::errc::file_exists);
    e = error_of([&] { sock.add_route(in200("10.19.0.0", 16).gateway(ip("10.99.0.2"))); });
    CHECK(e && e->code() == std::errc::network_unreachable);
    CHECK(e->kernel_message() == "Nexthop has invalid gateway");

    // Append: a second route to 10.13.0.0/16; replace; upsert.
    sock.add_route(in200("10.13.0.0", 16).gateway(ip("10.9.0.2")));
    sock.add_route(in200("10.13.0.0", 16).gateway(ip("10.9.0.3")), nlrs::mode::append);
    sock.add_route(in200("10.14.0.0", 16).gateway(ip("10.9.0.2")));
    sock.add_route(in200("10.14.0.0", 16).gateway(ip("10.9.0.4")), nlrs::mode::replace);
    sock.add_route(in200("10.12.0.0", 16).gateway(ip("10.9.0.5")), nlrs::mode::upsert);
    sock.add_route(in200("10.20.0.0", 16).gateway(ip("10.9.0.2")), nlrs::mode::replace, ec);
    CHECK(ec == std::errc::no_such_file_or_directory);

    sock.add_route(in200("10.15.0.0", 16).gateway(ip("192.0.2.1")).oif(mk0).flags(NLRS_RTNH_F_ONLINK));
    sock.add_route(in200("10.16.0.0", 16).oif(mk0).tos(0x10));
    sock.add_route(in200("10.17.0.0", 16).type(NLRS_RTN_BLACKHOLE));
    sock.add_route(in200("10.18.0.0", 16).nh_id(9));
    sock.add_route(in200("10.11.0.0", 16).nexthop(mk0, ip("10.9.0.2"), 1).nexthop(mk1, ip("10.9.1.2")));
    sock.add_route(nlrs::route_spec().table(200).gateway(ip("10.9.0.254")).scope(NLRS_RT_SCOPE_UNIVERSE));
    sock.add_route(in200("2001:db8:50::", 48)
                       .src(ip("2001:db8:9::"), 64)
                       .gateway(ip("2001:db8:9::2"))
                       .pref(NLRS_ICMPV6_ROUTER_PREF_HIGH)
                       .expires(600));

    // Read back (the test checks the same routes with `ip -j -d route`): the type of service,
    // the onlink flag, the paths of the multipath route, the IPv6 route's source prefix.
    int read = 0;
    for (int family : {NLRS_AF_INET, NLRS_AF_INET6}) {
        nlrs_route_filter f{};
        f.family = static_cast<std::uint8_t>(family);
        f.table = 200;
        for (const auto &r : sock.routes(f)) {
            std::string dst = r.dst() ? r.dst()->str() : "default";
            CHECK(r.tos() == (dst == "10.16.0.0" ? 0x10 : 0));
            CHECK(((r.flags() & NLRS_RTNH_F_ONLINK) != 0) == (dst == "10.15.0.0"));
            CHECK(r.nexthops() == (dst == "10.11.0.0" ? 2u : 0u));
            CHECK(!r.iif());
            if (family == NLRS_AF_INET6) {
                CHECK(r.src() && r.src()->str() == "2001:db8:9::" && r.src_len() == 64);
            } else {
                CHECK(!r.src() && r.src_len() == 0);
            }
            read++;
        }
    }
    CHECK(read == 12);

    // What only a route object holds, through a mirror's view: the metrics, congestion
    // control and realms of 10.10.0.0/16, the two paths of 10.11.0.0/16.
    nlrs::mirror mir(NLRS_MIRROR_ROUTES, [](int, const nlrs::mirror_object &) {});
    auto full = mir.route(200, ip("10.10.0.0"), 16, 0, 7);
    CHECK(full);
    nlrs::route_view rv = full->as_route_view();
    CHECK(rv.metric(NLRS_RTAX_MTU) == 1400u && rv.metric(NLRS_RTAX_ADVMSS) == 1300u);
    CHECK(rv.metric(NLRS_RTAX_LOCK) == 1u << NLRS_RTAX_MTU && !rv.metric(NLRS_RTAX_WINDOW));
    CHECK(rv.congctl() == "reno" && rv.flow() == (2u << 16 | 1u) && rv.paths().empty());
    CHECK(rv.info().gateway()->str() == "10.9.0.2" && rv.info().priority() == 7u);
    auto multi = mir.route(200, ip("10.11.0.0"), 16);
    CHECK(multi);
    auto paths = multi->as_route_view().paths();
    CHECK(paths.size() == 2);
    CHECK(paths[0].ifindex == mk0 && paths[0].gateway->str() == "10.9.0.2" && paths[0].hops == 1);
    CHECK(paths[1].ifindex == mk1 && paths[1].gateway->str() == "10.9.1.2" && paths[1].hops == 0);
    CHECK(multi->as_route_view().congctl().empty() && !multi->as_route_view().flow());
    nlrs::route_view none(nullptr);
    CHECK(none.paths().empty() && !none.metric(NLRS_RTAX_MTU) && none.congctl().empty() && !none.info().dst());

    // Deletes: one of the two appended routes (by its gateway), then none left to match.
    sock.delete_route(in200("10.13.0.0", 16).gateway(ip("10.9.0.3")));
    sock.delete_route(in200("10.13.0.0", 16).gateway(ip("10.9.0.3")), ec);
    CHECK(ec == std::errc::no_such_process);
    // ESRCH for IPv6 too: what `ip -6 route del` gets from this kernel.
    e = error_of([&] { sock.delete_route(in200("2001:db8:51::", 48)); });
    CHECK(e && e->code() == std::errc::no_such_process);
    e = error_of([&] { nlrs::route_spec(NLRS_AF_UNSPEC); });
    CHECK(e && e->code() == std::errc::address_family_not_supported);
    return 0;
}

// Neighbours (on mk0, after the addresses): states, flags, proxy entries, each mode, a
// second create, deletes.
static int check_neighbours(nlrs::socket &sock, std::uint32_t mk0)
{
    std::optional<nlrs::error> e;
    const std::uint8_t mac5[] = {0x02, 0, 0, 0, 0, 0x05};
    const std::uint8_t mac6[] = {0x02, 0, 0, 0, 0, 0x06};
    auto at = [&](const char *dst) { return nlrs::neighbour_spec(mk0, ip(dst)); };
    sock.add_neighbour(at("10.9.0.5").lladdr(nlrs::byte_view(mac5, 6)));
    e = error_of([&] { sock.add_neighbour(at("10.9.0.5").lladdr(nlrs::byte_view(mac5, 6))); });
    CHECK(e && e->code() == std::errc::file_exists);
    std::error_code ec;
    sock.add_neighbour(at("10.9.0.5").lladdr(nlrs::byte_view(mac5, 6)), nlrs::mode::create, ec);
    CHECK(ec == std::errc::file_exists);
    sock.add_neighbour(at("10.9.0.5").lladdr(nlrs::byte_view(mac6, 6)), nlrs::mode::upsert);
    sock.add_neighbour(at("10.9.0.7").lladdr(nlrs::byte_view(mac5, 6)), nlrs::mode::replace, ec);
    CHECK(ec == std::errc::no_such_file_or_directory);

    sock.add_neighbour(at("10.9.0.8").lladdr(nlrs::byte_view(mac5, 6)));
    sock.add_neighbour(at("10.9.0.13").lladdr(nlrs::byte_view(mac5, 6)).state(NLRS_NUD_STALE));
    sock.add_neighbour(at("10.9.0.9").lladdr(nlrs::byte_view(mac6, 6)).flags(NLRS_NTF_EXT_LEARNED));
    sock.add_neighbour(at("2001:db8:9::5").lladdr(nlrs::byte_view(mac5, 6)).flags(NLRS_NTF_ROUTER));
    sock.add_neighbour(at("10.9.0.10").flags(NLRS_NTF_PROXY));
    sock.add_neighbour(at("10.9.0.11").flags(NLRS_NTF_PROXY));

    // Deletes: an entry, a proxy entry, then each again.
    sock.delete_neighbour(at("10.9.0.8"));
    sock.delete_neighbour(at("10.9.0.11").flags(NLRS_NTF_PROXY));
    sock.delete_neighbour(at("10.9.0.8"), ec);
    CHECK(ec == std::errc::no_such_file_or_directory);
    e = error_of([&] { sock.delete_neighbour(at("10.9.0.11").flags(NLRS_NTF_PROXY)); });
    CHECK(e && e->code() == std::errc::no_such_file_or_directory);
    // A link-layer address longer than nlrs takes, refused before sending.
    const std::uint8_t long_mac[33] = {};
    sock.add_neighbour(at("10.9.0.12").lladdr(nlrs::byte_view(long_mac, sizeof long_mac)), nlrs::mode::create, ec);
    CHECK(ec == std::errc::invalid_argument);
    return 0;
}

// A kind this kernel may lack: made through `cxx` (the C++ call), or refused by it exactly
// as by the C call `c`.
static int kind(nlrs::socket &sock, const char *kind, const char *name, const std::function<void()> &cxx,
                const std::function<int()> &c)
{
    try {
        cxx();
        std::cout << "kind " << kind << ' ' << name << " ok\n";
    } catch (const nlrs::error &e) {
        int rc = c();
        const char *text = nlrs_socket_ext_msg(sock.c_ptr());
        CHECK(rc == -e.code().value() && e.kernel_message() == (text ? text : ""));
        std::cout << "kind " << kind << ' ' << name << " error " << e.code().value() << ' ' << e.kernel_message()
                  << '\n';
    }
    return 0;
}

// Links: each kind, a second create, deletes, alternative names.
static int check_links(nlrs::socket &sock, std::uint32_t mk0)
{
    std::optional<nlrs::error> e;
    sock.create_veth("mkv0", "mkv1");
    e = error_of([&] { sock.create_veth("mkv0", "mkv9"); });
    CHECK(e && e->code() == std::errc::file_exists);
    std::error_code ec;
    sock.create_veth("mkv9", "mkv1", ec);
    CHECK(ec == std::errc::file_exists);
    sock.create_bridge("mkbr0");
    sock.create_bridge("mkbr0", ec);
    CHECK(ec == std::errc::file_exists);
    sock.create_ifb("mkifb0");
    sock.create_ifb("mkifb1");
    sock.create_macvlan("mkmv0", mk0, NLRS_MACVLAN_MODE_BRIDGE);
    nlrs_vxlan vx{};
    vx.id = 42;
    vx.port = 4789;
    vx.parent = mk0;
    vx.local = ip("10.9.0.1").c;
    sock.create_vxlan("mkvx0", vx);
    // The kernel's text, for a VXLAN whose local and group addresses differ in family.
    vx.group = ip("ff05::100").c;
    e = error_of([&] { sock.create_vxlan("mkvx1", vx); });
    CHECK(e && e->code() == std::errc::invalid_argument);
    CHECK(e->kernel_message() == "Local and remote address must be from the same family");

    // The kinds this kernel may lack.
    nlrs_socket *c = sock.c_ptr();
    if (kind(sock, "dummy", "mkdu0", [&] { sock.create_dummy("mkdu0"); },
             [&] { return nlrs_link_create_dummy(c, "mkdu0"); }) ||
        kind(sock, "vlan", "mkvl0", [&] { sock.create_vlan("mkvl0", mk0, 10); },
             [&] { return nlrs_link_create_vlan(c, "mkvl0", mk0, 10, NLRS_ETH_P_8021Q); }) ||
        kind(sock, "vrf", "mkvrf0", [&] { sock.create_vrf("mkvrf0", 300); },
             [&] { return nlrs_link_create_vrf(c, "mkvrf0", 300); }) ||
        kind(sock, "bond", "mkbond0", [&] { sock.create_bond("mkbond0", NLRS_BOND_MODE_ACTIVE_BACKUP); },
             [&] { return nlrs_link_create_bond(c, "mkbond0", NLRS_BOND_MODE_ACTIVE_BACKUP); }) ||
        kind(sock, "ipvlan", "mkipv0", [&] { sock.create_ipvlan("mkipv0", mk0, NLRS_IPVLAN_MODE_L2); },
             [&] { return nlrs_link_create_ipvlan(c, "mkipv0", mk0, NLRS_IPVLAN_MODE_L2); }))
        return 1;
    sock.create_dummy("mkdu0", ec);
    CHECK(ec == std::errc::file_exists || ec == std::errc::operation_not_supported);

    // Deletes: an ifb, then again; a veth pair by its peer.
    std::uint32_t ifb1 = sock.link_by_name("mkifb1").ifindex();
    sock.delete_link(ifb1);
    sock.delete_link(ifb1, ec);
    CHECK(ec == std::errc::no_such_device);
    sock.create_veth("mkv2", "mkv3");
    sock.delete_link(sock.link_by_name("mkv3").ifindex());

    // Alternative names: one kept, one taken again, then once more; one a link has.
    std::uint32_t br = sock.link_by_name("mkbr0").ifindex();
    sock.add_altname(mk0, "mk0-given-by-the-cxx-header");
    sock.add_altname(br, "mkbr0-for-a-moment");
    CHECK(sock.link_by_name("mkbr0-for-a-moment").ifindex() == br);
    sock.delete_altname(br, "mkbr0-for-a-moment");
    sock.delete_altname(br, "mkbr0-for-a-moment", ec);
    CHECK(ec == std::errc::no_such_file_or_directory);
    e = error_of([&] { sock.add_altname(br, "mk0-given-by-the-cxx-header"); });
    CHECK(e && e->code() == std::errc::file_exists);
    return 0;
}

int main()
{
    nlrs::socket sock;
    std::uint32_t mk0 = sock.link_by_name("mk0").ifindex();
    std::uint32_t mk1 = sock.link_by_name("mk1").ifindex();
    if (check_addresses(sock, mk0, mk1) || check_routes(sock, mk0, mk1) ||
        check_neighbours(sock, mk0) || check_links(sock, mk0))
        return 1;
    return 0;
}
