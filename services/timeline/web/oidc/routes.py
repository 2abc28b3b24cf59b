"""The sign-in routes: to the provider and back, for young people (/mijn) and employees (/ui).

`GET <prefix>/inloggen/oidc` starts a flow: fresh state, nonce and PKCE verifier sealed in a
short-lived cookie (HttpOnly, SameSite=Lax: the provider's redirect back is a cross-site
navigation, which a Strict cookie would not come along with), then a redirect to the
provider. `GET <prefix>/inloggen/terug` is where the provider sends the browser back: the
state must be the cookie's, the code is exchanged once, the ID token verified; the provider's
claims are then mapped to ours and the platform's own session token goes into the same cookie
a pasted token would (`regie_mijn`, `regie_sessie`). That last answer is a page that moves on
by itself, not a redirect: a cookie set on a navigation that began at another site is not
sent with a redirect in the same chain (SameSite=Strict).

Every refusal is a page in Dutch (English beside), never a 5xx: a provider that cannot be
reached is a 424 (a failed dependency), a sign-in that cannot be trusted a 400 or 403.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Final

import structlog
from fastapi import APIRouter, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse

from services.timeline.web import session as web_session
from services.timeline.web.mijn import session as mijn_session
from services.timeline.web.mijn.rendering import mijn_page
from services.timeline.web.oidc import claims as mapping
from services.timeline.web.oidc.identities import Found, IdentityLookup
from services.timeline.web.oidc.protocol import (
    FLOW_SECONDS,
    Audience,
    Flow,
    FlowError,
    IdTokenError,
    authorization_url,
    flow_key,
    matches,
    open_sealed,
    seal,
)
from services.timeline.web.oidc.provider import (
    CodeRefusedError,
    OidcProvider,
    ProviderUnavailableError,
)
from services.timeline.web.oidc.settings import OidcSettings
from services.timeline.web.rendering import page
from shared.auth import Principal, mint_token
from shared.auth.roles import YOUNG_PERSON

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from fastapi import FastAPI, Response

    from services.timeline.settings import TimelineSettings
    from shared.auth import AuthSettings

log = structlog.get_logger("web")

FLOW_COOKIE: Final = "regie_oidc"
USED_STATES_KEPT: Final = 10_000
_PARAM = Annotated[str | None, Query(max_length=4096)]

Words = dict[str, str]

NOT_OFFERED: Final = {
    "nl": "Inloggen via de gemeente is hier niet ingesteld.",
    "en": "Signing in through the municipality is not configured here.",
}
CANCELLED: Final = {
    "nl": "Het inloggen is afgebroken. Probeer het opnieuw.",
    "en": "Signing in was cancelled. Please try again.",
}
STALE: Final = {
    "nl": "Dit inloggen is verlopen of niet in deze browser begonnen. Begin opnieuw.",
    "en": "This sign-in has expired or was not started in this browser. Please start again.",
}
USED: Final = {
    "nl": "Deze inlogpoging is al gebruikt. Begin opnieuw.",
    "en": "This sign-in attempt has already been used. Please start again.",
}
NOT_TRUSTED: Final = {
    "nl": "Het inloggen kon niet worden gecontroleerd. Begin opnieuw.",
    "en": "The sign-in could not be verified. Please start again.",
}
TOO_LOW: Final = {
    "nl": "Log in met DigiD op niveau Substantieel of hoger, bijvoorbeeld met de DigiD-app."
    " Met alleen een wachtwoord kun je je gegevens hier niet zien.",
    "en": "Sign in with DigiD at level Substantial or higher, for example with the DigiD app."
    " A password alone does not open your data here.",
}
UNAVAILABLE: Final = {
    "nl": "Inloggen via de gemeente lukt nu niet. Probeer het later nog eens.",
    "en": "Signing in through the municipality is not possible right now. Please try later.",
}
UNKNOWN_YOUNG_PERSON: Final = {
    "nl": "We kennen je nog niet. Je bent nog niet ingeschreven bij de gemeente voor hulp,"
    " of je inschrijving is nog niet met je BSN vastgelegd. Vraag je jongerenregisseur of"
    " de gemeente om hulp.",
    "en": "We do not know you yet. You are not registered with the municipality for help, or"
    " your registration does not hold your BSN yet. Ask your jongerenregisseur or the"
    " municipality for help.",
}
TWICE_KNOWN: Final = {
    "nl": "Je staat twee keer ingeschreven. Daarom kun je nu niet inloggen. De gemeente lost"
    " dit op; vraag je jongerenregisseur.",
    "en": "You are registered twice, so you cannot sign in now. The municipality will fix"
    " this; ask your jongerenregisseur.",
}
NO_ROLE: Final = {
    "nl": "Uw account heeft geen rol in regie. Vraag uw beheerder om de juiste groep.",
    "en": "Your account has no role in regie. Ask your administrator for the right group.",
}
NO_MUNICIPALITY: Final = {
    "nl": "Uw gemeente is niet bekend bij het inloggen. Vraag uw beheerder.",
    "en": "Your municipality is not known at sign-in. Ask your administrator.",
}


@dataclass
class OidcSignIn:
    """What the routes need, on `app.state.oidc` (a test may set its own)."""

    settings: OidcSettings
    auth: AuthSettings
    provider: OidcProvider
    identities: IdentityLookup
    used_states: OrderedDict[str, None] = field(default_factory=OrderedDict)

    @property
    def flow_key(self) -> bytes:
        """The flow cookie's key, derived from the platform's signing key."""
        return flow_key(self.auth.signing_key.get_secret_value().encode())

    def first_use(self, state: str) -> bool:
        """Whether this flow's state comes back for the first time (in this process).

        The provider's code is single-use too; this refuses a replayed callback even before it.
        """
        if state in self.used_states:
            return False
        self.used_states[state] = None
        while len(self.used_states) > USED_STATES_KEPT:
            self.used_states.popitem(last=False)
        return True


def install_oidc(
    app: FastAPI, auth: AuthSettings, settings: TimelineSettings, oidc: OidcSettings | None = None
) -> None:
    """Mount the four routes; configure sign-in through the provider when `OIDC_ISSUER` is set.

    Raises:
        ValueError: OIDC on with `AUTH_PUBLIC_KEY` set: the platform signs its own session
            tokens, so it must hold its own signing key (deploy/oidc.md).
    """
    chosen = oidc if oidc is not None else OidcSettings()
    app.state.oidc = None
    if chosen.enabled:
        if auth.uses_public_key:
            raise ValueError(
                "OIDC_ISSUER issues the platform's own session tokens: set AUTH_SIGNING_KEY and"
                " unset AUTH_PUBLIC_KEY (deploy/oidc.md)"
            )
        lookup = IdentityLookup(
            settings.intake_url, chosen.identity_lookup_key, timeout_s=chosen.http_timeout_s
        )
        app.state.oidc = OidcSignIn(chosen, auth, OidcProvider(chosen), lookup)
    app.include_router(build_oidc_router())


def configured(request: Request, audience: Audience) -> OidcSignIn | None:
    """The app's sign-in, when it is on for this audience."""
    found = getattr(request.app.state, "oidc", None)
    if not isinstance(found, OidcSignIn):
        return None
    on = found.settings.for_young_people if audience == "mijn" else found.settings.for_professionals
    return found if on else None


