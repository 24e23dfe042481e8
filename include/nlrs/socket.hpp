// nlrs/socket.hpp, a part of nlrs.hpp (which says how the parts behave; each part compiles
// alone): the socket and its dumps.
#ifndef NLRS_SOCKET_HPP
#define NLRS_SOCKET_HPP

#include "link.hpp"
#include "address.hpp"
#include "neighbour.hpp"
#include "route.hpp"
#include "request.hpp"

#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace nlrs {

class socket;

namespace detail {
/// The exception for `rc` of a call on `sock`, with the kernel's extended ACK when `rc` is
/// the kernel's own error. Must be made before the next call on `sock`.
error socket_error(const nlrs_socket *sock, int rc);
}  // namespace detail


/// A dump in progress, as a range of `Item` (const Item & per step, valid until the next).
/// `Step` reads the next item: `int step(nlrs_dump *, Item &)`, the C API's 1 / 0 / -code.
/// Move-only; the range may be iterated once. Destroy it before its socket.
template <typename Item, int (*Step)(nlrs_dump *, Item &)>
class dump_range : public detail::read_once<dump_range<Item, Step>, Item> {
public:
    dump_range(const nlrs_socket *sock, nlrs_dump *d, std::error_code *ec) noexcept : sock_(sock), d_(d), ec_(ec) {}

    /// The whole message of the item the range is at (nlrs_dump_msg()), valid until the next
    /// step: for a route, what its value leaves out (metrics, realms, paths: route_object).
    /// Empty before the first item and after the last.
    message msg() const
    {
        nlrs_rmsg m{};
        if (d_ && detail::check(nlrs_dump_msg(d_.get(), &m)) == 1)
            return message(m);
        return message(nlrs_rmsg{});
    }

private:
    friend detail::read_once<dump_range, Item>;
    bool step()
    {
        if (!d_)
            return false;
        int rc = Step(d_.get(), item_);
        if (rc > 0)
            return true;
        if (rc < 0) {
            if (ec_ != nullptr)
                *ec_ = make_error_code(rc);
            else
                throw detail::socket_error(sock_, rc);
        }
        return false;
    }

    const nlrs_socket *sock_;
    detail::handle<nlrs_dump, nlrs_dump_free> d_;
    std::error_code *ec_;
    Item item_{};
};

namespace detail {
inline int step_route(nlrs_dump *d, route &r)
{
    nlrs_route_info info{};
    int rc = nlrs_route_dump_next(d, &info);
    if (rc > 0)
        r = route(info);
    return rc;
}

/// One message of a dump, parsed into a reusable typed object `T`.
template <typename T>
int step_parsed(nlrs_dump *d, T &obj)
{
    nlrs_rmsg m{};
    int rc = nlrs_dump_next(d, &m);
    if (rc > 0)
        obj.parse(message(m));
    return rc;
}

/// A raw message of a dump.
struct raw_item {
    message msg{nlrs_rmsg{}};
};
inline int step_raw(nlrs_dump *d, raw_item &item)
{
    nlrs_rmsg m{};
    int rc = nlrs_dump_next(d, &m);
    if (rc > 0)
        item.msg = message(m);
    return rc;
}
}  // namespace detail

using route_dump = dump_range<route, detail::step_route>;
using link_dump = dump_range<link, detail::step_parsed<link>>;
using address_dump = dump_range<address, detail::step_parsed<address>>;
using neighbour_dump = dump_range<neighbour, detail::step_parsed<neighbour>>;
using message_dump = dump_range<detail::raw_item, detail::step_raw>;

class genl_family;
class genl_families;

/// A netlink socket (nlrs_socket), move-only.
class socket {
public:
    /// Opens a socket of `protocol` (NLRS_PROTO_ROUTE by default); throws nlrs::error.
    explicit socket(int protocol = NLRS_PROTO_ROUTE, std::uint32_t flags = 0)
    {
        nlrs_socket *p = nullptr;
        detail::check(nlrs_socket_open(protocol, flags, &p));
        h_.reset(p);
    }
    /// Opens a socket without throwing: check `ec`, and valid() before use.
    socket(int protocol, std::uint32_t flags, std::error_code &ec) noexcept
    {
        nlrs_socket *p = nullptr;
        if (!detail::failed(nlrs_socket_open(protocol, flags, &p), ec))
            h_.reset(p);
    }

