"""Export formats: ``Format.convert(record) -> dict``."""

from datarefinery.export.messages import MessagesFormat

__all__ = ["MessagesFormat"]
