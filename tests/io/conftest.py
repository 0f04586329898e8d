"""Shared fixtures of the interchange/export tests: the two examples of METHOD.md, read and analysed."""
from pathlib import Path

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.io.yaml_io import read_yaml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def order_path():
    return EXAMPLES / "order_fulfillment.yaml"


@pytest.fixture(scope="session")
def claims_path():
    return EXAMPLES / "claims_handling.yaml"


@pytest.fixture(scope="session")
def order_stream(order_path):
    return read_yaml(order_path)


@pytest.fixture(scope="session")
def claims_stream(claims_path):
    return read_yaml(claims_path)


@pytest.fixture(scope="session")
def order_analysis(order_stream):
    return analyze(order_stream)


@pytest.fixture(scope="session")
def claims_analysis(claims_stream):
    return analyze(claims_stream)
