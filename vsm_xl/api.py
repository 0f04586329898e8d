"""The Python API: load a value stream from any supported file, evaluate it, and get the
results as pandas DataFrames.

>>> import vsm_xl
>>> result = vsm_xl.evaluate("examples/claims_handling.yaml")      # doctest: +SKIP
>>> result.best                                                     # doctest: +SKIP
'Option C'
>>> result.alternatives()                                           # doctest: +SKIP

pandas is imported only when a DataFrame is asked for.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from vsm_xl.core.analysis import Analysis, analyze
from vsm_xl.core.errors import NoDataError, Problem, ValidationError, VsmError
from vsm_xl.core.model import State, ValueStream

if TYPE_CHECKING:
    from vsm_xl.core.mining import Mining
    from vsm_xl.workbook.read.reader import WorkbookRead

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MODEL_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Document:
    """A value stream read from a file, its warnings, and a locator that turns a core problem
    subject (``("value", 2, 1)``) into where it came from (``Indicators!E7`` or a YAML path)."""

    stream: ValueStream
    warnings: tuple = ()
    locate: Callable[..., str | None] | None = None  # subject -> location
    path: Path | None = None
    is_workbook: bool = False
    workbook: WorkbookRead | None = None  # a workbook read once: its package, tables and analysis


def read_document(path) -> Document:
    """Read a ``.xlsx``/``.xlsm`` workbook or a ``.yaml``/``.yml``/``.json`` model."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        if not path.exists():
            raise VsmError(f"{path}: no such file")
        from vsm_xl.workbook.read.reader import read_workbook  # written alongside; imported when used

        read = read_workbook(path)
        return Document(read.stream, tuple(read.warnings), read.locate, path, True, read)
    if suffix in MODEL_SUFFIXES:
        from vsm_xl.io.yaml_io import read_yaml_document

        model = read_yaml_document(path)
        return Document(model.stream, model.warnings, model.locate, path, False)
    if suffix in (".csv", ".tsv", ".xls", ".ods"):
        kind = {".csv": "a CSV table", ".tsv": "a tab-separated table",
                ".xls": "an Excel 97-2003 workbook", ".ods": "an OpenDocument spreadsheet"}[suffix]
        first = (f"'vsm-xl convert {path.name} -o OUT'" if suffix != ".xls" and suffix != ".ods"
                 else "save it as .xlsx (Excel or LibreOffice: File > Save as), then 'vsm-xl convert' it")
        raise VsmError(f"{path}: {kind} is not a value stream workbook or model; turn it into one with {first} "
                       f"(it writes OUT/{path.stem}.xlsx, a template workbook, and OUT/{path.stem}.yaml), then "
                       f"'vsm-xl evaluate OUT/{path.stem}.xlsx'")
    raise VsmError(f"{path}: cannot read {suffix or 'files without a suffix'} (use .xlsx, .xlsm, .yaml, .yml or .json)")


def load(path, *, budgets=None) -> ValueStream:
    """The value stream in a workbook (``.xlsx``/``.xlsm``) or model file (``.yaml``/``.yml``/``.json``).
    ``budgets``: limits to change for this call, a dict of :class:`vsm_xl.core.limits.Budgets`
    fields (``{"max_expanded_bytes": 500_000_000}``) or a ``Budgets``."""
    with _budgets(budgets):
        return read_document(path).stream


def _budgets(budgets):
    from dataclasses import asdict

    from vsm_xl.core import limits

    if budgets is None:
        return limits.using()
    return limits.using(**(asdict(budgets) if isinstance(budgets, limits.Budgets) else dict(budgets)))


def _located(problem: Problem, locate) -> Problem:
    if problem.location or locate is None or not problem.subject:
        return problem
    where = locate(problem.subject)
    return replace(problem, location=where) if where else problem


