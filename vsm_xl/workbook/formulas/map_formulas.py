"""The text of the native formulas of the Map and Charts sheets. Native only (no ``VSM_*``
call): every spreadsheet computes them, with or without the add-in. They read the Steps
sheet's cells (inputs and the minutes of PT, LT and WT) and the settings' defined names.
"""
from __future__ import annotations

from vsm_xl.core.state_metrics import BAND_LIMITS, FLOW_RATINGS
from vsm_xl.workbook.formulas import display_formulas as DF
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_flows as LF
from vsm_xl.workbook.layout import map_layout as M

STEPS = L.sheet_ref(L.STEPS)
CHARTS = L.sheet_ref(M.CHARTS)


def steps_cell(key: str, row: int) -> str:
    """``Steps!$F26``: the Steps cell of column ``key`` in ``row``."""
    return f"{STEPS}!{L.cell(L.STEP_COLUMN_INDEX[key], row, absolute=True).replace('$' + str(row), str(row))}"


def charts_cell(key: str, row: int) -> str:
    return f"{CHARTS}!${L.cell(M.DATA_COL[key], row)}"


def blank_unless_step(row: int, expr: str) -> str:
    return f'=IF({steps_cell("step", row)}="","",{expr})'


# -- the unit of times ------------------------------------------------------------------------
def unit_label(auto_unit: str = "h") -> str:
    """The one unit of the Charts sheet, common to every state: min, h or d as set; with
    ``auto`` (or blank) ``auto_unit``, the unit the display rule gives the longest lead time of
    the states when the workbook is written (chart axis titles are fixed text: LibreOffice
    draws no title taken from a cell, so the unit they name is fixed with them)."""
    setting = L.SETTING_BY_KEY["display_unit"].name
    fixed = ",".join(f'{setting}="{u}"' for u in ("min", "h", "d"))
    return f'=IF(OR({fixed}),{setting},"{auto_unit}")'


def unit_minutes(unit_cell: str, day_cell: str) -> str:
    return f'=IF({unit_cell}="s",1/60,IF({unit_cell}="h",60,IF({unit_cell}="d",{day_cell},1)))'


def shown(minutes: str, kind: str) -> str:
    """Formula text (no "=") of ``minutes`` as the display setting says (core/display's rule,
    or the unit set on Steps), one working day being the Charts sheet's minutes per day."""
    return DF.setting_display_formula(minutes, kind, M.DAY_MINUTES_NAME, L.SETTING_BY_KEY["display_unit"].name)


def day_minutes() -> str:
    hours = L.SETTING_BY_KEY["hours_per_day"].name
    return f"=60*IF(AND(ISNUMBER({hours}),N({hours})>0),{hours},24)"


def with_unit(text: str) -> str:
    """A header naming the display unit: ``="PT ("&Map_Unit&")"``."""
    before, _, after = text.partition("{unit}")
    return f'="{before}"&{M.UNIT_NAME}&"{after}"'


# -- Charts: one row per Steps row ----------------------------------------------------------------
def data_step(row: int) -> str:
    return blank_unless_step(row, steps_cell("step", row))


def data_time(key: str, row: int) -> str:
    """PT, WT or LT of a step in the display unit (from the Steps minutes, else natively from its inputs)."""
    src = minutes(key, row)
    return f'=IF(ISNUMBER({src}),({src})/{M.UNIT_MINUTES_NAME},"")'


def data_wait(row: int, pt_shown: str, lt_shown: str) -> str:
    """WT of a step in the display unit: the Steps result, else LT - PT of the same data row
    (``pt_shown``, ``lt_shown``: its PT and LT cells, already derived from the inputs), so the
    long native derivation of PT and LT is written once a row, not again inside WT."""
    wt = steps_cell("wt", row)
    return (f'=IF(ISNUMBER({wt}),{wt}/{M.UNIT_MINUTES_NAME},'
            f'IF(AND(ISNUMBER({lt_shown}),ISNUMBER({pt_shown})),{lt_shown}-{pt_shown},""))')


def data_cycle(row: int, pt_shown: str) -> str:
    """PT per resource in minutes (blank or non-positive resources = 1), from the data row's PT
    cell ``pt_shown`` (in the display unit)."""
    res = steps_cell("resources", row)
    return f'=IF(ISNUMBER({pt_shown}),{pt_shown}*{M.UNIT_MINUTES_NAME}/IF(N({res})>0,{res},1),"")'


def data_takt(step_cell: str) -> str:
    takt = L.SETTING_BY_KEY["takt"].name
    return f'=IF(AND(ISNUMBER({takt}),{step_cell}<>""),{takt},"")'


