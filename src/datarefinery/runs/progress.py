"""Live progress: one bar per graph node, plus the whole run with an ETA (rich)."""

from __future__ import annotations

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


class RunProgress:
    """A rich progress display.

    The top bar counts input records whose whole tree is finished, with an ETA. Each node
    gets a bar whose total grows as records reach it and whose completion counts records
    it has finished with (passed on, fanned out, rejected or errored).
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

    def __enter__(self) -> RunProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def step(self, node: str, event: str) -> None:
        task = self.tasks[node]
        self.progress.update(task, total=(self.progress.tasks[task].total or 0) + 1)
        if event in ("rejected", "errored"):
            self._rejected[node] += 1
        note = f"[red]{self._rejected[node]} out[/red]" if self._rejected[node] else ""
        self.progress.update(task, advance=1, note=note)

    def root_done(self) -> None:
        self.progress.advance(self.overall)
