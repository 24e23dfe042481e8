// nlrs/address.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): addresses: address (owned), address_view (a mirror's), address_spec.
#ifndef NLRS_ADDRESS_HPP
#define NLRS_ADDRESS_HPP

#include "object.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nlrs {

namespace detail {
/// The getters of an address (nlrs_addr), shared by address and address_view.
template <typename Derived>
class address_getters {
public:
    std::uint32_t ifindex() const noexcept { return nlrs_addr_ifindex(p()); }
    std::uint8_t family() const noexcept { return nlrs_addr_family(p()); }
    std::uint8_t prefixlen() const noexcept { return nlrs_addr_prefixlen(p()); }
    std::uint32_t flags() const noexcept { return nlrs_addr_flags(p()); }
    std::uint8_t scope() const noexcept { return nlrs_addr_scope(p()); }
    /// The interface's own address (IFA_LOCAL, else IFA_ADDRESS), as `ip address` shows it;
    /// of family NLRS_AF_UNSPEC when there is no object.
    ip_address ip() const
    {
        ip_address a;
        if (p() != nullptr)
            check(nlrs_addr_ip(p(), &a.c));
        return a;
    }
    /// IFA_LOCAL as the kernel sent it.
    std::optional<ip_address> local() const { return address_field(nlrs_addr_local, p()); }
    /// IFA_ADDRESS as the kernel sent it: the peer of a point-to-point link, else the address.
    std::optional<ip_address> peer() const { return address_field(nlrs_addr_address, p()); }
    std::optional<ip_address> broadcast() const { return address_field(nlrs_addr_broadcast, p()); }
    /// The label (IPv4); empty for none.
    std::string_view label() const noexcept { return view(nlrs_addr_label(p())); }
    /// The remaining valid and preferred lifetimes in seconds (NLRS_ADDR_LIFETIME_FOREVER for
    /// forever).
    struct lifetimes_t {
        std::uint32_t valid;
        std::uint32_t preferred;
    };
    std::optional<lifetimes_t> lifetimes() const
    {
        lifetimes_t l{};
        if (p() != nullptr && check(nlrs_addr_lifetimes(p(), &l.valid, &l.preferred)) == 1)
            return l;
        return std::nullopt;
    }
    /// The message the address was read from (empty for a mirror's).
    message msg() const noexcept { return message(nlrs_addr_msg(p())); }

private:
    const nlrs_addr *p() const noexcept { return static_cast<const Derived &>(*this).c_ptr(); }
};
}  // namespace detail

/// An interface address (nlrs_addr): owned, filled by a dump.
class address : public detail::address_getters<address> {
public:
    address() : h_(detail::make<nlrs_addr>(nlrs_addr_new)) {}
    void parse(const message &m) { detail::check(nlrs_addr_parse(h_.get(), m.c_msg())); }
    nlrs_addr *c_ptr() const noexcept { return h_.get(); }

private:
    detail::handle<nlrs_addr, nlrs_addr_free> h_;
};

/// An address a mirror lends (mirror_object::as_address()), with address's getters: borrowed,
/// valid as long as the mirror_object it came from.
class address_view : public detail::address_getters<address_view> {
public:
    explicit address_view(const nlrs_addr *p) noexcept : p_(p) {}
    const nlrs_addr *c_ptr() const noexcept { return p_; }

private:
    const nlrs_addr *p_;
};

/// An address to add or delete on one interface (nlrs_addr_spec): made with the interface,
/// the address and its prefix length (scope global, no flags, forever), then set what else
/// should be, then socket::add_address() or socket::delete_address().
///
///     sock.add_address(nlrs::address_spec(ifindex, *nlrs::ip_address::parse("10.0.0.1"), 24)
///                          .broadcast(*nlrs::ip_address::parse("10.0.0.255")));
class address_spec : public detail::builder<address_spec, nlrs_addr_spec, nlrs_addr_spec_free> {
public:
    /// Throws nlrs::error EINVAL (a `prefixlen` longer than the address) or EAFNOSUPPORT
    /// (`address` neither IPv4 nor IPv6).
    address_spec(std::uint32_t ifindex, const ip_address &address, unsigned prefixlen)
        : builder(detail::make<nlrs_addr_spec>(nlrs_addr_spec_new, ifindex, &address.c, detail::narrow<std::uint8_t>(prefixlen)))
    {
    }
    /// The peer of a point-to-point link (IFA_ADDRESS; by default the address itself).
    address_spec &peer(const ip_address &a) { return done(nlrs_addr_spec_set_peer(h_.get(), &a.c)); }
    /// The broadcast address (IFA_BROADCAST, IPv4).
    address_spec &broadcast(const ip_address &a) { return done(nlrs_addr_spec_set_broadcast(h_.get(), &a.c)); }
    /// The label (IFA_LABEL, IPv4): the kernel wants it to start with the interface's name.
    address_spec &label(const std::string &v) { return done(nlrs_addr_spec_set_label(h_.get(), detail::c_string(v))); }
    /// The scope (NLRS_RT_SCOPE_*; global by default).
    address_spec &scope(std::uint8_t v) { return done(nlrs_addr_spec_set_scope(h_.get(), v)); }
    /// The NLRS_IFA_F_* flags, e.g. NLRS_IFA_F_NODAD (none by default).
    address_spec &flags(std::uint32_t v) { return done(nlrs_addr_spec_set_flags(h_.get(), v)); }
    /// The valid and preferred lifetimes in seconds (NLRS_ADDR_LIFETIME_FOREVER, the default,
    /// for forever); `preferred` must not exceed `valid` (the kernel says so otherwise).
    address_spec &lifetimes(std::uint32_t valid, std::uint32_t preferred)
    {
        return done(nlrs_addr_spec_set_lifetimes(h_.get(), valid, preferred));
    }
};

}  // namespace nlrs

#endif  // NLRS_ADDRESS_HPP
