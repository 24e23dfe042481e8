/*
 * nlrs.hpp: the C++17 face of libnlrs.h, header-only.
 *
 * Handles are RAII, move-only objects that free their C handle in the destructor; borrowed
 * data (names, payloads, messages, a mirror's objects: link_view, ...) are views valid as long
 * as the C API says the borrowed data is; dumps are input ranges read once (begin() reads the
 * first item once), a mirror a forward range:
 *
 *     nlrs::socket sock;                              // NLRS_PROTO_ROUTE
 *     for (const auto &link : sock.links())
 *         std::cout << link.ifindex() << ' ' << link.name() << '\n';
 *     nlrs_route_filter f{};
 *     f.table = NLRS_RT_TABLE_MAIN;
 *     for (const auto &r : sock.routes(f))           // decoded in the library, one per route
 *         use(r.dst(), r.dst_len(), r.oif());
 *     sock.apply(sock.link_by_name("v0").ifindex(), nlrs::link_change().mtu(1400).up(true));
 *
 * What it reads it also makes: addresses, routes and neighbours from a fluent spec
 * (address_spec, route_spec, neighbour_spec; add_*() with an nlrs::mode, delete_*()), and
 * links of each kind (create_veth(), ..., delete_link(), add_altname()):
 *
 *     auto ip = [](const char *text) { return *nlrs::ip_address::parse(text); };
 *     sock.add_address(nlrs::address_spec(ifindex, ip("10.0.0.1"), 24));
 *     sock.add_route(nlrs::route_spec(ip("10.1.0.0"), 16).gateway(ip("10.0.0.2")), nlrs::mode::upsert);
 *
 * Errors: every call that can fail throws nlrs::error, a std::system_error whose code() is
 * in nlrs::category() (values are the positive codes: errno values, or NLRS_E_* at 4096 and
 * above; errno values compare equal to std::errc), with the kernel's text and the path of
 * the attribute it pointed at. The socket's calls (opening, dumps, apply(), send(), the adds,
 * deletes and creates) also have an overload taking a std::error_code & last, which throws
 * nothing but std::bad_alloc and leaves the kernel's text on the socket (socket::error_text();
 * a family's: family::error_text()). A dump range made with an error_code stops at an error
 * and sets it.
 *
 * Integers go to C in its types: one that does not fit (a prefix length above 255, a VLAN id
 * above 65535) is refused with EINVAL, never cut to fit.
 *
 * Strings go to C as std::string (NUL-terminated for it); one that holds a NUL is refused with
 * EINVAL, as C would read it cut short ("lo\0x" is not "lo").
 *
 * Threads: as in C, an object may be used from any thread, one thread at a time.
 */
#ifndef NLRS_HPP
#define NLRS_HPP

#include "libnlrs.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace nlrs {

// --------------------------------------------------------------------------------------------
// Errors

/// The error category of nlrs codes: the value is the positive code (`-rc` of a C call).
class error_category_impl final : public std::error_category {
public:
    const char *name() const noexcept override { return "nlrs"; }

    std::string message(int value) const override
    {
        std::array<char, 256> buf{};
        nlrs_strerror(-value, buf.data(), buf.size());
        return buf.data();
    }

    /// errno values map to std::generic_category(), so `ec == std::errc::invalid_argument`.
    std::error_condition default_error_condition(int value) const noexcept override
    {
        if (value > 0 && value < NLRS_E_PANIC)
            return {value, std::generic_category()};
        return {value, *this};
    }
};

/// The one instance of the nlrs error category.
inline const std::error_category &category() noexcept
{
    static const error_category_impl instance;
    return instance;
}

/// The error_code of a negative code returned by a C call.
inline std::error_code make_error_code(int rc) noexcept { return {-rc, category()}; }

/// A failed call: code() in nlrs::category(), plus what the kernel said.
class error : public std::system_error {
public:
    error(int rc, std::string kernel_message, std::string attribute_path,
          std::optional<std::uint32_t> missing_attribute = std::nullopt)
        : std::system_error(make_error_code(rc)), kernel_message_(std::move(kernel_message)),
          attribute_path_(std::move(attribute_path)), missing_attribute_(missing_attribute), what_(code().message())
    {
        // As nlrs_socket_error_text() puts it: "<errno text>: <kernel text> (attribute <path>)".
        if (!kernel_message_.empty())
            what_ += ": " + kernel_message_;
        if (!attribute_path_.empty())
            what_ += " (attribute " + attribute_path_ + ")";
    }

    /// The tag of the constructor that takes the whole text, as the C API composed it.
    struct whole_text {};
    /// An error whose what() is `text` as it stands (the description engine's errors, whose
    /// text nlrs_family_error() composes, and a description file's problems).
    error(int rc, std::string text, std::string attribute_path, whole_text)
        : std::system_error(make_error_code(rc)), attribute_path_(std::move(attribute_path)), what_(std::move(text))
    {
    }

    const char *what() const noexcept override { return what_.c_str(); }

    /// The kernel's text from its extended ACK; empty when it sent none.
    const std::string &kernel_message() const noexcept { return kernel_message_; }
    /// The attribute the kernel pointed at, as a path ("IFLA_LINKINFO > IFLA_INFO_KIND"; for
    /// nlrs::family, in the description's names: "header.dev-name"); empty when none is known.
    const std::string &attribute_path() const noexcept { return attribute_path_; }
    /// The type of the attribute the kernel said the request lacks (its extended ACK's
    /// NLMSGERR_ATTR_MISS_TYPE, e.g. a generic family's required attribute); none when it named
    /// none.
    std::optional<std::uint32_t> missing_attribute() const noexcept { return missing_attribute_; }

private:
    std::string kernel_message_;
    std::string attribute_path_;
    std::optional<std::uint32_t> missing_attribute_;
    std::string what_;
};

namespace detail {

/// Calls an snprintf-style C function (`fn(args..., buf, len)`) for its whole text.
template <typename Fn, typename... Args>
std::string snprintf_text(Fn fn, Args... args)
{
    int n = fn(args..., nullptr, 0);
    if (n <= 0)
        return {};
    std::string text(static_cast<std::size_t>(n), '\0');
    fn(args..., text.data(), text.size() + 1);
    return text;
}

/// Throws for a negative `rc` of a call without a socket; returns `rc` otherwise.
inline int check(int rc)
{
    if (rc < 0)
        throw error(rc, {}, {});
    return rc;
}

/// Whether `v` fits `T`, the narrower integer a C call takes (a prefix length, a TOS, a VLAN
/// id): one that does not is refused with EINVAL, never cut to fit (264 is not /8).
template <typename T>
constexpr bool fits(unsigned v) noexcept
{
    return v <= std::numeric_limits<T>::max();
}

/// `v` as `T`; throws nlrs::error EINVAL when it does not fit.
template <typename T>
T narrow(unsigned v)
{
    if (!fits<T>(v))
        throw error(-EINVAL, {}, {});
    return static_cast<T>(v);
}

/// `s` for a C call that takes a NUL-terminated string; NULL when `s` holds a NUL, which C
/// would read as the end ("lo\0x" would name "lo"): the C API refuses NULL with EINVAL, and a
/// lookup finds nothing by it.
inline const char *c_string(const std::string &s) noexcept
{
    return s.find('\0') == std::string::npos ? s.c_str() : nullptr;
}

/// Stores a negative `rc` in `ec` (clearing it otherwise); true when it failed.
inline bool failed(int rc, std::error_code &ec) noexcept
{
    ec = rc < 0 ? make_error_code(rc) : std::error_code();
    return rc < 0;
}

/// A new C object from a constructor of the `int nlrs_x_new(..., nlrs_x **out)` kind; throws
/// nlrs::error when it fails.
template <typename T, typename Fn, typename... Args>
T *make(Fn fn, Args... args)
{
    T *p = nullptr;
    check(fn(args..., &p));
    return p;
}

/// The deleter of a C handle type.
template <typename T, void (*Free)(T *)>
struct deleter {
    void operator()(T *p) const noexcept { Free(p); }
};

template <typename T, void (*Free)(T *)>
using handle = std::unique_ptr<T, deleter<T, Free>>;

/// The base of a range read once, step by step (a dump, attributes): `Derived::step()` reads
/// the next item into `Derived::item_` and returns false at the end (or throws). begin() reads
/// the first item at its first call only; a later call returns an iterator at the item read
/// last, or the end, so that `r.begin() != r.end()` before a loop reads nothing the loop then
/// misses. Every iterator of a range stands at the item read last: ++ on one moves them all
/// (an input range; `it++` returns nothing, as a C++20 input iterator may).
template <typename Derived, typename Item>
class read_once {
public:
    /// An input iterator at the item the range read last (the end: default-constructed).
    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using iterator_concept = std::input_iterator_tag;
        using value_type = Item;
        using difference_type = std::ptrdiff_t;
        using pointer = const Item *;
        using reference = const Item &;

