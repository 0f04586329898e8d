"""The checklist's own YAML keys beyond steps: a ``future_state`` that gives only target
figures (``target_lead_time_hours: 24``, no steps yet), ``waste_analysis``, which is
computed from the steps, a state summary's stated totals (``total_lead_time_hours: 44``) and
the analyst's ``root_causes``. What a file states is kept and compared with what the steps give
(a warning where they differ: here for the waste analysis, in :mod:`vsm_xl.core.stated` for
the totals); an export writes the computed figures back beside the stated ones.

The rule for stated totals: in a state the export wrote (it carries ``capacity_constraint``,
which only an export writes) the plain total keys are the computed figures and are ignored;
the stated ones are under ``stated:``. In any other state the plain total keys
(``total_process_time_minutes``, ``total_lead_time_hours``, ``flow_efficiency_percent``,
``wip_total``, ``total_wip``, ...) are stated figures, as is a ``stated:`` mapping. An export
always writes stated figures under ``stated:``, as given.
"""
from __future__ import annotations

from vsm_xl.core.errors import Problem
from vsm_xl.core.fields import waste_type
from vsm_xl.core.model import WASTES, RootCause, ValueStream
from vsm_xl.core.stated import figure
from vsm_xl.core.waste_analysis import waste_analysis
from vsm_xl.io.formatting import plain_number, rounded

TARGET_PREFIX = "target_"
STATED = "stated"
ROOT_CAUSE_KEYS = ("root_causes", "root_cause")
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


def is_stated_key(key) -> bool:
    """A state summary key that states a total: ``total_lead_time_hours``, ``wip_total``,
    ``total_wip``, ``flow_efficiency_percent`` (not a bare ``lead_time_hours``, a step's key)."""
    if not isinstance(key, str) or figure(key) is None:
        return False
    return key.startswith("total_") or key.endswith("_total") or "time" not in key


def read_stated(reader, data: dict, path: str, index: int, export: bool) -> tuple[tuple[str, float], ...]:
    """The stated totals of a state: its plain total keys (unless ``export``) and its ``stated:``
    mapping; each recorded at ``reader.paths[("stated", index, key)]``."""
    items = [(key, value, _join(path, key)) for key, value in data.items() if not export and is_stated_key(key)]
    block = reader.mapping(data.get(STATED), _join(path, STATED), STATED)
    if block:
        items += [(key, value, _join(_join(path, STATED), str(key))) for key, value in block.items()]
    stated: list[tuple[str, float]] = []
    seen: dict = {}
    for key, value, where in items:
        f = figure(key)
        if f is None:
            reader.warnings.append(Problem(f"unknown stated figure {key!r} ignored (e.g. total_lead_time_hours, "
                                           "flow_efficiency_percent, total_wip)", where))
            continue
        if f in seen:
            reader.problem(where, f"{f.label} stated twice (as {seen[f]} and {key})")
            continue
        seen[f] = key
        number = reader.number(value, where, f"stated {str(key).replace('_', ' ')}", minimum=0)
        if number is not None:
            stated.append((key, number))
            reader.paths[("stated", index, key)] = where
    return tuple(stated)


def stated_dict(stated) -> dict:
    return {key: plain_number(value) for key, value in stated}


def read_root_causes(reader, data, path: str, waste: str = "", state: int | None = None) -> list[RootCause]:
    """``root_causes: [text, ...]`` (or one ``root_cause: text``) of a mapping: the stream, a
    state or a waste of the waste analysis."""
    if not isinstance(data, dict):
        return []
    found = []
    for key in ROOT_CAUSE_KEYS:
        if key not in data:
            continue
        value = data[key]
        items = value if isinstance(value, list) else [value]
        for n, item in enumerate(items):
            where = _join(_join(path, key), n) if isinstance(value, list) else _join(path, key)
            text = reader.text(item, where, "a root cause").strip()
            if text:
                found.append(RootCause(text, waste, state))
    return found


def root_causes_of(stream: ValueStream, *, waste: str = "", state: int | None = None) -> list[str]:
    """The texts of the root causes given at one place (the stream: both empty)."""
    return [c.text for c in stream.root_causes if c.waste == waste and c.state == state]


def targets_only(data) -> bool:
    """A future state with target figures and no steps."""
    return isinstance(data, dict) and "steps" not in data and any(
        isinstance(k, str) and k.startswith(TARGET_PREFIX) for k in data)


def targets_dict(stream: ValueStream) -> dict:
    return {TARGET_PREFIX + key: plain_number(value) for key, value in stream.future_targets}


def check_waste_analysis(reader, value, path: str, states) -> list[RootCause]:
    """Compare a stated ``waste_analysis`` with the one computed from the current state's steps;
    every difference is a warning on ``reader`` naming the YAML path. Returns the root causes
    it names (``root_causes`` of a waste)."""
    if value is None:
        return []
    items = _waste_items(value, path)
    if items is None:
        reader.problem(path, "waste_analysis must be a mapping of wastes or a list")
        return []
    causes = []
    for where, stated_kind, item in items:
        kind = waste_type(stated_kind)
        if kind in WASTES:
            causes += read_root_causes(reader, item, where, waste=kind)
    _check_waste_figures(reader, items, path, states)
    return sorted(causes, key=lambda c: WASTES.index(c.waste))  # the order an export writes them in


def _waste_items(value, path: str) -> list | None:
    """(path, the waste as stated, its mapping) per item of a waste_analysis; None for neither a
    mapping nor a list."""
    if isinstance(value, list):  # [{type: waiting, ...}, ...]
        return [(_join(path, k), item.get("type") if isinstance(item, dict) else item, item)
                for k, item in enumerate(value)]
    if isinstance(value, dict):  # {waiting: {...}, ...}
        return [(_join(path, str(k)), k, item) for k, item in value.items()]
    return None


def _check_waste_figures(reader, items: list, path: str, states) -> None:
    current = next((s for s in states if s.kind == "current"), states[0] if states else None)
    if current is None or not current.steps:
        reader.warnings.append(Problem("waste_analysis ignored: there is no current state with steps", path))
        return
    computed = {w.type: w for w in waste_analysis(current)}

    def warn(where: str, message: str) -> None:
        reader.warnings.append(Problem(f"waste_analysis: {message}", where))

    for where, stated_kind, item in items:
        kind = waste_type(stated_kind)
        if kind not in WASTES:  # its root causes are not read either
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


def waste_analysis_dict(stream: ValueStream, computed: bool = True) -> dict | None:
    """The waste analysis for an export: the computed one of the current state (``computed``)
    and the root causes given per waste, in TIMWOODS order."""
    current = stream.current_state
    data: dict = {}
    if computed and current is not None and current.steps:
        for w in waste_analysis(current):
            item: dict = {"steps": list(w.steps), "step_count": len(w.steps)}
            if w.wait_minutes is not None and w.share_of_lead_time is not None:
                item["wait_time_hours"] = rounded(w.wait_minutes / 60.0)
                item["percent_of_lead_time"] = rounded(w.share_of_lead_time * 100.0, 2)
            data[w.type] = item
    for kind in WASTES:
        causes = root_causes_of(stream, waste=kind)
        if causes:
            data.setdefault(kind, {})["root_causes"] = causes
    ordered = {kind: data[kind] for kind in WASTES if kind in data}
    return ordered or None
