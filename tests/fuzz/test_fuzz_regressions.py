"""Every case the fuzz run ever failed on (tests/data/fuzz_regressions) succeeds or is refused
with a VsmError naming where, through every operation of its kind; and a small seeded fuzz run
of fresh cases (the full run of 1,200 is a stage of scripts/test.sh)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.run import REGRESSIONS, main, replay

CASES = sorted(p for p in REGRESSIONS.iterdir() if p.suffix != ".md")


def test_there_are_regressions():
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_regression(path: Path):
    outcome, detail = replay(path)
    assert outcome in ("ok", "refused"), detail


def test_small_fuzz_run(capsys):
    assert main(["--cases", "40", "--jobs", "1", "--seed", "7", "--no-keep"]) == 0
    out = capsys.readouterr().out
    assert "tried 40," in out and "other 0" in out
