"""The text of every formula the template writes, live (``VSM_*`` cell functions) and native
(what an evaluated copy keeps or writes instead). Only strings here: where they go is
:mod:`vsm_xl.workbook.layout.template_layout`'s business.

Every VSM_* call takes explicit cell references, never defined names: the ``formulas`` engine
(1.3.4) cannot pass a named range into a custom function, and explicit ranges work the same in
every Excel version and in LibreOffice. The defined names are there for people's own formulas
(and native ones such as the weight look-up).

Blank guards (``IF(ISBLANK(..),"",..)``, ``IF(COUNTA(..)=0,"",..)``) keep an unfilled template
quiet: an empty row or block shows nothing instead of an error.
"""
from __future__ import annotations

from vsm_xl.core.value_functions import DEFAULT_CURVATURE
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.formulas import map_formulas
from vsm_xl.workbook.layout.template_layout import cell


# -- Steps ----------------------------------------------------------------------------------
# Settings reach every VSM_* call: the time unit of plain numbers, working hours per day and
# working days per week (blank: calendar time), and the positions of parallel branches.
def durations(values: str, unit: str, hours: str, days: str) -> str:
    """PT and LT of a whole block in minutes, ONE array formula: numbers in the sheet's time
    unit or duration texts, days of ``hours`` hours, weeks of ``days`` days."""
    # IFERROR: without the add-in the call is #NAME?, and LibreOffice recomputes array formulas on
    # opening; the helper then says what is missing instead of showing an error (the visible cells
    # keep their saved results). VSM_* errors are text, not Excel errors: they pass through.
    return (f'=IF(COUNTA({values})=0,"",IFERROR(VSM_DURATION({values},"min",{unit},{hours},{days}),'
            f'"{L.NEEDS_ADD_IN}"))')


def minutes(value_cell: str, helper_cell: str, unit: str | None = None, hours: str | None = None) -> str:
    """A visible PT / LT (min) cell: the helper array's result for a filled input. With the settings
    ``unit`` and ``hours`` given, a plain number computes natively where the helper has no number
    (the add-in is not installed): only a duration text needs the add-in."""
    if unit is None or hours is None:
        return f'=IF(ISBLANK({value_cell}),"",{helper_cell})'
    per = number_factor(unit, hours)
    return (f'=IF(ISBLANK({value_cell}),"",IF(ISNUMBER({helper_cell}),{helper_cell},'
            f'IF(AND(ISNUMBER({value_cell}),{value_cell}>=0,{per}>0),{value_cell}*{per},{helper_cell})))')


def number_factor(unit: str, hours: str) -> str:
    """Minutes in one unit of plain numbers (the Steps setting: min, h or d; a day of ``hours``
    hours, blank = 24), native; 0 for a unit only the add-in reads (its other spellings)."""
    day = f"60*IF(ISNUMBER({hours}),{hours},24)"
    return f'IF(OR({unit}="",{unit}="min"),1,IF({unit}="h",60,IF({unit}="d",{day},0)))'


def _native(call: str, fallback: str) -> str:
    """``call`` (a VSM_* call) where the add-in answers; ``fallback`` (native) where the function is
    unknown (#NAME? in Excel and LibreOffice without the add-in). The add-in's own errors are text,
    not Excel errors: they pass through."""
    return f"IFERROR({call},{fallback})"


def _all_numbers(computed: str, inputs: str) -> str:
    """Every filled input of ``inputs`` has a number in ``computed`` (its minutes)."""
    return f"COUNT({computed})=COUNTA({inputs})"


def from_helper(helper: str) -> str:
    """A hidden helper column's value (as in :func:`minutes`); blank where an evaluated copy left the
    helper empty, not the 0 a reference to an empty cell gives."""
    return f'IF(ISBLANK({helper}),"",{helper})'


def wait_time(lt_min: str, pt_min: str) -> str:
    """WT = LT − PT of a step, native."""
    return difference(lt_min, pt_min)


def total(block: L.StepBlock, key: str) -> str:
    """Total PT, LT (VSM_TOTAL_TIME: parallel branches count once, the longest) or WT (native LT − PT).
    Without the add-in: the native sum where every step's minutes are numbers and no step has a
    position (parallel branches need the add-in)."""
    cols, row = block.columns, block.total_row
    assert row is not None, "a block the builder plans has a total row"
    if key == "wt":
        return difference(cell(cols["lt_min"], row), cell(cols["pt_min"], row))
    guard = f'COUNTA({block.range_of("pt")},{block.range_of("lt")})=0'
    positions = block.range_of("position")
    if key == "pt_min":
        call = f'VSM_TOTAL_TIME({block.range_of("pt_min")},"min","min",24,7,{positions},{block.range_of("lt_min")})'
    else:
        call = f'VSM_TOTAL_TIME({block.range_of("lt_min")},"min","min",24,7,{positions})'
    source = "pt" if key == "pt_min" else "lt"
    native = (f'IF(COUNTA({positions})>0,"{L.NEEDS_ADD_IN}",IF({_all_numbers(block.range_of(key), block.range_of(source))},'
              f'SUM({block.range_of(key)}),"{L.NEEDS_ADD_IN}"))')
    return f'=IF({guard},"",{_native(call, native)})'


