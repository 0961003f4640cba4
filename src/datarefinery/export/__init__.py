"""Export formats. The run writes ``accepted.jsonl`` with :class:`MessagesFormat`;
``refinery export`` rewrites a finished run's samples in any format of :data:`FORMATS`
(one :class:`~datarefinery.export.base.Format` per file in this package)."""

from datarefinery.export.alpaca import AlpacaFormat
from datarefinery.export.base import ExportReport, Format, Unexpressible, export_run
from datarefinery.export.chatml import ChatMLFormat
from datarefinery.export.messages import MessagesFormat
from datarefinery.export.sharegpt import ShareGPTFormat

FORMATS: dict[str, Format] = {f.name: f for f in (ChatMLFormat(), ShareGPTFormat(), AlpacaFormat())}

__all__ = ["FORMATS", "AlpacaFormat", "ChatMLFormat", "ExportReport", "Format", "MessagesFormat", "ShareGPTFormat",
           "Unexpressible", "export_run"]
