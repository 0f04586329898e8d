"""The worked examples of METHOD.md as cell-function calls: one place for the inputs the
CPython tests (tests/test_udfs.py) check against published and hand-computed figures and the
Pyodide test (tests/test_pyodide.py) runs again inside Pyodide, the Python of xlwings Lite.

Plain Python with no test-framework imports: the Pyodide test copies this file into Pyodide
and calls :func:`worked_examples` there. Ranges are given as xlwings passes them with
``ndim=2`` (lists of rows, ``None`` for a blank cell).
"""
from __future__ import annotations

import datetime as dt

# METHOD.md section 1, order fulfilment (the lean checklist's table): step, PT, LT, %C&A, inventory
CURRENT = [("Order Entry", "15m", "2h", "85%", 50.0), ("Credit Check", "10m", "8h", "95%", 30.0),
           ("Inventory Alloc", "5m", "4h", "90%", 20.0), ("Pick & Pack", "30m", "6h", "92%", 40.0),
           ("Ship", "10m", "24h", "98%", 100.0)]
FUTURE = [("Order Entry", "10m", "30m", 0.98, 10.0), ("Credit Check", "1m", "5m", 0.99, 0.0),
          ("Inventory Alloc", "1m", "5m", 0.99, 0.0), ("Pick & Pack", "25m", "2h", 0.96, 15.0),
          ("Ship", "10m", "4h", 0.99, 20.0)]
TABLE_ROWS = 20  # the template's step table: 5 filled rows, the rest blank


def column(values, rows=TABLE_ROWS):
    """A column range as xlwings passes it with ndim=2: one-cell rows, None for blank cells."""
    return [[v] for v in values] + [[None]] * (rows - len(values))


def table(rows, field):
    return column([r[field] for r in rows])


# METHOD.md 2.5, claims handling (constructed worked example): indicators in rows, alternatives
# (Current state, Option A, Option B, Option C) in columns
CLAIMS_VALUES = [[24.0, 9.0, 12.0, 6.0], [0.62, 0.85, 0.80, 0.90], [48.0, 20.0, 25.0, 12.0],
                 [0.0, 180000.0, 60000.0, 450000.0], [0.0, 150000.0, 90000.0, 260000.0],
                 [1100000.0, 850000.0, 950000.0, 700000.0]]
CLAIMS_WORST = [[30.0], [0.6], [60.0], [500000.0], [0.0], [1200000.0]]
CLAIMS_BEST = [[3.0], [1.0], [1.0], [0.0], [300000.0], [600000.0]]
CLAIMS_FUNCTION = [["linear"], ["exponential"], ["exponential"], ["linear"], ["linear"], ["linear"]]
CLAIMS_CURVATURE = [[None], [2.0], [2.0], [None], [None], [None]]
CLAIMS_NAMES = [["Lead time"], ["First-pass yield"], ["Flow degree"], ["Investment"], ["Annual savings"],
                ["Process costs"]]
CLAIMS_GROUPS = [["non-monetary"]] * 3 + [["monetary"]] * 3
CLAIMS_ALTERNATIVES = [["Current state", "Option A", "Option B", "Option C"]]
# the Steps sheet's columns A:B, PT:LT, PT low .. WT high and Position over two state blocks (the
# trailing arguments of the SMAA-2 functions): Current state with an LT and a wait-time range,
# Option A (named like its alternative) with a PT range
_HEAD = (["#", "Step"], ["PT", "LT"], ["PT low", "PT high", "LT low", "LT high", "WT low", "WT high"], [None])
_GAP = ([None, None], [None, None], [None] * 6, [None])
_STEP_ROWS = (
    (["State", "Current state"], [None, None], [None] * 6, [None]), _HEAD,
    ([1, "Intake"], ["30m", "2d"], [None, None, "1d", "6d", None, None], [None]),
    ([2, "Assess"], ["2h", "5d"], [None, None, None, None, "2d", "12d"], [None]),
    ([3, "Pay"], [20.0, "1d"], [None] * 6, [None]), (["Total", None], [None, None], [None] * 6, [None]), _GAP,
    (["State", "Option A"], [None, None], [None] * 6, [None]), _HEAD,
    ([1, "Intake"], ["30m", "1d"], ["15m", "1h", None, None, None, None], [None]),
    ([2, "Assess and pay"], ["2h", "2d"], [None] * 6, [None]), _GAP)
