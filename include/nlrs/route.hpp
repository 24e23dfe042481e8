// nlrs/route.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): routes: route (a decoded value), route_path, route_view (a mirror's), route_spec.
#ifndef NLRS_ROUTE_HPP
#define NLRS_ROUTE_HPP

#include "object.hpp"

#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nlrs {

/// A route decoded by the library (nlrs_route_info), a plain value.
class route {
public:
    route() noexcept = default;
    explicit route(const nlrs_route_info &i) noexcept : i_(i) {}
    std::uint8_t family() const noexcept { return i_.family; }
    std::uint8_t dst_len() const noexcept { return i_.dst_len; }
    /// The length of the source prefix (`ip`'s `from`; 0 for none).
    std::uint8_t src_len() const noexcept { return i_.src_len; }
    /// The type of service (IPv4).
    std::uint8_t tos() const noexcept { return i_.tos; }
    /// The NLRS_RTM_F_* flags of the route (`rtm_flags`).
    std::uint32_t flags() const noexcept { return i_.flags; }
    /// How many paths a multipath route has (RTA_MULTIPATH); 0 for a route of one path.
    std::uint32_t nexthops() const noexcept { return i_.nexthops; }
    std::uint32_t table() const noexcept { return i_.table; }
    std::uint8_t protocol() const noexcept { return i_.protocol; }
    std::uint8_t scope() const noexcept { return i_.scope; }
    std::uint8_t type() const noexcept { return i_.type; }
    /// The destination; none (NLRS_AF_UNSPEC) for a default route.
    std::optional<ip_address> dst() const noexcept { return addr(NLRS_ROUTE_HAS_DST, i_.dst); }
    /// The source prefix (`ip`'s `from`, IPv6 source routing), of length src_len().
    std::optional<ip_address> src() const noexcept { return addr(NLRS_ROUTE_HAS_SRC, i_.src); }
    std::optional<ip_address> gateway() const noexcept { return addr(NLRS_ROUTE_HAS_GATEWAY, i_.gateway); }
    std::optional<ip_address> prefsrc() const noexcept { return addr(NLRS_ROUTE_HAS_PREFSRC, i_.prefsrc); }
    std::optional<std::uint32_t> oif() const noexcept { return num(NLRS_ROUTE_HAS_OIF, i_.oif); }
    /// The input interface (of a route the kernel's lookup gave for a packet received there).
    std::optional<std::uint32_t> iif() const noexcept { return num(NLRS_ROUTE_HAS_IIF, i_.iif); }
    std::optional<std::uint32_t> priority() const noexcept { return num(NLRS_ROUTE_HAS_PRIORITY, i_.priority); }
    /// The nexthop object the route goes through (`nhid`).
    std::optional<std::uint32_t> nh_id() const noexcept { return num(NLRS_ROUTE_HAS_NH_ID, i_.nh_id); }
    /// The preference of an IPv6 route (`pref`: NLRS_ICMPV6_ROUTER_PREF_*); none for IPv4.
    std::optional<std::uint8_t> pref() const noexcept
    {
        if ((i_.has & NLRS_ROUTE_HAS_PREF) == 0)
            return std::nullopt;
        return i_.pref;
    }
    /// The seconds left of a route that expires (`expires`, cut to whole seconds as `ip`
    /// prints them); none for a route that does not expire, and for a mirror's route.
    std::optional<std::uint32_t> expires() const noexcept { return num(NLRS_ROUTE_HAS_EXPIRES, i_.expires); }
    const nlrs_route_info &c_info() const noexcept { return i_; }

    /// The fields of a route object (nlrs_route: a mirror's, or one socket::route_get() filled)
    /// as a value; an empty route for NULL.
    static route of(const nlrs_route *r);
    /// Decodes a route message: of a raw dump, or a notification a monitor handed over
    /// (event::msg()).
    static route decode(const message &m)
    {
        nlrs_route_info i{};
        detail::check(nlrs_route_decode(m.c_msg(), &i));
        return route(i);
    }

private:
    std::optional<ip_address> addr(unsigned bit, const nlrs_ipaddr &a) const noexcept
    {
        if ((i_.has & bit) == 0)
            return std::nullopt;
        return ip_address{a};
    }
    std::optional<std::uint32_t> num(unsigned bit, std::uint32_t v) const noexcept
    {
        if ((i_.has & bit) == 0)
            return std::nullopt;
        return v;
    }
    nlrs_route_info i_{};
};

