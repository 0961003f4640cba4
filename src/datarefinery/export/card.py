"""The dataset card every export writes: a ``README.md`` with the Hugging Face YAML header
(licence, language, task categories, size category, configs with their data files per
split) and the facts of the run, taken from its ``manifest.json``,
``recipe.resolved.yaml`` and ``accepted.jsonl``: recipe, models with their weight digests
or endpoints, gates with pass rates, yield, recovery rate, provenance coverage, and how to
load the data.

Where: ``DIR/README.md`` for the ``hf`` export; for a JSONL export, ``README.md`` in the
output's folder, one config per exported file (a second export into the same folder from
the same run adds its config; one from another run starts the card afresh). A
``README.md`` there that no export wrote is left alone: the card is then written to
``<output stem>.README.md``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from datarefinery.export.base import RunInfo

MARK = "<!-- dataset card written by refinery export; the next export into this folder rewrites it -->"
CHAT_FORMATS = ("chatml", "sharegpt", "alpaca", "oasst")
COLUMNS = {
    "chatml": "`messages` [{role, content}]",
    "sharegpt": "`id`, `conversations` [{from: system|human|gpt, value}]",
    "alpaca": "`instruction`, `input`, `output`, `system`?",
    "oasst": "`message_tree_id`, `system`, `messages` [{message_id, parent_id, role: prompter|assistant, text, lang, "
             "level, rank, labels}]",
    "dpo": "`prompt`, `chosen`, `rejected` (conversational), `id`, `method`, `defect`, `margin`",
    "kto": "`prompt`, `completion` (conversational), `label`, `id`, `source`, `reasons`, `defect`",
}
_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
          (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))


@dataclass
class CardConfig:
    """One config of the card: its name, the row ``format``, its data files by split
    (paths or globs relative to the card's folder) and its rows by split."""

    config: str
    format: str
    files: dict[str, str]
    rows: dict[str, int]


def size_category(n: int) -> str:
    """Hugging Face's size category of a dataset of ``n`` rows (``n<1K``, ``1K<n<10K``...)."""
    return next((label for bound, label in _SIZES if n < bound), "n>1B")


def _run_key(run: RunInfo) -> str:
    return f"{run.manifest.get('recipe') or run.recipe.get('name')}@{run.manifest.get('started_at')}"


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _earlier(path: Path, run: RunInfo) -> list[CardConfig]:
    """The configs an earlier export of the same run put into the card at ``path`` whose
    files are still there."""
    try:
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else None
    except (OSError, IndexError, yaml.YAMLError):
        return []
    info = (meta or {}).get("datarefinery") if isinstance(meta, dict) else None
    if not isinstance(info, dict) or info.get("run") != _run_key(run):
        return []
    out = []
    for c in info.get("exports") or []:
        try:
            cfg = CardConfig(str(c["config"]), str(c["format"]), dict(c["files"]), dict(c["rows"]))
        except (KeyError, TypeError, ValueError):
            continue
        if all(any(path.parent.glob(f)) for f in cfg.files.values()):
            out.append(cfg)
    return out


def card_path_for_file(output: Path) -> Path:
    """Where the card of a JSONL export to ``output`` goes: ``README.md`` beside it, unless
    a ``README.md`` that no export wrote is there (then ``<stem>.README.md``)."""
    readme = output.parent / "README.md"
    if readme.exists():
        try:
            ours = MARK in readme.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            ours = False
        if not ours:
            return output.with_name(output.stem + ".README.md")
    return readme


def is_foreign(path: Path) -> bool:
    """Whether ``path`` is a file that no export wrote (a card must not replace it)."""
    try:
        return path.exists() and MARK not in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True


def write_card(path: Path, run: RunInfo, configs: list[CardConfig], *, merge: bool = True,
               hub_repo: str | None = None) -> Path:
    """Write the dataset card of ``configs`` to ``path`` (with the configs an earlier export
    of the same run left in it, when ``merge``). Returns ``path``."""
    if merge:
        names = {c.config for c in configs}
        configs = [c for c in _earlier(path, run) if c.config not in names] + configs
    total = sum(sum(c.rows.values()) for c in configs)
    formats = [c.format for c in configs]
    qa = "question" in run.output.user_field.lower() or "instruction" in run.output.user_field.lower()
    tasks = ["text-generation"] + (["question-answering"] if qa and any(f in CHAT_FORMATS for f in formats) else [])
    tags = ["datarefinery", "synthetic"] + sorted({"dpo" if f == "dpo" else "kto" if f == "kto" else "sft"
                                                    for f in formats})
    meta: dict[str, Any] = {
        "license": run.output.license,
        "language": list(run.output.language),
        "pretty_name": str(run.recipe.get("name") or run.manifest.get("recipe") or "datarefinery dataset"),
        "task_categories": tasks,
        "size_categories": [size_category(total)],
        "tags": tags,
        "configs": [{"config_name": c.config, "data_files": [{"split": s, "path": p} for s, p in c.files.items()],
                     **({"default": True} if i == 0 else {})} for i, c in enumerate(configs)],
        "datarefinery": {"run": _run_key(run), "exports": [asdict(c) for c in configs]},
    }
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    body = _body(run, configs, path.parent, hub_repo)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(f"---\n{header}---\n{MARK}\n\n{body}", encoding="utf-8")
    tmp.replace(path)
    return path


def _body(run: RunInfo, configs: list[CardConfig], folder: Path, hub_repo: str | None) -> str:
    m, r = run.manifest, run.recipe
    name = r.get("name") or m.get("recipe") or "datarefinery dataset"
    inp = m.get("input") or {}
    lines = [f"# {name}", ""]
    if r.get("description"):
        lines += [str(r["description"]), ""]
    lines += [f"Made by datarefinery {m.get('datarefinery_version', '')} with the recipe `{name}`"
              + (f" from {m['sources']['documents_used']} documents" if (m.get("sources") or {}).get("documents_used")
                 else "")
              + (f" (input `{inp.get('path')}`, limit {inp.get('limit')}, seed {inp.get('seed')})" if inp else "")
              + (f", run started {m['started_at']}" if m.get("started_at") else "") + ".", ""]
    lines += ["## Data", "", "| config | format | split | file | rows |", "| --- | --- | --- | --- | ---: |"]
    for c in configs:
        for split, f in c.files.items():
            lines.append(f"| {_cell(c.config)} | {c.format} | {split} | `{_cell(f)}` | {c.rows.get(split, 0)} |")
    lines.append("")
    for f in dict.fromkeys(c.format for c in configs):
        if f in COLUMNS:
            lines.append(f"- **{f}**: {COLUMNS[f]}")
    lines += ["", "## Loading", "", "```python", "from datasets import load_dataset", ""]
    for c in configs:
        kind = "parquet" if all(p.endswith(".parquet") for p in c.files.values()) else "json"
        lines.append(f'{c.config} = load_dataset("{kind}", data_files={json.dumps(c.files)})  # in this folder')
    first = configs[0].config if configs else "default"
    lines.append(f'{first} = load_dataset("{hub_repo or "path/to/this/folder"}", "{first}")  # by config name')
    if any(c.files.get("train", "").endswith(".parquet") for c in configs):
        lines += ["", "from datasets import load_from_disk", 'ds = load_from_disk("hf")  # the save_to_disk copy']
    lines += ["```", ""]
    lines += _made(run)
    return "\n".join(lines) + "\n"


def _weights(cfg: dict[str, Any], identity: str | None) -> str:
    """The weight digest (catalogue sha256) of an embedded model, or the endpoint of a
    served one."""
    if cfg.get("backend") == "openai":
        return f"endpoint {cfg.get('base_url')} (model {cfg.get('model')})"
    from datarefinery.models.catalogue import CATALOGUE

    entry = CATALOGUE.get(str(cfg.get("model")))
    if entry is not None:
        return f"sha256:{entry.sha256} ({entry.filename})"
    return f"{cfg.get('model')} ({identity or 'identity not recorded'})"


def _made(run: RunInfo) -> list[str]:
    m, r = run.manifest, run.recipe
    lines = ["## How it was made", ""]
    models = r.get("models") or {}
    ran = m.get("models") or {}
    if models or ran:
        lines += ["| model | backend | weights / endpoint | identity in the run | requests | tokens |",
                  "| --- | --- | --- | --- | ---: | ---: |"]
        for n in dict.fromkeys([*models, *ran]):
            cfg, st = models.get(n) or {}, ran.get(n) or {}
            tokens = (st.get("prompt_tokens") or 0) + (st.get("completion_tokens") or 0)
            lines.append(f"| {_cell(n)} | {cfg.get('backend', '')} | {_cell(_weights(cfg, st.get('identity')))} | "
                         f"{_cell(st.get('identity', ''))} | {st.get('requests', '')} | {tokens} |")
        lines.append("")
    nodes = ((r.get("graph") or {}).get("nodes") or {})
    per_node = (m.get("counts") or {}).get("per_node") or {}
    gates = [(n, c) for n, c in nodes.items() if isinstance(c, dict) and c.get("kind") == "gate"]
    if gates:
        lines += ["| gate node | gate | seen | failed | pass rate | failures by reason |",
                  "| --- | --- | ---: | ---: | ---: | --- |"]
        for n, c in gates:
            st = per_node.get(n) or {}
            seen, by = st.get("seen", 0), st.get("failed_by_reason") or {}
            failed = sum(by.values())
            rate = f"{1 - failed / seen:.1%}" if seen else "–"
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(by.items(), key=lambda kv: -kv[1]))
            lines.append(f"| {_cell(n)} | {c.get('gate')} | {seen} | {failed} | {rate} | {reasons} |")
        lines.append("")
    counts = m.get("counts") or {}
    if counts:
        y = m.get("yield")
        lines.append(f"- **Yield**: {counts.get('accepted')} accepted of {counts.get('records_in')} records in"
                     + (f" ({y:.1%} accepted per input record; one input may give several samples)"
                        if isinstance(y, (int, float)) else "")
                     + f"; {counts.get('rejected')} rejected, {counts.get('errored')} errored.")
    rec = m.get("recovery") or {}
    if rec:
        rate = rec.get("recovery_rate")
        lines.append(f"- **Recovery** ({rec.get('strategy')}): {rec.get('recovered', 0)} of "
                     f"{rec.get('first_pass_rejected', 0)} first-pass rejections recovered"
                     + (f" ({rate:.1%})" if isinstance(rate, (int, float)) else "") + ".")
    with_span, accepted = provenance_coverage(run.path)
    if accepted:
        lines.append(f"- **Provenance coverage**: {with_span} of {accepted} accepted samples "
                     f"({with_span / accepted:.1%}) carry an evidence span (document, character offsets, the exact "
                     f"text) in `accepted.jsonl`.")
    v = m.get("verify") or {}
    if v:
        lines.append(f"- **`refinery verify`**: {'ok' if v.get('ok') else 'problems found'} "
                     f"({v.get('records_checked', '?')} records checked).")
    return lines + [""]


def provenance_coverage(run_dir: Path) -> tuple[int, int]:
    """``(accepted samples with an evidence span, accepted samples)`` of a run."""
    with_span = total = 0
    try:
        with (run_dir / "accepted.jsonl").open(encoding="utf-8") as f:
            for line in f:
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                total += 1
                prov = (obj.get("metadata") or {}).get("provenance") if isinstance(obj, dict) else None
                with_span += bool(isinstance(prov, dict) and prov.get("evidence"))
    except OSError:
        pass
    return with_span, total
