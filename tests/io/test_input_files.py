"""The files convert and portfolio read: the same files in the same order as the sorted
recursive glob they replace (``sorted(Path(folder).rglob("*"))``, Python 3.11's rules), with
links, hidden folders, owner files and the output folder handled as before."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from vsm_xl.io.input_files import find_files

SUFFIXES = (".xlsx", ".xlsm", ".csv")


def globbed(folder: Path, skip: Path | None = None) -> list[tuple[str, str]]:
    """The reference: what expand_inputs did before (sorted rglob, is_file, resolve)."""
    out, seen = [], set()
    for child in sorted(folder.rglob("*")):
        if not child.is_file() or child.suffix.lower() not in SUFFIXES or child.name.startswith(("~$", ".")):
            continue
        if skip is not None and skip.resolve() in child.resolve().parents:
            continue
        if child.resolve() not in seen:
            seen.add(child.resolve())
            out.append((str(child), child.relative_to(folder).as_posix()))
    return out


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "books"
    names = ["a.xlsx", "a/b.xlsx", "a/b/c.CSV", "a-b.xlsx", "A.xlsx", "a b/x.xlsm", "Z/y.xlsx", "z.xlsx",
             ".hidden/in_hidden.xlsx", ".dot.xlsx", "~$owner.xlsx", "notes.txt", "out/written.xlsx",
             "deep/1/2/3/4.xlsx", "10.xlsx", "9.xlsx", "é.xlsx", "e.xlsx"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    os.symlink(root / "z.xlsx", root / "link_to_z.xlsx")  # the same file again: read once
    os.symlink(root / "a", root / "link_to_a")  # a linked folder: not followed
    os.symlink(root / "gone.xlsx", root / "dangling.xlsx")  # a dangling link: no file
    return root


def test_same_files_in_the_same_order_as_the_sorted_glob(tree):
    found, missing = find_files([tree], SUFFIXES)
    assert found == globbed(tree)
    assert missing == []
    shown = [display for _, display in found]
    # hand-checked points of the order: parts compare one by one, upper case before lower case
    assert shown.index("a/b/c.CSV") < shown.index("a/b.xlsx") < shown.index("a-b.xlsx") < shown.index("a.xlsx")
    assert "link_to_a/b.xlsx" not in shown and "dangling.xlsx" not in shown
    assert "link_to_z.xlsx" in shown and "z.xlsx" not in shown  # the link to z.xlsx comes first in order
    assert ".hidden/in_hidden.xlsx" in shown and ".dot.xlsx" not in shown and "~$owner.xlsx" not in shown


def test_the_output_folder_is_skipped(tree):
    found, _ = find_files([tree], SUFFIXES, skip_under=tree / "out")
    assert found == globbed(tree, skip=tree / "out")
    assert "out/written.xlsx" not in [d for _, d in found]


def test_files_named_twice_count_once_and_missing_inputs_are_listed(tree):
    found, missing = find_files([tree / "z.xlsx", tree, str(tree) + "/", tree / "nope.xlsx"], SUFFIXES)
    assert found[0] == (str(tree / "z.xlsx"), "z.xlsx")
    assert [d for _, d in found[1:]] == [d for _, d in globbed(tree) if d != "link_to_z.xlsx" and d != "z.xlsx"]
    assert missing == [str(tree / "nope.xlsx")]
