"""The History section of the HTML report: the rows of a workbook's History sheet (one per
measurement from an event log, read by :func:`vsm_xl.eventlog.report_history.history_of`) as a
table and a trend chart of lead time, flow efficiency and rolled %C&A. matplotlib is imported
here only when a report has a history to draw."""
from __future__ import annotations

from vsm_xl.core import display as D
from vsm_xl.core.durations import CALENDAR


def history_table(rows, rule=CALENDAR) -> tuple[list, list]:
    headers = ["Period", "Cases", "LT", "PT", "FE", "WIP", "Rolled %C&A"]
    body = []
    for r in rows:
        body.append((f"{r.period_from} – {r.period_to}", r.cases, D.display(r.lead_time, D.WAIT, rule),
                     D.display(r.process_time, D.PROCESS, rule),
                     "" if r.flow_efficiency is None else f"{r.flow_efficiency:.1%}",
                     "" if r.wip is None else f"{r.wip:g}",
                     "" if r.rolled_ca is None else f"{r.rolled_ca:.1%}"))
    return headers, body


def history_chart(rows, rule=CALENDAR):
    """Two panels over the measurements (by the end of their period): the lead time in one
    unit of the display rule, and flow efficiency with rolled %C&A in percent."""
    from vsm_xl.report.charts import _figure

    fig = _figure(10, 3.2)
    left, right = fig.subplots(1, 2)
    labels = [r.period_to for r in rows]
    x = list(range(len(rows)))
    lts = [r.lead_time for r in rows]
    unit = D.axis_unit(max((v for v in lts if v is not None), default=0.0), D.WAIT, rule)
    shown = [None if v is None else v / rule.minutes_per(unit) for v in lts]
    left.plot(x, shown, marker="o", color="#1f77b4")
    left.set_ylim(0, max((v for v in shown if v is not None), default=1.0) * 1.15 or 1.0)
    left.set_ylabel(f"LT ({unit})")
    left.set_title("Lead time of the current state", loc="left", fontsize=10)
    for values, name, color in (([r.flow_efficiency for r in rows], "FE", "#2ca02c"),
                                ([r.rolled_ca for r in rows], "Rolled %C&A", "#d62728")):
        right.plot(x, [None if v is None else v * 100 for v in values], marker="o", label=name, color=color)
    right.set_ylim(0, 100)
    right.set_ylabel("%")
    right.set_title("Flow efficiency and rolled %C&A", loc="left", fontsize=10)
    right.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    for ax in (left, right):
        ax.set_xticks(x, labels, rotation=20, ha="right", fontsize=8)
        ax.set_xlabel("Period to", fontsize=8)
        ax.grid(axis="y", color="#dddddd")
    return fig
