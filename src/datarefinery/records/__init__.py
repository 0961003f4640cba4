"""Records, spans and verdicts (no I/O)."""

from datarefinery.records.record import LineageStep, Record, RepairAttempt, Span, Status, Verdict, stable_id

__all__ = ["LineageStep", "Record", "RepairAttempt", "Span", "Status", "Verdict", "stable_id"]
