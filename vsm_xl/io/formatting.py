"""Number formats and per-step flags shared by the exports (Markdown, tables, Mermaid, YAML).

Kept in one place so that every export prints a figure the same way (2.65 %, 44 h, ×4.43).
"""
from __future__ import annotations

import math
import re

from vsm_xl.core.state_metrics import capacity_constraint, largest_delay, timeline_steps
from vsm_xl.core.waste_analysis import waste_analysis

MINUS = "\u2212"  # typographic minus for signed figures in reports


def plain_number(value) -> int | float | None:
    """An int where the value is integral (240.0 -> 240), the float otherwise; None stays."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def rounded(value, digits: int = 4):
    """A computed figure rounded for reading; non-finite becomes None (JSON has no inf)."""
    if value is None:
        return None
    if not math.isfinite(value):
        return None
    return plain_number(round(value, digits))


def num(value, digits: int = 2) -> str:
    """``44``, ``6.67``, ``2.5``: at most ``digits`` decimals, no trailing zeros."""
    if value is None:
        return ""
    if not math.isfinite(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", MINUS)


def percent(fraction, digits: int = 2) -> str:
    """A fraction as a percent: 0.026515 -> ``2.65 %``."""
    if fraction is None:
        return ""
    return f"{num(fraction * 100, digits)} %"


def signed_percent(fraction, digits: int = 1) -> str:
    """A change as a signed percent: -0.329 -> ``−32.9 %``, 0.1 -> ``+10 %``."""
    if fraction is None:
        return ""
    text = num(fraction * 100, digits)
    return f"{'+' if fraction > 0 and text != '0' else ''}{text} %"


def signed(value, digits: int = 2) -> str:
    if value is None:
        return ""
    text = num(value, digits)
    return f"{'+' if value > 0 and text != '0' else ''}{text}"


def hours(minutes, digits: int = 2) -> str:
    """Minutes as hours: 2640 -> ``44 h``, 400 -> ``6.67 h``."""
    if minutes is None:
        return ""
    return f"{num(minutes / 60, digits)} h"


def long_time(minutes, digits: int = 2) -> str:
    """A total that is usually hours: ``44 h``, ``6.67 h``; under an hour in minutes (``45 min``)."""
    if minutes is None:
        return ""
    return hours(minutes, digits) if abs(minutes) >= 60 else minutes_text(minutes, digits)


def minutes_text(minutes, digits: int = 2) -> str:
    if minutes is None:
        return ""
    return f"{num(minutes, digits)} min"


def wait_text(stream, minutes) -> str:
    """A waiting or lead time of ``stream`` by the one display rule (core/display): ``1.8 h``,
    ``12 d`` (working days of the stream), or in the unit its display setting fixes."""
    from vsm_xl.core import display

    return display.of(stream, minutes, display.WAIT)


def process_text(stream, minutes) -> str:
    """A process time (or takt) of ``stream`` by the display rule: ``45 s``, ``15 min``."""
    from vsm_xl.core import display

    return display.of(stream, minutes, display.PROCESS)


def ratio(value, digits: int = 2) -> str:
    """A factor: 4.4318 -> ``×4.43``."""
    if value is None:
        return ""
    return f"×{num(value, digits)}"


def step_flags(state) -> list[dict]:
    """Per step of ``state``: whether it is the capacity constraint, the largest delay, marked
    as the bottleneck by hand, and whether it counts on the timeline (parallel branches).

    Found by identity, not by name, so that two steps of the same name are told apart.
    """
    steps = state.steps
    if not steps:
        return []
    constraint = capacity_constraint(steps)
    delay = largest_delay(steps)
    on_timeline = {id(s) for s in timeline_steps(steps)}
    return [
        {
            "capacity_constraint": step is constraint,
            "largest_delay": step is delay,
            "marked_bottleneck": bool(step.marked_bottleneck),
            "on_timeline": id(step) in on_timeline,
        }
        for step in steps
    ]


def state_kinds(analysis) -> dict:
    """State name -> kind, from the analysed stream (first state of a name wins)."""
    kinds: dict = {}
    for state in analysis.value_stream.states:
        kinds.setdefault(state.name, state.kind)
    return kinds


def summary_pairs(analysis):
    """(State, StateSummary) pairs in document order."""
    return list(zip(analysis.value_stream.states, analysis.states))


def root_cause_rows(stream) -> list[tuple[str, str]]:
    """(where, root cause) in document order: ``value stream``, a state's name or a waste."""
    rows = []
    for cause in stream.root_causes:
        if cause.waste:
            where = f"waste: {cause.waste}"
        elif cause.state is not None and cause.state < len(stream.states):
            where = stream.states[cause.state].name
        else:
            where = "value stream"
        rows.append((where, cause.text))
    return rows