# the Total row's PT and LT (input) columns: the totals as the display setting shows them
SHOWN_TOTALS = (("pt", "pt_min", "process"), ("lt", "lt_min", "wait"))


def shown_total(block: L.StepBlock, minutes_key: str, kind: str) -> str:
    """A state's total PT or LT in the Total row, as text by the display setting ("Unit of
    totals": auto = the one display rule, or min/h/d): "56 min", "14 d"."""
    from vsm_xl.workbook.formulas import display_formulas as DF

    assert block.total_row is not None
    total = cell(block.columns[minutes_key], block.total_row)
    day = map_formulas.day_minutes()[1:]
    return "=" + DF.setting_display_formula(total, kind, day, L.SETTING_BY_KEY["display_unit"].name)


def summary(block: L.StepBlock, key: str) -> str:
    """The live formula of one summary row of a state block, each with its native fallback."""
    names = block.range_of("step")
    pt = block.range_of("pt_min")
    lt = block.range_of("lt_min")
    guard = f'COUNTA({names},{block.range_of("pt")},{block.range_of("lt")})=0'  # an empty block
    numbers = (f'AND({_all_numbers(pt, block.range_of("pt"))},{_all_numbers(lt, block.range_of("lt"))},'
               f'COUNT({pt})>0)')
    if key == "flow_efficiency":
        assert block.total_row is not None, "a block the builder plans has a total row"
        total_pt, total_lt = (cell(block.columns[k], block.total_row) for k in ("pt_min", "lt_min"))
        native = (f'IF(AND(ISNUMBER({total_pt}),ISNUMBER({total_lt})),IF({total_lt}>0,{total_pt}/{total_lt},""),'
                  f'"{L.NEEDS_ADD_IN}")')
        call = f'VSM_FLOW_EFFICIENCY({pt},{lt},"min",24,7,{block.range_of("position")})'
        return f'=IF({guard},"",{_native(call, native)})'
    if key == "flow_rating":
        fe = cell(L.SUMMARY_VALUE_COL, block.summary_rows["flow_efficiency"])
        return map_formulas.band(fe)  # native, as on the Map sheet (a VSM_* call fewer per recalculation)
    if key == "rolled_ca":
        ca = block.range_of("ca")
        # 85 and 0.85 both mean 85 % (core.values.to_fraction): numbers above 1 are percents
        native = (f'IF(AND(COUNT({ca})=COUNTA({ca}),MIN({ca})>=0,MAX({ca})<=100),'
                  f'PRODUCT({ca})/100^COUNTIF({ca},">1"),"{L.NEEDS_ADD_IN}")')
        return f'=IF(COUNTA({ca})=0,"",{_native(f"VSM_ROLLED_CA({ca})", native)})'
    if key == "wip":
        inv = block.range_of("inventory")
        native = f'IF(AND(COUNT({inv})=COUNTA({inv}),MIN({inv})>=0),SUM({inv}),"{L.NEEDS_ADD_IN}")'
        return f'=IF(COUNTA({inv})=0,"",{_native(f"VSM_WIP({inv})", native)})'
    resources = block.range_of("resources")
    if key == "capacity_constraint":
        # the first step with the largest PT; PT per resource needs the add-in
        native = (f'IF(AND({numbers},COUNT({resources})=0),INDEX({names},MATCH(MAX({pt}),{pt},0)),'
                  f'"{L.NEEDS_ADD_IN}")')
        return f'=IF({guard},"",{_native(f"""VSM_BOTTLENECK({names},{pt},{lt},"constraint",{resources})""", native)})'
    if key == "largest_delay":
        wt = block.range_of("wt")  # the native WT column: LT − PT of each step
        native = f'IF({numbers},INDEX({names},MATCH(MAX({wt}),{wt},0)),"{L.NEEDS_ADD_IN}")'
        return f'=IF({guard},"",{_native(f"""VSM_BOTTLENECK({names},{pt},{lt},"delay",{resources})""", native)})'
    raise KeyError(key)


def takt(demand: str, available: str, unit: str, hours: str, days: str) -> str:
    """Takt in minutes: VSM_TAKT_TIME(available, demand, result unit, unit of plain numbers, hours, days);
    natively for a plain number of available time."""
    per = number_factor(unit, hours)
    native = (f'IF(AND(ISNUMBER({available}),ISNUMBER({demand}),{per}>0),IF({demand}>0,{available}*{per}/{demand},""),'
              f'"{L.NEEDS_ADD_IN}")')
    call = f'VSM_TAKT_TIME({available},{demand},"min",{unit},{hours},{days})'
    return f'=IF(OR(ISBLANK({demand}),ISBLANK({available})),"",{_native(call, native)})'


# -- Indicators -----------------------------------------------------------------------------
def partial_benefits(names: str, values: str, worst: str, best: str, function: str, curvature: str) -> str:
    return (f'=IF(COUNTA({names})=0,"",'
            f'VSM_PARTIAL_BENEFIT({values},{worst},{best},{function},{curvature}))')


