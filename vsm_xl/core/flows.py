"""The map's vocabulary beyond the steps ("Learning to See"): the customer and the supplier at
the ends of the stream, production control with the information flows of each state, the
material flow into each step (push, FIFO lane, supermarket, pull) and the shipments between the
stream and its partners. Plain frozen data; the drawing is the adapters' job.

The customer's demand stays in ``ValueStream.demand`` (one place for that fact); a partner here
only says who it is and how goods travel to or from it.
"""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core.errors import Problem

PUSH = "push"
FIFO = "fifo"
SUPERMARKET = "supermarket"
PULL = "pull"
# how material reaches a step from the one before it (METHOD.md section 5: the target
# conditions differ by "PULL (Kanban), one piece flow, first-in-first-out")
MATERIAL_FLOWS = (PUSH, FIFO, SUPERMARKET, PULL)

ELECTRONIC = "electronic"
MANUAL = "manual"
INFORMATION_KINDS = (ELECTRONIC, MANUAL)

# the ends an information flow may name besides a step of its state
CUSTOMER = "customer"
SUPPLIER = "supplier"
PRODUCTION_CONTROL = "production control"
PARTNERS = (CUSTOMER, SUPPLIER, PRODUCTION_CONTROL)


@dataclass(frozen=True)
class Shipment:
    """Goods travelling between the stream and a partner: by what, how often."""

    mode: str = "truck"
    frequency: str = ""  # e.g. "daily", "2x week"


@dataclass(frozen=True)
class Partner:
    """The customer or the supplier box of the map."""

    name: str
    frequency: str = ""  # delivery frequency as said, e.g. "daily"
    shipment: Shipment | None = None


@dataclass(frozen=True)
class ProductionControl:
    """The production control box on top of a state's map."""

    name: str = "Production control"
    system: str = ""  # the planning system, e.g. "ERP", "MRP", "Kanban board"


@dataclass(frozen=True)
class InformationFlow:
    """One arrow of the information flow: from and to are ``PARTNERS`` words or step names."""

    source: str
    target: str
    kind: str = ELECTRONIC
    frequency: str = ""  # e.g. "weekly", "daily"
    label: str = ""  # what travels, e.g. "weekly forecast", "daily schedule"


@dataclass(frozen=True)
class MaterialFlow:
    """How material reaches a step from the step before it."""

    kind: str = PUSH
    maximum: float | None = None  # a FIFO lane's maximum (units); None when not said


# words people write for a material flow or an information flow, folded to the model's words
_FLOW_WORDS = {"push": PUSH, "fifo": FIFO, "fifo lane": FIFO, "first-in-first-out": FIFO,
               "supermarket": SUPERMARKET, "pull": PULL, "withdrawal": PULL, "kanban": PULL}
_KIND_WORDS = {"electronic": ELECTRONIC, "e": ELECTRONIC, "manual": MANUAL, "m": MANUAL, "paper": MANUAL}


def material_flow_kind(text) -> str:
    """The model's word for a material flow as typed ("FIFO lane" -> "fifo"); an unknown word is
    kept as typed, for :func:`check_flows` to report where it came from."""
    word = " ".join(str(text).split()).lower()
    return _FLOW_WORDS.get(word, str(text).strip())


def information_kind(text) -> str:
    """The model's word for how information travels ("paper" -> "manual"); unknown kept as typed."""
    word = " ".join(str(text).split()).lower()
    return _KIND_WORDS.get(word, str(text).strip()) if word else ELECTRONIC


def end_word(text) -> str:
    """An information flow's end: a partner word folded ("Production Control" -> "production
    control"), anything else (a step name) as typed."""
    word = " ".join(str(text).split()).lower()
    return word if word in PARTNERS else str(text).strip()