def analyze_document(document: Document) -> tuple[Analysis, tuple]:
    """Analyse a document; problems and notices come back addressed to their cells/YAML paths.

    Returns ``(analysis, warnings)``; raises :class:`ValidationError` with located problems.
    """
    analysis = document.workbook.analysis if document.workbook is not None else None
    if analysis is None:  # a workbook read has analysed itself already: once is enough
        try:
            analysis = analyze(document.stream)
        except ValidationError as exc:
            raise ValidationError([_located(p, document.locate) for p in exc.problems]) from None
    notices = tuple(_located(Problem(n.message, subject=n.subject), document.locate) for n in analysis.notices)
    return analysis, tuple(document.warnings) + notices


def evaluate(stream_or_path, *, budgets=None) -> "Result":
    """Analyse a value stream: a :class:`ValueStream`, a path to a workbook or model file, or a
    parsed interchange document (a dict). ``budgets``: as for :func:`load`."""
    with _budgets(budgets):
        return _evaluate(stream_or_path)


def _evaluate(stream_or_path) -> "Result":
    if isinstance(stream_or_path, ValueStream):
        document = Document(stream_or_path)
    elif isinstance(stream_or_path, (str, os.PathLike)):
        document = read_document(stream_or_path)
    elif isinstance(stream_or_path, Mapping):
        from vsm_xl.io.yaml_io import document_from_dict

        read = document_from_dict(dict(stream_or_path))
        document = Document(read.stream, read.warnings, read.locate)
    else:
        raise VsmError(f"cannot evaluate {type(stream_or_path).__name__}: give a ValueStream, a path or a dict")
    analysis, warnings = analyze_document(document)
    return Result(analysis, warnings, document.path)


