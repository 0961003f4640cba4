"""Live progress: one bar per graph node, plus the whole run with an ETA, records per
second, and tokens and cost so far (rich)."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from datarefinery.runs.cost import format_cost


class RunProgress:
    """A rich progress display.

    The top bar counts input records whose whole tree is finished, with an ETA and their
    rate (records per second), and — once :meth:`watch` is given the models' meter — the
    tokens and cost so far. Each node gets a bar whose total grows as records reach it and
    whose completion counts records it has finished with (passed on, fanned out, rejected
    or errored).
    """

    def __init__(self, nodes: list[str], total: int, console: Console | None = None, enabled: bool = True):
        self.progress = Progress(
            TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=console, disable=not enabled, transient=False,
        )
        self.overall = self.progress.add_task("records (all stages)", total=total, note="")
        self.tasks: dict[str, TaskID] = {n: self.progress.add_task(f"  {n}", total=0, note="") for n in nodes}
        self._rejected: dict[str, int] = {n: 0 for n in nodes}
        self._enabled = enabled
        self._done = 0
        self._started = time.monotonic()
        self._noted = 0.0
        self._usage: Callable[[], tuple[int, float | None]] | None = None

    def __enter__(self) -> RunProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._note(force=True)
        self.progress.stop()

    def step(self, node: str, event: str) -> None:
        task = self.tasks[node]
        self.progress.update(task, total=(self.progress.tasks[task].total or 0) + 1)
        if event in ("rejected", "errored"):
            self._rejected[node] += 1
        note = f"[red]{self._rejected[node]} out[/red]" if self._rejected[node] else ""
        self.progress.update(task, advance=1, note=note)
        self._note()

    def root_done(self) -> None:
        self._done += 1
        self.progress.advance(self.overall)
        self._note()

    def watch(self, usage: Callable[[], tuple[int, float | None]]) -> None:
        """Show the tokens and cost so far, as ``usage()`` returns them (see
        :func:`~datarefinery.runs.cost.live_cost`), on the top line."""
        self._usage = usage

    def _note(self, force: bool = False) -> None:
        """Records per second, tokens and cost on the top line (at most twice a second)."""
        now = time.monotonic()
        if not self._enabled or (now - self._noted < 0.5 and not force):
            return
        self._noted = now
        parts = [f"{self._done / max(now - self._started, 1e-9):.2f} rec/s"]
        if self._usage is not None:
            tokens, cost = self._usage()
            parts += [f"{tokens:,} tok", format_cost(cost)]
        self.progress.update(self.overall, note=" · ".join(parts))
