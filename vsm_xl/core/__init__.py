"""The pure computational core of vsm_xl: plain functions on plain data, no I/O, no
openpyxl, no xlwings (importable in xlwings Lite / Pyodide).

Where each formula of METHOD.md lives:

- durations (``15m``, ``2 h 30 m``)          -> :mod:`vsm_xl.core.durations`
- numbers and percents as typed               -> :mod:`vsm_xl.core.values`
- the document model (steps, states, ...)     -> :mod:`vsm_xl.core.model`
- the map's vocabulary (customer, supplier,
  information and material flows, bursts)     -> :mod:`vsm_xl.core.flows`
- totals, flow efficiency, band, rolled %C&A,
  WIP, bottlenecks, state comparison          -> :mod:`vsm_xl.core.state_metrics`
- takt time, inventory days, Little's law     -> :mod:`vsm_xl.core.demand`
- flow degree, EPEI, OEE, space, payback      -> :mod:`vsm_xl.core.indicators`
- indicator values measured from the states   -> :mod:`vsm_xl.core.measures`
- value functions, partial benefits           -> :mod:`vsm_xl.core.value_functions`
- 0/1/2 pairwise weights and ranks            -> :mod:`vsm_xl.core.pairwise`
- overall benefit, WBF, indifference curves   -> :mod:`vsm_xl.core.benefits`
- whole evaluation of alternatives            -> :mod:`vsm_xl.core.evaluation`
- improvement plan ordering                   -> :mod:`vsm_xl.core.improvements`
- AHP weights (Saaty 1-9, eigenvector, CR)    -> :mod:`vsm_xl.core.ahp`
- team weighting (pooled matrices), consensus  -> :mod:`vsm_xl.core.team`
- a group's weights by its scheme and team    -> :mod:`vsm_xl.core.weighting`
- one weight's stability on plain data        -> :mod:`vsm_xl.core.weight_range`
- the checklist's waste analysis              -> :mod:`vsm_xl.core.waste_analysis`
- weight stability, rank robustness           -> :mod:`vsm_xl.core.sensitivity`
- SMAA-2 acceptabilities, central weights     -> :mod:`vsm_xl.core.smaa`
- SMAA-2 indices of any sampled model         -> :mod:`vsm_xl.core.smaa_indices`
- uncertain step times (p5 / median / p95)    -> :mod:`vsm_xl.core.time_ranges`
- everything at once (states, comparisons,
  evaluation) for one value stream            -> :mod:`vsm_xl.core.analysis`
- the one exception tree (VsmError)           -> :mod:`vsm_xl.core.errors`

``__all__`` below is the public API of the core (listed in docs/api.md and checked by
tests/test_public_api.py); the submodules hold further helpers.
"""
from vsm_xl.core.ahp import RANDOM_INDEX, AhpResult, ahp_weights
from vsm_xl.core.analysis import Analysis, analyze
from vsm_xl.core.benefits import indifference_curve, overall_benefit, rank_by_wbf, wbf
from vsm_xl.core.demand import inventory_days, littles_law_wait, takt_time
from vsm_xl.core.durations import CALENDAR, DurationRule, format_duration, parse_duration
from vsm_xl.core.errors import (
    CellError, ClusterError, ConversionError, DivisionError, DurationError, InputError, ModelError, NoDataError,
    NoTableError, Notice, OutputError, PairwiseError, Problem, SourceError, ValidationError,
    ValueFunctionError, VsmError,
)
from vsm_xl.core.evaluation import AlternativeResult, EvaluationResult, check_evaluation, evaluate
from vsm_xl.core.flows import (
    INFORMATION_KINDS, MATERIAL_FLOWS, PARTNERS, Burst, InformationFlow, MaterialFlow, Partner, ProductionControl,
    Shipment, bursts, check_flows,
)
from vsm_xl.core.improvements import prioritized
from vsm_xl.core.indicators import epei, flow_degree, oee, payback_period, space
from vsm_xl.core.measures import MEASURES, Measure, measure_value, resolve_measures
from vsm_xl.core.model import (
    GROUPS, MONETARY, NON_MONETARY, Demand, EvaluationModel, Improvement, Indicator,
    PairwiseMatrix, Participant, RoadmapPhase, RootCause, State, Step, ValueStream, Waste,
)
from vsm_xl.core.pairwise import PairwiseWeights, competition_ranks, pairwise_weights
from vsm_xl.core.sensitivity import (
    AlternativeRobustness, Robustness, Sensitivity, WeightStability, analysis_sensitivity, model_ranges,
    rank_robustness, sensitivity, weight_stability, weight_stability_all,
)
from vsm_xl.core.time_ranges import Spread, StateUncertainty, state_uncertainty, total_draws
from vsm_xl.core.smaa import (
    SmaaAlternative, SmaaResult, WeightSampling, analysis_smaa, smaa, uniform_simplex, weight_sampling,
)
from vsm_xl.core.smaa_indices import RankIndices, confidence_factor, rank_indices
from vsm_xl.core.measured_draws import measured_samples
from vsm_xl.core.state_metrics import (
    StateComparison, StateSummary, compare_states, flow_efficiency, flow_rating,
    rolled_complete_accurate, summarize_state,
)
from vsm_xl.core.team import Consensus, TeamWeights, pool_ahp, pool_pairwise, shannon_consensus
from vsm_xl.core.waste_analysis import WasteFigures, waste_analysis
from vsm_xl.core.weight_range import weight_range
from vsm_xl.core.weighting import GroupWeights, ParticipantWeights, single_weights, team_weights
from vsm_xl.core.value_functions import ValueFunction, partial_benefit, partial_benefits

