// nlrs/link.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): links: link (owned), link_view (a mirror's), link_change.
#ifndef NLRS_LINK_HPP
#define NLRS_LINK_HPP

#include "object.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nlrs {

namespace detail {
/// The getters of a link (nlrs_link), shared by link (owned) and link_view (a mirror's):
/// `Derived::c_ptr()` is the C object. Views they return are valid as long as it is unchanged.
template <typename Derived>
class link_getters {
public:
    std::uint32_t ifindex() const noexcept { return nlrs_link_ifindex(p()); }
    /// NLRS_AF_UNSPEC for the link itself, NLRS_AF_BRIDGE for a bridge port's description.
    std::uint8_t family() const noexcept { return nlrs_link_family(p()); }
    /// The device type (`ifi_type`, ARPHRD_*: 1 for Ethernet, 772 for loopback).
    std::uint16_t type() const noexcept { return nlrs_link_type(p()); }
    std::uint32_t flags() const noexcept { return nlrs_link_flags(p()); }
    bool up() const noexcept { return (flags() & NLRS_IFF_UP) != 0; }
    /// The name; empty when the kernel sent none.
    std::string_view name() const noexcept { return view(nlrs_link_name(p())); }
    /// The kind ("veth", "bridge", ...); empty for none.
    std::string_view kind() const noexcept { return view(nlrs_link_kind(p())); }
    std::optional<std::uint32_t> mtu() const { return optional_field(nlrs_link_mtu, p()); }
    std::optional<std::uint32_t> min_mtu() const { return optional_field(nlrs_link_min_mtu, p()); }
    std::optional<std::uint32_t> max_mtu() const { return optional_field(nlrs_link_max_mtu, p()); }
    std::optional<std::uint32_t> txqlen() const { return optional_field(nlrs_link_txqlen, p()); }
    std::optional<std::uint32_t> master() const { return optional_field(nlrs_link_master, p()); }
    /// The link this one is on (IFLA_LINK: a VLAN's or macvlan's parent, a veth's peer; `ip`'s
    /// `@NAME`); Python's Link.link.
    std::optional<std::uint32_t> parent() const { return optional_field(nlrs_link_link, p()); }
    /// The namespace id of parent() when it lives in another network namespace.
    std::optional<std::int32_t> parent_netnsid() const { return optional_field(nlrs_link_link_netnsid, p()); }
    /// The RFC 2863 operational state (NLRS_IF_OPER_*).
    std::optional<std::uint8_t> operstate() const { return optional_field(nlrs_link_operstate, p()); }
    std::optional<std::uint32_t> promiscuity() const { return optional_field(nlrs_link_promiscuity, p()); }
    std::optional<std::uint32_t> group() const { return optional_field(nlrs_link_group, p()); }
    std::optional<std::uint32_t> num_tx_queues() const { return optional_field(nlrs_link_num_tx_queues, p()); }
    std::optional<std::uint32_t> num_rx_queues() const { return optional_field(nlrs_link_num_rx_queues, p()); }
    /// Whether the device has a carrier (IFLA_CARRIER), up or not.
    std::optional<bool> carrier() const { return optional_field(nlrs_link_carrier, p()); }
    /// The alias; empty for none.
    std::string_view alias() const noexcept { return view(nlrs_link_alias(p())); }
    /// The alternative names, in the kernel's order.
    std::vector<std::string_view> altnames() const
    {
        std::vector<std::string_view> out;
        for (std::size_t i = 0, n = nlrs_link_altname_count(p()); i < n; i++)
            out.push_back(view(nlrs_link_altname_at(p(), i)));
        return out;
    }
    /// The hardware address; empty when the kernel sent none.
    byte_view address() const { return bytes_field(nlrs_link_address, p()); }
    /// The hardware broadcast address; empty when the kernel sent none.
    byte_view broadcast() const { return bytes_field(nlrs_link_broadcast, p()); }
    /// The 64-bit counters (IFLA_STATS64; a mirror keeps none).
    std::optional<nlrs_link_stats64> stats() const { return optional_field(nlrs_link_stats, p()); }
    /// A VLAN device's id and tag protocol (NLRS_ETH_P_*).
    std::optional<std::uint16_t> vlan_id() const { return optional_field(nlrs_link_vlan_id, p()); }
    std::optional<std::uint16_t> vlan_protocol() const { return optional_field(nlrs_link_vlan_protocol, p()); }
    /// A VRF device's routing table.
    std::optional<std::uint32_t> vrf_table() const { return optional_field(nlrs_link_vrf_table, p()); }
    /// A bond's mode (NLRS_BOND_MODE_*).
    std::optional<std::uint8_t> bond_mode() const { return optional_field(nlrs_link_bond_mode, p()); }
    /// An ipvlan's mode (NLRS_IPVLAN_MODE_*).
    std::optional<std::uint16_t> ipvlan_mode() const { return optional_field(nlrs_link_ipvlan_mode, p()); }
    /// The message the link was read from, for attributes without a getter (empty for a
    /// mirror's link).
    message msg() const noexcept { return message(nlrs_link_msg(p())); }

private:
    const nlrs_link *p() const noexcept { return static_cast<const Derived &>(*this).c_ptr(); }
};
}  // namespace detail

