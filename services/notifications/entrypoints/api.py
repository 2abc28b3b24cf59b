"""HTTP routes of the bridge: an integration administrator's subscriptions and deliveries.

Everything is within the caller's municipality: a subscription of another one answers 404,
as if it did not exist. No `from __future__ import annotations`: FastAPI reads annotations.
"""

import uuid
from typing import Annotated, Final

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status

from services.notifications.destinations import MALFORMED, host_refusal
from services.notifications.entrypoints.resources import (
    BIGINT_MAX,
    CreatedSubscription,
    DeliveryPage,
    DeliveryView,
    Requeued,
    RotatedSubscription,
    SubscriptionRequest,
    SubscriptionView,
)
from services.notifications.filters import domain_of_prefix
from services.notifications.queue import DeliveryQueue, State
from services.notifications.subscriptions import NewSubscription, Subscription, Subscriptions
from shared.auth import Authenticator, Principal, ensure_tenant
from shared.http import log_context

MANAGERS: Final = ("koppelbeheerder",)
READERS: Final = ("koppelbeheerder", "auditor")
UNKNOWN_SUBSCRIPTION: Final = {"nl": "Onbekend abonnement", "en": "Unknown subscription"}
UNKNOWN_DELIVERY: Final = {"nl": "Onbekende aflevering", "en": "Unknown delivery"}
NOT_DEAD: Final = {
    "nl": "Alleen een opgegeven aflevering (dead) kan opnieuw worden verstuurd",
    "en": "Only a dead delivery can be retried",
}


def _subscriptions(request: Request) -> Subscriptions:
    store: Subscriptions = request.app.state.subscriptions
    return store


def _queue(request: Request) -> DeliveryQueue:
    queue: DeliveryQueue = request.app.state.queue
    return queue


SubscriptionStore = Annotated[Subscriptions, Depends(_subscriptions)]
Queue = Annotated[DeliveryQueue, Depends(_queue)]


async def _owned(
    store: Subscriptions, principal: Principal, subscription_id: uuid.UUID
) -> Subscription:
    found = await store.find(principal.gemeentecode, subscription_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SUBSCRIPTION)
    return found


def _unknown_domains(body: SubscriptionRequest, domains: list[str]) -> None:
    """A prefix naming a domain the bridge does not read would never match: say so."""
    errors = [
        {"loc": ["body", "type_prefixes", i], "type": "value_error",
         "msg": f"onbekend domein / unknown domain: {domain} (known: {', '.join(domains)})"}
        for i, prefix in enumerate(body.type_prefixes)
        if (domain := domain_of_prefix(prefix)) is not None and domain not in domains
    ]  # fmt: skip
    if errors:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, errors)


def _internal_callback(body: SubscriptionRequest) -> None:
    """A callback inside the network (SSRF) is refused; a name is judged again at delivery."""
    host = body.callback_url.host
    refusal = MALFORMED if host is None else host_refusal(host)
    if refusal is not None:
        error = {"loc": ["body", "callback_url"], "type": "value_error",
                 "msg": refusal.message(host or "")}  # fmt: skip
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [error])


