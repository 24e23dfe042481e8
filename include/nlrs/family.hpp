// nlrs/family.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): families by their descriptions: family and family_dump.
#ifndef NLRS_FAMILY_HPP
#define NLRS_FAMILY_HPP

#include "callback.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace nlrs {

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
        if (!sendable(json, ec))
            return {};
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
        if (!sendable(json, ec) || detail::failed(nlrs_family_dump(h_.get(), detail::c_string(op), text(json)), ec))
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

    /// `json` as C takes it: NULL when empty (no attributes), else its text. Text holding a
    /// NUL is refused (EINVAL): C would take the NUL for the end of the request and send what
    /// precedes it. The noexcept calls ask `sendable` first.
    static const char *text(const std::string &json)
    {
        if (json.find('\0') != std::string::npos)
            throw error(-EINVAL, {}, {});
        return json.empty() ? nullptr : json.c_str();
    }
    /// Whether `text(json)` takes `json`; when not, EINVAL in `ec`.
    static bool sendable(const std::string &json, std::error_code &ec) noexcept
    {
        if (json.find('\0') == std::string::npos)
            return true;
        ec = make_error_code(-EINVAL);
        return false;
    }

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

#endif  // NLRS_FAMILY_HPP