def build_oidc_router() -> APIRouter:
    """`/mijn/inloggen/oidc`, `/mijn/inloggen/terug`, `/ui/inloggen/oidc`, `/ui/inloggen/terug`."""
    router = APIRouter(include_in_schema=False)

    @router.get("/mijn/inloggen/oidc", response_class=HTMLResponse)
    async def mijn_start(request: Request) -> Response:
        """Send the young person to the municipality's sign-in (DigiD)."""
        return await _start(request, "mijn", mijn_session.HOME)

    @router.get("/mijn/inloggen/terug", response_class=HTMLResponse)
    async def mijn_back(
        request: Request, code: _PARAM = None, state: _PARAM = None, error: _PARAM = None
    ) -> Response:
        """Back from the provider: check, find the young person, sign them in."""
        return await _back(request, "mijn", code, state, error)

    @router.get("/ui/inloggen/oidc", response_class=HTMLResponse)
    async def ui_start(request: Request, volgende: _PARAM = None) -> Response:
        """Send the employee to the municipality's sign-in."""
        return await _start(request, "ui", web_session.safe_next(volgende))

    @router.get("/ui/inloggen/terug", response_class=HTMLResponse)
    async def ui_back(
        request: Request, code: _PARAM = None, state: _PARAM = None, error: _PARAM = None
    ) -> Response:
        """Back from the provider: check, map the groups to roles, sign the employee in."""
        return await _back(request, "ui", code, state, error)

    return router


