// nlrs/object.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): what the typed objects share: their fields' readers, the base of the builders, the
// add mode.
#ifndef NLRS_OBJECT_HPP
#define NLRS_OBJECT_HPP

#include "views.hpp"

#include <optional>

namespace nlrs {

namespace detail {
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
}  // namespace detail

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

/// What an add does when the object exists (NLRS_MODE_*): `create` fails with EEXIST,
/// `replace` changes it (and fails when it does not exist), `upsert` adds or changes it,
/// `append` adds another beside it (e.g. a second route to the same prefix).
enum class mode : int {
    create = NLRS_MODE_CREATE,
    replace = NLRS_MODE_REPLACE,
    upsert = NLRS_MODE_UPSERT,
    append = NLRS_MODE_APPEND,
};

}  // namespace nlrs

#endif  // NLRS_OBJECT_HPP