CLAIMS_STEPS = tuple([list(row[k]) for row in _STEP_ROWS] for k in range(4))
# the Estimates sheet's ranges table: indicator, alternative, low, likely (blank: the value), high
CLAIMS_RANGES = [["Lead time", "Option A", 3.0, None, 30.0], ["Lead time", "Option C", 3.0, 6.0, 30.0],
                 ["Process costs", "Option C", 600000.0, None, 1100000.0], [None] * 5]
PAIRWISE_NON_MONETARY = [[None, 2.0, 2.0], [0.0, None, 1.0], [0.0, 1.0, None]]
PAIRWISE_MONETARY = [[None, 1.0, 0.0], [1.0, None, 1.0], [2.0, 1.0, None]]
# The paper's Table 3: flow degree, EPEI, OEE, space
TABLE3 = [[None, 1.0, 1.0, 2.0], [1.0, None, 1.0, 2.0], [1.0, 1.0, None, 1.0], [0.0, 0.0, 1.0, None]]
TABLE3_NAMES = [["Flow degree"], ["EPEI"], ["OEE"], ["Space"]]
SAATY_HOUSE = [  # Saaty (1990) EJOR 48, house example criteria (tests/core/test_ahp.py)
    "1 5 3 7 6 6 1/3 1/4", "1/5 1 1/3 5 3 3 1/5 1/7", "1/3 3 1 6 3 4 6 1/5", "1/7 1/5 1/6 1 1/3 1/4 1/7 1/8",
    "1/6 1/3 1/3 3 1 1/2 1/5 1/6", "1/6 1/3 1/4 4 2 1 1/5 1/6", "3 5 1/6 7 5 5 1 1/2", "4 7 5 8 6 6 2 1",
]
# The upper triangle as typed into cells (text fractions), the lower one blank
SAATY_HOUSE_UPPER = [[v if j > i else None for j, v in enumerate(row.split())] for i, row in enumerate(SAATY_HOUSE)]
# A team of two (tests/test_udfs_weighting.py, by hand): AHP 4:2:1 and 1:2:4 under a names row
TEAM_HEADER = [["Lead time", "First-pass yield", "Flow degree"]]
TEAM_AHP = (TEAM_HEADER + [[None, 2.0, 4.0], [None, None, 2.0], [None, None, None]] + TEAM_HEADER
            + [[None, 0.5, 0.25], [None, None, "1/2"], [None, None, None]] + [[None] * 3] * 4)
TEAM_PAIRWISE = [[None, 2.0, 2.0], [0.0, None, 1.0], [0.0, 1.0, None],
                 [None, 0.0, 0.0], [2.0, None, 1.0], [2.0, 1.0, None]]


def claims_results(f):
    """The claims evaluation through the cell functions of module ``f``: partial benefits,
    G non-monetary, G monetary and the WBF (METHOD.md 2.5)."""
    u = f.VSM_PARTIAL_BENEFIT(CLAIMS_VALUES, CLAIMS_WORST, CLAIMS_BEST, CLAIMS_FUNCTION, CLAIMS_CURVATURE)
    g_nm = f.VSM_OVERALL_BENEFIT(u[:3], f.VSM_WEIGHTS(PAIRWISE_NON_MONETARY))
    g_m = f.VSM_OVERALL_BENEFIT(u[3:], f.VSM_WEIGHTS(PAIRWISE_MONETARY))
    return u, g_nm, g_m, f.VSM_WBF(g_m, g_nm)


