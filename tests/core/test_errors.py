import pytest

from vsm_xl.core.errors import (
    DivisionError, DurationError, InputError, NoDataError, Notice, PairwiseError, Problem, ValidationError,
    ValueFunctionError, VsmError,
)


def test_at_attaches_a_location_once():
    err = ValueFunctionError("worst and best are both 12")
    located = err.at("Indicators!E7")
    assert str(located) == "Indicators!E7: worst and best are both 12"
    assert isinstance(located, ValueFunctionError) and located.message == err.message
    assert err.location is None  # the original is untouched
    assert located.at("Other!A1") is located  # an existing location is kept


def test_excel_error_values():
    assert InputError("x").excel_error == "#VALUE!"
    assert NoDataError("x").excel_error == "#N/A"
    assert DivisionError("x").excel_error == "#DIV/0!"


def test_tree():
    for cls in (DurationError, ValueFunctionError, PairwiseError):
        assert issubclass(cls, InputError)
    assert issubclass(VsmError, ValueError)


def test_validation_error_lists_every_problem():
    err = ValidationError([Problem("a is missing", "Steps!C4", ("step", 0, 1)), Problem("b is odd")])
    assert str(err) == "2 problems found:\n  - Steps!C4: a is missing\n  - b is odd"
    assert err.at("X!A1") is err
    assert str(ValidationError([Problem("one")])).startswith("1 problem found:")


def test_notice_is_plain_data():
    assert Notice("clipped", ("value", 1, 2)).subject == ("value", 1, 2)
    with pytest.raises(AttributeError):
        Notice("x").message = "y"