/// A link (nlrs_link): owned, filled by a dump or socket::link_by_name(). Views it returns are
/// valid until the object is filled again or destroyed.
class link : public detail::link_getters<link> {
public:
    link() : h_(detail::make<nlrs_link>(nlrs_link_new)) {}
    /// Fills the object from a message of a link dump or notification.
    void parse(const message &m) { detail::check(nlrs_link_parse(h_.get(), m.c_msg())); }
    nlrs_link *c_ptr() const noexcept { return h_.get(); }

private:
    detail::handle<nlrs_link, nlrs_link_free> h_;
};

/// A link a mirror lends (mirror_object::as_link()), with link's getters: borrowed, valid as
/// long as the mirror_object it came from.
class link_view : public detail::link_getters<link_view> {
public:
    explicit link_view(const nlrs_link *p) noexcept : p_(p) {}
    const nlrs_link *c_ptr() const noexcept { return p_; }

private:
    const nlrs_link *p_;
};

/// The changes to make to a link (nlrs_link_change): set what should change, then
/// socket::apply().
class link_change : public detail::builder<link_change, nlrs_link_change, nlrs_link_change_free> {
public:
    link_change() : builder(detail::make<nlrs_link_change>(nlrs_link_change_new)) {}
    link_change &mtu(std::uint32_t v) { return done(nlrs_link_change_set_mtu(h_.get(), v)); }
    link_change &up(bool v) { return done(nlrs_link_change_set_up(h_.get(), v)); }
    link_change &txqlen(std::uint32_t v) { return done(nlrs_link_change_set_txqlen(h_.get(), v)); }
    link_change &master(std::uint32_t ifindex) { return done(nlrs_link_change_set_master(h_.get(), ifindex)); }
    /// The new name (a std::string, so that it is NUL-terminated).
    link_change &name(const std::string &v) { return done(nlrs_link_change_set_name(h_.get(), detail::c_string(v))); }
    /// The new alias; "" clears it.
    link_change &alias(const std::string &v) { return done(nlrs_link_change_set_alias(h_.get(), detail::c_string(v))); }
    /// The new hardware address (copied; 6 bytes for Ethernet, 1 to 32).
    link_change &address(byte_view v) { return done(nlrs_link_change_set_address(h_.get(), v.data(), v.size())); }
    /// Moves the link to the network namespace of the open descriptor `fd` (of
    /// `/run/netns/NAME` or `/proc/PID/ns/net`; the caller's, open until the change is applied).
    link_change &netns_fd(int fd) { return done(nlrs_link_change_set_netns_fd(h_.get(), fd)); }
    /// Moves the link to the network namespace of process `pid`.
    link_change &netns_pid(std::uint32_t pid) { return done(nlrs_link_change_set_netns_pid(h_.get(), pid)); }
};

}  // namespace nlrs

#endif  // NLRS_LINK_HPP
