"""Recovery: diagnosis of failed verdicts → targeted repair, bounded per record."""

from datarefinery.recovery.diagnosis import Action, Diagnosis, diagnose
from datarefinery.recovery.engine import RecoveryEngine, RecoveryStats
from datarefinery.recovery.repairs import apply_repair, repair_request

__all__ = ["Action", "Diagnosis", "RecoveryEngine", "RecoveryStats", "apply_repair", "diagnose", "repair_request"]