def on_timeline(lt: str, group_lts: list, earlier: list) -> str:
    """"yes" when the step counts on the timeline: of its parallel branches (``group_lts``,
    the LT cells of its flow position) the one with the largest LT, ties to the first
    (``earlier``: the LT cells of the branches above it). METHOD.md section 1."""
    if len(group_lts) == 1:
        return f'=IF(ISNUMBER({lt}),"yes","")'
    tests = [f"ISNUMBER({lt})", f"{lt}=MAX({','.join(group_lts)})"] + [f"N({e})<{lt}" for e in earlier]
    return f'=IF(AND({",".join(tests)}),"yes","")'


def first_largest(value: str, column: str, before: str) -> str:
    """"yes" for the first row holding the largest number of ``column``: ``before`` is the
    part of the column above this row (its header included, so that it is never empty)."""
    return f'=IF(AND(ISNUMBER({value}),{value}=MAX({column}),COUNTIF({before},{value})=0),"yes","")'


def timeline_total(flags: str, values: str) -> str:
    return f'=IF(COUNTIF({flags},"yes")=0,"",SUMIF({flags},"yes",{values}))'


# -- Charts: the summary of a state of more steps than a chart draws (core.chart_steps) ----------
def others_average(key: str, block: L.StepBlock, shown: str) -> str:
    """The average PT or LT (``key`` pt_min, lt_min) in the display unit of the steps of ``block``
    not drawn one by one: all of its minutes less the drawn rows' (``shown``, their cells)."""
    every = f"{STEPS}!{block.range_of(key, absolute=True)}"
    return (f'=IFERROR((SUM({every})/{M.UNIT_MINUTES_NAME}-SUM({shown}))/(COUNT({every})-COUNT({shown})),"")')


def others_wait(pt_shown: str, lt_shown: str) -> str:
    return f'=IF(AND(ISNUMBER({lt_shown}),ISNUMBER({pt_shown})),{lt_shown}-{pt_shown},"")'


def others_cycle(block: L.StepBlock, pt_shown: str) -> str:
    """The others' average PT per resource: their average PT where no step names resources
    (else blank: a native average of PT / resources over the whole block needs array formulas)."""
    res = f"{STEPS}!{block.range_of('resources', absolute=True)}"
    return f'=IF(AND(ISNUMBER({pt_shown}),COUNT({res})=0),{pt_shown}*{M.UNIT_MINUTES_NAME},"")'


def block_total(key: str, block: L.StepBlock) -> str:
    """A timeline total of the Steps block (its total row: parallel branches counted once) in the
    display unit."""
    assert block.total_row is not None  # a state's block has its total row
    total = f"{STEPS}!{L.cell(block.columns[key], block.total_row, absolute=True)}"
    return f'=IF(ISNUMBER({total}),{total}/{M.UNIT_MINUTES_NAME},"")'


def summary_mark(row: int, block: L.StepBlock) -> str:
    """The mark line of a process box of a summarised state: the step the Steps block names as
    capacity constraint or largest delay (its first step of that name)."""
    name = steps_cell("step", row)
    col = block.columns["step"]
    first = "TRUE" if row <= block.first_row else (
        f"COUNTIF({STEPS}!{L.area(col, block.first_row, col, row - 1, True)},{name})=0")

    def named(key: str) -> str:
        result = f"{STEPS}!{L.cell(L.SUMMARY_VALUE_COL, block.summary_rows[key], absolute=True)}"
        return f'AND({name}<>"",{name}={result},{first})'

    c, d = named("capacity_constraint"), named("largest_delay")
    return (f'=IF({c},IF({d},"capacity constraint + largest delay","capacity constraint"),'
            f'IF({d},"largest delay",""))')


def counted_by_lt(refs: list, lt_cells: list) -> str:
    """The timeline minutes of a flow position from its branches' own cells (``refs``) and LT
    minutes cells (``lt_cells``) on the Map: the branch with the largest LT, ties to the first
    (as :func:`on_timeline`), without a Charts row per step."""
    top = f"MAX({','.join(lt_cells)})"
    expr = '""'
    for ref, lt in reversed(list(zip(refs, lt_cells))):
        expr = f"IF(AND(ISNUMBER({lt}),{lt}={top}),{ref},{expr})"
    return "=" + expr


# -- Charts: comparison table -------------------------------------------------------------------
NO_STEPS = "No steps yet: type them in this state's block on the Steps sheet."


def no_steps_hint(block: L.StepBlock, otherwise: str = "") -> str:
    """What a Map or Charts section says above a state without steps (else ``otherwise``)."""
    names = f"{STEPS}!{L.area(block.columns['step'], block.first_row, block.columns['step'], block.last_row, True)}"
    return f'=IF(COUNTA({names})=0,"{NO_STEPS}","{otherwise}")'


def state_name(marker_row: int) -> str:
    name = f"{STEPS}!$B${marker_row}"
    return f'=IF({name}="","",{name})'


