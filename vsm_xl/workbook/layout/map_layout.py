"""Where everything is on the Map and Charts sheets, in one place (the builder and the tests
use these positions; nothing reads them back from a workbook).

Charts sheet ("flow data" and the native charts)
    row 1      title; row 2 the unit of times (a native formula over the Steps setting
               ``Unit of totals``), row 3 minutes per unit, row 4 minutes per day
    rows 6-    the comparison table: one row per state (lead time, process time, flow
               efficiency, band) and the two comparison charts to its right
    then one section per state block: a title row, a header row, one row per row of the
               block on the Steps sheet (native formulas over Steps), a total row (the
               timeline: parallel branches counted once), and the lead-time ladder and
               cycle-time charts to the right of the table.

Map sheet (one section per state; each prints on one landscape page, ten flow positions a page)
    A          row labels ("Waiting", "Process")
    then per flow position (group of parallel branches): a narrow gap column (the arrow,
               the inventory triangle and its count, the waiting time on the upper level of
               the timeline) and a box column (the process box, its data box and the process
               time on the lower level of the timeline)
    after the last group: the totals (label and value columns) at the end of the timeline
    A          also the supplier's box (beside the first box); the total label column holds the
               customer's box (demand, takt) beside the last box
    rows: state title; the production control row; one row per information arrow a cell needs
          (arrows to a step over its box, to the customer or the supplier over theirs); one row
          per kaizen burst a step needs; per stacked branch (level) BOX_LINES rows and a gap row;
          the timeline (upper and lower level) with the totals beside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MAP = "Map"
CHARTS = "Charts"

# -- the unit of times shown on the Map and the Charts sheet ---------------------------------
UNIT_ROW = 2
UNIT_MINUTES_ROW = 3
DAY_MINUTES_ROW = 4
UNIT_VALUE_COL = 3  # C
LONGEST_ROW = 5  # the longest step lead time and process time of all states: the ladders' common scales
LONGEST_PT_COL = 5  # E: the longest PT (min), its label in D
UNIT_NAME = "Map_Unit"  # defined names of the three cells
UNIT_MINUTES_NAME = "Map_Unit_Minutes"
DAY_MINUTES_NAME = "Map_Day_Minutes"

# -- Charts: comparison table -----------------------------------------------------------------
COMPARE_TITLE_ROW = 6
COMPARE_HEADER_ROW = 7
COMPARE_COLUMNS = (  # key, header (unit appended where "{unit}"), width, number format
    ("state", "State", None),
    ("lt", "Lead time ({unit})", "#,##0.0#"),
    ("pt", "Process time ({unit})", "#,##0.0#"),
    ("fe", "Flow efficiency", "0.00%"),
    ("band", "Flow rating", "General"),
)

def compare_charts_row(n_states: int) -> int:
    """The row the two comparison charts start in (below the comparison table)."""
    return COMPARE_HEADER_ROW + max(n_states, 1) + 2


def first_section_row(n_states: int) -> int:
    return compare_charts_row(n_states) + CHART_ROWS + SECTION_GAP


# -- Charts: one data table per state ---------------------------------------------------------
DATA_COLUMNS = (  # key, header, width, number format
    ("number", "#", 5, "0"),
    ("step", "Step", 26, "General"),
    ("pt", "PT ({unit})", 12, "#,##0.0#"),
    ("wt", "WT ({unit})", 12, "#,##0.0#"),
    ("lt", "LT ({unit})", 12, "#,##0.0#"),
    ("cycle", "PT per resource (min)", 17, "#,##0.0#"),  # wide enough for the band "significant waste" above it
    ("takt", "Takt (min)", 10, "#,##0.0#"),
    ("timeline", "On timeline", 10, "General"),
    ("constraint", "Capacity constraint", 12, "General"),
    ("delay", "Largest delay", 10, "General"),
)
DATA_COL = {key: i + 1 for i, (key, *_rest) in enumerate(DATA_COLUMNS)}
CHART_ANCHOR_COL = len(DATA_COLUMNS) + 2  # charts start one column right of the tables
CHART_ROWS = 16  # rows a chart takes (height in rows of 15 pt)
SECTION_GAP = 2


@dataclass
class DataSection:
    """One state's table on the Charts sheet (1-based rows)."""

    title_row: int
    header_row: int
    first_row: int
    n_rows: int
    steps_rows: list  # the Steps row each data row mirrors
    # summarised (core.chart_steps): the steps of the state; then the rows are its longest steps
    # (steps_rows) and a last row for the others, and no row mirrors each step
    summary_of: int = 0

    @property
    def last_row(self) -> int:
        return self.first_row + self.n_rows - 1

    @property
    def total_row(self) -> int:
        return self.last_row + 1

    @property
    def end_row(self) -> int:
        """The last row the section takes, its charts (below the table) included."""
        return self.total_row + 1 + CHART_ROWS

    def row_of(self, steps_row: int) -> int:
        k = steps_row - self.steps_rows[0] if self.steps_rows else -1  # the rows of a block follow each other
        if not (0 <= k < len(self.steps_rows) and self.steps_rows[k] == steps_row):
            k = self.steps_rows.index(steps_row)
        return self.first_row + k