    bool valid() const noexcept { return h_ != nullptr; }
    /// The descriptor, for poll()/epoll (owned by the socket).
    int fd() const noexcept { return nlrs_socket_fd(h_.get()); }
    nlrs_socket *c_ptr() const noexcept { return h_.get(); }

    /// The text for `ec` as the C API gives it (nlrs_socket_error_text()): errno text, the
    /// kernel's text and attribute path when `ec` is the socket's last kernel error.
    std::string error_text(std::error_code ec) const
    {
        return detail::snprintf_text(nlrs_socket_error_text, static_cast<const nlrs_socket *>(h_.get()), -ec.value());
    }

    /// The warning the kernel attached to the successful ACK of the last request or dump (e.g.
    /// "bytes leftover after parsing attributes"); empty when there is none. Valid until the
    /// next call on the socket.
    std::string_view warning() const noexcept { return detail::view(nlrs_socket_warning(h_.get())); }

    /// The port id the kernel gave the socket (`nl_pid`), which answers to its requests carry.
    std::uint32_t port_id() const noexcept { return nlrs_socket_port_id(h_.get()); }
    /// The receive buffer in bytes as the kernel reports it (`SO_RCVBUF`: twice what was set).
    std::size_t rcvbuf() const
    {
        std::size_t size = 0;
        detail::check(nlrs_socket_rcvbuf(h_.get(), &size));
        return size;
    }
    /// Sets the receive buffer to `size` bytes (`SO_RCVBUFFORCE` where the caller may).
    void set_rcvbuf(std::size_t size) { call(nlrs_socket_set_rcvbuf(h_.get(), size)); }
    void set_timeout_ms(std::uint32_t ms) { call(nlrs_socket_set_timeout_ms(h_.get(), ms)); }
    /// Non-blocking mode, for a socket an event loop polls (fd()): a call whose receive would
    /// wait fails with EAGAIN instead.
    void set_nonblocking(bool on) { call(nlrs_socket_set_nonblocking(h_.get(), on)); }
    void join_group(std::uint32_t group) { call(nlrs_socket_join_group(h_.get(), group)); }
    void leave_group(std::uint32_t group) { call(nlrs_socket_leave_group(h_.get(), group)); }

    // -- dumps: ranges; with an error_code they stop at an error and set it ------------------

    route_dump routes(const nlrs_route_filter &filter = {}) { return start<route_dump>(nullptr, nlrs_route_dump, &filter); }
    route_dump routes(const nlrs_route_filter &filter, std::error_code &ec)
    {
        return start<route_dump>(&ec, nlrs_route_dump, &filter);
    }
    link_dump links() { return start<link_dump>(nullptr, nlrs_link_dump); }
    link_dump links(std::error_code &ec) { return start<link_dump>(&ec, nlrs_link_dump); }
    address_dump addresses(std::uint8_t family = NLRS_AF_UNSPEC, std::uint32_t ifindex = 0)
    {
        return start<address_dump>(nullptr, nlrs_addr_dump, family, ifindex);
    }
    address_dump addresses(std::uint8_t family, std::uint32_t ifindex, std::error_code &ec)
    {
        return start<address_dump>(&ec, nlrs_addr_dump, family, ifindex);
    }
    neighbour_dump neighbours(std::uint8_t family = NLRS_AF_UNSPEC, std::uint32_t ifindex = 0)
    {
        return start<neighbour_dump>(nullptr, nlrs_neigh_dump, family, ifindex);
    }
    neighbour_dump neighbours(std::uint8_t family, std::uint32_t ifindex, std::error_code &ec)
    {
        return start<neighbour_dump>(&ec, nlrs_neigh_dump, family, ifindex);
    }
    /// The proxy ARP and NDP entries (`ip neigh show proxy`), which the kernel dumps apart.
    neighbour_dump proxy_neighbours(std::uint8_t family = NLRS_AF_UNSPEC, std::uint32_t ifindex = 0)
    {
        return start<neighbour_dump>(nullptr, nlrs_neigh_proxy_dump, family, ifindex);
    }
    neighbour_dump proxy_neighbours(std::uint8_t family, std::uint32_t ifindex, std::error_code &ec)
    {
        return start<neighbour_dump>(&ec, nlrs_neigh_proxy_dump, family, ifindex);
    }
    /// A dump of any request (NLM_F_DUMP added); each item's `msg` is the message.
    message_dump dump(const request &req) { return start<message_dump>(nullptr, nlrs_socket_dump, req.c_ptr()); }
    message_dump dump(const request &req, std::error_code &ec)
    {
        return start<message_dump>(&ec, nlrs_socket_dump, req.c_ptr());
    }

