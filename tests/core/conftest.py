"""Shared inputs of the core tests: METHOD.md's two worked examples, built independently of
any adapter (the claims example read with PyYAML straight from examples/)."""
from pathlib import Path

import pytest
import yaml

from vsm_xl.core.model import EvaluationModel, Indicator, PairwiseMatrix, State, Step

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# METHOD.md section 1, order fulfilment (lean checklist table): name, owner, PT min, LT min, %C&A, inventory
CURRENT_ROWS = [
    ("Order Entry", "Sales", 15, 2 * 60, 0.85, 50),
    ("Credit Check", "Finance", 10, 8 * 60, 0.95, 30),
    ("Inventory Alloc", "Warehouse", 5, 4 * 60, 0.90, 20),
    ("Pick & Pack", "Warehouse", 30, 6 * 60, 0.92, 40),
    ("Ship", "Logistics", 10, 24 * 60, 0.98, 100),
]
FUTURE_ROWS = [
    ("Order Entry", "Sales", 10, 30, 0.98, 10),
    ("Credit Check", "System", 1, 5, 0.99, 0),
    ("Inventory Alloc", "System", 1, 5, 0.99, 0),
    ("Pick & Pack", "Warehouse", 25, 2 * 60, 0.96, 15),
    ("Ship", "Logistics", 10, 4 * 60, 0.99, 20),
]


def make_state(name, rows, kind="target"):
    steps = tuple(Step(n, pt, lt, owner=o, complete_accurate=ca, inventory=inv) for n, o, pt, lt, ca, inv in rows)
    return State(name, steps, kind)


@pytest.fixture
def order_current() -> State:
    return make_state("Current state", CURRENT_ROWS, "current")


@pytest.fixture
def order_future() -> State:
    return make_state("Future state", FUTURE_ROWS, "future")


def load_claims_model() -> EvaluationModel:
    data = yaml.safe_load((EXAMPLES / "claims_handling.yaml").read_text(encoding="utf-8"))["evaluation"]
    indicators = tuple(
        Indicator(i["name"], i["group"], i["worst"], i["best"], tuple(i["values"]), i["function"],
                  i.get("curvature"), i.get("unit", ""))
        for i in data["indicators"]
    )
    pairwise = {group: PairwiseMatrix(tuple(m["indicators"]), tuple(tuple(r) for r in m["matrix"]))
                for group, m in data["pairwise"].items()}
    return EvaluationModel(tuple(data["alternatives"]), indicators, pairwise)


@pytest.fixture
def claims_model() -> EvaluationModel:
    return load_claims_model()
