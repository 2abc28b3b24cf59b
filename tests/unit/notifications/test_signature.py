"""The webhook signature: what a receiver computes from the secret, the time and the body."""

import hashlib
import hmac

from services.notifications.signature import sign, verify

SECRET = "s3cr3t-from-the-creation-response"  # noqa: S105 - a test key, not a credential
OLD_SECRET = "the-secret-a-rotation-replaced"  # noqa: S105 - a test key, not a credential
BODY = b'{"specversion":"1.0","id":"3f0c","data":{"enc":{"ct":"x"}}}'
NOW = 1_767_000_000


def test_the_header_is_the_hmac_of_time_dot_body_under_the_secret():
    """Independently computed: hex HMAC-SHA256(secret, "<t>." + body), as the README says."""
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert f"t={NOW},v1={expected}" == sign(SECRET, NOW, BODY)


def test_a_fresh_signature_verifies():
    """The same secret, body and a time within the tolerance: accepted."""
    assert verify(SECRET, sign(SECRET, NOW, BODY), BODY, now=NOW + 10)


def test_a_changed_body_another_secret_or_an_old_timestamp_is_refused():
    """Each of the three things the signature binds is checked."""
    header = sign(SECRET, NOW, BODY)
    assert not verify(SECRET, header, BODY + b" ", now=NOW)
    assert not verify("another-secret", header, BODY, now=NOW)
    assert not verify(SECRET, header, BODY, now=NOW + 301)
    assert verify(SECRET, header, BODY, now=NOW + 301, tolerance_s=600)


def test_a_signature_moved_to_another_timestamp_is_refused():
    """The timestamp is signed too: replaying the v1 value with a new `t` does not verify."""
    v1 = sign(SECRET, NOW, BODY).split(",v1=")[1]
    assert not verify(SECRET, f"t={NOW + 60},v1={v1}", BODY, now=NOW + 60)


def test_malformed_headers_are_refused_not_raised():
    """Whatever a caller sends as the header, the answer is False."""
    good = sign(SECRET, NOW, BODY)
    for header in ("", "t=", "v1=abc", f"t={NOW}", f"t=x,v1={good[-64:]}", "garbage",
                   f"t={NOW},t={NOW},v1={good[-64:]}"):  # fmt: skip
        assert not verify(SECRET, header, BODY, now=NOW), header


def test_one_of_several_v1_values_may_match():
    """Room for rotating a secret: any listed v1 that verifies is enough."""
    good = sign(SECRET, NOW, BODY).split(",v1=")[1]
    assert verify(SECRET, f"t={NOW},v1={'0' * 64},v1={good}", BODY, now=NOW)


def test_with_a_previous_secret_the_header_has_a_v1_for_each_the_new_one_first():
    """During a rotation's grace period: `t=<t>,v1=<new>,v1=<old>`, each computed independently."""
    signed = f"{NOW}.".encode() + BODY
    new = hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    old = hmac.new(OLD_SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert f"t={NOW},v1={new},v1={old}" == sign(SECRET, NOW, BODY, previous=OLD_SECRET)
    assert sign(SECRET, NOW, BODY) == sign(SECRET, NOW, BODY, previous=None)


def test_a_header_signed_with_both_secrets_verifies_under_either_and_no_other():
    """A receiver still on the old secret, or already on the new one: both accept it."""
    header = sign(SECRET, NOW, BODY, previous=OLD_SECRET)
    assert verify(SECRET, header, BODY, now=NOW)
    assert verify(OLD_SECRET, header, BODY, now=NOW)
    assert not verify("a-third-secret", header, BODY, now=NOW)
    assert not verify(OLD_SECRET, header, BODY + b" ", now=NOW)
    assert not verify(OLD_SECRET, header, BODY, now=NOW + 301)
