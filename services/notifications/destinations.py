"""Where a webhook may go: never to an address inside the network (SSRF, issue 16).

A callback URL is chosen by an integration administrator, but the bridge POSTs from inside the
platform's network, with the database, the broker and a cloud's metadata service in reach. So
a host is judged as the IP it stands for, in every spelling the resolver accepts (`2130706433`,
`0x7f.1`, `0177.0.0.1`, `[::ffff:127.0.0.1]`, ...), when subscribing; and at delivery every
address a name resolves to is judged again and the connection goes to a judged address only
(`PinnedBackend`), so a name that resolves elsewhere later (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import httpcore

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterable

    from httpcore import AsyncNetworkStream

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SHARED: Final = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT, RFC 6598
_THIS_NETWORK: Final = ipaddress.IPv4Network("0.0.0.0/8")  # Linux connects 0.0.0.0 to itself
_IPV4_MAX: Final = 2**32


@dataclass(frozen=True)
class Refusal:
    """Why a host or address is refused, in Dutch and English (the API answers in both)."""

    nl: str
    en: str

    def message(self, host: str) -> str:
        """The 422 message naming the host."""
        return (
            f"geen adres binnen het netwerk: {host} ({self.nl}) /"
            f" no address inside the network: {host} ({self.en})"
        )


LOOPBACK: Final = Refusal("loopback", "loopback")
LINK_LOCAL: Final = Refusal("link-local", "link-local")
PRIVATE: Final = Refusal("privé-netwerk", "private network")
UNIQUE_LOCAL: Final = Refusal("unique-local", "unique local")
MULTICAST: Final = Refusal("multicast", "multicast")
UNSPECIFIED: Final = Refusal("onbepaald adres", "unspecified address")
SHARED: Final = Refusal("gedeelde adresruimte (CGNAT)", "shared address space (CGNAT)")
RESERVED: Final = Refusal("gereserveerd adres", "reserved address")
NOT_GLOBAL: Final = Refusal("geen publiek adres", "not a public address")
LOCAL_NAME: Final = Refusal("lokale naam", "local name")
SINGLE_LABEL: Final = Refusal(
    "naam zonder domein, gezocht in het lokale netwerk",
    "name without a domain, looked up in the local network",
)
MALFORMED: Final = Refusal("ongeldig adres", "malformed address")


def address_refusal(address: IPAddress) -> Refusal | None:
    """Why the bridge must not connect to `address`; None for a public unicast address.

    An IPv6 address that carries an IPv4 one (mapped `::ffff:a.b.c.d`, 6to4) is judged as that
    IPv4 address, which is where the packets end up.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return address_refusal(embedded)
        if address.is_site_local:  # fec0::/10, deprecated but still routed as local
            return PRIVATE
        if address in ipaddress.IPv6Network("fc00::/7"):
            return UNIQUE_LOCAL
    elif address in _THIS_NETWORK:
        return UNSPECIFIED
    checks = (
        (address.is_unspecified, UNSPECIFIED),
        (address.is_loopback, LOOPBACK),
        (address.is_link_local, LINK_LOCAL),
        (address.is_multicast, MULTICAST),
        (isinstance(address, ipaddress.IPv4Address) and address in _SHARED, SHARED),
        (address.is_reserved, RESERVED),
        (address.is_private, PRIVATE),
        (not address.is_global, NOT_GLOBAL),
    )
    return next((refusal for refused, refusal in checks if refused), None)


def host_refusal(host: str) -> Refusal | None:
    """Why a URL's host is refused before any lookup; None for a name to resolve at delivery.

    A literal address in any spelling is judged as the address; `localhost`, `*.localhost` and
    names without a dot (found through the local search domains: a cluster's service names)
    are refused outright.
    """
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if ":" in name:  # only an IPv6 literal has one; a zone id (`%25eth0`) may come along
        try:
            return address_refusal(ipaddress.IPv6Address(name.replace("%25", "%")))
        except ValueError:
            return MALFORMED
    name = name.removesuffix(".")  # `127.0.0.1.` and `localhost.` resolve as without the dot
    if "\x00" in name or "" in name.split("."):
        return MALFORMED
    legacy = legacy_ipv4(name)
    return _name_refusal(name) if legacy is None else address_refusal(legacy)


