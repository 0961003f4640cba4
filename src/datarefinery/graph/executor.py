"""The asynchronous executor: records flow through the graph independently.

Each input record becomes a task that walks the graph node by node until it ends
``accepted``, ``rejected`` or ``errored``; fan-out spawns one task per child. At most
``concurrency`` records are in flight (model requests are bounded separately, per model,
by wrappers). One failing record never stops the run: any exception inside a node marks
that record ``errored`` with the exception type, message and node.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from datarefinery.gates import reasons
from datarefinery.graph.base import NodeStats, Reject, RunContext
from datarefinery.graph.builder import Graph
from datarefinery.recipes.schema import END
from datarefinery.records import LineageStep, Record, Status, Verdict
from datarefinery.slots import Slots

if TYPE_CHECKING:  # the recovery room imports graph.base; only the type is needed here
    from datarefinery.recovery.engine import RecoveryEngine

MAX_STEPS = 200  # per record; a safety net under the graph's own loop bounds
REJECTED = "\x00rejected"  # internal marker returned by Executor._step
ADMIT_AHEAD = 256  # input records admitted beyond ``concurrency``, ready to start when a slot frees
T = TypeVar("T")


@dataclass
class RunCounts:
    """Exact accounting of one run.

    ``records_in`` records entered the graph; ``children`` were created by fan-out and
    ``expanded`` parents were replaced by their children, so
    ``records_in + children - expanded == accepted + rejected + errored == records_out``.
    """

    records_in: int = 0
    children: int = 0
    expanded: int = 0
    accepted: int = 0
    rejected: int = 0
    errored: int = 0
    rejected_by_reason: Counter[str] = field(default_factory=Counter)
    errored_by_type: Counter[str] = field(default_factory=Counter)

    @property
    def records_out(self) -> int:
        return self.accepted + self.rejected + self.errored

    @property
    def balanced(self) -> bool:
        return self.records_in + self.children - self.expanded == self.records_out

    def to_dict(self) -> dict[str, Any]:
        return {
            "records_in": self.records_in, "records_out": self.records_out, "accepted": self.accepted,
            "rejected": self.rejected, "errored": self.errored, "children": self.children, "expanded": self.expanded,
            "balanced": self.balanced, "rejected_by_reason": dict(self.rejected_by_reason),
            "errored_by_type": dict(self.errored_by_type),
        }


@dataclass
class RootTally:
    """One input record's tree while it runs: records still pending, children created and
    parents expanded by fan-out (journaled when the tree is done, for resume)."""

    pending: int = 1
    children: int = 0
    expanded: int = 0


def _namespace(record: Record, node: str) -> dict[str, Any]:
    latest = record.latest_verdicts()
    own = latest.get(node)
    return {
        **record.data,
        "record_id": record.id,
        "passed": own.passed if own is not None else True,
        "failed": [v.gate for v in latest.values() if not v.passed],
        "verdicts": {k: v.to_dict() for k, v in latest.items()},
        "visits": dict(record.visits),
    }


class Executor:
    """Runs records through a :class:`Graph`.

    Args:
        graph: the compiled graph.
        ctx: models and per-node stats.
        emit: called once with every record that reaches a final status, before it is
            counted (it may turn an accepted record it cannot write into an errored one).
        concurrency: records in flight; at most ``concurrency + min(concurrency, 256)``
            input records are admitted at once, so an input of any size streams in bounded
            memory.
        on_step: called ``(node, event)`` after each node run, for progress displays;
            events are ``passed``, ``fan_out``, ``rejected``, ``errored``.
        on_root_done: called ``(root_id, tally)`` once an input record and all its
            descendants have reached a final status (and been emitted).
        recovery: tries to win back records about to be rejected (``None``: no recovery).
    """

    def __init__(self, graph: Graph, ctx: RunContext, emit: Callable[[Record], None], concurrency: int = 16,
                 on_step: Callable[[str, str], None] | None = None,
                 on_root_done: Callable[[str, RootTally], None] | None = None,
                 recovery: RecoveryEngine | None = None):
        self.graph = graph
        self.ctx = ctx
        self.emit = emit
        self.counts = RunCounts()
        self._sem = Slots(concurrency)
        self._admit = Slots(concurrency + min(concurrency, ADMIT_AHEAD))
        self._on_step = on_step or (lambda node, event: None)
        self._on_root_done = on_root_done or (lambda root, tally: None)
        self.recovery = recovery
        self._trees: dict[str, RootTally] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        for name in graph.nodes:
            ctx.stats.setdefault(name, NodeStats())

    def _finish(self, record: Record, status: Status) -> None:
        record.status = status
        self.emit(record)
        status = record.status
        if self.recovery is not None:
            self.recovery.on_finish(record)
        if status is Status.ACCEPTED:
            self.counts.accepted += 1
        elif status is Status.REJECTED:
            self.counts.rejected += 1
            for v in record.failed_verdicts():
                self.counts.rejected_by_reason[v.reason] += 1
        else:
            self.counts.errored += 1
            self.counts.errored_by_type[record.error["type"] if record.error else "Error"] += 1
        root = record.root_id or record.id
        tree = self._trees[root]
        tree.pending -= 1
        if tree.pending == 0:
            del self._trees[root]
            self._admit.release()
            self._on_root_done(root, tree)

    def _next(self, record: Record, node: str) -> str:
        ns: dict[str, Any] | None = None
        for edge in self.graph.out_edges[node]:
            if edge.condition is not None:
                ns = ns if ns is not None else _namespace(record, node)
                if not edge.condition(record, ns):
                    continue
            if edge.max_iterations is not None:
                taken = record.visits.get(edge.key, 0)
                if taken >= edge.max_iterations:
                    continue
                record.visits[edge.key] = taken + 1
            return edge.target
        return END

    def _spawn(self, record: Record, node: str) -> None:
        task = asyncio.create_task(self._walk(record, node))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _step(self, record: Record, node: str) -> str | None:
        """Run one node. Returns the next node (or ``END``), ``REJECTED`` when the record
        was rejected here, or ``None`` when the record is settled (errored, or replaced by
        its children)."""
        stats = self.ctx.stats[node]
        stats.seen += 1
        record.visits[node] = record.visits.get(node, 0) + 1
        t0 = time.perf_counter()
        try:
            result = await self.graph.nodes[node].run(record, self.ctx)
        except Reject as exc:
            stats.rejected += 1
            record.verdicts.append(Verdict(node, False, None, exc.reason, [], exc.message))
            record.lineage.append(LineageStep(node, "rejected", exc.reason))
            self._on_step(node, "rejected")
            return REJECTED
        except Exception as exc:  # one bad record never stops the run
            stats.errored += 1
            record.error = {"type": type(exc).__name__, "message": str(exc)[:2000], "node": node}
            record.lineage.append(LineageStep(node, "error", type(exc).__name__))
            self._on_step(node, "errored")
            self._finish(record, Status.ERRORED)
            return None
        finally:
            stats.seconds += time.perf_counter() - t0
        if isinstance(result, list):
            if not result:
                stats.rejected += 1
                record.verdicts.append(Verdict(node, False, None, reasons.NO_OUTPUT, [], f"{node} produced no records"))
                self._on_step(node, "rejected")
                return REJECTED
            stats.fanned_out += 1
            stats.children += len(result)
            self.counts.expanded += 1
            self.counts.children += len(result)
            tree = self._trees[record.root_id or record.id]
            tree.pending += len(result) - 1
            tree.children += len(result)
            tree.expanded += 1
            self._on_step(node, "fan_out")
            for child in result:
                self._spawn(child, self._next(child, node))
            return None
        if result.status is Status.REJECTED:
            stats.rejected += 1
            self._on_step(node, "rejected")
            return REJECTED
        stats.passed += 1
        self._on_step(node, "passed")
        return self._next(result, node)

    async def _recover(self, record: Record) -> str | None:
        if self.recovery is None:
            return None
        try:
            return await self.recovery.recover(record, self.ctx)
        except Exception as exc:  # a failed repair leaves the rejection standing
            record.lineage.append(LineageStep("recovery", "error", f"{type(exc).__name__}: {exc}"[:300]))
            return None

    async def _walk(self, record: Record, node: str) -> None:
        async with self._sem:
            steps = 0
            while True:
                if node == END:
                    if not record.failed_verdicts():
                        self._finish(record, Status.ACCEPTED)
                        return
                else:
                    steps += 1
                    if steps > MAX_STEPS:
                        record.error = {"type": "GraphError", "message": f"more than {MAX_STEPS} steps", "node": node}
                        self._finish(record, Status.ERRORED)
                        return
                    nxt = await self._step(record, node)
                    if nxt is None:
                        return
                    if nxt != REJECTED:
                        node = nxt
                        continue
                # rejected, here or at END: recovery may send it back into the graph
                retry = await self._recover(record)
                if retry is None:
                    self._finish(record, Status.REJECTED)
                    return
                record.status = Status.PENDING
                node = retry

    async def run(self, records: Iterable[Record] | AsyncIterable[Record]) -> RunCounts:
        """Run every record to a final status; returns the counts once all are done.
        Input records that share an id share one tree (journaled once all are done).

        ``records`` is pulled one at a time, as admission allows (see ``concurrency``), so
        a stream is never materialised; a sync iterable is pulled on the event loop, so
        one whose items are slow to make (reading documents) should be given as an async
        iterable (see :func:`pulled`)."""
        if isinstance(records, AsyncIterable):
            async for record in records:
                await self._admit_one(record)
        else:
            for record in records:
                await self._admit_one(record)
        while self._tasks:
            await asyncio.gather(*list(self._tasks))
        return self.counts

    async def _admit_one(self, record: Record) -> None:
        await self._admit.acquire()
        record.root_id = record.root_id or record.id
        self.counts.records_in += 1
        tree = self._trees.get(record.root_id)
        if tree is None:
            self._trees[record.root_id] = RootTally()
        else:
            tree.pending += 1
            self._admit.release()
        self._spawn(record, self.graph.start)


async def pulled(items: Iterable[T], batch: int = 64) -> AsyncIterator[T]:
    """``items`` pulled in a worker thread, ``batch`` at a time, so that making them
    (reading and chunking a large document, say) never blocks the event loop while
    records are in flight. At most one batch is read ahead; ``items``'s side effects run
    in that worker thread, one batch after another (never two at once)."""
    it = iter(items)
    while chunk := await asyncio.to_thread(lambda: list(itertools.islice(it, batch))):
        for item in chunk:
            yield item
