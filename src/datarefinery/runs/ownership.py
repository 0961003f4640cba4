"""Who owns a run directory: one live run at a time, and nothing overwritten unasked.

A run holds an exclusive ``flock`` on ``<run dir>/.lock`` for its whole life. The lock
belongs to the open file, so the operating system drops it when the process ends, however
it ends (``kill -9`` included): there is no stale PID file to clean up, and ``--resume``
after a crash just works. While held, the lock file says who holds it (PID, host, start
time, command), so that a refused run can name the holder.

A directory that already holds a run (any of :data:`RUN_FILES`) is used again only when
the caller says how: ``resume`` continues it; ``overwrite="move"`` renames it to a sibling
named with its finish time (``runs/x`` → ``runs/x.20261123T174534``); ``overwrite="delete"``
removes it. Both happen while the old directory's lock is held, so a live run is never
moved or deleted.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from datarefinery.errors import RecipeError, RunDirBusy, RunDirExists

LOCK_FILE = ".lock"
RUN_FILES = ("recipe.resolved.yaml", "run.json", "manifest.json", "journal.jsonl", "accepted.jsonl",
             "rejected.jsonl", "errored.jsonl", "documents.jsonl")
Overwrite = Literal["move", "delete"]


def holds_run(path: Path) -> bool:
    """Whether ``path`` holds (part of) a run: any of :data:`RUN_FILES` exists in it."""
    return any((path / name).exists() for name in RUN_FILES)


def _describe_holder(holder: dict[str, Any]) -> str:
    if not holder:
        return "another process (it has not written its name yet)"
    return (f"process {holder.get('pid')} on {holder.get('host')}, started {holder.get('started_at')}"
            f" ({holder.get('command', '')})")


class RunLock:
    """An exclusive, non-blocking lock on a run directory (created if missing).

    Raises:
        RunDirBusy: from :meth:`acquire`, when another open file holds the lock — another
            process, or another run in this one.
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _wait_for_holder(fd)
            os.close(fd)
            raise RunDirBusy(f"another run is writing this directory: {_describe_holder(holder)}; wait for it to "
                             "finish or stop it (a killed run can be continued with --resume)",
                             path=str(self.path), holder=holder) from None
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (idempotent)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _wait_for_holder(fd: int, timeout: float = 2.0) -> dict[str, Any]:
    """The holder's name; it writes it just after taking the lock, so a run refused in that
    instant waits for it (up to ``timeout`` seconds) rather than naming nobody."""
    deadline = time.monotonic() + timeout
    while not (holder := _read_holder(fd)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return holder


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        data = os.pread(fd, 4096, 0)
        holder = json.loads(data) if data else {}
        return holder if isinstance(holder, dict) else {}
    except (OSError, ValueError):
        return {}


def finished_at(path: Path) -> datetime:
    """When the run in ``path`` finished: ``started_at + wall_seconds`` from its manifest,
    else (a crashed run) the newest modification time of its files."""
    try:
        m = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        return datetime.fromisoformat(m["started_at"]) + timedelta(seconds=float(m["wall_seconds"]))
    except (OSError, ValueError, KeyError, TypeError):
        times = [(path / n).stat().st_mtime for n in RUN_FILES if (path / n).exists()]
        return datetime.fromtimestamp(max(times, default=path.stat().st_mtime), timezone.utc)


def _summary(path: Path) -> str:
    try:
        c = json.loads((path / "manifest.json").read_text(encoding="utf-8"))["counts"]
        return (f"finished {finished_at(path):%Y-%m-%d %H:%M:%S} UTC: {c['accepted']} accepted, {c['rejected']} "
                f"rejected, {c['errored']} errored")
    except (OSError, ValueError, KeyError, TypeError):
        return "unfinished (no manifest.json)"


def aside_path(path: Path) -> Path:
    """A free sibling of ``path`` named with its run's finish time, UTC:
    ``<name>.<YYYYmmddTHHMMSS>`` (``-2``, ``-3``… appended when taken)."""
    base = path.with_name(f"{path.name}.{finished_at(path).astimezone(timezone.utc):%Y%m%dT%H%M%S}")
    target, n = base, 1
    while target.exists():
        n += 1
        target = base.with_name(f"{base.name}-{n}")
    return target


@dataclass
class Claim:
    """A run directory owned by this process: release :attr:`lock` when the run ends (or
    use the claim as a context manager).

    Attributes:
        lock: the held lock.
        moved_to: where an earlier run in the directory was moved (``overwrite="move"``).
        deleted: an earlier run in the directory was removed (``overwrite="delete"``).
    """

    lock: RunLock
    moved_to: Path | None = None
    deleted: bool = False

    def __enter__(self) -> Claim:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.release()

    def note(self) -> str | None:
        """One line on what happened to an earlier run, or ``None``."""
        if self.moved_to:
            return f"the earlier run in {self.lock.path} was moved to {self.moved_to}"
        if self.deleted:
            return f"the earlier run in {self.lock.path} was deleted (--overwrite=delete)"
        return None


def claim_run_dir(path: Path, *, resume: bool = False, overwrite: Overwrite | None = None) -> Claim:
    """Take ``path`` for a run, before any model is loaded or file written.

    Args:
        resume: continue the run in ``path`` (it must hold one).
        overwrite: what to do with a run already in ``path``: ``move`` it aside or
            ``delete`` it. Without it (and without ``resume``) such a directory is refused.

    Raises:
        RunDirBusy: a live run holds ``path``.
        RunDirExists: ``path`` holds a run and neither ``resume`` nor ``overwrite`` was given;
            nothing was changed.
        RecipeError: ``resume`` of a directory that holds no run.
        ValueError: both ``resume`` and ``overwrite``.
    """
    if resume and overwrite:
        raise ValueError("resume and overwrite exclude each other")
    if resume and not (path / "recipe.resolved.yaml").is_file():
        raise RecipeError("not a run directory (no recipe.resolved.yaml); nothing to resume", path=str(path))
    lock = RunLock(path)
    lock.acquire()
    if resume or not holds_run(path):
        return Claim(lock)
    if overwrite is None:
        summary = _summary(path)
        lock.release()
        raise RunDirExists(f"holds a run ({summary}); nothing was changed. Use --resume to continue it, --overwrite "
                           "to move it aside to a sibling directory named with its finish time, or "
                           "--overwrite=delete to remove it", path=str(path))
    try:
        if overwrite == "move":
            moved_to: Path | None = aside_path(path)
            os.rename(path, moved_to)  # type: ignore[arg-type]
        else:
            moved_to = None
            shutil.rmtree(path)
    finally:
        lock.release()
    new = RunLock(path)
    new.acquire()
    return Claim(new, moved_to=moved_to, deleted=moved_to is None)
