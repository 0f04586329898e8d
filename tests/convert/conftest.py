"""The team-sheet corpus (tests/data/team_sheets, written by tests/data/make_team_corpus.py)
converted once per session into a temporary folder."""
from pathlib import Path

import pytest

from vsm_xl.convert.run import convert_many

CORPUS = Path(__file__).resolve().parents[1] / "data" / "team_sheets"


@pytest.fixture(scope="session")
def corpus():
    return CORPUS


@pytest.fixture(scope="session")
def converted(tmp_path_factory):
    """(output folder, {source name: FileLog}) of the whole corpus, converted with 2 jobs."""
    out = tmp_path_factory.mktemp("converted")
    logs = convert_many([CORPUS], out, jobs=2, progress=False)
    return out, {log.source: log for log in logs}
