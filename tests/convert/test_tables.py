"""Finding the steps table anywhere in a sheet and reading it into states: offsets, titles,
notes beside, blank and note rows, totals rows, units rows, stacked and side-by-side tables,
competing columns, and the reasons a file is not converted. Each sheet is built here and its
figures computed by hand."""
import openpyxl
import pytest

from vsm_xl.convert.header_detection import column_letter, scan_sheet
from vsm_xl.convert.log import FileLog
from vsm_xl.convert.sources import SourceError, open_source
from vsm_xl.convert.tables import ConversionError, NoTableError, read_stream
from vsm_xl.core.analysis import analyze


def book(path, sheets):
    """Write ``{sheet: {cell: value}}`` (or ``{sheet: (top_left, rows)}``) to ``path``."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, content in sheets.items():
        ws = wb.create_sheet(title)
        top, rows = content
        start = ws[top]
        for i, values in enumerate(rows):
            for j, value in enumerate(values):
                if value is not None:
                    ws.cell(start.row + i, start.column + j, value)
    wb.save(path)
    return path


def read(path):
    log = FileLog(path.name)
    stream = read_stream(open_source(path), log)
    return stream, log


def test_calamine_rows_keep_absolute_positions(tmp_path):
    """Data starting at D10: the reader must still name D10, not A1."""
    path = book(tmp_path / "far.xlsx", {"S": ("D10", [["Step", "PT (min)", "LT (min)"], ["A", 5, 20], ["B", 10, 30]])})
    stream, log = read(path)
    assert log.tables[0].header_row == 10 and log.tables[0].range == "D10:F12"
    assert [s.name for s in stream.states[0].steps] == ["A", "B"]
    assert analyze(stream).states[0].total_lead_time == 50


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_table_after_blank_rows_with_notes_beside_and_a_note_row(tmp_path):
    rows = [["Step", "PT (min)", "LT (h)", None, None, "comment: measured in May"],
            ["Draft", 30, 2],
            ["-- review block --"],
            ["Review", 15, 24, None, None, "the review board meets on Mondays"],
            [],
            ["Publish", 5, 1]]
    path = book(tmp_path / "t.xlsx", {"Work": ("B6", rows)})
    stream, log = read(path)
    table = log.tables[0]
    assert (table.header_row, table.range) == (6, "B6:D11")  # the note column G is not part of it
    assert [s.name for s in stream.states[0].steps] == ["Draft", "Review", "Publish"]
    summary = analyze(stream).states[0]
    assert (summary.total_process_time, summary.total_lead_time) == (50, 120 + 1440 + 60)
    assert any("review block" in s for s in table.skipped)
    assert any("G9" in s for s in table.skipped)


def test_two_blank_rows_end_the_table_before_an_unrelated_block(tmp_path):
    rows = [["Step", "PT", "LT"], ["A", 5, 10], [], [], ["Improvement", "Impact", "Effort"], ["Kanban", "high", "low"]]
    stream, log = read(book(tmp_path / "t.xlsx", {"S": ("A1", rows)}))
    assert [s.name for s in stream.states[0].steps] == ["A"]
    assert log.tables[0].range == "A1:C2"


def test_totals_row_without_a_name_is_checked_and_skipped(tmp_path):
    rows = [["Step", "PT (min)", "LT (min)", "WIP"], ["A", 5, 10, 3], ["B", 10, 50, 4], [None, 15, 70, 7]]
    stream, log = read(book(tmp_path / "t.xlsx", {"S": ("A1", rows)}))
    assert len(stream.states[0].steps) == 2
    totals = " ".join(log.tables[0].totals)
    assert "process time (PT): 15 min in row 4 matches" in totals
    assert "MISMATCH lead time (LT): the totals row says 70 min but the steps add up to 60 min" in totals
    assert [n.location for n in log.notes if n.level == "warning"] == ["S!C4"]


def test_rolled_quality_in_a_totals_row_is_recognised(tmp_path):
    rows = [["Step", "PT (min)", "LT (min)", "%C&A"], ["A", 5, 10, 90], ["B", 10, 50, 80], ["Total", 15, 60, 72]]
    _, log = read(book(tmp_path / "t.xlsx", {"S": ("A1", rows)}))
    assert any("%C&A: 72 % in row 4 matches" in t for t in log.tables[0].totals)  # .9 × .8 = .72
    assert not [n for n in log.notes if n.level == "warning"]


def test_units_row_under_the_header(tmp_path):
    rows = [["Step", "PT", "LT"], [None, "[min]", "[d]"], ["A", 30, 0.5], ["B", 60, 2]]
    stream, log = read(book(tmp_path / "t.xlsx", {"S": ("A1", rows)}))
    assert analyze(stream).states[0].total_lead_time == 720 + 2880
    assert "units row 2" in {c.header: c.reading for c in log.tables[0].columns}["LT"]


def test_declared_unit_in_a_title_note(tmp_path):
    rows = [["Times in hours"], [], ["Step", "PT", "LT"], ["A", 0.5, 4], ["B", 1, 20]]
    stream, log = read(book(tmp_path / "t.xlsx", {"S": ("A1", rows)}))
    summary = analyze(stream).states[0]
    assert (summary.total_process_time, summary.total_lead_time) == (90, 1440)
    assert not [n for n in log.notes if n.level == "ambiguous"]


def test_state_column_with_german_headers(tmp_path):
    rows = [["Zustand", "Prozessschritt", "Bearbeitungszeit (min)", "Durchlaufzeit (h)"],
            ["Ist", "Prüfen", 20, 8], [None, "Freigeben", 10, 16],
            ["Soll", "Prüfen", 10, 2], [None, "Freigeben", 5, 1]]
    stream, _ = read(book(tmp_path / "t.xlsx", {"Tabelle1": ("A1", rows)}))
    assert [(s.name, s.kind, len(s.steps)) for s in stream.states] == [("Ist", "current", 2), ("Soll", "future", 2)]
    ist, soll = analyze(stream).states
    assert (ist.total_lead_time, soll.total_lead_time) == (1440, 180)


def test_the_sheet_named_current_comes_first(tmp_path):
    table = [["Step", "PT (min)", "LT (min)"], ["A", 5, 10]]
    stream, _ = read(book(tmp_path / "t.xlsx", {"To-be": ("A1", table), "As-is": ("A1", table)}))
    assert [(s.name, s.kind) for s in stream.states] == [("As-is", "current"), ("To-be", "future")]


def test_wait_time_only_gives_lead_time_and_a_missing_pt_is_zero_with_a_warning(tmp_path):
    rows = [["Step", "PT [h]", "Wait time [h]"], ["A", 1, 3], ["Queue", None, 5]]
    stream, log = read(book(tmp_path / "t.xlsx", {"S": ("A1", rows)}))
    steps = stream.states[0].steps
    assert [(s.process_time, s.lead_time) for s in steps] == [(60, 240), (0, 300)]
    warning = [n for n in log.notes if n.level == "warning"]
    assert len(warning) == 1 and warning[0].location == "S!B3" and warning[0].subject == ("step", 0, 1, "process_time")


def test_a_filled_synonym_wins_over_an_empty_usual_column(tmp_path):
    rows = [["Step", "PT", "Cycle time (min)", "LT (min)"], ["A", None, 5, 10], ["B", None, 7, 20]]
    stream, log = read(book(tmp_path / "t.xlsx", {"S": ("A1", rows)}))
    assert [s.process_time for s in stream.states[0].steps] == [5, 7]
    assert not [n for n in log.notes if n.level == "ambiguous"]  # the empty PT column competes with nothing


def test_csv_with_semicolons_decimal_commas_and_cp1252(tmp_path):
    path = tmp_path / "team.csv"
    path.write_bytes("Tätigkeit;Zykluszeit (min);Durchlaufzeit (h);Qualität\nPrüfen;1,5;0,5;85 %\n"
                     "Fräsen;12;2,25;90 %\n".encode("cp1252"))
    stream, log = read(path)
    steps = stream.states[0].steps
    assert [s.name for s in steps] == ["Prüfen", "Fräsen"]
    assert [(s.process_time, s.lead_time, s.complete_accurate) for s in steps] == [(1.5, 30, 0.85), (12, 135, 0.90)]
    assert log.details["delimiter"] == "semicolon" and log.details["encoding"] == "cp1252"


def test_csv_with_commas_and_quoted_thousands(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('Step,PT,LT,WIP\nA,15m,2h,"1,250"\nB,1.5h,1d,30\n', encoding="utf-8")
    stream, _ = read(path)
    summary = analyze(stream).states[0]
    assert (summary.total_process_time, summary.total_lead_time, summary.wip_total) == (105, 1560, 1280)


def test_no_steps_table(tmp_path):
    with pytest.raises(NoTableError, match="no steps table found in 'Budget'"):
        read(book(tmp_path / "t.xlsx", {"Budget": ("A1", [["Item", "Cost"], ["Laptop", 1200]])}))


def test_a_header_without_rows(tmp_path):
    with pytest.raises(NoTableError, match="no step rows"):
        read(book(tmp_path / "t.xlsx", {"S": ("A1", [["Step", "PT", "LT"]])}))


def test_a_table_without_lead_or_wait_time(tmp_path):
    with pytest.raises(ConversionError, match="no lead time column"):
        read(book(tmp_path / "t.xlsx", {"S": ("A1", [["Step", "PT", "Owner"], ["A", 5, "x"]])}))


def test_unreadable_cells_are_named(tmp_path):
    rows = [["Step", "PT (min)", "LT (min)", "%C&A"], ["A", "five", 10, 90], ["B", 5, 10, 150]]
    with pytest.raises(ConversionError) as info:
        read(book(tmp_path / "t.xlsx", {"S": ("A1", rows)}))
    assert "S!B2: cannot read 'five' as a duration" in str(info.value)
    assert "S!D3" in str(info.value)


@pytest.mark.parametrize("content,reason", [
    (b"", "the file is empty"), (b"\x00\x01\x02binary", "not a text file"),
])
def test_bad_csv_files(tmp_path, content, reason):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=reason):
        open_source(path)


def test_garbage_workbook_and_unsupported_type(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip at all" * 50)
    with pytest.raises(SourceError, match="cannot open as an Excel workbook"):
        open_source(path)
    other = tmp_path / "x.ods"
    other.write_bytes(b"")
    with pytest.raises(SourceError, match="unsupported file type .ods"):
        open_source(other)


def test_scan_finds_side_by_side_tables_split_without_a_gap(tmp_path):
    """Step PT LT Step PT LT in one run of headers: two tables."""
    rows = [["Step", "PT", "LT", "Step", "PT", "LT"], ["A", 1, 2, "A", 1, 1], ["B", 3, 4, "B", 2, 2]]
    path = book(tmp_path / "t.xlsx", {"S": ("A1", rows)})
    tables = scan_sheet(open_source(path).sheets[0])
    assert [(t.first_column, t.last_column, len(t.rows)) for t in tables] == [(0, 2, 2), (3, 5, 2)]


def test_working_days_when_asked(tmp_path):
    """--hours-per-day 8: a day in the sheet is 8 working hours (METHOD.md section 1)."""
    from vsm_xl.core.durations import DurationRule

    path = book(tmp_path / "t.xlsx", {"S": ("A1", [["Step", "PT (h)", "LT (d)"], ["A", 1, 1.5]])})
    stream = read_stream(open_source(path), FileLog("t"), DurationRule(hours_per_day=8))
    assert stream.states[0].steps[0].lead_time == 1.5 * 8 * 60
    assert stream.duration_rule.hours_per_day == 8
