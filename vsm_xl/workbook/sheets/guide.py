"""The Guide sheet: what to fill in which order, how to switch the cell functions on, the
colour legend and which file is which. (The banner of an evaluated copy is written by
:func:`vsm_xl.workbook.writer.write_evaluated`.)"""
from __future__ import annotations

from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_team as T
from vsm_xl.workbook.layout import styles as S

_SECTIONS = (
    ("vsm-xl: value stream mapping and the comprehensive evaluation of value streams", None),
    ("What to fill, in this order", (
        f"1. {L.STEPS}: the settings at the top (value stream, boundaries, time unit, working hours), then "
        "one block per state: the current state first, then the future state or target conditions (Kind), and "
        "whether its figures are measured or estimated (Basis). Per step: name, owner, PT (process time), LT "
        "(lead time), %C&A, inventory, C/O, waste types, notes; for the measured indicators also its area (m²), "
        "availability, performance and quality (OEE), operating time BZ and variants (EPEI of the pacemaker: the "
        "step marked Bottleneck, else the capacity constraint). PT, LT, C/O and BZ take a number in the time "
        "unit of the settings or text such as 45s, 15m, 2h, 2 h 30 m, 1.5d, 1w (BZ and C/O of the pacemaker as "
        "numbers: the live EPEI reads numbers).",
        f"2. {L.IMPROVEMENTS} (optional): the improvement plan (impact and effort high/medium/low, priority, "
        "expected lead-time reduction; the States it belongs to, separated by ;, its one-off Cost and its Annual "
        "savings) and the roadmap phases.",
        f"3. {L.INDICATORS}: the alternatives as column headers (current state first) and, in the State row "
        "above them, the state each alternative is (blank: the state named like it); then one row per "
        "indicator: group (monetary or non-monetary), unit, worst value (benefit 0), best value (benefit 1), "
        "value function (linear or exponential with curvature c, default 2) and either a Measure (picked from "
        "the list: the values are computed) or one typed value per alternative.",
        f"4. {L.PAIRWISE}: for each group, the names of its indicators (pick them from the list) and the upper "
        "triangle: 2 = the row's indicator is more important than the column's, 1 = equal, 0 = less. The "
        "lower triangle follows; weights and ranks are computed.",
        f"5. {L.RESULTS}: overall benefit per group, WBF (distance to the ideal point (1, 1): lower is "
        "better), rank, the best alternative and the indifference-curve chart. Nothing to fill.",
        f"{L.FLOWS} (optional): the customer and the supplier at the ends of the map, who schedules each state "
        "(production control, its planning system) and its information flows (from, to, electronic or manual, "
        "frequency, label). On Steps, Flow in says how material reaches each step (push, fifo with its FIFO max, "
        "supermarket, pull); on Improvements, Steps changed puts a kaizen burst on those steps.",
        "Map and Charts: the value stream map of every state (supplier, customer with demand and takt, "
        "production control with its information arrows, process boxes, data boxes, the material flow between "
        "them, inventory triangles, kaizen bursts, the timeline with its totals) and the flow charts, drawn from "
        "the Steps and Flows sheets by native formulas: they "
        "show numbers with or without the add-in. Times in the unit of totals chosen on the Steps sheet "
        "(min, h or d). Nothing to fill; print them as they are (one landscape page per state; a longer map, ten steps a page).",
    )),
    ("One study: map -> target conditions -> measured indicators -> WBF", (
        f"a. Map the current state on {L.STEPS} as it is today (Basis: measured).",
        "b. Design the target conditions: copy the block once per target condition and change its steps "
        "(Basis: estimated); list the improvements each one needs, with their cost and annual savings, on "
        f"{L.IMPROVEMENTS}.",
        f"c. On {L.INDICATORS}, let the indicators measure the states instead of typing their values again: "
        "Measure lead_time, flow_degree, epei, oee, space, investment, annual_savings (and process_time, "
        "wait_time, flow_efficiency, wip, rolled_ca, inventory_days). The table Measures of the states below the "
        "indicators shows every state's figures; the value cells convert them into the row's unit (times: min, "
        "h, d or w; shares: % or a fraction) and are computed (blue).",
        f"d. Weigh the indicators on {L.PAIRWISE} and read the WBF on {L.RESULTS}. Change a step (with the "
        "add-in: its lead time; without it too: areas, OEE and EPEI fields, costs and savings) and the "
        "measured values, partial benefits, G and the WBF follow.",
        "The paper's own example (CIRP Annals 2013) is examples/paper_cirp2013.xlsx: four states mapped step by "
        "step, flow degree 90 / 37 / 42 / 37, EPEI 11 d, OEE 100 %, space 5000 / 4500 / 4750 / 3750 m² taken "
        "from the maps, G non-monetary 0.250 / 0.478 / 0.445 / 0.520 as in its Table 4.",
    )),
    ("How to switch the VSM_* cell functions on", (
        "Classic xlwings add-in (Excel on Windows with a local Python): pip install vsm-xl, then "
        "'xlwings addin install'. The hidden sheet xlwings.conf of this workbook (not printed; Unhide "
        f"to see it) already says UDF Modules = {L.UDF_MODULE}; click 'Import Functions' on the xlwings ribbon tab once.",
        "xlwings Lite (Excel on Windows, macOS and the web, no local Python): install xlwings Lite from the "
        "Office add-in store, add vsm-xl to its requirements.txt and expose the functions in main.py as the "
        "vsm-xl README shows; restart xlwings Lite.",
    )),
    ("Without the add-in (Excel without Python, LibreOffice, a colleague's computer)", (
        "Every computed cell shows the figures saved with the workbook when vsm-xl wrote it (the same "
        "figures 'vsm-xl evaluate' prints), AHP and team weights, CR and consensus included: you can read, "
        "print and send it as it is.",
        f"{L.INDICATORS}, {L.PAIRWISE} and {L.RESULTS} compute again with or without the add-in: change a "
        "value or a 0/1/2 comparison and the partial benefits, weights, overall benefits, WBF and ranks "
        f"follow. AHP judgments and the {T.TEAM} sheet's judgments need the add-in to compute again: after "
        "you change one, the weights, CR and consensus it feeds say 'needs the vsm-xl add-in' until the "
        "add-in is on (hidden helper columns hold the add-in's formulas and say so all along).",
        f"The {L.STEPS} sheet computes again without the add-in where PT and LT are plain numbers (in the "
        "time unit of numbers): minutes, totals, flow efficiency, rolled %C&A, WIP and both bottlenecks. "
        "Durations typed as text (2 h 30 m), parallel branches (Position) and PT per resource need the "
        "add-in: the cells they feed say 'needs the vsm-xl add-in' until it is on. Without it, run 'vsm-xl evaluate this.xlsx' (prints the figures and checks every "
        "input) or 'vsm-xl evaluate this.xlsx -o evaluated.xlsx' (an evaluated copy with every figure).",
        f"The {L.SENSITIVITY} sheet (SMAA-2: P(best), rank acceptabilities, central weights, and each state's "
        "lead time p5 / median / p95 from the Steps sheet's PT, LT and WT low / high) needs the add-in to compute again; "
        "without it, its figures stay as saved and its status line says what it needs. "
        "'vsm-xl sensitivity --smaa' gives the same figures.",
    )),
    ("Colours", None),  # the legend row follows
    ("Which file is which", (
        "workbook_templates/vsm_template.xlsx: the blank template, live formulas (the Steps sheet's need the "
        "add-in to compute).",
        "examples/order_fulfillment.xlsx and examples/claims_handling.xlsx: the two worked examples of the "
        "method, examples/claims_handling_team.xlsx with AHP and a team's judgments, and "
        "examples/paper_cirp2013.xlsx, the paper's example as one study; live formulas with their figures "
        "saved in them (they show numbers without the add-in).",
        "An evaluated copy (vsm-xl evaluate X.xlsx -o Y.xlsx): the same inputs, every result a number or a "
        "native Excel formula, so it shows numbers in Excel without Python, in LibreOffice and elsewhere. Its "
        "Guide and Results sheets say so at the top. Keep working in the original; evaluate again after changes.",
    )),
    ("Good to know", (
        "Durations are calendar time (1 d = 24 h, 1 w = 7 d) unless the settings give working hours per day "
        "and working days per week (8 and 5: 1 d = 8 h, 1 w = 5 d), in the live cells as in 'vsm-xl evaluate'.",
        "Parallel branches (steps with the same Position) count once in the totals and the flow efficiency: "
        "the longest branch (largest LT).",
        "%C&A: type 85% (or 85, read as percent). Rolled %C&A is the product over the steps.",
        "Flow efficiency bands: below 5 % significant waste, 5-15 % moderate, 15-25 % good, above 25 % excellent.",
        "The capacity constraint is the step with the largest PT, the largest delay the one with the largest "
        "wait time (LT - PT); ties go to the first in flow order.",
        "Computed cells are protected against accidental typing (no password: Review > Unprotect Sheet).",
        "Defined names for your own formulas: CS_PT, CS_LT, CS_FE, FS_FE ... (per state block), Ind_Values, "
        "Ind_Benefits, Meas_Values, Meas_States, Alt_States, PW_M_Weights, PW_N_Weights, Res_WBF, Res_Best, "
        "Time_Unit, Hours_Per_Day.",
        "Check a filled workbook without Excel: vsm-xl evaluate this.xlsx (every problem is listed with its cell).",
    )),
)


def write_guide(ws) -> None:
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["B"].width = 114  # the title on one line
    row = 1
    for title, lines in _SECTIONS:
        if row == 1:
            S.style_font(ws.cell(row=1, column=2, value=title), S.TITLE_FONT)
            S.style_font(ws.cell(row=2, column=2, value=f"Template version {L.TEMPLATE_VERSION}"), S.NOTE_FONT)
            row = 4
            continue
        S.style_font(ws.cell(row=row, column=2, value=title), S.SUBTITLE_FONT)
        row += 1
        if title == "Colours":
            S.style_input(ws.cell(row=row, column=2, value="Input cells (yellow): type or choose here."))
            S.style_computed(ws.cell(row=row + 1, column=2, value=(
                "Computed cells (blue): VSM_* formulas and plain spreadsheet formulas; locked against "
                "accidental typing.")))
            S.style_derived(ws.cell(row=row + 2, column=2, value=(
                "Derived cells (grey): the pairwise lower triangle and diagonal, filled from the upper triangle.")))
            row += 4
            continue
        for line in lines or ():
            S.apply(ws.cell(row=row, column=2, value=line), [("alignment", S.TEXT_ALIGNMENT)])
            row += 1
        row += 1
    ws.sheet_view.showGridLines = False
