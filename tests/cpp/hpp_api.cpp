// nlrs.hpp against the kernel, run by tests/cpp.rs in a private network namespace with the veth
// pair cx0/cx1 (cx0 up, 10.7.7.1/24 on cx0, routes in table 100): it prints what it reads, in
// lines the test compares with `ip -j`, and checks errors itself (exit 1 on a failed check).
//
//     link INDEX NAME mtu MTU UP|DOWN
//     addr INDEX ADDRESS/PREFIX
//     route DST/LEN|default GATEWAY|- OIF|- METRIC|-
//     neigh INDEX DST LLADDR
#include "nlrs.hpp"

#include <cerrno>
#include <iostream>
#include <type_traits>

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::cerr << __FILE__ << ':' << __LINE__ << ": check failed: " #cond "\n"; \
            return 1;                                                                    \
        }                                                                                \
    } while (0)

static_assert(!std::is_copy_constructible_v<nlrs::socket>, "handles are move-only");
static_assert(std::is_nothrow_move_constructible_v<nlrs::socket>, "handles move");
static_assert(!std::is_copy_constructible_v<nlrs::link>, "handles are move-only");
static_assert(!std::is_copy_constructible_v<nlrs::route_dump>, "dumps are move-only");
static_assert(std::is_base_of_v<std::system_error, nlrs::error>, "errors are system_errors");

template <typename T>
static std::string opt(const std::optional<T> &v)
{
    return v ? std::to_string(*v) : "-";
}

int main()
{
    nlrs::socket sock;
    for (const auto &l : sock.links())
        std::cout << "link " << l.index() << ' ' << l.name() << " mtu " << opt(l.mtu()) << ' '
                  << (l.up() ? "UP" : "DOWN") << '\n';
    for (const auto &a : sock.addresses(NLRS_AF_INET))
        std::cout << "addr " << a.index() << ' ' << a.ip().str() << '/' << unsigned(a.prefixlen()) << '\n';
    nlrs_route_filter f{};
    f.family = NLRS_AF_INET;
    f.table = 100;
    for (const auto &r : sock.routes(f)) {
        auto dst = r.dst();
        auto gw = r.gateway();
        std::cout << "route " << (dst ? dst->str() + '/' + std::to_string(r.dst_len()) : "default") << ' '
                  << (gw ? gw->str() : "-") << ' ' << opt(r.oif()) << ' ' << opt(r.priority()) << '\n';
    }

    for (const auto &n : sock.neighbours(NLRS_AF_INET)) {
        std::string ll;
        for (std::uint8_t b : n.lladdr()) {
            static const char hex[] = "0123456789abcdef";
            ll += std::string(ll.empty() ? "" : ":") + hex[b >> 4] + hex[b & 15];
        }
        std::cout << "neigh " << n.index() << ' ' << (n.dst() ? n.dst()->str() : "-") << ' ' << ll << '\n';
    }

    // A change, then the kernel's refusal: as an exception, and as an error_code.
    nlrs::link cx0 = sock.link_by_name("cx0");
    sock.apply(cx0.index(), nlrs::link_change().mtu(1400));
    CHECK(sock.link_by_name("cx0").mtu() == 1400u);
    try {
        sock.apply(cx0.index(), nlrs::link_change().mtu(10));
        CHECK(!"no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
        CHECK(e.code().value() == EINVAL);
        CHECK(e.kernel_message() == "mtu less than device minimum");
        CHECK(std::string(e.what()) == "Invalid argument: mtu less than device minimum");
    }
    std::error_code ec;
    sock.apply(cx0.index(), nlrs::link_change().mtu(10), ec);
    CHECK(ec == std::errc::invalid_argument);
    CHECK(sock.error_text(ec) == "Invalid argument: mtu less than device minimum");
    sock.apply(cx0.index(), nlrs::link_change().mtu(1500), ec);
    CHECK(!ec);
    try {
        sock.link_by_name("nosuchdev");
        CHECK(!"no exception");
    } catch (const std::system_error &e) {
        CHECK(e.code() == std::errc::no_such_device);
    }

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
        CHECK(!"no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == ec);
        CHECK(e.kernel_message() == "Attribute failed policy validation");
        CHECK(e.attribute_path() == "IFLA_LINKINFO > IFLA_INFO_DATA > 1");
        CHECK(std::string(e.what()) == sock.error_text(ec));
    }

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
        n += l.index();
    CHECK(n == 0 && ec);

    // Moves keep the handle.
    nlrs::socket moved = std::move(sock);
    CHECK(moved.valid() && !sock.valid());
    CHECK(moved.link_by_name("lo").index() == 1);

    // Addresses as text.
    nlrs::ip_address v6;
    v6.c.family = NLRS_AF_INET6;
    const std::uint8_t bytes[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    std::memcpy(v6.c.addr, bytes, 16);
    CHECK(v6.str() == "2001:db8::1");
    return 0;
}
