"""Where everything is in the vsm_xl template workbook: sheet names, labels, headers, columns
and defined names, in ONE place so that the builder, the reader and the evaluated-copy writer
agree.

The builder places the tables at the positions computed here; the reader does not assume
those positions but finds the tables again by their labels and headers (a user may insert
rows, add a target condition by copying a block, or move a column), and describes what it
found with the same geometry classes.

Steps sheet
    rows 1-2   title and colour legend
    B3:C20     settings (label in column B, value in column C, merged C:H): value stream,
               version, date, analyst, boundaries (trigger, end state, customer, scope, then
               rows for further boundaries whose name is typed in B), time unit of numbers,
               working hours per day, working days per week, demand, period, available time,
               periods per day, takt time
    then one block per state, stacked vertically:
               A: "State" | B: state name | C: "Kind" | D: current/future/target
               header row (# Step Owner PT LT PT(min) LT(min) WT(min) %C&A Inventory C/O
               Waste types Notes Resources Position Bottleneck)
               one row per step
               A: "Total" with total PT, LT and WT (minutes)
               B: label / C: value rows: flow efficiency, flow rating, rolled %C&A, WIP,
               capacity constraint, largest delay
Improvements sheet: the improvement plan table, then the roadmap table below it.
Indicators sheet: header row 4; one row per indicator: name, group, unit, worst, best,
    function, curvature, then one value column per alternative (alternative names in the
    header), a gap column, the partial benefits block (one array formula), a gap column and
    the weight columns.
Pairwise sheet: one block per group (monetary first): A: "Group" | B: group name, a header
    row, then one row per indicator: name in column A, the matrix, sum, weight, rank.
Results sheet: alternatives in columns: G non-monetary, G monetary, WBF, rank; the best
    alternative; the indifference-curve chart; the helper table of curve points below.
xlwings.conf sheet: A1 "UDF Modules", B1 "vsm_xl.udfs".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from vsm_xl.workbook.layout.layout_flows import FLOWS  # customer, supplier, production control, information
from vsm_xl.workbook.layout.map_layout import CHARTS, MAP  # the drawn map and its charts (positions there)

TEMPLATE_VERSION = "1"

# -- sheets ---------------------------------------------------------------------------------
GUIDE = "Guide"
STEPS = "Steps"
IMPROVEMENTS = "Improvements"
INDICATORS = "Indicators"
PAIRWISE = "Pairwise"
TEAM = "Team"  # participants' matrices (layout_team.py)
ESTIMATES = "Estimates"  # value ranges and future-state targets (estimates.py)
RESULTS = "Results"
XLWINGS_CONF = "xlwings.conf"
SENSITIVITY = "Sensitivity"  # SMAA-2, live (live_sensitivity.py)
SHEETS = (GUIDE, STEPS, FLOWS, MAP, CHARTS, IMPROVEMENTS, INDICATORS, PAIRWISE, TEAM, ESTIMATES, RESULTS, SENSITIVITY,
          XLWINGS_CONF)
REQUIRED_SHEETS = (STEPS, INDICATORS, PAIRWISE)  # what a workbook must have to be read
# every sheet the reader looks at: it sees only these, however the workbook was loaded (all
# sheets by the package reader, these by the values-only read), so every front end reads the same
READ_SHEETS = (STEPS, FLOWS, IMPROVEMENTS, INDICATORS, PAIRWISE, TEAM, ESTIMATES, RESULTS)


def is_template(sheet_names) -> bool:
    """Whether a workbook with these sheet names is made from the template."""
    return all(sheet in sheet_names for sheet in REQUIRED_SHEETS)

UDF_MODULE = "vsm_xl.udfs"

# -- room in the blank template (and spare rows around filled content) -----------------------
TEMPLATE_STEPS = 20
TEMPLATE_INDICATORS = 12
TEMPLATE_ALTERNATIVES = 6
TEMPLATE_PAIRWISE = 12  # indicators per group
TEMPLATE_IMPROVEMENTS = 15
TEMPLATE_PHASES = 6
TEMPLATE_STATES = ("Current state", "Future state")
SPARE_STEPS = 5  # spare rows a workbook filled from a model gets per state block ...
SPARE_INDICATORS = 4  # ... on Indicators ...
SPARE_PAIRWISE = 2  # ... and per pairwise matrix
SPARE_BOUNDARIES = 2  # blank rows for further boundaries below Scope
CURVE_ANGLES = tuple(range(0, 91, 5))  # degrees of the indifference-curve helper points
CHART_TITLE = "Indifference curves (WBF)"


def column_letter(col: int) -> str:
    """``A`` .. ``XFD`` from a 1-based column number (no openpyxl: the portfolio's workers read
    with this module and import nothing they do not need)."""
    if not 1 <= col <= 16384:
        raise ValueError(f"column {col} is outside A:XFD")
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(col: int, row: int, absolute: bool = False) -> str:
    """``C7`` (or ``$C$7``) from a 1-based column and row."""
    letter = column_letter(col)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def area(col1: int, row1: int, col2: int, row2: int, absolute: bool = False) -> str:
    return f"{cell(col1, row1, absolute)}:{cell(col2, row2, absolute)}"


def address(sheet: str, col: int, row: int) -> str:
    """``Steps!D7`` as problem locations spell it (no quotes, no ``$``)."""
    return f"{sheet}!{cell(col, row)}"


def sheet_ref(sheet: str) -> str:
    """A sheet name as a formula spells it (quoted when it needs quotes)."""
    if sheet.replace("_", "").isalnum():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


_FOLDED: dict = {}  # text -> folded: the reader folds the same labels in every workbook


def fold(text) -> str:
    """A label or header compared loosely: lower case, single spaces, no trailing colon."""
    if text is None:
        return ""
    folded = _FOLDED.get(text) if text.__class__ is str else None
    if folded is None:
        folded = " ".join(str(text).replace("\u00a0", " ").split()).strip().rstrip(":").strip().lower()
        if text.__class__ is str and len(text) < 200:
            if len(_FOLDED) > 20000:  # bounded: many workbooks of free text do not grow it forever
                _FOLDED.clear()
            _FOLDED[text] = folded
    return folded


# -- positions every sheet shares ------------------------------------------------------------
MARKER_COL = 1  # A: the labels that mark tables (State, Total, Group, Roadmap) and the row names
TITLE_ROW = 1  # A1: the sheet's title
NOTE_ROW = 2  # A2: a line under it saying how to fill the sheet
HEADER_SEARCH_ROWS = 30  # how far down the reader looks for a table's header row
# Where an evaluated copy says that it is one: (sheet, row, column).
EVALUATED_BANNERS = ((GUIDE, 3, 2), (RESULTS, 2, 1))

# -- Steps: settings ------------------------------------------------------------------------
SETTINGS_LABEL_COL = 2  # B
SETTINGS_VALUE_COL = 3  # C (merged C:H)
SETTINGS_VALUE_LAST_COL = 8  # H
SETTINGS_HINT_COL = 9  # I
SETTINGS_FIRST_ROW = 3


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    kind: str  # text, date, boundary, unit, number, duration, computed
    hint: str = ""
    name: str = ""  # defined name of the value cell


SETTINGS = (
    Setting("name", "Value stream", "text", "name of the value stream", "VS_Name"),
    Setting("version", "Version", "text"),
    Setting("date", "Date", "text", "e.g. 2026-11-21"),
    Setting("analyst", "Analyst", "text"),
    Setting("trigger", "Trigger", "boundary", "what starts the value stream"),
    Setting("end_state", "End state", "boundary", "what ends it"),
    Setting("customer", "Customer", "boundary"),
    Setting("scope", "Scope", "boundary"),
    Setting("time_unit", "Time unit of numbers", "unit",
            "unit of PT, LT and C/O typed as plain numbers (min, h or d); text such as 2h 30m is read "
            "as written", "Time_Unit"),
    Setting("hours_per_day", "Working hours per day", "number",
            "blank = calendar time (1 d = 24 h); e.g. 8 makes 1 d = 8 h", "Hours_Per_Day"),
    Setting("days_per_week", "Working days per week", "number", "blank = 7", "Days_Per_Week"),
    Setting("demand_units", "Demand (units per period)", "number", "customer demand; optional, for takt time",
            "Demand_Units"),
    Setting("demand_period", "Demand period", "text", "blank = day", "Demand_Period"),
    Setting("available_time", "Available time per period", "duration",
            "available working time: a number in the time unit above, or e.g. 7.5h", "Available_Time"),
    Setting("periods_per_day", "Periods per working day", "number", "blank = 1", "Periods_Per_Day"),
    Setting("takt", "Takt time (min)", "computed", "available time / demand", "Takt_Time"),
    Setting("display_unit", "Unit of totals", "unit",
            "auto: every time in a unit by its size (45 s, 15 min, 1.8 h, 12 d; d = a working day of the "
            "hours above); min, h or d: every total, Map and Charts time in that unit", "Display_Unit"),
)
SETTING_BY_KEY = {s.key: s for s in SETTINGS}
BOUNDARY_KEYS = tuple(s.key for s in SETTINGS if s.kind == "boundary")
DEFAULT_TIME_UNIT = "min"
DEFAULT_DISPLAY_UNIT = "auto"  # the one display rule (core/display); a unit fixes it
TIME_UNITS = ("min", "h", "d")

# -- Steps: state blocks --------------------------------------------------------------------
STATE_MARKER = "State"
STATE_NAME_COL = 2  # B: the state's name, right of the marker
KIND_LABEL = "Kind"
KIND_LABEL_COL = 3  # C
STATE_KIND_COL = 4  # D: current, future or target
BASIS_LABEL = "Basis"
BASIS_LABEL_COL = 5  # E
STATE_BASIS_COL = 6  # F: measured or estimated (blank: not said)
STATE_BASES = ("measured", "estimated")
TOTAL_MARKER = "Total"
STATE_KINDS = ("current", "future", "target")
BLOCK_GAP = 2  # blank rows between blocks


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    computed: bool = False
    number_format: str = "General"
    comment: str = ""


MINUTES_FORMAT = '0.0 "min"'
PERCENT_FORMAT = "0.0%"
FE_FORMAT = "0.00%"
WEIGHT_FORMAT = "0.0%"
BENEFIT_FORMAT = "0.0000"
NUMBER_FORMAT = "#,##0.####"
# an indicator's values shown in its unit (its row's Unit cell as the model gives it)
_CURRENCY_SIGNS = {"eur": "€", "€": "€", "usd": "$", "$": "$", "gbp": "£", "£": "£", "chf": "CHF"}
_SHARE_UNITS = {"%", "ratio", "share", "fraction", "percent"}
_DAY_UNITS = {"d", "day", "days", "working days", "wd", "tage"}


def unit_format(unit, values=()) -> str:
    """The number format of an indicator's values in ``unit``: money with its currency sign and
    thousands separators (EUR, EUR/yr, $; the period stays in the Unit cell), shares as % (where every number is a fraction of at most
    1: 0.62 -> 62 %), days with "d"; else :data:`NUMBER_FORMAT`."""
    text = str(unit or "").strip().lower()
    base = text.split("/")[0].strip()
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if base in _CURRENCY_SIGNS:
        sign = _CURRENCY_SIGNS[base]  # "per year" stays in the Unit cell: the columns are narrow
        return f'#,##0 "{sign}"' if sign != "$" else '"$"#,##0'
    if text in _SHARE_UNITS and numbers and all(0 <= v <= 1 for v in numbers):
        return "0%" if all(abs(v * 100 - round(v * 100)) < 1e-9 for v in numbers) else "0.0%"
    if text in _DAY_UNITS:
        return 'General" d"'  # 30 d, 2.5 d (a "#,##0.##" shows "30." in Excel)
    return NUMBER_FORMAT

STEP_COLUMNS = (
    Column("number", "#", 6, computed=True),  # and the State / Total markers
    Column("step", "Step", 33),  # also the summary labels ("Capacity constraint (largest PT)")
    Column("owner", "Owner", 14),
    Column("pt", "PT", 10, comment="process time: a number in the time unit (Steps settings) or text such as 15m"),
    Column("lt", "LT", 10, comment="lead time: elapsed time including waiting, e.g. 2h"),
    Column("pt_min", "PT (min)", 13, computed=True, number_format=MINUTES_FORMAT),
    Column("lt_min", "LT (min)", 13, computed=True, number_format=MINUTES_FORMAT),
    Column("wt", "WT (min)", 13, computed=True, number_format=MINUTES_FORMAT),
    Column("ca", "%C&A", 8, number_format="0%", comment="percent complete and accurate: 85% (or 85)"),
    Column("inventory", "Inventory", 10, number_format="#,##0.##"),
    Column("changeover", "C/O", 8, comment="changeover time, like PT"),
    Column("wastes", "Waste types", 28,
           comment="e.g. waiting; defects: manual entry errors (type: description, separated by ;)"),
    Column("notes", "Notes", 26),
    Column("resources", "Resources", 10, comment="people or machines doing the step in parallel (blank = 1)"),
    Column("position", "Position", 9, comment="steps with the same position are parallel branches"),
    Column("bottleneck", "Bottleneck", 20, comment="yes = marked as the bottleneck by hand (also the pacemaker "
           "of EPEI and OEE; blank: the capacity constraint is)"),
    # the fields of the measured indicators (core.measures): space, and EPEI and OEE of the pacemaker
    Column("area", "Area (m²)", 9, number_format="#,##0.##", comment="floor space of the step in m² (Space = "
           "the sum over the state's steps)"),
    Column("availability", "Availability", 12, number_format="0%", comment="technical availability V: 95% (or 95); "
           "OEE = availability x performance x quality"),
    Column("performance", "Performance", 13, number_format="0%", comment="performance rate: 90% (or 90)"),
    Column("quality", "Quality", 8, number_format="0%", comment="quality rate: 99% (or 99)"),
    Column("operating_time", "Operating time (BZ)", 10, comment="BZ: operating time to make one lot of every "
           "variant, like PT (a number in the time unit; EPEI = (BZ + C/O x variants) / (resources x V x "
           "working hours per day))"),
    Column("variants", "Variants", 8, number_format="#,##0.##", comment="part variants: changeovers per "
           "interval (blank = 1)"),
    # the material flow into the step from the one before it (core.flows), drawn on the Map
    Column("inflow", "Flow in", 12, comment="how material reaches this step from the one before it: push (arrow), "
           "fifo (FIFO lane), supermarket or pull (blank: not said)"),
    Column("inflow_max", "FIFO max", 9, number_format="#,##0.##", comment="a FIFO lane's maximum (units)"),
    # hidden helper: one VSM_DURATION array formula per block converts PT and LT; the visible
    # PT (min) / LT (min) cells refer to it. (LibreOffice recalculates array formulas on opening,
    # so an array over VSM_* would show #NAME? without the add-in; plain cells keep their saved value.)
    Column("pt_calc", "PT (min) VSM_DURATION", 10, computed=True, number_format=MINUTES_FORMAT),
    Column("lt_calc", "LT (min) VSM_DURATION", 10, computed=True, number_format=MINUTES_FORMAT),
    # uncertain times (core.time_ranges): the lowest and highest PT, LT or wait time, like PT;
    # the Sensitivity sheet shows each state's p5 / median / p95 (VSM_LEAD_TIME_PERCENTILE)
    Column("pt_low", "PT low", 8, comment="lowest process time when PT is uncertain, like PT (blank: PT is exact); "
           "the Sensitivity sheet shows each state's lead time p5 / median / p95"),
    Column("pt_high", "PT high", 8, comment="highest process time when PT is uncertain, like PT (blank: PT is exact)"),
    Column("lt_low", "LT low", 8, comment="lowest lead time when LT is uncertain, like LT (blank: LT is exact)"),
    Column("lt_high", "LT high", 8, comment="highest lead time when LT is uncertain, like LT (blank: LT is exact)"),
    Column("wt_low", "WT low", 8, comment="lowest wait time when the wait is uncertain, like PT (blank: exact); "
           "in every draw LT = PT + WT, the likely WT being LT - PT"),
    Column("wt_high", "WT high", 8, comment="highest wait time when the wait is uncertain, like PT (blank: exact)"),
)
HELPER_STEP_KEYS = ("pt_calc", "lt_calc")  # hidden columns
NEEDS_ADD_IN = "needs the vsm-xl add-in"  # what the helper shows where VSM_DURATION is not installed
STEP_COLUMN_INDEX = {c.key: i + 1 for i, c in enumerate(STEP_COLUMNS)}
# The Step field (vsm_xl.core.model.Step) each input column holds: problem subjects name fields.
STEP_FIELD = {"step": "name", "owner": "owner", "pt": "process_time", "lt": "lead_time", "ca": "complete_accurate",
              "inventory": "inventory", "changeover": "changeover", "wastes": "wastes", "notes": "notes",
              "resources": "resources", "position": "position", "bottleneck": "marked_bottleneck",
              "area": "area", "availability": "availability", "performance": "performance", "quality": "quality",
              "operating_time": "operating_time", "variants": "variants", "inflow": "inflow",
              "pt_low": "process_time_range", "pt_high": "process_time_range", "lt_low": "lead_time_range",
              "lt_high": "lead_time_range", "wt_low": "wait_time_range", "wt_high": "wait_time_range"}
# the range columns of each uncertain time: (low key, high key, the time's column, its words)
STEP_RANGES = (("pt_low", "pt_high", "pt", "PT"), ("lt_low", "lt_high", "lt", "LT"), ("wt_low", "wt_high", "wt", "WT"))
STEP_SHARE_KEYS = ("availability", "performance", "quality")  # fractions, typed like %C&A
STEP_INPUT_KEYS = tuple(c.key for c in STEP_COLUMNS if not c.computed)
STEP_REQUIRED_HEADERS = ("step", "pt", "lt")

SUMMARY_LABEL_COL = 2  # B
SUMMARY_VALUE_COL = 3  # C
SUMMARY_ROWS = (
    ("flow_efficiency", "Flow efficiency", FE_FORMAT),
    ("flow_rating", "Flow rating", "General"),
    ("rolled_ca", "Rolled %C&A", PERCENT_FORMAT),
    ("wip", "WIP (items)", "#,##0.##"),
    ("capacity_constraint", "Capacity constraint (largest PT)", "General"),
    ("largest_delay", "Largest delay (largest WT)", "General"),
)
SUMMARY_KEYS = tuple(k for k, _, _ in SUMMARY_ROWS)
# what an evaluated copy writes into a blank Bottleneck cell (read back as "not marked by hand")
BOTTLENECK_MARKS = ("capacity constraint", "largest delay")
TOTAL_KEYS = ("pt_min", "lt_min", "wt")


@dataclass
class StepBlock:
    """One state's block on the Steps sheet (1-based rows)."""

    marker_row: int
    header_row: int
    first_row: int  # first step row
    last_row: int  # last step row (inclusive; < first_row when the block has no rows)
    total_row: int | None
    columns: dict  # key -> column number
    summary_rows: dict = field(default_factory=dict)  # key -> row of the value in SUMMARY_VALUE_COL
    step_rows: list = field(default_factory=list)  # rows holding a step (found by the reader)

    @property
    def name_cell(self) -> tuple[int, int]:
        return (STATE_NAME_COL, self.marker_row)

    @property
    def kind_cell(self) -> tuple[int, int]:
        return (STATE_KIND_COL, self.marker_row)

    @property
    def basis_cell(self) -> tuple[int, int]:
        return (STATE_BASIS_COL, self.marker_row)

    @property
    def rows(self) -> range:
        return range(self.first_row, self.last_row + 1)

    def range_of(self, key: str, absolute: bool = False) -> str:
        col = self.columns[key]
        return area(col, self.first_row, col, self.last_row, absolute)

    @property
    def height(self) -> int:
        end = max(self.summary_rows.values()) if self.summary_rows else (self.total_row or self.last_row)
        return end - self.marker_row + 1


