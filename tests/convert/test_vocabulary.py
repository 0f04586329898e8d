"""Header words teams use (English and German, any case, punctuation and unit), totals labels,
state names and declared units (issue 4, requirement 1)."""
import pytest

from vsm_xl.convert import vocabulary as V
from vsm_xl.convert.vocabulary import declared_unit, is_total_label, match_header, state_kind, waste_type


@pytest.mark.parametrize("header,field,unit", [
    ("Step", V.STEP, None), ("process step", V.STEP, None), ("Activity", V.STEP, None), ("PROCESS", V.STEP, None),
    ("Prozessschritt", V.STEP, None), ("Tätigkeit", V.STEP, None),
    ("PT", V.PROCESS_TIME, None), ("PT (min)", V.PROCESS_TIME, "min"), ("process time [h]", V.PROCESS_TIME, "h"),
    ("C/T", V.PROCESS_TIME, None), ("Cycle Time (sec)", V.PROCESS_TIME, "s"), ("Touch time", V.PROCESS_TIME, None),
    ("Work time (h)", V.PROCESS_TIME, "h"), ("PT_min", V.PROCESS_TIME, "min"),
    ("Bearbeitungszeit [Std.]", V.PROCESS_TIME, "h"), ("Zykluszeit (min)", V.PROCESS_TIME, "min"),
    ("Process time per item (minutes)", V.PROCESS_TIME, "min"),
    ("LT", V.LEAD_TIME, None), ("Lead time [h]", V.LEAD_TIME, "h"), ("LT in days", V.LEAD_TIME, "d"),
    ("L/T", V.LEAD_TIME, None), ("Elapsed time", V.LEAD_TIME, None), ("Throughput time (d)", V.LEAD_TIME, "d"),
    ("Leadtime", V.LEAD_TIME, None), ("lead-time, hrs", V.LEAD_TIME, "h"),
    ("Durchlaufzeit in Tagen", V.LEAD_TIME, "d"), ("DLZ (Std)", V.LEAD_TIME, "h"),
    ("Wait time [h]", V.WAIT_TIME, "h"), ("Wartezeit", V.WAIT_TIME, None), ("Queue time (h)", V.WAIT_TIME, "h"),
    ("%C&A", V.COMPLETE_ACCURATE, "%"), ("C&A", V.COMPLETE_ACCURATE, None), ("% C & A", V.COMPLETE_ACCURATE, "%"),
    ("Quality", V.COMPLETE_ACCURATE, None), ("First pass yield", V.COMPLETE_ACCURATE, None),
    ("Qualität %", V.COMPLETE_ACCURATE, "%"), ("Qualitaet", V.COMPLETE_ACCURATE, None),
    ("Inventory", V.INVENTORY, None), ("WIP", V.INVENTORY, None), ("Queue", V.INVENTORY, None),
    ("Bestand", V.INVENTORY, None),
    ("Owner", V.OWNER, None), ("Team", V.OWNER, None), ("Department", V.OWNER, None), ("Process owner", V.OWNER, None),
    ("Verantwortlich", V.OWNER, None), ("Abteilung", V.OWNER, None), ("Verantwortlich/Abteilung", V.OWNER, None),
    ("C/O", V.CHANGEOVER, None), ("Changeover (h)", V.CHANGEOVER, "h"), ("Rüstzeit (min)", V.CHANGEOVER, "min"),
    ("Ruestzeit", V.CHANGEOVER, None),
    ("Notes", V.NOTES, None), ("Comments", V.NOTES, None), ("Bemerkungen", V.NOTES, None),
    ("Scenario", V.STATE, None), ("Zustand", V.STATE, None), ("Waste", V.WASTE, None),
])
def test_header_words(header, field, unit):
    match = match_header(header)
    assert match is not None, header
    assert (match.field, match.unit) == (field, unit)


@pytest.mark.parametrize("header", ["No.", "Time", "Cost", "", "  ", None, 12, "Datum"])
def test_unknown_headers(header):
    assert match_header(header) is None


def test_the_usual_word_ranks_before_a_synonym():
    assert match_header("PT").rank < match_header("Touch time").rank < match_header("Cycle time").rank


@pytest.mark.parametrize("text,unit", [
    ("All times in hours", "h"), ("Zeiten in Minuten", "min"), ("Angaben in Tagen", "d"),
    ("times (h)", "h"), ("Order fulfilment", None), ("in hours", None),
])
def test_declared_units(text, unit):
    assert declared_unit(text) == unit


@pytest.mark.parametrize("text,total", [
    ("Total", True), ("TOTAL:", True), ("Summe", True), ("Gesamt", True), ("Σ", True), ("Insgesamt", True),
    ("Total lead time", True), ("Step 1", False), ("Totally new step", False), ("Summary review", False),
    ("Ship", False), (None, False), (70, False),
])
def test_totals_labels(text, total):
    assert is_total_label(text) is total


@pytest.mark.parametrize("name,kind", [
    ("Ist-Zustand", "current"), ("Soll-Zustand", "future"), ("Current state", "current"), ("As-is", "current"),
    ("Future", "future"), ("To-be", "future"), ("Target A", "future"), ("Sheet1", None), ("Liste", None),
])
def test_state_names(name, kind):
    assert state_kind(name) == kind


def test_waste_words_in_both_languages():
    assert waste_type("Warten") == "waiting"
    assert waste_type("Defects") == "defects"
    assert waste_type("Überproduktion") == "overproduction"
    assert waste_type("paperwork") is None
