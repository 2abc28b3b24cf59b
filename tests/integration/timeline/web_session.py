"""Signing in to the web view as a browser does: fetch the form, post it back with its token."""

from __future__ import annotations

import re

from services.timeline.web.csrf import FIELD

_TOKEN = re.compile(rf'name="{FIELD}" value="([^"]+)"')


def csrf_of(page: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _TOKEN.search(page)
    assert found, "the page has no CSRF field"
    return found[1]


async def form_token(client, path: str = "/ui/inloggen") -> str:
    """The token the login form (or another page) gives this client, with its cookie.

    Signed in already, the login form sends on to a page whose header has the same token.
    """
    page = await client.get(path, follow_redirects=True)
    return csrf_of(page.text)


async def post_form(client, path: str, data: dict[str, str], *, page: str = "/ui/inloggen"):
    """Post `data` to `path` as the form on `page` would: with its CSRF token."""
    return await client.post(path, data={**data, FIELD: await form_token(client, page)})


async def log_in(client, token: str, volgende: str = "/ui/jongeren"):
    """Sign in with `token` through the login form; the client keeps the cookies."""
    return await post_form(client, "/ui/inloggen", {"token": token, "volgende": volgende})


async def log_out(client, page: str = "/ui/jongeren"):
    """Sign out through the button in the header of `page`."""
    return await post_form(client, "/ui/uitloggen", {}, page=page)
