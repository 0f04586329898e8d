"""The Charts sheet's native charts (issue 16 item 5), read from the chart parts of written
workbooks: every value axis titled with its unit, process time on a second axis of the ladder,
the takt line only where there is demand, the ladders of all states on one scale."""
from __future__ import annotations

import re
import zipfile
from dataclasses import replace

from tests.support.map_models import flows_model
from vsm_xl.workbook.layout import map_layout as M
from vsm_xl.workbook.writer import write_template


def _charts(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        names = sorted((n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)),
                       key=lambda n: int(re.findall(r"\d+", n)[0]))
        return [z.read(n).decode("utf-8") for n in names]


def _titles(xml: str) -> list[str]:
    return re.findall(r"<a:t>([^<]*)</a:t>", xml)


def _by_title(charts, start: str) -> list[str]:
    return [c for c in charts if any(t.startswith(start) for t in _titles(c))]


def test_axes_titled_with_units_and_process_time_on_a_second_axis(tmp_path):
    path = tmp_path / "flows.xlsx"
    write_template(path, flows_model())  # 8-hour days; the longest lead time 12 d: unit d
    charts = _charts(path)
    ladders = _by_title(charts, "Lead-time ladder")
    assert len(ladders) == 2
    for ladder in ladders:
        titles = _titles(ladder)
        assert "Time per step (d)" in titles and "Process time (min)" in titles
        assert ladder.count("<valAx>") == 2  # the bars' axis and the PT axis
        # the common scales: every ladder reaches the longest step LT and PT of all states
        assert f"Charts'!$C${M.LONGEST_ROW}" in ladder and f"Charts'!$E${M.LONGEST_ROW}" in ladder
    compare = _by_title(charts, "Lead time per state")[0]
    assert "Lead time (d)" in _titles(compare)
    assert "Flow efficiency (%)" in _titles(_by_title(charts, "Flow efficiency per state")[0])
    cycles = _by_title(charts, "Cycle time against takt")
    assert len(cycles) == 2 and all("<lineChart>" in c for c in cycles)
    assert all("Cycle time: PT per resource (min)" in _titles(c) for c in cycles)


def test_no_takt_line_without_demand(tmp_path):
    path = tmp_path / "no_demand.xlsx"
    write_template(path, replace(flows_model(), demand=None))
    charts = _charts(path)
    cycles = _by_title(charts, "Cycle time")
    assert len(cycles) == 2
    assert not _by_title(charts, "Cycle time against takt")
    assert all("<lineChart>" not in c and "<legend>" not in c for c in cycles)


def test_a_fixed_unit_names_the_axes(tmp_path):
    path = tmp_path / "hours.xlsx"
    write_template(path, replace(flows_model(), display_unit="h"))
    ladder = _by_title(_charts(path), "Lead-time ladder")[0]
    assert "Time per step (h)" in _titles(ladder)
