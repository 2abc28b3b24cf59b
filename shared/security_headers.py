"""Security headers on every answer of every service: pages, JSON, errors alike.

One pure ASGI middleware, installed with the request context (shared.http), so no service can
forget it. What each answer gets:

- `Content-Security-Policy`: a page may load only from its own origin, run no inline script
  and be framed by nobody; anything else (JSON, CSV, CSS) may load nothing at all.
- The interactive API docs (`/docs`, `/redoc`) load Swagger UI and ReDoc from jsDelivr, as
  FastAPI serves them; self-hosting is impossible offline, so only those pages get a relaxed
  policy: the CDN, and FastAPI's own inline script allowed by its hash (computed from the page
  served, which holds no input from a request), never `'unsafe-inline'` for scripts.
- `X-Frame-Options: DENY` and `X-Content-Type-Options: nosniff` for older browsers.
- `Referrer-Policy: strict-origin-when-cross-origin`, not `no-referrer`: under `no-referrer`
  browsers send `Origin: null` even on a same-origin form post, which would defeat the web
  view's Origin check; another site still learns only our origin, never a path or a query.
- `Cache-Control: no-store`: answers hold personal data, so no browser or proxy may keep them;
  only static files and the public API docs stay cacheable.

A header the route set itself is left as it is.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING, Final

from starlette.datastructures import MutableHeaders
from starlette.staticfiles import StaticFiles

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY: Final = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""HTML: own origin only, so no inline script or style, no plug-ins, no framing."""

DATA_POLICY: Final = "default-src 'none'; frame-ancestors 'none'"
"""Anything but HTML: a JSON or CSV answer opened as a document may load and run nothing."""

CDN: Final = "https://cdn.jsdelivr.net"
_SWAGGER_POLICY: Final = (
    f"default-src 'none'; script-src {CDN} {{hashes}}; style-src {CDN} 'unsafe-inline'; "
    "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_REDOC_POLICY: Final = (
    f"default-src 'none'; script-src {CDN} {{hashes}}; "
    "style-src 'unsafe-inline' https://fonts.googleapis.com; font-src https://fonts.gstatic.com; "
    "img-src 'self' data: https:; worker-src blob:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)

COMMON: Final = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


class SecurityHeaders:
    """Pure ASGI middleware adding the headers above to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap `app`."""
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers at the start of the answer; buffer only the docs pages, to hash them."""
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        docs = _docs_policy(scope)
        if docs is not None:
            await self._app(scope, receive, _hashing(docs, send))
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                html = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("Content-Security-Policy", PAGE_POLICY if html else DATA_POLICY)
                _add_common(headers, cacheable=isinstance(scope.get("endpoint"), StaticFiles))
            await send(message)

        await self._app(scope, receive, send_with_headers)


def _add_common(headers: MutableHeaders, *, cacheable: bool) -> None:
    for name, value in COMMON.items():
        headers.setdefault(name, value)
    if not cacheable:
        headers.setdefault("Cache-Control", "no-store")


def _docs_policy(scope: Scope) -> str | None:
    """The policy template of the app's own API docs page at this path, if it is one."""
    app, path = scope.get("app"), scope["path"]
    if path in {
        getattr(app, "docs_url", None),
        getattr(app, "swagger_ui_oauth2_redirect_url", None),
    }:
        return _SWAGGER_POLICY
    if path == getattr(app, "redoc_url", None):
        return _REDOC_POLICY
    return None


def script_hashes(body: bytes) -> str:
    """CSP sources allowing exactly the inline scripts in `body`, by their SHA-256."""
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(body)
    )


def _hashing(policy: str, send: Send) -> Send:
    """A `send` holding back a docs page until its whole body is there, to hash its scripts."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def send_hashed(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return
        if message["type"] != "http.response.body" or start is None:
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(chunks)
        headers = MutableHeaders(scope=start)
        headers.setdefault("Content-Security-Policy", policy.format(hashes=script_hashes(body)))
        _add_common(headers, cacheable=True)
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})

    return send_hashed
