"""The plain-text report of ``vsm-xl evaluate`` (default ``--format table``)."""
import re

from vsm_xl.core.errors import Problem
from vsm_xl.io.tables import render_tables


def _row(text: str, first: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.strip().startswith(first))
    return re.split(r"\s{2,}", line.strip())


def test_states_and_comparison(order_analysis):
    """METHOD.md section 1 figures, one column per state."""
    text = render_tables(order_analysis)
    assert "\x1b[" not in text  # no terminal codes when not a terminal
    # the display rule: 2640 min = 1.83 calendar days, 400 min = 6.67 h
    assert _row(text, "Total lead time") == ["Total lead time", "1.8 d", "6.7 h"]
    assert _row(text, "Total process time") == ["Total process time", "70 min", "47 min"]
    assert _row(text, "Flow efficiency") == ["Flow efficiency", "2.65 %", "11.75 %"]
    assert _row(text, "Flow rating") == ["Flow rating", "significant waste", "moderate"]
    assert _row(text, "WIP") == ["WIP", "240", "45"]
    assert _row(text, "Capacity constraint") == ["Capacity constraint", "Pick & Pack", "Pick & Pack"]
    assert _row(text, "Future state") == ["Future state", "\u221232.9 %", "\u221284.8 %", "×4.43", "\u2212195",
                                          "+25.8 pp"]


def test_alternatives_with_best_marked(claims_analysis):
    """METHOD.md 2.5: Option C ranks first with WBF 0.2962 and is marked best."""
    text = render_tables(claims_analysis, [Problem("extra column ignored", "Steps!K1")], ascii_only=True)
    best_line = next(line for line in text.splitlines() if "Option C" in line)
    assert re.search(r"\b1\b.*Option C.*0\.7222.*0\.8972.*0\.2962.*best", best_line)
    current_line = next(line for line in text.splitlines() if "Current state" in line)
    assert "1.0742" in current_line and "best" not in current_line
    assert "Best: Option C" in text
    assert "Steps!K1: extra column ignored" in text
    assert all(ord(ch) < 128 for ch in text)


def test_width_is_respected(order_analysis):
    assert max(len(line) for line in render_tables(order_analysis, width=80).splitlines()) <= 80
