import pytest

from vsm_xl.core.errors import InputError
from vsm_xl.core.improvements import level, prioritized
from vsm_xl.core.model import Improvement


def test_given_priorities_come_first_in_order():
    """Order fulfilment improvement plan (lean checklist via METHOD.md 1), priorities 1-4 shuffled."""
    rows = [
        Improvement("On-demand carrier", "waiting", "high", "high", 3),
        Improvement("Real-time credit API", "waiting", "high", "medium", 1),
        Improvement("Automated inventory", "motion", "medium", "medium", 4),
        Improvement("Order entry validation", "defects", "medium", "low", 2),
    ]
    assert [i.name for i in prioritized(rows)] == [
        "Real-time credit API", "Order entry validation", "On-demand carrier", "Automated inventory"]


def test_without_priority_impact_descending_then_effort_ascending():
    """METHOD.md 1: by impact descending, then effort ascending; unrated impact last; stable."""
    rows = [
        Improvement("low-low", impact="low", effort="low"),
        Improvement("high-high", impact="high", effort="high"),
        Improvement("high-low", impact="High", effort="Low"),
        Improvement("unrated"),
        Improvement("medium-medium", impact="mittel", effort="medium"),
        Improvement("given", impact="low", effort="high", priority=1),
    ]
    assert [i.name for i in prioritized(rows)] == [
        "given", "high-low", "high-high", "medium-medium", "low-low", "unrated"]


def test_levels():
    assert (level("high"), level(" Medium "), level("low"), level("gering")) == (3, 2, 1, 1)
    with pytest.raises(InputError, match="huge"):
        level("huge")


def test_bad_impact_names_the_improvement():
    with pytest.raises(InputError, match="impact of 'x'"):
        prioritized([Improvement("x", impact="enormous")])