async def _start(request: Request, audience: Audience, next_page: str) -> Response:
    sign_in = configured(request, audience)
    if sign_in is None:
        return _refusal(request, audience, status.HTTP_404_NOT_FOUND, NOT_OFFERED)
    try:
        metadata = await sign_in.provider.metadata()
    except ProviderUnavailableError as exc:
        log.info("web.oidc_unavailable", reason=str(exc))
        return _refusal(request, audience, status.HTTP_424_FAILED_DEPENDENCY, UNAVAILABLE)
    flow = Flow.start(audience, next_page, time.time())
    settings = sign_in.settings
    target = authorization_url(
        metadata.authorization_endpoint, client_id=settings.client_id,
        redirect_uri=settings.redirect_uri(f"/{audience}"), scopes=settings.scopes, flow=flow,
        acr_values=settings.acr_values if audience == "mijn" else (),
    )  # fmt: skip
    response = RedirectResponse(target, status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        FLOW_COOKIE, seal(sign_in.flow_key, flow), max_age=FLOW_SECONDS, httponly=True,
        samesite="lax", secure=request.url.scheme == "https", path=f"/{audience}/inloggen",
    )  # fmt: skip
    return response


async def _back(  # noqa: PLR0911 - one refusal per way a sign-in can fail, each named
    request: Request, audience: Audience, code: str | None, state: str | None, error: str | None
) -> Response:
    sign_in = configured(request, audience)
    if sign_in is None:
        return _refusal(request, audience, status.HTTP_404_NOT_FOUND, NOT_OFFERED)
    if error is not None:
        log.info("web.oidc_refused", reason="provider error", error=error[:64])
        return _refusal(request, audience, status.HTTP_400_BAD_REQUEST, CANCELLED)
    try:
        flow = open_sealed(sign_in.flow_key, request.cookies.get(FLOW_COOKIE, ""), time.time())
    except FlowError as exc:
        log.info("web.oidc_refused", reason=str(exc))
        return _refusal(request, audience, status.HTTP_400_BAD_REQUEST, STALE)
    if flow.audience != audience or not matches(flow.state, state) or not code:
        log.info("web.oidc_refused", reason="state is not this browser's flow")
        return _refusal(request, audience, status.HTTP_400_BAD_REQUEST, STALE)
    if not sign_in.first_use(flow.state):
        log.info("web.oidc_refused", reason="callback replayed")
        return _refusal(request, audience, status.HTTP_400_BAD_REQUEST, USED)
    provider = sign_in.provider
    try:
        id_token = await provider.exchange(
            code, flow.verifier, sign_in.settings.redirect_uri(f"/{audience}")
        )
        claims = await provider.verify(id_token, flow.nonce)
    except CodeRefusedError as exc:
        log.info("web.oidc_refused", reason=str(exc))
        return _refusal(request, audience, status.HTTP_400_BAD_REQUEST, USED)
    except ProviderUnavailableError as exc:
        log.info("web.oidc_unavailable", reason=str(exc))
        return _refusal(request, audience, status.HTTP_424_FAILED_DEPENDENCY, UNAVAILABLE)
    except IdTokenError as exc:
        log.info("web.oidc_refused", reason=f"id token: {exc}")
        return _refusal(request, audience, status.HTTP_403_FORBIDDEN, NOT_TRUSTED)
    if audience == "mijn":
        return await _young_person(request, sign_in, claims)
    return _professional(request, sign_in, claims, flow.next)


