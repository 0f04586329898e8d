"""Where the weighting scheme, the consistency ratio and the team's matrices live
(METHOD.md section 3): a scheme cell and CR column per Pairwise block, and the Team sheet with
one block per participant, found by its marker label, so that a block can be copied to add one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from vsm_xl.workbook.layout import template_layout as L

TEAM = L.TEAM
SCHEME_LABEL = "Scheme"  # Pairwise: in a block's marker row, left of the scheme cell
SCHEME_CHOICES = ("pairwise", "ahp")
CR_HEADER = "CR"
CR_NOTE = "CR above 0.10: revise"
PARTICIPANT_MARKER = "Participant"  # Team: column A of each participant block's first row
TEAM_TITLE = "Team weighting: one block per participant"
TEAM_SUMMARY_ROW = 4  # per group: its name, then participants, consensus, the pooled weights
SUMMARY_LABELS = ("Participants", "Consensus")
POOLED_HEADER = "Pooled"
TEAM_FORMULA_ROWS = 2000  # how far down the live team formulas reach (the reader has no cap)
WEIGHT_HEADER = "Weight"
PLACEHOLDER = "-"  # a name cell of an unused indicator slot (keeps the header row text)
# Hidden helper columns, as Steps' VSM_DURATION columns: the VSM_* array formulas live there and the
# visible cells are plain per-cell formulas reading them. LibreOffice recomputes every array formula on
# opening (without the add-in: the helper's note), but shows a plain formula's saved result.
WEIGHT_HELPER_HEADERS = ("Weight VSM_GROUP_WEIGHTS", "CR VSM_GROUP_WEIGHTS")  # Pairwise and Team blocks
POOLED_HELPER_HEADERS = ("Pooled VSM_TEAM_WEIGHTS", "Consensus VSM_TEAM_WEIGHTS")  # Team summary
PAIRWISE_HELPER_GAP = 6  # Pairwise: empty columns right of CR, where the CR warning's text runs on


def scheme_cell(b: L.PairwiseBlock) -> tuple[int, int]:
    """(col, row) of a Pairwise block's scheme value; its label is one column left."""
    return b.weight_col, b.marker_row


def cr_col(b: L.PairwiseBlock) -> int:
    return b.rank_col + 1


def pairwise_helper_col(b: L.PairwiseBlock) -> int:
    """A Pairwise block's hidden helper: its own matrix's weights, and the CR beside them."""
    return cr_col(b) + PAIRWISE_HELPER_GAP


@dataclass(frozen=True)
class TeamGroup:
    """One group's columns on the Team sheet: row labels, the n x n matrix, weight, CR."""

    group: str
    label_col: int
    size: int

    @property
    def first_col(self) -> int:
        return self.label_col + 1

    def col(self, j: int) -> int:
        return self.first_col + j

    @property
    def last_col(self) -> int:
        return self.first_col + self.size - 1

    @property
    def weight_col(self) -> int:
        return self.last_col + 1

    @property
    def cr_col(self) -> int:
        return self.last_col + 2

    @property
    def helper_col(self) -> int:
        """Hidden: the pooled weights and consensus (summary rows), each participant's weights and CR."""
        return self.last_col + 3


@dataclass
class TeamGeometry:
    """The Team sheet as the reader found it: each group's columns and every participant block's
    first row (top to bottom, filled or not)."""

    groups: dict  # group -> TeamGroup
    block_rows: list
    filled: dict = field(default_factory=dict)  # group -> first rows of the blocks with its judgments
    helpers: set = field(default_factory=set)  # groups whose helper columns the sheet has (none before them)


def plan_team(sizes: dict) -> dict:
    """``{group: TeamGroup}`` side by side, monetary first, from the Pairwise block sizes."""
    groups, col = {}, 3  # A: the participant marker, B: the participant's name
    for group in L.PAIRWISE_GROUPS:
        groups[group] = TeamGroup(group, col, sizes[group])
        col += sizes[group] + 6  # labels, matrix, weight, CR, two hidden helpers, a blank column
    return groups


def block_height(groups: dict) -> int:
    """Rows of one participant block: the header row, the largest matrix, one blank row."""
    return 1 + max(g.size for g in groups.values()) + 1


def pooled_row(i: int) -> int:
    """Row of indicator i in the pooled summary (group name, participants, consensus, header above)."""
    return TEAM_SUMMARY_ROW + 4 + i


def first_block_row(groups: dict) -> int:
    """The first participant block starts below the pooled summary and one blank row."""
    return pooled_row(max(g.size for g in groups.values())) + 1


def helper_columns(g: L.Geometry) -> dict:
    """``{sheet: {column}}``: the hidden helper columns a workbook has (Steps, Pairwise, Team),
    whose cells may say that the add-in is missing while the visible cells keep their numbers."""
    out: dict = {L.STEPS: {c for b in g.blocks for k, c in b.columns.items() if k in L.HELPER_STEP_KEYS}}
    out[L.PAIRWISE] = {pairwise_helper_col(b) + k for b in g.pairwise.values() if b.helpers for k in range(2)}
    team = g.team
    if isinstance(team, TeamGeometry):
        out[TEAM] = {tg.helper_col + k for group, tg in team.groups.items() if group in team.helpers
                     for k in range(2)}
    from vsm_xl.workbook.layout.live_layout import helper_columns as live_helpers

    out[L.SENSITIVITY] = live_helpers(g.indicators)
    return out
