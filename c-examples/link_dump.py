#!/usr/bin/env python3
"""link_dump from Python: the same link dump as link_dump.c, through ctypes and libnlrs.so.

Prints one line per network interface, in the kernel's order, exactly as link_dump does:

    INDEX NAME mtu MTU UP|DOWN

Uses only the standard library's ctypes and the C API of libnlrs.so; no netlink code of its
own. The library is $NLRS_LIB, or else ../target/release/libnlrs.so relative to this script
(what `cargo build --release` writes). On failure prints `error: <strerror text>: <kernel
text>` to stderr and exits 1.

ctypes cannot read #define's, so the few NLRS_* values used here are repeated below, with the
structs' layouts, from include/libnlrs.h.
"""

import ctypes
import os
import sys

# From include/libnlrs.h.
NLRS_PROTO_ROUTE = 0
NLRS_RTM_NEWLINK = 16
NLRS_RTM_GETLINK = 18
NLRS_AF_UNSPEC = 0
NLRS_IFLA_IFNAME = 3
NLRS_IFLA_MTU = 4
NLRS_IFF_UP = 0x1
NLRS_E_DUMP_INTR = 4097

ATTEMPTS = 3


class Rmsg(ctypes.Structure):
    """nlrs_rmsg: one received message, borrowed."""

    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class Bytes(ctypes.Structure):
    """nlrs_bytes: a borrowed run of bytes."""

    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class AttrIter(ctypes.Structure):
    """nlrs_attr_iter: a cursor over attributes."""

    _fields_ = [("pos", ctypes.c_void_p), ("left", ctypes.c_size_t)]


class Attr(ctypes.Structure):
    """nlrs_attr: one attribute."""

    _fields_ = [
        ("type", ctypes.c_uint16),
        ("raw_type", ctypes.c_uint16),
        ("data", ctypes.c_void_p),
        ("len", ctypes.c_size_t),
    ]


class Ifinfomsg(ctypes.Structure):
    """nlrs_ifinfomsg: struct ifinfomsg."""

    _fields_ = [
        ("ifi_family", ctypes.c_uint8),
        ("ifi_pad", ctypes.c_uint8),
        ("ifi_type", ctypes.c_uint16),
        ("ifi_index", ctypes.c_int32),
        ("ifi_flags", ctypes.c_uint32),
        ("ifi_change", ctypes.c_uint32),
    ]


