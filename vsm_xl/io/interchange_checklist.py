"""The checklist's own YAML keys beyond steps: a ``future_state`` that gives only target
figures (``target_lead_time_hours: 24``, no steps yet) and ``waste_analysis``, which is
computed from the steps; what a file states there is compared with what the steps give
(a warning where they differ) and an export writes the computed figures back.
"""
from __future__ import annotations

from vsm_xl.core.errors import Problem
from vsm_xl.core.fields import waste_type
from vsm_xl.core.model import WASTES, ValueStream
from vsm_xl.core.waste_analysis import waste_analysis
from vsm_xl.io.formatting import plain_number, rounded

TARGET_PREFIX = "target_"
# what a stated waste figure may be called -> the computed figure it is compared with
_STEP_LIST_KEYS = ("steps", "locations", "primary_locations", "top_offenders", "where")
_COUNT_KEYS = ("step_count", "count", "occurrences")
_HOURS_KEYS = ("wait_time_hours", "total_hours", "hours", "total_wait_hours")
_PERCENT_KEYS = ("percent_of_lead_time", "percentage_of_lead_time", "share_of_lead_time_percent",
                 "lead_time_percent")
_TEXT_KEYS = ("type", "description", "notes", "impact", "root_cause", "root_causes", "examples")


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def read_targets(reader, data, path: str) -> tuple[tuple[str, float], ...]:
    """The ``target_*`` figures of a future state: ``(("lead_time_hours", 24.0), ...)``."""
    if not isinstance(data, dict):
        return ()
    targets = []
    for key, value in data.items():
        if isinstance(key, str) and key.startswith(TARGET_PREFIX) and len(key) > len(TARGET_PREFIX):
            number = reader.number(value, _join(path, key), key.replace("_", " "))
            if number is not None:
                targets.append((key[len(TARGET_PREFIX):], float(number)))
    return tuple(targets)


def targets_only(data) -> bool:
    """A future state with target figures and no steps."""
    return isinstance(data, dict) and "steps" not in data and any(
        isinstance(k, str) and k.startswith(TARGET_PREFIX) for k in data)


def targets_dict(stream: ValueStream) -> dict:
    return {TARGET_PREFIX + key: plain_number(value) for key, value in stream.future_targets}


def check_waste_analysis(reader, value, path: str, states) -> None:
    """Compare a stated ``waste_analysis`` with the one computed from the current state's steps;
    every difference is a warning on ``reader`` naming the YAML path."""
    if value is None:
        return
    current = next((s for s in states if s.kind == "current"), states[0] if states else None)
    if isinstance(value, list):  # [{type: waiting, ...}, ...]
        items = [(_join(path, k), item.get("type") if isinstance(item, dict) else item, item)
                 for k, item in enumerate(value)]
    elif isinstance(value, dict):  # {waiting: {...}, ...}
        items = [(_join(path, str(k)), k, item) for k, item in value.items()]
    else:
        reader.problem(path, "waste_analysis must be a mapping of wastes or a list")
        return
    if current is None or not current.steps:
        reader.warnings.append(Problem("waste_analysis ignored: there is no current state with steps", path))
        return
    computed = {w.type: w for w in waste_analysis(current)}

    def warn(where: str, message: str) -> None:
        reader.warnings.append(Problem(f"waste_analysis: {message}", where))

    for where, stated_kind, item in items:
        kind = waste_type(stated_kind)
        if kind not in WASTES:
            warn(where, f"unknown waste {stated_kind!r} ignored (use one of {', '.join(WASTES)})")
            continue
        figures = computed.get(kind)
        if not isinstance(item, dict):
            continue
        known = _STEP_LIST_KEYS + _COUNT_KEYS + _HOURS_KEYS + _PERCENT_KEYS + _TEXT_KEYS
        reader.unknown_keys(item, where, known)
        steps = figures.steps if figures else ()
        for key in _STEP_LIST_KEYS:
            if isinstance(item.get(key), list):
                stated = [str(x) for x in item[key]]
                if sorted(stated) != sorted(steps):
                    warn(_join(where, key), f"{kind} stated at {', '.join(stated) or 'no step'} but the "
                         f"steps mark it at {', '.join(steps) or 'no step'}")
        for key in _COUNT_KEYS:
            if key in item:
                number = reader.number(item[key], _join(where, key), key)
                if number is not None and number != len(steps):
                    warn(_join(where, key), f"{kind} stated at {plain_number(number)} steps, the steps mark it "
                         f"at {len(steps)}")
        if kind != "waiting" or figures is None or figures.wait_minutes is None \
                or figures.share_of_lead_time is None:
            continue
        hours = figures.wait_minutes / 60.0
        percent = figures.share_of_lead_time * 100.0
        for keys, computed_value, unit, tolerance in ((_HOURS_KEYS, hours, " h", max(0.05, 0.01 * hours)),
                                                      (_PERCENT_KEYS, percent, " %", 0.5)):
            for key in keys:
                if key in item:
                    number = reader.number(item[key], _join(where, key), key)
                    if number is not None and abs(number - computed_value) > tolerance:
                        warn(_join(where, key), f"waiting stated as {plain_number(number)}{unit}, the steps "
                             f"give {rounded(computed_value, 1)}{unit}")


def waste_analysis_dict(stream: ValueStream) -> dict | None:
    """The computed waste analysis of the current state for an export."""
    current = stream.current_state
    if current is None or not current.steps:
        return None
    data = {}
    for w in waste_analysis(current):
        item: dict = {"steps": list(w.steps), "step_count": len(w.steps)}
        if w.wait_minutes is not None and w.share_of_lead_time is not None:
            item["wait_time_hours"] = rounded(w.wait_minutes / 60.0)
            item["percent_of_lead_time"] = rounded(w.share_of_lead_time * 100.0, 2)
        data[w.type] = item
    return data
