"""The webhook bridge's entries in the processing register (AVG art. 30).

It forwards the domains' events, sealed as they are on the topics, to integrators' webhooks;
its own routes manage subscriptions and process no young person's data.
"""

from __future__ import annotations

from shared.processing_register import Retention, ServiceRegister

_SUBSCRIPTIONS = "Abonnementen van koppelingen beheren; geen gegevens over jongeren"

REGISTER = ServiceRegister(
    service="notifications",
    retention=Retention(
        term="Bezorgde afleveringen tot de ingestelde termijn na bezorging (standaard 30"
        " dagen); mislukte tot een beheerder ze opnieuw probeert",
        source="delivered_retention_days (services/notifications/settings.py)",
    ),
    activities={},
    not_processing={
        "POST /subscriptions": _SUBSCRIPTIONS,
        "GET /subscriptions": _SUBSCRIPTIONS,
        "GET /subscriptions/{subscription_id}": _SUBSCRIPTIONS,
        "DELETE /subscriptions/{subscription_id}": _SUBSCRIPTIONS,
        "POST /subscriptions/{subscription_id}/secret": _SUBSCRIPTIONS,
        "GET /subscriptions/{subscription_id}/deliveries": "Afleveringen van een koppeling"
        " inzien; berichten met persoonsgegevens alleen versleuteld",
        "POST /subscriptions/{subscription_id}/deliveries/{delivery_id}/retry": "Een"
        " aflevering opnieuw proberen; berichten met persoonsgegevens alleen versleuteld",
    },
)