def plan_block(marker_row: int, n_rows: int) -> StepBlock:
    """A block as the builder lays it out, starting at ``marker_row`` with room for ``n_rows`` steps."""
    first = marker_row + 2
    last = first + n_rows - 1
    total = last + 1
    summary = {key: total + 1 + i for i, key in enumerate(SUMMARY_KEYS)}
    return StepBlock(marker_row, marker_row + 1, first, last, total, dict(STEP_COLUMN_INDEX), summary)


def state_prefix(kind: str, used: set) -> str:
    """Prefix of a state block's defined names: CS (current), FS (future), Target1, Target2 ...
    (never a prefix that reads as a cell reference, such as TC1)."""
    base = {"current": "CS", "future": "FS"}.get(kind)
    if base and base not in used:
        return base
    n = 1
    while f"Target{n}" in used:
        n += 1
    return f"Target{n}"


# -- Improvements ---------------------------------------------------------------------------
IMPROVEMENT_COLUMNS = (
    Column("name", "Improvement", 30),
    Column("waste_eliminated", "Waste eliminated", 18),
    Column("impact", "Impact", 14, comment="high, medium or low"),
    Column("effort", "Effort", 10, comment="high, medium or low"),
    Column("priority", "Priority", 9, comment="1 = first; blank = by impact, then effort"),
    Column("lead_time_reduction_hours", "LT reduction (h)", 14, number_format="#,##0.##"),
    Column("phase", "Phase", 8),
    Column("duration_weeks", "Duration (weeks)", 14, number_format="#,##0.##"),
    Column("states", "States", 40, comment="the target conditions this improvement is part of: state names as on "
           "the Steps sheet, separated by ; (Investment and Annual savings of a state sum over its improvements)"),
    Column("cost", "Cost", 12, number_format="#,##0.##", comment="one-off cost (investment)"),
    Column("annual_savings", "Annual savings", 13, number_format="#,##0.##", comment="savings a year"),
    Column("steps", "Steps changed", 30, comment="the steps this improvement changes, as named on the Steps sheet, "
           "separated by ; (a kaizen burst on each of them on the Map, in its states)"),
)
ROADMAP_MARKER = "Roadmap"
ROADMAP_COLUMNS = (  # shares the columns of the improvement plan above it
    Column("phase", "Phase", 30),
    Column("duration_weeks", "Duration (weeks)", 18, number_format="#,##0.##"),
    Column("improvements", "Improvements", 10, comment="names of improvements, separated by ;"),
)
IMPROVEMENTS_HEADER_ROW = 4
LEVELS = ("high", "medium", "low")

