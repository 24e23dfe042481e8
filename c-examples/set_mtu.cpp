// set_mtu in C++17, on nlrs.hpp: the same arguments, output, exit codes and error text as
// set_mtu.c.
//
//     set_mtu_cpp IFNAME MTU
//
// Looks the link up by name (socket::link_by_name(): RTM_GETLINK with IFLA_IFNAME), then
// applies a link_change that holds the MTU alone: ifi_change stays 0, so no flag changes (the
// manpage's 0xffffffff would take the link down). Each request waits for the kernel's ACK; the
// socket, the link and the change free themselves. Prints nothing on success. On failure prints
// `error: <errno text>: <kernel text>` to stderr (the kernel text only when the kernel gave
// one) and exits 1; bad arguments exit 2.
#include "nlrs.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <system_error>

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " IFNAME MTU\n";
        return 2;
    }
    // A whole decimal number that fits 32 bits: from_chars takes no sign, space or base prefix,
    // so it refuses what set_mtu.c's checks around strtoul() refuse.
    const char *text = argv[2];
    const char *end = text + std::strlen(text);
    std::uint32_t mtu = 0;
    auto [stop, ec] = std::from_chars(text, end, mtu);
    if (ec != std::errc() || stop != end) {
        std::cerr << "error: invalid MTU \"" << text << "\"\n";
        return 2;
    }

    try {
        nlrs::socket sock;
        sock.apply(sock.link_by_name(argv[1]).ifindex(), nlrs::link_change().mtu(mtu));
        return 0;
    } catch (const nlrs::error &e) {
        // Composed as set_mtu.c prints it: e.what() would add the attribute the kernel
        // pointed at, which the C program leaves out.
        std::cerr << "error: " << e.code().message();
        if (!e.kernel_message().empty())
            std::cerr << ": " << e.kernel_message();
        std::cerr << '\n';
        return 1;
    }
}
