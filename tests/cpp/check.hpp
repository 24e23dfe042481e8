// What the C++ test programs of tests/cpp/ share: CHECK(cond), which reports a failed check
// on stderr and returns 1 from the function (the programs exit 1 on a failed check).
#ifndef NLRS_TESTS_CHECK_HPP
#define NLRS_TESTS_CHECK_HPP

#include <iostream>

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::cerr << __FILE__ << ':' << __LINE__ << ": check failed: " #cond "\n"; \
            return 1;                                                                    \
        }                                                                                \
    } while (0)

#endif
