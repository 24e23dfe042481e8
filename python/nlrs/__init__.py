"""nlrs: netlink for Python, on the nlrs library's C API.

    import nlrs
    with nlrs.Socket() as s:                       # NETLINK_ROUTE by default
        for link in s.links():
            print(link.ifindex, link.name, link.mtu, link.up)
        s.set_link("v0", mtu=1400, up=True)        # a name or an index
        s.add_address("v0", "10.9.9.1/24")
        for r in s.routes(table=254):
            print(r.dst, r.gateway, r.oif, r.priority)

Any family with a description (the kernel's YNL specs; built in: `nlrs.Family.builtins()`)
takes and gives dicts:

    for link in nlrs.Family("rt-link").dump("getlink"):
        print(link["ifi-index"], link["ifname"])

Dumps are generators that stream (bounded memory); errors are NetlinkError (an OSError)
with the errno, the kernel's text and the attribute it pointed at. `nlrs.abi` holds every
constant and struct of the C header (`nlrs.abi.NLRS_RTM_NEWLINK`, `nlrs.abi.nlrs_ifinfomsg`),
generated from it when the package was built.
"""

from . import _abi as abi
from ._lib import lib as _lib
from .errors import DumpInterrupted, NetlinkError, Overrun, Timeout, WouldBlock
from .events import Change, Event, Mirror, Monitor
from .family import Family, Operation
from .genl import GenlFamily
from .messages import Attribute, Message, Request, attributes
from .objects import Address, Link, LinkStats, Neighbour, Route, RoutePath
from .socket import Socket

__version__: str = _lib.nlrs_version().decode()
"""The version of the bundled library."""

__all__ = [
    "Address",
    "Attribute",
    "Change",
    "DumpInterrupted",
    "Event",
    "Family",
    "GenlFamily",
    "Link",
    "LinkStats",
    "Message",
    "Mirror",
    "Monitor",
    "Neighbour",
    "Operation",
    "NetlinkError",
    "Overrun",
    "Request",
    "Route",
    "RoutePath",
    "Socket",
    "Timeout",
    "WouldBlock",
    "abi",
    "attributes",
]
