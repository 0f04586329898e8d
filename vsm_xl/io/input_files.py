"""The files that ``convert`` and ``portfolio`` read: files named, and files under folders named
(recursively), in a fixed order, as plain strings.

Why not ``sorted(Path(folder).rglob("*"))``: at 100,000 files it held a ``Path`` per file
twice over (rglob's own set of what it yielded, and the sorted list) and resolved every
file's real path (a system call per path component), about 100 MB at its peak and 20 s of
CPU. Here a folder's listing is sorted by name and walked depth first, which gives exactly
the order of the sorted paths (paths compare part by part, so everything under ``a`` comes
before ``a.xlsx``, and both before ``b``), holding one folder's listing at a time; a file is
kept as two strings (its path and the name shown for it). Real paths (to read a file named
twice, or linked to, once) are resolved by a system call only where they can differ from
the folder's real path and the name: for a file that is itself a symbolic link, and for
each folder named.

Kept as pathlib's ``rglob`` did it (Python 3.11): links to folders are not followed, a
folder that cannot be read is skipped, hidden folders are searched.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Sequence

# files that are never inputs: Excel's owner file of an open workbook, and hidden files
SKIPPED_PREFIXES = ("~$", ".")


def find_files(inputs: Sequence, suffixes: Sequence[str], skip_under=None) -> tuple[list[tuple[str, str]], list[str]]:
    """``(path, display)`` of every file named, and of every file under a folder named whose
    suffix is one of ``suffixes`` (lower case, with the dot), in input order and, within a
    folder, in the order of its sorted paths; ``display`` is the path relative to the folder
    (with ``/``) or the file's name. A file reached twice counts once. Owner and hidden files
    are skipped, and so is anything under ``skip_under`` (the output folder). Second: the
    inputs that do not exist, as given."""
    found: list[tuple[str, str]] = []
    missing: list[str] = []
    seen: set[str] = set()  # real paths: a file named twice, or linked to, is read once
    skip = os.path.realpath(skip_under) if skip_under else None
    wanted = tuple(s.lower() for s in suffixes)
    for raw in inputs:
        path = str(Path(raw))
        if os.path.isdir(path):
            for file, real in _under(path, os.path.realpath(path), wanted, skip):
                if real in seen:
                    continue
                seen.add(real)
                found.append((file, file[len(path) + 1:].replace(os.sep, "/")))
        elif os.path.isfile(path):
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            found.append((path, os.path.basename(path)))
        else:
            missing.append(str(raw))
    return found, missing


def _under(folder: str, real: str, wanted: tuple[str, ...], skip: str | None) -> Iterator[tuple[str, str]]:
    """``(path, real path)`` of the wanted files under ``folder`` (whose real path is ``real``),
    in sorted order, depth first."""
    if skip is not None and (real == skip or real.startswith(skip + os.sep)):
        return
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: os.path.normcase(entry.name))
    except PermissionError:
        return
    for entry in entries:
        name = entry.name
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_folder:
            yield from _under(entry.path, os.path.join(real, name), wanted, skip)
            continue
        if name.startswith(SKIPPED_PREFIXES) or os.path.splitext(name)[1].lower() not in wanted:
            continue
        try:
            if not entry.is_file():  # follows a link: a link to a file counts, a dangling one not
                continue
            linked = entry.is_symlink()
        except OSError:
            continue
        file_real = os.path.realpath(entry.path) if linked else os.path.join(real, name)
        if linked and skip is not None and file_real.startswith(skip + os.sep):
            continue
        yield entry.path, file_real
