// nlrs/monitor.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): notifications: event and the monitor.
#ifndef NLRS_MONITOR_HPP
#define NLRS_MONITOR_HPP

#include "views.hpp"
#include "callback.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <system_error>

namespace nlrs {

/// One notification of a monitor (borrowed: valid until the next call on the monitor).
class event {
public:
    explicit event(const nlrs_event &e) noexcept : kind_(e.kind), msg_(e.msg) {}
    /// NLRS_EVENT_NEWLINK, ..., NLRS_EVENT_OTHER, or NLRS_EVENT_OVERRUN (events were lost: the
    /// message is empty; re-read what matters with a dump).
    int kind() const noexcept { return kind_; }
    bool overrun() const noexcept { return kind_ == NLRS_EVENT_OVERRUN; }
    /// The message as it arrived: parse it with link::parse(), address::parse(), ...
    const message &msg() const noexcept { return msg_; }

private:
    int kind_;
    message msg_;
};

/// Notifications of rtnetlink multicast groups (nlrs_monitor), move-only. next() waits for an
/// event unless made with NLRS_MONITOR_NONBLOCK (then poll fd(), then next() or process()).
class monitor {
public:
    /// Joins `groups` (NLRS_RTNLGRP_LINK, ...); throws nlrs::error.
    explicit monitor(std::initializer_list<std::uint32_t> groups = {}, std::uint32_t flags = 0)
        : h_(detail::make<nlrs_monitor>(nlrs_monitor_new, groups.begin(), groups.size(), flags))
    {
    }

    /// The descriptor to poll for readability (owned by the monitor).
    int fd() const noexcept { return nlrs_monitor_fd(h_.get()); }
    void join(std::uint32_t group) { detail::check(nlrs_monitor_join(h_.get(), group)); }
    void set_rcvbuf(std::size_t size) { detail::check(nlrs_monitor_set_rcvbuf(h_.get(), size)); }

    /// The next event (waiting for one); none when none is queued on a NLRS_MONITOR_NONBLOCK
    /// monitor. Lost events are the event
    /// NLRS_EVENT_OVERRUN, never an error.
    std::optional<event> next()
    {
        nlrs_event e{};
        if (detail::check(nlrs_monitor_next(h_.get(), &e)) == 0)
            return std::nullopt;
        return event(e);
    }
    std::optional<event> next(std::error_code &ec) noexcept
    {
        nlrs_event e{};
        int rc = nlrs_monitor_next(h_.get(), &e);
        if (detail::failed(rc, ec) || rc == 0)
            return std::nullopt;
        return event(e);
    }

    /// Calls `f(const nlrs::event &)` for every event queued now, without waiting. An
    /// exception thrown by `f` stops there and is rethrown (the rest stays queued).
    template <typename F>
    void process(F &&f)
    {
        auto each = [&f](nlrs_event e) { f(event(e)); };
        detail::trampoline<decltype(each)> t{each};
        detail::check(t.rethrow(nlrs_monitor_process(h_.get(), &decltype(t)::template call<nlrs_event>, &t)));
    }

    nlrs_monitor *c_ptr() const noexcept { return h_.get(); }

private:
    detail::handle<nlrs_monitor, nlrs_monitor_free> h_;
};

}  // namespace nlrs

#endif  // NLRS_MONITOR_HPP
