"""Regenerate the committed workbooks from code and the example models:

- workbook_templates/vsm_template.xlsx   the blank template
- examples/order_fulfillment.xlsx        from examples/order_fulfillment.yaml
- examples/claims_handling.xlsx          from examples/claims_handling.yaml
- examples/claims_handling_team.xlsx     from examples/claims_handling_team.yaml (AHP and team weighting)
- examples/paper_cirp2013.xlsx           from examples/paper_cirp2013.yaml (the paper's example as one study:
                                         measured indicators from the maps of the states)

Each is written atomically and read back: the read-back model must equal the YAML's (the
round trip the README promises), else the script stops with an error.

    python scripts/build_workbooks.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vsm_xl.io.yaml_io import read_yaml  # noqa: E402
from vsm_xl.workbook.read.reader import read_workbook  # noqa: E402
from vsm_xl.workbook.writer import write_template  # noqa: E402

TEMPLATE = ROOT / "workbook_templates" / "vsm_template.xlsx"
EXAMPLES = ("order_fulfillment", "claims_handling", "claims_handling_team", "paper_cirp2013")


def main() -> int:
    TEMPLATE.parent.mkdir(exist_ok=True)
    write_template(TEMPLATE)
    read_workbook(TEMPLATE)  # a blank template must read (as an empty model) without problems
    print(f"wrote {TEMPLATE.relative_to(ROOT)}")
    for name in EXAMPLES:
        model = ROOT / "examples" / f"{name}.yaml"
        target = model.with_suffix(".xlsx")
        stream = read_yaml(model)
        write_template(target, stream)
        back = read_workbook(target)
        if back.stream != stream:
            print(f"error: {target.name} does not read back as {model.name}", file=sys.stderr)
            return 1
        print(f"wrote {target.relative_to(ROOT)} (reads back as {model.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
