"""The headers of one POST: the signature header follows the subscription's secrets."""

import uuid

from services.notifications.sender import Request, headers_for
from services.notifications.signature import SIGNATURE_HEADER, verify

BODY = b'{"specversion":"1.0","id":"3f0c"}'
NOW = 1_767_000_000


def request_with(previous_secret: str | None) -> Request:
    return Request(
        url="https://zaaksysteem.example.nl/regie",
        body=BODY,
        secret="the-new-secret",  # noqa: S106 - a test key, not a credential
        auth=None,
        event_id=uuid.uuid4(),
        attempt=1,
        previous_secret=previous_secret,
    )


def test_a_previous_secret_adds_a_second_v1_that_verifies_under_it():
    """While a rotated secret is valid, a receiver on either secret accepts the POST."""
    header = headers_for(request_with("the-old-secret"), NOW)[SIGNATURE_HEADER]
    assert header.count(",v1=") == 2
    assert verify("the-new-secret", header, BODY, now=NOW)
    assert verify("the-old-secret", header, BODY, now=NOW)


def test_without_a_previous_secret_only_the_current_one_signs():
    """After the grace period: one v1, and the old secret no longer verifies."""
    header = headers_for(request_with(None), NOW)[SIGNATURE_HEADER]
    assert header.count(",v1=") == 1
    assert verify("the-new-secret", header, BODY, now=NOW)
    assert not verify("the-old-secret", header, BODY, now=NOW)
