"""The reports of both examples in a real browser (headless Chromium): the page loads without
an error, every chart decodes, and the screenshot is not blank."""
import pytest
from PIL import Image, ImageStat

from tests.support.chromium import chromium_path, page_errors, screenshot
from vsm_xl.api import evaluate
from vsm_xl.core.sensitivity import analysis_sensitivity
from vsm_xl.report.html import html_report

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed")

# charts per example: claims has an evaluation (indifference, tornado), order its states (ladder, takt);
# the team example adds AHP, participants and the simulation of its estimates
CASES = [("claims_handling.yaml", 2), ("order_fulfillment.xlsx", 2), ("claims_handling_team.xlsx", 2)]


@pytest.mark.parametrize("example, charts", CASES)
def test_report_renders_in_chromium(examples, tmp_path, example, charts):
    result = evaluate(examples / example)
    found = analysis_sensitivity(result.analysis, draws=200) if result.analysis.evaluation else None
    page = tmp_path / "report.html"
    page.write_text(html_report(result.analysis, found, result.warnings), encoding="utf-8")

    errors, (decoded, total) = page_errors(page)
    assert errors == []
    assert (decoded, total) == (charts, charts)  # every embedded chart decodes

    shot = screenshot(page, tmp_path / "report.png", width=1200, height=2400)
    image = Image.open(shot).convert("L")
    assert image.size == (1200, 2400)
    variance = ImageStat.Stat(image).var[0]
    histogram = image.histogram()
    inked = sum(histogram[:200]) / (image.width * image.height)
    assert variance > 300, variance  # a blank or single-colour page has ~0
    assert inked > 0.02, inked  # text, tables and charts cover more than 2 % of the page


def test_the_probe_sees_errors_and_blank_pages(tmp_path):
    """The checks can fail: a script error, an image that does not load and a console error are
    all recorded, and a blank page has no variance."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><img src="missing.png">'
                    "<script>console.error('logged');no_such_function();</script></body></html>")
    errors, images = page_errors(page)
    assert len(errors) == 3 and any("no_such_function" in e for e in errors), errors
    assert images == (0, 1)
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><head></head><body></body></html>")
    image = Image.open(screenshot(blank, tmp_path / "blank.png", width=400, height=300)).convert("L")
    assert ImageStat.Stat(image).var[0] < 1