        iterator() noexcept = default;
        explicit iterator(read_once *r) noexcept : r_(r) {}
        reference operator*() const noexcept { return r_->self().item_; }
        pointer operator->() const noexcept { return &r_->self().item_; }
        iterator &operator++()
        {
            if (!r_->advance())
                r_ = nullptr;
            return *this;
        }
        void operator++(int) { ++*this; }
        bool operator==(const iterator &o) const noexcept { return r_ == o.r_; }
        bool operator!=(const iterator &o) const noexcept { return r_ != o.r_; }

    private:
        read_once *r_ = nullptr;
    };

    /// The first item, read at the first call; later, the item read last, or the end.
    iterator begin()
    {
        if (!started_) {
            started_ = true;
            advance();
        }
        return ended_ ? iterator() : iterator(this);
    }
    iterator end() noexcept { return {}; }

private:
    Derived &self() noexcept { return static_cast<Derived &>(*this); }
    /// Reads the next item; false at the end. A step that throws ends the range.
    bool advance()
    {
        ended_ = true;
        ended_ = !self().step();
        return !ended_;
    }

    bool started_ = false;
    bool ended_ = false;
};

}  // namespace detail

// --------------------------------------------------------------------------------------------
// Views

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

// --------------------------------------------------------------------------------------------
// Names, as iproute2 6.1 prints them, and back

namespace detail {
/// A number by the name `text`, through a C parser of the `int fn(const char *, T *out)` kind;
/// none for a text that is no such name (nor a decimal number).
template <typename T>
std::optional<T> parse_name(int (*fn)(const char *, T *), const std::string &text) noexcept
{
    T v{};
    if (fn(c_string(text), &v) == 0)
        return v;
    return std::nullopt;
}
}  // namespace detail

/// Link flags (NLRS_IFF_*) as `ip` prints them: "NO-CARRIER,BROADCAST,MULTICAST,UP" (the
/// elements of `ip -j`'s `flags`, but for the M-DOWN iproute2 adds from the IFLA_LINK device).
inline std::string link_flags_text(std::uint32_t flags) { return detail::snprintf_text(nlrs_link_flags_text, flags); }
/// An operational state (NLRS_IF_OPER_*) as `ip` names it: "UP", "DOWN", "UNKNOWN", ...
inline std::string operstate_name(std::uint8_t state) { return detail::snprintf_text(nlrs_link_operstate_name, state); }
/// Neighbour states (NLRS_NUD_*) as `ip neigh` prints them, comma-separated: "PERMANENT".
inline std::string neigh_state_text(std::uint16_t state) { return detail::snprintf_text(nlrs_neigh_state_text, state); }
/// A route's type (NLRS_RTN_*), origin (NLRS_RTPROT_*), scope (NLRS_RT_SCOPE_*) and table as
/// `ip route` names them ("unicast", "boot", "link", "main"), else as a decimal number.
inline std::string route_type_name(std::uint8_t type) { return detail::snprintf_text(nlrs_route_type_name, type); }
inline std::string route_protocol_name(std::uint8_t protocol)
{
    return detail::snprintf_text(nlrs_route_protocol_name, protocol);
}
inline std::string route_scope_name(std::uint8_t scope) { return detail::snprintf_text(nlrs_route_scope_name, scope); }
inline std::string route_table_name(std::uint32_t table) { return detail::snprintf_text(nlrs_route_table_name, table); }
/// The numbers of those names (or of a decimal number), as `ip route` reads them; none for a
/// text that is neither.
inline std::optional<std::uint8_t> route_type_parse(const std::string &text) noexcept
{
    return detail::parse_name(nlrs_route_type_parse, text);
}
inline std::optional<std::uint8_t> route_protocol_parse(const std::string &text) noexcept
{
    return detail::parse_name(nlrs_route_protocol_parse, text);
}
inline std::optional<std::uint8_t> route_scope_parse(const std::string &text) noexcept
{
    return detail::parse_name(nlrs_route_scope_parse, text);
}
inline std::optional<std::uint32_t> route_table_parse(const std::string &text) noexcept
{
    return detail::parse_name(nlrs_route_table_parse, text);
}

// --------------------------------------------------------------------------------------------
// Typed objects