class Result:
    """An analysed value stream: the core :class:`Analysis` plus DataFrame views of it.

    Times are minutes and shares fractions, as in the core and the JSON report.
    """

    def __init__(self, analysis: Analysis, warnings=(), path=None):
        self.analysis = analysis
        self.warnings = tuple(warnings)
        self.path = path

    def __repr__(self) -> str:
        states = ", ".join(s.name for s in self.analysis.states) or "no states"
        best = f", best {self.best!r}" if self.best is not None else ""
        return f"<vsm_xl Result {self.stream.name!r}: {states}{best}>"

    @property
    def stream(self) -> ValueStream:
        return self.analysis.value_stream

    @property
    def best(self) -> str | None:
        """The alternative with the lowest WBF (None without an evaluation part)."""
        return self.analysis.evaluation.best if self.analysis.evaluation is not None else None

    # -- value stream ----------------------------------------------------------------------

    def steps(self, state_name: str | None = None):
        """One row per step: PT, LT, WT (minutes), %C&A (fraction), inventory, changeover and
        the bottleneck flags; all states with a ``state`` column when no name is given."""
        import pandas as pd

        from vsm_xl.io.formatting import step_flags

        states: Sequence[tuple[int, State]] = list(enumerate(self.stream.states))
        if state_name is not None:
            states = [(s, st) for s, st in states if st.name == state_name]
            if not states:
                names = ", ".join(repr(s.name) for s in self.stream.states) or "none"
                raise VsmError(f"no state named {state_name!r} (states: {names})")
        demand = self.analysis.demand
        days = {}  # (state index, step index) -> inventory in days of demand
        if demand is not None:
            for s, checks in enumerate(demand.checks):
                days.update({(s, k): c.inventory_reading for k, c in enumerate(checks)})
        rows = []
        for s, state in states:
            for k, (step, flags) in enumerate(zip(state.steps, step_flags(state)), 1):
                row: dict[str, object] = {"state": state.name} if state_name is None else {}
                row.update({
                    "step": step.name, "number": k, "owner": step.owner,
                    "process_time_minutes": step.process_time, "lead_time_minutes": step.lead_time,
                    "wait_time_minutes": step.wait_time, "complete_accurate": step.complete_accurate,
                    "inventory": step.inventory, "changeover_minutes": step.changeover,
                    "resources": step.resources, "position": step.position,
                    "capacity_constraint": flags["capacity_constraint"], "largest_delay": flags["largest_delay"],
                    "marked_bottleneck": flags["marked_bottleneck"], "on_timeline": flags["on_timeline"],
                    "wastes": ", ".join(w.type for w in step.wastes), "notes": step.notes,
                    "inventory_days": days.get((s, k - 1)),
                })
                rows.append(row)
        columns = (["state"] if state_name is None else []) + [
            "step", "number", "owner", "process_time_minutes", "lead_time_minutes", "wait_time_minutes",
            "complete_accurate", "inventory", "changeover_minutes", "resources", "position",
            "capacity_constraint", "largest_delay", "marked_bottleneck", "on_timeline", "wastes", "notes",
            "inventory_days"]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("complete_accurate", "inventory", "changeover_minutes", "inventory_days"):
            frame[column] = frame[column].astype("float64")
        return frame

    def states(self):
        """One row per state with its totals (minutes, fractions), band, bottlenecks (the
        capacity constraint, the secondary one, the largest delay, the highest queue) and, with
        customer demand, takt and WIP in days of demand."""
        import pandas as pd

        demand = self.analysis.demand
        rows = []
        for state, s in zip(self.stream.states, self.analysis.states):
            rows.append({
                "state": s.name, "kind": state.kind, "steps": s.step_count,
                "total_process_time_minutes": s.total_process_time, "total_lead_time_minutes": s.total_lead_time,
                "total_wait_time_minutes": s.total_wait_time, "flow_efficiency": s.flow_efficiency,
                "flow_rating": s.flow_rating, "rolled_complete_accurate": s.rolled_complete_accurate,
                "wip_total": s.wip_total, "capacity_constraint": s.capacity_constraint,
                "largest_delay": s.largest_delay, "marked_bottleneck": s.marked_bottleneck,
                "secondary_constraint": s.secondary_constraint, "highest_queue": s.highest_queue,
                "takt_time_minutes": demand.takt_time if demand is not None else None,
                "wip_days": demand.wip_days(s.wip_total) if demand is not None else None,
            })
        columns = ["state", "kind", "steps", "total_process_time_minutes", "total_lead_time_minutes",
                   "total_wait_time_minutes", "flow_efficiency", "flow_rating", "rolled_complete_accurate",
                   "wip_total", "capacity_constraint", "largest_delay", "marked_bottleneck", "secondary_constraint",
                   "highest_queue", "takt_time_minutes", "wip_days"]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("rolled_complete_accurate", "wip_total", "takt_time_minutes", "wip_days"):
            frame[column] = frame[column].astype("float64")
        return frame

    def spreads(self):
        """One row per state whose step times are given as low / likely / high: p5, median and
        p95 of its total lead time and total process time (minutes) and of its flow efficiency
        (fraction), from seeded draws (:mod:`vsm_xl.core.time_ranges`); no rows when every time
        is exact."""
        import pandas as pd

        columns = ["state", "ranged_times", "draws", "seed"] + [
            f"{figure}_{level}" for figure in ("lead_time_minutes", "process_time_minutes", "flow_efficiency")
            for level in ("p5", "median", "p95")]
        rows = []
        for found in self.analysis.spreads:
            if found is None:
                continue
            row = {"state": found.name, "ranged_times": found.ranged, "draws": found.draws, "seed": found.seed}
            for figure, spread in (("lead_time_minutes", found.lead_time), ("process_time_minutes", found.process_time),
                                   ("flow_efficiency", found.flow_efficiency)):
                row.update({f"{figure}_{level}": getattr(spread, level) for level in ("p5", "median", "p95")})
            rows.append(row)
        return pd.DataFrame(rows, columns=columns)

    def stated(self):
        """One row per total a state's summary states (as given, in its key's unit) beside the one
        its steps give, and whether they agree (within 1 %)."""
        import pandas as pd

        columns = ["state", "key", "stated", "computed", "agrees"]
        rows = [{"state": self.stream.states[c.state].name, "key": c.key, "stated": c.stated,
                 "computed": c.computed, "agrees": c.agrees} for c in self.analysis.stated]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("stated", "computed"):
            frame[column] = frame[column].astype("float64")
        return frame

    def targets(self):
        """One row per future-state target (``target_*``, key without the prefix, in its unit)
        against the designed future state: ``met`` True/False, None where not compared."""
        import pandas as pd

        columns = ["key", "target", "designed", "met", "state", "text"]
        rows = [{"key": t.key, "target": t.target, "designed": t.designed, "met": t.met, "state": t.state,
                 "text": t.text} for t in self.analysis.targets]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("target", "designed"):
            frame[column] = frame[column].astype("float64")
        return frame

    def wastes(self):
        """The checklist's waste analysis of the current state: one row per waste seen (waiting
        always), its steps, for waiting the wait time (minutes) and its share of the lead time,
        and the root causes the document gives for it (the JSON report's ``waste_analysis``)."""
        import pandas as pd

        from vsm_xl.io.formatting import wastes_dict

        columns = ["waste", "steps", "step_count", "wait_time_minutes", "share_of_lead_time", "root_causes"]
        rows = [{"waste": kind, **item} for kind, item in (wastes_dict(self.stream) or {}).items()]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("wait_time_minutes", "share_of_lead_time"):
            frame[column] = frame[column].astype("float64")
        return frame

    def root_causes(self):
        """Every root cause the document names: ``of`` is "value stream", a state's name or
        "waste: waiting"."""
        import pandas as pd

        from vsm_xl.io.formatting import root_cause_rows

        return pd.DataFrame(root_cause_rows(self.stream), columns=["of", "root_cause"])

    def comparisons(self):
        """Every other state against the current state (reductions as fractions: 0.329 = −32.9 %)."""
        import pandas as pd

        columns = ["current", "target", "process_time_reduction", "lead_time_reduction", "flow_efficiency_ratio",
                   "wip_change", "rolled_complete_accurate_change"]
        rows = [{c: getattr(x, c) for c in columns} for x in self.analysis.comparisons]
        return pd.DataFrame(rows, columns=columns)

    # -- evaluation ------------------------------------------------------------------------

    def _evaluation(self):
        if self.analysis.evaluation is None:
            raise NoDataError(f"{self.stream.name or 'this value stream'} has no evaluation part "
                              "(alternatives, indicators, pairwise comparisons)")
        return self.analysis.evaluation

    def partial_benefits(self):
        """Partial benefits u in [0, 1]: one row per indicator, one column per alternative."""
        import pandas as pd

        result = self._evaluation()
        frame = pd.DataFrame([list(row) for row in result.partial_benefits], index=list(result.indicators),
                             columns=[a.name for a in result.alternatives], dtype="float64")
        frame.index.name = "indicator"
        frame.columns.name = "alternative"
        return frame

    def weights(self):
        """One row per indicator: group, pairwise row sum, weight (fraction) and rank in its group."""
        import pandas as pd

        result = self._evaluation()
        model = self.stream.evaluation
        order = [ind.name for ind in model.indicators] if model is not None else list(result.indicators)
        by_name = {}
        for group, w in result.weights.items():
            for name, s, g, r in w.rows():
                by_name[name] = {"indicator": name, "group": group, "scheme": w.scheme, "sum": s, "weight": g,
                                 "rank": r}
        rows = [by_name[name] for name in order if name in by_name]
        return pd.DataFrame(rows, columns=["indicator", "group", "scheme", "sum", "weight", "rank"])

    def weighting(self):
        """One row per group: scheme, CR with its random index, the most inconsistent judgment
        (AHP), the number of participants and the team's consensus (fraction) with its band."""
        import pandas as pd

        columns = ["group", "scheme", "cr", "random_index", "consistent", "most_inconsistent", "participants",
                   "consensus", "consensus_band"]
        rows = [{"group": group, "scheme": w.scheme, "cr": w.cr, "random_index": w.random_index,
                 "consistent": w.consistent, "most_inconsistent": w.pair_label(w.most_inconsistent),
                 "participants": len(w.participants), "consensus": w.consensus, "consensus_band": w.consensus_band}
                for group, w in self._evaluation().weights.items()]
        return pd.DataFrame(rows, columns=columns)

    def team_weights(self):
        """One row per group, participant and indicator: each participant's own weight and CR,
        and the pooled weight (participant ``"pooled"``); groups without participants give only
        their pooled rows."""
        import pandas as pd

        rows = []
        for group, w in self._evaluation().weights.items():
            for p in w.participants:
                rows += [{"group": group, "participant": p.name, "indicator": name, "weight": g, "cr": p.cr}
                         for name, g in zip(w.indicators, p.weights)]
            rows += [{"group": group, "participant": "pooled", "indicator": name, "weight": g, "cr": w.cr}
                     for name, g in zip(w.indicators, w.weights)]
        return pd.DataFrame(rows, columns=["group", "participant", "indicator", "weight", "cr"])

    def alternatives(self):
        """One row per alternative: overall benefits G per group, WBF (lower is better) and rank."""
        import pandas as pd

        result = self._evaluation()
        rows = []
        for a in result.alternatives:
            state = self.analysis.state_of(a.name)
            rows.append({"name": a.name, "state": state.name if state is not None else None,
                         "basis": (state.basis or None) if state is not None else None,
                         "benefit_monetary": a.benefit_monetary, "benefit_non_monetary": a.benefit_non_monetary,
                         "wbf": a.wbf, "rank": a.rank, "best": a.name == result.best})
        return pd.DataFrame(rows, columns=["name", "state", "basis", "benefit_monetary", "benefit_non_monetary",
                                           "wbf", "rank", "best"])

    def indicators(self):
        """One row per indicator as evaluated: group, unit, the measure it takes from the states
        (``None`` where its values are typed), value function, and one column per alternative with
        its value (measured values computed from the alternative's state)."""
        import pandas as pd

        self._evaluation()
        model = self.analysis.model
        assert model is not None  # an evaluation was computed from it
        head = ["indicator", "group", "unit", "measure", "worst", "best", "function", "curvature"]
        rows = [{"indicator": ind.name, "group": ind.group, "unit": ind.unit, "measure": ind.measure or None,
                 "worst": ind.worst, "best": ind.best, "function": ind.function, "curvature": ind.curvature,
                 **dict(zip(model.alternatives, ind.values))} for ind in model.indicators]
        return pd.DataFrame(rows, columns=head + list(model.alternatives))

    def sensitivity(self, draws: int | None = None, seed: int = 0, distribution: str | None = None) -> "SensitivityResult":
        """How stable the ranking is (:func:`vsm_xl.core.sensitivity.sensitivity`): every weight's
        interval and, for the values given as low / likely / high, ``draws`` seeded random draws
        (triangular by default, or ``distribution="pert"``). ``.weights()`` and
        ``.alternatives()`` are DataFrames."""
        from vsm_xl.core.sensitivity import DEFAULT_DISTRIBUTION, DEFAULT_DRAWS, analysis_sensitivity

        self._evaluation()
        found = analysis_sensitivity(self.analysis, draws=DEFAULT_DRAWS if draws is None else draws, seed=seed,
                                     distribution=distribution or DEFAULT_DISTRIBUTION)
        return SensitivityResult(found)

    def smaa(self, draws: int | None = None, seed: int = 0, distribution: str | None = None,
             sampling=None) -> "SmaaTables":
        """SMAA-2 (:func:`vsm_xl.core.smaa.smaa`): ``draws`` seeded draws of the weights (each
        group uniformly from its simplex, or within the team's range where a team judged;
        ``sampling={"monetary": "fixed"}`` etc.) and of the values given as low / likely / high;
        measured indicators (lead time, flow efficiency ...) of states whose step times are
        ranges take each draw's figure of their state (``.found.measured`` counts them).
        ``.rank_acceptability()``, ``.central_weights()``, ``.confidence()`` and ``.winning()``
        are DataFrames."""
        from vsm_xl.core.sensitivity import DEFAULT_DISTRIBUTION, DEFAULT_DRAWS
        from vsm_xl.core.smaa import analysis_smaa

        self._evaluation()
        found = analysis_smaa(self.analysis, draws=DEFAULT_DRAWS if draws is None else draws, seed=seed,
                              distribution=distribution or DEFAULT_DISTRIBUTION, sampling=sampling)
        return SmaaTables(found)

    # -- exports ---------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The JSON report (:func:`vsm_xl.io.json_report.report_dict`)."""
        from vsm_xl.io.json_report import report_dict

        return report_dict(self.analysis, self.warnings)

    def to_json(self, indent: int | None = 2) -> str:
        from vsm_xl.io.json_report import report_json

        return report_json(self.analysis, self.warnings, indent=indent)

    def to_yaml(self) -> str:
        """The interchange document with the computed totals and results."""
        from vsm_xl.io.yaml_io import dump_yaml

        return dump_yaml(self.stream, self.analysis)

    def to_markdown(self) -> str:
        from vsm_xl.io.markdown import markdown_summary

        return markdown_summary(self.analysis, self.warnings)

    def to_mermaid(self, fenced: bool = True) -> str:
        from vsm_xl.io.mermaid import mermaid_document

        return mermaid_document(self.analysis, fenced=fenced)

    def to_html(self, sensitivity: "SensitivityResult | None" = None, smaa: "SmaaTables | None" = None) -> str:
        """The self-contained HTML report (``vsm-xl report``); the sensitivity section from
        ``sensitivity`` and the SMAA-2 section from ``smaa`` or, with an evaluation, from
        :meth:`sensitivity` and :meth:`smaa` with their defaults."""
        from vsm_xl.report.html import html_report

        if sensitivity is None and self.analysis.evaluation is not None:
            sensitivity = self.sensitivity()
        if smaa is None and self.analysis.evaluation is not None:
            smaa = self.smaa()
        return html_report(self.analysis, sensitivity.found if sensitivity else None, self.warnings,
                           smaa=smaa.found if smaa else None)

    def to_text(self, width: int = 120) -> str:
        from vsm_xl.io.tables import render_tables

        return render_tables(self.analysis, self.warnings, width=width)


