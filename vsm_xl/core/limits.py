"""Budgets: how much of a file vsm_xl is willing to read, said in every refusal.

A hostile or broken file must be refused fast and in bounded memory, never read until the
machine runs out: a zip that expands a thousandfold, a million-row team sheet, a YAML file of
nested anchors, a model nested hundreds of levels deep, a 10 MB name quoted in an error. Each
limit has a default that ordinary workbooks are far below, and can be raised:

- ``vsm-xl --max-expanded-mb 500 --max-rows 250000 ...`` (the CLI's global options), or
- ``with limits.using(max_rows=250_000): ...`` (this thread or task only) /
  ``limits.configure(...)`` (the process's default) in Python.

The budgets in force are an immutable :class:`Budgets` held in a context variable, so that
``using`` in one thread never changes what another thread reads. Nothing here reads or writes
the environment: worker processes (``--jobs``, ``--cluster``) are handed the caller's budgets
when they start (``parallel``, ``cluster``). Pure Python: the core imports it.
"""
from __future__ import annotations

import contextlib
import re
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace

__all__ = ["Budgets", "current", "configure", "install", "using", "shorten", "bounded_message", "MB"]

MB = 1_000_000


@dataclass(frozen=True)
class Budgets:
    """The limits in force (see the module's docstring)."""

    max_expanded_bytes: int = 200 * MB  # all parts of a workbook package, uncompressed
    max_ratio: int = 100  # uncompressed : compressed, of any part above RATIO_FLOOR bytes
    max_rows: int = 100_000  # rows of a table (a team sheet, a CSV, a worksheet)
    max_cells: int = 5_000_000  # filled cells of a worksheet; also the shared strings of a workbook
    max_depth: int = 40  # nesting levels of a YAML / JSON model (the format needs 6)
    max_values: int = 1_000_000  # values of a YAML / JSON model once its aliases are expanded
    max_quoted: int = 120  # characters of a value quoted in a message
    max_message: int = 4_000  # characters of one message

    def describe(self) -> str:
        return (f"{self.max_expanded_bytes / MB:g} MB expanded, ratio {self.max_ratio}:1, "
                f"{self.max_rows:,} rows, {self.max_cells:,} cells, depth {self.max_depth}, {self.max_values:,} values")


RATIO_FLOOR = 1 * MB  # smaller parts may compress as well as they like
HEADER_ALLOWANCE = 100  # title, header and note rows above and below a table, beyond the rows budget


_default = Budgets()  # the process's budgets: configure() (the CLI's options), install() (a worker)
# budgets changed for a with-block of using(): per thread and per asyncio task
_in_block: ContextVar[Budgets | None] = ContextVar("vsm_xl_budgets", default=None)


def current() -> Budgets:
    """The budgets in force here."""
    return _in_block.get() or _default


def configure(**changes) -> Budgets:
    """Change this process's default budgets (worker processes it starts are handed them)."""
    global _default
    _default = _checked(replace(current(), **changes))
    return _default


def install(budgets: Budgets) -> None:
    """In a worker process: take the budgets its parent was using."""
    global _default
    _default = _checked(budgets)


@contextlib.contextmanager
def using(**changes):
    """Budgets changed for the ``with`` block, in this thread or task only."""
    token = _in_block.set(_checked(replace(current(), **changes)))
    try:
        yield current()
    finally:
        _in_block.reset(token)


def _checked(budgets: Budgets) -> Budgets:
    for f in fields(budgets):
        if getattr(budgets, f.name) <= 0:
            raise ValueError(f"the budget {f.name} must be positive, not {getattr(budgets, f.name)}")
    return budgets


_QUOTED = re.compile("'([^'\\n]{80,})'|\"([^\"\\n]{80,})\"")


def bounded_message(text: str, messages: int = 1) -> str:
    """A message with every quoted value (``'...'`` or ``"..."``) longer than the quoted-value
    budget cut with "…", and the whole cut to ``messages`` times the message budget."""
    if len(text) > current().max_quoted:
        def cut(match):
            quote = match.group(0)[0]
            return quote + shorten(match.group(1) or match.group(2)) + quote
        text = _QUOTED.sub(cut, text)
    return shorten(text, current().max_message * messages)


def shorten(text, limit: int | None = None) -> str:
    """``text`` cut to ``limit`` characters (the quoted-value budget) with "…" in the middle,
    so that both its start and its end stay recognisable."""
    text = text if isinstance(text, str) else str(text)
    limit = limit or current().max_quoted
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 3
    tail = limit - 1 - head
    return text[:head] + "…" + (text[-tail:] if tail > 0 else "")
