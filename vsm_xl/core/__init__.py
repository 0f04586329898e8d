"""The pure computational core of vsm_xl: plain functions on plain data, no I/O, no
openpyxl, no xlwings (importable in xlwings Lite / Pyodide).

Where each formula of METHOD.md lives:

- durations (``15m``, ``2 h 30 m``)          -> :mod:`vsm_xl.core.durations`
- numbers and percents as typed               -> :mod:`vsm_xl.core.values`
- the document model (steps, states, ...)     -> :mod:`vsm_xl.core.model`
- totals, flow efficiency, band, rolled %C&A,
  WIP, bottlenecks, state comparison          -> :mod:`vsm_xl.core.state_metrics`
- takt time, inventory days, Little's law     -> :mod:`vsm_xl.core.demand`
- flow degree, EPEI, OEE, space, payback      -> :mod:`vsm_xl.core.indicators`
- value functions, partial benefits           -> :mod:`vsm_xl.core.value_functions`
- 0/1/2 pairwise weights and ranks            -> :mod:`vsm_xl.core.pairwise`
- overall benefit, WBF, indifference curves   -> :mod:`vsm_xl.core.benefits`
- whole evaluation of alternatives            -> :mod:`vsm_xl.core.evaluation`
- improvement plan ordering                   -> :mod:`vsm_xl.core.improvements`
- AHP weights (Saaty 1-9, eigenvector, CR)    -> :mod:`vsm_xl.core.ahp`
- team weighting (pooled matrices)            -> :mod:`vsm_xl.core.team`
- weight stability, rank robustness           -> :mod:`vsm_xl.core.sensitivity`
"""
from vsm_xl.core.benefits import indifference_curve, overall_benefit, rank_by_wbf, wbf
from vsm_xl.core.durations import CALENDAR, DurationRule, format_duration, parse_duration
from vsm_xl.core.errors import (
    DivisionError, DurationError, InputError, ModelError, NoDataError, Notice, PairwiseError,
    Problem, ValidationError, ValueFunctionError, VsmError,
)
from vsm_xl.core.evaluation import AlternativeResult, EvaluationResult, check_evaluation, evaluate
from vsm_xl.core.model import (
    GROUPS, MONETARY, NON_MONETARY, Demand, EvaluationModel, Improvement, Indicator,
    PairwiseMatrix, RoadmapPhase, State, Step, ValueStream, Waste,
)
from vsm_xl.core.pairwise import PairwiseWeights, competition_ranks, pairwise_weights
from vsm_xl.core.state_metrics import (
    StateComparison, StateSummary, compare_states, flow_efficiency, flow_rating,
    rolled_complete_accurate, summarize_state,
)
from vsm_xl.core.value_functions import ValueFunction, partial_benefit, partial_benefits
from vsm_xl.core.ahp import RANDOM_INDEX, AhpResult, ahp_weights
from vsm_xl.core.team import TeamWeights, pool_ahp, pool_pairwise
from vsm_xl.core.sensitivity import (
    AlternativeRobustness, Robustness, Sensitivity, WeightStability, analysis_sensitivity, model_ranges,
    rank_robustness, sensitivity, weight_stability, weight_stability_all,
)

__all__ = [name for name in dir() if not name.startswith("_")]
