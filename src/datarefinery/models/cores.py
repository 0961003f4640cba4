"""Sharing the CPU cores among the embedded llama.cpp servers running on one host.

A llama.cpp server runs as many compute threads as it is given. Two servers that each take
every core (two runs at once, a test suite beside a benchmark, two workers of a scheduler)
each run about four times slower than one alone, and the machine produces half as much;
given their share of the cores they lose almost nothing (measured in issue 14 and in
``docs/benchmarks.md``).

Every embedded server of this project registers in ``<cache root>/servers/`` while it
lives: one file per server, holding an exclusive ``flock`` that the operating system drops
when the process ends, however it ends — an entry whose lock can be taken belongs to a dead
process and is removed. A server's share of ``cores`` live servers is ``cores // n``
(the first ``cores % n`` in start order get one more; never less than one). The embedded
server checks its share between requests and, when it changed, moves to a server started
with the new count (see :class:`~datarefinery.models.embedded.EmbeddedModel`): llama.cpp's
server, as ``xllamacpp`` embeds it, cannot change its thread count while it runs.

``threads`` in a recipe's model block, or ``$DATAREFINERY_THREADS``, fixes the count
instead (the server still registers, so the others count it).
"""

from __future__ import annotations

import fcntl
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from datarefinery.models.catalogue import cache_root

THREADS_ENV = "DATAREFINERY_THREADS"
SUFFIX = ".server"


def available_cores() -> int:
    """CPU cores this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def threads_override(configured: int | None) -> tuple[int | None, str]:
    """A fixed thread count and where it came from: the recipe's ``threads``, else
    ``$DATAREFINERY_THREADS``, else ``(None, "share")``.

    Raises:
        ValueError: ``$DATAREFINERY_THREADS`` is not a positive integer.
    """
    if configured is not None:
        return configured, "recipe"
    env = os.environ.get(THREADS_ENV)
    if env:
        if not env.strip().isdigit() or int(env) < 1:
            raise ValueError(f"${THREADS_ENV} must be a positive integer, not {env!r}")
        return int(env), f"${THREADS_ENV}"
    return None, "share"


def share_of(rank: int, live: int, cores: int) -> int:
    """Threads for the server at ``rank`` (0 = oldest) of ``live`` servers on ``cores`` cores."""
    live = max(1, live)
    return max(1, cores // live + (1 if rank < cores % live else 0))


@dataclass
class Registration:
    """One live server's entry; :meth:`close` removes it (the OS drops the lock anyway when
    the process ends)."""

    path: Path
    fd: int | None

    def close(self) -> None:
        if self.fd is not None:
            try:
                self.path.unlink(missing_ok=True)
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
                os.close(self.fd)
                self.fd = None


class ServerRegistry:
    """The live embedded servers of a host (see the module docstring).

    Args:
        directory: where entries live (default ``<cache root>/servers``).
        cores: cores to share (default :func:`available_cores`).
    """

    def __init__(self, directory: Path | None = None, cores: int | None = None):
        self.directory = directory or cache_root() / "servers"
        self.cores = cores or available_cores()

    def register(self, **info: object) -> Registration:
        """Add an entry for this server, locked before it becomes visible (created under a
        temporary name, locked, then renamed), so no other process can take it for stale."""
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp = self.directory / f".{name}.tmp"
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, json.dumps({"pid": os.getpid(), **info}, default=str).encode())
        path = self.directory / f"{name}{SUFFIX}"
        os.rename(tmp, path)
        return Registration(path, fd)

    def live(self) -> list[Path]:
        """Entries of live servers, oldest first; entries of dead processes are removed."""
        if not self.directory.is_dir():
            return []
        out = []
        for path in sorted(self.directory.glob(f"*{SUFFIX}")):
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                out.append(path)  # held: its server lives
            else:
                path.unlink(missing_ok=True)  # nobody holds it: its process is gone
            finally:
                os.close(fd)
        return out

    def share(self, me: Registration) -> tuple[int, int]:
        """``(threads, live servers)`` for the server registered as ``me``."""
        live = self.live()
        rank = live.index(me.path) if me.path in live else len(live)
        n = max(len(live), rank + 1)
        return share_of(rank, n, self.cores), n
