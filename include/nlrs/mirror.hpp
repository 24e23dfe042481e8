// nlrs/mirror.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): the mirror and its objects.
#ifndef NLRS_MIRROR_HPP
#define NLRS_MIRROR_HPP

#include "link.hpp"
#include "address.hpp"
#include "neighbour.hpp"
#include "route.hpp"
#include "callback.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

namespace nlrs {

/// An object of a mirror (borrowed: valid during the callback that hands it over, or until
/// the next call on the mirror). Read the getters of its kind(), which read the typed object
/// it lends (nlrs_object_link(), ...); the others return 0 or none.
class mirror_object {
public:
    explicit mirror_object(const nlrs_object *o) noexcept : o_(o) {}
    /// NLRS_OBJECT_LINK, NLRS_OBJECT_ADDR, NLRS_OBJECT_ROUTE, NLRS_OBJECT_NEIGH; 0 for none
    /// (the object of NLRS_CHANGE_RESYNC).
    int kind() const noexcept { return nlrs_object_kind(o_); }

    /// The link, address or neighbour entry it is, with all the getters of link, address or
    /// neighbour (whose getters read 0 or none when the object is of another kind).
    link_view as_link() const noexcept { return link_view(nlrs_object_link(o_)); }
    address_view as_address() const noexcept { return address_view(nlrs_object_addr(o_)); }
    neighbour_view as_neighbour() const noexcept { return neighbour_view(nlrs_object_neigh(o_)); }

    // The getters read most often, short for as_link().ifindex(), ...
    std::uint32_t link_ifindex() const noexcept { return as_link().ifindex(); }
    /// A copy of the name.
    std::string link_name() const { return std::string(as_link().name()); }
    std::uint32_t link_flags() const noexcept { return as_link().flags(); }
    std::optional<std::uint32_t> link_mtu() const { return as_link().mtu(); }

    std::uint32_t addr_ifindex() const noexcept { return as_address().ifindex(); }
    std::uint8_t addr_family() const noexcept { return as_address().family(); }
    std::uint8_t addr_prefixlen() const noexcept { return as_address().prefixlen(); }
    std::uint32_t addr_flags() const noexcept { return as_address().flags(); }
    /// The address; none when the object is of another kind.
    std::optional<ip_address> addr_ip() const { return detail::address_field(nlrs_addr_ip, nlrs_object_addr(o_)); }

    /// A route object as an nlrs::route (every field of nlrs_route_info); an empty route for
    /// an object of another kind.
    route as_route() const { return route::of(nlrs_object_route(o_)); }
    /// A route object with what only the object holds (metrics, paths, ...).
    route_view as_route_view() const noexcept { return route_view(nlrs_object_route(o_)); }

    std::uint32_t neigh_ifindex() const noexcept { return as_neighbour().ifindex(); }
    std::uint8_t neigh_family() const noexcept { return as_neighbour().family(); }
    std::uint16_t neigh_state() const noexcept { return as_neighbour().state(); }
    std::optional<ip_address> neigh_dst() const { return as_neighbour().dst(); }
    byte_view neigh_lladdr() const { return as_neighbour().lladdr(); }

    const nlrs_object *c_ptr() const noexcept { return o_; }

private:
    const nlrs_object *o_;
};

/// A table of links, addresses, routes and neighbours kept in step with the kernel
/// (nlrs_mirror), move-only. Iterate it for the objects it holds (links by index first); when
/// fd() is readable, process() applies what arrived and reports the real differences.
class mirror {
public:
    /// Subscribes to what `selection` names (NLRS_MIRROR_LINKS | ...), dumps it and calls
    /// `f(int change, const nlrs::mirror_object &)` with NLRS_CHANGE_ADD for every object.
    /// `rcvbuf`: the receive buffer in bytes (0: 1 MiB). Throws nlrs::error, or what `f` threw.
    template <typename F>
    mirror(std::uint32_t selection, F &&f, std::size_t rcvbuf = 0)
    {
        nlrs_mirror *p = nullptr;
        report(std::forward<F>(f), [&](nlrs_mirror_cb cb, void *t) {
            int rc = nlrs_mirror_start(selection, rcvbuf, cb, t, &p);
            h_.reset(p);
            return rc;
        });
    }

