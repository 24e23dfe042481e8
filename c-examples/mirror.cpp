// mirror in C++17, on nlrs.hpp: the same arguments, output and exit codes as mirror.c.
//
//     mirror_cpp [--rcvbuf BYTES] [--idle-exit MS]
//
//     +LINK INDEX NAME mtu MTU UP|DOWN      a link appeared (~LINK changed, -LINK went away)
//     +ADDR INDEX ADDRESS/PREFIX            an address was added (likewise ~ADDR, -ADDR)
//
// An nlrs::mirror follows the kernel's links and addresses: it subscribes, dumps (each object
// reported as added), then applies the events that poll() finds on its fd(), re-dumping when
// events were lost and reporting exactly what changed meanwhile, then `resync` on stderr. The
// changes arrive at a callback (any callable) as (change, mirror_object). Once the first dump
// is done it prints `started: N objects` on stderr. With --idle-exit, once no event arrived for
// MS milliseconds, it walks the mirror (a range: links by index, then addresses) for the final
// table, the addresses sorted by index and address text, and exits 0:
//
//     LINK INDEX NAME mtu MTU UP|DOWN
//     ADDR INDEX ADDRESS/PREFIX
//
// Without it, runs until SIGINT or SIGTERM, then exits 0. Errors print `error: <errno text>` on
// stderr and exit 1; bad arguments print the usage and exit 2. stdout is flushed after every
// batch of changes, so the output can be piped.
#include "nlrs.hpp"

#include <poll.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace {

volatile std::sig_atomic_t stop;

void on_signal(int) { stop = 1; }

/// A link as `INDEX NAME mtu MTU UP|DOWN`, the columns of both the changes and the final table.
std::string link_text(const nlrs::link_view &l)
{
    std::ostringstream out;
    out << l.ifindex() << ' ' << (l.name().empty() ? "?" : l.name()) << " mtu " << l.mtu().value_or(0) << ' '
        << (l.up() ? "UP" : "DOWN");
    return out.str();
}

/// An address as `ADDRESS/PREFIX`; throws nlrs::error EBADMSG when it has none.
std::string addr_text(const nlrs::address_view &a)
{
    nlrs::ip_address ip = a.ip();
    if (ip.family() == NLRS_AF_UNSPEC)
        throw nlrs::error(-EBADMSG, {}, {});  // the kernel always sends one
    return ip.str() + '/' + std::to_string(a.prefixlen());
}

/// The mirror's callback: one line per change, `resync` on stderr after a recovery. What it
/// throws stops the mirror's call, which rethrows it.
void on_change(int change, const nlrs::mirror_object &o)
{
    static const char *const sign[] = {"?", "+", "~", "-"};
    if (change == NLRS_CHANGE_RESYNC) {
        std::cout.flush();
        std::cerr << "resync\n";
        return;
    }
    if (change < NLRS_CHANGE_ADD || change > NLRS_CHANGE_REMOVE)
        return;
    if (o.kind() == NLRS_OBJECT_LINK)
        std::cout << sign[change] << "LINK " << link_text(o.as_link()) << '\n';
    else if (o.kind() == NLRS_OBJECT_ADDR)
        std::cout << sign[change] << "ADDR " << o.addr_ifindex() << ' ' << addr_text(o.as_address()) << '\n';
}

/// The final table: links by index (the mirror's own order), then addresses by index and
/// address text. Each object the walk lends is valid until its next step, so what is kept of
/// it is copied.
void print_table(const nlrs::mirror &m)
{
    std::vector<std::pair<std::uint32_t, std::string>> addrs;
    for (const nlrs::mirror_object o : m) {
        if (o.kind() == NLRS_OBJECT_LINK)
            std::cout << "LINK " << link_text(o.as_link()) << '\n';
        else if (o.kind() == NLRS_OBJECT_ADDR)
            addrs.emplace_back(o.addr_ifindex(), addr_text(o.as_address()));
    }
    std::sort(addrs.begin(), addrs.end());
    for (const auto &[ifindex, text] : addrs)
        std::cout << "ADDR " << ifindex << ' ' << text << '\n';
}

/// A whole non-negative decimal number up to INT_MAX from `text` (from_chars takes no sign,
/// space or base prefix), or none.
std::optional<int> number(const char *text)
{
    const char *end = text + std::strlen(text);
    int v = 0;
    auto [stop_at, ec] = std::from_chars(text, end, v);
    if (ec != std::errc() || stop_at != end || v < 0)
        return std::nullopt;
    return v;
}

int usage(const char *program)
{
    std::cerr << "usage: " << program << " [--rcvbuf BYTES] [--idle-exit MS]\n";
    return 2;
}

}  // namespace

int main(int argc, char **argv)
{
    std::size_t rcvbuf = 0;  // 0: the mirror's default, 1 MiB
    int idle_ms = -1;        // -1: no --idle-exit, wait as long as it takes
    // Each option and its value.
    for (int i = 1; i < argc; i += 2) {
        std::optional<int> v = i + 1 < argc ? number(argv[i + 1]) : std::nullopt;
        if (std::strcmp(argv[i], "--rcvbuf") == 0 && v && *v > 0)
            rcvbuf = static_cast<std::size_t>(*v);
        else if (std::strcmp(argv[i], "--idle-exit") == 0 && v)
            idle_ms = *v;
        else
            return usage(argv[0]);
    }

    // No SA_RESTART: a signal ends poll() with EINTR, and the loop sees `stop`.
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    try {
        nlrs::mirror m(NLRS_MIRROR_LINKS | NLRS_MIRROR_ADDRS, on_change, rcvbuf);
        std::cout.flush();
        std::cerr << "started: " << m.size() << " objects\n";

        while (!stop) {
            pollfd p{m.fd(), POLLIN, 0};
            int ready = poll(&p, 1, idle_ms);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready < 0)
                throw nlrs::error(-errno, {}, {});
            if (ready == 0) {
                // Idle for --idle-exit MS: the final table.
                print_table(m);
                break;
            }
            // Readable (or an error such as a lost-events ENOBUFS, which is POLLERR): apply
            // everything queued. Lost events are recovered inside, never an error.
            try {
                m.process(on_change);
            } catch (const nlrs::error &e) {
                // A signal during a re-dump: the loop sees `stop`, or the next call dumps again.
                if (e.code() != std::errc::interrupted)
                    throw;
            }
            std::cout.flush();
        }
        std::cout.flush();
        return 0;
    } catch (const nlrs::error &e) {
        std::cout.flush();
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