class SensitivityResult:
    """The sensitivity of an evaluation (:class:`vsm_xl.core.sensitivity.Sensitivity` in
    ``.found``) with DataFrame views; shares are fractions."""

    def __init__(self, found):
        self.found = found

    def __repr__(self) -> str:
        r = self.found.robustness
        return f"<vsm_xl SensitivityResult best {self.best!r}: {r.draws} draws ({r.distribution}), {r.ranges} ranges>"

    @property
    def best(self) -> str:
        return self.found.best

    def weights(self):
        """One row per indicator: group, weight, the interval [low, high] in which the best
        alternative stays best, and the alternative that is best below / above it (None at 0 / 1)."""
        import pandas as pd

        columns = ["indicator", "group", "weight", "low", "high", "below", "above"]
        return pd.DataFrame([{c: getattr(s, c) for c in columns} for s in self.found.weights], columns=columns)

    def alternatives(self):
        """One row per alternative: its WBF, the probability of ranking first over the draws
        (``p_best``), the WBF's P5 / median / P95 and the exact rank range under the ranges."""
        import pandas as pd

        r = self.found.robustness
        rows = [{"name": a.name, "wbf": a.wbf_likely, "p_best": a.first_share if r.draws else None,
                 "wbf_p5": a.wbf_p5, "wbf_median": a.wbf_median, "wbf_p95": a.wbf_p95,
                 "rank": a.rank_likely, "rank_best": a.rank_best, "rank_worst": a.rank_worst}
                for a in r.alternatives]
        frame = pd.DataFrame(rows, columns=["name", "wbf", "p_best", "wbf_p5", "wbf_median", "wbf_p95", "rank",
                                            "rank_best", "rank_worst"])
        for column in ("p_best", "wbf_p5", "wbf_median", "wbf_p95"):
            frame[column] = frame[column].astype("float64")
        return frame

    def to_dict(self) -> dict:
        """The ``vsm-xl sensitivity --format json`` document."""
        from vsm_xl.io.sensitivity_report import sensitivity_dict

        return sensitivity_dict(self.found)


