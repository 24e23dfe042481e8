/*
 * nlrs.hpp: the C++17 face of libnlrs.h, header-only.
 *
 * Handles are RAII, move-only objects that free their C handle in the destructor; borrowed
 * data (names, payloads, messages) are views (std::string_view, nlrs::byte_view) valid as long
 * as the C API says the borrowed data is; dumps are ranges:
 *
 *     nlrs::socket sock;                              // NLRS_PROTO_ROUTE
 *     for (const auto &link : sock.links())
 *         std::cout << link.index() << ' ' << link.name() << '\n';
 *     nlrs_route_filter f{};
 *     f.table = NLRS_RT_TABLE_MAIN;
 *     for (const auto &r : sock.routes(f))           // decoded in the library, one per route
 *         use(r.dst(), r.dst_len(), r.oif());
 *     sock.apply(sock.link_by_name("v0").index(), nlrs::link_change().mtu(1400).up(true));
 *
 * Errors: every call that can fail throws nlrs::error, a std::system_error whose code() is
 * in nlrs::category() (values are the positive codes: errno values, or NLRS_E_* at 4096 and
 * above; errno values compare equal to std::errc), with the kernel's text and the path of
 * the attribute it pointed at. The socket's calls (opening, dumps, apply(), send()) also
 * have an overload taking a std::error_code & last, which throws nothing but std::bad_alloc
 * and leaves the kernel's text on the socket (socket::error_text()). A dump range made with an
 * error_code stops at an error and sets it.
 *
 * Threads: as in C, an object may be used from any thread, one thread at a time.
 */
#ifndef NLRS_HPP
#define NLRS_HPP

#include "libnlrs.h"

#include <arpa/inet.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
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
    error(int rc, std::string kernel_message, std::string attribute_path)
        : std::system_error(make_error_code(rc)), kernel_message_(std::move(kernel_message)),
          attribute_path_(std::move(attribute_path)), what_(code().message())
    {
        // As nlrs_socket_error_text() puts it: "<errno text>: <kernel text> (attribute <path>)".
        if (!kernel_message_.empty())
            what_ += ": " + kernel_message_;
        if (!attribute_path_.empty())
            what_ += " (attribute " + attribute_path_ + ")";
    }

    const char *what() const noexcept override { return what_.c_str(); }

    /// The kernel's text from its extended ACK; empty when it sent none.
    const std::string &kernel_message() const noexcept { return kernel_message_; }
    /// The attribute the kernel pointed at, as a path ("IFLA_LINKINFO > IFLA_INFO_KIND");
    /// empty when it named none.
    const std::string &attribute_path() const noexcept { return attribute_path_; }

private:
    std::string kernel_message_;
    std::string attribute_path_;
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

/// The attributes of a message or a nested attribute, as a range (borrowed).
class attributes {
public:
    explicit attributes(nlrs_attr_iter it) noexcept : it_(it) {}

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = attribute;
        using difference_type = std::ptrdiff_t;
        using pointer = const attribute *;
        using reference = const attribute &;

        iterator() noexcept = default;
        explicit iterator(nlrs_attr_iter it) : it_(it), done_(false) { ++*this; }
        reference operator*() const noexcept { return cur_; }
        pointer operator->() const noexcept { return &cur_; }
        iterator &operator++()
        {
            nlrs_attr a{};
            done_ = detail::check(nlrs_attr_next(&it_, &a)) == 0;
            cur_ = attribute(a);
            return *this;
        }
        bool operator==(const iterator &o) const noexcept { return done_ && o.done_; }
        bool operator!=(const iterator &o) const noexcept { return !(*this == o); }

    private:
        nlrs_attr_iter it_{};
        attribute cur_{nlrs_attr{}};
        bool done_ = true;
    };

    iterator begin() const { return iterator(it_); }
    iterator end() const noexcept { return {}; }

private:
    nlrs_attr_iter it_;
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

// --------------------------------------------------------------------------------------------
// Typed objects

/// A link (nlrs_link): owned, filled by a dump or socket::link_by_name(). Views it returns are
/// valid until the object is filled again or destroyed.
class link {
public:
    link() : h_(detail::make<nlrs_link>(nlrs_link_new)) {}
    std::int32_t index() const noexcept { return nlrs_link_index(h_.get()); }
    std::uint32_t flags() const noexcept { return nlrs_link_flags(h_.get()); }
    bool up() const noexcept { return (flags() & NLRS_IFF_UP) != 0; }
    /// The name; empty when the kernel sent none.
    std::string_view name() const noexcept { return view(nlrs_link_name(h_.get())); }
    /// The kind ("veth", "bridge", ...); empty for none.
    std::string_view kind() const noexcept { return view(nlrs_link_kind(h_.get())); }
    std::optional<std::uint32_t> mtu() const { return get(nlrs_link_mtu); }
    std::optional<std::uint32_t> txqlen() const { return get(nlrs_link_txqlen); }
    std::optional<std::uint32_t> master() const { return get(nlrs_link_master); }
    /// The hardware address; empty when the kernel sent none.
    byte_view address() const
    {
        nlrs_bytes b{};
        return detail::check(nlrs_link_address(h_.get(), &b)) == 1 ? byte_view(b.ptr, b.len) : byte_view();
    }
    /// Fills the object from a message of a link dump or notification.
    void parse(const message &m) { detail::check(nlrs_link_parse(h_.get(), m.c_msg())); }
    nlrs_link *c_ptr() const noexcept { return h_.get(); }

private:
    static std::string_view view(const char *s) noexcept { return s != nullptr ? s : std::string_view(); }
    std::optional<std::uint32_t> get(int (*fn)(const nlrs_link *, std::uint32_t *)) const
    {
        std::uint32_t v = 0;
        if (detail::check(fn(h_.get(), &v)) == 1)
            return v;
        return std::nullopt;
    }