def _name_refusal(name: str) -> Refusal | None:
    """Why a name (not an address) is refused before any lookup."""
    if _number(name.rsplit(".", 1)[-1]) is not None:
        return MALFORMED  # numeric like an address but none (`1.2.3.4.5`): no name ends so
    if name == "localhost" or name.endswith(".localhost"):
        return LOCAL_NAME
    if "." not in name:
        return SINGLE_LABEL
    return None


def legacy_ipv4(text: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address `inet_aton` reads in `text`, None if it reads none.

    One to four parts, each decimal, octal (leading 0) or hex (0x); the last fills the bytes
    the others leave: `127.1` is 127.0.0.1, `2130706433` and `0x7f000001` are too.
    """
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:  # noqa: PLR2004 - a.b.c.d at most
        return None
    numbers = [_number(part) for part in parts]
    if any(n is None for n in numbers):
        return None
    *leading, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in leading) or last >= 256 ** (4 - len(leading)):  # noqa: PLR2004
        return None
    value = last
    for index, byte in enumerate(leading):
        value += byte << (8 * (3 - index))
    return ipaddress.IPv4Address(value) if value < _IPV4_MAX else None


def _number(part: str) -> int | None:
    """One part of a legacy IPv4 spelling as `inet_aton` reads it, or None if it is no number."""
    digits, base = part, 10
    if part[:2] in ("0x", "0X"):
        digits, base = part[2:] or "0", 16
    elif len(part) > 1 and part.startswith("0"):
        digits, base = part[1:], 8
    if not digits or not digits.isascii() or not digits.isalnum():
        return None
    try:
        return int(digits, base)
    except ValueError:
        return None


class RefusedDestinationError(httpcore.ConnectError):
    """A delivery's host is, or resolves to, an address inside the network: not connected."""


async def system_resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolver gives for `host` (as a connect would look it up)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from error
    found: dict[IPAddress, None] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        found[ipaddress.ip_address(str(sockaddr[0]))] = None
    return list(found)


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Opens each connection to an address it resolved and judged itself.

    httpcore asks it for `host:port`; it resolves once, refuses when any address is inside
    the network (unless `allow_private`), and connects to those addresses by IP. The URL keeps
    the name, so TLS checks the certificate for it (SNI) and `Host` names it.
    """

    def __init__(
        self,
        *,
        allow_private: bool,
        resolve: Callable[[str, int], Awaitable[list[IPAddress]]] | None = None,
    ) -> None:
        """Judge every address unless `allow_private`; look names up with `resolve`.

        Without `resolve`, the system resolver (`system_resolve`, looked up now so a test can
        stand in for DNS).
        """
        self._allow_private = allow_private
        self._resolve = resolve or system_resolve
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        """Resolve, judge every address, then connect to the first that answers."""
        if not self._allow_private and (refused := host_refusal(host)) is not None:
            raise RefusedDestinationError(f"{host} is refused ({refused.en})")
        addresses = await self._resolve(host.strip("[]"), port)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        if not self._allow_private:
            for address in addresses:
                if (refused := address_refusal(address)) is not None:
                    raise RefusedDestinationError(f"{host} resolves to {address} ({refused.en})")
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )  # fmt: skip
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        assert error is not None  # noqa: S101 - at least one address was tried
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109, ARG002 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,  # noqa: ARG002
    ) -> AsyncNetworkStream:
        """Never: a webhook goes over TCP."""
        raise RefusedDestinationError(f"unix socket {path} is refused")

    async def sleep(self, seconds: float) -> None:
        """As the default backend sleeps."""
        await self._inner.sleep(seconds)
