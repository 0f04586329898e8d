"""Session-wide workbooks of the workbook tests: the blank template and both METHOD.md examples
written by the writer, read back, evaluated in batch mode, and (where the real engines run)
recalculated by LibreOffice and by the ``formulas`` engine with the VSM_* functions bound in.
Everything expensive is made once per session."""
from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.libreoffice import soffice_path
from vsm_xl.io.yaml_io import read_yaml
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_evaluated, write_template
from vsm_xl.workbook.layout import template_layout as L

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NAMES = ("order_fulfillment", "claims_handling", "claims_handling_team", "paper_cirp2013")

@pytest.fixture(scope="session")
def streams() -> dict:
    """The two example models, read from examples/*.yaml by the interchange reader."""
    return {name: read_yaml(EXAMPLES / f"{name}.yaml") for name in NAMES}


@pytest.fixture(scope="session")
def combined(streams):
    """Order fulfilment's states with the claims evaluation, customer demand (takt 450 min /
    90 units = 5 min) and working time (8 h days): one model using every sheet."""
    from vsm_xl.core.durations import DurationRule
    from vsm_xl.core.model import Demand

    return replace(streams["order_fulfillment"], evaluation=streams["claims_handling"].evaluation,
                   demand=Demand(available_minutes=450, units=90), duration_rule=DurationRule(8, 5))


@pytest.fixture(scope="session")
def built(tmp_path_factory, streams, combined) -> dict:
    """Workbooks written by write_template: 'template' (blank), the examples, and 'room' (the
    combined model laid out in the blank template's full size, spare rows and columns blank)."""
    folder = tmp_path_factory.mktemp("built")
    paths = {"template": write_template(folder / "template.xlsx")}
    for name, stream in streams.items():
        paths[name] = write_template(folder / f"{name}.xlsx", stream)
    paths["room"] = write_template(folder / "room.xlsx", combined, room=True)
    return paths


@pytest.fixture(scope="session")
def reads(built) -> dict:
    return {name: read_workbook(path) for name, path in built.items()}


@pytest.fixture(scope="session")
def evaluated(tmp_path_factory, built, reads) -> dict:
    """Evaluated copies (write_evaluated) of the examples and of the room workbook."""
    folder = tmp_path_factory.mktemp("evaluated")
    return {name: (write_evaluated(built[name], folder / f"{name}_evaluated.xlsx", reads[name].analysis),
                   folder / f"{name}_evaluated.xlsx")[1]
            for name in (*NAMES, "room")}


@pytest.fixture(scope="session")
def libreoffice_csv(tmp_path_factory, built, evaluated) -> dict:
    """Every sheet as LibreOffice computes it (recalculation forced), for the blank template,
    the examples (live formulas) and the evaluated copies: {name: {sheet: rows}}."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    from tests.support.libreoffice import recalculate_to_csv

    out = tmp_path_factory.mktemp("lo")
    jobs = [("template", built["template"]), *[(n, built[n]) for n in NAMES],
            *[(f"{n}_evaluated", evaluated[n]) for n in (*NAMES, "room")]]
    # one private LibreOffice profile per conversion: they may run side by side
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(recalculate_to_csv, path, out / name) for name, path in jobs}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="session")
def engine(built) -> dict:
    """The ``formulas`` engine's computation of the examples' own formulas with the cell
    functions of vsm_xl.udfs bound in: {name: {"Sheet!A1": value}}."""
    pytest.importorskip("formulas")
    import vsm_xl.udfs as udfs
    from tests.support.formula_engine import evaluate_workbook

    functions = {name: getattr(udfs, name) for name in udfs.__all__}
    # the drawn Map holds no result cell: left out, its thousands of formulas cost the engine minutes
    return {name: evaluate_workbook(built[name], functions, without=(L.MAP,)) for name in (*NAMES, "room")}


@pytest.fixture
def example_copy(tmp_path, built):
    """A fresh copy of an example workbook to edit with openpyxl."""
    def make(name: str) -> Path:
        target = tmp_path / f"{name}.xlsx"
        shutil.copy(built[name], target)
        return target
    return make
