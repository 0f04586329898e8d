"""Where the map's vocabulary is typed (core.flows): the Flows sheet, in one place for the
builder and the reader (which finds the tables again by their labels in column A).

Flows sheet
    row 1-2    title and a note
    "Partner" header row, then the Customer and the Supplier rows: name, delivery frequency,
               shipment (truck, ...) and shipment frequency
    "Production control" header row, then one row per state: state name, name, planning system
    "Information flow" header row, then one row per arrow: state, from, to, kind (electronic or
               manual), frequency, label
"""
from __future__ import annotations

from dataclasses import dataclass, field

FLOWS = "Flows"

PARTNER_HEADERS = (("role", "Partner", 16), ("name", "Name", 26), ("frequency", "Delivery frequency", 18),
                   ("mode", "Shipment", 14), ("shipment_frequency", "Shipment frequency", 18))
PARTNER_ROLES = ("customer", "supplier")  # the rows' labels in column A, capitalised
CONTROL_HEADERS = (("state", "Production control", 16), ("name", "Name", 26), ("system", "Planning system", 28))
INFO_HEADERS = (("state", "Information flow", 16), ("source", "From", 26), ("target", "To", 18),
                ("kind", "Kind", 14), ("frequency", "Frequency", 18), ("label", "Label", 26))
INFO_FIELD = {"state": None, "source": "source", "target": "target", "kind": "kind", "frequency": "frequency",
              "label": "label"}
FIRST_ROW = 4
TEMPLATE_INFORMATION_ROWS = 12  # rows for information flows in the blank template
SPARE_INFORMATION_ROWS = 4  # blank rows below a filled table
TABLE_GAP = 1


@dataclass
class FlowsGeometry:
    """The three tables (1-based rows; columns from A in the order of their headers)."""

    partner_header: int
    control_header: int
    info_header: int
    info_last: int
    partner_rows: dict = field(default_factory=dict)  # role -> row
    control_rows: list = field(default_factory=list)  # one per state
    info_at: dict = field(default_factory=dict)  # (state index, flow index) -> its row (as written)

    @property
    def info_rows(self) -> range:
        return range(self.info_header + 1, self.info_last + 1)


def plan_flows(n_states: int, n_information: int) -> FlowsGeometry:
    partner = FIRST_ROW
    rows = {role: partner + 1 + i for i, role in enumerate(PARTNER_ROLES)}
    control = partner + len(PARTNER_ROLES) + 1 + TABLE_GAP + 1
    control_rows = [control + 1 + s for s in range(max(n_states, 1))]
    info = control_rows[-1] + TABLE_GAP + 2
    return FlowsGeometry(partner, control, info, info + n_information, rows, control_rows)


def col(headers, key: str) -> int:
    return 1 + [k for k, _, _ in headers].index(key)
