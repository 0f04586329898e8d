"""The map's vocabulary beyond the steps ("Learning to See"): the customer and the supplier at
the ends of the stream, production control with the information flows of each state, the
material flow into each step (push, FIFO lane, supermarket, pull) and the shipments between the
stream and its partners. Plain frozen data; the drawing is the adapters' job.

The customer's demand stays in ``ValueStream.demand`` (one place for that fact); a partner here
only says who it is and how goods travel to or from it.
"""
from __future__ import annotations

from dataclasses import dataclass

PUSH = "push"
FIFO = "fifo"
SUPERMARKET = "supermarket"
PULL = "pull"
# how material reaches a step from the one before it (METHOD.md section 5: the target
# conditions differ by "PULL (Kanban), one piece flow, first-in-first-out")
MATERIAL_FLOWS = (PUSH, FIFO, SUPERMARKET, PULL)

ELECTRONIC = "electronic"
MANUAL = "manual"
INFORMATION_KINDS = (ELECTRONIC, MANUAL)

# the ends an information flow may name besides a step of its state
CUSTOMER = "customer"
SUPPLIER = "supplier"
PRODUCTION_CONTROL = "production control"
PARTNERS = (CUSTOMER, SUPPLIER, PRODUCTION_CONTROL)


@dataclass(frozen=True)
class Shipment:
    """Goods travelling between the stream and a partner: by what, how often."""

    mode: str = "truck"
    frequency: str = ""  # e.g. "daily", "2x week"


@dataclass(frozen=True)
class Partner:
    """The customer or the supplier box of the map."""

    name: str
    frequency: str = ""  # delivery frequency as said, e.g. "daily"
    shipment: Shipment | None = None


@dataclass(frozen=True)
class ProductionControl:
    """The production control box on top of a state's map."""

    name: str = "Production control"
    system: str = ""  # the planning system, e.g. "ERP", "MRP", "Kanban board"


@dataclass(frozen=True)
class InformationFlow:
    """One arrow of the information flow: from and to are ``PARTNERS`` words or step names."""

    source: str
    target: str
    kind: str = ELECTRONIC
    frequency: str = ""  # e.g. "weekly", "daily"
    label: str = ""  # what travels, e.g. "weekly forecast", "daily schedule"


@dataclass(frozen=True)
class MaterialFlow:
    """How material reaches a step from the step before it."""

    kind: str = PUSH
    maximum: float | None = None  # a FIFO lane's maximum (units); None when not said