def build_router(auth: Authenticator, domains: list[str], *, allow_private: bool) -> APIRouter:
    """The routes, bound to the authenticator and the domains the bridge reads.

    `allow_private` lets callbacks reach internal addresses (development and tests only).
    """
    router = APIRouter(prefix="/subscriptions", tags=["subscriptions"])
    manager = Annotated[Principal, Depends(auth.require(*MANAGERS))]
    reader = Annotated[Principal, Depends(auth.require(*READERS))]

    @router.post("", status_code=status.HTTP_201_CREATED)
    async def subscribe(
        body: SubscriptionRequest, principal: manager, store: SubscriptionStore, request: Request
    ) -> CreatedSubscription:
        """Subscribe a callback URL; the answer holds the signing secret, this once only."""
        if body.gemeentecode is not None:
            ensure_tenant(principal, body.gemeentecode)
        _unknown_domains(body, domains)
        if not allow_private:
            _internal_callback(body)
        created, secret = await store.create(
            NewSubscription(
                gemeentecode=principal.gemeentecode,
                callback_url=str(body.callback_url),
                type_prefixes=tuple(body.type_prefixes),
                auth=body.auth,
                created_by=principal.actor,
            )
        )
        log_context(request, subscription_id=str(created.id))
        return CreatedSubscription(**_view(created).model_dump(), secret=secret)

    @router.get("")
    async def subscriptions(principal: reader, store: SubscriptionStore) -> list[SubscriptionView]:
        """The municipality's subscriptions."""
        return [_view(s) for s in await store.of_gemeente(principal.gemeentecode)]

    @router.get("/{subscription_id}")
    async def subscription(
        subscription_id: uuid.UUID, principal: reader, store: SubscriptionStore
    ) -> SubscriptionView:
        """One subscription."""
        return _view(await _owned(store, principal, subscription_id))

    @router.delete("/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
    async def unsubscribe(
        subscription_id: uuid.UUID, principal: manager, store: SubscriptionStore
    ) -> Response:
        """End a subscription; its deliveries not yet sent are dropped with it."""
        if not await store.delete(principal.gemeentecode, subscription_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SUBSCRIPTION)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    _add_secret_route(router, auth)
    _add_delivery_routes(router, auth)
    return router


def _add_secret_route(router: APIRouter, auth: Authenticator) -> None:
    """Rotate a subscription's secret without a gap: both sign until the grace period ends."""
    manager = Annotated[Principal, Depends(auth.require(*MANAGERS))]

    @router.post("/{subscription_id}/secret")
    async def rotate_secret(
        subscription_id: uuid.UUID, principal: manager, store: SubscriptionStore, request: Request
    ) -> RotatedSubscription:
        """Issue a new signing secret, shown this once; the old one signs on for a grace period."""
        rotated = await store.rotate(principal.gemeentecode, subscription_id)
        if rotated is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SUBSCRIPTION)
        log_context(request, subscription_id=str(subscription_id))
        return RotatedSubscription(
            **_view(rotated.subscription).model_dump(),
            secret=rotated.secret,
            previous_secret_valid_until=rotated.previous_valid_until,
        )


def _add_delivery_routes(router: APIRouter, auth: Authenticator) -> None:
    """A subscription's deliveries: what happened to each event, and a retry for a dead one."""
    manager = Annotated[Principal, Depends(auth.require(*MANAGERS))]
    reader = Annotated[Principal, Depends(auth.require(*READERS))]

    @router.get("/{subscription_id}/deliveries")
    async def deliveries(  # noqa: PLR0913 - FastAPI injects each parameter by name
        *,
        subscription_id: uuid.UUID,
        principal: reader,
        store: SubscriptionStore,
        queue: Queue,
        state: Annotated[State | None, Query(description="Only deliveries in this state.")] = None,
        after: Annotated[
            int, Query(ge=0, le=BIGINT_MAX, description="The `next_after` of the page before.")
        ] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> DeliveryPage:
        """A subscription's deliveries with attempts, last error and next attempt time."""
        await _owned(store, principal, subscription_id)
        page = await queue.of_subscription(subscription_id, state, after=after, limit=limit)
        return DeliveryPage(
            deliveries=[DeliveryView.model_validate(d) for d in page],
            next_after=page[-1].id if len(page) == limit else None,
        )

    @router.post(
        "/{subscription_id}/deliveries/{delivery_id}/retry",
        status_code=status.HTTP_202_ACCEPTED,
    )
    async def retry(
        subscription_id: uuid.UUID,
        delivery_id: Annotated[int, Path(ge=0, le=BIGINT_MAX)],
        principal: manager,
        store: SubscriptionStore,
        queue: Queue,
    ) -> Requeued:
        """Send a dead delivery again (it goes before the young person's later pending ones)."""
        await _owned(store, principal, subscription_id)
        was = await queue.requeue(subscription_id, delivery_id)
        if was is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_DELIVERY)
        if was != "dead":
            raise HTTPException(status.HTTP_409_CONFLICT, NOT_DEAD)
        return Requeued(id=delivery_id, state="pending")


def _view(subscription: Subscription) -> SubscriptionView:
    return SubscriptionView.model_validate(subscription)
