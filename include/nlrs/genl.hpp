// nlrs/genl.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): generic netlink: genl_family, and the socket's calls that use one.
#ifndef NLRS_GENL_HPP
#define NLRS_GENL_HPP

#include "socket.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nlrs {

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

}  // namespace nlrs

#endif  // NLRS_GENL_HPP