    // -- requests ----------------------------------------------------------------------------

    /// The link called `name` (ENODEV when there is none).
    link link_by_name(const std::string &name)
    {
        class link l;
        call(nlrs_link_get_by_name(h_.get(), detail::c_string(name), l.c_ptr()));
        return l;
    }
    /// The link with index `ifindex` (ENODEV when there is none).
    link link_by_index(std::uint32_t ifindex)
    {
        class link l;
        call(nlrs_link_get(h_.get(), ifindex, l.c_ptr()));
        return l;
    }
    /// The route the kernel would use to reach `to` (`ip route get`: for IPv4 a cached clone
    /// with the gateway, interface and source it chose; ENETUNREACH when there is none).
    route route_get(const ip_address &to)
    {
        detail::handle<nlrs_route, nlrs_route_free> r(detail::make<nlrs_route>(nlrs_route_new));
        call(nlrs_route_get(h_.get(), &to.c, r.get()));
        return route::of(r.get());
    }
    /// Applies `change` to the link with index `ifindex`.
    void apply(std::uint32_t ifindex, const link_change &change)
    {
        call(nlrs_link_change_apply(h_.get(), ifindex, change.c_ptr()));
    }
    void apply(std::uint32_t ifindex, const link_change &change, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_change_apply(h_.get(), ifindex, change.c_ptr()), ec);
    }

    // -- making and deleting: each also with an error_code, as apply() --------------------------

    /// Adds the address `spec` describes; `m` decides what happens when it exists (create:
    /// EEXIST; replace and upsert update it, as `ip addr replace`).
    void add_address(const address_spec &spec, mode m = mode::create)
    {
        call(nlrs_addr_add(h_.get(), spec.c_ptr(), static_cast<int>(m)));
    }
    void add_address(const address_spec &spec, mode m, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_addr_add(h_.get(), spec.c_ptr(), static_cast<int>(m)), ec);
    }
    /// Deletes the address `spec` describes (its address and prefix length name it;
    /// EADDRNOTAVAIL when there is none such).
    void delete_address(const address_spec &spec) { call(nlrs_addr_delete(h_.get(), spec.c_ptr())); }
    void delete_address(const address_spec &spec, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_addr_delete(h_.get(), spec.c_ptr()), ec);
    }

    /// Adds the route `spec` describes; `m` decides what happens when one with the same
    /// destination, table, type of service and priority exists (create: EEXIST; replace
    /// replaces it; upsert adds or replaces, as `ip route replace`; append adds another).
    void add_route(const route_spec &spec, mode m = mode::create)
    {
        call(nlrs_route_add(h_.get(), spec.c_ptr(), static_cast<int>(m)));
    }
    void add_route(const route_spec &spec, mode m, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_route_add(h_.get(), spec.c_ptr(), static_cast<int>(m)), ec);
    }
    /// Deletes the route `spec` matches (ESRCH when none does).
    void delete_route(const route_spec &spec) { call(nlrs_route_delete(h_.get(), spec.c_ptr())); }
    void delete_route(const route_spec &spec, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_route_delete(h_.get(), spec.c_ptr()), ec);
    }

    /// Adds the neighbour entry `spec` describes; `m` decides what happens when an entry for
    /// its address exists (create: EEXIST; replace and upsert update it, as `ip neigh replace`).
    void add_neighbour(const neighbour_spec &spec, mode m = mode::create) { call(neigh_add(spec, m)); }
    void add_neighbour(const neighbour_spec &spec, mode m, std::error_code &ec) noexcept
    {
        detail::failed(neigh_add(spec, m), ec);
    }
    /// Deletes the entry for `spec`'s address on its interface (the proxy entry when its
    /// flags have NLRS_NTF_PROXY; ENOENT when there is none).
    void delete_neighbour(const neighbour_spec &spec) { call(neigh_delete(spec)); }
    void delete_neighbour(const neighbour_spec &spec, std::error_code &ec) noexcept
    {
        detail::failed(neigh_delete(spec), ec);
    }

    // Links, each made down; create-only (EEXIST when a link of the name exists). A kind the
    // kernel lacks is EOPNOTSUPP, with its text "Unknown device type".

    /// Creates the veth pair `name` and `peer`.
    void create_veth(const std::string &name, const std::string &peer)
    {
        call(nlrs_link_create_veth(h_.get(), detail::c_string(name), detail::c_string(peer)));
    }
    void create_veth(const std::string &name, const std::string &peer, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_veth(h_.get(), detail::c_string(name), detail::c_string(peer)), ec);
    }
    /// Creates a bridge.
    void create_bridge(const std::string &name) { call(nlrs_link_create_bridge(h_.get(), detail::c_string(name))); }
    void create_bridge(const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_bridge(h_.get(), detail::c_string(name)), ec);
    }
    /// Creates an intermediate functional block device.
    void create_ifb(const std::string &name) { call(nlrs_link_create_ifb(h_.get(), detail::c_string(name))); }
    void create_ifb(const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_ifb(h_.get(), detail::c_string(name)), ec);
    }
    /// Creates a dummy device.
    void create_dummy(const std::string &name) { call(nlrs_link_create_dummy(h_.get(), detail::c_string(name))); }
    void create_dummy(const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_dummy(h_.get(), detail::c_string(name)), ec);
    }
    /// Creates a macvlan on link `parent` in NLRS_MACVLAN_MODE_* `macvlan_mode`.
    void create_macvlan(const std::string &name, std::uint32_t parent, std::uint32_t macvlan_mode)
    {
        call(nlrs_link_create_macvlan(h_.get(), detail::c_string(name), parent, macvlan_mode));
    }
    void create_macvlan(const std::string &name, std::uint32_t parent, std::uint32_t macvlan_mode,
                        std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_macvlan(h_.get(), detail::c_string(name), parent, macvlan_mode), ec);
    }
    /// Creates a VXLAN device with `settings` (zeroed, then id and port at least).
    void create_vxlan(const std::string &name, const nlrs_vxlan &settings)
    {
        call(nlrs_link_create_vxlan(h_.get(), detail::c_string(name), &settings));
    }
    void create_vxlan(const std::string &name, const nlrs_vxlan &settings, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_vxlan(h_.get(), detail::c_string(name), &settings), ec);
    }
    /// Creates a VLAN device of VLAN `id` (1 to 4094) on link `parent`, its tags of
    /// `protocol` (NLRS_ETH_P_8021Q, or NLRS_ETH_P_8021AD).
    void create_vlan(const std::string &name, std::uint32_t parent, unsigned id,
                     std::uint16_t protocol = NLRS_ETH_P_8021Q)
    {
        call(vlan_create(name, parent, id, protocol));
    }
    void create_vlan(const std::string &name, std::uint32_t parent, unsigned id, std::uint16_t protocol,
                     std::error_code &ec) noexcept
    {
        detail::failed(vlan_create(name, parent, id, protocol), ec);
    }
    /// Creates a VRF device bound to routing table `table`.
    void create_vrf(const std::string &name, std::uint32_t table)
    {
        call(nlrs_link_create_vrf(h_.get(), detail::c_string(name), table));
    }
    void create_vrf(const std::string &name, std::uint32_t table, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_vrf(h_.get(), detail::c_string(name), table), ec);
    }
    /// Creates a bond in NLRS_BOND_MODE_* `bond_mode`.
    void create_bond(const std::string &name, std::uint8_t bond_mode)
    {
        call(nlrs_link_create_bond(h_.get(), detail::c_string(name), bond_mode));
    }
    void create_bond(const std::string &name, std::uint8_t bond_mode, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_bond(h_.get(), detail::c_string(name), bond_mode), ec);
    }
    /// Creates an ipvlan on link `parent` in NLRS_IPVLAN_MODE_* `ipvlan_mode`.
    void create_ipvlan(const std::string &name, std::uint32_t parent, std::uint16_t ipvlan_mode)
    {
        call(nlrs_link_create_ipvlan(h_.get(), detail::c_string(name), parent, ipvlan_mode));
    }
    void create_ipvlan(const std::string &name, std::uint32_t parent, std::uint16_t ipvlan_mode,
                       std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_create_ipvlan(h_.get(), detail::c_string(name), parent, ipvlan_mode), ec);
    }
    /// Deletes the link with index `ifindex` (a veth's peer goes with it; ENODEV: none).
    void delete_link(std::uint32_t ifindex) { call(nlrs_link_delete(h_.get(), ifindex)); }
    void delete_link(std::uint32_t ifindex, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_delete(h_.get(), ifindex), ec);
    }
    /// Gives the link with index `ifindex` the alternative name `name` (up to 127 bytes; as
    /// `ip link property add dev X altname NAME`; EEXIST when a link has that name).
    void add_altname(std::uint32_t ifindex, const std::string &name)
    {
        call(nlrs_link_add_altname(h_.get(), ifindex, detail::c_string(name)));
    }
    void add_altname(std::uint32_t ifindex, const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_add_altname(h_.get(), ifindex, detail::c_string(name)), ec);
    }
    /// Takes the alternative name `name` from the link with index `ifindex` (ENOENT when it has
    /// none such).
    void delete_altname(std::uint32_t ifindex, const std::string &name)
    {
        call(nlrs_link_delete_altname(h_.get(), ifindex, detail::c_string(name)));
    }
    void delete_altname(std::uint32_t ifindex, const std::string &name, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_link_delete_altname(h_.get(), ifindex, detail::c_string(name)), ec);
    }

    // -- generic netlink -----------------------------------------------------------------------

    /// The generic family called `name`, as the controller describes it (ENOENT: none).
    genl_family genl_resolve(const std::string &name);
    /// Every generic family the controller knows now, in its order (a GETFAMILY dump).
    genl_families genl_list();
    /// What each attribute of the commands of family `family` may hold, as text (a GETPOLICY
    /// dump; nlrs_genl_policy_text(): "op 3: do policy 0, dump policy 0", then "policy 0 attr
    /// 2: nul-string max_len 15", a line each). ENOENT: no such family.
    std::string genl_policy(const std::string &family);
    /// Joins multicast group `group` of `family` (its notifications then arrive on the socket).
    void genl_join(const genl_family &family, const std::string &group);

    /// Sends `req` and waits for its ACK (answers discarded).
    void send(const request &req) { call(nlrs_socket_request(h_.get(), req.c_ptr(), nullptr)); }
    void send(const request &req, std::error_code &ec) noexcept
    {
        detail::failed(nlrs_socket_request(h_.get(), req.c_ptr(), nullptr), ec);
    }

