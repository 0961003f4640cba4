"""Export formats. The run writes ``accepted.jsonl`` with :class:`MessagesFormat`;
``refinery export`` (:func:`export`) rewrites a finished run's samples in any format of
:data:`FORMATS` (one :class:`~datarefinery.export.base.Format` per file in this package),
with a dataset card; a recipe's ``output.formats`` are exported when its run ends
(:func:`export_recipe_formats`)."""

from datarefinery.export.alpaca import AlpacaFormat
from datarefinery.export.api import export, export_recipe_formats, skipped_path
from datarefinery.export.base import ExportError, ExportReport, Format, RunInfo, Unexpressible, export_run
from datarefinery.export.chatml import ChatMLFormat
from datarefinery.export.dpo import DPOFormat
from datarefinery.export.grpo import GRPOFormat
from datarefinery.export.hf import HfFormat
from datarefinery.export.kto import KTOFormat
from datarefinery.export.messages import MessagesFormat
from datarefinery.export.oasst import OasstFormat
from datarefinery.export.openai_tools import OpenAIToolsFormat
from datarefinery.export.sharegpt import ShareGPTFormat
from datarefinery.export.sharegpt_tools import ShareGPTToolsFormat

FORMATS: dict[str, Format | HfFormat] = {f.name: f for f in (
    ChatMLFormat(), ShareGPTFormat(), AlpacaFormat(), OasstFormat(), DPOFormat(), KTOFormat(), OpenAIToolsFormat(),
    ShareGPTToolsFormat(), GRPOFormat(), HfFormat())}
ROW_FORMATS = tuple(n for n, f in FORMATS.items() if n != "hf" and not hasattr(f, "write_file"))  # JSONL rows

__all__ = ["FORMATS", "ROW_FORMATS", "AlpacaFormat", "ChatMLFormat", "DPOFormat", "ExportError", "ExportReport",
           "Format", "GRPOFormat", "HfFormat", "KTOFormat", "MessagesFormat", "OasstFormat", "OpenAIToolsFormat", "RunInfo",
           "ShareGPTFormat", "ShareGPTToolsFormat",
           "Unexpressible", "export", "export_recipe_formats", "export_run", "skipped_path"]
