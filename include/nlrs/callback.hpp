// nlrs/callback.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): C++ callables through the C API's callbacks (detail::trampoline).
#ifndef NLRS_CALLBACK_HPP
#define NLRS_CALLBACK_HPP

#include "error.hpp"

#include <cerrno>
#include <exception>

namespace nlrs {

namespace detail {
/// Carries a C++ callable through a C callback: `call` runs `f(args...)` and turns an
/// exception into the code -ECANCELED (the C call stops there), kept to be rethrown once the
/// C call has returned (rethrow()). Exceptions never cross the C library.
template <typename F>
struct trampoline {
    explicit trampoline(F &fn) noexcept : f(fn) {}

    F &f;
    std::exception_ptr err;

    template <typename... Args>
    static int call(void *self, Args... args) noexcept
    {
        auto *t = static_cast<trampoline *>(self);
        try {
            t->f(args...);
            return 0;
        } catch (...) {
            t->err = std::current_exception();
            return -ECANCELED;
        }
    }

    /// Rethrows the callable's exception, if any; else returns `rc`.
    int rethrow(int rc) const
    {
        if (err)
            std::rethrow_exception(err);
        return rc;
    }
};
}  // namespace detail

}  // namespace nlrs

#endif  // NLRS_CALLBACK_HPP
