"""A whole value stream analysed at once: every state's totals, each target against the
current state, and the comprehensive evaluation when the document has one."""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core.errors import Notice, Problem, ValidationError, VsmError
from vsm_xl.core.evaluation import EvaluationResult, evaluate
from vsm_xl.core.model import ValueStream
from vsm_xl.core.state_metrics import StateComparison, StateSummary, compare_states, summarize_state


@dataclass(frozen=True)
class Analysis:
    value_stream: ValueStream
    states: tuple[StateSummary, ...]
    comparisons: tuple[StateComparison, ...]  # every other state against the current state
    evaluation: EvaluationResult | None
    notices: tuple[Notice, ...] = ()


def analyze(stream: ValueStream) -> Analysis:
    """Summaries of all states, comparisons with the current state, and the evaluation.

    Raises :class:`ValidationError` with every problem found (subjects ``("state", s)``,
    ``("step", s, k)`` and those of :func:`vsm_xl.core.evaluation.check_evaluation`).
    """
    problems: list[Problem] = []
    summaries = []
    for s, state in enumerate(stream.states):
        try:
            summaries.append(summarize_state(state))
        except VsmError as exc:
            subject = ("state", s)
            for k, step in enumerate(state.steps):
                if f"step {step.name!r}" in exc.message:
                    subject = ("step", s, k)
                    break
            problems.append(Problem(f"{state.name}: {exc.message}", subject=subject))
    evaluation = None
    if stream.evaluation is not None:
        try:
            evaluation = evaluate(stream.evaluation)
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    comparisons = ()
    skipped: list[Notice] = []
    current = stream.current_state
    if current is not None and len(summaries) > 1:
        base = summaries[stream.states.index(current)]
        compared = []
        for s in summaries:
            if s is base:
                continue
            try:
                compared.append(compare_states(base, s))
            except VsmError as exc:  # e.g. a current state with zero process time
                skipped.append(Notice(f"{s.name} is not compared with {base.name}: {exc.message}",
                                      subject=("state", stream.states.index(current))))
        comparisons = tuple(compared)
    notices = tuple(skipped) + (evaluation.notices if evaluation else ())
    return Analysis(stream, tuple(summaries), comparisons, evaluation, notices)