# -- Map --------------------------------------------------------------------------------------
LABEL_COL = 1
LABEL_WIDTH = 16
GAP_WIDTH = 9
BOX_WIDTH = 16
TOTAL_LABEL_WIDTH = 20
TOTAL_VALUE_WIDTH = 17
MAP_TITLE_ROW = 1
MAP_NOTE_ROW = 2
MAP_FIRST_ROW = 4
BOX_LINES = ("name", "owner", "pt", "lt", "wt", "ca", "changeover", "resources", "mark")
LINE_OF = {key: i for i, key in enumerate(BOX_LINES)}
HELPER_KEYS = ("pt", "lt", "wt")  # hidden minutes rows under the timeline (MapSection.helper_row)
COUNTED_KEYS = ("wt_counted", "pt_counted")
NAME_HEIGHT = 30  # the box's first line holds the step name, wrapped on two lines
LINE_HEIGHT = 13.5
TEMPLATE_MAP_SLOTS = 10  # boxes drawn for a state without steps (the blank template): ten fit one screen
MAP_MAX_POSITIONS = 100  # flow positions drawn at most (a sheet has 16,384 columns; a larger map says so)
POSITIONS_PER_PAGE = 10  # a longer map prints over several landscape pages, the labels repeated


def page_width(positions: int) -> float:
    """Column width units of a printed map page of ``positions`` flow positions and the totals."""
    return LABEL_WIDTH + positions * (GAP_WIDTH + BOX_WIDTH) + GAP_WIDTH + TOTAL_LABEL_WIDTH + TOTAL_VALUE_WIDTH


@dataclass
class MapSection:
    """One state's map (1-based rows and columns)."""

    title_row: int
    groups: list  # per flow position: the Steps rows of its parallel branches, top to bottom
    levels: int  # the deepest stack of parallel branches
    width: int  # flow positions of the widest map: every map's totals sit in the same columns
    info_rows: int = 0  # rows of information arrows under the production control row
    burst_rows: int = 0  # rows of kaizen bursts over the boxes

    def gap_col(self, g: int) -> int:
        return LABEL_COL + 1 + 2 * g

    def box_col(self, g: int) -> int:
        return self.gap_col(g) + 1

    @property
    def total_label_col(self) -> int:
        return self.gap_col(self.width) + 1

    @property
    def total_value_col(self) -> int:
        return self.total_label_col + 1

    @property
    def control_row(self) -> int:
        """The production control box's row (over the middle of the boxes)."""
        return self.title_row + 2

    def info_row(self, n: int) -> int:
        return self.control_row + 1 + n

    def burst_row(self, n: int) -> int:
        return self.control_row + 1 + self.info_rows + n

    @property
    def control_col(self) -> int:
        return self.box_col(max(len(self.groups) - 1, 0) // 2)

    @property
    def supplier_col(self) -> int:
        return LABEL_COL

    @property
    def customer_col(self) -> int:
        return self.total_label_col

    def box_row(self, level: int, line: str = "name") -> int:
        first = self.control_row + 1 + self.info_rows + self.burst_rows
        return first + level * (len(BOX_LINES) + 1) + LINE_OF[line]

    @property
    def upper_row(self) -> int:
        """The upper level of the timeline (waiting time)."""
        return self.box_row(self.levels - 1, BOX_LINES[-1]) + 3

    @property
    def lower_row(self) -> int:
        return self.upper_row + 1

    def helper_row(self, level: int, key: str) -> int:
        """A hidden row of minutes (key pt, lt or wt of each box of ``level``; wt_counted and
        pt_counted: the timeline's) the visible texts show by the display rule: one long
        native formula each, not repeated in every text that shows it."""
        if key in COUNTED_KEYS:
            return self.lower_row + 3 + self.levels * len(HELPER_KEYS) + COUNTED_KEYS.index(key)
        return self.lower_row + 3 + level * len(HELPER_KEYS) + HELPER_KEYS.index(key)

    @property
    def helper_rows(self) -> range:
        return range(self.lower_row + 3, self.helper_row(0, COUNTED_KEYS[-1]) + 1)

    @property
    def end_row(self) -> int:
        return self.helper_rows.stop


@dataclass
class MapGeometry:
    sections: list = field(default_factory=list)  # MapSection per state block
    data: list = field(default_factory=list)  # DataSection per state block
    compare_rows: list = field(default_factory=list)  # row of each state in the comparison table


def plan_groups(rows, positions) -> list:
    """The flow positions of a block: ``rows`` (Steps rows of its steps) grouped by
    ``positions`` (a step's position, None = its own group), in order of first appearance."""
    groups: list = []
    index: dict = {}
    for r, pos in zip(rows, positions):
        if pos is None:
            groups.append([r])
            continue
        if pos not in index:
            index[pos] = len(groups)
            groups.append([])
        groups[index[pos]].append(r)
    return groups


def plan_map(first_row: int, groups: list, width: int, info_rows: int = 0, burst_rows: int = 0) -> MapSection:
    levels = max((len(g) for g in groups), default=1)
    return MapSection(first_row, groups, max(levels, 1), max(width, len(groups)), max(info_rows, 1), burst_rows)


# the partners' boxes: their lines, top down, from the box's first row
SUPPLIER_LINES = ("title", "name", "frequency", "shipment")
CUSTOMER_LINES = ("title", "name", "demand", "takt", "frequency", "shipment")
