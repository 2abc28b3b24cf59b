"""Callbacks inside the network are refused in every spelling, and at delivery after DNS (SSRF)."""

import ipaddress
import uuid

import httpcore
import pytest

from services.notifications.destinations import (
    LOCAL_NAME,
    LOOPBACK,
    MALFORMED,
    PinnedBackend,
    RefusedDestinationError,
    address_refusal,
    host_refusal,
    legacy_ipv4,
)
from services.notifications.entrypoints.resources import SubscriptionRequest
from services.notifications.sender import Request, http_client, post

# Each spelling as an integrator may send it; pydantic normalises some (2130706433 becomes
# 127.0.0.1), the check must refuse what comes out either way.
INTERNAL_URLS = [
    "http://127.0.0.1:22",
    "http://localhost:5432",
    "http://LOCALHOST./",
    "http://localhost.:5432",
    "http://db.localhost/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::]/",
    "http://0.0.0.0/",
    "http://0/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://0177.0.0.1/",
    "http://0x7f000001/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://127.0.0.1./",
    "http://127.0.0.1../",
    "http://%31%32%37.0.0.1/",
    "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/",  # fullwidth digits
    "http://\u24dbocalhost/",  # circled l: IDNA maps it to localhost
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[fec0::1]/",
    "http://[ff02::1]/",
    "http://224.0.0.1/",
    "http://239.255.255.250:1900/",
    "http://100.64.0.1/",
    "http://100.127.255.254/",
    "http://198.18.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://postgres:5432/",  # a cluster's service name, found through the search domains
]

# Host spellings as they may stand in a stored URL or reach the resolver unnormalised.
INTERNAL_HOSTS = [
    "2130706433",
    "0x7f000001",
    "0X7F.0.0.1",
    "0177.0.0.1",
    "0177.1",
    "127.1",
    "127.0.1",
    "127.0.0.1.",
    "0",
    "0x0",
    "10.1",
    "0xa9.0xfe.0xa9.0xfe",
    "025177524776",  # 169.254.169.254 in octal
    "[::1]",
    "::1",
    "[fe80::1%25eth0]",
    "fe80::1%eth0",
    "[::ffff:a9fe:a9fe]",
    "localhost",
    "localhost.",
    "sub.LOCALHOST",
    "1.2.3.4.5",
    "256.1.1.1",
    "a..b",
    "exa\x00mple.nl",
    "[not-ipv6:]",
]

PUBLIC_URLS = [
    "https://zaaksysteem.example.nl/regie/notificaties",
    "https://93.184.216.34/hook",
    "http://8.8.8.8:8080/",
    "https://[2606:4700:4700::1111]/",
    "https://[::ffff:8.8.8.8]/",
    "https://example.nl./trailing-dot",
    "https://localhost.example.nl/",
]


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_an_internal_callback_url_is_refused_in_every_spelling(url):
    """What the API would store names an internal host: refused, with a reason in both languages."""
    parsed = SubscriptionRequest(callback_url=url).callback_url
    assert parsed.host is not None
    refusal = host_refusal(parsed.host)
    assert refusal is not None, parsed
    message = refusal.message(parsed.host)
    assert "geen adres binnen het netwerk" in message
    assert "no address inside the network" in message


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_an_internal_host_is_refused_however_it_is_spelt(host):
    """The resolver's legacy forms (decimal, octal, hex, short) are judged as the address."""
    assert host_refusal(host) is not None


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_public_callback_is_accepted(url):
    """Names are judged at delivery; public addresses (also IPv4-mapped) are fine."""
    parsed = SubscriptionRequest(callback_url=url).callback_url
    assert parsed.host is not None
    assert host_refusal(parsed.host) is None


