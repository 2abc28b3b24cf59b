"""`/metrics` on a running service: appends, relay, projection, HTTP, dead letters."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer
from prometheus_client.parser import text_string_to_metric_families

from services.intake.bootstrap import create_app
from services.intake.settings import IntakeSettings
from shared.kafka import events_topic
from tests.support.apps import bearer, platform_settings, serve
from tests.support.waiting import eventually


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_metrics_follow_an_append_from_http_to_the_read_model(
    endpoints, topic_prefix, schema
):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    group = f"{topic_prefix}-summaries"
    app = create_app(settings, IntakeSettings(schema_name=schema, summaries_group=group))
    topic = events_topic("intake", topic_prefix)
    async with serve(app) as client:
        created = await client.post(
            "/youths",
            json={"gemeentecode": "0518", "programma": "jpf", "full_name": "Sam",
                  "date_of_birth": "2004-03-14"},
            headers=bearer("intake"),
        )  # fmt: skip
        assert created.status_code == 201, created.text
        youth_id = created.json()["youth_id"]
        assert (await client.get(f"/youths/{youth_id}", headers=bearer("intake"))).is_success

        # A message that is no CloudEvent: the read model parks it on the dead-letter topic.
        producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap)
        await producer.start()
        try:
            await producer.send_and_wait(topic, b"not json", key=b"x")
        finally:
            await producer.stop()

        def settled(found: dict) -> bool:
            return (
                found.get(("regie_projection_applied_total", (("consumer", group),)), 0) >= 1
                and found.get(
                    ("regie_dead_letters_total", (("consumer", group), ("topic", topic))), 0
                )
                >= 1
                and found.get(("regie_relay_lag_events", (("topic", topic),))) == 0
            )

        async def scrape() -> dict:
            response = await client.get("/metrics")
            assert response.headers["content-type"].startswith("text/plain")
            return samples(response.text)

        found = await eventually(scrape, settled)
    assert found[("regie_events_appended_total", (("schema", schema),))] == 1
    assert found[("regie_relay_published_total", (("topic", topic),))] == 1
    assert found[("regie_relay_lag_seconds", (("topic", topic),))] == 0
    assert found[("regie_consumer_lag_records", (("consumer", group),))] == 0
    assert found[("regie_projection_apply_seconds_count", (("consumer", group),))] >= 1
    # HTTP by route template, never by the raw path with its id.
    route = (("method", "GET"), ("route", "/youths/{youth_id}"), ("status", "200"))
    assert found[("regie_http_request_duration_seconds_count", route)] >= 1
    assert not any(youth_id in str(labels) for _name, labels in found)