def check_flows(stream) -> list:
    """The problems of the map's vocabulary in ``stream`` (a :class:`~vsm_xl.core.model.ValueStream`),
    each with its subject: ``("step", s, k, "inflow")`` an unknown material flow, ``("step", s, k,
    "inflow", "maximum")`` a negative FIFO maximum, ``("information_flow", s, i, "source" | "target" |
    "kind")`` an end that is no step of state ``s`` and no partner word or an unknown kind,
    ``("improvement", i, "steps", j)`` a step an improvement changes that none of its states has."""
    problems: list = []
    for s, state in enumerate(stream.states):
        for k, step in enumerate(state.steps):
            flow = step.inflow
            if flow is None:
                continue
            if flow.kind not in MATERIAL_FLOWS:
                problems.append(Problem(f"{state.name}, step {step.name!r}: unknown material flow {flow.kind!r} "
                                        f"(use {', '.join(MATERIAL_FLOWS)})", subject=("step", s, k, "inflow")))
            if flow.maximum is not None and not flow.maximum >= 0:
                problems.append(Problem(f"{state.name}, step {step.name!r}: the FIFO maximum must be 0 or more, "
                                        f"not {flow.maximum:g}", subject=("step", s, k, "inflow", "maximum")))
        for i, info in enumerate(state.information_flows):
            if info.kind not in INFORMATION_KINDS:
                problems.append(Problem(f"{state.name}: unknown information flow kind {info.kind!r} (use "
                                        f"{' or '.join(INFORMATION_KINDS)})", subject=("information_flow", s, i, "kind")))
    problems.extend(_improvement_steps(stream))
    return problems


def flow_notices(stream) -> list:
    """Information flows whose end names no step of their state and no partner: a warning, not a
    refusal (the Map leaves the arrow out), because the steps change under the flows: a state
    refreshed from an event log (vsm-xl mine --refresh) has the steps the log measured."""
    from vsm_xl.core.errors import Notice

    notices = []
    for s, state in enumerate(stream.states):
        names = {step.name for step in state.steps}
        for i, info in enumerate(state.information_flows):
            for key in ("source", "target"):
                end = getattr(info, key)
                if end not in PARTNERS and end not in names:
                    notices.append(Notice(
                        f"{state.name}: information flow {'from' if key == 'source' else 'to'} {end!r} names no "
                        f"step of the state and none of {', '.join(PARTNERS)}; the Map leaves its arrow out",
                        subject=("information_flow", s, i, key)))
    return notices


def changed_states(improvement, states) -> list:
    """The indices of the states an improvement changes: those it names, else every state but the
    current one."""
    if improvement.states:
        return [s for s, state in enumerate(states) if state.name in improvement.states]
    return [s for s, state in enumerate(states) if state.kind != "current"]


def _improvement_steps(stream) -> list:
    problems = []
    for i, item in enumerate(stream.improvements):
        states = [stream.states[s] for s in changed_states(item, stream.states)]
        names = {step.name for state in states for step in state.steps}
        for j, name in enumerate(item.steps):
            if name not in names:
                where = ", ".join(state.name for state in states) or "none"
                problems.append(Problem(f"improvement {item.name!r}: {name!r} is no step of the states it "
                                        f"changes ({where})", subject=("improvement", i, "steps", j)))
    return problems


@dataclass(frozen=True)
class Burst:
    """A kaizen burst: improvement ``improvement`` (its index in the plan) changes step ``step``
    (its index in the state)."""

    improvement: int
    step: int

    @property
    def label(self) -> str:
        return burst_label(self.improvement)


def burst_label(improvement: int) -> str:
    """The id a burst shows: K1 for the first improvement of the plan."""
    return f"K{improvement + 1}"


def bursts(stream, s: int) -> tuple[Burst, ...]:
    """The kaizen bursts of state ``s``: one per improvement of the plan and step of the state it
    changes, in plan order."""
    state = stream.states[s]
    index = {step.name: k for k, step in enumerate(state.steps)}
    found: list[Burst] = []
    for i, item in enumerate(stream.improvements):
        if s in changed_states(item, stream.states):
            found.extend(Burst(i, index[name]) for name in item.steps if name in index)
    return tuple(found)