def flow_efficiency(pt: str, lt: str) -> str:
    return f'=IF(AND(ISNUMBER({pt}),ISNUMBER({lt})),IF({lt}>0,{pt}/{lt},""),"")'


def band(fe: str) -> str:
    """The flow rating from the limits the core uses (state_metrics.BAND_LIMITS)."""
    waste, moderate, good = BAND_LIMITS
    r = FLOW_RATINGS
    return (f'=IF(ISNUMBER({fe}),IF({fe}<{waste},"{r[0]}",IF({fe}<{moderate},"{r[1]}",'
            f'IF({fe}<={good},"{r[2]}","{r[3]}"))),"")')


# -- minutes without the add-in ------------------------------------------------------------------
_SUFFIXES = (("min", "1"), ("m", "1"), ("h", "60"), ("d", M.DAY_MINUTES_NAME), ("s", "(1/60)"))


def typed_minutes(ref: str) -> str:
    """A PT / LT / available-time input in minutes, natively: a number in the sheet's time unit, or
    one figure with its unit (15m, 2 h, 1.5d, 45s); "" for what needs the add-in (2h 30m)."""
    unit = L.SETTING_BY_KEY["time_unit"].name
    per = f'IF({unit}="h",60,IF({unit}="d",{M.DAY_MINUTES_NAME},1))'
    text = f"TRIM(LOWER({ref}))"
    body = '""'
    for suffix, factor in reversed(_SUFFIXES):
        n = len(suffix)
        body = (f'IF(RIGHT({text},{n})="{suffix}",{factor}*VALUE(TRIM(LEFT({text},LEN({text})-{n}))),{body})')
    return f'IF(ISNUMBER({ref}),{ref}*{per},IF({ref}="","",IFERROR({body},"")))'


def minutes(key: str, row: int) -> str:
    """PT or LT (``pt_min``, ``lt_min``) of a Steps row in minutes: the Steps result where it is a
    number, else computed natively from the inputs (the Steps cells are VSM_* formulas: without
    the add-in they hold no number once recalculated)."""
    src = steps_cell(key, row)
    return f'IF(ISNUMBER({src}),{src},{typed_minutes(steps_cell("pt" if key == "pt_min" else "lt", row))})'


def wait_minutes(row: int, pt: str, lt: str) -> str:
    """WT of a Steps row in minutes: the Steps result, else LT - PT of the cells ``pt`` and ``lt``
    that already hold that row's minutes (derived once, not again inside WT)."""
    wt = steps_cell("wt", row)
    return f'IF(ISNUMBER({wt}),{wt},IF(AND(ISNUMBER({lt}),ISNUMBER({pt})),{lt}-{pt},""))'


# -- Map: the boxes ------------------------------------------------------------------------------
def box_line(line: str, row: int, data_row: int) -> str:
    """The text of one line of a process box (name, owner) or its data box."""
    if line == "name":
        return data_step(row)
    if line == "owner":
        return blank_unless_step(row, f'{steps_cell("owner", row)}&""')
    if line in ("pt", "lt", "wt"):
        raise KeyError(f"{line}: shown from its minutes cell (shown_cell)")
    if line == "ca":
        ca = steps_cell("ca", row)
        return f'=IF(ISNUMBER({ca}),"%C&A "&ROUND(IF({ca}>1,{ca},100*{ca}),1)&" %","")'
    if line == "changeover":
        co = steps_cell("changeover", row)
        unit = L.SETTING_BY_KEY["time_unit"].name
        return f'=IF({co}="","","C/O "&{co}&IF(ISNUMBER({co})," "&{unit},""))'
    if line == "resources":
        res = steps_cell("resources", row)
        return blank_unless_step(row, f'"Resources "&IF(N({res})>0,{res},1)')
    if line == "mark":
        c, d = charts_cell("constraint", data_row), charts_cell("delay", data_row)
        return (f'=IF({c}="yes",IF({d}="yes","capacity constraint + largest delay","capacity constraint"),'
                f'IF({d}="yes","largest delay",""))')
    raise KeyError(line)


# the material flow into a step (core.flows), drawn in the gap before its box
FLOW_SYMBOLS = {"push": '"➡"&CHAR(10)&"push"', "fifo": '"FIFO ➡"', "supermarket": '"☰"&CHAR(10)&"supermkt"',
                "pull": '"↺"&CHAR(10)&"pull"'}
PLAIN_ARROW = "→"  # no material flow said


def arrow(row: int) -> str:
    """The push arrow, the FIFO lane (with its maximum), the supermarket or the pull symbol."""
    kind, top = steps_cell("inflow", row), steps_cell("inflow_max", row)
    lane = f'"FIFO ➡"&IF(ISNUMBER({top}),CHAR(10)&"max "&{top},"")'
    expr = f'"{PLAIN_ARROW}"'
    for word, symbol in reversed(FLOW_SYMBOLS.items()):
        expr = f'IF({kind}="{word}",{lane if word == "fifo" else symbol},{expr})'
    return blank_unless_step(row, expr)


