"""`vsm-xl convert` reads a team's own steps table: the map's vocabulary (core.flows) is nothing
such a table says, so the workbook it writes leaves it blank for the team to fill (issue 16)."""
import shutil

from vsm_xl.convert.run import convert_job, plan_jobs
from vsm_xl.workbook.read.reader import read_workbook


def test_a_converted_table_leaves_the_flows_blank(tmp_path, corpus):
    source = tmp_path / "team.csv"
    shutil.copy(corpus / "support_tickets.csv", source)
    job = plan_jobs([(source, source.name)], tmp_path / "out")[0]
    (tmp_path / "out").mkdir()
    log = convert_job(job)
    assert log.ok, log.reason
    stream = read_workbook(job.workbook).stream
    assert stream.states and all(s.steps for s in stream.states)
    assert stream.customer is None and stream.supplier is None
    assert all(s.production_control is None and s.information_flows == () for s in stream.states)
    assert all(step.inflow is None for s in stream.states for step in s.steps)
    assert all(item.steps == () for item in stream.improvements)
