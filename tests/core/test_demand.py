import pytest

from vsm_xl.core.demand import (
    DAILY_DEMAND, LITTLES_LAW, demand_check, inventory_days, keeps_up, littles_law_wait, takt_time,
)
from vsm_xl.core.errors import DivisionError, InputError
from vsm_xl.core.model import Step


def test_takt_time_by_hand():
    """480 available minutes / 24 orders = 20 min per order."""
    assert takt_time(480, 24) == 20
    with pytest.raises(DivisionError):
        takt_time(480, 0)
    with pytest.raises(InputError):
        takt_time(-1, 5)
    with pytest.raises(InputError):
        takt_time(480, -5)


def test_inventory_days_and_littles_law_by_hand():
    """240 items / 60 a day = 4 days; Little's law: 10 queued × 5 min cycle = 50 min."""
    assert inventory_days(240, 60) == 4
    assert littles_law_wait(10, 5) == 50
    with pytest.raises(DivisionError):
        inventory_days(10, 0)
    with pytest.raises(InputError):
        littles_law_wait(-1, 5)


def test_keeps_up_uses_pt_per_resource():
    assert keeps_up(Step("A", 30, 60, resources=2), 20)  # 15 <= 20
    assert not keeps_up(Step("A", 30, 60), 20)
    assert keeps_up(Step("A", 20, 60), 20)  # exactly takt keeps up


def test_demand_check_on_order_fulfilment(order_current):
    """Order fulfilment current state (METHOD.md 1) with 480 min and 24 orders a day: takt 20 min;
    only Pick & Pack (PT 30) cannot keep up. Inventory days by hand: 50/24, 30/24, …"""
    rows = demand_check(order_current.steps, 480, 24)
    assert [r.keeps_up for r in rows] == [True, True, True, False, True]
    assert all(r.takt == 20 for r in rows)
    assert [r.inventory_reading for r in rows] == pytest.approx([50 / 24, 30 / 24, 20 / 24, 40 / 24, 100 / 24])
    assert rows[0].step == "Order Entry"


def test_demand_check_periods_per_day():
    """Demand of 6 per 2-hour period, 4 periods a day: 24 a day, so 48 items are 2 days."""
    (row,) = demand_check([Step("A", 10, 60, inventory=48)], 120, 6, periods_per_day=4)
    assert row.takt == 20
    assert row.inventory_reading == 2


def test_demand_check_littles_law(order_current):
    """Little's law reading: inventory × the step's PT per resource (e.g. Ship 100 × 10 = 1000 min)."""
    rows = demand_check(order_current.steps, 480, 24, method=LITTLES_LAW)
    assert [r.inventory_reading for r in rows] == [50 * 15, 30 * 10, 20 * 5, 40 * 30, 100 * 10]
    assert DAILY_DEMAND != LITTLES_LAW


def test_unknown_method_and_missing_inventory():
    with pytest.raises(InputError, match="method"):
        demand_check([Step("A", 1, 2, inventory=3)], 480, 24, method="guess")
    (row,) = demand_check([Step("A", 1, 2)], 480, 24)
    assert row.inventory_reading is None


def test_littles_law_uses_the_cycle_time_per_resource():
    """Two resources each taking 10 min clear one item every 5 min: 6 queued wait 30 min."""
    (row,) = demand_check([Step("A", 10, 60, inventory=6, resources=2)], 480, 24, method=LITTLES_LAW)
    assert row.inventory_reading == 30
    assert row.process_time_per_resource == 5
