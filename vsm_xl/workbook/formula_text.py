"""The text of every formula the template writes, live (``VSM_*`` cell functions) and native
(what an evaluated copy keeps or writes instead). Only strings here: where they go is
:mod:`vsm_xl.workbook.layout`'s business.

Every VSM_* call takes explicit cell references, never defined names: the ``formulas`` engine
(1.3.4) cannot pass a named range into a custom function, and explicit ranges work the same in
every Excel version and in LibreOffice. The defined names are there for people's own formulas
(and native ones such as the weight look-up).

Blank guards (``IF(ISBLANK(..),"",..)``, ``IF(COUNTA(..)=0,"",..)``) keep an unfilled template
quiet: an empty row or block shows nothing instead of an error.
"""
from __future__ import annotations

from vsm_xl.workbook import layout as L
from vsm_xl.workbook.layout import cell


# -- Steps ----------------------------------------------------------------------------------
def minutes(value_cell: str, unit: str, hours: str) -> str:
    """PT / LT in minutes from a number in the sheet's time unit (``unit``) or a duration text,
    days of ``hours`` hours: VSM_DURATION(text, result unit, unit of plain numbers, hours per day)."""
    return f'=IF(ISBLANK({value_cell}),"",VSM_DURATION({value_cell},"min",{unit},{hours}))'


def wait_time(lt_min: str, pt_min: str, lt: str, pt: str) -> str:
    return f'=IF(OR(ISBLANK({lt}),ISBLANK({pt})),"",VSM_WAIT_TIME({lt_min},{pt_min}))'


def total(rng: str, inputs: str) -> str:
    return f'=IF(COUNTA({inputs})=0,"",VSM_TOTAL_TIME({rng}))'


def summary(block: L.StepBlock, key: str) -> str:
    """The live formula of one summary row of a state block."""
    names = block.range_of("step")
    pt = block.range_of("pt_min")
    lt = block.range_of("lt_min")
    guard = f'COUNTA({names},{block.range_of("pt")},{block.range_of("lt")})=0'  # an empty block
    if key == "flow_efficiency":
        return f'=IF({guard},"",VSM_FLOW_EFFICIENCY({pt},{lt}))'
    if key == "flow_rating":
        fe = cell(L.SUMMARY_VALUE_COL, block.summary_rows["flow_efficiency"])
        return f'=IF(ISNUMBER({fe}),VSM_FLOW_RATING({fe}),"")'
    if key == "rolled_ca":
        ca = block.range_of("ca")
        return f'=IF(COUNTA({ca})=0,"",VSM_ROLLED_CA({ca}))'
    if key == "wip":
        inv = block.range_of("inventory")
        return f'=IF(COUNTA({inv})=0,"",VSM_WIP({inv}))'
    resources = block.range_of("resources")
    if key == "capacity_constraint":
        return f'=IF({guard},"",VSM_BOTTLENECK({names},{pt},{lt},"constraint",{resources}))'
    if key == "largest_delay":
        return f'=IF({guard},"",VSM_BOTTLENECK({names},{pt},{lt},"delay",{resources}))'
    raise KeyError(key)


def takt(demand: str, available: str, unit: str, hours: str) -> str:
    """Takt in minutes: VSM_TAKT_TIME(available, demand, result unit, unit of plain numbers, hours)."""
    return (f'=IF(OR(ISBLANK({demand}),ISBLANK({available})),"",'
            f'VSM_TAKT_TIME({available},{demand},"min",{unit},{hours}))')


# -- Indicators -----------------------------------------------------------------------------
def partial_benefits(names: str, values: str, worst: str, best: str, function: str, curvature: str) -> str:
    return (f'=IF(COUNTA({names})=0,"",'
            f'VSM_PARTIAL_BENEFIT({values},{worst},{best},{function},{curvature}))')


def weight_in_group(name: str, group: str) -> str:
    m, n = L.GROUP_PREFIX["monetary"], L.GROUP_PREFIX["non-monetary"]
    return (f'=IF(ISBLANK({name}),"",IF({group}="monetary",'
            f'INDEX({m}_Weights,MATCH({name},{m}_Names,0)),'
            f'INDEX({n}_Weights,MATCH({name},{n}_Names,0))))')