# -- Indicators -----------------------------------------------------------------------------
INDICATOR_COLUMNS = (
    Column("name", "Indicator", 26),
    Column("group", "Group", 14, comment="monetary or non-monetary"),
    Column("unit", "Unit", 10),
    Column("worst", "Worst", 12, number_format=NUMBER_FORMAT, comment="value with benefit 0"),
    Column("best", "Best", 12, number_format=NUMBER_FORMAT, comment="value with benefit 1"),
    Column("function", "Function", 12, comment="linear or exponential"),
    Column("curvature", "Curvature", 10, comment="exponential only: c > 0 concave, c < 0 convex; blank = 2"),
    Column("measure", "Measure", 15, comment="blank: type the values; or a measure of the states (pick it from the "
           "list): the values are then computed from each alternative's state on the Steps sheet (the table "
           "Measures of the states below), in the unit of this row (times: min, h, d or w, blank = the measure's "
           "own; shares: % or blank = a fraction)"),
)
INDICATOR_OPTIONAL_KEYS = ("measure",)  # older workbooks have no Measure column
INDICATOR_COLUMN_INDEX = {c.key: i + 1 for i, c in enumerate(INDICATOR_COLUMNS)}
INDICATORS_HEADER_ROW = 5  # row 4: the State row above the alternatives
STATE_ROW_LABEL = "State"  # left of the first value column, in the row above the header
VALUES_TITLE = "Values per alternative (current state first)"
BENEFITS_TITLE = "Partial benefits u (computed)"
WEIGHTS_TITLE = "Weights (from Pairwise)"
WEIGHT_HEADERS = ("Weight in group", "Weight if monetary", "Weight if non-monetary")
GROUP_CHOICES = ("monetary", "non-monetary")
FUNCTION_CHOICES = ("linear", "exponential")


