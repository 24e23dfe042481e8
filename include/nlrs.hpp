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

// The parts, each along one section of the API (include/nlrs/), each compiling alone:
#include "nlrs/error.hpp"
#include "nlrs/views.hpp"
#include "nlrs/names.hpp"
#include "nlrs/object.hpp"
#include "nlrs/link.hpp"
#include "nlrs/address.hpp"
#include "nlrs/neighbour.hpp"
#include "nlrs/route.hpp"
#include "nlrs/request.hpp"
#include "nlrs/socket.hpp"
#include "nlrs/callback.hpp"
#include "nlrs/monitor.hpp"
#include "nlrs/mirror.hpp"
#include "nlrs/genl.hpp"
#include "nlrs/family.hpp"

#endif  // NLRS_HPP