async def _young_person(
    request: Request, sign_in: OidcSignIn, claims: Mapping[str, Any]
) -> Response:
    """The BSN claim to the youth id (intake), then the young person's own session token."""
    if not mapping.assurance_met(claims, sign_in.settings):
        log.info("web.oidc_refused", reason="level of assurance", acr=str(claims.get("acr"))[:80])
        return _refusal(request, "mijn", status.HTTP_403_FORBIDDEN, TOO_LOW)
    gemeentecode = mapping.gemeentecode_of(claims, sign_in.settings)
    bsn = mapping.bsn_of(claims, sign_in.settings)
    if gemeentecode is None or bsn is None:
        log.info("web.oidc_refused", reason="no municipality or no BSN claim")
        return _refusal(request, "mijn", status.HTTP_403_FORBIDDEN, NOT_TRUSTED)
    identity = await sign_in.identities.youth_of(bsn, gemeentecode)
    del bsn  # held for the lookup only
    if identity.found is Found.UNKNOWN:
        return _refusal(request, "mijn", status.HTTP_404_NOT_FOUND, UNKNOWN_YOUNG_PERSON)
    if identity.found is Found.AMBIGUOUS:
        return _refusal(request, "mijn", status.HTTP_409_CONFLICT, TWICE_KNOWN)
    if identity.youth_id is None:
        return _refusal(request, "mijn", status.HTTP_424_FAILED_DEPENDENCY, UNAVAILABLE)
    youth_id = str(identity.youth_id)
    token = mint_token(
        sign_in.auth, subject=mapping.young_person_subject(youth_id), roles=[YOUNG_PERSON],
        gemeentecode=gemeentecode, youth_id=youth_id, ttl=_ttl(sign_in),
    )  # fmt: skip
    response = _continue(request, "mijn", mijn_session.HOME)
    mijn_session.sign_in(response, token, secure=request.url.scheme == "https")
    request.app.state.mijn_csrf.renew(request, response)
    return response


def _professional(
    request: Request, sign_in: OidcSignIn, claims: Mapping[str, Any], next_page: str
) -> Response:
    """The provider's groups to roles (`OIDC_ROLE_MAP`), then the employee's session token."""
    gemeentecode = mapping.gemeentecode_of(claims, sign_in.settings)
    if gemeentecode is None:
        log.info("web.oidc_refused", reason="no municipality")
        return _refusal(request, "ui", status.HTTP_403_FORBIDDEN, NO_MUNICIPALITY)
    roles = mapping.roles_of(claims, sign_in.settings)
    subject = mapping.professional_subject(claims)
    if not roles or subject is None:
        log.info("web.oidc_refused", reason="no group maps to a role")
        return _refusal(request, "ui", status.HTTP_403_FORBIDDEN, NO_ROLE)
    token = mint_token(
        sign_in.auth, subject=subject, roles=roles, gemeentecode=gemeentecode, ttl=_ttl(sign_in)
    )
    target = web_session.safe_next(next_page)
    if target == web_session.HOME:  # as the pasted token's sign-in: policy staff to the report
        principal = Principal(subject=subject, roles=roles, gemeentecode=gemeentecode)
        target = web_session.home_of(principal)
    response = _continue(request, "ui", target)
    web_session.sign_in(response, token, secure=request.url.scheme == "https")
    request.app.state.web_csrf.renew(request, response)
    return response


def _ttl(sign_in: OidcSignIn) -> timedelta:
    return timedelta(minutes=sign_in.settings.session_minutes)


def _continue(request: Request, audience: Audience, target: str) -> Response:
    """Signed in: a page that moves on to `target` by itself (see the module docstring)."""
    context = {
        "title": "Ingelogd",
        "message": "Je bent ingelogd." if audience == "mijn" else "U bent ingelogd.",
        "english": None,
        "link": target,
        "link_text": "Verder",
        "refresh": target,
    }
    response = _render(request, audience, context, status.HTTP_200_OK)
    response.delete_cookie(FLOW_COOKIE, path=f"/{audience}/inloggen")
    return response


def _refusal(request: Request, audience: Audience, code: int, words: Words) -> Response:
    """Why signing in did not work, with the way back to the sign-in form."""
    context = {
        "title": "Inloggen is niet gelukt",
        "message": words["nl"],
        "english": words["en"],
        "link": f"/{audience}/inloggen",
        "link_text": "Terug naar inloggen",
        "refresh": None,
    }
    response = _render(request, audience, context, code)
    response.delete_cookie(FLOW_COOKIE, path=f"/{audience}/inloggen")
    return response


def _render(
    request: Request, audience: Audience, context: Mapping[str, object], code: int
) -> Response:
    if audience == "mijn":
        return mijn_page(request, "mijn/inloggen_oidc.html", context, code)
    return page(request, "inloggen_oidc.html", context, code)