def triangle(row: int) -> str:
    """▲ only where there is inventory (a queue of more than none)."""
    inv = steps_cell("inventory", row)
    return f'=IF(AND({steps_cell("step", row)}<>"",N({inv})>0),"▲","")'


def inventory(row: int) -> str:
    inv = steps_cell("inventory", row)
    return f'=IF(AND({steps_cell("step", row)}<>"",N({inv})>0),{inv},"")'


def inventory_days(row: int) -> str:
    """The days of demand the queue stands for, where demand is given (inventory / daily demand,
    the "Learning to See" reading: core.demand.inventory_days)."""
    inv = steps_cell("inventory", row)
    units = L.SETTING_BY_KEY["demand_units"].name
    per_day = L.SETTING_BY_KEY["periods_per_day"].name
    daily = f"{units}*IF(N({per_day})>0,{per_day},1)"
    return (f'=IF(AND({steps_cell("step", row)}<>"",N({inv})>0,N({units})>0),'
            f'ROUND({inv}/({daily}),1)&" d","")')


def counted(key: str, data_rows: list, helper_cells: list) -> str:
    """The timeline minutes (``key`` wt or pt) of a flow position: its counted branch's
    (``data_rows``: the branches' Charts rows, ``helper_cells``: their minutes cells on the Map)."""
    expr = '""'
    for d, ref in reversed(list(zip(data_rows, helper_cells))):
        expr = f'IF({charts_cell("timeline", d)}="yes",{ref},{expr})'
    return "=" + expr


def shown_cell(ref: str, kind: str, prefix: str = "") -> str:
    """A minutes cell shown by the display rule (``prefix`` before it: "PT ")."""
    head = f'"{prefix}"&' if prefix else ""
    return f'=IF(ISNUMBER({ref}),{head}{shown(ref, kind)},"")'


# -- Map: the flows -----------------------------------------------------------------------------
FLOWS = L.sheet_ref(LF.FLOWS)
ELECTRONIC_GLYPH = "↯"  # an electronic information arrow (the zigzag) ...
MANUAL_GLYPH = "⇣"  # ... and a manual one (paper, phone, walk)


def flows_cell(col: int, row: int) -> str:
    return f"{FLOWS}!{L.cell(col, row, absolute=True)}"


def information_arrow(row: int, shown_end: str = "") -> str:
    """One information arrow: its glyph by kind, its label and frequency (from the Flows row),
    and ``shown_end`` (a word naming the other end where it is not production control)."""
    col = {key: LF.col(LF.INFO_HEADERS, key) for key in ("kind", "frequency", "label")}
    kind, freq, label = (flows_cell(col[k], row) for k in ("kind", "frequency", "label"))
    glyph = f'IF({kind}="manual","{MANUAL_GLYPH}","{ELECTRONIC_GLYPH}")'
    quoted = shown_end.replace('"', '""')  # a step name inside the formula's text literal
    end = f'"{quoted}: "&' if shown_end else ""
    return (f'=IF(AND({label}="",{freq}=""),{glyph}&{end}"",{glyph}&" "&{end}{label}'
            f'&IF({freq}="",""," ("&{freq}&")"))')


def production_control(row: int) -> str:
    name, system = flows_cell(2, row), flows_cell(3, row)
    return f'=IF({name}="","",{name}&IF({system}="","",CHAR(10)&{system}))'


def partner_line(line: str, row: int) -> str:
    """One line of the supplier's or the customer's box (``row``: its Flows row)."""
    name, freq, mode, ship = (flows_cell(c, row) for c in range(2, 6))
    if line == "name":
        return f'=IF({name}="","",{name})'
    if line == "frequency":
        return f'=IF({freq}="","","Delivery: "&{freq})'
    if line == "shipment":
        return f'=IF(AND({mode}="",{ship}=""),"","Ship: "&{mode}&IF({ship}="",""," "&{ship}))'
    if line == "demand":
        units = L.SETTING_BY_KEY["demand_units"].name
        period = L.SETTING_BY_KEY["demand_period"].name
        return f'=IF(ISNUMBER({units}),"Demand "&{units}&"/"&IF({period}="","day",{period}),"")'
    raise KeyError(line)


def takt_minutes() -> str:
    """Takt in minutes: available time / demand, natively (the Steps takt cell is a VSM_* formula)."""
    units = L.SETTING_BY_KEY["demand_units"].name
    available = typed_minutes(L.SETTING_BY_KEY["available_time"].name)
    return f'=IF(AND(N({units})>0,ISNUMBER({available})),({available})/{units},"")'


def mirror(ref: str) -> str:
    return f'=IF({ref}="","",{ref})'
