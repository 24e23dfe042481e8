// nlrs/genl.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): generic netlink: genl_family (and its view, the items of genl_families), and the
// socket's calls that use them.
#ifndef NLRS_GENL_HPP
#define NLRS_GENL_HPP

#include "socket.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nlrs {

/// A generic netlink family as the kernel's controller describes it, borrowed (a
/// const nlrs_genl_family *): an item of a genl_families list, valid as long as the list; or a
/// genl_family, read through its base, valid as long as that.
class genl_family_view {
public:
    explicit genl_family_view(const nlrs_genl_family *borrowed) noexcept : p_(borrowed) {}
    std::string_view name() const noexcept { return detail::view(nlrs_genl_family_name(p_)); }
    std::uint16_t id() const noexcept { return nlrs_genl_family_id(p_); }
    std::uint32_t version() const noexcept { return nlrs_genl_family_version(p_); }
    std::uint32_t hdrsize() const noexcept { return nlrs_genl_family_hdrsize(p_); }
    std::uint32_t maxattr() const noexcept { return nlrs_genl_family_maxattr(p_); }
    /// The id of multicast group `group` (ENOENT when the family has none of that name).
    std::uint32_t group_id(const std::string &group) const
    {
        std::uint32_t id = 0;
        detail::check(nlrs_genl_family_group_id(p_, detail::c_string(group), &id));
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
        for (std::size_t i = 0, n = nlrs_genl_family_groups_len(p_); i < n; i++) {
            const char *name = nullptr;
            std::uint32_t id = 0;
            detail::check(nlrs_genl_family_group(p_, i, &name, &id));
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
        for (std::size_t i = 0, n = nlrs_genl_family_ops_len(p_); i < n; i++) {
            std::uint32_t id = 0, flags = 0;
            detail::check(nlrs_genl_family_op(p_, i, &id, &flags));
            bool sent = detail::check(nlrs_genl_family_op_flags(p_, i, &flags)) == 1;
            out.push_back({id, sent ? std::optional<std::uint32_t>(flags) : std::nullopt});
        }
        return out;
    }
    /// A message with command `cmd` to this family, its genlmsghdr in place: add attributes,
    /// then socket::send() or socket::dump().
    request new_request(std::uint8_t cmd, std::uint16_t flags = 0) const
    {
        return request(detail::make<nlrs_msg>(nlrs_genl_msg_new, p_, cmd, flags));
    }
    const nlrs_genl_family *c_ptr() const noexcept { return p_; }

protected:
    const nlrs_genl_family *p_;
};

/// A generic netlink family of its own (nlrs_genl_family), move-only: made by
/// socket::genl_resolve(), read as a genl_family_view.
class genl_family : public genl_family_view {
public:
    explicit genl_family(nlrs_genl_family *adopted) noexcept : genl_family_view(adopted), h_(adopted) {}
    // The view's pointer moves with the handle: a moved-from family reads as NULL, never freed
    // memory.
    genl_family(genl_family &&o) noexcept : genl_family_view(std::exchange(o.p_, nullptr)), h_(std::move(o.h_)) {}
    genl_family &operator=(genl_family &&o) noexcept
    {
        h_ = std::move(o.h_);
        p_ = std::exchange(o.p_, nullptr);
        return *this;
    }

private:
    detail::handle<nlrs_genl_family, nlrs_genl_family_free> h_;
};

/// Every generic family registered when socket::genl_list() ran (nlrs_genl_families), in the
/// kernel's order, move-only: a random-access range of genl_family_view, valid as long as the
/// list.
class genl_families {
public:
    explicit genl_families(nlrs_genl_families *adopted) : h_(adopted)
    {
        for (std::size_t i = 0, n = nlrs_genl_families_len(adopted); i < n; i++)
            items_.emplace_back(nlrs_genl_families_get(adopted, i));
    }
    std::size_t size() const noexcept { return items_.size(); }
    const genl_family_view &operator[](std::size_t i) const noexcept { return items_[i]; }
    std::vector<genl_family_view>::const_iterator begin() const noexcept { return items_.begin(); }
    std::vector<genl_family_view>::const_iterator end() const noexcept { return items_.end(); }

private:
    // Declared first, so destroyed last: the views borrow from it.
    detail::handle<nlrs_genl_families, nlrs_genl_families_free> h_;
    std::vector<genl_family_view> items_;
};

inline genl_family socket::genl_resolve(const std::string &name)
{
    nlrs_genl_family *f = nullptr;
    call(nlrs_genl_resolve(h_.get(), detail::c_string(name), &f));
    return genl_family(f);
}

inline genl_families socket::genl_list()
{
    nlrs_genl_families *l = nullptr;
    call(nlrs_genl_list(h_.get(), &l));
    return genl_families(l);
}

inline std::string socket::genl_policy(const std::string &family)
{
    nlrs_genl_policy *p = nullptr;
    call(nlrs_genl_policy_get(h_.get(), detail::c_string(family), &p));
    detail::handle<nlrs_genl_policy, nlrs_genl_policy_free> owned(p);
    return std::string(detail::view(nlrs_genl_policy_text(p)));
}

inline void socket::genl_join(const genl_family &family, const std::string &group)
{
    call(nlrs_genl_join_group(h_.get(), family.c_ptr(), detail::c_string(group)));
}

}  // namespace nlrs

#endif  // NLRS_GENL_HPP