__all__ = [
    # the document model
    "Demand", "EvaluationModel", "GROUPS", "Improvement", "Indicator", "MONETARY", "NON_MONETARY",
    "PairwiseMatrix", "Participant", "RoadmapPhase", "RootCause", "State", "Step", "ValueStream", "Waste",
    # the map's vocabulary
    "Burst", "INFORMATION_KINDS", "InformationFlow", "MATERIAL_FLOWS", "MaterialFlow", "PARTNERS", "Partner",
    "ProductionControl", "Shipment", "bursts", "check_flows",
    # a whole value stream at once
    "Analysis", "analyze",
    # durations
    "CALENDAR", "DurationRule", "format_duration", "parse_duration",
    # state metrics
    "StateComparison", "StateSummary", "compare_states", "flow_efficiency", "flow_rating",
    "rolled_complete_accurate", "summarize_state",
    # demand and further indicators
    "epei", "flow_degree", "inventory_days", "littles_law_wait", "oee", "payback_period", "space",
    "takt_time",
    # measured indicators (one study: values from the states)
    "MEASURES", "Measure", "measure_value", "resolve_measures",
    # improvement plan and the checklist's waste analysis
    "WasteFigures", "prioritized", "waste_analysis",
    # comprehensive evaluation
    "AlternativeResult", "EvaluationResult", "PairwiseWeights", "ValueFunction", "check_evaluation",
    "competition_ranks", "evaluate", "indifference_curve", "overall_benefit", "pairwise_weights",
    "partial_benefit", "partial_benefits", "rank_by_wbf", "wbf",
    # AHP and team weighting
    "AhpResult", "Consensus", "GroupWeights", "ParticipantWeights", "RANDOM_INDEX", "TeamWeights", "ahp_weights",
    "pool_ahp", "pool_pairwise", "shannon_consensus", "single_weights", "team_weights",
    # sensitivity
    "AlternativeRobustness", "Robustness", "Sensitivity", "WeightStability", "analysis_sensitivity",
    "model_ranges", "rank_robustness", "sensitivity", "weight_range", "weight_stability", "weight_stability_all",
    # SMAA-2
    "SmaaAlternative", "SmaaResult", "WeightSampling", "analysis_smaa", "smaa", "uniform_simplex", "weight_sampling",
    "RankIndices", "confidence_factor", "rank_indices", "measured_samples",
    "Spread", "StateUncertainty", "state_uncertainty", "total_draws",
    # errors and problems
    "CellError", "ClusterError", "ConversionError", "DivisionError", "DurationError", "InputError", "ModelError",
    "NoDataError", "NoTableError", "Notice", "OutputError", "PairwiseError", "Problem", "SourceError",
    "ValidationError", "ValueFunctionError", "VsmError",
]
