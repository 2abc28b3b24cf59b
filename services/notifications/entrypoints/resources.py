"""What the bridge's HTTP API takes and gives: subscriptions and their deliveries.

No `from __future__ import annotations` here: pydantic and FastAPI read the annotations.
"""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from services.notifications.filters import is_type_prefix
from services.notifications.queue import State
from shared.auth.settings import is_production

MAX_PREFIXES = 20
# What a bigint column (a delivery's id) holds: a larger number would fail in the database.
BIGINT_MAX = 2**63 - 1
ONLY_ASCII = "alleen ASCII-tekens (een headerwaarde) / ASCII characters only (a header value)"
NO_CONTROL_CHARACTERS = (
    "geen stuurtekens (zoals NUL of een regeleinde) / no control characters (like NUL or a newline)"
)


def _type_prefix(value: str) -> str:
    if not is_type_prefix(value):
        raise ValueError(
            "geen begin van een regie-eventtype (bijvoorbeeld nl.regie.debts.) /"
            " not the start of a regie event type (e.g. nl.regie.debts.)"
        )
    return value


TypePrefix = Annotated[str, AfterValidator(_type_prefix)]


class SubscriptionRequest(BaseModel):
    """Subscribe a webhook to the municipality's events (the Notificaties API's abonnement)."""

    model_config = ConfigDict(extra="forbid")

    callback_url: AnyHttpUrl = Field(
        description="Receives each event as a POST (http or https; https in production).",
        examples=["https://zaaksysteem.example.nl/regie/notificaties"],
    )
    auth: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="Sent as the `Authorization` header of each POST. Write-only: never shown.",
        examples=["Bearer 3f0c1d..."],
    )
    type_prefixes: list[TypePrefix] = Field(
        default_factory=list,
        max_length=MAX_PREFIXES,
        description="Only events whose CloudEvents `type` starts with one of these; none: all.",
        examples=[["nl.regie.debts.", "nl.regie.housing.housed"]],
    )
    gemeentecode: str | None = Field(
        default=None,
        pattern=r"^\d{4}$",
        description="The municipality whose events to receive: your own (the default).",
        examples=["0518"],
    )

    @field_validator("callback_url", mode="before")
    @classmethod
    def _no_nul_in_url(cls, url: object) -> object:
        """A NUL is never part of a URL; PostgreSQL text cannot hold one either."""
        if isinstance(url, str) and "\x00" in url:
            raise ValueError(NO_CONTROL_CHARACTERS)
        return url

    @field_validator("auth")
    @classmethod
    def _a_header_value(cls, auth: str | None) -> str | None:
        """Sent as a header: a NUL, CR or LF would fail every POST (or inject a header)."""
        if auth is not None and any((c < " " and c != "\t") or c == "\x7f" for c in auth):
            raise ValueError(NO_CONTROL_CHARACTERS)
        if auth is not None and not auth.isascii():
            # Sent as the Authorization header, which carries ASCII only: accepted, it would
            # fail every delivery.
            raise ValueError(ONLY_ASCII)
        return auth

    @field_validator("callback_url")
    @classmethod
    def _no_credentials_in_url(cls, url: AnyHttpUrl) -> AnyHttpUrl:
        """Credentials belong in `auth` (write-only), not in a URL the API shows to everyone."""
        if url.username or url.password:
            raise ValueError(
                "zet inloggegevens in auth, niet in de URL / put credentials in auth, not the URL"
            )
        if is_production() and url.scheme != "https":
            # The body carries personal data (sealed fields aside) and `auth` goes along.
            raise ValueError("in productie alleen https / only https in production")
        return url

    @field_validator("type_prefixes")
    @classmethod
    def _distinct(cls, prefixes: list[str]) -> list[str]:
        return list(dict.fromkeys(prefixes))


class SubscriptionView(BaseModel):
    """A subscription, without its secret or its Authorization value."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    callback_url: str
    gemeentecode: str
    type_prefixes: list[str]
    auth_configured: bool = Field(description="Whether an `Authorization` value is sent.")
    created_by: str
    created_at: datetime


class CreatedSubscription(SubscriptionView):
    """The new subscription, with its signing secret: shown this once, keep it safe."""

    secret: str = Field(
        description="HMAC-SHA256 key of the `X-Regie-Signature` header (README: Webhooks)."
    )


class RotatedSubscription(CreatedSubscription):
    """The subscription with its new signing secret: shown this once, keep it safe."""

    previous_secret_valid_until: datetime = Field(
        description="Until then each POST is signed with the previous secret too (a second v1)."
    )


class DeliveryView(BaseModel):
    """One event on its way to one subscription."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="Enqueue order: per young person, deliveries go in this order.")
    event_id: uuid.UUID = Field(description="The CloudEvent `id`: receivers deduplicate on it.")
    event_type: str
    subject: str = Field(description="The young person's opaque id (CloudEvent `subject`).")
    state: State
    attempts: int
    last_status: int | None = Field(description="The HTTP status of the last attempt, if any.")
    last_error: str | None
    next_attempt_at: datetime | None = Field(description="When a pending one is tried next.")
    enqueued_at: datetime
    delivered_at: datetime | None


class DeliveryPage(BaseModel):
    """Deliveries in enqueue order; ask again with `after=next_after` for more."""

    deliveries: list[DeliveryView]
    next_after: int | None


class Requeued(BaseModel):
    """A dead delivery is pending again, with a fresh count of attempts."""

    id: int
    state: State