def load(path):
    """Opens libnlrs.so and declares the functions used here."""
    lib = ctypes.CDLL(path)
    p = ctypes.POINTER
    vp = ctypes.c_void_p
    c_int = ctypes.c_int
    signatures = {
        "nlrs_socket_open": (c_int, [c_int, ctypes.c_uint32, p(vp)]),
        "nlrs_socket_free": (None, [vp]),
        "nlrs_socket_ext_msg": (ctypes.c_char_p, [vp]),
        "nlrs_socket_last_errno": (c_int, [vp]),
        "nlrs_strerror": (c_int, [c_int, ctypes.c_char_p, ctypes.c_size_t]),
        "nlrs_msg_new": (c_int, [ctypes.c_uint16, ctypes.c_uint16, p(vp)]),
        "nlrs_msg_put_header": (c_int, [vp, vp, ctypes.c_size_t]),
        "nlrs_msg_free": (None, [vp]),
        "nlrs_socket_dump": (c_int, [vp, vp, p(vp)]),
        "nlrs_dump_next": (c_int, [vp, p(Rmsg)]),
        "nlrs_dump_free": (None, [vp]),
        "nlrs_rmsg_type": (ctypes.c_uint16, [Rmsg]),
        "nlrs_rmsg_header": (c_int, [Rmsg, ctypes.c_size_t, p(Bytes)]),
        "nlrs_rmsg_attrs": (c_int, [Rmsg, ctypes.c_size_t, p(AttrIter)]),
        "nlrs_attr_next": (c_int, [p(AttrIter), p(Attr)]),
        "nlrs_attr_get_u32": (c_int, [p(Attr), p(ctypes.c_uint32)]),
        "nlrs_attr_get_string": (c_int, [p(Attr), p(ctypes.c_char_p)]),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


class NlrsError(Exception):
    """A negative code from an nlrs call."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def check(rc):
    """Raises NlrsError for a negative return code, else returns it."""
    if rc < 0:
        raise NlrsError(rc)
    return rc


def link_line(lib, msg):
    """One RTM_NEWLINK as link_dump's line."""
    ifi = Ifinfomsg()
    hdr = Bytes()
    check(lib.nlrs_rmsg_header(msg, ctypes.sizeof(ifi), ctypes.byref(hdr)))
    ctypes.memmove(ctypes.byref(ifi), hdr.ptr, ctypes.sizeof(ifi))

    attrs = AttrIter()
    attr = Attr()
    check(lib.nlrs_rmsg_attrs(msg, ctypes.sizeof(ifi), ctypes.byref(attrs)))
    name = b"?"
    mtu = ctypes.c_uint32(0)
    while check(lib.nlrs_attr_next(ctypes.byref(attrs), ctypes.byref(attr))) > 0:
        if attr.type == NLRS_IFLA_IFNAME:
            text = ctypes.c_char_p()
            check(lib.nlrs_attr_get_string(ctypes.byref(attr), ctypes.byref(text)))
            name = text.value
        elif attr.type == NLRS_IFLA_MTU:
            check(lib.nlrs_attr_get_u32(ctypes.byref(attr), ctypes.byref(mtu)))
    state = "UP" if ifi.ifi_flags & NLRS_IFF_UP else "DOWN"
    # Interface names are bytes to the kernel; show them as link_dump's printf does.
    return b"%d %s mtu %d %s\n" % (ifi.ifi_index, name, mtu.value, state.encode())


def dump_links(lib, sock):
    """One whole dump of the links, as a list of lines (bytes)."""
    ifi = Ifinfomsg(ifi_family=NLRS_AF_UNSPEC)
    req = ctypes.c_void_p()
    dump = ctypes.c_void_p()
    lines = []
    try:
        check(lib.nlrs_msg_new(NLRS_RTM_GETLINK, 0, ctypes.byref(req)))
        check(lib.nlrs_msg_put_header(req, ctypes.byref(ifi), ctypes.sizeof(ifi)))
        check(lib.nlrs_socket_dump(sock, req, ctypes.byref(dump)))
        msg = Rmsg()
        while check(lib.nlrs_dump_next(dump, ctypes.byref(msg))) > 0:
            if lib.nlrs_rmsg_type(msg) == NLRS_RTM_NEWLINK:
                lines.append(link_line(lib, msg))
    finally:
        lib.nlrs_dump_free(dump)
        lib.nlrs_msg_free(req)
    return lines


def error_text(lib, sock, code):
    """`<strerror text>[: <kernel text>]`, as the C examples print it."""
    buf = ctypes.create_string_buffer(256)
    lib.nlrs_strerror(code, buf, len(buf))
    text = buf.value.decode(errors="replace")
    if sock:
        kernel = lib.nlrs_socket_ext_msg(sock)
        if kernel is not None and -code == lib.nlrs_socket_last_errno(sock):
            text += ": " + kernel.decode(errors="replace")
    return text


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.environ.get("NLRS_LIB") or os.path.join(here, "..", "target", "release", "libnlrs.so")
    try:
        lib = load(path)
    except OSError as e:
        print(f"error: cannot load {path}: {e}", file=sys.stderr)
        return 1

    sock = ctypes.c_void_p()
    try:
        check(lib.nlrs_socket_open(NLRS_PROTO_ROUTE, 0, ctypes.byref(sock)))
        for _ in range(ATTEMPTS):
            try:
                lines = dump_links(lib, sock)
                break
            except NlrsError as e:
                if e.code != -NLRS_E_DUMP_INTR:
                    raise
                # The table changed while it was read: dump again.
        else:
            raise NlrsError(-NLRS_E_DUMP_INTR)
    except NlrsError as e:
        print(f"error: {error_text(lib, sock, e.code)}", file=sys.stderr)
        return 1
    finally:
        lib.nlrs_socket_free(sock)

    sys.stdout.buffer.write(b"".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