namespace detail {
/// A string the C API lends, as a view; empty for NULL.
inline std::string_view view(const char *s) noexcept { return s != nullptr ? s : std::string_view(); }

/// Reads an optional field through a C getter of the `int fn(const T *, V *out)` kind (1: the
/// object has it, 0: it has not, negative: an error, thrown). None for no object (a mirror
/// object's view of another kind, a moved-from object), as for the other getters.
template <typename V, typename T>
std::optional<V> optional_field(int (*fn)(const T *, V *), const T *p)
{
    V v{};
    if (p != nullptr && check(fn(p, &v)) == 1)
        return v;
    return std::nullopt;
}

/// Reads a run of bytes through a C getter of the `int fn(const T *, nlrs_bytes *out)` kind;
/// empty when the object has none, or there is no object.
template <typename T>
byte_view bytes_field(int (*fn)(const T *, nlrs_bytes *), const T *p)
{
    nlrs_bytes b{};
    return p != nullptr && check(fn(p, &b)) == 1 ? byte_view(b.ptr, b.len) : byte_view();
}

/// Reads an address through a C getter of the `int fn(const T *, nlrs_ipaddr *out)` kind;
/// none when the object has none, or there is no object.
template <typename T>
std::optional<ip_address> address_field(int (*fn)(const T *, nlrs_ipaddr *), const T *p)
{
    ip_address a;
    if (p != nullptr && check(fn(p, &a.c)) == 1)
        return a;
    return std::nullopt;
}

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

namespace detail {
/// The base of the owners of a C object built by setters that return 0 or a negative code
/// (link_change, address_spec, route_spec, request): done() throws nlrs::error for a failed
/// setter and returns the object, so that setters chain.
template <typename Derived, typename T, void (*Free)(T *)>
class builder {
public:
    const T *c_ptr() const noexcept { return h_.get(); }

protected:
    explicit builder(T *adopted) noexcept : h_(adopted) {}
    Derived &done(int rc)
    {
        check(rc);
        return static_cast<Derived &>(*this);
    }
    handle<T, Free> h_;
};
}  // namespace detail

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

/// What an add does when the object exists (NLRS_MODE_*): `create` fails with EEXIST,
/// `replace` changes it (and fails when it does not exist), `upsert` adds or changes it,
/// `append` adds another beside it (e.g. a second route to the same prefix).
enum class mode : int {
    create = NLRS_MODE_CREATE,
    replace = NLRS_MODE_REPLACE,
    upsert = NLRS_MODE_UPSERT,
    append = NLRS_MODE_APPEND,
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

/// A request being built (nlrs_msg).
class request : public detail::builder<request, nlrs_msg, nlrs_msg_free> {
public:
    /// A message of `type` with NLM_F_* `flags` (explicit: a number is no request).
    explicit request(std::uint16_t type, std::uint16_t flags = 0)
        : builder(detail::make<nlrs_msg>(nlrs_msg_new, type, flags))
    {
    }
    /// Takes over a message another constructor of the C API made (nlrs_genl_msg_new()).
    explicit request(nlrs_msg *adopted) noexcept : builder(adopted) {}
    template <typename Header>
    request &header(const Header &h) { return done(nlrs_msg_put_header(h_.get(), &h, sizeof h)); }
    request &put_u8(std::uint16_t t, std::uint8_t v) { return done(nlrs_msg_put_u8(h_.get(), t, v)); }
    request &put_u16(std::uint16_t t, std::uint16_t v) { return done(nlrs_msg_put_u16(h_.get(), t, v)); }
    request &put_u32(std::uint16_t t, std::uint32_t v) { return done(nlrs_msg_put_u32(h_.get(), t, v)); }
    request &put_string(std::uint16_t t, const std::string &v) { return done(nlrs_msg_put_string(h_.get(), t, detail::c_string(v))); }
    request &put_bytes(std::uint16_t t, byte_view v) { return done(nlrs_msg_put_bytes(h_.get(), t, v.data(), v.size())); }
    request &nest_start(std::uint16_t t) { return done(nlrs_msg_nest_start(h_.get(), t)); }
    request &nest_end() { return done(nlrs_msg_nest_end(h_.get())); }
};

// --------------------------------------------------------------------------------------------
// The socket and its dumps

class socket;

namespace detail {
/// The exception for `rc` of a call on `sock`, with the kernel's extended ACK when `rc` is
/// the kernel's own error. Must be made before the next call on `sock`.
error socket_error(const nlrs_socket *sock, int rc);
}  // namespace detail


/// A dump in progress, as a range of `Item` (const Item & per step, valid until the next).
/// `Step` reads the next item: `int step(nlrs_dump *, Item &)`, the C API's 1 / 0 / -code.
/// Move-only; the range may be iterated once. Destroy it before its socket.
template <typename Item, int (*Step)(nlrs_dump *, Item &)>
class dump_range : public detail::read_once<dump_range<Item, Step>, Item> {
public:
    dump_range(const nlrs_socket *sock, nlrs_dump *d, std::error_code *ec) noexcept : sock_(sock), d_(d), ec_(ec) {}

private:
    friend detail::read_once<dump_range, Item>;
    bool step()
    {
        if (!d_)
            return false;
        int rc = Step(d_.get(), item_);
        if (rc > 0)
            return true;
        if (rc < 0) {
            if (ec_ != nullptr)
                *ec_ = make_error_code(rc);
            else
                throw detail::socket_error(sock_, rc);
        }
        return false;
    }

    const nlrs_socket *sock_;
    detail::handle<nlrs_dump, nlrs_dump_free> d_;
    std::error_code *ec_;
    Item item_{};
};

namespace detail {
inline int step_route(nlrs_dump *d, route &r)
{
    nlrs_route_info info{};
    int rc = nlrs_route_dump_next(d, &info);
    if (rc > 0)
        r = route(info);
    return rc;
}

/// One message of a dump, parsed into a reusable typed object `T`.
template <typename T>
int step_parsed(nlrs_dump *d, T &obj)
{
    nlrs_rmsg m{};
    int rc = nlrs_dump_next(d, &m);
    if (rc > 0)
        obj.parse(message(m));
    return rc;
}

/// A raw message of a dump.
struct raw_item {
    message msg{nlrs_rmsg{}};
};
inline int step_raw(nlrs_dump *d, raw_item &item)
{
    nlrs_rmsg m{};
    int rc = nlrs_dump_next(d, &m);
    if (rc > 0)
        item.msg = message(m);
    return rc;
}
}  // namespace detail

using route_dump = dump_range<route, detail::step_route>;
using link_dump = dump_range<link, detail::step_parsed<link>>;
using address_dump = dump_range<address, detail::step_parsed<address>>;
using neighbour_dump = dump_range<neighbour, detail::step_parsed<neighbour>>;
using message_dump = dump_range<detail::raw_item, detail::step_raw>;

class genl_family;

/// A netlink socket (nlrs_socket), move-only.
class socket {
public:
    /// Opens a socket of `protocol` (NLRS_PROTO_ROUTE by default); throws nlrs::error.
    explicit socket(int protocol = NLRS_PROTO_ROUTE, std::uint32_t flags = 0)
    {
        nlrs_socket *p = nullptr;
        detail::check(nlrs_socket_open(protocol, flags, &p));
        h_.reset(p);
    }
    /// Opens a socket without throwing: check `ec`, and valid() before use.
    socket(int protocol, std::uint32_t flags, std::error_code &ec) noexcept
    {
        nlrs_socket *p = nullptr;
        if (!detail::failed(nlrs_socket_open(protocol, flags, &p), ec))
            h_.reset(p);
    }

    bool valid() const noexcept { return h_ != nullptr; }
    /// The descriptor, for poll()/epoll (owned by the socket).
    int fd() const noexcept { return nlrs_socket_fd(h_.get()); }
    nlrs_socket *c_ptr() const noexcept { return h_.get(); }

    /// The text for `ec` as the C API gives it (nlrs_socket_error_text()): errno text, the
    /// kernel's text and attribute path when `ec` is the socket's last kernel error.
    std::string error_text(std::error_code ec) const
    {
        return detail::snprintf_text(nlrs_socket_error_text, static_cast<const nlrs_socket *>(h_.get()), -ec.value());
    }

    /// The warning the kernel attached to the successful ACK of the last request or dump (e.g.
    /// "bytes leftover after parsing attributes"); empty when there is none. Valid until the
    /// next call on the socket.
    std::string_view warning() const noexcept { return detail::view(nlrs_socket_warning(h_.get())); }

    void set_timeout_ms(std::uint32_t ms) { call(nlrs_socket_set_timeout_ms(h_.get(), ms)); }
    void join_group(std::uint32_t group) { call(nlrs_socket_join_group(h_.get(), group)); }

    // -- dumps: ranges; with an error_code they stop at an error and set it ------------------

    route_dump routes(const nlrs_route_filter &filter = {}) { return start<route_dump>(nullptr, nlrs_route_dump, &filter); }
    route_dump routes(const nlrs_route_filter &filter, std::error_code &ec)
    {
        return start<route_dump>(&ec, nlrs_route_dump, &filter);
    }
    link_dump links() { return start<link_dump>(nullptr, nlrs_link_dump); }
    link_dump links(std::error_code &ec) { return start<link_dump>(&ec, nlrs_link_dump); }
    address_dump addresses(std::uint8_t family = NLRS_AF_UNSPEC, std::uint32_t ifindex = 0)
    {
        return start<address_dump>(nullptr, nlrs_addr_dump, family, ifindex);
    }
    address_dump addresses(std::uint8_t family, std::uint32_t ifindex, std::error_code &ec)
    {
        return start<address_dump>(&ec, nlrs_addr_dump, family, ifindex);
    }
    neighbour_dump neighbours(std::uint8_t family = NLRS_AF_UNSPEC, std::uint32_t ifindex = 0)
    {
        return start<neighbour_dump>(nullptr, nlrs_neigh_dump, family, ifindex);
    }
    neighbour_dump neighbours(std::uint8_t family, std::uint32_t ifindex, std::error_code &ec)
    {
        return start<neighbour_dump>(&ec, nlrs_neigh_dump, family, ifindex);
    }
    /// The proxy ARP and NDP entries (`ip neigh show proxy`), which the kernel dumps apart.
    neighbour_dump proxy_neighbours(std::uint8_t family = NLRS_AF_UNSPEC, std::uint32_t ifindex = 0)
    {
        return start<neighbour_dump>(nullptr, nlrs_neigh_proxy_dump, family, ifindex);
    }
    neighbour_dump proxy_neighbours(std::uint8_t family, std::uint32_t ifindex, std::error_code &ec)
    {
        return start<neighbour_dump>(&ec, nlrs_neigh_proxy_dump, family, ifindex);
    }
    /// A dump of any request (NLM_F_DUMP added); each item's `msg` is the message.
    message_dump dump(const request &req) { return start<message_dump>(nullptr, nlrs_socket_dump, req.c_ptr()); }
    message_dump dump(const request &req, std::error_code &ec)
    {
        return start<message_dump>(&ec, nlrs_socket_dump, req.c_ptr());
    }

