"""Write examples/claims_events.csv: a self-made claims event log from the seeded simulator of
the tests (tests/mine/simulate.py): 200 claims, start and end times, resources, a parallel
branch and rework. Run from the repository root: python scripts/make_event_log.py"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.mine.simulate import simulate, write_csv  # noqa: E402

CASES, SEED = 200, 2026

if __name__ == "__main__":
    write_csv(ROOT / "examples" / "claims_events.csv", simulate(CASES, SEED))
