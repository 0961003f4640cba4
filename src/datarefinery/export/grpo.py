"""GRPO: verl's RL dataset, a parquet file its ``RLHFDataset`` reads and its GRPO / PPO
trainers roll out from (verl, Sheng et al. 2024, HybridFlow). One row per accepted sample::

    {"data_source": "datarefinery/<recipe>",               # picks the reward function
     "prompt": [{"role": "user", "content": "<question> <instruction>"}],   # chat messages
     "ability": "math",
     "reward_model": {"style": "rule", "ground_truth": "<reference answer>"},
     "extra_info": {"split", "index", "id", "question", "answer", "solve_rate", "band"},
     "band": "learnable", "solve_rate": 0.5}

These are the columns verl's loader and reward managers read: ``prompt`` (its
``data.prompt_key``) is chat-templated and tokenised; ``extra_info.index`` becomes the
sample index; ``data_source``, ``reward_model.ground_truth`` and ``extra_info`` are passed
to the reward function ``compute_score(data_source, solution_str, ground_truth,
extra_info)`` — for a ``datarefinery/…`` source, set ``custom_reward_function.path`` to
:mod:`datarefinery.reasoning.reward` (name ``compute_score``). ``band`` and ``solve_rate``
(from the ``calibrate`` node; null when the run did not calibrate) let the learnable set
be chosen with a filter, or ``output.grpo.bands`` keeps only those bands.

Options (recipe ``output.grpo``, :class:`~datarefinery.reasoning.config.GrpoExport`):
``data_source``, ``ability``, ``instruction`` (appended to the question, as verl's GSM8K
preprocessing appends its "output the final answer after ####"), ``bands`` and
``split``. The ground truth is the record's reference answer (``metadata.calibration.
reference``), else a reasoning sample's ``metadata.final_answer``, else the sample's
assistant turn.

Cannot be expressed: a sample without a user turn and an assistant answer, or whose band
``bands`` leaves out.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from datarefinery.export.base import ExportError, ExportReport, RunInfo, Unexpressible, export_run, sample_id, turns
from datarefinery.reasoning.config import GrpoExport


def _options(run: RunInfo) -> GrpoExport:
    raw = (run.recipe.get("output") or {}).get("grpo") or {}
    try:
        return GrpoExport.model_validate(raw)
    except ValueError:
        return GrpoExport()


class GRPOFormat:
    name = "grpo"
    description = "verl RL parquet (GRPO/PPO): data_source, prompt (chat), ability, reward_model{style, ground_truth}, " \
                  "extra_info, band"
    suffix = ".parquet"

    def rows(self, sample: dict[str, Any], stream: str, run: RunInfo) -> list[dict[str, Any]]:
        """The verl row of one accepted sample (see the module docstring).

        Raises:
            Unexpressible: no user turn and assistant answer; a band the options leave out.
        """
        opts = _options(run)
        messages = turns(sample)
        if len(messages) < 2 or messages[-1]["role"] != "assistant" or messages[-2]["role"] != "user":
            raise Unexpressible(f"a GRPO prompt needs a user turn and the assistant's answer; roles "
                                f"{[m['role'] for m in messages]}")
        meta = sample.get("metadata") if isinstance(sample.get("metadata"), dict) else {}
        band = meta.get("band")
        if opts.bands and band not in opts.bands:
            raise Unexpressible(f"band {band!r} is not exported (output.grpo.bands: {', '.join(opts.bands)})")
        calibration = meta.get("calibration") if isinstance(meta.get("calibration"), dict) else {}
        question = messages[-2]["content"]
        answer = messages[-1]["content"]
        ground_truth = str(calibration.get("reference") or meta.get("final_answer") or answer)
        prompt = [m for m in messages[:-2] if m["role"] == "system"]
        prompt.append({"role": "user", "content": f"{question} {opts.instruction}".strip() if opts.instruction
                       else question})
        return [{
            "data_source": opts.data_source or f"datarefinery/{run.recipe.get('name') or run.path.name}",
            "prompt": prompt,
            "ability": opts.ability,
            "reward_model": {"style": "rule", "ground_truth": ground_truth},
            "extra_info": {"split": opts.split, "index": 0, "id": sample_id(sample), "question": question,
                           "answer": answer, "solve_rate": meta.get("solve_rate"), "band": band},
            "band": band,
            "solve_rate": meta.get("solve_rate"),
        }]

    def write_file(self, run_dir: Path, output: Path) -> ExportReport:
        """Write the run's rows to the parquet file ``output`` (``extra_info.index`` numbered
        from 0 in file order; written to a temporary name and renamed into place).

        Raises:
            ExportError: no sample can be expressed (nothing is written).
            SourceError: not a finished run directory, or a line is not JSON.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        with tempfile.TemporaryDirectory(prefix="refinery-grpo-") as tmp:
            report = export_run(run_dir, self, Path(tmp) / "rows.jsonl")
            with (Path(tmp) / "rows.jsonl").open(encoding="utf-8") as f:
                rows = [json.loads(line) for line in f]
        if not rows:
            raise ExportError(f"no GRPO rows to write ({len(report.skipped)} samples the format cannot express); "
                              "nothing was written")
        for i, row in enumerate(rows):
            row["extra_info"]["index"] = i
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp_out = output.with_name(output.name + ".tmp")
        pq.write_table(pa.Table.from_pylist(rows, schema=schema()), tmp_out)
        tmp_out.replace(output)
        report.output = output
        return report


def schema() -> Any:
    """The parquet schema of the rows (a ``pyarrow.Schema``; pyarrow comes with the ``hf`` extra)."""
    import pyarrow as pa

    message = pa.struct([("role", pa.string()), ("content", pa.string())])
    return pa.schema([
        ("data_source", pa.string()),
        ("prompt", pa.list_(message)),
        ("ability", pa.string()),
        ("reward_model", pa.struct([("style", pa.string()), ("ground_truth", pa.string())])),
        ("extra_info", pa.struct([("split", pa.string()), ("index", pa.int64()), ("id", pa.string()),
                                  ("question", pa.string()), ("answer", pa.string()), ("solve_rate", pa.float64()),
                                  ("band", pa.string())])),
        ("band", pa.string()),
        ("solve_rate", pa.float64()),
    ])
