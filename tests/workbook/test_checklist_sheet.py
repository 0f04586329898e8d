"""The Checklist sheet of evaluated copies (issue 15): bottlenecks, takt and WIP in days, stated
totals, targets, the waste analysis with root causes and the root causes, as values."""
import openpyxl
import pytest

from tests.workbook.test_estimates_checklist import book  # noqa: F401 - the fixture
from vsm_xl.api import evaluate
from vsm_xl.workbook.evaluated.checklist_sheet import SHEET, TITLE
from vsm_xl.workbook.writer import write_evaluated


def _values(path):
    return [[c.value for c in row] for row in openpyxl.load_workbook(path)[SHEET].iter_rows()]


def _table(rows, first):
    """The rows under the header whose column A is ``first``, up to the next blank row."""
    start = next(k for k, r in enumerate(rows) if r[0] == first) + 1
    end = next((k for k in range(start, len(rows)) if rows[k][0] is None), len(rows))
    return rows[start:end]


@pytest.fixture(scope="module")
def copy(book, tmp_path_factory):  # noqa: F811 - the fixture imported above
    path = tmp_path_factory.mktemp("checklist_copy") / "copy.xlsx"
    write_evaluated(book, path, evaluate(book).analysis)
    return path


def test_the_sheet_carries_the_checklist_figures(copy):
    """Two listed steps of METHOD.md's order fulfilment: constraint Order Entry (15 min), secondary
    Credit Check (10), largest delay Credit Check (WT 470 min), highest queue Order Entry (50);
    takt 450 / 90 = 5 min, WIP 80 / 90 = 0.89 days; waiting 575 of 600 min (9.58 h, 95.83 %)."""
    rows = _values(copy)
    assert rows[0][0] == TITLE
    bottlenecks = {r[0]: r[1:3] for r in _table(rows, "Bottlenecks")}
    assert bottlenecks["Secondary constraint (second-largest PT)"] == ["Credit Check", "Credit Check"]
    assert bottlenecks["Highest queue (largest inventory)"] == ["Order Entry", "Order Entry"]
    assert bottlenecks["Takt time (min)"] == [5, 5]
    assert bottlenecks["WIP in days of demand"] == pytest.approx([80 / 90, 10 / 90])
    stated = _table(rows, "Stated total")
    assert stated[1][:5] == ["Total lead time (hours)", "Current state", "44 h", "10 h", "no"]
    targets = _table(rows, "Future-state target")
    assert targets[0][:4] == ["Lead time (hours)", "0.5 h", "0.58 h", "not met"]
    wastes = {r[0]: r[1:6] for r in _table(rows, "Waste")}
    assert wastes["waiting"][0] == 1 and wastes["waiting"][1] == pytest.approx(575 / 60)
    assert wastes["waiting"][2] == pytest.approx(575 / 600)
    assert wastes["waiting"][3:] == ["Credit Check", "Batch credit runs; Nightly job"]
    assert wastes["defects"][3:] == ["Order Entry", "Manual re-keying"]
    assert _table(rows, "Root cause of") == [["value stream", "Batch thinking"] + [None] * 4,
                                             ["Current state", "Manual entry"] + [None] * 4]


def test_evaluating_the_copy_again_rewrites_the_sheet(copy, tmp_path):
    again = tmp_path / "again.xlsx"
    write_evaluated(copy, again, evaluate(copy).analysis)
    assert openpyxl.load_workbook(again).sheetnames.count(SHEET) == 1
    assert _values(again)[2:] == _values(copy)[2:]
