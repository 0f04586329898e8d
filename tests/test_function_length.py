"""No function in vsm_xl/ is longer than 80 lines (issue 21: "functions short"): a longer one is
split into named parts with one job each. Counted from the ``def`` line to the last line of the
body, docstring and comments included (decorators not)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "vsm_xl"
LIMIT = 80


def long_functions(root: Path = PACKAGE, limit: int = LIMIT) -> list[str]:
    """``path:line name (n lines)`` of every function or method in ``root`` over ``limit`` lines."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    found.append(f"{path.relative_to(root.parent)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_over_80_lines():
    assert long_functions() == []


def test_the_count_sees_long_functions_and_methods(tmp_path):
    body = "\n".join(f"    x{k} = {k}" for k in range(80))
    (tmp_path / "m.py").write_text(f"def short():\n{body[:-len(body.splitlines()[-1]) - 1]}\n\n"
                                   f"class C:\n    def long(self):\n    {body.replace(chr(10), chr(10) + '    ')}\n"
                                   f"        async def inner():\n            pass\n", encoding="utf-8")
    assert long_functions(tmp_path) == [f"{tmp_path.name}/m.py:83 long (83 lines)"]
