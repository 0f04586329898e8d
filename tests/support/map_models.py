"""Value streams built directly in Python that use the whole map vocabulary (core/flows):
supplier and customer with shipments, production control, electronic and manual information
flows, push arrows, a FIFO lane, a supermarket, a pull, kaizen bursts; a 45 s step and a
12-working-day wait (issue 16's acceptance figures)."""
from __future__ import annotations

from vsm_xl.core.durations import DurationRule
from vsm_xl.core.flows import (
    CUSTOMER, ELECTRONIC, FIFO, MANUAL, PRODUCTION_CONTROL, PULL, PUSH, SUPERMARKET, SUPPLIER, InformationFlow,
    MaterialFlow, Partner, ProductionControl, Shipment,
)
from vsm_xl.core.model import Demand, Improvement, State, Step, ValueStream

EIGHT_HOURS = DurationRule(hours_per_day=8, days_per_week=5)
DAY = 480


def flows_model(**changes) -> ValueStream:
    current = State("Current", (
        Step("Order Entry", 15, 120, owner="Sales", complete_accurate=0.85, inventory=50, inflow=MaterialFlow(PUSH)),
        Step("Credit <Check> & co", 0.75, 12 * DAY + 0.75, owner="Finance", complete_accurate=0.95, inventory=30,
             inflow=MaterialFlow(PUSH)),
        Step("Pick & Pack", 30, 360, owner="Warehouse", inventory=0, inflow=MaterialFlow(PUSH)),
        Step("Ship", 10, 480, owner="Logistics", inventory=100, inflow=MaterialFlow(PUSH)),
    ), kind="current", production_control=ProductionControl("Production control", "ERP"),
        information_flows=(InformationFlow(CUSTOMER, PRODUCTION_CONTROL, ELECTRONIC, "daily", "orders"),
                           InformationFlow(PRODUCTION_CONTROL, SUPPLIER, MANUAL, "weekly", "weekly forecast"),
                           InformationFlow(PRODUCTION_CONTROL, "Order Entry", ELECTRONIC, "daily", "daily schedule"),
                           InformationFlow(PRODUCTION_CONTROL, "Ship", MANUAL, "", "shipping list")))
    future = State("Future", (
        Step("Order Entry", 10, 30, owner="Sales", complete_accurate=0.98, inventory=10),
        Step("Credit <Check> & co", 1, 5, owner="System", inventory=0, inflow=MaterialFlow(FIFO, 5)),
        Step("Pick & Pack", 25, 120, owner="Warehouse", inventory=15, inflow=MaterialFlow(SUPERMARKET)),
        Step("Ship", 10, 240, owner="Logistics", inventory=20, inflow=MaterialFlow(PULL)),
    ), kind="future", production_control=ProductionControl("Production control", "Kanban board"),
        information_flows=(InformationFlow(CUSTOMER, PRODUCTION_CONTROL, ELECTRONIC, "daily", "orders"),
                           InformationFlow(PRODUCTION_CONTROL, "Ship", ELECTRONIC, "", "pacemaker schedule"),
                           InformationFlow("Ship", "Pick & Pack", MANUAL, "", "withdrawal kanban")))
    fields = dict(
        name="Flows <&> stream", states=(current, future), duration_rule=EIGHT_HOURS,
        demand=Demand(available_minutes=480, units=40),
        customer=Partner("Retail customer", "daily", Shipment("truck", "daily")),
        supplier=Partner("Steel Co.", "weekly", Shipment("truck", "2x week")),
        improvements=(
            Improvement("Real-time credit API", states=("Future",), extra=(("steps", "Credit <Check> & co"),)),
            Improvement("Kanban at shipping", states=("Future",), extra=(("steps", ("Ship", "Pick & Pack")),)),
            Improvement("Training", states=("Future",)),  # changes no step: no burst
        ))
    fields.update(changes)
    return ValueStream(**fields)
