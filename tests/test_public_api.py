"""The public API is a written list: ``vsm_xl.__all__`` and ``vsm_xl.core.__all__`` match
docs/api.md exactly, every name resolves, nothing private or imported by accident leaks, and
every exception class of the package lives in the one ``VsmError`` tree of vsm_xl.core.errors
(after httpx's tests/test_exported_members.py)."""
from __future__ import annotations

import importlib
import pkgutil
import re
import types
from pathlib import Path

import pytest

import vsm_xl
import vsm_xl.core
import vsm_xl.core.errors

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
PUBLIC_DUNDERS = {"__version__"}


def documented(section: str) -> list[str]:
    """The names listed (``- `name`: ...``) under the ``## `section``` heading of docs/api.md."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## `{re.escape(section)}`\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/api.md has no section for {section}"
    return re.findall(r"^- `([^`]+)`:", match.group(1), re.M)


@pytest.mark.parametrize("module", [vsm_xl, vsm_xl.core], ids=lambda m: m.__name__)
def test_all_is_exactly_what_docs_api_lists(module):
    names = documented(module.__name__)
    assert names, "no names documented"
    assert len(module.__all__) == len(set(module.__all__)), "a name is listed twice"
    assert len(names) == len(set(names)), "a name is documented twice"
    assert set(module.__all__) == set(names)


@pytest.mark.parametrize("module", [vsm_xl, vsm_xl.core], ids=lambda m: m.__name__)
def test_every_exported_name_resolves(module):
    for name in module.__all__:
        assert getattr(module, name, None) is not None, f"{module.__name__}.{name} does not resolve"
    namespace: dict = {}
    exec(f"from {module.__name__} import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(module.__all__)


@pytest.mark.parametrize("module", [vsm_xl, vsm_xl.core], ids=lambda m: m.__name__)
def test_nothing_private_leaks(module):
    """No private name in the list, and no public name in the package namespace that the list
    leaves out (a helper imported by accident would otherwise become API); submodules apart."""
    assert not [n for n in module.__all__ if n.startswith("_") and n not in PUBLIC_DUNDERS]
    for name in module.__all__:  # vsm_xl.core imports its names when first used
        getattr(module, name)
    public = {name for name, value in vars(module).items()
              if (not name.startswith("_") or name in PUBLIC_DUNDERS) and not isinstance(value, types.ModuleType)}
    assert public == set(module.__all__)


def test_the_readme_examples_use_exported_names():
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    core_import = re.search(r"from vsm_xl\.core import\s+([\w,\s]+)", readme)
    assert core_import, "the README shows an import from vsm_xl.core"
    for name in re.findall(r"\w+", core_import.group(1)):
        assert name in vsm_xl.core.__all__, name
    for name in re.findall(r"\bvsm_xl\.(\w+)\(", readme):
        assert name in vsm_xl.__all__, name


def _all_modules():
    for info in pkgutil.walk_packages(vsm_xl.__path__, "vsm_xl."):
        if info.name.endswith("__main__"):
            continue  # running it would start the CLI
        yield importlib.import_module(info.name)


def test_every_exception_joins_the_one_tree():
    """Every exception class defined anywhere in the package is defined in vsm_xl.core.errors,
    derives from VsmError and is exported by vsm_xl.core."""
    defined_elsewhere = []
    for module in [vsm_xl, *_all_modules()]:
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == module.__name__:
                defined_elsewhere.append(f"{module.__name__}.{name}")
    assert [n for n in defined_elsewhere if not n.startswith("vsm_xl.core.errors.")] == []
    errors = [v for v in vars(vsm_xl.core.errors).values()
              if isinstance(v, type) and issubclass(v, BaseException) and v.__module__ == "vsm_xl.core.errors"]
    assert len(errors) >= 14
    for cls in errors:
        assert issubclass(cls, vsm_xl.VsmError), cls
        assert cls.__name__ in vsm_xl.core.__all__, cls


@pytest.mark.parametrize("where, name", [
    ("vsm_xl.cell_functions.shared", "CellError"),
    ("vsm_xl.convert.tables", "ConversionError"),
    ("vsm_xl.convert.tables", "NoTableError"),
    ("vsm_xl.convert.sources", "SourceError"),
    ("vsm_xl.io.atomic", "OutputError"),
])
def test_the_old_import_paths_of_moved_exceptions_still_work(where, name):
    assert getattr(importlib.import_module(where), name) is getattr(vsm_xl.core.errors, name)


def test_core_lazy_table_type_checking_imports_and_all_agree():
    """vsm_xl.core names each public name three times (PEP 562 lazy imports): in ``__all__``, in
    the ``if TYPE_CHECKING`` imports that type checkers read, and in ``_WHERE`` (submodule ->
    names) that the interpreter follows. All three must say the same, submodule for submodule."""
    import ast

    source = Path(vsm_xl.core.__file__).read_text(encoding="utf-8")
    checked: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module, ast.unparse(imp)
                module = imp.module.removeprefix("vsm_xl.core.")
                checked.setdefault(module, set()).update(alias.name for alias in imp.names)
    lazy = {module: set(names) for module, names in vsm_xl.core._WHERE.items()}
    assert checked == lazy
    assert set(vsm_xl.core._MODULE_OF) == set(vsm_xl.core.__all__)
    for name, module in vsm_xl.core._MODULE_OF.items():
        assert getattr(importlib.import_module(f"vsm_xl.core.{module}"), name) is getattr(vsm_xl.core, name)
