// What nlrs.hpp makes and deletes, run by tests/cpp_header.rs in a private network namespace
// with the veth pair mk0/mk1 (both up) and the blackhole nexthop object 9: it adds addresses,
// routes, neighbours and links, deletes some of them again, and checks the kernel's refusals
// itself (exit 1 on a failed check). The test then compares what is left with `ip -j -d`.
#include "nlrs.hpp"

#include <iostream>

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::cerr << __FILE__ << ':' << __LINE__ << ": check failed: " #cond "\n"; \
            return 1;                                                                    \
        }                                                                                \
    } while (0)

static_assert(!std::is_copy_constructible_v<nlrs::address_spec>, "specs are move-only");

static nlrs::ip_address ip(const char *text)
{
    return *nlrs::ip_address::parse(text);
}

// Addresses: every setting of the spec; a second create, as an exception and as an
// error_code, with the kernel's text; an upsert; a delete, twice.
static int check_addresses(nlrs::socket &sock, std::uint32_t mk0, std::uint32_t mk1)
{
    sock.add_address(nlrs::address_spec(mk0, ip("10.9.0.1"), 24)
                         .broadcast(ip("10.9.0.255"))
                         .label("mk0:web")
                         .lifetimes(3600, 1800));
    try {
        sock.add_address(nlrs::address_spec(mk0, ip("10.9.0.1"), 24));
        CHECK(!"no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::file_exists);
        CHECK(e.kernel_message() == "ipv4: Address already assigned");
        CHECK(std::string(e.what()) == "File exists: ipv4: Address already assigned");
    }
    std::error_code ec;
    sock.add_address(nlrs::address_spec(mk0, ip("10.9.0.1"), 24), nlrs::mode::create, ec);
    CHECK(ec == std::errc::file_exists);
    CHECK(sock.error_text(ec) == "File exists: ipv4: Address already assigned");
    // The upsert gives it longer lifetimes (the test reads them back).
    sock.add_address(nlrs::address_spec(mk0, ip("10.9.0.1"), 24)
                         .broadcast(ip("10.9.0.255"))
                         .label("mk0:web")
                         .lifetimes(7200, 5400),
                     nlrs::mode::upsert, ec);
    CHECK(!ec);

    sock.add_address(nlrs::address_spec(mk0, ip("2001:db8:9::1"), 64).flags(NLRS_IFA_F_NODAD));
    sock.add_address(nlrs::address_spec(mk1, ip("10.9.1.1"), 32).peer(ip("10.9.1.2")));
    sock.add_address(nlrs::address_spec(mk1, ip("10.9.3.1"), 24).scope(NLRS_RT_SCOPE_LINK));

    // The kernel's own refusal of a spec nlrs lets through.
    try {
        sock.add_address(nlrs::address_spec(mk1, ip("10.9.4.1"), 24).lifetimes(100, 200));
        CHECK(!"no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
        CHECK(e.kernel_message() == "ipv4: address lifetime invalid");
    }

    nlrs::address_spec gone(mk1, ip("10.9.2.1"), 24);
    sock.add_address(gone);
    sock.delete_address(gone);
    sock.delete_address(gone, ec);
    CHECK(ec == std::errc::address_not_available);
    try {
        sock.delete_address(gone);
        CHECK(!"no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == ec);
    }
    try {
        nlrs::address_spec(mk1, ip("10.9.2.1"), 33);
        CHECK(!"no exception");
    } catch (const nlrs::error &e) {
        CHECK(e.code() == std::errc::invalid_argument);
    }
    return 0;
}

int main()
{
    nlrs::socket sock;
    std::uint32_t mk0 = sock.link_by_name("mk0").ifindex();
    std::uint32_t mk1 = sock.link_by_name("mk1").ifindex();
    if (check_addresses(sock, mk0, mk1))
        return 1;
    return 0;
}
