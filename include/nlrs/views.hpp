// nlrs/views.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): borrowed views of what the library lends (bytes, attributes, messages) and
// ip_address.
#ifndef NLRS_VIEWS_HPP
#define NLRS_VIEWS_HPP

#include "error.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace nlrs {

/// A borrowed run of bytes, like std::span<const std::uint8_t>.
class byte_view {
public:
    constexpr byte_view() noexcept = default;
    constexpr byte_view(const std::uint8_t *data, std::size_t size) noexcept : data_(data), size_(size) {}
    constexpr const std::uint8_t *data() const noexcept { return data_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr const std::uint8_t *begin() const noexcept { return data_; }
    constexpr const std::uint8_t *end() const noexcept { return data_ + size_; }
    constexpr std::uint8_t operator[](std::size_t i) const noexcept { return data_[i]; }

private:
    const std::uint8_t *data_ = nullptr;
    std::size_t size_ = 0;
};

class attributes;

/// One attribute of a received message (borrowed): its type, payload and typed reads.
class attribute {
public:
    explicit attribute(const nlrs_attr &a) noexcept : a_(a) {}
    /// The type with the NLA_F_* flags masked off.
    std::uint16_t type() const noexcept { return a_.type; }
    /// The payload.
    byte_view data() const noexcept { return {a_.data, a_.len}; }
    /// The payload as a u32 (throws nlrs::error EBADMSG when it is not 4 bytes).
    std::uint32_t u32() const
    {
        std::uint32_t v = 0;
        detail::check(nlrs_attr_get_u32(&a_, &v));
        return v;
    }
    /// The payload as a u16.
    std::uint16_t u16() const
    {
        std::uint16_t v = 0;
        detail::check(nlrs_attr_get_u16(&a_, &v));
        return v;
    }
    /// The payload as a u8.
    std::uint8_t u8() const
    {
        std::uint8_t v = 0;
        detail::check(nlrs_attr_get_u8(&a_, &v));
        return v;
    }
    /// The payload as a NUL-terminated string (throws EBADMSG without its NUL).
    std::string_view str() const
    {
        const char *s = nullptr;
        detail::check(nlrs_attr_get_string(&a_, &s));
        return s;
    }
    /// The attributes nested in the payload.
    attributes nested() const;

private:
    nlrs_attr a_;
};

/// The attributes of a message or a nested attribute, as a range (borrowed) read once, like
/// the dumps: call attrs() or nested() again to read them again.
class attributes : public detail::read_once<attributes, attribute> {
public:
    explicit attributes(nlrs_attr_iter it) noexcept : it_(it) {}

private:
    friend read_once;
    bool step()
    {
        nlrs_attr a{};
        if (detail::check(nlrs_attr_next(&it_, &a)) == 0)
            return false;
        item_ = attribute(a);
        return true;
    }

    nlrs_attr_iter it_;
    attribute item_{nlrs_attr{}};
};

inline attributes attribute::nested() const
{
    nlrs_attr_iter it{};
    detail::check(nlrs_attr_nested(&a_, &it));
    return attributes(it);
}

/// A received message (borrowed, valid as long as the C API says its nlrs_rmsg is).
class message {
public:
    explicit message(nlrs_rmsg m) noexcept : m_(m) {}
    std::uint16_t type() const noexcept { return nlrs_rmsg_type(m_); }
    std::uint16_t flags() const noexcept { return nlrs_rmsg_flags(m_); }
    std::uint32_t seq() const noexcept { return nlrs_rmsg_seq(m_); }
    /// The whole message, nlmsghdr included.
    byte_view bytes() const noexcept { return {m_.ptr, m_.len}; }
    /// The family header as a copy of `Header` (e.g. nlrs_ifinfomsg).
    template <typename Header>
    Header header() const
    {
        nlrs_bytes b{};
        detail::check(nlrs_rmsg_header(m_, sizeof(Header), &b));
        Header h{};
        std::memcpy(&h, b.ptr, sizeof(Header));
        return h;
    }
    /// The attributes after a family header of `hdr_len` bytes.
    attributes attrs(std::size_t hdr_len) const
    {
        nlrs_attr_iter it{};
        detail::check(nlrs_rmsg_attrs(m_, hdr_len, &it));
        return attributes(it);
    }
    /// The C view, for the C API's typed parsers.
    nlrs_rmsg c_msg() const noexcept { return m_; }

private:
    nlrs_rmsg m_;
};

/// An IPv4 or IPv6 address (nlrs_ipaddr) with its text form.
struct ip_address {
    nlrs_ipaddr c{};

    /// The address family: NLRS_AF_INET, NLRS_AF_INET6, or NLRS_AF_UNSPEC for none.
    std::uint8_t family() const noexcept { return c.family; }
    /// The address bytes: 4 or 16 of them, network order.
    byte_view bytes() const noexcept
    {
        return {c.addr, c.family == NLRS_AF_INET ? 4u : c.family == NLRS_AF_INET6 ? 16u : 0u};
    }
    /// The text form ("10.0.0.1", "2001:db8::1"); empty for none.
    std::string str() const;
    /// The address `text` writes ("10.0.0.1", "2001:db8::1"), or none when it is neither.
    static std::optional<ip_address> parse(const std::string &text) noexcept;

    /// The same family and the same bytes of it (an IPv4 address's 4: C ignores the rest, which
    /// may hold anything).
    friend bool operator==(const ip_address &a, const ip_address &b) noexcept
    {
        byte_view x = a.bytes(), y = b.bytes();
        return a.family() == b.family() && std::equal(x.begin(), x.end(), y.begin(), y.end());
    }
    friend bool operator!=(const ip_address &a, const ip_address &b) noexcept { return !(a == b); }
};

inline std::string ip_address::str() const
{
    // inet_ntop() is what `ip` prints with: the same text, "::" and IPv4-mapped forms included.
    int af = c.family == NLRS_AF_INET ? AF_INET : c.family == NLRS_AF_INET6 ? AF_INET6 : -1;
    std::array<char, INET6_ADDRSTRLEN> buf{};
    if (af < 0 || inet_ntop(af, c.addr, buf.data(), static_cast<socklen_t>(buf.size())) == nullptr)
        return {};
    return buf.data();
}

inline std::optional<ip_address> ip_address::parse(const std::string &text) noexcept
{
    ip_address a;
    const char *s = detail::c_string(text);
    if (s == nullptr)
        return std::nullopt;
    if (inet_pton(AF_INET, s, a.c.addr) == 1)
        a.c.family = NLRS_AF_INET;
    else if (inet_pton(AF_INET6, s, a.c.addr) == 1)
        a.c.family = NLRS_AF_INET6;
    else
        return std::nullopt;
    return a;
}

}  // namespace nlrs

#endif  // NLRS_VIEWS_HPP