def partial_benefit(name: str, value: str, worst: str, best: str, function: str, curvature: str) -> str:
    """u of one value, native (METHOD.md 2.2): t = (x − worst) / (best − worst) clipped to [0, 1];
    linear u = t, exponential u = (e^(−c·t) − 1) / (e^(−c) − 1), c blank = 2. Blank where the value
    is no number (blank, or a measured value that shows nothing)."""
    t = f"MAX(0,MIN(1,({value}-{worst})/({best}-{worst})))"  # 0 and 1 stay exactly 0 and 1 below
    c = f'IF(ISBLANK({curvature}),{DEFAULT_CURVATURE:g},{curvature})'
    return (f'=IF(OR(ISBLANK({name}),NOT(ISNUMBER({value}))),"",IF(AND({function}="exponential",ABS({c})>=1E-9),'
            f'(EXP(-{c}*{t})-1)/(EXP(-{c})-1),{t}))')


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


def weights_by_sums(sums: str) -> str:
    """The 0/1/2 scheme's weights of a whole column, native (row sum / Σ; one indicator alone
    weighs 1): what the weights show where the cell functions are not installed."""
    return f'IF(COUNT({sums})=1,IF(ISNUMBER({sums}),1,""),IFERROR({sums}/SUM({sums}),""))'


def weights(matrix: str, names: str) -> str:
    return f'=IF(COUNTA({names})=0,"",VSM_WEIGHTS({matrix},{names}))'


def ranks(matrix: str, names: str) -> str:
    return f'=IF(COUNTA({names})=0,"",VSM_RANKS({matrix},{names}))'


# -- Results --------------------------------------------------------------------------------
def overall_benefit_native(benefits: str, weights: str) -> str:
    """G of one alternative = Σ u·g over the group's weights (rescaled to sum to 1). Native. Where the
    weights wait for the add-in (AHP, a team's pooled weights) it says so instead of dividing by 0."""
    return (f'=IF(COUNT({benefits})=0,"",IF(SUM({weights})>0,SUMPRODUCT({benefits},{weights})/SUM({weights}),'
            f'IF(COUNTIF({weights},"{L.NEEDS_ADD_IN}*")>0,"{L.NEEDS_ADD_IN}","")))')


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


def best(names: str, wbfs: str, gs: str) -> str:
    """The alternative with the lowest WBF; where none has one: what the G cells ``gs`` wait for (the
    add-in), else that there is no evaluation yet."""
    return (f'=IF(COUNT({wbfs})=0,IF(COUNTIF({gs},"{L.NEEDS_ADD_IN}*")>0,"{L.NEEDS_ADD_IN_WEIGHTS}",'
            f'"{L.NO_EVALUATION}"),INDEX({names},MATCH(MIN({wbfs}),{wbfs},0)))')


def best_wbf(wbfs: str) -> str:
    return f'=IF(COUNT({wbfs})=0,"",MIN({wbfs}))'


def curve_angle(wbf_cell: str, angle: str) -> str:
    """The angle (degrees) of a curve point: θ in 0..90 spread over the part of the quarter
    circle inside the unit square. For a WBF r above 1 that part runs from acos(1/r) to
    90° − acos(1/r) (the circle meets the y axis and the x axis there); below 1 it is all of it.
    :func:`vsm_xl.core.benefits.indifference_curve` draws the same arc."""
    edge = f"DEGREES(ACOS(1/{wbf_cell}))"
    return f"IF({wbf_cell}>1,{edge}+{angle}*(90-2*{edge})/90,{angle})"


def curve_x(wbf_cell: str, angle: str, name_cell: str) -> str:
    """x = 1 − WBF·cos φ (φ from :func:`curve_angle`; MAX(0, ...) only absorbs rounding);
    #N/A (a gap in the chart) for a named alternative without a WBF; blank for an unused column."""
    return (f'=IF(ISNUMBER({wbf_cell}),MAX(0,1-{wbf_cell}*COS(RADIANS({curve_angle(wbf_cell, angle)}))),'
            f'IF(LEN({name_cell})=0,"",NA()))')


def curve_y(wbf_cell: str, angle: str, name_cell: str) -> str:
    return (f'=IF(ISNUMBER({wbf_cell}),MAX(0,1-{wbf_cell}*SIN(RADIANS({curve_angle(wbf_cell, angle)}))),'
            f'IF(LEN({name_cell})=0,"",NA()))')


def curve_label(name_cell: str) -> str:
    return f'=IF(ISBLANK({name_cell}),"",{name_cell}&" (WBF curve)")'


# -- evaluated copies -----------------------------------------------------------------------
def difference(a: str, b: str) -> str:
    return f'=IF(AND(ISNUMBER({a}),ISNUMBER({b})),{a}-{b},"")'


def ratio(a: str, b: str) -> str:
    return f"={a}/{b}"


def plain_sum(rng: str) -> str:
    return f"=SUM({rng})"



