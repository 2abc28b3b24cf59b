"""PostgreSQL going away under a running service: a 503 to retry, never a 500, and no double.

Found by `make soak`: while PostgreSQL restarted, commands were answered 500 (an unhandled
connection error). The service cannot know whether the database will be back in a second or
an hour; it says so with a 503 and Retry-After, and the client's retry with the same
Idempotency-Key records the command once.
"""

from __future__ import annotations

from services.intake.bootstrap import create_app
from services.intake.settings import IntakeSettings
from shared.devstack.servers import PostgresServer
from tests.support.apps import bearer, platform_settings, serve
from tests.support.waiting import eventually

BODY = {"gemeentecode": "0518", "programma": "jpf", "full_name": "Sam Herstart",
        "date_of_birth": "2004-03-14"}  # fmt: skip


async def test_a_command_while_postgres_is_down_is_a_503_and_its_retry_records_it_once(
    endpoints, topic_prefix, tmp_path
):
    postgres = PostgresServer(tmp_path / "postgres", preferred_port=0, durable=False)
    url = postgres.start()
    try:
        settings = platform_settings(endpoints).model_copy(
            update={"database_url": url, "kafka_topic_prefix": topic_prefix}
        )
        schema = f"{topic_prefix}_intake"
        intake_settings = IntakeSettings(schema_name=schema, summaries_group=f"{topic_prefix}-i")
        app = create_app(settings, intake_settings)
        headers = {**bearer("intake"), "Idempotency-Key": "herstart-1"}
        async with serve(app) as intake:
            postgres.stop()
            down = await intake.post("/youths", json=BODY, headers=headers)
            assert down.status_code == 503, down.text
            assert down.headers["retry-after"] == "2"
            assert {"nl", "en"} <= down.json()["detail"].keys()

            postgres.preferred_port = postgres.port
            postgres.start()
            up = await eventually(
                lambda: intake.post("/youths", json=BODY, headers=headers),
                lambda r: r.status_code != 503,
                within=30,
            )
            assert up.status_code == 201, up.text
            again = await intake.post("/youths", json=BODY, headers=headers)
            assert again.json()["youth_id"] == up.json()["youth_id"]
            stored = await app.state.pool.fetchval(
                f"SELECT count(*) FROM {schema}.events WHERE event_type LIKE '%youth-registered'"
            )
            assert stored == 1
    finally:
        postgres.stop()
