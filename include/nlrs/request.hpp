// nlrs/request.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): request, a netlink message being built.
#ifndef NLRS_REQUEST_HPP
#define NLRS_REQUEST_HPP

#include "object.hpp"

#include <cstdint>
#include <string>

namespace nlrs {

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

}  // namespace nlrs

#endif  // NLRS_REQUEST_HPP
