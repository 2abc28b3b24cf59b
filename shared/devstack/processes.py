"""Service processes started the way production starts them: `python -m <module>`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from shared.devstack.servers import _die_with_parent

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ServiceProcess:
    """One child process with its own log file; dies with its parent, like the servers."""

    module: str
    env: dict[str, str]
    log_path: Path
    args: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServiceProcess:
        """Start the module with `env` added to ours."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", self.module, *self.args],
                env={**os.environ, **self.env},
                cwd=PROJECT_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent(signal.SIGTERM),  # noqa: PLW1509 - no threads yet
            )
        return self

    @property
    def pid(self) -> int:
        """The child's pid."""
        assert self.process is not None  # noqa: S101 - started
        return self.process.pid

    def is_running(self) -> bool:
        """Whether it has not exited."""
        return self.process is not None and self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        """How it exited (negative: the signal that killed it); None while it runs."""
        return self.process.poll() if self.process is not None else None

    def wait_ready(self, url: str, timeout: float = 120.0) -> None:
        """Poll `url` until it answers 200; fail with the log's tail if the process exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_running():
                raise RuntimeError(f"{self.module} exited:\n{self.tail()}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                    if response.status == 200:  # noqa: PLR2004 - HTTP OK
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{self.module} not ready at {url}:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        """The end of its log, for error messages."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM (the service finishes its batch and commits), then SIGKILL if it hangs."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """`kill -9`: no chance to finish anything, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
