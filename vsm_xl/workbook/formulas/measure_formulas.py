"""The text of the native formulas that give measured indicators their values (core.measures):
the table *Measures of the states* on the Indicators sheet (one row per Steps block, one column
per measure, in the measure's base unit: times in minutes, shares as fractions) and the value
cells of the indicators, which look their state's figure up in that table and convert it into
the row's unit. Native only (no ``VSM_*`` call): they compute in any spreadsheet from the Steps
sheet's cells, and a change of a step's lead time reaches the partial benefits, G and the WBF.

What each figure is comes from :mod:`vsm_xl.core.measures` (the list, kinds and default units)
and :mod:`vsm_xl.core.durations` (the spellings of the time units); where the cells are from
:mod:`vsm_xl.workbook.layout.template_layout`.
"""
from __future__ import annotations

from vsm_xl.core.durations import UNIT_WORDS
from vsm_xl.core.measures import MEASURES, PERCENT_UNITS, SHARE, TIME
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout.template_layout import area, cell

STEPS = L.sheet_ref(L.STEPS)
PACEMAKER = "pacemaker"  # the column after the measures: the pacemaker's row in its block (1 = first)
PACEMAKER_UNIT = "step #"


def _setting(key: str) -> str:
    return L.SETTING_BY_KEY[key].name


def _hours() -> str:
    hours = _setting("hours_per_day")
    return f"IF(N({hours})>0,{hours},24)"


def _days() -> str:
    days = _setting("days_per_week")
    return f"IF(N({days})>0,{days},7)"


def _number_minutes() -> str:
    """Minutes in one unit of plain numbers on the Steps sheet (the Time unit setting)."""
    unit = _setting("time_unit")
    return f'IF({unit}="h",60,IF({unit}="d",60*{_hours()},1))'


def _share(x: str) -> str:
    """A typed share as a fraction (85 or 0.85; core.values.to_fraction)."""
    return f"IF({x}>1,{x}/100,{x})"


def minutes_per(unit: str) -> str:
    """Minutes in one ``unit`` (a lower-case, trimmed expression) by the settings' working time,
    as :meth:`vsm_xl.core.durations.DurationRule.minutes_per`; #N/A for no time unit. One look-up
    of the spelling among every spelling the core accepts, then the factor of its unit."""
    order = ("s", "min", "h", "d", "w")
    factors = ("1/60", "1", "60", f"60*{_hours()}", f"60*{_hours()}*{_days()}")
    words = [(w, order.index(canonical) + 1) for canonical in order for w in UNIT_WORDS[canonical]]
    spellings = ",".join(f'"{w}"' for w, _ in words)
    codes = ",".join(str(code) for _, code in words)
    return f"CHOOSE(INDEX({{{codes}}},MATCH({unit},{{{spellings}}},0)),{','.join(factors)})"


# -- the table of the states' measures ----------------------------------------------------------
def _steps(ref: str) -> str:
    return f"{STEPS}!{ref}"


def _col(block: L.StepBlock, key: str) -> str:
    return _steps(block.range_of(key, absolute=True))


def _summary(block: L.StepBlock, key: str) -> str:
    return _steps(cell(L.SUMMARY_VALUE_COL, block.summary_rows[key], absolute=True))


def _total(block: L.StepBlock, key: str) -> str:
    assert block.total_row is not None  # a block the builder plans has its totals row
    return _steps(cell(block.columns[key], block.total_row, absolute=True))


def state_name(block: L.StepBlock) -> str:
    name = _steps(cell(L.STATE_NAME_COL, block.marker_row, absolute=True))
    return f'=IF({name}="","",{name})'


def pacemaker(block: L.StepBlock) -> str:
    """The pacemaker's row in its block: the step marked as the bottleneck, else the capacity
    constraint (core.measures.pacemaker)."""
    names = _col(block, "step")
    found = f'IFERROR(MATCH("yes",{_col(block, "bottleneck")},0),MATCH({_summary(block, "capacity_constraint")},' \
            f'{names},0))'
    return f'=IF(COUNTA({names})=0,"",IFERROR({found},""))'


def figure(key: str, block: L.StepBlock, pacemaker_cell: str, improvements: L.PlainTable | None) -> str:
    """The formula of measure ``key`` of the state in ``block`` in its base unit (blank where the
    state cannot give it: core.measures reports a problem there)."""
    names = _col(block, "step")
    expr = _figure(key, block, pacemaker_cell, improvements)
    return f'=IF(COUNTA({names})=0,"",IFERROR({expr},""))'