class SmaaTables:
    """SMAA-2 of an evaluation (:class:`vsm_xl.core.smaa.SmaaResult` in ``.found``) with
    DataFrame views; shares and weights are fractions."""

    def __init__(self, found):
        self.found = found

    def __repr__(self) -> str:
        f = self.found
        return f"<vsm_xl SmaaTables: {len(f.alternatives)} alternatives, {f.draws} draws ({f.distribution}), seed {f.seed}>"

    def rank_acceptability(self):
        """One row per alternative: ``name`` and ``rank_1`` … ``rank_m``, the share of the draws in
        which it had that rank (b^r)."""
        import pandas as pd

        ranks = [f"rank_{r}" for r in range(1, len(self.found.alternatives) + 1)]
        return pd.DataFrame([{"name": a.name, **dict(zip(ranks, a.acceptability))} for a in self.found.alternatives],
                            columns=["name", *ranks])

    def central_weights(self):
        """One row per alternative: ``name`` and one column per indicator (model order) with its
        central weight (each group's weights sum to 1); NaN where it never ranks first."""
        import pandas as pd

        f = self.found
        rows = [{"name": a.name, **dict(zip(f.indicators, a.central_weights or (None,) * len(f.indicators)))}
                for a in f.alternatives]
        return pd.DataFrame(rows, columns=["name", *f.indicators]).astype({n: "float64" for n in f.indicators})

    def confidence(self):
        """One row per alternative: ``name``, ``first`` (b^1) and ``confidence``, the share of the
        value draws in which it ranks first at its central weights (NaN where it never ranks first)."""
        import pandas as pd

        rows = [{"name": a.name, "first": a.first_share, "confidence": a.confidence} for a in self.found.alternatives]
        return pd.DataFrame(rows, columns=["name", "first", "confidence"]).astype({"confidence": "float64"})

    def winning(self):
        """The pairwise winning matrix: one row per alternative (``name``) and one column per
        alternative, the share of the draws in which the row ranks better than the column (NaN on
        the diagonal)."""
        import pandas as pd

        f = self.found
        rows = [{"name": name, **dict(zip(f.names, f.winning[i]))} for i, name in enumerate(f.names)]
        return pd.DataFrame(rows, columns=["name", *f.names]).astype({n: "float64" for n in f.names})

    def to_dict(self) -> dict:
        """The ``smaa`` key of ``vsm-xl sensitivity --smaa --format json``."""
        from vsm_xl.io.smaa_report import smaa_dict

        return smaa_dict(self.found)


