"""`vsm-xl new` and `vsm-xl export`: a template, a workbook from YAML that reads back as the same
model, and every export format."""
import json

import yaml

from tests.cli.conftest import EXAMPLES
from vsm_xl.io.yaml_io import read_yaml
from vsm_xl.workbook.read.reader import read_workbook


def test_new_blank_template(vsm_xl, tmp_path):
    result = vsm_xl("new", "-o", tmp_path / "blank.xlsx")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "blank.xlsx").exists()
    again = vsm_xl("new", "-o", tmp_path / "blank.xlsx")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_new_from_yaml_then_export_yaml_gives_back_the_model(vsm_xl, tmp_path):
    """Issue 3: `new --from X.yaml` followed by `export --to yaml` gives back the same model."""
    for name in ("order_fulfillment", "claims_handling"):
        source = EXAMPLES / f"{name}.yaml"
        book = tmp_path / f"{name}.xlsx"
        assert vsm_xl("new", "--from", source, "-o", book).returncode == 0
        assert read_workbook(book).stream == read_yaml(source)
        exported = tmp_path / f"{name}.out.yaml"
        result = vsm_xl("export", book, "--to", "yaml", "-o", exported)
        assert result.returncode == 0, result.stderr
        assert read_yaml(exported) == read_yaml(source)


def test_new_default_name_and_bad_model_suffix(vsm_xl, tmp_path):
    model = tmp_path / "line.yaml"
    model.write_text((EXAMPLES / "order_fulfillment.yaml").read_text())
    assert vsm_xl("new", "--from", model, cwd=tmp_path).returncode == 0
    assert (tmp_path / "line.xlsx").exists()
    (tmp_path / "notes.txt").write_text("hello")
    bad = vsm_xl("new", "--from", tmp_path / "notes.txt", cwd=tmp_path)
    assert bad.returncode == 2 and "use a .yaml, .yml or .json model" in bad.stderr


def test_export_formats(vsm_xl, tmp_path):
    book = EXAMPLES / "order_fulfillment.xlsx"
    mermaid = vsm_xl("export", book, "--to", "mermaid").stdout
    # the checklist's node text, and the capacity constraint filled #ff9999
    assert mermaid.startswith("flowchart LR\n") and "```" not in mermaid  # a raw .mmd diagram
    assert 'S1_4["Pick & Pack<br/>PT: 30 min | LT: 6 h<br/>WIP: 40"]' in mermaid
    assert 'S1_3 -->|"WT 5.5 h"| S1_4' in mermaid  # the waiting time on the arrow
    assert "class S1_4,S2_4 constraint" in mermaid and "class S1_5,S2_5 delay" in mermaid
    md = vsm_xl("export", book, "--to", "md").stdout
    assert "| Flow efficiency | 2.65 % (significant waste) |" in md
    assert md.count("```mermaid\nflowchart LR\n") == 2  # --to md keeps the fenced flowcharts
    data = json.loads(vsm_xl("export", book, "--to", "json").stdout)
    assert data["states"][1]["flow_efficiency"] == 0.1175
    doc = yaml.safe_load(vsm_xl("export", book, "--to", "yaml").stdout)
    assert doc["value_stream"]["current_state"]["total_lead_time_hours"] == 44
    out = tmp_path / "of.md"
    assert vsm_xl("export", book, "--to", "md", "-o", out).returncode == 0
    assert out.read_text().startswith("# Value Stream Analysis Summary")
    refused = vsm_xl("export", book, "--to", "md", "-o", out)
    assert refused.returncode == 1 and "already exists" in refused.stderr


def test_export_map_svg_and_png(vsm_xl, tmp_path):
    """Issue 16 item 4: the maps as a picture, all states in one file (current first) or one
    state; the SVG printed or written, the PNG written only to a file."""
    from defusedxml import ElementTree
    from PIL import Image

    book = EXAMPLES / "order_fulfillment.xlsx"
    svg = vsm_xl("export", book, "--to", "svg")
    assert svg.returncode == 0, svg.stderr
    root = ElementTree.fromstring(svg.stdout.encode("utf-8"))
    maps = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "state-map"]
    assert [m.get("data-state") for m in maps] == ["Current state", "Future state"]
    boxes = [g for g in maps[0].iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "process-box"]
    assert len(boxes) == 5
    out = tmp_path / "map.png"
    assert vsm_xl("export", book, "--to", "png", "--state", "Future state", "-o", out).returncode == 0
    assert Image.open(out).size[0] > 1000
    assert vsm_xl("export", book, "--to", "png").returncode == 2  # no -o
    unknown = vsm_xl("export", book, "--to", "svg", "--state", "Nope")
    assert unknown.returncode == 1 and "no state with steps named 'Nope'" in unknown.stderr
    assert vsm_xl("export", book, "--to", "md", "--state", "Current state").returncode == 2
