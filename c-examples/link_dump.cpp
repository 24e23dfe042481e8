// link_dump in C++17, on nlrs.hpp: the same output as link_dump.c.
//
//     INDEX NAME mtu MTU UP|DOWN
//
// One line per link, in the kernel's order. The dump is a range; the link objects, the dump
// and the socket free themselves. When the table changed during the dump (NLRS_E_DUMP_INTR)
// it dumps again, up to 3 times, and prints only a consistent dump. On failure prints
// `error: <errno text>: <kernel text>` to stderr and exits 1.
#include "nlrs.hpp"

#include <iostream>
#include <sstream>

int main()
{
    try {
        nlrs::socket sock;
        for (int attempt = 1;; attempt++) {
            std::ostringstream out;
            try {
                for (const auto &link : sock.links())
                    out << link.ifindex() << ' ' << link.name() << " mtu " << link.mtu().value_or(0) << ' '
                        << (link.up() ? "UP" : "DOWN") << '\n';
            } catch (const nlrs::error &e) {
                if (e.code().value() != NLRS_E_DUMP_INTR || attempt == 3)
                    throw;
                continue;  // the table changed while it was read: dump again
            }
            std::cout << out.str();
            return 0;
        }
    } catch (const nlrs::error &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
