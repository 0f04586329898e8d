"""The package's import graph has no cycle, between modules nor between packages.

Every ``import`` statement counts, at module level or inside a function (a function-level import
hides a cycle from the interpreter, not from the reader), except those under ``if TYPE_CHECKING``.
An import names the module it loads: ``from vsm_xl.workbook import layout`` is an edge to
``vsm_xl.workbook.layout.template_layout``; the parent packages it initialises on the way are not counted (every
module would otherwise depend on ``vsm_xl/__init__``).

Between packages, a module is its folder (``vsm_xl.workbook.read.reader`` -> ``vsm_xl.workbook.read``):
an import from one folder to another and back is a cycle of floors even when no two modules close
it. The modules at the top of the package (``api``, ``command``, ``version``, the ``udfs`` that
xlwings users import) are front doors, each its own node: the command line reads through the
API and is started by ``command``, which is no cycle of floors.
"""
from __future__ import annotations

import ast
from pathlib import Path

import vsm_xl

ROOT = Path(vsm_xl.__file__).resolve().parent
PACKAGE = "vsm_xl"


def module_names() -> dict[str, Path]:
    names = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _type_checking_lines(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                hidden.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return hidden


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules ``name`` imports, each resolved to an absolute module name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _type_checking_lines(tree)
    here = name if _is_package(path) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in hidden:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
    return {m for m in found if m in modules and m != name}


def module_graph() -> dict[str, set[str]]:
    modules = module_names()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def package_of(name: str, modules: dict[str, Path]) -> str:
    if _is_package(modules[name]) or name.count(".") == 1:
        return name  # a package, or a front door at the top
    return name.rpartition(".")[0]


def package_graph() -> dict[str, set[str]]:
    modules = module_names()
    graph: dict[str, set[str]] = {}
    for name, targets in module_graph().items():
        mine = package_of(name, modules)
        edges = graph.setdefault(mine, set())
        edges.update(package_of(t, modules) for t in targets)
        edges.discard(mine)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        # Recursion depth is the package's import depth (tens), far under the limit.
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_modules_import_one_another_without_a_cycle():
    assert cycles(module_graph()) == []


def test_the_packages_import_one_another_without_a_cycle():
    assert cycles(package_graph()) == []


def test_the_walk_sees_a_cycle_hidden_in_a_function(tmp_path):
    """The detector itself: two modules importing each other, one of them inside a function."""
    (tmp_path / "a.py").write_text("from pkg import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from pkg.a import thing\n")
    modules = {"pkg.a": tmp_path / "a.py", "pkg.b": tmp_path / "b.py"}
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    assert graph == {"pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


def test_the_walk_resolves_relative_imports_and_skips_type_checking(tmp_path):
    (tmp_path / "a.py").write_text(
        "from typing import TYPE_CHECKING\nfrom . import b\nif TYPE_CHECKING:\n    from .c import C\n")
    (tmp_path / "b.py").write_text("")
    (tmp_path / "c.py").write_text("from .a import x\n")
    modules = {f"pkg.{n}": tmp_path / f"{n}.py" for n in "abc"}
    assert imports_of("pkg.a", modules["pkg.a"], modules) == {"pkg.b"}