inline route route::of(const nlrs_route *r)
{
    if (r == nullptr)
        return {};
    nlrs_route_info i{};
    i.family = nlrs_route_family(r);
    i.dst_len = nlrs_route_dst_len(r);
    i.src_len = nlrs_route_src_len(r);
    i.tos = nlrs_route_tos(r);
    i.table = nlrs_route_table(r);
    i.type = nlrs_route_type(r);
    i.protocol = nlrs_route_protocol(r);
    i.scope = nlrs_route_scope(r);
    i.flags = nlrs_route_flags(r);
    i.nexthops = static_cast<std::uint32_t>(nlrs_route_nexthop_count(r));
    // Each getter returns 1 when the route has the field: then its bit goes into `has`.
    auto got = [&i](unsigned bit, int rc) { i.has |= detail::check(rc) == 1 ? bit : 0u; };
    got(NLRS_ROUTE_HAS_OIF, nlrs_route_oif(r, &i.oif));
    got(NLRS_ROUTE_HAS_IIF, nlrs_route_iif(r, &i.iif));
    got(NLRS_ROUTE_HAS_PRIORITY, nlrs_route_priority(r, &i.priority));
    got(NLRS_ROUTE_HAS_NH_ID, nlrs_route_nh_id(r, &i.nh_id));
    got(NLRS_ROUTE_HAS_PREF, nlrs_route_pref(r, &i.pref));
    got(NLRS_ROUTE_HAS_EXPIRES, nlrs_route_expires(r, &i.expires));
    got(NLRS_ROUTE_HAS_DST, nlrs_route_dst(r, &i.dst));
    got(NLRS_ROUTE_HAS_SRC, nlrs_route_src(r, &i.src));
    got(NLRS_ROUTE_HAS_GATEWAY, nlrs_route_gateway(r, &i.gateway));
    got(NLRS_ROUTE_HAS_PREFSRC, nlrs_route_prefsrc(r, &i.prefsrc));
    return route(i);
}

/// One path of a multipath route, as route_view::paths() reads it.
struct route_path {
    /// The output interface.
    std::uint32_t ifindex;
    /// The path's weight minus one (`rtnh_hops`): 0 for weight 1.
    std::uint8_t hops;
    /// NLRS_RTNH_F_* flags.
    std::uint8_t flags;
    /// The gateway, if any (an IPv4 route's may be IPv6: RTA_VIA).
    std::optional<ip_address> gateway;
};

/// A route object (nlrs_route) a mirror lends (mirror_object::as_route_view()): its fields as a
/// route value, and what only the object holds: metrics, congestion control, realms, paths.
/// Borrowed, valid as long as the mirror_object it came from; reads 0 or none for NULL.
class route_view {
public:
    explicit route_view(const nlrs_route *p) noexcept : p_(p) {}
    /// The fields of nlrs_route_info, as a value.
    route info() const { return route::of(p_); }
    /// Metric `rtax` (NLRS_RTAX_MTU, NLRS_RTAX_ADVMSS, ...; NLRS_RTAX_LOCK: the locked
    /// metrics, bit `1 << NLRS_RTAX_*` each); none when the route has it not.
    std::optional<std::uint32_t> metric(std::uint16_t rtax) const
    {
        std::uint32_t v = 0;
        if (p_ != nullptr && detail::check(nlrs_route_metric(p_, rtax, &v)) == 1)
            return v;
        return std::nullopt;
    }
    /// The TCP congestion control algorithm (`ip`'s `congctl`); empty for none.
    std::string_view congctl() const noexcept { return detail::view(nlrs_route_congctl(p_)); }
    /// The realms (`ip`'s `realm`: the destination realm in the low 16 bits, the source realm in
    /// the high 16).
    std::optional<std::uint32_t> flow() const { return detail::optional_field(nlrs_route_flow, p_); }
    /// The paths of a multipath route, in the kernel's order; none for a route of one path.
    std::vector<route_path> paths() const
    {
        std::vector<route_path> out;
        for (std::size_t i = 0, n = nlrs_route_nexthop_count(p_); i < n; i++) {
            nlrs_route_nexthop nh{};
            detail::check(nlrs_route_nexthop_at(p_, i, &nh));
            std::optional<ip_address> gw;
            if (nh.gateway.family != NLRS_AF_UNSPEC)
                gw = ip_address{nh.gateway};
            out.push_back({nh.ifindex, nh.hops, nh.flags, gw});
        }
        return out;
    }
    const nlrs_route *c_ptr() const noexcept { return p_; }

private:
    const nlrs_route *p_;
};