@dataclass
class IndicatorTable:
    """The Indicators table (1-based rows and columns)."""

    header_row: int
    first_row: int
    n_rows: int
    columns: dict  # key -> column (name, group, unit, worst, best, function, curvature)
    first_value_col: int
    n_alternatives: int
    first_benefit_col: int
    weight_col: int
    indicator_rows: list = field(default_factory=list)  # rows holding an indicator (found by the reader)
    state_row: int | None = None  # the row naming each alternative's state (None: an older workbook)
    measures: MeasuresTable | None = None  # the table of the states' measures below the indicators

    @property
    def last_row(self) -> int:
        return self.first_row + self.n_rows - 1

    @property
    def title_row(self) -> int:
        """The row of the titles over the values, the partial benefits and the weights."""
        return (self.state_row if self.state_row is not None else self.header_row) - 1

    @property
    def rows(self) -> range:
        return range(self.first_row, self.last_row + 1)

    def value_col(self, j: int) -> int:
        return self.first_value_col + j

    def benefit_col(self, j: int) -> int:
        return self.first_benefit_col + j

    @property
    def weight_monetary_col(self) -> int:
        return self.weight_col + 1

    @property
    def weight_non_monetary_col(self) -> int:
        return self.weight_col + 2


def plan_indicators(n_rows: int, n_alternatives: int, n_states: int = 0, n_measure_columns: int = 0) -> IndicatorTable:
    first_value = len(INDICATOR_COLUMNS) + 1
    first_benefit = first_value + n_alternatives + 1
    weight = first_benefit + n_alternatives + 1
    table = IndicatorTable(INDICATORS_HEADER_ROW, INDICATORS_HEADER_ROW + 1, n_rows,
                           dict(INDICATOR_COLUMN_INDEX), first_value, n_alternatives, first_benefit, weight,
                           state_row=INDICATORS_HEADER_ROW - 1)
    table.measures = plan_measures(table.last_row + MEASURES_GAP + 1, n_states, n_measure_columns,
                                   (first_benefit - 1, weight - 1))
    return table


