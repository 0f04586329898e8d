"""Where the weighting scheme, the consistency ratio and the team's matrices live
(METHOD.md section 3): a scheme cell and CR column per Pairwise block, and the Team sheet with
one block per participant, found by its marker label, so that a block can be copied to add one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from vsm_xl.workbook import layout as L

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


def scheme_cell(b: L.PairwiseBlock) -> tuple[int, int]:
    """(col, row) of a Pairwise block's scheme value; its label is one column left."""
    return b.weight_col, b.marker_row


def cr_col(b: L.PairwiseBlock) -> int:
    return b.rank_col + 1


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


@dataclass
class TeamGeometry:
    """The Team sheet as the reader found it: each group's columns and every participant block's
    first row (top to bottom, filled or not)."""

    groups: dict  # group -> TeamGroup
    block_rows: list
    filled: dict = field(default_factory=dict)  # group -> first rows of the blocks with its judgments


def plan_team(sizes: dict) -> dict:
    """``{group: TeamGroup}`` side by side, monetary first, from the Pairwise block sizes."""
    groups, col = {}, 3  # A: the participant marker, B: the participant's name
    for group in L.PAIRWISE_GROUPS:
        groups[group] = TeamGroup(group, col, sizes[group])
        col += sizes[group] + 4
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