def worked_examples(f) -> list:
    """``[(label, result), ...]``: every worked example of METHOD.md through every cell function
    of module ``f`` (``vsm_xl.udfs``), plus the one-line errors a user meets first."""
    out = []

    def call(label, name, *args, **kwargs):
        result = getattr(f, name)(*args, **kwargs)
        out.append((f"{name} {label}", result))
        return result

    for state, rows in (("current", CURRENT), ("future", FUTURE)):
        pt, lt = table(rows, 1), table(rows, 2)
        call(f"{state}: total PT", "VSM_TOTAL_TIME", pt)
        call(f"{state}: total LT in h", "VSM_TOTAL_TIME", lt, unit="h")
        fe = call(f"{state}: flow efficiency", "VSM_FLOW_EFFICIENCY", pt, lt)
        call(f"{state}: band", "VSM_FLOW_RATING", fe)
        call(f"{state}: rolled %C&A", "VSM_ROLLED_CA", table(rows, 3))
        call(f"{state}: WIP", "VSM_WIP", table(rows, 4))
        call(f"{state}: wait times", "VSM_WAIT_TIME", lt, pt)
        call(f"{state}: capacity constraint", "VSM_BOTTLENECK", table(rows, 0), pt, lt)
        call(f"{state}: largest delay", "VSM_BOTTLENECK", table(rows, 0), pt, lt, "delay")
        call(f"{state}: flow degree", "VSM_FLOW_DEGREE", lt, pt)
    for text, kwargs in (("2 h 30 m", {}), ("45s", {}), ("1.5d", {"unit": "h"}),
                         ("1d", {"hours_per_day": 8.0}), ("1w", {"unit": "d", "hours_per_day": 8.0}),
                         ("2:30", {}), (dt.datetime(1899, 12, 31, 12, 0), {"unit": "h"}), ("-5m", {}),
                         ([["2h"], [None], ["15m"]], {})):
        call(f"{text!r} {kwargs}", "VSM_DURATION", text, **kwargs)
    call("7.5 h for 450 units", "VSM_TAKT_TIME", "7.5h", 450.0)
    call("7.5 h for 450 units in s", "VSM_TAKT_TIME", "7.5h", 450.0, unit="s")
    call("demand 0", "VSM_TAKT_TIME", 450.0, 0.0)
    call("44 h / 70 min", "VSM_FLOW_DEGREE", "44h", "70m")
    call("Table 2", "VSM_EPEI", [[6.0], [2.0]], [[1.0], ["30m"]], 2.0, "95%", 8.0)
    call("Table 2", "VSM_OEE", 90.0, "95%", 0.99)
    call("above 100 %", "VSM_OEE", 120.0, 0.9, 0.9)
    call("Table 2", "VSM_PAYBACK", 180000.0, 150000.0)
    call("no savings", "VSM_PAYBACK", 100.0, 0.0)
    call("bands", "VSM_FLOW_RATING", [[0.0499], [0.05], [0.1499], [0.15], [0.25], [0.2501], [None]])
    call("Table 3", "VSM_WEIGHTS", TABLE3, TABLE3_NAMES)
    call("Table 3", "VSM_RANKS", TABLE3, TABLE3_NAMES)
    call("claims non-monetary", "VSM_WEIGHTS", PAIRWISE_NON_MONETARY)
    call("claims monetary", "VSM_WEIGHTS", PAIRWISE_MONETARY)
    u = call("claims", "VSM_PARTIAL_BENEFIT", CLAIMS_VALUES, CLAIMS_WORST, CLAIMS_BEST, CLAIMS_FUNCTION,
             CLAIMS_CURVATURE)
    call("worst = best", "VSM_PARTIAL_BENEFIT", [[12.0]], [[12.0]], [[3.0]])
    g_nm = call("claims non-monetary", "VSM_OVERALL_BENEFIT", u[:3], f.VSM_WEIGHTS(PAIRWISE_NON_MONETARY))
    g_m = call("claims monetary", "VSM_OVERALL_BENEFIT", u[3:], f.VSM_WEIGHTS(PAIRWISE_MONETARY))
    call("claims", "VSM_WBF", g_m, g_nm)
    w_nm, w_m = f.VSM_WEIGHTS(PAIRWISE_NON_MONETARY), f.VSM_WEIGHTS(PAIRWISE_MONETARY)
    weight_columns = [[None, w[0]] for w in w_nm] + [[w[0], None] for w in w_m]  # monetary, non-monetary
    for k in range(1, 7):
        call(f"claims indicator {k}", "VSM_WEIGHT_RANGE", u, weight_columns, float(k))
    call("Saaty house", "VSM_AHP_WEIGHTS", SAATY_HOUSE_UPPER)
    call("Saaty house", "VSM_AHP_CR", SAATY_HOUSE_UPPER)
    call("Saaty house with CR", "VSM_GROUP_WEIGHTS", SAATY_HOUSE_UPPER, "ahp", None, True)
    call("Table 3", "VSM_GROUP_WEIGHTS", TABLE3, "pairwise", TABLE3_NAMES)
    call("Saaty house", "VSM_AHP_INCONSISTENT", SAATY_HOUSE_UPPER)
    call("AHP team", "VSM_TEAM_WEIGHTS", TEAM_AHP, "ahp")
    call("AHP team", "VSM_CONSENSUS", TEAM_AHP, "ahp")
    call("AHP team with consensus", "VSM_TEAM_WEIGHTS", TEAM_AHP, "ahp", True)
    call("0/1/2 team", "VSM_TEAM_WEIGHTS", TEAM_PAIRWISE)
    call("0/1/2 team", "VSM_CONSENSUS", TEAM_PAIRWISE)
    call("Option C", "VSM_WBF", 0.7222, 0.8972)
    smaa = (CLAIMS_NAMES, CLAIMS_GROUPS, CLAIMS_WORST, CLAIMS_BEST, CLAIMS_VALUES, CLAIMS_ALTERNATIVES, CLAIMS_RANGES,
            CLAIMS_FUNCTION, CLAIMS_CURVATURE, 0.0, 400.0)
    call("claims SMAA-2", "VSM_P_BEST", *smaa)
    call("claims SMAA-2", "VSM_RANK_ACCEPTABILITY", *smaa)
    call("claims SMAA-2", "VSM_CENTRAL_WEIGHTS", *smaa)
    call("claims SMAA-2 PERT", "VSM_P_BEST", *smaa, "pert")
    steps = (column(["lead_time", None, "flow_degree"], 6), column(["d"], 6), [["Current state", None, None, None]])
    call("claims SMAA-2, measured from ranged steps", "VSM_RANK_ACCEPTABILITY", *smaa, "triangular", *steps,
         *CLAIMS_STEPS, "min", 8.0, 5.0)
    call("one alternative", "VSM_P_BEST", CLAIMS_NAMES, CLAIMS_GROUPS, CLAIMS_WORST, CLAIMS_BEST,
         [row[:1] for row in CLAIMS_VALUES], [CLAIMS_ALTERNATIVES[0][:1]])
    lead = column(["1d", "2h", 30.0], 5)
    call("p95 of three steps", "VSM_LEAD_TIME_PERCENTILE", lead, column(["12h", None, 10.0], 5),
         column(["3d", None, 60.0], 5), 0.95, None, 0.0, 500.0)
    call("median in h", "VSM_LEAD_TIME_PERCENTILE", lead, column(["12h", None, 10.0], 5),
         column(["3d", None, 60.0], 5), "50%", None, 3.0, 500.0, "pert", "h")
    call("low above likely", "VSM_LEAD_TIME_PERCENTILE", lead, column(["3d"], 5), None)
    call("error passed on", "VSM_WBF", "#N/A", 0.5)
    return out


def function_help(f) -> dict:
    """``{name: [description, [[argument, doc, optional], ...]]}`` of every cell function of
    module ``f``, from the record the decorators keep (``__xlfunc__``)."""
    help_ = {}
    for name in f.__all__:
        record = getattr(f, name).__xlfunc__
        help_[name] = [record["ret"]["doc"].strip(),
                       [[a["name"], a["doc"], "optional" in a] for a in record["args"]]]
    return help_