# The states' measures (core.measures) below the indicators: one row per Steps block, one column
# per measure, in the measure's base unit (times in minutes, shares as fractions); a measured
# indicator's value cells look their state's figure up here and convert it into the row's unit.
MEASURES_MARKER = "Measures"
MEASURES_TITLE = ("Measures of the states, computed from the Steps sheet (times in minutes, shares as fractions): "
                  "what a measured indicator reads")
MEASURES_GAP = 2  # blank rows between the indicators and the table
MEASURE_ROW_LABELS = ("Measure", "Kind", "Unit if blank")  # key, kind (time/share/plain), default unit


@dataclass
class MeasuresTable:
    """The states' measures on the Indicators sheet (1-based rows and columns)."""

    marker_row: int
    n_states: int
    columns: tuple = ()  # the column of each measure (core.measures order), then of the pacemaker

    @property
    def key_row(self) -> int:
        return self.marker_row + 1

    @property
    def kind_row(self) -> int:
        return self.marker_row + 2

    @property
    def unit_row(self) -> int:
        return self.marker_row + 3

    @property
    def first_row(self) -> int:
        return self.marker_row + 4

    @property
    def last_row(self) -> int:
        return self.first_row + max(self.n_states, 1) - 1

    def col(self, m: int) -> int:
        return self.columns[m]

    @property
    def first_col(self) -> int:
        return min(self.columns)

    @property
    def last_col(self) -> int:
        return max(self.columns)


