from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def claims_analysis():
    from vsm_xl.core.analysis import analyze
    from vsm_xl.io.yaml_io import read_yaml

    return analyze(read_yaml(EXAMPLES / "claims_handling.yaml"))


@pytest.fixture(scope="session")
def order_analysis():
    from vsm_xl.core.analysis import analyze
    from vsm_xl.io.yaml_io import read_yaml

    return analyze(read_yaml(EXAMPLES / "order_fulfillment.yaml"))