    detail::handle<nlrs_link, nlrs_link_free> h_;
};

/// An interface address (nlrs_addr): owned, filled by a dump.
class address {
public:
    address() : h_(detail::make<nlrs_addr>(nlrs_addr_new)) {}
    std::uint32_t index() const noexcept { return nlrs_addr_index(h_.get()); }
    std::uint8_t family() const noexcept { return nlrs_addr_family(h_.get()); }
    std::uint8_t prefixlen() const noexcept { return nlrs_addr_prefixlen(h_.get()); }
    std::uint32_t flags() const noexcept { return nlrs_addr_flags(h_.get()); }
    std::uint8_t scope() const noexcept { return nlrs_addr_scope(h_.get()); }
    /// The interface's own address (IFA_LOCAL, else IFA_ADDRESS), as `ip address` shows it.
    ip_address ip() const
    {
        ip_address a;
        detail::check(nlrs_addr_ip(h_.get(), &a.c));
        return a;
    }
    void parse(const message &m) { detail::check(nlrs_addr_parse(h_.get(), m.c_msg())); }

private:
    detail::handle<nlrs_addr, nlrs_addr_free> h_;
};

/// A neighbour table entry (nlrs_neigh): owned, filled by a dump.
class neighbour {
public:
    neighbour() : h_(detail::make<nlrs_neigh>(nlrs_neigh_new)) {}
    std::int32_t index() const noexcept { return nlrs_neigh_ifindex(h_.get()); }
    std::uint8_t family() const noexcept { return nlrs_neigh_family(h_.get()); }
    /// NLRS_NUD_* bits.
    std::uint16_t state() const noexcept { return nlrs_neigh_state(h_.get()); }
    std::uint8_t flags() const noexcept { return nlrs_neigh_flags(h_.get()); }
    /// The network address; none when the kernel sent none.
    std::optional<ip_address> dst() const
    {
        ip_address a;
        if (detail::check(nlrs_neigh_dst(h_.get(), &a.c)) == 1)
            return a;
        return std::nullopt;
    }
    /// The link-layer address; empty when the kernel sent none.
    byte_view lladdr() const
    {
        nlrs_bytes b{};
        return detail::check(nlrs_neigh_lladdr(h_.get(), &b)) == 1 ? byte_view(b.ptr, b.len) : byte_view();
    }
    void parse(const message &m) { detail::check(nlrs_neigh_parse(h_.get(), m.c_msg())); }

private:
    detail::handle<nlrs_neigh, nlrs_neigh_free> h_;
};