def plan_measures(marker_row: int, n_states: int, n_columns: int, skip=()) -> MeasuresTable:
    """The table from column B, ``n_columns`` columns wide, leaving out the narrow gap columns
    (``skip``) of the indicator table above it."""
    columns: list[int] = []
    col = 2
    while len(columns) < n_columns:
        if col not in skip:
            columns.append(col)
        col += 1
    return MeasuresTable(marker_row, n_states, tuple(columns))


# -- Pairwise -------------------------------------------------------------------------------
GROUP_MARKER = "Group"
PAIRWISE_GROUP_COL = 2  # B: the group's name, right of the marker
PAIRWISE_FIRST_COL = 2  # B: the matrix starts right of the indicator names (column A)
PAIRWISE_NAME_HEADER = "Indicator"
PAIRWISE_TAIL_HEADERS = ("Sum", "Weight", "Rank")
PAIRWISE_FIRST_ROW = 4
PAIRWISE_GROUPS = ("monetary", "non-monetary")  # order of the blocks
GROUP_PREFIX = {"monetary": "PW_M", "non-monetary": "PW_N"}


@dataclass
class PairwiseBlock:
    """One group's comparison matrix (1-based rows and columns)."""

    group: str
    marker_row: int
    header_row: int
    first_row: int
    size: int  # room: rows and columns of the matrix
    first_col: int = PAIRWISE_FIRST_COL
    names: list = field(default_factory=list)  # indicator names typed in the rows (found by the reader)
    helpers: bool = False  # the hidden helper columns (layout_team.pairwise_helper_col) are there

    def row(self, i: int) -> int:
        return self.first_row + i

    def col(self, j: int) -> int:
        return self.first_col + j

    @property
    def last_row(self) -> int:
        return self.first_row + self.size - 1

    @property
    def last_col(self) -> int:
        return self.first_col + self.size - 1

    @property
    def sum_col(self) -> int:
        return self.last_col + 1

    @property
    def weight_col(self) -> int:
        return self.last_col + 2

    @property
    def rank_col(self) -> int:
        return self.last_col + 3

    @property
    def end_row(self) -> int:
        return self.last_row