def weight_if(group_cell: str, weight_cell: str, name: str, group: str) -> str:
    return f'=IF(ISBLANK({name}),"",IF({group_cell}="{group}",{weight_cell},0))'


def mirror(source: str) -> str:
    """A header that repeats a name typed elsewhere."""
    return f'=IF(ISBLANK({source}),"",{source})'


# -- Pairwise -------------------------------------------------------------------------------
def lower_triangle(upper: str) -> str:
    """a_ji = 2 − a_ij, derived from the upper triangle."""
    return f'=IF(ISBLANK({upper}),"",2-{upper})'


def row_sum(name: str, rng: str) -> str:
    return f'=IF(ISBLANK({name}),"",SUM({rng}))'


def weights(matrix: str, names: str) -> str:
    return f'=IF(COUNTA({names})=0,"",VSM_WEIGHTS({matrix},{names}))'


def ranks(matrix: str, names: str) -> str:
    return f'=IF(COUNTA({names})=0,"",VSM_RANKS({matrix},{names}))'


# -- Results --------------------------------------------------------------------------------
def overall_benefit(names: str, benefits: str, weights: str) -> str:
    return f'=IF(COUNTA({names})=0,"",VSM_OVERALL_BENEFIT({benefits},{weights}))'


def wbf(names: str, g_monetary: str, g_non_monetary: str) -> str:
    return f'=IF(COUNTA({names})=0,"",VSM_WBF({g_monetary},{g_non_monetary}))'


def wbf_native(g_monetary: str, g_non_monetary: str) -> str:
    """The WBF written natively in an evaluated copy: sqrt((Gm − 1)² + (Gn − 1)²)."""
    return (f'=IF(AND(ISNUMBER({g_monetary}),ISNUMBER({g_non_monetary})),'
            f'SQRT(({g_monetary}-1)^2+({g_non_monetary}-1)^2),"")')


def rank(wbf_cell: str, wbf_row: str) -> str:
    return f'=IF(ISNUMBER({wbf_cell}),RANK({wbf_cell},{wbf_row},1),"")'


def best(names: str, wbfs: str) -> str:
    return f'=IF(COUNT({wbfs})=0,"",INDEX({names},MATCH(MIN({wbfs}),{wbfs},0)))'


def best_wbf(wbfs: str) -> str:
    return f'=IF(COUNT({wbfs})=0,"",MIN({wbfs}))'


def curve_angle(wbf_cell: str, angle: str) -> str:
    """The angle (degrees) of a curve point: θ in 0..90 spread over the part of the quarter
    circle inside the unit square. For a WBF r above 1 that part runs from acos(1/r) to
    90° − acos(1/r) (the circle meets the y axis and the x axis there); below 1 it is all of it.
    :func:`vsm_xl.core.benefits.indifference_curve` draws the same arc."""
    edge = f"DEGREES(ACOS(1/{wbf_cell}))"
    return f"IF({wbf_cell}>1,{edge}+{angle}*(90-2*{edge})/90,{angle})"


def curve_x(wbf_cell: str, angle: str) -> str:
    """x = 1 − WBF·cos φ (φ from :func:`curve_angle`; MAX(0, ...) only absorbs rounding);
    #N/A (a gap in the chart) without a WBF."""
    return f'=IF(ISNUMBER({wbf_cell}),MAX(0,1-{wbf_cell}*COS(RADIANS({curve_angle(wbf_cell, angle)}))),NA())'


def curve_y(wbf_cell: str, angle: str) -> str:
    return f'=IF(ISNUMBER({wbf_cell}),MAX(0,1-{wbf_cell}*SIN(RADIANS({curve_angle(wbf_cell, angle)}))),NA())'


def curve_label(name_cell: str) -> str:
    return f'=IF(ISBLANK({name_cell}),"",{name_cell}&" (WBF curve)")'


# -- evaluated copies -----------------------------------------------------------------------
def difference(a: str, b: str) -> str:
    return f'=IF(AND(ISNUMBER({a}),ISNUMBER({b})),{a}-{b},"")'


def ratio(a: str, b: str) -> str:
    return f"={a}/{b}"


def plain_sum(rng: str) -> str:
    return f"=SUM({rng})"