    // -- requests ----------------------------------------------------------------------------

    /// The link called `name` (ENODEV when there is none).
    link link_by_name(const std::string &name)
    {
        class link l;
        call(nlrs_link_get_by_name(h_.get(), detail::c_string(name), l.c_ptr()));
        return l;
    }
    /// The link with index `ifindex` (ENODEV when there is none).
    link link_by_index(std::uint32_t ifindex)
    {
        class link l;
        call(nlrs_link_get(h_.get(), ifindex, l.c_ptr()));
        return l;
    }
    /// The route the kernel would use to reach `to` (`ip route get`: for IPv4 a cached clone
    /// with the gateway, interface and source it chose; ENETUNREACH when there is none).
    route route_get(const ip_address &to)
    {
        detail::handle<nlrs_route, nlrs_route_free> r(detail::make<nlrs_route>(nlrs_route_new));
        call(nlrs_route_get(h_.get(), &to.c, r.get()));
        return route::of(r.get());
    }
    /// Applies `change` to the link with index `ifindex`.
    void apply(std::uint32_t ifindex, const link_change &change)
    {
        call(nlrs_link_change_apply(h_.get(), ifindex, change.c_ptr()));
    }
    void apply(std::uint32_t ifindex, const link_change &change, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_change_apply(h_.get(), ifindex, change.c_ptr()), ec);
    }

    // -- making and deleting: each also with an error_code, as apply() --------------------------

    /// Adds the address `spec` describes; `m` decides what happens when it exists (create:
    /// EEXIST; replace and upsert update it, as `ip addr replace`).
    void add_address(const address_spec &spec, mode m = mode::create)
    {
        call(nlrs_addr_add(h_.get(), spec.c_ptr(), static_cast<int>(m)));
    }
    void add_address(const address_spec &spec, mode m, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_addr_add(h_.get(), spec.c_ptr(), static_cast<int>(m)), ec);
    }
    /// Deletes the address `spec` describes (its address and prefix length name it;
    /// EADDRNOTAVAIL when there is none such).
    void delete_address(const address_spec &spec) { call(nlrs_addr_delete(h_.get(), spec.c_ptr())); }
    void delete_address(const address_spec &spec, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_addr_delete(h_.get(), spec.c_ptr()), ec);
    }

    /// Adds the route `spec` describes; `m` decides what happens when one with the same
    /// destination, table, type of service and priority exists (create: EEXIST; replace
    /// replaces it; upsert adds or replaces, as `ip route replace`; append adds another).
    void add_route(const route_spec &spec, mode m = mode::create)
    {
        call(nlrs_route_add(h_.get(), spec.c_ptr(), static_cast<int>(m)));
    }
    void add_route(const route_spec &spec, mode m, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_route_add(h_.get(), spec.c_ptr(), static_cast<int>(m)), ec);
    }
    /// Deletes the route `spec` matches (ESRCH when none does).
    void delete_route(const route_spec &spec) { call(nlrs_route_delete(h_.get(), spec.c_ptr())); }
    void delete_route(const route_spec &spec, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_route_delete(h_.get(), spec.c_ptr()), ec);
    }

    /// Adds the neighbour entry `spec` describes; `m` decides what happens when an entry for
    /// its address exists (create: EEXIST; replace and upsert update it, as `ip neigh replace`).
    void add_neighbour(const neighbour_spec &spec, mode m = mode::create) { call(neigh_add(spec, m)); }
    void add_neighbour(const neighbour_spec &spec, mode m, std::error_code &ec) noexcept
    {
        detail::failed(neigh_add(spec, m), ec);
    }
    /// Deletes the entry for `spec`'s address on its interface (the proxy entry when its
    /// flags have NLRS_NTF_PROXY; ENOENT when there is none).
    void delete_neighbour(const neighbour_spec &spec) { call(neigh_delete(spec)); }
    void delete_neighbour(const neighbour_spec &spec, std::error_code &ec) noexcept
    {
        detail::failed(neigh_delete(spec), ec);
    }

    // Links, each made down; create-only (EEXIST when a link of the name exists). A kind the
    // kernel lacks is EOPNOTSUPP, with its text "Unknown device type".

    /// Creates the veth pair `name` and `peer`.
    void create_veth(const std::string &name, const std::string &peer)
    {
        call(nlrs_link_create_veth(h_.get(), detail::c_string(name), detail::c_string(peer)));
    }
    void create_veth(const std::string &name, const std::string &peer, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_veth(h_.get(), detail::c_string(name), detail::c_string(peer)), ec);
    }
    /// Creates a bridge.
    void create_bridge(const std::string &name) { call(nlrs_link_create_bridge(h_.get(), detail::c_string(name))); }
    void create_bridge(const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_bridge(h_.get(), detail::c_string(name)), ec);
    }
    /// Creates an intermediate functional block device.
    void create_ifb(const std::string &name) { call(nlrs_link_create_ifb(h_.get(), detail::c_string(name))); }
    void create_ifb(const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_ifb(h_.get(), detail::c_string(name)), ec);
    }
    /// Creates a dummy device.
    void create_dummy(const std::string &name) { call(nlrs_link_create_dummy(h_.get(), detail::c_string(name))); }
    void create_dummy(const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_dummy(h_.get(), detail::c_string(name)), ec);
    }
    /// Creates a macvlan on link `parent` in NLRS_MACVLAN_MODE_* `macvlan_mode`.
    void create_macvlan(const std::string &name, std::uint32_t parent, std::uint32_t macvlan_mode)
    {
        call(nlrs_link_create_macvlan(h_.get(), detail::c_string(name), parent, macvlan_mode));
    }
    void create_macvlan(const std::string &name, std::uint32_t parent, std::uint32_t macvlan_mode,
                        std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_macvlan(h_.get(), detail::c_string(name), parent, macvlan_mode), ec);
    }
    /// Creates a VXLAN device with `settings` (zeroed, then id and port at least).
    void create_vxlan(const std::string &name, const nlrs_vxlan &settings)
    {
        call(nlrs_link_create_vxlan(h_.get(), detail::c_string(name), &settings));
    }
    void create_vxlan(const std::string &name, const nlrs_vxlan &settings, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_vxlan(h_.get(), detail::c_string(name), &settings), ec);
    }
    /// Creates a VLAN device of VLAN `id` (1 to 4094) on link `parent`, its tags of
    /// `protocol` (NLRS_ETH_P_8021Q, or NLRS_ETH_P_8021AD).
    void create_vlan(const std::string &name, std::uint32_t parent, unsigned id,
                     std::uint16_t protocol = NLRS_ETH_P_8021Q)
    {
        call(vlan_create(name, parent, id, protocol));
    }
    void create_vlan(const std::string &name, std::uint32_t parent, unsigned id, std::uint16_t protocol,
                     std::error_code &ec) noexcept
    {
        detail::failed(vlan_create(name, parent, id, protocol), ec);
    }
    /// Creates a VRF device bound to routing table `table`.
    void create_vrf(const std::string &name, std::uint32_t table)
    {
        call(nlrs_link_create_vrf(h_.get(), detail::c_string(name), table));
    }
    void create_vrf(const std::string &name, std::uint32_t table, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_vrf(h_.get(), detail::c_string(name), table), ec);
    }
    /// Creates a bond in NLRS_BOND_MODE_* `bond_mode`.
    void create_bond(const std::string &name, std::uint8_t bond_mode)
    {
        call(nlrs_link_create_bond(h_.get(), detail::c_string(name), bond_mode));
    }
    void create_bond(const std::string &name, std::uint8_t bond_mode, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_bond(h_.get(), detail::c_string(name), bond_mode), ec);
    }
    /// Creates an ipvlan on link `parent` in NLRS_IPVLAN_MODE_* `ipvlan_mode`.
    void create_ipvlan(const std::string &name, std::uint32_t parent, std::uint16_t ipvlan_mode)
    {
        call(nlrs_link_create_ipvlan(h_.get(), detail::c_string(name), parent, ipvlan_mode));
    }
    void create_ipvlan(const std::string &name, std::uint32_t parent, std::uint16_t ipvlan_mode,
                       std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_ipvlan(h_.get(), detail::c_string(name), parent, ipvlan_mode), ec);
    }
    /// Deletes the link with index `ifindex` (a veth's peer goes with it; ENODEV: none).
    void delete_link(std::uint32_t ifindex) { call(nlrs_link_delete(h_.get(), ifindex)); }
    void delete_link(std::uint32_t ifindex, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_delete(h_.get(), ifindex), ec);
    }
    /// Gives the link with index `ifindex` the alternative name `name` (up to 127 bytes; as
    /// `ip link property add dev X altname NAME`; EEXIST when a link has that name).
    void add_altname(std::uint32_t ifindex, const std::string &name)
    {
        call(nlrs_link_add_altname(h_.get(), ifindex, detail::c_string(name)));
    }
    void add_altname(std::uint32_t ifindex, const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_add_altname(h_.get(), ifindex, detail::c_string(name)), ec);
    }
    /// Takes the alternative name `name` from the link with index `ifindex` (ENOENT when it has
    /// none such).
    void delete_altname(std::uint32_t ifindex, const std::string &name)
    {
        call(nlrs_link_delete_altname(h_.get(), ifindex, detail::c_string(name)));
    }
    void delete_altname(std::uint32_t ifindex, const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_delete_altname(h_.get(), ifindex, detail::c_string(name)), ec);
    }

    // -- generic netlink -----------------------------------------------------------------------

    /// The generic family called `name`, as the controller describes it (ENOENT: none).
    genl_family genl_resolve(const std::string &name);
    /// Joins multicast group `group` of `family` (its notifications then arrive on the socket).
    void genl_join(const genl_family &family, const std::string &group);

    /// Sends `req` and waits for its ACK (answers discarded).
    void send(const request &req) { call(nlrs_socket_request(h_.get(), req.c_ptr(), nullptr)); }
    void send(const request &req, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_socket_request(h_.get(), req.c_ptr(), nullptr), ec);
    }

