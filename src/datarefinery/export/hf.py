"""Hugging Face ``datasets``: the rows of another format (``rows``: chatml, dpo, kto, ...) as
a dataset folder::

    DIR/README.md                                   the dataset card (configs: train, validation)
    DIR/data/train-00000-of-00001.parquet           parquet shards (at most 256 MiB of Arrow data each)
    DIR/data/validation-00000-of-00001.parquet
    DIR/hf/                                         the same splits, DatasetDict.save_to_disk
    DIR/skipped.jsonl                               samples the row format cannot express, if any

Split: the rows are shuffled with ``random.Random(seed)``; validation takes
``round(n × (1 − split))`` of them (at least one when ``split < 1`` and there are two rows
or more), train the rest; ``split: 1`` writes train only. The same run, split and seed give
the same splits.

``push_to_hub``: when a dataset repo is named, the token is read from the environment
variable ``token_env`` (checked before anything is written) and passed to
``huggingface_hub`` in memory only; ``README.md`` and ``data/`` are uploaded. The token is
never written to a file or a message.
"""

from __future__ import annotations

import math
import os
import random
import shutil
import tempfile
from pathlib import Path

from datarefinery.export.base import ExportError, ExportReport, RunInfo, export_run, write_skipped
from datarefinery.export.card import CardConfig, is_foreign, write_card
from datarefinery.recipes.schema import HubExport

MAX_SHARD_BYTES = 256 << 20
SPLITS = ("train", "validation")


def split_indices(n: int, ratio: float, seed: int) -> dict[str, list[int]]:
    """Row indices of the train and validation splits of ``n`` rows (see the module
    docstring); a split with no rows is left out."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    n_val = 0 if ratio >= 1 or n < 2 else min(n - 1, max(1, round(n * (1 - ratio))))
    out = {"train": order[n_val:], "validation": order[:n_val]}
    return {k: v for k, v in out.items() if v}


def push(folder: Path, repo: str, token: str, private: bool) -> None:
    """Upload ``README.md`` and ``data/`` of ``folder`` to the dataset repo ``repo``
    (created if missing).

    Raises:
        ExportError: the Hub refused or could not be reached (the token is not in the message).
    """
    try:
        from huggingface_hub import HfApi

        api = HfApi(token=token)
        api.create_repo(repo, repo_type="dataset", private=private, exist_ok=True)
        api.upload_folder(repo_id=repo, repo_type="dataset", folder_path=str(folder),
                          allow_patterns=["README.md", "data/*.parquet"], commit_message="refinery export")
    except Exception as exc:  # noqa: BLE001 - any failure of the upload is reported the same way
        raise ExportError(f"push to {repo} failed: {type(exc).__name__}: {str(exc).replace(token, '***')}") from None


def _clear(folder: Path) -> None:
    """Remove what an earlier export left in ``folder`` (its shards and save_to_disk copy).

    Raises:
        ExportError: ``folder/hf`` or ``folder/README.md`` is something no export wrote.
    """
    saved = folder / "hf"
    if saved.exists() and not (saved / "dataset_dict.json").is_file():
        raise ExportError(f"{saved} exists and is not a dataset an export saved; remove it or export elsewhere")
    if is_foreign(folder / "README.md"):
        raise ExportError(f"{folder / 'README.md'} exists and no export wrote it; remove it or export elsewhere")
    shutil.rmtree(saved, ignore_errors=True)
    for old in (folder / "data").glob("*-of-*.parquet"):
        old.unlink()


class HfFormat:
    name = "hf"
    description = "Hugging Face datasets folder: parquet shards + save_to_disk, train/validation, card; --rows FORMAT"

    def write(self, run_dir: Path, folder: Path, options: HubExport | None = None) -> ExportReport:
        """Export the run as a dataset folder (see the module docstring).

        Raises:
            ExportError: ``push_to_hub`` without its token variable set; nothing to write;
                ``folder`` is a file, or holds an ``hf/`` or ``README.md`` no export wrote;
                the push failed.
            SourceError: the run directory lacks a file the row format reads.
        """
        opts = options or HubExport()
        token = None
        if opts.push_to_hub:
            token = os.environ.get(opts.token_env)
            if not token:
                raise ExportError(f"pushing to {opts.push_to_hub} needs a Hugging Face token in the environment "
                                  f"variable {opts.token_env}, which is not set (it is read from there, never "
                                  f"written anywhere); nothing was written")
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{folder} is a file; the hf export writes a folder")
        from datarefinery.export import FORMATS

        import datasets

        with tempfile.TemporaryDirectory(prefix="refinery-hf-") as tmp:
            rows = export_run(run_dir, FORMATS[opts.rows], Path(tmp) / "rows.jsonl")
            if not rows.written:
                raise ExportError(f"no {opts.rows} rows to write ({len(rows.skipped)} samples the format cannot "
                                  f"express); nothing was written")
            folder.mkdir(parents=True, exist_ok=True)
            _clear(folder)
            datasets.disable_progress_bars()
            ds = datasets.Dataset.from_json(str(Path(tmp) / "rows.jsonl"), cache_dir=str(Path(tmp) / "cache"),
                                            keep_in_memory=True)
            splits = {k: ds.select(v) for k, v in split_indices(len(ds), opts.split, opts.seed).items()}
            (folder / "data").mkdir(exist_ok=True)
            for split, part in splits.items():
                shards = max(1, math.ceil(part.data.nbytes / MAX_SHARD_BYTES))
                for i in range(shards):
                    part.shard(shards, i, contiguous=True).to_parquet(
                        str(folder / "data" / f"{split}-{i:05d}-of-{shards:05d}.parquet"))
            datasets.DatasetDict(splits).save_to_disk(str(folder / "hf"))
        report = ExportReport("hf", folder, written=rows.written, skipped=rows.skipped,
                              splits={k: len(v) for k, v in splits.items()})
        write_skipped(folder / "skipped.jsonl", report.skipped)
        report.card = write_card(folder / "README.md", RunInfo.load(run_dir),
                                 [CardConfig("default", opts.rows, {s: f"data/{s}-*.parquet" for s in splits},
                                             report.splits)], merge=False, hub_repo=opts.push_to_hub)
        if opts.push_to_hub and token:
            push(folder, opts.push_to_hub, token, opts.private)
        return report