/// A route object (nlrs_route), owned: filled from a route message by parse(), for what a
/// route value leaves out (NLRS_ROUTE_HAS_METRICS, _FLOW, _MULTIPATH), read through view().
///
///     auto dump = sock.routes(filter);
///     nlrs::route_object obj;
///     for (const auto &r : dump)
///         if (r.c_info().has & NLRS_ROUTE_HAS_METRICS) {
///             obj.parse(dump.msg());
///             use(obj.view().metric(NLRS_RTAX_MTU));
///         }
class route_object {
public:
    route_object() : h_(detail::make<nlrs_route>(nlrs_route_new)) {}
    /// Fills the object from a route message (of a dump: route_dump::msg(); of a notification).
    void parse(const message &m) { detail::check(nlrs_route_parse(h_.get(), m.c_msg())); }
    /// Its getters; valid until the object is filled again or destroyed.
    route_view view() const noexcept { return route_view(h_.get()); }
    nlrs_route *c_ptr() const noexcept { return h_.get(); }

private:
    detail::handle<nlrs_route, nlrs_route_free> h_;
};

/// A route to add or delete (nlrs_route_spec): made as the default route of a family or as
/// the route to a prefix (unicast, main table, origin boot, as `ip route` makes them), then
/// set what else should be, then socket::add_route() or socket::delete_route().
///
///     sock.add_route(nlrs::route_spec(*nlrs::ip_address::parse("10.1.0.0"), 16)
///                        .gateway(*nlrs::ip_address::parse("10.0.0.2")).table(100).priority(5));
///
/// Unless set, the scope is chosen as `ip route` chooses it. A delete matches on the
/// destination, table, type of service and source prefix always, the type unless it is
/// NLRS_RTN_UNSPEC (`type(NLRS_RTN_UNSPEC)` matches any, as `ip route del` does), and the
/// gateway, interface and priority when set.
class route_spec : public detail::builder<route_spec, nlrs_route_spec, nlrs_route_spec_free> {
public:
    /// The default route of `family` (NLRS_AF_INET or NLRS_AF_INET6; throws nlrs::error
    /// EAFNOSUPPORT for another).
    explicit route_spec(std::uint8_t family = NLRS_AF_INET)
        : builder(detail::make<nlrs_route_spec>(nlrs_route_spec_new, family))
    {
    }
    /// The route to `dst`/`len`, of `dst`'s family (throws nlrs::error EINVAL for a `len`
    /// longer than the address).
    route_spec(const ip_address &dst, unsigned len) : route_spec(dst.family()) { this->dst(dst, len); }