private:
    void call(int rc)
    {
        if (rc < 0)
            throw detail::socket_error(h_.get(), rc);
    }

    int neigh_add(const neighbour_spec &spec, mode m) noexcept
    {
        byte_view ll = spec.lladdr();
        return nlrs_neigh_add_flags(h_.get(), spec.ifindex(), &spec.dst().c, ll.data(), ll.size(), spec.state(),
                                    spec.flags(), static_cast<int>(m));
    }
    /// nlrs_link_create_vlan(), or -EINVAL for an `id` above what its 16 bits hold.
    int vlan_create(const std::string &name, std::uint32_t parent, unsigned id, std::uint16_t protocol) noexcept
    {
        if (!detail::fits<std::uint16_t>(id))
            return -EINVAL;
        return nlrs_link_create_vlan(h_.get(), detail::c_string(name), parent, static_cast<std::uint16_t>(id), protocol);
    }
    int neigh_delete(const neighbour_spec &spec) noexcept
    {
        return nlrs_neigh_delete_flags(h_.get(), spec.ifindex(), &spec.dst().c, spec.flags());
    }

    template <typename Dump, typename Start, typename... Args>
    Dump start(std::error_code *ec, Start fn, Args... args)
    {
        nlrs_dump *d = nullptr;
        int rc = fn(h_.get(), args..., &d);
        if (rc < 0) {
            if (ec == nullptr)
                throw detail::socket_error(h_.get(), rc);
            *ec = make_error_code(rc);
            return Dump(h_.get(), nullptr, ec);
        }
        if (ec != nullptr)
            ec->clear();
        return Dump(h_.get(), d, ec);
    }

    detail::handle<nlrs_socket, nlrs_socket_free> h_;
};

inline error detail::socket_error(const nlrs_socket *sock, int rc)
{
    std::string kernel, path;
    std::optional<std::uint32_t> missing;
    if (sock != nullptr && -rc == nlrs_socket_last_errno(sock)) {
        if (const char *m = nlrs_socket_ext_msg(sock))
            kernel = m;
        path = snprintf_text(nlrs_socket_ext_path, sock);
        std::uint32_t type = 0;
        if (nlrs_socket_ext_miss_type(sock, &type) == 1)
            missing = type;
    }
    return error(rc, std::move(kernel), std::move(path), missing);
}

// --------------------------------------------------------------------------------------------
// Callbacks

namespace detail {
/// Carries a C++ callable through a C callback: `call` runs `f(args...)` and turns an
/// exception into the code -ECANCELED (the C call stops there), kept to be rethrown once the
/// C call has returned (rethrow()). Exceptions never cross the C library.
template <typename F>
struct trampoline {
    explicit trampoline(F &fn) noexcept : f(fn) {}

    F &f;
    std::exception_ptr err;

    template <typename... Args>
    static int call(void *self, Args... args) noexcept
    {
        auto *t = static_cast<trampoline *>(self);
        try {
            t->f(args...);
            return 0;
        } catch (...) {
            t->err = std::current_exception();
            return -ECANCELED;
        }
    }

    /// Rethrows the callable's exception, if any; else returns `rc`.
    int rethrow(int rc) const
    {
        if (err)
            std::rethrow_exception(err);
        return rc;
    }
};
}  // namespace detail

// --------------------------------------------------------------------------------------------
// Notifications: the monitor and the mirror

/// One notification of a monitor (borrowed: valid until the next call on the monitor).
class event {
public:
    explicit event(const nlrs_event &e) noexcept : kind_(e.kind), msg_(e.msg) {}
    /// NLRS_EVENT_NEWLINK, ..., NLRS_EVENT_OTHER, or NLRS_EVENT_OVERRUN (events were lost: the
    /// message is empty; re-read what matters with a dump).
    int kind() const noexcept { return kind_; }
    bool overrun() const noexcept { return kind_ == NLRS_EVENT_OVERRUN; }
    /// The message as it arrived: parse it with link::parse(), address::parse(), ...
    const message &msg() const noexcept { return msg_; }

private:
    int kind_;
    message msg_;
};

/// Notifications of rtnetlink multicast groups (nlrs_monitor), move-only. next() waits for an
/// event unless made with NLRS_MONITOR_NONBLOCK (then poll fd(), then next() or process()).
class monitor {
public:
    /// Joins `groups` (NLRS_RTNLGRP_LINK, ...); throws nlrs::error.
    explicit monitor(std::initializer_list<std::uint32_t> groups = {}, std::uint32_t flags = 0)
        : h_(detail::make<nlrs_monitor>(nlrs_monitor_new, groups.begin(), groups.size(), flags))
    {
    }

    /// The descriptor to poll for readability (owned by the monitor).
    int fd() const noexcept { return nlrs_monitor_fd(h_.get()); }
    void join(std::uint32_t group) { detail::check(nlrs_monitor_join(h_.get(), group)); }
    void set_rcvbuf(std::size_t size) { detail::check(nlrs_monitor_set_rcvbuf(h_.get(), size)); }