def plan_pairwise(sizes: dict) -> dict:
    """Blocks for ``{group: room}``, stacked with one blank row between them."""
    blocks = {}
    row = PAIRWISE_FIRST_ROW
    for group in PAIRWISE_GROUPS:
        size = sizes[group]
        blocks[group] = PairwiseBlock(group, row, row + 1, row + 2, size)
        row += size + 4
    return blocks


# -- Results --------------------------------------------------------------------------------
RESULTS_ROWS = (  # key, label, number format
    ("alternative", "Alternative", "General"),
    ("g_non_monetary", "G non-monetary (overall benefit)", BENEFIT_FORMAT),
    ("g_monetary", "G monetary (overall benefit)", BENEFIT_FORMAT),
    ("wbf", "WBF (lower is better)", BENEFIT_FORMAT),
    ("rank", "Rank", "0"),
)
RESULTS_FIRST_ROW = 4
RESULTS_LABEL_WIDTH = 34


@dataclass
class ResultsTable:
    """The Results sheet (1-based rows and columns); alternatives in columns from ``first_col``."""

    n_alternatives: int
    first_row: int = RESULTS_FIRST_ROW
    first_col: int = 2  # B: alternatives in columns right of the labels (column A)

    def row(self, key: str) -> int:
        keys = [k for k, _, _ in RESULTS_ROWS]
        return self.first_row + keys.index(key)

    def col(self, j: int) -> int:
        return self.first_col + j

    @property
    def last_col(self) -> int:
        return self.first_col + self.n_alternatives - 1

    @property
    def best_row(self) -> int:
        return self.first_row + len(RESULTS_ROWS) + 1

    @property
    def best_wbf_row(self) -> int:
        return self.best_row + 1

    @property
    def ideal_row(self) -> int:
        return self.best_row + 2

    @property
    def curves_title_row(self) -> int:
        return self.best_row + 26  # below the chart

    @property
    def curves_header_row(self) -> int:
        return self.curves_title_row + 2

    @property
    def curves_first_row(self) -> int:
        return self.curves_header_row + 1

    def curve_x_col(self, j: int) -> int:
        return 2 + 2 * j

    def curve_y_col(self, j: int) -> int:
        return 3 + 2 * j