@pytest.mark.parametrize(
    ("text", "address"),
    [("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
     ("127.1", "127.0.0.1"), ("10.1.2", "10.1.0.2"), ("0xa9.0376.43518", "169.254.169.254"),
     ("1.2.3.4", "1.2.3.4"), ("0", "0.0.0.0")],  # noqa: S104 - an address under test
)  # fmt: skip
def test_legacy_ipv4_reads_as_inet_aton_does(text, address):
    """Each part decimal, octal or hex; the last fills the remaining bytes."""
    assert legacy_ipv4(text) == ipaddress.IPv4Address(address)


@pytest.mark.parametrize(
    "text", ["1.2.3.4.5", "256.0.0.1", "1.16777216", "08.0.0.1", "4294967296", "a.b", "1..2", ""]
)
def test_legacy_ipv4_reads_nothing_in_what_inet_aton_refuses(text):
    """Out of range, a bad octal digit, too many parts, empty parts: no address."""
    assert legacy_ipv4(text) is None


def test_an_embedded_ipv4_address_is_judged_as_itself():
    """`::ffff:10.0.0.1` ends up at 10.0.0.1; `::ffff:8.8.8.8` at a public address."""
    assert address_refusal(ipaddress.ip_address("::ffff:127.0.0.1")) == LOOPBACK
    assert address_refusal(ipaddress.ip_address("::ffff:8.8.8.8")) is None
    assert address_refusal(ipaddress.ip_address("8.8.8.8")) is None


def resolver(answers: dict[str, list[str]]):
    """A stand-in for DNS: `answers` per name; records the names asked."""
    asked: list[str] = []

    async def resolve(host: str, _port: int) -> list:
        asked.append(host)
        return [ipaddress.ip_address(a) for a in answers[host]]

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


async def test_a_name_that_resolves_inside_the_network_is_refused_at_connect():
    """DNS rebinding: `rebind.example` passed the API's check but now resolves to 127.0.0.1."""
    backend = PinnedBackend(
        allow_private=False, resolve=resolver({"rebind.example": ["127.0.0.1"]})
    )
    with pytest.raises(RefusedDestinationError, match=r"resolves to 127\.0\.0\.1 \(loopback\)"):
        await backend.connect_tcp("rebind.example", 80)


async def test_every_address_a_name_resolves_to_is_judged():
    """One internal address among public ones refuses the name: a connect might pick it."""
    resolve = resolver({"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    backend = PinnedBackend(allow_private=False, resolve=resolve)
    with pytest.raises(RefusedDestinationError, match=r"10\.0\.0\.7"):
        await backend.connect_tcp("mixed.example", 443)


async def test_a_local_name_is_refused_without_a_lookup():
    """`localhost.` never reaches the resolver."""
    resolve = resolver({})
    backend = PinnedBackend(allow_private=False, resolve=resolve)
    with pytest.raises(RefusedDestinationError, match="local name"):
        await backend.connect_tcp("localhost.", 80)
    assert resolve.asked == []
    assert host_refusal("localhost.") == LOCAL_NAME
    assert host_refusal("1.2.3.4.5") == MALFORMED


async def test_a_unix_socket_is_never_opened():
    """A webhook goes over TCP only."""
    backend = PinnedBackend(allow_private=True)
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_unix_socket("/var/run/postgresql/.s.PGSQL.5432")


async def test_a_refused_delivery_fails_like_an_unreachable_receiver():
    """The POST is not sent; the outcome is a failure with the reason, to be retried then dead."""
    resolve = resolver({"rebind.example": ["127.0.0.1"]})
    request = Request(
        url="https://rebind.example/hook", body=b"{}", secret="s", auth=None,  # noqa: S106
        event_id=uuid.uuid4(), attempt=1,
    )  # fmt: skip
    async with http_client(5.0, 2, allow_private=False, resolve=resolve) as client:
        outcome = await post(client, request, timestamp=1, timeout_s=5.0)
    assert outcome.delivered is False
    assert outcome.status is None
    assert outcome.error == ("refused destination: rebind.example resolves to 127.0.0.1 (loopback)")
    assert resolve.asked == ["rebind.example"]