    /// The next event (waiting for one); none when none is queued on a NLRS_MONITOR_NONBLOCK
    /// monitor. Lost events are the event
    /// NLRS_EVENT_OVERRUN, never an error.
    std::optional<event> next()
    {
        nlrs_event e{};
        if (detail::check(nlrs_monitor_next(h_.get(), &e)) == 0)
            return std::nullopt;
        return event(e);
    }
    std::optional<event> next(std::error_code &ec) noexcept
    {
        nlrs_event e{};
        int rc = nlrs_monitor_next(h_.get(), &e);
        if (detail::failed(rc, ec) || rc == 0)
            return std::nullopt;
        return event(e);
    }

    /// Calls `f(const nlrs::event &)` for every event queued now, without waiting. An
    /// exception thrown by `f` stops there and is rethrown (the rest stays queued).
    template <typename F>
    void process(F &&f)
    {
        auto each = [&f](nlrs_event e) { f(event(e)); };
        detail::trampoline<decltype(each)> t{each};
        detail::check(t.rethrow(nlrs_monitor_process(h_.get(), &decltype(t)::template call<nlrs_event>, &t)));
    }

    nlrs_monitor *c_ptr() const noexcept { return h_.get(); }

private:
    detail::handle<nlrs_monitor, nlrs_monitor_free> h_;
};

/// An object of a mirror (borrowed: valid during the callback that hands it over, or until
/// the next call on the mirror). Read the getters of its kind(), which read the typed object
/// it lends (nlrs_object_link(), ...); the others return 0 or none.
class mirror_object {
public:
    explicit mirror_object(const nlrs_object *o) noexcept : o_(o) {}
    /// NLRS_OBJECT_LINK, NLRS_OBJECT_ADDR, NLRS_OBJECT_ROUTE, NLRS_OBJECT_NEIGH; 0 for none
    /// (the object of NLRS_CHANGE_RESYNC).
    int kind() const noexcept { return nlrs_object_kind(o_); }

    /// The link, address or neighbour entry it is, with all the getters of link, address or
    /// neighbour (whose getters read 0 or none when the object is of another kind).
    link_view as_link() const noexcept { return link_view(nlrs_object_link(o_)); }
    address_view as_address() const noexcept { return address_view(nlrs_object_addr(o_)); }
    neighbour_view as_neighbour() const noexcept { return neighbour_view(nlrs_object_neigh(o_)); }

    // The getters read most often, short for as_link().ifindex(), ...
    std::uint32_t link_ifindex() const noexcept { return as_link().ifindex(); }
    /// A copy of the name.
    std::string link_name() const { return std::string(as_link().name()); }
    std::uint32_t link_flags() const noexcept { return as_link().flags(); }
    std::optional<std::uint32_t> link_mtu() const { return as_link().mtu(); }

    std::uint32_t addr_ifindex() const noexcept { return as_address().ifindex(); }
    std::uint8_t addr_family() const noexcept { return as_address().family(); }
    std::uint8_t addr_prefixlen() const noexcept { return as_address().prefixlen(); }
    std::uint32_t addr_flags() const noexcept { return as_address().flags(); }
    /// The address; none when the object is of another kind.
    std::optional<ip_address> addr_ip() const { return detail::address_field(nlrs_addr_ip, nlrs_object_addr(o_)); }

    /// A route object as an nlrs::route (every field of nlrs_route_info); an empty route for
    /// an object of another kind.
    route as_route() const { return route::of(nlrs_object_route(o_)); }
    /// A route object with what only the object holds (metrics, paths, ...).
    route_view as_route_view() const noexcept { return route_view(nlrs_object_route(o_)); }

    std::uint32_t neigh_ifindex() const noexcept { return as_neighbour().ifindex(); }
    std::uint8_t neigh_family() const noexcept { return as_neighbour().family(); }
    std::uint16_t neigh_state() const noexcept { return as_neighbour().state(); }
    std::optional<ip_address> neigh_dst() const { return as_neighbour().dst(); }
    byte_view neigh_lladdr() const { return as_neighbour().lladdr(); }

    const nlrs_object *c_ptr() const noexcept { return o_; }

private:
    const nlrs_object *o_;
};

/// A table of links, addresses, routes and neighbours kept in step with the kernel
/// (nlrs_mirror), move-only. Iterate it for the objects it holds (links by index first); when
/// fd() is readable, process() applies what arrived and reports the real differences.
class mirror {
public:
    /// Subscribes to what `selection` names (NLRS_MIRROR_LINKS | ...), dumps it and calls
    /// `f(int change, const nlrs::mirror_object &)` with NLRS_CHANGE_ADD for every object.
    /// `rcvbuf`: the receive buffer in bytes (0: 1 MiB). Throws nlrs::error, or what `f` threw.
    template <typename F>
    mirror(std::uint32_t selection, F &&f, std::size_t rcvbuf = 0)
    {
        nlrs_mirror *p = nullptr;
        report(std::forward<F>(f), [&](nlrs_mirror_cb cb, void *t) {
            int rc = nlrs_mirror_start(selection, rcvbuf, cb, t, &p);
            h_.reset(p);
            return rc;
        });
    }

    /// The descriptor to poll for readability (owned by the mirror).
    int fd() const noexcept { return nlrs_mirror_fd(h_.get()); }
    /// Applies every event queued now, without waiting, calling `f(change, object)` for each
    /// real difference (lost events: a re-dump, its differences, then NLRS_CHANGE_RESYNC).
    template <typename F>
    void process(F &&f)
    {
        report(std::forward<F>(f), [this](nlrs_mirror_cb cb, void *t) { return nlrs_mirror_process(h_.get(), cb, t); });
    }
    /// Re-dumps now, reporting the differences and then NLRS_CHANGE_RESYNC.
    template <typename F>
    void resync(F &&f)
    {
        report(std::forward<F>(f), [this](nlrs_mirror_cb cb, void *t) { return nlrs_mirror_resync(h_.get(), cb, t); });
    }
    void set_attempts(std::uint32_t attempts) { detail::check(nlrs_mirror_set_attempts(h_.get(), attempts)); }
    /// How many times the mirror re-dumped after lost events.
    std::uint64_t resyncs() const noexcept { return nlrs_mirror_resyncs(h_.get()); }
    std::size_t size() const noexcept { return nlrs_mirror_len(h_.get()); }

    /// The objects in order, as a forward range of mirror_object; its iterators are valid until
    /// the mirror changes (process(), resync()) or moves. The C API lends a mirror one object
    /// at a time, which every step and lookup fills anew: an iterator walks back to its place
    /// when another call took the object meanwhile (a lookup in the middle of a walk, or a copy
    /// of the iterator that moved on; O(n) then), so that a walk is neither ended nor sent back
    /// by it. A mirror_object read from an iterator is the lent object itself: valid until the
    /// next step or lookup.
    class iterator {
    public:
        // A forward iterator whose reference is a value: C++20's forward_iterator, and for
        // the older algorithms (which want a reference) an input iterator.
        using iterator_category = std::input_iterator_tag;
        using iterator_concept = std::forward_iterator_tag;
        using value_type = mirror_object;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = mirror_object;

        iterator() noexcept = default;
        mirror_object operator*() const noexcept { return mirror_object(object()); }
        iterator &operator++() noexcept
        {
            const nlrs_object *next = m_->lend(nlrs_mirror_next(m_->h_.get(), object()));
            *this = next != nullptr ? iterator(m_, next, index_ + 1) : iterator();
            return *this;
        }
        iterator operator++(int) noexcept
        {
            iterator before = *this;
            ++*this;
            return before;
        }
        bool operator==(const iterator &o) const noexcept { return m_ == o.m_ && index_ == o.index_; }
        bool operator!=(const iterator &o) const noexcept { return !(*this == o); }

