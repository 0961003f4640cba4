"""Sharing the cores among embedded servers: the registry of live servers (entries held by
other processes, stale entries of dead ones), the share, and the overrides."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from datarefinery.models.cores import THREADS_ENV, ServerRegistry, share_of, threads_override

HOLD = ("import sys, time; from pathlib import Path; from datarefinery.models.cores import ServerRegistry; "
        "ServerRegistry(Path(sys.argv[1]), cores=2).register(model='x'); print('held', flush=True); time.sleep(60)")


def _other_server(directory: Path) -> subprocess.Popen[bytes]:
    """A live server's registration in another process."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(directory)], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"held"
    return proc


def test_share_splits_cores_oldest_first():
    assert [share_of(r, 1, 2) for r in range(1)] == [2]
    assert [share_of(r, 2, 2) for r in range(2)] == [1, 1]
    assert [share_of(r, 3, 2) for r in range(3)] == [1, 1, 1]  # never below one
    assert [share_of(r, 3, 16) for r in range(3)] == [6, 5, 5]
    assert [share_of(r, 2, 3) for r in range(2)] == [2, 1]


@pytest.mark.parametrize("others", [0, 1, 2])
def test_one_two_and_three_live_servers(tmp_path: Path, others: int):
    procs = [_other_server(tmp_path) for _ in range(others)]
    try:
        registry = ServerRegistry(tmp_path, cores=2)
        me = registry.register(model="me")
        threads, live = registry.share(me)
        assert live == others + 1
        assert threads == (2 if others == 0 else 1)
        me.close()
        assert len(registry.live()) == others
    finally:
        for p in procs:
            p.kill()
            p.wait()


def test_a_dead_process_entry_is_ignored_and_removed(tmp_path: Path):
    proc = _other_server(tmp_path)
    registry = ServerRegistry(tmp_path, cores=4)
    assert len(registry.live()) == 1
    proc.kill()
    proc.wait()
    stale = list(tmp_path.glob("*.server"))
    assert len(stale) == 1  # the file outlives its process…
    me = registry.register()
    assert registry.share(me) == (4, 1)  # …but does not count
    assert not stale[0].exists()
    me.close()


def test_overrides_win_recipe_then_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert threads_override(None) == (None, "share")
    monkeypatch.setenv(THREADS_ENV, "3")
    assert threads_override(None) == (3, f"${THREADS_ENV}")
    assert threads_override(1) == (1, "recipe")
    monkeypatch.setenv(THREADS_ENV, "many")
    with pytest.raises(ValueError, match=THREADS_ENV):
        threads_override(None)