/// A route decoded by the library (nlrs_route_info), a plain value.
class route {
public:
    route() noexcept = default;
    explicit route(const nlrs_route_info &i) noexcept : i_(i) {}
    std::uint8_t family() const noexcept { return i_.family; }
    std::uint8_t dst_len() const noexcept { return i_.dst_len; }
    std::uint32_t table() const noexcept { return i_.table; }
    std::uint8_t protocol() const noexcept { return i_.protocol; }
    std::uint8_t scope() const noexcept { return i_.scope; }
    std::uint8_t type() const noexcept { return i_.type; }
    /// The destination; none (NLRS_AF_UNSPEC) for a default route.
    std::optional<ip_address> dst() const noexcept { return addr(NLRS_ROUTE_HAS_DST, i_.dst); }
    std::optional<ip_address> gateway() const noexcept { return addr(NLRS_ROUTE_HAS_GATEWAY, i_.gateway); }
    std::optional<ip_address> prefsrc() const noexcept { return addr(NLRS_ROUTE_HAS_PREFSRC, i_.prefsrc); }
    std::optional<std::uint32_t> oif() const noexcept { return num(NLRS_ROUTE_HAS_OIF, i_.oif); }
    std::optional<std::uint32_t> priority() const noexcept { return num(NLRS_ROUTE_HAS_PRIORITY, i_.priority); }
    const nlrs_route_info &c_info() const noexcept { return i_; }

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

/// The changes to make to a link (nlrs_link_change): set what should change, then
/// socket::apply().
class link_change {
public:
    link_change() : h_(detail::make<nlrs_link_change>(nlrs_link_change_new)) {}
    link_change &mtu(std::uint32_t v) { return done(nlrs_link_change_set_mtu(h_.get(), v)); }
    link_change &up(bool v) { return done(nlrs_link_change_set_up(h_.get(), v)); }
    link_change &txqlen(std::uint32_t v) { return done(nlrs_link_change_set_txqlen(h_.get(), v)); }
    link_change &master(std::uint32_t index) { return done(nlrs_link_change_set_master(h_.get(), index)); }
    /// The new name (a std::string, so that it is NUL-terminated).
    link_change &name(const std::string &v) { return done(nlrs_link_change_set_name(h_.get(), v.c_str())); }
    const nlrs_link_change *c_ptr() const noexcept { return h_.get(); }

private:
    link_change &done(int rc)
    {
        detail::check(rc);
        return *this;
    }
    detail::handle<nlrs_link_change, nlrs_link_change_free> h_;
};

/// A request being built (nlrs_msg).
class request {
public:
    request(std::uint16_t type, std::uint16_t flags = 0) : h_(detail::make<nlrs_msg>(nlrs_msg_new, type, flags)) {}
    template <typename Header>
    request &header(const Header &h) { return done(nlrs_msg_put_header(h_.get(), &h, sizeof h)); }
    request &put_u8(std::uint16_t t, std::uint8_t v) { return done(nlrs_msg_put_u8(h_.get(), t, v)); }
    request &put_u16(std::uint16_t t, std::uint16_t v) { return done(nlrs_msg_put_u16(h_.get(), t, v)); }
    request &put_u32(std::uint16_t t, std::uint32_t v) { return done(nlrs_msg_put_u32(h_.get(), t, v)); }
    request &put_string(std::uint16_t t, const std::string &v) { return done(nlrs_msg_put_string(h_.get(), t, v.c_str())); }
    request &put_bytes(std::uint16_t t, byte_view v) { return done(nlrs_msg_put_bytes(h_.get(), t, v.data(), v.size())); }
    request &nest_start(std::uint16_t t) { return done(nlrs_msg_nest_start(h_.get(), t)); }
    request &nest_end() { return done(nlrs_msg_nest_end(h_.get())); }
    const nlrs_msg *c_ptr() const noexcept { return h_.get(); }

private:
    request &done(int rc)
    {
        detail::check(rc);
        return *this;
    }
    detail::handle<nlrs_msg, nlrs_msg_free> h_;
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
class dump_range {
public:
    dump_range(const nlrs_socket *sock, nlrs_dump *d, std::error_code *ec) noexcept : sock_(sock), d_(d), ec_(ec) {}

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = Item;
        using difference_type = std::ptrdiff_t;
        using pointer = const Item *;
        using reference = const Item &;

        iterator() noexcept = default;
        explicit iterator(dump_range *r) : r_(r) { ++*this; }
        reference operator*() const noexcept { return r_->item_; }
        pointer operator->() const noexcept { return &r_->item_; }
        iterator &operator++()
        {
            if (!r_->step())
                r_ = nullptr;
            return *this;
        }
        bool operator==(const iterator &o) const noexcept { return r_ == o.r_; }
        bool operator!=(const iterator &o) const noexcept { return r_ != o.r_; }

    private:
        dump_range *r_ = nullptr;
    };

    iterator begin() { return d_ ? iterator(this) : iterator(); }
    iterator end() noexcept { return {}; }

private:
    bool step()
    {
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
    neighbour_dump neighbours(std::uint8_t family = NLRS_AF_UNSPEC, std::uint32_t ifindex = 0)
    {
        return start<neighbour_dump>(nullptr, nlrs_neigh_dump, family, ifindex);
    }
    /// A dump of any request (NLM_F_DUMP added); each item's `msg` is the message.
    message_dump dump(const request &req) { return start<message_dump>(nullptr, nlrs_socket_dump, req.c_ptr()); }

    // -- requests ----------------------------------------------------------------------------

    /// The link called `name` (ENODEV when there is none).
    link link_by_name(const std::string &name)
    {
        class link l;
        call(nlrs_link_get_by_name(h_.get(), name.c_str(), l.c_ptr()));
        return l;
    }
    /// Applies `change` to the link with index `index`.
    void apply(std::int32_t index, const link_change &change)
    {
        call(nlrs_link_change_apply(h_.get(), index, change.c_ptr()));
    }
    void apply(std::int32_t index, const link_change &change, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_change_apply(h_.get(), index, change.c_ptr()), ec);
    }
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
    if (sock != nullptr && -rc == nlrs_socket_last_errno(sock)) {
        if (const char *m = nlrs_socket_ext_msg(sock))
            kernel = m;
        path = snprintf_text(nlrs_socket_ext_path, sock);
    }
    return error(rc, std::move(kernel), std::move(path));
}

}  // namespace nlrs

#endif  // NLRS_HPP
