// genl_ctrl in C++17, on nlrs.hpp: the same arguments, output and exit codes as genl_ctrl.c.
//
//     genl_ctrl_cpp [list | get NAME | policy NAME]
//
// Asks the generic netlink controller about its families, like `genl ctrl list`, `genl ctrl
// get name NAME` and `genl ctrl policy name NAME`:
//
//     list         one line per family, in the kernel's order (the default):
//                    NAME id 0xID version V hdrsize H maxattr M groups G1:0xID1,G2:0xID2
//                  (ids in lower-case hex, as genl prints them; `groups -` when there are none)
//     get NAME     the same line for family NAME (socket::genl_resolve())
//     policy NAME  what each attribute of NAME's commands may hold (socket::genl_policy()), one
//                  line per command, then one per attribute
//
// The list, the family and the socket free themselves. Errors (an unknown family, ...) print
// `Error: <text>` on stderr, with the kernel's own words when it gave some, and exit 2; bad
// arguments print the usage and exit 2.
#include "nlrs.hpp"

#include <iostream>
#include <string_view>

namespace {

/// One family as a line: NAME id 0xID version V hdrsize H maxattr M groups ...
void print_family(const nlrs::genl_family_view &fam)
{
    std::cout << fam.name() << std::hex << " id 0x" << fam.id() << std::dec << " version " << fam.version()
              << " hdrsize " << fam.hdrsize() << " maxattr " << fam.maxattr() << " groups ";
    const auto groups = fam.groups();
    if (groups.empty())
        std::cout << '-';
    for (std::size_t i = 0; i < groups.size(); i++)
        std::cout << (i > 0 ? "," : "") << groups[i].name << ":0x" << std::hex << groups[i].id << std::dec;
    std::cout << '\n';
}

}  // namespace

int main(int argc, char **argv)
{
    const std::string_view cmd = argc > 1 ? argv[1] : "list";
    if (!((argc <= 2 && cmd == "list") || (argc == 3 && (cmd == "get" || cmd == "policy")))) {
        std::cerr << "usage: " << argv[0] << " [list | get NAME | policy NAME]\n";
        return 2;
    }

    try {
        nlrs::socket sock(NLRS_PROTO_GENERIC);
        if (cmd == "list") {
            for (const auto &fam : sock.genl_list())
                print_family(fam);
        } else if (cmd == "get") {
            print_family(sock.genl_resolve(argv[2]));
        } else {
            std::cout << sock.genl_policy(argv[2]);
        }
        return 0;
    } catch (const nlrs::error &e) {
        // What was printed goes out before the error, as genl_ctrl.c flushes stdout first.
        std::cout.flush();
        std::cerr << "Error: " << e.what() << '\n';
        return 2;
    }
}