def waste_root_causes(stream) -> dict:
    """Waste type -> the root causes the document gives for it."""
    found: dict = {}
    for cause in stream.root_causes:
        if cause.waste:
            found.setdefault(cause.waste, []).append(cause.text)
    return found


def figure_label(key: str) -> str:
    """``lead_time_hours`` -> ``Lead time (hours)``; ``flow_efficiency_percent`` -> ``Flow efficiency (%)``."""
    words = key.split("_")
    units = {"hours": "hours", "minutes": "minutes", "days": "days", "weeks": "weeks", "seconds": "seconds",
             "percent": "%", "pct": "%"}
    unit = units.get(words[-1]) if len(words) > 1 else None
    text = " ".join("WIP" if w == "wip" else w for w in (words[:-1] if unit else words))
    return text[:1].upper() + text[1:] + (f" ({unit})" if unit else "")


def target_rows(analysis) -> list[tuple[str, str, str, str]]:
    """(figure, target, designed, result) per future-state target, in the key's unit:
    ``("Lead time (days)", "5 d", "6.67 d", "not met")`` (the core's TargetCheck)."""
    from vsm_xl.core.stated import figure

    rows = []
    for t in analysis.targets:
        f = figure(t.key)
        target = f.text(t.target) if f is not None else num(t.target)
        designed = f.text(t.designed) if f is not None and t.designed is not None else "—"
        result = ("met" if t.met else "not met") if t.met is not None else t.text.split(": ", 1)[-1]
        rows.append((figure_label(t.key), target, designed, result))
    return rows


def wastes_dict(stream) -> dict | None:
    """The checklist's waste analysis of the current state (core/waste_analysis), with the root
    causes the document gives per waste; None without a current state with steps."""
    current = stream.current_state
    if current is None or not current.steps:
        return None
    causes = waste_root_causes(stream)
    result = {}
    for w in waste_analysis(current):
        result[w.type] = {"steps": list(w.steps), "step_count": len(w.steps),
                          "wait_time_minutes": finite(w.wait_minutes),
                          "share_of_lead_time": finite(w.share_of_lead_time),
                          "root_causes": causes.pop(w.type, [])}
    for kind, texts in causes.items():  # a root cause of a waste no step is marked with
        result[kind] = {"steps": [], "step_count": 0, "wait_time_minutes": None, "share_of_lead_time": None,
                        "root_causes": texts}
    return result


def finite(value):
    """A float, None for None or a non-finite value (JSON has no inf)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


_MARKUP = re.compile(r"([\\`*_\[\]~|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def markdown_text(value) -> str:
    """Text from a user's data (a name, a note) safe in one line of Markdown: line breaks
    become spaces, and nothing in it is read as HTML or Markdown markup."""
    text = " ".join(str(value).split())
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MARKUP.sub(r"\\\1", text)


def plain_text(parts, width: int = 120) -> str:
    """Rich renderables printed as plain text (no colour, trailing spaces stripped)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, no_color=True,
                      highlight=False, emoji=False, markup=False, legacy_windows=False)
    for part in parts:
        console.print(part)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n") + "\n"
