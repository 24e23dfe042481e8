// nlrs/neighbour.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): neighbours: neighbour (owned), neighbour_view (a mirror's), neighbour_spec.
#ifndef NLRS_NEIGHBOUR_HPP
#define NLRS_NEIGHBOUR_HPP

#include "object.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace nlrs {

namespace detail {
/// The getters of a neighbour entry (nlrs_neigh), shared by neighbour and neighbour_view.
template <typename Derived>
class neighbour_getters {
public:
    std::uint32_t ifindex() const noexcept { return nlrs_neigh_ifindex(p()); }
    std::uint8_t family() const noexcept { return nlrs_neigh_family(p()); }
    /// NLRS_NUD_* bits.
    std::uint16_t state() const noexcept { return nlrs_neigh_state(p()); }
    std::uint8_t flags() const noexcept { return nlrs_neigh_flags(p()); }
    /// The route type of the address (`ndm_type`, NLRS_RTN_*).
    std::uint8_t type() const noexcept { return nlrs_neigh_type(p()); }
    /// The network address; none when the kernel sent none.
    std::optional<ip_address> dst() const { return address_field(nlrs_neigh_dst, p()); }
    /// The link-layer address; empty when the kernel sent none.
    byte_view lladdr() const { return bytes_field(nlrs_neigh_lladdr, p()); }
    /// A forwarding entry's VLAN, VXLAN port (host order), VNI, master and the interface its
    /// VXLAN remote is reached through.
    std::optional<std::uint16_t> vlan() const { return optional_field(nlrs_neigh_vlan, p()); }
    std::optional<std::uint16_t> port() const { return optional_field(nlrs_neigh_port, p()); }
    std::optional<std::uint32_t> vni() const { return optional_field(nlrs_neigh_vni, p()); }
    std::optional<std::uint32_t> master() const { return optional_field(nlrs_neigh_master, p()); }
    std::optional<std::uint32_t> remote_ifindex() const { return optional_field(nlrs_neigh_remote_ifindex, p()); }
    /// The message the entry was read from (empty for a mirror's).
    message msg() const noexcept { return message(nlrs_neigh_msg(p())); }

private:
    const nlrs_neigh *p() const noexcept { return static_cast<const Derived &>(*this).c_ptr(); }
};
}  // namespace detail

/// A neighbour table entry (nlrs_neigh): owned, filled by a dump.
class neighbour : public detail::neighbour_getters<neighbour> {
public:
    neighbour() : h_(detail::make<nlrs_neigh>(nlrs_neigh_new)) {}
    void parse(const message &m) { detail::check(nlrs_neigh_parse(h_.get(), m.c_msg())); }
    nlrs_neigh *c_ptr() const noexcept { return h_.get(); }

private:
    detail::handle<nlrs_neigh, nlrs_neigh_free> h_;
};

/// A neighbour entry a mirror lends (mirror_object::as_neighbour()), with neighbour's
/// getters: borrowed, valid as long as the mirror_object it came from.
class neighbour_view : public detail::neighbour_getters<neighbour_view> {
public:
    explicit neighbour_view(const nlrs_neigh *p) noexcept : p_(p) {}
    const nlrs_neigh *c_ptr() const noexcept { return p_; }

private:
    const nlrs_neigh *p_;
};

/// A neighbour entry to add or delete, a plain value (the arguments of
/// nlrs_neigh_add_flags() and nlrs_neigh_delete_flags()): "`dst` is at lladdr() on interface
/// `ifindex`", NLRS_NUD_PERMANENT unless state() says otherwise, then socket::add_neighbour()
/// or socket::delete_neighbour().
///
///     const std::uint8_t mac[] = {0x02, 0, 0, 0, 0, 0x05};
///     sock.add_neighbour(nlrs::neighbour_spec(ifindex, *nlrs::ip_address::parse("10.0.0.5"))
///                            .lladdr(nlrs::byte_view(mac, sizeof mac)));
class neighbour_spec {
public:
    neighbour_spec(std::uint32_t ifindex, const ip_address &dst) noexcept : ifindex_(ifindex), dst_(dst) {}
    /// The link-layer address (copied; none for an entry without one, e.g. NLRS_NUD_NOARP or
    /// a proxy entry; more than 32 bytes: EINVAL from the add).
    neighbour_spec &lladdr(byte_view v)
    {
        lladdr_.assign(v.begin(), v.end());
        return *this;
    }
    /// The state (NLRS_NUD_*; NLRS_NUD_PERMANENT by default, as `ip neigh add`).
    neighbour_spec &state(std::uint16_t v) noexcept
    {
        state_ = v;
        return *this;
    }
    /// The NLRS_NTF_* flags: NLRS_NTF_ROUTER (`ip neigh ... router`), NLRS_NTF_EXT_LEARNED
    /// (`extern_learn`), NLRS_NTF_USE, or NLRS_NTF_PROXY for a proxy entry (`ip neigh add
    /// proxy`; a delete with it deletes the proxy entry).
    neighbour_spec &flags(std::uint8_t v) noexcept
    {
        flags_ = v;
        return *this;
    }

    std::uint32_t ifindex() const noexcept { return ifindex_; }
    const ip_address &dst() const noexcept { return dst_; }
    byte_view lladdr() const noexcept { return {lladdr_.data(), lladdr_.size()}; }
    std::uint16_t state() const noexcept { return state_; }
    std::uint8_t flags() const noexcept { return flags_; }

private:
    std::uint32_t ifindex_;
    ip_address dst_;
    std::vector<std::uint8_t> lladdr_;
    std::uint16_t state_ = NLRS_NUD_PERMANENT;
    std::uint8_t flags_ = 0;
};

}  // namespace nlrs

#endif  // NLRS_NEIGHBOUR_HPP
