// monitor in C++17, on nlrs.hpp: the same arguments and output lines as monitor.c.
//
//     monitor_cpp [-n COUNT]
//
//     NEWLINK INDEX NAME mtu MTU UP|DOWN
//     DELLINK INDEX NAME
//     NEWADDR INDEX ADDRESS/PREFIX
//     DELADDR INDEX ADDRESS/PREFIX
//
// An nlrs::monitor joins the groups for links and IPv4/IPv6 addresses and hands over one
// event at a time, waiting for it; each is decoded into one reusable link or address object.
// Runs until killed, or until COUNT events were printed. Lost events (the receive queue
// overflowed) are the event OVERRUN: prints `OVERRUN` (not counted) and goes on. The monitor
// drops the events queued before the loss, as stale as the lost ones: a program mirroring
// kernel state would dump again at that point. stdout is flushed after every line, so the
// output can be piped. Errors print `error: <errno text>` on stderr and exit 1; bad arguments
// exit 2.
#include "nlrs.hpp"

#include <unistd.h>

#include <charconv>
#include <cstring>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

namespace {

/// The line of an event of links (NEWLINK, DELLINK): index and flags from the family header,
/// name and MTU from the attributes.
std::string link_line(const nlrs::event &ev, nlrs::link &link)
{
    link.parse(ev.msg());
    std::string_view name = link.name().empty() ? "?" : link.name();
    std::ostringstream out;
    if (ev.kind() == NLRS_EVENT_DELLINK)
        out << "DELLINK " << link.ifindex() << ' ' << name;
    else
        out << "NEWLINK " << link.ifindex() << ' ' << name << " mtu " << link.mtu().value_or(0) << ' '
            << (link.up() ? "UP" : "DOWN");
    return out.str();
}

/// The line of an event of addresses (NEWADDR, DELADDR): the interface's own address
/// (IFA_LOCAL, else IFA_ADDRESS) as ip-address(8) shows it; none for a family that is
/// neither IPv4 nor IPv6.
std::optional<std::string> addr_line(const nlrs::event &ev, nlrs::address &addr)
{
    addr.parse(ev.msg());
    if (addr.family() != NLRS_AF_INET && addr.family() != NLRS_AF_INET6)
        return std::nullopt;
    nlrs::ip_address ip = addr.ip();
    if (ip.family() == NLRS_AF_UNSPEC)
        throw nlrs::error(-EBADMSG, {}, {});  // the kernel always sends one
    std::ostringstream out;
    out << (ev.kind() == NLRS_EVENT_NEWADDR ? "NEWADDR " : "DELADDR ") << addr.ifindex() << ' ' << ip.str()
        << '/' << unsigned{addr.prefixlen()};
    return out.str();
}

/// The line of one event; none when it is not an event of ours.
std::optional<std::string> event_line(const nlrs::event &ev, nlrs::link &link, nlrs::address &addr)
{
    switch (ev.kind()) {
    case NLRS_EVENT_NEWLINK:
    case NLRS_EVENT_DELLINK:
        return link_line(ev, link);
    case NLRS_EVENT_NEWADDR:
    case NLRS_EVENT_DELADDR:
        return addr_line(ev, addr);
    default:
        return std::nullopt;
    }
}

int usage(const char *program)
{
    std::cerr << "usage: " << program << " [-n COUNT]\n";
    return 2;
}

}  // namespace

int main(int argc, char **argv)
{
    unsigned long count = 0;
    int opt;
    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n')
            return usage(argv[0]);
        // A whole decimal number above 0 (from_chars takes no sign, space or base prefix).
        const char *end = optarg + std::strlen(optarg);
        auto [stop, ec] = std::from_chars(optarg, end, count);
        if (ec != std::errc() || stop != end || count == 0) {
            std::cerr << "error: invalid COUNT \"" << optarg << "\"\n";
            return 2;
        }
    }
    if (optind != argc)
        return usage(argv[0]);

    try {
        // Blocking (flags 0): next() waits as long as it takes.
        nlrs::monitor mon({NLRS_RTNLGRP_LINK, NLRS_RTNLGRP_IPV4_IFADDR, NLRS_RTNLGRP_IPV6_IFADDR});
        nlrs::link link;
        nlrs::address addr;
        for (unsigned long seen = 0; count == 0 || seen < count;) {
            std::optional<nlrs::event> ev = mon.next();
            if (!ev)
                continue;  // none only from a non-blocking monitor
            if (ev->overrun()) {
                std::cout << "OVERRUN" << std::endl;
                continue;
            }
            if (std::optional<std::string> line = event_line(*ev, link, addr)) {
                std::cout << *line << std::endl;
                seen++;
            }
        }
        return 0;
    } catch (const nlrs::error &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