def _figure(key: str, block: L.StepBlock, p: str, improvements) -> str:
    lt, pt = _total(block, "lt_min"), _total(block, "pt_min")
    if key in ("lead_time", "process_time", "wait_time"):
        total = {"lead_time": lt, "process_time": pt, "wait_time": _total(block, "wt")}[key]
        return f'IF(ISNUMBER({total}),{total},"")'
    if key == "flow_degree":
        return f'IF(AND(ISNUMBER({lt}),ISNUMBER({pt})),IF({pt}>0,{lt}/{pt},""),"")'
    summary = {"flow_efficiency": "flow_efficiency", "wip": "wip", "rolled_ca": "rolled_ca"}
    if key in summary:
        value = _summary(block, summary[key])
        return f'IF(ISNUMBER({value}),{value},"")'
    if key == "inventory_days":
        wip, units, per_day = _summary(block, "wip"), _setting("demand_units"), _setting("periods_per_day")
        return (f'IF(AND(ISNUMBER({wip}),N({units})>0),{wip}/({units}*IF(N({per_day})>0,{per_day},1)),"")')
    if key == "space":
        areas = _col(block, "area")
        return f'IF(COUNT({areas})=0,"",SUM({areas}))'
    if key in ("investment", "annual_savings"):
        if improvements is None:
            return "0"
        states = area(improvements.columns["states"], improvements.first_row, improvements.columns["states"],
                      improvements.last_row, absolute=True)
        amounts = area(improvements.columns["cost" if key == "investment" else key], improvements.first_row,
                       improvements.columns["cost" if key == "investment" else key], improvements.last_row,
                       absolute=True)
        sheet = L.sheet_ref(L.IMPROVEMENTS)
        name = _steps(cell(L.STATE_NAME_COL, block.marker_row, absolute=True))
        listed = f'";"&SUBSTITUTE(SUBSTITUTE({sheet}!{states},"; ",";")," ;",";")&";"'
        return f'SUMPRODUCT(ISNUMBER(FIND(";"&{name}&";",{listed}))*{sheet}!{amounts})'

    def at(column: str) -> str:
        return f"INDEX({_col(block, column)},{p})"

    if key == "oee":
        a, q, f = at("availability"), at("quality"), at("performance")
        return (f'IF(AND(ISNUMBER({p}),ISNUMBER({a}),ISNUMBER({f}),ISNUMBER({q})),'
                f'{_share(a)}*{_share(f)}*{_share(q)},"")')
    if key == "epei":  # (BZ + C/O x variants) / 60 / (RES x V x AZ), in days
        bz, co, v, res, av = at("operating_time"), at("changeover"), at("variants"), at("resources"), at("availability")
        um = _number_minutes()
        return (f'IF(AND(ISNUMBER({p}),ISNUMBER({bz}),ISNUMBER({co}),ISNUMBER({av})),'
                f'({bz}*{um}/60+{co}*{um}*IF(ISNUMBER({v}),{v},1)/60)/'
                f'(IF(N({res})>0,{res},1)*{_share(av)}*{_hours()}),"")')
    raise KeyError(key)


def default_unit(measure) -> str:
    """The unit a blank Unit cell means: the time measures' own; shares and plain figures none."""
    return measure.unit if measure.kind == TIME else ""


# -- the value cells of the indicators ----------------------------------------------------------
def measured_value(measure_cell: str, unit_cell: str, state_cell: str, alternative_cell: str) -> str:
    """A value cell of an indicator: blank without a measure; else the figure of the state the
    alternative is (its State cell, blank = the alternative's name) in the row's unit."""
    state = f'IF({state_cell}="",{alternative_cell},{state_cell})'
    k = f"MATCH({measure_cell},{L.MEAS_KEYS},0)"
    base = f"INDEX({L.MEAS_VALUES},MATCH({state},{L.MEAS_STATES},0),{k})"
    kind = f"INDEX({L.MEAS_KINDS},{k})"
    unit = f"LOWER(TRIM({unit_cell}))"
    time_unit = f'IF({unit}="",LOWER(INDEX({L.MEAS_UNITS},{k})),{unit})'
    percent = "OR(" + ",".join(f'{unit}="{p}"' for p in PERCENT_UNITS) + ")"
    value = (f'IF({kind}="{TIME}",{base}/{minutes_per(time_unit)},'
             f'IF({kind}="{SHARE}",{base}*IF({percent},100,1),{base}))')
    return f'=IF(OR({measure_cell}="",{state}=""),"",IFERROR(IF(ISNUMBER({base}),{value},""),""))'


def measure_list() -> str:
    """The drop-down of the Measure column: every key of core.measures."""
    return ",".join(m.key for m in MEASURES)
