"""``python -m datarefinery.bench.ingest``: peak memory of ingestion as the corpus grows.

For each size, a corpus of real text is built (the text of the HTML files under
``/work/shared/corpora/python`` and ``…/sqlite``, extracted once with the project's own
reader, repeated with a counter line into ``.txt`` files of about 27 MB each, so that no
two files are alike), then ``refinery run recipes/document_qa.yaml --input CORPUS
--limit 3`` runs in a fresh process against the mock OpenAI-compatible server, its model
pointed there. The child's own peak RSS (``wait4``'s ``ru_maxrss``) and wall time are
reported. Files are shared between sizes by hard links (the 1 GB corpus is the first 38
files of the 4 GB one), and removed at the end unless ``keep`` is set.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from datarefinery.bench.throughput import mock_server_process
from datarefinery.sources.documents import SourceFailure, read_documents

ROOT = Path(__file__).resolve().parents[3]
SOURCES = (Path("/work/shared/corpora/python"), Path("/work/shared/corpora/sqlite"))
RECIPE = ROOT / "recipes" / "document_qa.yaml"
FILE_BYTES = 27_000_000
GB = 1_000_000_000


def base_text(sources: tuple[Path, ...] = SOURCES) -> str:
    """The extracted text of every readable document under ``sources``, joined by blank
    lines (the project's readers: HTML through trafilatura).

    Raises:
        ValueError: no text could be read.
    """
    texts = [item.text for src in sources for item in read_documents(src) if not isinstance(item, SourceFailure)]
    if not texts:
        raise ValueError(f"no readable documents under {', '.join(map(str, sources))}")
    return "\n\n".join(texts)


def write_file(path: Path, text: str, number: int, size: int = FILE_BYTES) -> int:
    """Write ``text`` repeatedly into ``path``, each copy after a line naming the file
    ``number`` and the copy, until ``size`` bytes are reached; the bytes written."""
    written = 0
    with path.open("w", encoding="utf-8") as f:
        copy = 0
        while written < size:
            piece = f"Corpus file {number}, copy {copy}.\n\n{text}\n\n"
            f.write(piece)
            written += len(piece.encode("utf-8"))
            copy += 1
    return written


def build_corpora(sizes_gb: list[float], workdir: Path) -> dict[float, tuple[Path, int, int]]:
    """One directory per size under ``workdir/corpora`` (``size → (dir, files, bytes)``);
    files are written once, for the largest size, and hard-linked into the smaller ones."""
    text = base_text()
    pool = workdir / "corpora" / "files"
    pool.mkdir(parents=True, exist_ok=True)
    files: list[tuple[Path, int]] = []
    out: dict[float, tuple[Path, int, int]] = {}
    for size in sorted(sizes_gb):
        while sum(n for _, n in files) < size * GB:
            path = pool / f"part-{len(files):04d}.txt"
            files.append((path, write_file(path, text, len(files))))
        corpus = workdir / "corpora" / f"{size:g}GB"
        corpus.mkdir(exist_ok=True)
        total = count = 0
        for path, n in files:
            if total >= size * GB:
                break
            if not (corpus / path.name).exists():
                os.link(path, corpus / path.name)
            total, count = total + n, count + 1
        out[size] = (corpus, count, total)
    return out


def mock_recipe(workdir: Path, base_url: str) -> Path:
    """``recipes/document_qa.yaml`` with its model served by the mock server at ``base_url``."""
    recipe = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))
    recipe["models"] = {"default": {"backend": "openai", "model": "mock", "base_url": base_url,
                                    "max_concurrency": 8, "timeout": 30}}
    path = workdir / "document_qa_mock.yaml"
    path.write_text(yaml.safe_dump(recipe, sort_keys=False), encoding="utf-8")
    return path


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd``: ``rc``, ``wall_s``, ``cpu_s`` (user + system), ``peak_rss_mb`` (its
    own, from ``wait4``, MiB) and ``output`` (the tail of stdout and stderr)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    assert proc.stdout is not None
    output = proc.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"rc": proc.returncode, "wall_s": round(time.perf_counter() - t0, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "output": output[-2000:]}


def ingest_bench(sizes_gb: list[float], workdir: Path, limit: int = 3, keep: bool = False,
                 code: Path | None = None) -> list[dict[str, Any]]:
    """Build a corpus of each size (decimal GB) under ``workdir`` and run the document QA
    recipe over it with ``--limit`` in a fresh process, against the mock server.

    ``code``: a source tree (its ``src``) to run instead of the installed package, such as
    ``git archive`` of an earlier commit, for a before/after comparison.

    Returns one row per size: ``corpus_gb`` (bytes / 10⁹), ``files``, ``wall_s``,
    ``cpu_s``, ``peak_rss_mb`` (the run process's own, MiB), ``records_in`` and
    ``documents_used`` (from its manifest), ``rc`` (and ``output`` when it is not 0).

    Raises:
        ValueError: the source corpora hold no readable text.
        RuntimeError: the mock server does not start.
        OSError: ``workdir`` cannot be written (a full disk, say).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(code / "src")} if code is not None else None
    rows: list[dict[str, Any]] = []
    try:
        corpora = build_corpora(sizes_gb, workdir)
        with mock_server_process(0.0) as url:
            recipe = mock_recipe(workdir, url)
            for size in sizes_gb:
                corpus, files, nbytes = corpora[size]
                run_dir = workdir / "runs" / f"{size:g}GB"
                shutil.rmtree(run_dir, ignore_errors=True)
                row = run_measured([sys.executable, "-m", "datarefinery.cli.main", "run", str(recipe), "--input",
                                    str(corpus), "--limit", str(limit), "--output", str(run_dir), "--no-cache",
                                    "--quiet"], env)
                manifest = _manifest(run_dir)
                if row["rc"] == 0:
                    del row["output"]
                rows.append({"corpus_gb": round(nbytes / GB, 3), "files": files, **row,
                             "records_in": manifest.get("counts", {}).get("records_in"),
                             "documents_used": manifest.get("sources", {}).get("documents_used")})
    finally:
        if not keep:
            shutil.rmtree(workdir / "corpora", ignore_errors=True)
    return rows


def _manifest(run_dir: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((run_dir / "manifest.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def main(argv: list[str] | None = None) -> None:
    """Command line: ``--sizes 0.2 1 4 --workdir DIR [--limit 3] [--keep] [--code DIR]``;
    prints a table (and the rows as JSON with ``--json FILE``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.2, 1.0, 4.0], help="corpus sizes, decimal GB")
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the corpora")
    ap.add_argument("--code", type=Path, help="run this source tree (DIR/src) instead of the installed package")
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args(argv)
    rows = ingest_bench(args.sizes, args.workdir, args.limit, args.keep, args.code)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(f"{'corpus GB':>9} {'files':>5} {'wall s':>7} {'cpu s':>7} {'peak RSS MB':>11} {'records':>7} {'docs':>4} "
          f"{'rc':>3}")
    for r in rows:
        print(f"{r['corpus_gb']:>9} {r['files']:>5} {r['wall_s']:>7} {r['cpu_s']:>7} {r['peak_rss_mb']:>11} "
              f"{r['records_in']!s:>7} {r['documents_used']!s:>4} {r['rc']:>3}")
        if r["rc"]:
            print(r["output"])


if __name__ == "__main__":
    main()
