// nlrs/names.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): names as iproute2 6.1 prints them, and back.
#ifndef NLRS_NAMES_HPP
#define NLRS_NAMES_HPP

#include "error.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace nlrs {

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

}  // namespace nlrs

#endif  // NLRS_NAMES_HPP