private:
    void call(int rc)
    {
        if (rc < 0)
            throw detail::socket_error(h_.get(), rc);
    }

    int neigh_add(const neighbour_spec &spec, mode m) noexcept
    {
        byte_view ll = spec.lladdr();
        return nlrs_neigh_add_flags(h_.get(), spec.ifindex(), &spec.dst().c, ll.data(), ll.size(), spec.state(),
                                    spec.flags(), static_cast<int>(m));
    }
    /// nlrs_link_create_vlan(), or -EINVAL for an `id` above what its 16 bits hold.
    int vlan_create(const std::string &name, std::uint32_t parent, unsigned id, std::uint16_t protocol) noexcept
    {
        if (!detail::fits<std::uint16_t>(id))
            return -EINVAL;
        return nlrs_link_create_vlan(h_.get(), detail::c_string(name), parent, static_cast<std::uint16_t>(id), protocol);
    }
    int neigh_delete(const neighbour_spec &spec) noexcept
    {
        return nlrs_neigh_delete_flags(h_.get(), spec.ifindex(), &spec.dst().c, spec.flags());
    }

    template <typename Dump, typename Start, typename... Args>
    Dump start(std::error_code *ec, Start fn, Args... args)
    {
        nlrs_dump *d = nullptr;
        int rc = fn(h_.get(), args..., &d);
        if (rc < 0) {
            if (ec == nullptr)
                throw detail::socket_error(h_.get(), rc);
            *ec = make_error_code(rc);
            return Dump(h_.get(), nullptr, ec);
        }
        if (ec != nullptr)
            ec->clear();
        return Dump(h_.get(), d, ec);
    }

    detail::handle<nlrs_socket, nlrs_socket_free> h_;
};

inline error detail::socket_error(const nlrs_socket *sock, int rc)
{
    std::string kernel, path;
    std::optional<std::uint32_t> missing;
    if (sock != nullptr && -rc == nlrs_socket_last_errno(sock)) {
        if (const char *m = nlrs_socket_ext_msg(sock))
            kernel = m;
        path = snprintf_text(nlrs_socket_ext_path, sock);
        std::uint32_t type = 0;
        if (nlrs_socket_ext_miss_type(sock, &type) == 1)
            missing = type;
    }
    return error(rc, std::move(kernel), std::move(path), missing);
}

}  // namespace nlrs

#endif  // NLRS_SOCKET_HPP
