"""The dev stack's promises: real servers, a free port when the default is taken, no orphans."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import uuid

import psutil
import pytest

from shared.devstack import KafkaBroker
from shared.devstack.processes import PROJECT_ROOT
from shared.devstack.stack import STATE_DIR


def test_broker_takes_another_port_when_the_preferred_one_is_busy():
    """A port held by someone else is left alone; the broker listens elsewhere."""
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        broker = KafkaBroker(STATE_DIR / f"port-{uuid.uuid4().hex[:8]}", preferred_port=busy)
        try:
            bootstrap = broker.start()
            assert broker.port != busy
            assert bootstrap == f"127.0.0.1:{broker.port}"
            socket.create_connection(("127.0.0.1", broker.port), 1).close()
        finally:
            broker.stop()


def test_killing_the_parent_leaves_no_server_behind():
    """`kill -9` of whoever started the servers takes the servers down with it."""
    data_dir = STATE_DIR / f"orphan-{uuid.uuid4().hex[:8]}"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from shared.devstack import DevStack
        stack = DevStack(data_dir=Path({str(data_dir)!r}), durable=False)
        stack.start()
        print("PIDS", stack.postgres.pid, stack.broker.pid, flush=True)
        time.sleep(60)
        """
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")
    }
    parent = subprocess.Popen(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert parent.stdout is not None
        line = next(line for line in parent.stdout if line.startswith("PIDS"))
        pids = [int(pid) for pid in line.split()[1:]]
        assert len(pids) == 2
        assert all(psutil.pid_exists(pid) for pid in pids)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in pids)
    finally:
        parent.kill()
        parent.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("name", ["postgres", "tansu"])
def test_servers_listen_on_loopback_only(stack, name):
    """Nothing the tests start is reachable from another machine.

    Read from the system's socket table by the server's port, not from the process's open
    files: walking a busy postmaster's descriptors once came back empty under load.
    """
    port = stack.postgres.port if name == "postgres" else stack.broker.port
    listening = [
        c.laddr.ip
        for c in psutil.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    ]
    assert listening
    assert set(listening) == {"127.0.0.1"}
