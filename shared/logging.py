"""structlog, configured once per process: JSON lines when not on a terminal, console otherwise.

Context (`service`, `correlation_id`, `causation_id`, `event_id`, `stream_id`) is bound through
contextvars at each boundary, so every line a unit of work writes carries it.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

BoundLogger = structlog.stdlib.BoundLogger


def configure_logging(service: str, *, json: bool | None = None, level: str = "info") -> None:
    """Route structlog and the standard library (uvicorn, aiokafka) through one renderer."""
    render_json = (not sys.stderr.isatty()) if json is None else json
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if render_json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info if render_json else _identity,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # The libraries' own chatter stays at warnings; our events carry what matters.
    for noisy in ("aiokafka", "uvicorn.access", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service=service)


def _identity(_logger: Any, _name: str, event_dict: Any) -> Any:  # noqa: ANN401 - structlog's contract
    return event_dict