# -- value stream maps ----------------------------------------------------------------------

def _analysis_of(source) -> Analysis:
    if isinstance(source, Analysis):
        return source
    if isinstance(source, Result):
        return source.analysis
    return _evaluate(source).analysis


def map_drawings(source, *, state: str | None = None) -> list:
    """The map drawing of every state with steps (current state first), or of the state named
    ``state``; ``source`` is anything :func:`evaluate` takes, a Result or an Analysis."""
    from vsm_xl.io.map_drawing import state_drawings

    analysis = _analysis_of(source)
    stream = analysis.value_stream
    if state is not None and not any(s.name == state and s.steps for s in stream.states):
        names = ", ".join(repr(s.name) for s in stream.states if s.steps) or "none"
        raise VsmError(f"no state with steps named {state!r} (states: {names})")
    return state_drawings(analysis, state=state)


def map_svg(source, *, state: str | None = None) -> str:
    """The value stream map of every state (stacked, current state first) or of ``state``, as
    SVG text: supplier, customer with takt, production control and information arrows, process
    and data boxes, inventory triangles, material flow symbols, kaizen bursts and the timeline."""
    from vsm_xl.io.map_svg import svg_text

    return svg_text(map_drawings(source, state=state))


def map_png(source, path=None, *, state: str | None = None, scale: float = 1.0) -> bytes:
    """The same map as :func:`map_svg` as PNG bytes (matplotlib), written atomically to ``path``
    when given; ``scale`` 2 doubles the pixels."""
    from vsm_xl.report.map_png import png_bytes

    data = png_bytes(map_drawings(source, state=state), scale=scale)
    if path is not None:
        from vsm_xl.io.atomic import atomic_path

        with atomic_path(Path(path)) as temporary:
            Path(temporary).write_bytes(data)
    return data