    private:
        friend mirror;
        iterator(const mirror *m, const nlrs_object *o, std::size_t index) noexcept
            : m_(m), o_(o), index_(index), lent_(m->lends_)
        {
        }
        /// The object at index_: as lent, or lent again by a walk from the first.
        const nlrs_object *object() const noexcept
        {
            if (lent_ != m_->lends_) {
                o_ = m_->lend(nlrs_mirror_first(m_->h_.get()));
                for (std::size_t i = 0; i < index_ && o_ != nullptr; i++)
                    o_ = m_->lend(nlrs_mirror_next(m_->h_.get(), o_));
                lent_ = m_->lends_;
            }
            return o_;
        }

        const mirror *m_ = nullptr;  // null at the end
        mutable const nlrs_object *o_ = nullptr;
        std::size_t index_ = 0;
        mutable std::uint64_t lent_ = 0;  // m_->lends_ when o_ was lent
    };
    iterator begin() const noexcept
    {
        const nlrs_object *first = lend(nlrs_mirror_first(h_.get()));
        return first != nullptr ? iterator(this, first, 0) : iterator();
    }
    iterator end() const noexcept { return {}; }

    // Lookups. The object found is valid until the next call on the mirror that lends an
    // object (another lookup, a step of an iteration) or changes it (process(), resync()).

    /// The link with interface index `ifindex`. O(log n).
    std::optional<mirror_object> link(std::uint32_t ifindex) const noexcept
    {
        return found(nlrs_mirror_link(h_.get(), ifindex));
    }
    /// The link named `name` (or with that alternative name). O(1).
    std::optional<mirror_object> link_by_name(const std::string &name) const noexcept
    {
        return found(nlrs_mirror_link_by_name(h_.get(), detail::c_string(name)));
    }
    /// The address `a` on interface `ifindex` (the shortest prefix length when IPv4 has it
    /// there several times). O(log n).
    std::optional<mirror_object> addr(std::uint32_t ifindex, const ip_address &a) const noexcept
    {
        return found(nlrs_mirror_addr(h_.get(), ifindex, &a.c));
    }
    /// The ARP or NDP entry for `dst` on interface `ifindex`. O(log n).
    std::optional<mirror_object> neigh(std::uint32_t ifindex, const ip_address &dst) const noexcept
    {
        return found(nlrs_mirror_neigh(h_.get(), ifindex, &dst.c));
    }
    /// The route of table `table` to `dst`/`dst_len` with TOS `tos` and priority (metric)
    /// `priority`; of several IPv4 routes appended there, the one through `gateway`, or the
    /// one the kernel lists first. One hash probe. None for a `dst_len` or `tos` above what a
    /// byte holds (no route has it).
    std::optional<mirror_object> route(std::uint32_t table, const ip_address &dst, unsigned dst_len,
                                       unsigned tos = 0, std::uint32_t priority = 0,
                                       const std::optional<ip_address> &gateway = std::nullopt) const noexcept
    {
        if (!detail::fits<std::uint8_t>(dst_len) || !detail::fits<std::uint8_t>(tos))
            return std::nullopt;
        const nlrs_ipaddr *gw = gateway ? &gateway->c : nullptr;
        return found(nlrs_mirror_route(h_.get(), table, &dst.c, static_cast<std::uint8_t>(dst_len),
                                       static_cast<std::uint8_t>(tos), priority, gw));
    }
    /// The route the kernel's lookup of `a` in table `table` alone gives: the longest prefix
    /// holding it, of its routes the lowest priority (see nlrs_mirror_route_lookup()).
    std::optional<mirror_object> route_lookup(std::uint32_t table, const ip_address &a) const noexcept
    {
        return found(nlrs_mirror_route_lookup(h_.get(), table, &a.c));
    }

    nlrs_mirror *c_ptr() const noexcept { return h_.get(); }

private:
    /// `o`, an object the mirror lent (which takes the one it lent before).
    const nlrs_object *lend(const nlrs_object *o) const noexcept
    {
        lends_++;
        return o;
    }
    std::optional<mirror_object> found(const nlrs_object *o) const noexcept
    {
        if (lend(o) == nullptr)
            return std::nullopt;
        return mirror_object(o);
    }

    /// Runs `call(cb, userdata)`, a C call that reports changes, with `f` as its callback.
    template <typename F, typename Call>
    static void report(F &&f, Call call)
    {
        auto each = [&f](int change, const nlrs_object *o) { f(change, mirror_object(o)); };
        detail::trampoline<decltype(each)> t{each};
        detail::check(t.rethrow(call(&decltype(t)::template call<int, const nlrs_object *>, &t)));
    }

    detail::handle<nlrs_mirror, nlrs_mirror_free> h_;
    /// How many objects the mirror lent: an iterator whose object is no longer lent (another
    /// was since) walks back to it.
    mutable std::uint64_t lends_ = 0;
};

// --------------------------------------------------------------------------------------------
// Generic netlink

/// A generic netlink family as the kernel's controller describes it (nlrs_genl_family),
/// move-only: made by socket::genl_resolve().
class genl_family {
public:
    explicit genl_family(nlrs_genl_family *adopted) noexcept : h_(adopted) {}
    std::string_view name() const noexcept { return nlrs_genl_family_name(h_.get()); }
    std::uint16_t id() const noexcept { return nlrs_genl_family_id(h_.get()); }
    std::uint32_t version() const noexcept { return nlrs_genl_family_version(h_.get()); }
    std::uint32_t hdrsize() const noexcept { return nlrs_genl_family_hdrsize(h_.get()); }
    std::uint32_t maxattr() const noexcept { return nlrs_genl_family_maxattr(h_.get()); }
    /// The id of multicast group `group` (ENOENT when the family has none of that name).
    std::uint32_t group_id(const std::string &group) const
    {
        std::uint32_t id = 0;
        detail::check(nlrs_genl_family_group_id(h_.get(), detail::c_string(group), &id));
        return id;
    }
    /// A multicast group of the family: its name (valid as long as the family) and the id to join.
    struct multicast_group {
        std::string_view name;
        std::uint32_t id;
    };
    /// The family's multicast groups, in the controller's order.
    std::vector<multicast_group> groups() const
    {
        std::vector<multicast_group> out;
        for (std::size_t i = 0, n = nlrs_genl_family_groups_len(h_.get()); i < n; i++) {
            const char *name = nullptr;
            std::uint32_t id = 0;
            detail::check(nlrs_genl_family_group(h_.get(), i, &name, &id));
            out.push_back({name, id});
        }
        return out;
    }
    /// An operation of the family: its command and NLRS_GENL_* flags (none when the kernel sent
    /// none: see nlrs_genl_family_op_flags()).
    struct operation {
        std::uint32_t id;
        std::optional<std::uint32_t> flags;
    };
    /// The family's operations, in the controller's order.
    std::vector<operation> ops() const
    {
        std::vector<operation> out;
        for (std::size_t i = 0, n = nlrs_genl_family_ops_len(h_.get()); i < n; i++) {
            std::uint32_t id = 0, flags = 0;
            detail::check(nlrs_genl_family_op(h_.get(), i, &id, &flags));
            bool sent = detail::check(nlrs_genl_family_op_flags(h_.get(), i, &flags)) == 1;
            out.push_back({id, sent ? std::optional<std::uint32_t>(flags) : std::nullopt});
        }
        return out;
    }
    /// A message with command `cmd` to this family, its genlmsghdr in place: add attributes,
    /// then socket::send() or socket::dump().
    request new_request(std::uint8_t cmd, std::uint16_t flags = 0) const
    {
        return request(detail::make<nlrs_msg>(nlrs_genl_msg_new, static_cast<const nlrs_genl_family *>(h_.get()), cmd, flags));
    }
    const nlrs_genl_family *c_ptr() const noexcept { return h_.get(); }

private:
    detail::handle<nlrs_genl_family, nlrs_genl_family_free> h_;
};

