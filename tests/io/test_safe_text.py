"""The text rule of io/safe_text.py, unit by unit, against hand-written expectations: the OWASP
CSV rule, the characters XML 1.0 (so a workbook) cannot hold, and text cells that stay text.
Fast (no engine, no subprocess): the mutation run (tests/mutation) runs this file for every
mutant of the module."""
from __future__ import annotations

import openpyxl
import pytest

from vsm_xl.core.errors import InputError
from vsm_xl.io.safe_text import CSV_TRIGGERS, check_text, csv_value, keep_text, text_cell, unwritable, unwritable_message


# -- the CSV rule (OWASP): a cell starting with = + - @ tab CR is text unless a plain number ----

def test_the_triggers_are_the_owasp_six():
    assert CSV_TRIGGERS == ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("=", "'="), ("-", "'-"), ("+", "'+"), ("-.", "'-."), ("-e5", "'-e5"), ("-1e+", "'-1e+"), ("-1E5x", "'-1E5x"),
    ("\t1", "'\t1"), ("\r2", "'\r2"), ("=1", "'=1"), ("@1", "'@1"),  # only + and - may start a number
    ("-1-", "'-1-"), ("+-1", "'+-1"), ("--1", "'--1"), ("-1..2", "'-1..2"), ("-1.2.3", "'-1.2.3"),
])
def test_csv_text_that_a_spreadsheet_would_read_as_a_formula_gets_a_quote(value, expected):
    assert csv_value(value) == expected


@pytest.mark.parametrize("value", ["-1", "+1", "-0", "-12.5", "+7.", "-.25", "-1e3", "+1E-3", "-2.5e+10", "-.5E7",
                                   "-123456789", "+0.000"])
def test_csv_plain_numbers_stay_numbers(value):
    assert csv_value(value) is value


@pytest.mark.parametrize("value", ["plain", "", "a=b", "1+1", " =x", "12", "x-1", "'=1", 3, -3.5, None, True])
def test_csv_values_not_starting_with_a_trigger_are_unchanged(value):
    assert csv_value(value) is value


# -- characters a workbook cannot hold -------------------------------------------------------

@pytest.mark.parametrize("char", [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
                         + ["\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff"])
def test_unwritable_finds_each_character_xml_forbids(char):
    assert unwritable(char) == char
    assert unwritable(f"ab{char}cd") == char


@pytest.mark.parametrize("char", ["\t", "\n", "\r", " ", "~", "\x7f", "\x80", "\x9f", "\xa0", "\ud7ff", "\ue000",
                                  "\ufffd", "\U00010000", "\U0010ffff"])
def test_unwritable_lets_every_other_character_through(char):
    assert unwritable(f"a{char}b") is None


def test_unwritable_names_the_first_of_several():
    assert unwritable("ok\x02then\x01") == "\x02"
    assert unwritable("") is None


@pytest.mark.parametrize("char, message", [
    ("\x00", "the text holds the control character U+0000, which a workbook cannot hold; remove it"),
    ("\x1f", "the text holds the control character U+001F, which a workbook cannot hold; remove it"),
    ("\ufffe", "the text holds the character U+FFFE, which a workbook cannot hold; remove it"),
    ("\ud800", "the text holds the character U+D800, which a workbook cannot hold; remove it"),
])
def test_unwritable_message(char, message):
    assert unwritable_message(char) == message


def test_check_text_returns_the_value_itself_when_writable():
    text = "=Order Entry\twith\ttabs\n"
    assert check_text(text, "Steps!B7") is text
    for value in (None, 3, 2.5, ("\x00",), ["\x01"]):  # not text: not its business
        assert check_text(value, "x") is value


def test_check_text_refuses_naming_the_place_and_the_subject():
    with pytest.raises(InputError) as info:
        check_text("step\x07", "value_stream.states[0].steps[2].name")
    assert info.value.location == "value_stream.states[0].steps[2].name"
    assert info.value.subject == ("text",)
    assert info.value.message == unwritable_message("\x07")
    with pytest.raises(InputError) as info:
        check_text("\x0b")
    assert info.value.location is None


# -- text cells stay text --------------------------------------------------------------------

@pytest.fixture()
def sheet():
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Steps"
    return ws


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","click")', "#N/A", "#DIV/0!",
                                   "plain", "=1+1"])
def test_text_cell_keeps_text_as_a_string_cell(sheet, value):
    cell = sheet["B7"]
    assert text_cell(cell, value) is cell
    assert cell.value == value
    assert cell.data_type == "s"


@pytest.mark.parametrize("value, data_type", [(3, "n"), (2.5, "n"), (None, "n"), (True, "b")])
def test_text_cell_leaves_other_values_alone(sheet, value, data_type):
    cell = text_cell(sheet["C2"], value)
    assert cell.value == value
    assert cell.data_type == data_type


def test_text_cell_refuses_unwritable_text_naming_the_cell(sheet):
    with pytest.raises(InputError) as info:
        text_cell(sheet["D12"], "bad\x1bname")
    assert info.value.location == "Steps!D12"
    assert info.value.subject == ("text",)
    assert sheet["D12"].value is None  # nothing written


def test_keep_text_turns_formula_and_error_text_into_strings(sheet):
    for coordinate, value, before in (("A1", "=1+1", "f"), ("A2", "#N/A", "e")):
        cell = sheet[coordinate]
        cell.value = value
        assert cell.data_type == before  # what openpyxl would write
        assert keep_text(cell) is cell
        assert cell.data_type == "s" and cell.value == value


def test_keep_text_leaves_numbers_and_plain_text(sheet):
    sheet["A1"] = 5
    sheet["A2"] = "plain"
    assert keep_text(sheet["A1"]).data_type == "n"
    assert keep_text(sheet["A2"]).data_type == "s"


def test_keep_text_leaves_a_formula_object_a_formula(sheet):
    """An array formula (a value that is not text) stays a formula: only text is turned into text."""
    from openpyxl.worksheet.formula import ArrayFormula

    sheet["A1"] = ArrayFormula("A1:A2", "=B1:B2*2")
    assert keep_text(sheet["A1"]).data_type == "f"
