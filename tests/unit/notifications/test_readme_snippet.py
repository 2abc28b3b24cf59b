"""The README's receiver-side snippet verifies what the bridge really signs."""

import re
import time

from services.notifications.signature import sign
from shared.devstack.processes import PROJECT_ROOT

SECTION = "## Webhooks (notification bridge)\n"


def readme_verifier():
    """The ```python block of the webhooks section, run as an integrator would paste it."""
    text = (PROJECT_ROOT / "README.md").read_text()
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    return namespace["verify_regie_signature"], code


def test_the_snippet_is_short_and_accepts_a_real_signature():
    """Ten lines at most; a header from the bridge's own signer verifies."""
    verify, code = readme_verifier()
    assert len(code.strip().splitlines()) <= 10
    body = b'{"specversion":"1.0","id":"e1","data":{"enc":{"ct":"AAAA"}}}'
    header = sign("the-secret", int(time.time()), body)
    assert verify("the-secret", header, body) is True


def test_the_snippet_refuses_a_changed_body_a_wrong_secret_and_an_old_request():
    """The three things a receiver relies on."""
    verify, _ = readme_verifier()
    body = b'{"id":"e1"}'
    now = int(time.time())
    assert verify("the-secret", sign("the-secret", now, body), body + b" ") is False
    assert verify("other", sign("the-secret", now, body), body) is False
    assert verify("the-secret", sign("the-secret", now - 3600, body), body) is False


def test_the_snippet_accepts_the_new_and_the_old_secret_during_a_rotation():
    """`t=...,v1=<new>,v1=<old>`: any v1 may match, whichever secret the receiver holds."""
    verify, _ = readme_verifier()
    body = b'{"id":"e1"}'
    header = sign("the-new-secret", int(time.time()), body, previous="the-old-secret")
    assert verify("the-new-secret", header, body) is True
    assert verify("the-old-secret", header, body) is True
    assert verify("other", header, body) is False
    assert verify("the-old-secret", header, body + b" ") is False


def test_the_snippet_refuses_a_malformed_header_without_raising():
    """A receiver answers a bad header with a refusal, not with its own 500."""
    verify, _ = readme_verifier()
    body = b'{"id":"e1"}'
    good = sign("the-secret", int(time.time()), body)
    for header in ("", "garbage", "v1=abc", "t=soon,v1=abc", good.replace(",", ";"), "t,v1"):
        assert verify("the-secret", header, body) is False, header