    /// The descriptor to poll for readability (owned by the mirror).
    int fd() const noexcept { return nlrs_mirror_fd(h_.get()); }
    /// Applies every event queued now, without waiting, calling `f(change, object)` for each
    /// real difference (lost events: a re-dump, its differences, then NLRS_CHANGE_RESYNC).
    template <typename F>
    void process(F &&f)
    {
        report(std::forward<F>(f), [this](nlrs_mirror_cb cb, void *t) { return nlrs_mirror_process(h_.get(), cb, t); });
    }
    /// Re-dumps now, reporting the differences and then NLRS_CHANGE_RESYNC.
    template <typename F>
    void resync(F &&f)
    {
        report(std::forward<F>(f), [this](nlrs_mirror_cb cb, void *t) { return nlrs_mirror_resync(h_.get(), cb, t); });
    }
    void set_attempts(std::uint32_t attempts) { detail::check(nlrs_mirror_set_attempts(h_.get(), attempts)); }
    /// How many times the mirror re-dumped after lost events.
    std::uint64_t resyncs() const noexcept { return nlrs_mirror_resyncs(h_.get()); }
    std::size_t size() const noexcept { return nlrs_mirror_len(h_.get()); }

    /// The objects in order, as a forward range of mirror_object; its iterators are valid until
    /// the mirror changes (process(), resync()) or moves. The C API lends a mirror one object
    /// at a time, which every step and lookup fills anew: an iterator walks back to its place
    /// when another call took the object meanwhile (a lookup in the middle of a walk, or a copy
    /// of the iterator that moved on; O(n) then), so that a walk is neither ended nor sent back
    /// by it. A mirror_object read from an iterator is the lent object itself: valid until the
    /// next step or lookup.
    class iterator {
    public:
        // A forward iterator whose reference is a value: C++20's forward_iterator, and for
        // the older algorithms (which want a reference) an input iterator.
        using iterator_category = std::input_iterator_tag;
        using iterator_concept = std::forward_iterator_tag;
        using value_type = mirror_object;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = mirror_object;

        iterator() noexcept = default;
        mirror_object operator*() const noexcept { return mirror_object(object()); }
        iterator &operator++() noexcept
        {
            const nlrs_object *next = m_->lend(nlrs_mirror_next(m_->h_.get(), object()));
            *this = next != nullptr ? iterator(m_, next, index_ + 1) : iterator();
            return *this;
        }
        iterator operator++(int) noexcept
        {
            iterator before = *this;
            ++*this;
            return before;
        }
        bool operator==(const iterator &o) const noexcept { return m_ == o.m_ && index_ == o.index_; }
        bool operator!=(const iterator &o) const noexcept { return !(*this == o); }

    private:
        friend mirror;
        iterator(const mirror *m, const nlrs_object *o, std::size_t index) noexcept
            : m_(m), o_(o), index_(index), lent_(m->lends_)
        {
        }
        /// The object at index_: as lent, or lent again by a walk from the first.
        const nlrs_object *object() const noexcept
        {
            if (lent_ != m_->lends_) {
                o_ = m_->lend(nlrs_mirror_first(m_->h_.get()));
                for (std::size_t i = 0; i < index_ && o_ != nullptr; i++)
                    o_ = m_->lend(nlrs_mirror_next(m_->h_.get(), o_));
                lent_ = m_->lends_;
            }
            return o_;
        }

        const mirror *m_ = nullptr;  // null at the end
        mutable const nlrs_object *o_ = nullptr;
        std::size_t index_ = 0;
        mutable std::uint64_t lent_ = 0;  // m_->lends_ when o_ was lent
    };
    iterator begin() const noexcept
    {
        const nlrs_object *first = lend(nlrs_mirror_first(h_.get()));
        return first != nullptr ? iterator(this, first, 0) : iterator();
    }
    iterator end() const noexcept { return {}; }