    /// The destination prefix; an address of family NLRS_AF_UNSPEC makes it the default route.
    route_spec &dst(const ip_address &a, unsigned len)
    {
        return done(nlrs_route_spec_set_dst(h_.get(), &a.c, detail::narrow<std::uint8_t>(len)));
    }
    /// The gateway (an IPv6 gateway of an IPv4 route goes as RTA_VIA, as `ip route ... via
    /// inet6` sends it).
    route_spec &gateway(const ip_address &a) { return done(nlrs_route_spec_set_gateway(h_.get(), &a.c)); }
    /// The output interface; 0 unsets it.
    route_spec &oif(std::uint32_t ifindex) { return done(nlrs_route_spec_set_oif(h_.get(), ifindex)); }
    /// The table, any 32-bit id (NLRS_RT_TABLE_MAIN by default).
    route_spec &table(std::uint32_t v) { return done(nlrs_route_spec_set_table(h_.get(), v)); }
    /// The priority (RTA_PRIORITY, `ip`'s `metric`).
    route_spec &priority(std::uint32_t v) { return done(nlrs_route_spec_set_priority(h_.get(), v)); }
    /// The scope (NLRS_RT_SCOPE_*).
    route_spec &scope(std::uint8_t v) { return done(nlrs_route_spec_set_scope(h_.get(), v)); }
    /// The origin (NLRS_RTPROT_*; NLRS_RTPROT_BOOT by default).
    route_spec &protocol(std::uint8_t v) { return done(nlrs_route_spec_set_protocol(h_.get(), v)); }
    /// The type (NLRS_RTN_*; NLRS_RTN_UNICAST by default).
    route_spec &type(std::uint8_t v) { return done(nlrs_route_spec_set_type(h_.get(), v)); }
    /// The preferred source address (RTA_PREFSRC).
    route_spec &prefsrc(const ip_address &a) { return done(nlrs_route_spec_set_prefsrc(h_.get(), &a.c)); }
    /// The nexthop object to go through (`ip`'s `nhid`) instead of a gateway, an interface or
    /// paths; 0 unsets it.
    route_spec &nh_id(std::uint32_t v) { return done(nlrs_route_spec_set_nh_id(h_.get(), v)); }
    /// The source prefix (`ip`'s `from`: IPv6 source routing; the kernel refuses it for IPv4).
    route_spec &src(const ip_address &a, unsigned len)
    {
        return done(nlrs_route_spec_set_src(h_.get(), &a.c, detail::narrow<std::uint8_t>(len)));
    }
    /// The type of service (IPv4).
    route_spec &tos(unsigned v) { return done(nlrs_route_spec_set_tos(h_.get(), detail::narrow<std::uint8_t>(v))); }
    /// The NLRS_RTNH_F_* flags of the route's path: NLRS_RTNH_F_ONLINK for `ip route ... onlink`.
    route_spec &flags(std::uint32_t v) { return done(nlrs_route_spec_set_flags(h_.get(), v)); }
    /// Metric `rtax` (NLRS_RTAX_MTU, NLRS_RTAX_ADVMSS, ...); NLRS_RTAX_LOCK sets the locked
    /// metrics, bit `1 << NLRS_RTAX_*` each (`ip route ... mtu lock 1400`).
    route_spec &metric(std::uint16_t rtax, std::uint32_t value)
    {
        return done(nlrs_route_spec_set_metric(h_.get(), rtax, value));
    }
    /// The TCP congestion control algorithm (`ip`'s `congctl`), e.g. "reno".
    route_spec &congctl(const std::string &name) { return done(nlrs_route_spec_set_congctl(h_.get(), detail::c_string(name))); }
    /// The realms (`ip`'s `realm`, IPv4): the destination realm in the low 16 bits, the source
    /// realm in the high 16.
    route_spec &flow(std::uint32_t v) { return done(nlrs_route_spec_set_flow(h_.get(), v)); }
    /// The preference of an IPv6 route (NLRS_ICMPV6_ROUTER_PREF_*).
    route_spec &pref(std::uint8_t v) { return done(nlrs_route_spec_set_pref(h_.get(), v)); }
    /// The lifetime of an IPv6 route in seconds (`ip`'s `expires`).
    route_spec &expires(std::uint32_t seconds) { return done(nlrs_route_spec_set_expires(h_.get(), seconds)); }
    /// Adds a path of a multipath route (RTA_MULTIPATH; instead of gateway() and oif()):
    /// through interface `ifindex`, via `gateway` when given, of weight `hops` + 1, with
    /// NLRS_RTNH_F_* `flags`.
    route_spec &nexthop(std::uint32_t ifindex, const std::optional<ip_address> &gateway = std::nullopt,
                        std::uint8_t hops = 0, std::uint8_t flags = 0)
    {
        nlrs_route_nexthop nh{};
        nh.ifindex = ifindex;
        nh.hops = hops;
        nh.flags = flags;
        if (gateway)
            nh.gateway = gateway->c;
        return done(nlrs_route_spec_add_nexthop(h_.get(), &nh));
    }
};

}  // namespace nlrs

#endif  // NLRS_ROUTE_HPP