inline genl_family socket::genl_resolve(const std::string &name)
{
    nlrs_genl_family *f = nullptr;
    call(nlrs_genl_resolve(h_.get(), detail::c_string(name), &f));
    return genl_family(f);
}

inline void socket::genl_join(const genl_family &family, const std::string &group)
{
    call(nlrs_genl_join_group(h_.get(), family.c_ptr(), detail::c_string(group)));
}

// --------------------------------------------------------------------------------------------
// Families by their descriptions

/// A dump of a described family, as a range of JSON texts (std::string_view, valid until the
/// next step). Move-only; iterated once; destroy it before its family (which may move meanwhile). Errors throw
/// nlrs::error, or with an error_code stop the range and set it.
class family_dump : public detail::read_once<family_dump, std::string_view> {
public:
    family_dump(nlrs_family *f, std::error_code *ec) noexcept : f_(f), ec_(ec) {}
    family_dump(family_dump &&o) noexcept : read_once(o), f_(std::exchange(o.f_, nullptr)), ec_(o.ec_) {}
    family_dump &operator=(family_dump &&) = delete;

private:
    friend read_once;
    bool step();

    nlrs_family *f_;
    std::error_code *ec_;
    std::string_view item_{};
};

/// A netlink family driven by its description (nlrs_family), move-only: requests by
/// operation name with JSON text in, replies as JSON text out, errors that name the attribute
/// by the description's names (error::attribute_path(), "header.dev-name").
///
///     nlrs::family eth("ethtool");
///     std::string replies = eth.do_op("channels-get", R"({"header": {"dev-name": "v0"}})");
///     for (std::string_view link : nlrs::family("rt-link").dump("getlink")) ...
///
/// The socket is opened at the first request, in the calling thread's network namespace. An
/// empty `json` sends no attributes.
class family {
public:
    /// The family of the built-in description `name` ("rt-link", "ethtool", ...; see
    /// builtins()). Throws nlrs::error (ENOENT: no such description).
    explicit family(const std::string &name) : h_(detail::make<nlrs_family>(nlrs_family_open, detail::c_string(name))) {}

    /// The family of the YNL description in the file at `path`. Throws nlrs::error whose
    /// what() says where the file is wrong ("FILE:LINE: construct: problem").
    static family load(const std::string &path)
    {
        std::array<char, 512> text{};
        nlrs_family *p = nullptr;
        int rc = nlrs_family_load(detail::c_string(path), text.data(), text.size(), &p);
        if (rc < 0)
            throw error(rc, text.data(), {}, error::whole_text{});
        return family(p);
    }

    /// The names of the built-in descriptions (static strings), sorted.
    static std::vector<std::string_view> builtins()
    {
        std::vector<std::string_view> names;
        while (const char *n = nlrs_family_builtin(names.size()))
            names.emplace_back(n);
        return names;
    }

    /// An operation that takes requests: its name (valid as long as the family) and modes.
    struct operation {
        std::string_view name;
        bool can_do;
        bool can_dump;
    };
    /// The operations that take requests, in the description's order. Needs no kernel.
    std::vector<operation> ops() const
    {
        std::vector<operation> out;
        const char *name = nullptr;
        while (int modes = check(nlrs_family_op(h_.get(), out.size(), &name)))
            out.push_back({name, (modes & NLRS_FAMILY_OP_DO) != 0, (modes & NLRS_FAMILY_OP_DUMP) != 0});
        return out;
    }

    /// Runs operation `op` as a do request built from `json`, with `flags` (NLRS_NLM_F_CREATE,
    /// ...), and waits for the ACK. Returns the replies as one JSON array ("[]" for the ACK
    /// alone), borrowed until the next call on the family.
    std::string_view do_op(const std::string &op, const std::string &json = {}, std::uint16_t flags = 0)
    {
        const char *out = nullptr;
        check(nlrs_family_do(h_.get(), detail::c_string(op), text(json), flags, &out));
        return out;
    }
    std::string_view do_op(const std::string &op, const std::string &json, std::uint16_t flags, std::error_code &ec) noexcept
    {
        const char *out = nullptr;
        return detail::failed(nlrs_family_do(h_.get(), detail::c_string(op), text(json), flags, &out), ec) ? std::string_view() : out;
    }

    /// Starts a dump of operation `op` (a request built from `json`), read as a range. A new
    /// request on the family ends a dump still being read.
    family_dump dump(const std::string &op, const std::string &json = {})
    {
        check(nlrs_family_dump(h_.get(), detail::c_string(op), text(json)));
        return family_dump(h_.get(), nullptr);
    }
    family_dump dump(const std::string &op, const std::string &json, std::error_code &ec) noexcept
    {
        if (detail::failed(nlrs_family_dump(h_.get(), detail::c_string(op), text(json)), ec))
            return family_dump(nullptr, &ec);
        return family_dump(h_.get(), &ec);
    }

    /// Joins multicast group `group` (its name in the description) on a non-blocking socket
    /// of the family's own; then poll fd() and call process().
    void subscribe(const std::string &group) { check(nlrs_family_subscribe(h_.get(), detail::c_string(group))); }
    /// The notification socket's descriptor (owned by the family); -EINVAL before subscribe().
    int fd() const noexcept { return nlrs_family_fd(h_.get()); }
    /// Calls `f(std::string_view json)` for every notification queued now (`{"name": OP,
    /// "msg": {...}}`, valid during the call), without waiting. Throws nlrs::error ENOBUFS when
    /// notifications were lost, or what `f` threw.
    template <typename F>
    void process(F &&f)
    {
        auto each = [&f](const char *json) { f(std::string_view(json)); };
        detail::trampoline<decltype(each)> t{each};
        check(t.rethrow(nlrs_family_process(h_.get(), &decltype(t)::template call<const char *>, &t)));
    }

    /// The last failed call's error as text, as an nlrs::error of it says (the errno text, the
    /// kernel's, and the attribute by the description's names; or what is wrong with the
    /// request): for the error_code overloads. Empty after a call that succeeded; valid until
    /// the next call on the family.
    std::string_view error_text() const noexcept { return detail::view(nlrs_family_error(h_.get())); }
    /// The attribute of the last failed call by the description's names ("header.dev-index");
    /// empty when none is known.
    std::string_view error_attribute() const noexcept { return detail::view(nlrs_family_error_attr(h_.get())); }

    /// Compares a generic family's description with the kernel's policies: one line per
    /// difference, empty when they agree (borrowed until the next call on the family).
    std::string_view check_kernel()
    {
        const char *out = nullptr;
        check(nlrs_family_check(h_.get(), &out));
        return out;
    }

    nlrs_family *c_ptr() const noexcept { return h_.get(); }

private:
    friend class family_dump;
    explicit family(nlrs_family *adopted) noexcept : h_(adopted) {}

    static const char *text(const std::string &json) noexcept { return json.empty() ? nullptr : json.c_str(); }

    int check(int rc) const { return check(h_.get(), rc); }
    /// Throws the last error of `f` for a negative `rc`: the engine's text and attribute.
    static int check(const nlrs_family *f, int rc)
    {
        if (rc >= 0)
            return rc;
        const char *what = nlrs_family_error(f);
        const char *attr = nlrs_family_error_attr(f);
        throw error(rc, what ? what : make_error_code(rc).message(), attr ? attr : "", error::whole_text{});
    }

    detail::handle<nlrs_family, nlrs_family_free> h_;
};

inline bool family_dump::step()
{
    if (f_ == nullptr)
        return false;
    const char *json = nullptr;
    int rc = nlrs_family_dump_next(f_, &json);
    if (rc > 0) {
        item_ = json;
        return true;
    }
    if (rc < 0 && ec_ != nullptr)
        *ec_ = make_error_code(rc);
    else
        family::check(f_, rc);
    return false;
}

}  // namespace nlrs

#endif  // NLRS_HPP