    // Lookups. The object found is valid until the next call on the mirror that lends an
    // object (another lookup, a step of an iteration) or changes it (process(), resync()).

    /// The link with interface index `ifindex`. O(log n).
    std::optional<mirror_object> link(std::uint32_t ifindex) const noexcept
    {
        return found(nlrs_mirror_link(h_.get(), ifindex));
    }
    /// The link named `name` (or with that alternative name). O(1).
    std::optional<mirror_object> link_by_name(const std::string &name) const noexcept
    {
        return found(nlrs_mirror_link_by_name(h_.get(), detail::c_string(name)));
    }
    /// The address `a` on interface `ifindex` (the shortest prefix length when IPv4 has it
    /// there several times). O(log n).
    std::optional<mirror_object> addr(std::uint32_t ifindex, const ip_address &a) const noexcept
    {
        return found(nlrs_mirror_addr(h_.get(), ifindex, &a.c));
    }
    /// The ARP or NDP entry for `dst` on interface `ifindex`. O(log n).
    std::optional<mirror_object> neigh(std::uint32_t ifindex, const ip_address &dst) const noexcept
    {
        return found(nlrs_mirror_neigh(h_.get(), ifindex, &dst.c));
    }
    /// The route of table `table` to `dst`/`dst_len` with TOS `tos` and priority (metric)
    /// `priority`; of several IPv4 routes appended there, the one through `gateway`, or the
    /// one the kernel lists first. One hash probe. None for a `dst_len` or `tos` above what a
    /// byte holds (no route has it).
    std::optional<mirror_object> route(std::uint32_t table, const ip_address &dst, unsigned dst_len,
                                       unsigned tos = 0, std::uint32_t priority = 0,
                                       const std::optional<ip_address> &gateway = std::nullopt) const noexcept
    {
        if (!detail::fits<std::uint8_t>(dst_len) || !detail::fits<std::uint8_t>(tos))
            return std::nullopt;
        const nlrs_ipaddr *gw = gateway ? &gateway->c : nullptr;
        return found(nlrs_mirror_route(h_.get(), table, &dst.c, static_cast<std::uint8_t>(dst_len),
                                       static_cast<std::uint8_t>(tos), priority, gw));
    }
    /// The route the kernel's lookup of `a` in table `table` alone gives: the longest prefix
    /// holding it, of its routes the lowest priority (see nlrs_mirror_route_lookup()).
    std::optional<mirror_object> route_lookup(std::uint32_t table, const ip_address &a) const noexcept
    {
        return found(nlrs_mirror_route_lookup(h_.get(), table, &a.c));
    }

    nlrs_mirror *c_ptr() const noexcept { return h_.get(); }

private:
    /// `o`, an object the mirror lent (which takes the one it lent before).
    const nlrs_object *lend(const nlrs_object *o) const noexcept
    {
        lends_++;
        return o;
    }
    std::optional<mirror_object> found(const nlrs_object *o) const noexcept
    {
        if (lend(o) == nullptr)
            return std::nullopt;
        return mirror_object(o);
    }

    /// Runs `call(cb, userdata)`, a C call that reports changes, with `f` as its callback.
    template <typename F, typename Call>
    static void report(F &&f, Call call)
    {
        auto each = [&f](int change, const nlrs_object *o) { f(change, mirror_object(o)); };
        detail::trampoline<decltype(each)> t{each};
        detail::check(t.rethrow(call(&decltype(t)::template call<int, const nlrs_object *>, &t)));
    }

    detail::handle<nlrs_mirror, nlrs_mirror_free> h_;
    /// How many objects the mirror lent: an iterator whose object is no longer lent (another
    /// was since) walks back to it.
    mutable std::uint64_t lends_ = 0;
};

}  // namespace nlrs

#endif  // NLRS_MIRROR_HPP
