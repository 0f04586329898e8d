"""Reading the interchange format: a parsed YAML/JSON document -> ValueStream.

Lenient about how people write a step (``process_time_minutes: 15``, ``process_time: "15m"``,
``lead_time_hours: 2``, ``complete_accurate: "85%"``), strict about what it cannot read: every
problem is collected and raised at once as a :class:`ValidationError` whose locations are YAML
paths (``value_stream.current_state.steps[3].lead_time_hours``). Unknown keys are warnings,
not errors (checklist files carry extra notes). Computed keys of an export are ignored.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from dataclasses import dataclass, field

from vsm_xl.core import display
from vsm_xl.core import fields as FV
from vsm_xl.core.durations import CALENDAR
from vsm_xl.core.errors import InputError, Problem, ValidationError, VsmError, locate_in
from vsm_xl.core.evaluation import normalize_group
from vsm_xl.core.improvements import level
from vsm_xl.core.measures import normalize_measure
from vsm_xl.core.model import (
    GROUPS, WASTES, Demand, EvaluationModel, Improvement, Indicator, RoadmapPhase, State,
    Step, ValueStream, Waste,
)
from vsm_xl.core.value_functions import normalize_function
from vsm_xl.core.time_ranges import check_range
from vsm_xl.core.values import is_blank, to_fraction
from vsm_xl.io import interchange_checklist as checklist
from vsm_xl.io import interchange_flows as flows
from vsm_xl.io.interchange_pairwise import read_pairwise_group, read_value

DEFAULT_STATE_NAMES = {"current": "Current state", "future": "Future state"}
STATE_KINDS = ("current", "future", "target")

# ``process_time``, ``process_time_minutes``, ``lead_time_hours``, ``changeover_time`` ...
_TIME_KEY = re.compile(r"^(process_time|lead_time|wait_time|changeover|operating_time)(?:_time)?"
                       r"(?:_(seconds|minutes|hours|days|weeks))?$")
_KEY_UNITS = {"seconds": "s", "minutes": "min", "hours": "h", "days": "d", "weeks": "w"}
_TIME_WORDS = {"process_time": "process time", "lead_time": "lead time", "wait_time": "wait time",
               "changeover": "changeover", "operating_time": "operating time"}

_STEP_KEYS = ("name", "step", "owner", "complete_accurate", "complete_accurate_percent", "inventory",
              "waste_types", "wastes", "notes", "resources", "position", "is_bottleneck",
              "marked_bottleneck", "area", "availability", "performance", "quality", "variants", "inflow")
_RANGED_TIMES = ("process_time", "lead_time", "wait_time")  # may be {low, likely, high}
_STEP_SHARES = ("availability", "performance", "quality")  # fractions, like %C&A
# Keys the export writes and the reader ignores: they are computed from the model.
_COMPUTED_STEP_KEYS = ("is_capacity_constraint", "is_largest_delay", "on_timeline")
_STATE_KEYS = ("name", "steps", "kind", "basis", "stated", "root_causes", "root_cause", "production_control",
               "information_flows")
BASES = ("measured", "estimated")
_COMPUTED_STATE_PREFIXES = ("total_", "flow_", "rolled_", "wip_")
_COMPUTED_STATE_KEYS = ("capacity_constraint", "largest_delay", "bottleneck", "bottlenecks", "step_count",
                        "comparison", "marked_bottleneck", "parallel_steps_skipped")
_STREAM_KEYS = ("name", "version", "date", "analyst", "boundaries", "metadata", "current_state", "future_state",
                "target_states", "improvements", "roadmap", "demand", "working_hours_per_day", "display_unit",
                "days_per_week", "working_days_per_week", "waste_analysis", "root_causes", "root_cause",
                "customer", "supplier")
_COMPUTED_STREAM_KEYS = ("comparison", "comparisons", "duration_rule", "summary")
_EVALUATION_KEYS = ("alternatives", "indicators", "pairwise")
_COMPUTED_EVALUATION_KEYS = ("results",)
_INDICATOR_KEYS = ("name", "group", "unit", "worst", "best", "function", "curvature", "values", "measure")
ALL_STATES = "states"  # alternatives: states -> every state is an alternative, the current state first
_IMPROVEMENT_KEYS = ("name", "waste_eliminated", "impact", "effort", "priority", "lead_time_reduction_hours",
                     "phase", "duration_weeks", "states", "cost", "annual_savings", "steps")
_ROADMAP_KEYS = ("phase", "improvements", "duration_weeks")

@dataclass(frozen=True)
class YamlRead:
    """A document read: the stream, warnings (unknown keys) with their YAML paths, and where
    each part of the model came from, so that core problems can be addressed to YAML paths."""

    stream: ValueStream
    warnings: tuple[Problem, ...] = ()
    paths: dict = field(default_factory=dict, compare=False, repr=False)

    def locate(self, subject, message: str = "") -> str | None:
        """The YAML path a core problem subject is about (``("step", 0, 3, "lead_time")`` ->
        ``value_stream.current_state.steps[3].lead_time_hours``, the key the document used); a
        subject more precise than what was recorded falls back to its longest recorded prefix.
        ``message`` is not read."""
        return locate_in(self.paths, subject)


def stream_from_dict(data) -> ValueStream:
    """The value stream of a parsed interchange document (``{value_stream: ..., evaluation: ...}``).

    Raises :class:`ValidationError` listing every problem with its YAML path.
    """
    return document_from_dict(data).stream


def document_from_dict(data) -> YamlRead:
    """Like :func:`stream_from_dict`, with warnings and the locator (:class:`YamlRead`)."""
    return _Reader().document(data)


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


class _Reader:
    def __init__(self):
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.paths: dict = {}
        self.rule = CALENDAR
        self.pending_states: list = []
        self.state_names: list[str] = []  # improvements' states: lists, checked against the states
        self.state_data: dict = {}  # state index -> its mapping (for its root causes)

    # -- reporting -----------------------------------------------------------------------

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(message, path or "(document)"))

    def unknown_keys(self, data: dict, path: str, known, computed=(), prefixes=()) -> None:
        for key in data:
            if key in known or key in computed or (isinstance(key, str) and key.startswith(prefixes)):
                continue
            hint = difflib.get_close_matches(str(key), [k for k in known], n=1, cutoff=0.75)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            self.warnings.append(Problem(f"unknown key {key!r} ignored{extra}", _join(path, str(key))))

    # -- typed values --------------------------------------------------------------------

    def mapping(self, value, path: str, what: str) -> dict | None:
        if isinstance(value, dict):
            return value
        if value is None:
            return None
        self.problem(path, f"{what} must be a mapping of keys and values, not {_show(value)}")
        return None

    def sequence(self, value, path: str, what: str) -> list:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.problem(path, f"{what} must be a list, not {_show(value)}")
        return []

    def text(self, value, path: str, what: str) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.isoformat()
        self.problem(path, f"{what} must be text, not {_show(value)}")
        return ""

    def number(self, value, path: str, what: str, *, minimum=None, positive=False, integer=False):
        """A finite number (None for blank); problems recorded, None returned on error."""
        if is_blank(value):
            return None
        try:
            return FV.number(value, what, minimum=minimum, positive=positive, integer=integer)
        except InputError as exc:
            self.problem(path, exc.message)
            return None

    def duration(self, value, unit: str, path: str, what: str):
        if is_blank(value):
            return None
        try:
            return FV.duration(value, what, unit, self.rule)
        except InputError as exc:
            self.problem(path, exc.message)
            return None

    # -- the document --------------------------------------------------------------------

    def document(self, data) -> YamlRead:
        if data is None:
            raise ValidationError([Problem("the document is empty (expected value_stream: and/or evaluation:)",
                                           "(document)")])
        if not isinstance(data, dict):
            raise ValidationError([Problem("the document must be a mapping with value_stream: and/or "
                                           f"evaluation:, not {_show(data)}", "(document)")])
        if "value_stream" in data or "evaluation" in data:
            vs_data, vs_path = data.get("value_stream"), "value_stream"
            self.unknown_keys(data, "", ("value_stream", "evaluation"))
        else:  # a bare value stream without the value_stream: wrapper
            vs_data, vs_path = data, ""
        fields = self.value_stream(vs_data, vs_path)
        evaluation = None
        if data.get("evaluation") is not None and vs_path:
            evaluation = self.evaluation(data["evaluation"], "evaluation")
        if self.problems:
            raise ValidationError(self.problems)
        stream = ValueStream(**{**fields, "evaluation": evaluation})
        for key in [k for k in self.paths if k[0] == "step-fields"]:  # the key each step field came from
            fields, step = self.paths.pop(key), self.paths[("step",) + key[1:]]
            for name, source_key in fields.items():
                self.paths[("step",) + key[1:] + (name,)] = _join(step, source_key)
        return YamlRead(stream, tuple(self.warnings), self.paths)

    def value_stream(self, data, path: str) -> dict:
        data = self.mapping(data, path or "(document)", "value_stream") or {}
        self.unknown_keys(data, path, _STREAM_KEYS, _COMPUTED_STREAM_KEYS)
        rule = self.duration_rule(data, path)
        if rule is not None:
            self.rule = rule
        result = {
            "name": self.text(data.get("name"), _join(path, "name"), "name"),
            "version": self.text(data.get("version"), _join(path, "version"), "version"),
            "date": self.text(data.get("date"), _join(path, "date"), "date"),
            "analyst": self.text(data.get("analyst"), _join(path, "analyst"), "analyst"),
            "boundaries": self.boundaries(data.get("boundaries"), _join(path, "boundaries")),
            "metadata": self.boundaries(data.get("metadata"), _join(path, "metadata"), "metadata"),
            "duration_rule": self.rule,
            "display_unit": self.display_unit(data.get("display_unit"), _join(path, "display_unit")),
        }
        causes = checklist.read_root_causes(self, data, path)
        states: list[State] = []
        for key, kind in (("current_state", "current"), ("future_state", "future")):
            if key == "future_state":
                result["future_targets"] = checklist.read_targets(self, data.get(key), _join(path, key))
                if checklist.targets_only(data.get(key)):
                    self.unknown_keys(data[key], _join(path, key), ("name",), (), (checklist.TARGET_PREFIX,))
                    continue  # targets without steps: no state to compute
            if data.get(key) is not None:
                state = self.state(data[key], _join(path, key), kind, len(states))
                if state is not None:
                    states.append(state)
        targets_path = _join(path, "target_states")
        for t, item in enumerate(self.sequence(data.get("target_states"), targets_path, "target_states")):
            state = self.state(item, _join(targets_path, t), "target", len(states))
            if state is not None:
                states.append(state)
        result["states"] = tuple(states)
        self.state_names = [state.name for state in states]
        for index, state in enumerate(states):
            causes += checklist.read_root_causes(self, self.state_data.get(index), self.paths[("state", index)],
                                                 state=index)
        causes += checklist.check_waste_analysis(self, data.get("waste_analysis"), _join(path, "waste_analysis"),
                                                 states)
        result["root_causes"] = tuple(causes)
        improvements_path = _join(path, "improvements")
        result["improvements"] = tuple(
            x for x in (self.improvement(item, _join(improvements_path, i), i)
                        for i, item in enumerate(self.sequence(data.get("improvements"), improvements_path,
                                                               "improvements")))
            if x is not None)
        roadmap_path = _join(path, "roadmap")
        self.check_improvement_states(states)
        result["roadmap"] = tuple(
            x for x in (self.phase(item, _join(roadmap_path, i))
                        for i, item in enumerate(self.sequence(data.get("roadmap"), roadmap_path, "roadmap")))
            if x is not None)
        result["demand"] = self.demand(data.get("demand"), _join(path, "demand"))
        for key in ("customer", "supplier"):
            result[key] = flows.read_partner(self, data.get(key), _join(path, key), key)
        return result

    def display_unit(self, value, path: str) -> str:
        """The unit every displayed time is written in ("" = the display rule chooses)."""
        try:
            return display.setting_unit(self.text(value, path, "display unit"))
        except InputError as exc:
            self.problem(path, exc.message)
            return ""

    def duration_rule(self, data: dict, path: str):
        hours_key = "working_hours_per_day"
        days_key = "working_days_per_week" if "working_days_per_week" in data else "days_per_week"
        if data.get(hours_key) is None and data.get(days_key) is None:
            return None
        if "working_days_per_week" in data and "days_per_week" in data:
            self.problem(_join(path, "days_per_week"), "days per week given twice "
                         "(as days_per_week and working_days_per_week)")
        try:
            return FV.duration_rule(data.get(hours_key), data.get(days_key))
        except InputError as exc:  # the subject names the key at fault
            key = hours_key if exc.subject[:1] == ("hours_per_day",) else days_key
            self.problem(_join(path, key), exc.message)
            return None

    def boundaries(self, value, path: str, what: str = "boundaries"):
        """A mapping of texts as ``((key, text), ...)``: the boundaries, or the metadata."""
        data = self.mapping(value, path, what)
        if not data:
            return ()
        return tuple((str(k), self.text(v, _join(path, str(k)), f"{what} {k}")) for k, v in data.items())

    def state(self, value, path: str, kind: str, index: int):
        data: dict | None
        steps_value: list | None
        if isinstance(value, list):  # current_state: [steps] without the steps: key
            data, steps_value, steps_path = {}, value, path
        else:
            data = self.mapping(value, path, "a state")
            if data is None:
                return None
            steps_value, steps_path = data.get("steps"), _join(path, "steps")
            prefixes = _COMPUTED_STATE_PREFIXES + ((checklist.TARGET_PREFIX,) if kind == "future" else ())
            self.unknown_keys({k: v for k, v in data.items() if not checklist.is_stated_key(k)}, path, _STATE_KEYS,
                              _COMPUTED_STATE_KEYS, prefixes)
        if "kind" in data:
            given = self.text(data["kind"], _join(path, "kind"), "kind").strip().lower()
            if given not in STATE_KINDS:
                self.problem(_join(path, "kind"), f"kind must be current, future or target, not {_show(data['kind'])}")
            else:
                kind = given
        basis = self.text(data.get("basis"), _join(path, "basis"), "basis").strip().lower()
        if basis and basis not in BASES:
            self.problem(_join(path, "basis"), f"basis must be measured or estimated, not {_show(data['basis'])}")
            basis = ""
        name = data.get("name")
        if is_blank(name):
            if kind == "target" and path.split(".")[-1].startswith("target_states"):
                self.problem(_join(path, "name"), "a target state needs a name")
            name = DEFAULT_STATE_NAMES.get(kind, "Target state")
        else:
            name = self.text(name, _join(path, "name"), "state name")
        self.paths[("state", index)] = path
        self.state_data[index] = data
        stated = checklist.read_stated(self, data, path, index, export="capacity_constraint" in data)
        if steps_value is None:
            self.problem(steps_path, f"state {name!r} has no steps: list")
        steps = []
        for k, item in enumerate(self.sequence(steps_value, steps_path, "steps")):
            step = self.step(item, _join(steps_path, k), index, k, computed="capacity_constraint" in data)
            if step is not None:
                steps.append(step)
        control = flows.read_production_control(self, data.get("production_control"),
                                                _join(path, "production_control"))
        information = flows.read_information_flows(self, data.get("information_flows"),
                                                   _join(path, "information_flows"), index)
        return State(name, tuple(steps), kind, basis, stated=stated, production_control=control,
                     information_flows=information)

    def step(self, value, path: str, s: int, k: int, computed: bool = False):
        self.paths[("step", s, k)] = path
        data = self.mapping(value, path, "a step")
        if data is None:
            if value is None:
                self.problem(path, "the step is empty")
            return None
        fields: dict = {}
        self.paths[("step-fields", s, k)] = fields
        ranges: dict = {}
        times, unknown = self.step_times(data, path, fields, ranges)
        self.unknown_keys(unknown, path, _STEP_KEYS + ("process_time_minutes", "lead_time_hours",
                                                      "changeover_minutes", "wait_time_minutes"),
                          _COMPUTED_STEP_KEYS)
        if "name" in data and "step" in data:
            self.problem(_join(path, "step"), "the step's name given twice (as name and step)")
        name_key = "name" if "name" in data else "step"
        name = self.text(data.get(name_key), _join(path, name_key), "step name")
        if not name.strip():
            self.problem(_join(path, "name"), "the step has no name")
        what = f"step {name!r}" if name.strip() else "the step"
        pt, lt = self.step_process_and_lead(times, ranges, fields, path, what)
        changeover = times.get("changeover")
        ca = self.complete_accurate(data, path, fields)
        inventory, resources = self.step_amounts(data, path, fields)
        position = self.number(data.get("position"), _join(path, "position"), "position", integer=True)
        measured = self.step_measure_fields(data, path, fields)
        operating = times.get("operating_time")
        marked = self.marked_bottleneck(data, path, computed)
        wastes = self.wastes(data, path)
        inflow = flows.read_inflow(self, data.get("inflow"), _join(path, "inflow"), (s, k))
        if "inflow" in data:
            fields["inflow"] = "inflow"
        notes = self.text(data.get("notes"), _join(path, "notes"), "notes")
        owner = self.text(data.get("owner"), _join(path, "owner"), "owner")
        if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (pt, lt)) or resources is None:
            return None
        if any(v is not None and math.isnan(v) for v in (changeover, operating)) or measured is None:
            return None
        assert pt is not None and lt is not None  # missing ones returned above
        return Step(name=name, process_time=pt, lead_time=lt, owner=owner, complete_accurate=ca,
                    inventory=inventory, changeover=changeover, wastes=wastes, notes=notes,
                    resources=resources, position=position, marked_bottleneck=marked, operating_time=operating,
                    inflow=inflow, **{f"{q}_range": r for q, r in ranges.items() if q in _RANGED_TIMES}, **measured)

    def step_times(self, data: dict, path: str, fields: dict, ranges: dict) -> tuple[dict, dict]:
        """The step's times in minutes by quantity (NaN where unreadable, already reported; ranges
        into ``ranges``, the keys used into ``fields``) and its keys that are not step keys."""
        times: dict = {}
        unknown = {}
        for key, raw in data.items():
            match = _TIME_KEY.match(key) if isinstance(key, str) else None
            if match:
                quantity, unit = match.group(1), match.group(2)
                if quantity in times:
                    self.problem(_join(path, key), f"{_TIME_WORDS[quantity]} given twice "
                                 f"(as {fields[quantity]} and {key})")
                    continue
                fields[quantity] = key
                if isinstance(raw, dict):  # {low, likely, high}: an uncertain time (core.time_ranges)
                    raw = self.time_range(raw, _KEY_UNITS[unit] if unit else "min", _join(path, key),
                                          _TIME_WORDS[quantity], ranges, quantity)
                    if raw is None:
                        times[quantity] = math.nan  # unreadable: already reported
                        continue
                times[quantity] = self.duration(raw, _KEY_UNITS[unit] if unit else "min", _join(path, key),
                                                _TIME_WORDS[quantity])
                if times[quantity] is None and is_blank(raw):
                    del times[quantity]
                elif times[quantity] is None:
                    times[quantity] = math.nan  # unreadable: already reported
            elif key not in _STEP_KEYS:
                unknown[key] = raw
        return times, unknown

    def step_process_and_lead(self, times: dict, ranges: dict, fields: dict, path: str, what: str):
        """``(process time, lead time)``: a lead time from PT + WT when only a wait time is given;
        a missing one is a problem (then None)."""
        pt = times.get("process_time")
        lt = times.get("lead_time")
        wt = times.get("wait_time")
        if pt is None:
            self.problem(_join(path, "process_time_minutes"), f"{what}: process time is missing")
        if lt is None and wt is not None and pt is not None:
            lt = pt + wt  # only a wait time given: LT = PT + WT
            if "process_time" in ranges and "wait_time" not in ranges:
                ranges["wait_time"] = (wt, wt, wt)  # LT = drawn PT + WT in every draw
            fields["lead_time"] = fields["wait_time"]
        elif lt is None:
            self.problem(_join(path, "lead_time_hours"), f"{what}: lead time is missing")
        return pt, lt

    def step_amounts(self, data: dict, path: str, fields: dict):
        """``(inventory, resources)`` of a step: no inventory when blank, one resource when blank."""
        inventory = self.number(data.get("inventory"), _join(path, "inventory"), "inventory", minimum=0)
        if "inventory" in data:
            fields["inventory"] = "inventory"
        resources = data.get("resources")
        if is_blank(resources):
            resources = 1.0
        else:
            fields["resources"] = "resources"
            resources = self.number(resources, _join(path, "resources"), "resources", positive=True)
        return inventory, resources

    def marked_bottleneck(self, data: dict, path: str, computed: bool):
        """Whether the step is marked as the bottleneck by hand."""
        if "marked_bottleneck" in data or computed:
            # in an export is_bottleneck is the computed capacity constraint; hand marks are
            # kept in marked_bottleneck
            return self.flag(data.get("marked_bottleneck"), _join(path, "marked_bottleneck"), "marked_bottleneck")
        return self.flag(data.get("is_bottleneck"), _join(path, "is_bottleneck"), "is_bottleneck")

    def time_range(self, raw: dict, unit: str, path: str, what: str, ranges: dict, quantity: str):
        """Read ``{low, likely, high}`` into ``ranges[quantity]`` (minutes); returns the likely
        value for the step's exact time (None when the range cannot be read, already reported)."""
        if quantity not in _RANGED_TIMES or set(raw) != {"low", "likely", "high"}:
            self.problem(path, f"{what}: a range is {{low, likely, high}} (process, lead or wait time only)")
            return None
        bounds = [self.duration(raw[k], unit, _join(path, k), f"{what} ({k})") for k in ("low", "likely", "high")]
        if any(b is None for b in bounds):
            return None
        try:
            ranges[quantity] = check_range(bounds, what)
        except VsmError as exc:
            self.problem(path, str(exc))
            return None
        return raw["likely"]

    def step_measure_fields(self, data: dict, path: str, fields: dict) -> dict | None:
        """Area, availability, performance, quality and variants of a step (the fields of the
        measured indicators, core.measures); None when one is unreadable (reported)."""
        result: dict = {}
        ok = True
        for key in ("area",) + _STEP_SHARES + ("variants",):
            if is_blank(data.get(key)):
                continue
            fields[key] = key
            where = _join(path, key)
            if key in _STEP_SHARES:
                try:
                    result[key] = to_fraction(data[key], key)
                except InputError as exc:
                    self.problem(where, exc.message)
                    ok = False
                continue
            result[key] = self.number(data[key], where, key, minimum=0 if key == "area" else None,
                                      positive=key == "variants")
            ok = ok and result[key] is not None
        return result if ok else None

    def complete_accurate(self, data: dict, path: str, fields: dict):
        if "complete_accurate" in data and "complete_accurate_percent" in data:
            self.problem(_join(path, "complete_accurate"),
                         "%C&A given twice (as complete_accurate and complete_accurate_percent)")
            return None
        if not is_blank(data.get("complete_accurate_percent")):
            fields["complete_accurate"] = "complete_accurate_percent"
            where = _join(path, "complete_accurate_percent")
            raw = data["complete_accurate_percent"]
            text = raw.strip().rstrip("%") if isinstance(raw, str) else raw
            number = self.number(text, where, "%C&A")
            if number is None:
                return None
            if not 0 <= number <= 100:
                self.problem(where, f"%C&A must lie between 0 % and 100 %, not {_show(raw)}")
                return None
            return number / 100.0  # a percent key holds percents: 0.5 is half a percent
        if not is_blank(data.get("complete_accurate")):
            fields["complete_accurate"] = "complete_accurate"
            try:
                return to_fraction(data["complete_accurate"], "%C&A")
            except InputError as exc:
                self.problem(_join(path, "complete_accurate"), exc.message)
        return None

    def flag(self, value, path: str, what: str) -> bool:
        try:
            return FV.flag(value, what)
        except InputError as exc:
            self.problem(path, exc.message)
            return False

    def wastes(self, data: dict, path: str) -> tuple[Waste, ...]:
        if "waste_types" in data and "wastes" in data:
            self.problem(_join(path, "wastes"), "wastes given twice (as waste_types and wastes)")
            return ()
        key = "waste_types" if "waste_types" in data else "wastes"
        value = data.get(key)
        where = _join(path, key)
        if value is None:
            return ()
        if isinstance(value, str):  # "waiting, defects"
            value = [part for part in re.split(r"[,;]", value) if part.strip()]
        result = []
        for w, item in enumerate(self.sequence(value, where, key)):
            item_path = _join(where, w)
            if isinstance(item, dict):
                self.unknown_keys(item, item_path, ("type", "description"))
                kind = self.waste_type(item.get("type"), _join(item_path, "type"))
                description = self.text(item.get("description"), _join(item_path, "description"), "description")
            else:
                kind = self.waste_type(item, item_path)
                description = ""
            if kind:
                result.append(Waste(kind, description))
        return tuple(result)

    def waste_type(self, value, path: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"a waste type must be one of {', '.join(WASTES)}, not {_show(value)}")
            return None
        key = FV.waste_type(value)
        if key is None:
            self.problem(path, f"unknown waste {value!r} (use one of the eight wastes: {', '.join(WASTES)})")
        return key

    def improvement(self, value, path: str, index: int = 0):
        data = self.mapping(value, path, "an improvement")
        if data is None:
            if value is None:
                self.problem(path, "the improvement is empty")
            return None
        name_key = "name" if "name" in data or "improvement" not in data else "improvement"
        name = self.text(data.get(name_key), _join(path, name_key), "improvement")
        if not name.strip():
            self.problem(_join(path, "name"), "the improvement has no name")
        values = {}
        for key in ("impact", "effort"):
            values[key] = self.text(data.get(key), _join(path, key), key)
            if values[key].strip():
                try:
                    level(values[key], key)
                except InputError as exc:
                    self.problem(_join(path, key), exc.message)
        priority = self.number(data.get("priority"), _join(path, "priority"), "priority", integer=True)
        if priority is not None and priority < 1:
            self.problem(_join(path, "priority"), f"priority must be 1 or more, not {priority}")
        extra = tuple((str(k), _freeze(v)) for k, v in data.items()
                      if k not in _IMPROVEMENT_KEYS and k != name_key)
        return Improvement(
            name=name,
            waste_eliminated=self.text(data.get("waste_eliminated"), _join(path, "waste_eliminated"),
                                       "waste eliminated"),
            impact=values["impact"],
            effort=values["effort"],
            priority=priority,
            lead_time_reduction_hours=self.number(data.get("lead_time_reduction_hours"),
                                                  _join(path, "lead_time_reduction_hours"),
                                                  "lead time reduction"),
            phase=self.number(data.get("phase"), _join(path, "phase"), "phase", integer=True),
            duration_weeks=self.number(data.get("duration_weeks"), _join(path, "duration_weeks"), "duration",
                                       minimum=0),
            extra=extra,
            states=self.improvement_states(data.get("states"), _join(path, "states")),
            cost=self.number(data.get("cost"), _join(path, "cost"), "cost", minimum=0),
            annual_savings=self.number(data.get("annual_savings"), _join(path, "annual_savings"), "annual savings"),
            steps=flows.read_improvement_steps(self, data.get("steps"), _join(path, "steps"), index),
        )

    def improvement_states(self, value, path: str) -> tuple[str, ...]:
        """The states an improvement belongs to: a list of names or one text (``A; B``); checked
        against the states once they are all read (:meth:`check_improvement_states`)."""
        if isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        names = tuple(self.text(x, _join(path, i), "state") for i, x in enumerate(self.sequence(value, path, "states")))
        self.pending_states.append((names, path))
        return names

    def check_improvement_states(self, states) -> None:
        known = [state.name for state in states]
        for names, path in self.pending_states:
            for i, name in enumerate(names):
                if name not in known:
                    self.problem(_join(path, i), f"{name!r} is not one of the states ({', '.join(known) or 'none'})")

    def phase(self, value, path: str):
        data = self.mapping(value, path, "a roadmap phase")
        if data is None:
            if value is None:
                self.problem(path, "the roadmap phase is empty")
            return None
        phase = self.number(data.get("phase"), _join(path, "phase"), "phase", integer=True)
        if phase is None and is_blank(data.get("phase")):
            self.problem(_join(path, "phase"), "the roadmap phase has no number")
        items = data.get("improvements")
        if isinstance(items, str):
            items = [items]
        names = tuple(self.text(x, _join(_join(path, "improvements"), i), "improvement")
                      for i, x in enumerate(self.sequence(items, _join(path, "improvements"), "improvements")))
        duration = self.number(data.get("duration_weeks"), _join(path, "duration_weeks"), "duration", minimum=0)
        extra = tuple((str(k), _freeze(v)) for k, v in data.items() if k not in _ROADMAP_KEYS)
        if phase is None:
            return None
        return RoadmapPhase(phase=phase, improvements=names, duration_weeks=duration, extra=extra)

    def demand(self, value, path: str):
        data = self.mapping(value, path, "demand")
        if data is None:
            return None
        available = None
        available_key = None
        for key, raw in data.items():
            match = re.match(r"^available_time(?:_(seconds|minutes|hours|days|weeks))?$", str(key))
            if match:
                if available_key is not None:
                    self.problem(_join(path, key), f"available time given twice (as {available_key} and {key})")
                    continue
                available_key = key
                unit = _KEY_UNITS[match.group(1)] if match.group(1) else "min"
                available = self.duration(raw, unit, _join(path, key), "available time")
        known = ("units", "period", "periods_per_day", "available_time", "available_time_minutes",
                 "available_time_hours")
        self.unknown_keys({k: v for k, v in data.items() if not str(k).startswith("available_time")}, path,
                          known, ("takt_time_minutes", "takt_time"))
        units = self.number(data.get("units"), _join(path, "units"), "demand units", minimum=0)
        if available is None and available_key is None:
            self.problem(_join(path, "available_time"), "demand: the available working time is missing")
        if units is None and is_blank(data.get("units")):
            self.problem(_join(path, "units"), "demand: the number of units is missing")
        period = self.text(data.get("period"), _join(path, "period"), "period") or "day"
        per_day = data.get("periods_per_day")
        per_day = 1.0 if is_blank(per_day) else self.number(per_day, _join(path, "periods_per_day"),
                                                             "periods per day", positive=True)
        if available is None or units is None or per_day is None:
            return None
        return Demand(available_minutes=available, units=units, period=period, periods_per_day=per_day)

    # -- the evaluation ------------------------------------------------------------------

    def evaluation(self, value, path: str):
        data = self.mapping(value, path, "evaluation")
        if data is None:
            return None
        self.unknown_keys(data, path, _EVALUATION_KEYS, _COMPUTED_EVALUATION_KEYS)
        alt_path = _join(path, "alternatives")
        self.paths[("alternatives",)] = alt_path
        alternatives, states = self.alternatives(data.get("alternatives"), alt_path)
        ind_path = _join(path, "indicators")
        self.paths[("indicators",)] = ind_path
        indicators = []
        for i, item in enumerate(self.sequence(data.get("indicators"), ind_path, "indicators")):
            indicator = self.indicator(item, _join(ind_path, i), i, alternatives)
            if indicator is not None:
                indicators.append(indicator)
        pairwise = self.pairwise(data.get("pairwise"), _join(path, "pairwise"))
        for group in GROUPS:  # a group's problems: its matrix, else the indicator list
            self.paths[("group", group)] = self.paths.get(("pairwise", group), ind_path)
        return EvaluationModel(tuple(alternatives), tuple(indicators), pairwise, states)

    def alternatives(self, value, path: str) -> tuple[list[str], tuple]:
        """The alternatives' names and the states they name: ``states`` (every state, the current
        state first), or a list of names or ``{name, state}`` mappings."""
        if isinstance(value, str) and value.strip().lower() == ALL_STATES:
            if not self.state_names:
                self.problem(path, "alternatives: states needs states with steps (current_state, future_state, "
                             "target_states)")
            names = list(self.state_names)
            for j in range(len(names)):
                self.paths[("alternative", j)] = path
            return names, ()
        names, states = [], []
        for j, item in enumerate(self.sequence(value, path, "alternatives")):
            where = _join(path, j)
            self.paths[("alternative", j)] = where
            state = None
            if isinstance(item, dict) and "name" in item:  # {name: ..., state: ...}
                self.unknown_keys(item, where, ("name", "state"))
                if not is_blank(item.get("state")):
                    state = self.text(item["state"], _join(where, "state"), "state")
                    self.paths[("alternative", j)] = _join(where, "state")
                    if state not in self.state_names:
                        self.problem(_join(where, "state"), f"{state!r} is not one of the states "
                                     f"({', '.join(self.state_names) or 'there are none'})")
                item = item["name"]
            names.append(self.text(item, where, "alternative"))
            states.append(state if state != names[-1] else None)
        return names, tuple(states) if any(states) else ()

    def indicator(self, value, path: str, i: int, alternatives: list):
        self.paths[("indicator", i)] = path
        self.paths[("value", i)] = path
        for key in _INDICATOR_KEYS:
            self.paths[("indicator", i, key)] = _join(path, key)
        data = self.mapping(value, path, "an indicator")
        if data is None:
            if value is None:
                self.problem(path, "the indicator is empty")
            return None
        self.unknown_keys(data, path, _INDICATOR_KEYS)
        ok = True
        name = self.text(data.get("name"), _join(path, "name"), "indicator name")
        if not name.strip():
            self.problem(_join(path, "name"), "the indicator has no name")
        label = f"indicator {name!r}" if name.strip() else "the indicator"
        group = None
        try:
            group = normalize_group(data.get("group"))
        except VsmError as exc:
            self.problem(_join(path, "group"), f"{label}: {exc.message}")
            ok = False
        bounds = {}
        for key in ("worst", "best"):
            bounds[key] = self.number(data.get(key), _join(path, key), f"{label}: {key}")
            if bounds[key] is None:
                if is_blank(data.get(key)):
                    self.problem(_join(path, key), f"{label}: {key} is missing")
                ok = False
        function = self.word(normalize_function, data, "function", path, label)
        curvature = self.number(data.get("curvature"), _join(path, "curvature"), f"{label}: curvature")
        measure = self.word(normalize_measure, data, "measure", path, label)
        ok = ok and function is not None and measure is not None
        self.ranges: list = []  # (low, likely, high) or None per value, filled by indicator_values
        raw_values = data.get("values")
        if measure and raw_values is None:  # measured: one missing value per alternative, computed later
            raw_values = [None] * len(alternatives)
            for j in range(len(alternatives)):
                self.paths[("value", i, j)] = _join(path, "measure")
        values = self.indicator_values(raw_values, _join(path, "values"), i, label, alternatives)
        if measure and data.get("values") is None:
            for j in range(len(alternatives)):
                self.paths[("value", i, j)] = _join(path, "measure")
        ranges = tuple(self.ranges) if any(r is not None for r in self.ranges) else ()
        unit = self.text(data.get("unit"), _join(path, "unit"), "unit")
        if not ok or values is None:
            return None
        assert group is not None  # ok is False without one
        return Indicator(name=name, group=group, worst=bounds["worst"], best=bounds["best"], values=values,
                         function=function, curvature=curvature, unit=unit, ranges=ranges, measure=measure)

    def word(self, normalize, data: dict, key: str, path: str, label: str):
        """``normalize(data[key])`` (a function or measure name), or None with the problem recorded."""
        try:
            return normalize(data.get(key))
        except VsmError as exc:
            self.problem(_join(path, key), f"{label}: {exc.message}")
            return None

    def indicator_values(self, value, path: str, i: int, label: str, alternatives: list):
        if isinstance(value, dict):  # {alternative: value}
            items = []
            for name in value:
                if name not in alternatives:
                    self.problem(_join(path, str(name)), f"{label}: {name!r} is not one of the alternatives")
            for j, name in enumerate(alternatives):
                self.paths[("value", i, j)] = _join(path, name)
                items.append((value.get(name), _join(path, name)))
        else:
            items = []
            for j, item in enumerate(self.sequence(value, path, "values")):
                self.paths[("value", i, j)] = _join(path, j)
                items.append((item, _join(path, j)))
        result: list = []  # numbers, None where missing (check_evaluation reports it)
        bad = False
        for item, where in items:
            item, bounds = read_value(self, item, where, label)  # a number or {low, likely, high}
            self.ranges.append(bounds)
            if is_blank(item):
                result.append(None)  # missing: the core reports it, addressed to this path
                continue
            number = None if isinstance(item, float) and math.isnan(item) else self.number(
                item, where, f"{label}: value")
            bad = bad or number is None
            result.append(number)
        return None if bad else tuple(result)

    def pairwise(self, value, path: str) -> dict:
        data = self.mapping(value, path, "pairwise")
        self.paths[("pairwise",)] = path
        if not data:
            return {}
        result = {}
        for key, item in data.items():
            where = _join(path, str(key))
            try:
                group = normalize_group(key)
            except VsmError as exc:
                self.problem(where, exc.message)
                continue
            if group in result:
                self.problem(where, f"the {group} pairwise comparison is given twice")
                continue
            self.paths[("pairwise", group)] = where
            self.paths[("pairwise", group, "matrix")] = _join(where, "matrix")
            matrix = self.mapping(item, where, f"the {group} pairwise comparison")
            if matrix is None:
                continue
            parsed = read_pairwise_group(self, matrix, where, group)
            if parsed is not None:
                result[group] = parsed
        return result


def _freeze(value):
    """Lists as tuples so that the frozen model stays comparable; mappings kept."""
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def _show(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
