import pytest

from vsm_xl.core.model import EvaluationModel, Indicator, State, Step, ValueStream


def test_wait_time_is_lt_minus_pt():
    assert Step("Ship", 10, 24 * 60).wait_time == 1430


def test_stream_lookup_and_current_state(order_current, order_future):
    stream = ValueStream("x", (order_future, order_current))
    assert stream.current_state is order_current  # by kind, not position
    assert stream.state("Future state") is order_future
    with pytest.raises(KeyError):
        stream.state("nope")
    assert ValueStream("y", (State("a", (), "target"),)).current_state.name == "a"  # first as fallback
    assert ValueStream().current_state is None


def test_group_keeps_model_order():
    model = EvaluationModel(("a",), (
        Indicator("x", "monetary", 0, 1, (0,)), Indicator("y", "non-monetary", 0, 1, (0,)),
        Indicator("z", "monetary", 0, 1, (0,)),
    ))
    assert [i.name for i in model.group("monetary")] == ["x", "z"]