@dataclass(frozen=True)
class Mined:
    """What :func:`mine` measured: ``stream`` (a ValueStream holding the measured current state;
    evaluate it with :func:`evaluate`), ``mining`` (the core's figures,
    :class:`vsm_xl.core.mining.Mining`), ``written`` (the file written or refreshed, or None)."""

    stream: ValueStream
    mining: Mining
    period: str
    written: Path | None = None

    def steps(self):
        """The Measurement table as a DataFrame: one row per step, times in minutes."""
        import pandas as pd

        rows = []
        for s in self.mining.steps:
            row = {"step": s.name, "position": s.position + 1, "cases": s.cases, "events": s.occurrences}
            for key, spread in (("pt", s.process_time), ("wt", s.wait_time), ("lt", s.lead_time)):
                for q in ("p10", "p50", "p90"):
                    row[f"{key}_{q}"] = getattr(spread, q) if spread else None
            row.update(wip=s.wip, wip_little=s.wip_little, complete_accurate=s.complete_accurate,
                       resources=s.resources, owners=", ".join(o for o, _ in s.owners))
            rows.append(row)
        return pd.DataFrame(rows).set_index("step")


def mine(log, *, output=None, refresh=None, case=None, activity=None, start=None, end=None, resource=None,
         period_from=None, period_to=None, force: bool = False) -> Mined:
    """Measure the current state from the event log at ``log`` (.csv, .xlsx, .xes), as
    ``vsm-xl mine``: columns found by their headers or named by ``case=`` ... ``resource=``,
    the period cut by ``period_from`` / ``period_to`` (dates or ISO texts). ``output``: write a
    .yaml/.json model or an .xlsx workbook; ``refresh``: replace the current state of this
    workbook in place and append a History row. Bad logs raise :class:`InputError` naming the
    row and column; nothing is written then."""
    from vsm_xl.io.atomic import check_output
    from vsm_xl.eventlog.outputs import refresh_workbook, write_mined
    from vsm_xl.eventlog.run import mine_log, stream_of

    target = check_output(output, inputs=[log, refresh], force=force) if output else None
    measured = mine_log(log, case=case, activity=activity, start=start, end=end, resource=resource,
                        period_from=period_from, period_to=period_to)
    stream = stream_of(measured)
    written = None
    if refresh is not None:
        written = refresh_workbook(measured, refresh, target)
    elif target is not None:
        written = write_mined(measured, stream, target)
    return Mined(stream, measured.mining, measured.period_text, written)


__all__ = ["Document", "Result", "SensitivityResult", "SmaaTables", "analyze_document", "evaluate", "load", "map_png", "map_svg", "mine", "Mined",
           "read_document"]