# -- defined names (workbook scope) ---------------------------------------------------------
IND_NAMES = "Ind_Names"
IND_GROUPS = "Ind_Groups"
IND_UNITS = "Ind_Units"
IND_WORST = "Ind_Worst"
IND_BEST = "Ind_Best"
IND_FUNCTION = "Ind_Function"
IND_CURVATURE = "Ind_Curvature"
IND_VALUES = "Ind_Values"
IND_BENEFITS = "Ind_Benefits"
IND_WEIGHT = "Ind_Weight"
IND_WEIGHT_M = "Ind_Weight_Monetary"
IND_WEIGHT_N = "Ind_Weight_NonMonetary"
ALT_NAMES = "Alt_Names"
ALT_STATES = "Alt_States"
MEAS_STATES = "Meas_States"
MEAS_KEYS = "Meas_Keys"
MEAS_KINDS = "Meas_Kinds"
MEAS_UNITS = "Meas_Units"
MEAS_VALUES = "Meas_Values"
RES_G_M = "Res_G_Monetary"
RES_G_N = "Res_G_NonMonetary"
RES_WBF = "Res_WBF"
RES_RANK = "Res_Rank"
RES_BEST = "Res_Best"

# -- xlwings.conf ---------------------------------------------------------------------------
XLWINGS_KEY = "UDF Modules"

NO_EVALUATION = "No evaluation yet: fill in Indicators and Pairwise (see Guide)"  # Results, best alternative
# Results, best alternative, where the weights are AHP or a team's pooled weights and the add-in is missing
NEEDS_ADD_IN_WEIGHTS = "Needs the vsm-xl add-in: the weights are AHP or team weights (see Guide)"

# -- what marks an evaluated copy -----------------------------------------------------------
EVALUATED_NOTE_PREFIX = "Evaluated copy"


# -- the whole workbook ---------------------------------------------------------------------
@dataclass
class PlainTable:
    """A simple table: a header row, data rows below, columns by key (Improvements, Roadmap)."""

    header_row: int
    first_row: int
    last_row: int
    columns: dict  # key -> column
    extra_columns: dict = field(default_factory=dict)  # free header text -> column
    marker_row: int | None = None

    @property
    def rows(self) -> range:
        return range(self.first_row, self.last_row + 1)


@dataclass
class Geometry:
    """Where each table of one workbook is: planned by the builder or found by the reader."""

    settings: dict = field(default_factory=dict)  # setting key -> row on Steps (value in SETTINGS_VALUE_COL)
    extra_boundaries: list = field(default_factory=list)  # rows of further boundary rows
    blocks: list = field(default_factory=list)  # StepBlock per state block, top to bottom
    improvements: PlainTable | None = None
    roadmap: PlainTable | None = None
    indicators: IndicatorTable | None = None
    pairwise: dict = field(default_factory=dict)  # group -> PairwiseBlock
    results: ResultsTable | None = None
    team: object = None  # layout_team.TeamGeometry: the Team sheet's groups and participant blocks
