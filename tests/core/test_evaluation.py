import dataclasses

import pytest

from vsm_xl.core.errors import ValidationError, VsmError
from vsm_xl.core.evaluation import check_evaluation, evaluate, group_weights, normalize_group
from vsm_xl.core.model import EvaluationModel, Indicator, PairwiseMatrix

# METHOD.md 2.5: alternative -> (G non-monetary, G monetary, WBF, rank), 4 decimals
CLAIMS_EXPECTED = {
    "Current state": (0.2309, 0.2500, 1.0742, 4),
    "Option A": (0.7991, 0.5650, 0.4791, 2),
    "Option B": (0.7002, 0.4550, 0.6220, 3),
    "Option C": (0.8972, 0.7222, 0.2962, 1),
}


def test_claims_handling_table(claims_model):
    """METHOD.md 2.5, constructed worked example (claims handling): G, WBF and rank to 4 decimals."""
    result = evaluate(claims_model)
    assert [a.name for a in result.alternatives] == list(CLAIMS_EXPECTED)
    for alt in result.alternatives:
        g_nm, g_m, value, rank = CLAIMS_EXPECTED[alt.name]
        assert round(alt.benefit_non_monetary, 4) == g_nm
        assert round(alt.benefit_monetary, 4) == g_m
        assert round(alt.wbf, 4) == value
        assert alt.rank == rank
    assert result.best == "Option C"
    assert result.notices == ()
    assert result.weights["non-monetary"].weights == pytest.approx([2 / 3, 1 / 6, 1 / 6])
    assert result.weights["monetary"].weights == pytest.approx([1 / 6, 1 / 3, 1 / 2])
    assert result.alternative("Option A").rank == 2


def test_claims_partial_benefits_by_hand(claims_model):
    """Linear rows by hand: lead time (30 - e)/27, investment 1 - e/500000, savings e/300000,
    process costs (1200000 - e)/600000."""
    result = evaluate(claims_model)
    rows = dict(zip(result.indicators, result.partial_benefits))
    assert rows["Lead time"] == pytest.approx([6 / 27, 21 / 27, 18 / 27, 24 / 27])
    assert rows["Investment"] == pytest.approx([1, 0.64, 0.88, 0.1])
    assert rows["Annual savings"] == pytest.approx([0, 0.5, 0.3, 26 / 30])
    assert rows["Process costs"] == pytest.approx([1 / 6, 350 / 600, 250 / 600, 500 / 600])


def _replace_indicator(model, index, **changes):
    indicators = list(model.indicators)
    indicators[index] = dataclasses.replace(indicators[index], **changes)
    return dataclasses.replace(model, indicators=tuple(indicators))


def test_clipped_value_is_reported(claims_model):
    """Option C lead time 2 days is better than best (3): clipped to 1 with a notice."""
    model = _replace_indicator(claims_model, 0, values=(24, 9, 12, 2))
    result = evaluate(model)
    assert result.partial_benefits[0][3] == 1.0
    (notice,) = result.notices
    assert notice.subject == ("value", 0, 3)
    assert "Option C" in notice.message and "clipped" in notice.message


def test_every_problem_at_once_with_subjects(claims_model):
    model = _replace_indicator(claims_model, 1, worst=1.0)  # worst == best
    model = _replace_indicator(model, 3, values=(0, None, 60000, 450000))
    pairwise = dict(model.pairwise)
    pairwise["monetary"] = PairwiseMatrix(("Investment", "Annual savings", "Process costs"),
                                          ((None, 1, 0), (2, None, 1), (2, 1, None)))
    model = dataclasses.replace(model, pairwise=pairwise)
    subjects = [p.subject for p in check_evaluation(model)]
    assert ("indicator", 1, "worst") in subjects
    assert ("value", 3, 1) in subjects
    assert ("pairwise", "monetary", 1, 0) in subjects
    with pytest.raises(ValidationError) as info:
        evaluate(model)
    assert len(info.value.problems) == 3
    assert "3 problems found" in str(info.value)


def test_missing_group_and_missing_matrix(claims_model):
    only_nm = dataclasses.replace(claims_model, indicators=claims_model.group("non-monetary"))
    assert ("group", "monetary") in [p.subject for p in check_evaluation(only_nm)]
    no_matrix = dataclasses.replace(claims_model, pairwise={"non-monetary": claims_model.pairwise["non-monetary"]})
    problems = check_evaluation(no_matrix)
    assert [p.subject for p in problems] == [("group", "monetary")]
    assert "missing" in problems[0].message


def test_duplicate_names_and_wrong_value_count(claims_model):
    model = dataclasses.replace(claims_model, alternatives=("Current state", "Option A", "Option A", "Option C"))
    assert ("alternative", 2) in [p.subject for p in check_evaluation(model)]
    model = _replace_indicator(claims_model, 0, values=(1, 2, 3))
    assert ("indicator", 0, "values") in [p.subject for p in check_evaluation(model)]


def test_one_indicator_group_weighs_one(claims_model):
    """A group of one indicator has weight 1 and needs no matrix (METHOD.md 2.3)."""
    monetary = [i for i in claims_model.indicators if i.group == "monetary"][:1]
    model = EvaluationModel(claims_model.alternatives, claims_model.group("non-monetary") + tuple(monetary),
                            {"non-monetary": claims_model.pairwise["non-monetary"]})
    result = evaluate(model)
    assert group_weights(model, "monetary").weights == (1.0,)
    assert [a.benefit_monetary for a in result.alternatives] == pytest.approx([1, 0.64, 0.88, 0.1])


def test_matrix_order_may_differ_from_indicator_order(claims_model):
    """Weights follow the names, not positions: the monetary matrix listed in reverse order."""
    m = claims_model.pairwise["monetary"]
    reversed_matrix = PairwiseMatrix(m.indicators[::-1], tuple(tuple(row[::-1]) for row in m.matrix[::-1]))
    model = dataclasses.replace(claims_model, pairwise={**claims_model.pairwise, "monetary": reversed_matrix})
    result = evaluate(model)
    assert round(result.alternative("Option C").wbf, 4) == 0.2962


def test_matrix_over_other_indicators_is_a_problem(claims_model):
    bad = PairwiseMatrix(("Investment", "Annual savings", "Cost"), claims_model.pairwise["monetary"].matrix)
    model = dataclasses.replace(claims_model, pairwise={**claims_model.pairwise, "monetary": bad})
    assert [p.subject for p in check_evaluation(model)] == [("group", "monetary")]


@pytest.mark.parametrize("spelling, group", [
    ("Monetary", "monetary"), ("nicht-monetär", "non-monetary"), ("non monetary", "non-monetary"), ("NM", "non-monetary"),
])
def test_group_spellings(spelling, group):
    assert normalize_group(spelling) == group


def test_unknown_group_spelling():
    with pytest.raises(VsmError, match="unknown indicator group"):
        normalize_group("financial")


def test_unknown_group_in_model_is_a_problem():
    model = EvaluationModel(("a", "b"), (
        Indicator("x", "financial", 0, 1, (0, 1)),
        Indicator("y", "non-monetary", 0, 1, (0, 1)),
    ))
    subjects = [p.subject for p in check_evaluation(model)]
    assert ("indicator", 0, "group") in subjects and ("group", "monetary") in subjects
