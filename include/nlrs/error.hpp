// nlrs/error.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): errors (nlrs::error, its category) and the helpers every part shares (detail:
// check(), handles, read-once ranges).
#ifndef NLRS_ERROR_HPP
#define NLRS_ERROR_HPP

#include "../libnlrs.h"

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace nlrs {

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

/// A string the C API lends, as a view; empty for NULL.
inline std::string_view view(const char *s) noexcept { return s != nullptr ? s : std::string_view(); }
}  // namespace detail

}  // namespace nlrs

#endif  // NLRS_ERROR_HPP
