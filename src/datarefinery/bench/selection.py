"""``refinery bench selection``: dedup, decontamination and coverage selection at scale, on
datasets made from real text with duplicates planted at known rates.

Rows are one or two sentences of ``shared/corpora`` (every document the project's readers
extract). Planted into them:
- *near duplicates* — an earlier row with one or two light edits (a word dropped, a word
  inserted, two words swapped, case and punctuation changed);
- *heavy edits* — an earlier row with its sentences swapped and about a third of its words
  dropped or replaced by synonyms: MinHash should mostly miss these, embeddings should not.
Every measurement runs in a fresh process (``spawn``), so peak RSS is its own.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import time
from pathlib import Path
from typing import Any


from datarefinery.select.text import normalise, words
from datarefinery.sources.documents import Document, read_documents
from datarefinery.sources.sentences import split_sentences

SYNONYMS = {
    "use": "employ", "uses": "employs", "used": "employed", "function": "routine", "functions": "routines",
    "return": "give back", "returns": "gives back", "file": "document", "files": "documents", "large": "big",
    "small": "little", "value": "quantity", "values": "quantities", "create": "make", "creates": "makes",
    "example": "instance", "change": "modify", "changes": "modifies", "show": "display", "shows": "displays",
    "need": "require", "needs": "requires", "start": "begin", "starts": "begins", "end": "finish",
    "get": "obtain", "gets": "obtains", "list": "sequence", "number": "count", "called": "named",
    "can": "may", "must": "has to", "also": "as well", "only": "just", "many": "numerous", "first": "initial",
    "new": "fresh", "different": "distinct", "same": "identical", "error": "fault", "errors": "faults",
    "data": "information", "table": "relation", "tables": "relations", "method": "procedure",
    "methods": "procedures", "make": "produce", "makes": "produces", "allows": "permits", "allow": "permit",
}
_WORDISH = re.compile(r"[A-Za-z]{2,}")
FILLERS = ("also", "then", "just", "really", "still", "actually")


def corpus_rows(roots: list[Path]) -> list[str]:
    """Distinct (by normalised text) sentences of 6–60 words from every document under ``roots``."""
    seen, out = set(), []
    for root in roots:
        for doc in read_documents(root):
            if not isinstance(doc, Document) or Path(doc.source).name.lower().startswith("readme"):
                continue
            for s in split_sentences(doc.text):
                text = " ".join(s.text.split())
                n = len(text.split())
                key = normalise(text)
                if 6 <= n <= 60 and len(_WORDISH.findall(text)) >= 6 and key not in seen:
                    seen.add(key)
                    out.append(text)
    return out


def _near(text: str, rng: random.Random) -> str:
    toks = text.split()
    for _ in range(rng.choice((1, 2))):
        op = rng.choice(("drop", "insert", "swap", "case"))
        i = rng.randrange(len(toks))
        if op == "drop" and len(toks) > 8:
            del toks[i]
        elif op == "insert":
            toks.insert(i, rng.choice(FILLERS))
        elif op == "swap" and i + 1 < len(toks):
            toks[i], toks[i + 1] = toks[i + 1], toks[i]
        else:
            toks[i] = toks[i].upper() if toks[i].islower() else toks[i].lower()
    out = " ".join(toks)
    return out.rstrip(".") + "!" if rng.random() < 0.3 else out


def _heavy(text: str, rng: random.Random) -> str:
    parts = [p for p in text.split("  ") if p]
    if len(parts) == 2:
        parts.reverse()
    out = []
    for tok in " ".join(parts).split():
        low = tok.lower().strip(".,;:")
        if low in SYNONYMS and rng.random() < 0.8:
            out.append(SYNONYMS[low])
        elif rng.random() < 0.25 and len(low) > 3:
            continue
        else:
            out.append(tok)
    return " ".join(out)


def make_dataset(sentences: list[str], n: int, path: Path, seed: int = 0, near: float = 0.05,
                 heavy: float = 0.05) -> dict[str, tuple[str, str]]:
    """Write ``n`` rows ``{"id", "question"}`` to ``path``; returns the planted ones:
    ``id → (kind, id of the row it copies)``. Base rows are a sentence, or two sentences
    (joined by two spaces) once single sentences run out; every base row is distinct."""
    rng = random.Random(seed)
    planted: dict[str, tuple[str, str]] = {}
    base: list[tuple[str, str]] = []
    pairs = rng.sample(range(len(sentences) ** 2), min(n, len(sentences) ** 2))
    next_single, next_pair = 0, 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            rid = f"r{i:07d}"
            roll = rng.random()
            if base and roll < near + heavy:
                kind = "near" if roll < near else "heavy"
                orig_id, orig = base[rng.randrange(len(base))]
                while kind == "heavy" and len(orig.split()) < 12:
                    orig_id, orig = base[rng.randrange(len(base))]
                text = _near(orig, rng) if kind == "near" else _heavy(orig, rng)
                planted[rid] = (kind, orig_id)
            elif next_single < len(sentences):
                text = sentences[next_single]
                next_single += 1
                base.append((rid, text))
            else:
                a, b = divmod(pairs[next_pair], len(sentences))
                next_pair += 1
                text = sentences[a] + "  " + sentences[b]
                base.append((rid, text))
            f.write(json.dumps({"id": rid, "question": text}) + "\n")
            if len(base) > 200_000:          # sample originals from a bounded window
                base = base[-100_000:]
    return planted


def _jaccard(a: str, b: str) -> float:
    x, y = set(words(a)), set(words(b))
    return len(x & y) / len(x | y) if x | y else 1.0


def score_removals(data: Path, removed_path: Path, planted: dict[str, tuple[str, str]], jaccard: float = 0.8
                   ) -> dict[str, Any]:
    """Precision and recall of a dedup run on the planted rows.

    ``precision_planted``: removed rows that are planted copies (of either kind), over all
    removed. The corpus has near repeats of its own (the AMC manual prints one example
    question several times), so each removal that is not planted is also checked
    against the row it was matched with: ``precision_verified`` counts a removal as right
    when it is planted or its true word-set Jaccard with that row is at least ``jaccard``
    (MinHash only estimates it); the rest, ``unverified``, are semantic matches with no
    lexical ground truth (examples listed for reading)."""
    removed = {}
    with removed_path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            removed[row["id"]] = (row["question"], row["_removed"])
    wanted = {d["duplicate_of"] for _, d in removed.values()}
    texts = {}
    with data.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in wanted:
                texts[row["id"]] = row["question"]
    hits = [k for k in removed if k in planted]
    lexical = [k for k, (q, d) in removed.items() if k not in planted and _jaccard(q, texts[d["duplicate_of"]]) >= jaccard]
    unverified = [k for k in removed if k not in planted and k not in set(lexical)]
    recall = {}
    for kind in ("near", "heavy"):
        ks = {k for k, (kd, _) in planted.items() if kd == kind}
        recall[kind] = round(len(ks & removed.keys()) / len(ks), 4) if ks else None
    n = len(removed)
    return {"removed": n, "precision_planted": round(len(hits) / n, 4) if n else None,
            "precision_verified": round((len(hits) + len(lexical)) / n, 4) if n else None,
            "recall_by_kind": recall, "corpus_repeats_removed": len(lexical), "unverified": len(unverified),
            "unverified_examples": [{"row": removed[k][0], "matched": texts[removed[k][1]["duplicate_of"]],
                                     "similarity": removed[k][1]["similarity"]} for k in unverified[:4]]}


def _dedup_child(path: str, out: str, methods: tuple[str, ...], q: Any) -> None:
    from datarefinery.select.dedup import DedupConfig, dedup_file

    q.put(dedup_file(Path(path), Path(out), DedupConfig(field="question", methods=methods, cache=False)))


def _linear_child(path: str, limit: int, q: Any) -> None:
    """The dedup gate as it was before MinHash: every new text compared with every kept one."""
    from datarefinery.gates.text_stats import words
    from datarefinery.select.io import peak_rss_mb

    kept: list[frozenset[str]] = []
    exact: set[str] = set()
    removed = 0
    started = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= limit:
                break
            text = json.loads(line)["question"]
            key = normalise(text)
            bag = frozenset(words(text))
            if key in exact or any(len(bag & o) / len(bag | o) >= 0.8 for o in kept if o):
                removed += 1
                continue
            exact.add(key)
            kept.append(bag)
    wall = time.perf_counter() - started
    q.put({"rows": limit, "removed": removed, "wall_s": round(wall, 2), "rows_per_s": round(limit / wall, 1),
           "peak_rss_mb": peak_rss_mb()})


def _in_child(target: Any, *args: Any) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    result = q.get()
    p.join()
    return result


def bench_dedup(workdir: Path, sizes: list[int], semantic_sizes: list[int], linear_sizes: list[int],
                corpora: list[Path]) -> dict[str, Any]:
    """Dedup figures per size: MinHash (exact + MinHash), semantic (exact + MinHash +
    embeddings) and the old linear gate, with precision/recall on the planted rows."""
    sentences = corpus_rows(corpora)
    report: dict[str, Any] = {"sentences": len(sentences), "runs": []}
    for n in sorted(set(sizes) | set(semantic_sizes) | set(linear_sizes)):
        data = workdir / f"rows-{n}.jsonl"
        planted = make_dataset(sentences, n, data)
        entry: dict[str, Any] = {"rows": n, "planted": {k: sum(1 for v in planted.values() if v[0] == k)
                                                        for k in ("near", "heavy")}}
        if n in sizes:
            r = _in_child(_dedup_child, str(data), str(workdir / f"minhash-{n}"), ("exact", "minhash"))
            entry["minhash"] = {k: r[k] for k in ("wall_s", "rows_per_s", "peak_rss_mb", "removed_by_method")} | \
                score_removals(data, workdir / f"minhash-{n}" / "removed.jsonl", planted)
        if n in semantic_sizes:
            r = _in_child(_dedup_child, str(data), str(workdir / f"semantic-{n}"), ("exact", "minhash", "semantic"))
            entry["semantic"] = {k: r[k] for k in ("wall_s", "rows_per_s", "peak_rss_mb", "removed_by_method")} | \
                score_removals(data, workdir / f"semantic-{n}" / "removed.jsonl", planted)
        if n in linear_sizes:
            entry["linear_gate"] = _in_child(_linear_child, str(data), n)
        report["runs"].append(entry)
        print(json.dumps(entry), flush=True)
    return report


def _select_child(path: str, out: str, k: int, q: Any) -> None:
    from datarefinery.select.selection import SelectConfig, select_file

    q.put(select_file(Path(path), Path(out), SelectConfig(k=k, by="coverage", field="question", cache=True)))


def bench_coverage(workdir: Path, n: int, share: float = 0.1, seed: int = 0) -> dict[str, Any]:
    """Coverage selection of ``share × n`` rows of the ``n``-row dataset (embeddings from the
    cache the semantic run filled): wall time and the mean nearest-neighbour cosine distance
    of the selected set against a random subset of the same size."""
    from datarefinery.select.embed import Embedder
    from datarefinery.select.selection import mean_nn_distance

    data = workdir / f"rows-{n}.jsonl"
    k = int(n * share)
    r = _in_child(_select_child, str(data), str(workdir / f"coverage-{n}"), k)
    texts = [json.loads(line)["question"] for line in data.open(encoding="utf-8")]
    idx = random.Random(seed).sample(range(len(texts)), k)
    rand = mean_nn_distance(Embedder().encode([texts[i] for i in idx]))
    return {"rows": n, "k": k, "wall_s": r["wall_s"], "peak_rss_mb": r["peak_rss_mb"],
            "mean_nn_distance_selected": r.get("mean_nn_distance_selected"), "mean_nn_distance_random": round(rand, 4)}


def bench_decontamination(benchmark: Path, paraphrases: Path, clean: list[str], seed: int = 0) -> dict[str, Any]:
    """Recall on planted benchmark items — verbatim, lightly edited, paraphrased (written
    by hand) — embedded in a question, and false positives on ``clean`` rows."""
    from datarefinery.select.decontam import ContaminationIndex, load_benchmark, passages

    rng = random.Random(seed)
    bench = load_benchmark(benchmark)
    index = ContaminationIndex([bench])
    items = {i.id: i for i in bench.items}
    planted: list[tuple[str, str, str]] = []
    for item in rng.sample(bench.items, 40):
        ps = passages(item.text)
        if not ps:
            continue
        text = max(ps, key=len)
        planted.append(("verbatim", item.id, f"Here is a task: {text} Solve it in Python."))
        planted.append(("edited", item.id, "Task: " + _near(_near(text, rng), rng)))
    for line in paraphrases.open(encoding="utf-8"):
        row = json.loads(line)
        assert row["task_id"] in items, row["task_id"]
        planted.append(("paraphrased", row["task_id"], row["paraphrase"]))
    hits = index.check([t for _, _, t in planted])
    recall: dict[str, Any] = {}
    for kind in ("verbatim", "edited", "paraphrased"):
        rows = [(p, h) for p, h in zip(planted, hits) if p[0] == kind]
        right = sum(1 for p, h in rows if h is not None and h.item == p[1])
        recall[kind] = {"planted": len(rows), "found": right, "recall": round(right / len(rows), 4) if rows else None,
                        "by_ngram": sum(1 for _, h in rows if h is not None and h.method == "ngram")}
    started = time.perf_counter()
    clean_hits = index.check(clean)
    fps = [(t, h) for t, h in zip(clean, clean_hits) if h is not None]
    return {"benchmark": bench.name, "items": len(bench.items), "recall": recall, "clean_rows": len(clean),
            "false_positives": len(fps), "false_positive_rate": round(len(fps) / len(clean), 5),
            "clean_rows_per_s": round(len(clean) / (time.perf_counter() - started), 1),
            "false_positive_examples": [{"row": t, "item": h.item, "similarity": round(h.similarity, 3)}
                                        for t, h in fps[:5]]}


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--corpora", type=Path, nargs="+", default=[Path("../shared/corpora")])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--semantic-sizes", type=int, nargs="*", default=[100_000])
    ap.add_argument("--linear-sizes", type=int, nargs="*", default=[10_000, 20_000])
    ap.add_argument("--coverage-size", type=int, default=100_000)
    ap.add_argument("--skip", nargs="*", default=[], choices=["dedup", "coverage", "decontamination"])
    ap.add_argument("--output", type=Path)
    a = ap.parse_args(argv)
    a.workdir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {}
    if "dedup" not in a.skip:
        report["dedup"] = bench_dedup(a.workdir, a.sizes, a.semantic_sizes, a.linear_sizes, a.corpora)
    if "coverage" not in a.skip:
        report["coverage"] = bench_coverage(a.workdir, a.coverage_size)
        print(json.dumps(report["coverage"]), flush=True)
    if "decontamination" not in a.skip:
        root = Path(__file__).resolve().parents[3] / "benchmarks" / "contamination"
        clean = corpus_rows(a.corpora)
        report["decontamination"] = bench_decontamination(root / "humaneval.jsonl.gz",
                                                          root / "humaneval_paraphrases.jsonl", clean)
        print(json.dumps(report["decontamination"]), flush=True)
    if a.output:
        a.output.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
