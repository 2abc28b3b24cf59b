"""`POST /identities/lookup`: which young person a BSN belongs to, for signing them in.

A young person signs in to Mijn regie at the municipality's identity provider (DigiD), which
names them by BSN; the platform knows them by youth id. Intake alone holds the BSN, and only
as a keyed digest in the blind index (blind_index.py), so the lookup digests the BSN as the
identity verification did and answers the youth id, never the BSN. The BSN travels in the
body (never the URL, which proxies and access logs keep) and is never logged or stored.

Who may ask: not a person. The caller is the timeline's sign-in (services/timeline/web/oidc),
before anyone is signed in, so no user token exists yet. It presents a service key of its own
(`REGIE_IDENTITY_LOOKUP_KEY`, at least 32 characters, the same in intake and the timeline) as
`Authorization: Bearer`; that key opens this route only: it is no JWT, so every other route
refuses it (401), and no token of any role opens this one. Unset in intake, the route is the
404 of one not there: the deployment does not sign young people in through a provider.

Each lookup is processing-logged (`intake.inloggen`): found, on the young person's own chain
with them as the actor (they just proved who they are at the provider), on their right of
access (`avg_15`); not found or ambiguous, as refused with no young person named.

No `from __future__ import annotations` here: FastAPI resolves route annotations at runtime.
"""

import hashlib
import hmac
import uuid
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from services.intake.blind_index import BlindIndex
from services.intake.domain.bsn import elfproef
from services.intake.domain.duplicates import bsn_value
from shared.auth import Principal
from shared.auth.roles import YOUNG_PERSON
from shared.command_http import logged
from shared.processing_log import note_processing

ROUTE: Final = "/identities/lookup"
ACTIVITY: Final = "intake.inloggen"
ACTIVITY_NAME: Final = "Jongere laten inloggen: BSN naar eigen id"
MIN_KEY_CHARS: Final = 32

NOT_KNOWN: Final = {
    "nl": "Onbekend: met dit BSN is in deze gemeente geen jongere ingeschreven",
    "en": "Unknown: no young person is registered with this BSN in this municipality",
}
AMBIGUOUS: Final = {
    "nl": "Meer dan een inschrijving met dit BSN: intake moet eerst de dubbele inschrijving"
    " oplossen",
    "en": "More than one registration with this BSN: intake must first resolve the duplicate",
}
NO_SERVICE_KEY: Final = {
    "nl": "Alleen de inlogdienst van het platform mag dit vragen (servicesleutel ontbreekt of"
    " klopt niet)",
    "en": "Only the platform's sign-in service may ask this (service key missing or wrong)",
}
NOT_OFFERED: Final = {
    "nl": "Inloggen met een BSN is in deze omgeving niet ingesteld",
    "en": "Signing in by BSN is not configured in this deployment",
}


class IdentityLookup(BaseModel):
    """A BSN the identity provider vouched for, and the municipality to look in."""

    model_config = ConfigDict(extra="forbid")

    bsn: SecretStr = Field(description="Nine digits passing the elfproef; never logged.")
    gemeentecode: str = Field(pattern=r"^[0-9]{4}$", examples=["0518"])


class IdentityFound(BaseModel):
    """The young person the BSN belongs to: their youth id, nothing else."""

    youth_id: uuid.UUID


def lookup_key_matches(configured: SecretStr | None, authorization: str) -> bool:
    """Whether `Authorization: Bearer <key>` holds the configured service key.

    Compared as digests in constant time, so neither the key nor its length leaks by timing.
    """
    if configured is None:
        return False
    scheme, _, sent = authorization.partition(" ")
    if scheme.lower() != "bearer" or not sent.strip():
        return False
    expected = hashlib.sha256(configured.get_secret_value().encode()).digest()
    return hmac.compare_digest(hashlib.sha256(sent.strip().encode()).digest(), expected)


def build_identity_lookup_router(index_of: Any) -> APIRouter:  # noqa: ANN401 - a FastAPI dependency
    """The lookup route; `index_of` gives the app's blind index."""
    router = APIRouter()
    Index = Annotated[BlindIndex, Depends(index_of)]  # noqa: N806 - a type alias

    @router.post(
        ROUTE,
        summary=ACTIVITY_NAME,
        dependencies=logged(
            action="lezen", activity=ACTIVITY, activity_name=ACTIVITY_NAME, grondslag="avg_15"
        ),
        responses={
            401: {"description": "No or a wrong service key."},
            404: {"description": "No young person with this BSN, or lookups not configured."},
            409: {"description": "More than one registration with this BSN."},
        },
    )
    async def lookup(body: IdentityLookup, request: Request, index: Index) -> IdentityFound:
        """The youth id of the young person registered with this BSN in this municipality."""
        configured: SecretStr | None = getattr(request.app.state, "identity_lookup_key", None)
        if configured is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_OFFERED)
        if not lookup_key_matches(configured, request.headers.get("Authorization", "")):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, NO_SERVICE_KEY, {"WWW-Authenticate": "Bearer"}
            )
        bsn = bsn_value(body.bsn.get_secret_value())
        if not elfproef(bsn) or len(body.bsn.get_secret_value()) != len(bsn):
            # The value is not echoed: it may be a real BSN with one digit wrong.
            problem = {
                "loc": ["body", "bsn"],
                "msg": "Verwacht een BSN: negen cijfers die de elfproef doorstaan",
                "msg_en": "Expected a BSN: nine digits passing the eleven test",
                "type": "bsn",
            }
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [problem])
        found = await index.find(body.gemeentecode, "bsn", bsn)
        if not found:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_KNOWN)
        if len(found) > 1:
            raise HTTPException(status.HTTP_409_CONFLICT, AMBIGUOUS)
        youth_id = found[0]
        principal = young_person(youth_id, body.gemeentecode)
        note_processing(request, principal=principal, youth_id=youth_id)
        return IdentityFound(youth_id=youth_id)

    return router


def young_person(youth_id: uuid.UUID, gemeentecode: str) -> Principal:
    """The young person as the sign-in names them: the same subject the timeline's session has."""
    return Principal(
        subject=subject_of(youth_id), roles=frozenset({YOUNG_PERSON}), gemeentecode=gemeentecode,
        youth_id=str(youth_id),
    )  # fmt: skip


def subject_of(youth_id: uuid.UUID) -> str:
    """The `sub` of a young person signed in through the provider: a pseudonym, never the BSN."""
    return f"jongere-{youth_id}"
