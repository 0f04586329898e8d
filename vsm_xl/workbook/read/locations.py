"""Where each problem subject of a workbook is: ``{subject: "Sheet!B12"}`` as
:func:`vsm_xl.core.errors.locate_in` reads it, with the step rows kept compact.

A step row has some 20 subjects (the step, each of its fields); as addresses in a dict they take
some 3.6 kB a step: 360 MB for a 100,000-step workbook. The reader records one entry a step (its
sheet, its block's columns, its row) instead, and the addresses are made when asked for, the
same as those it recorded before.
"""
from __future__ import annotations

from vsm_xl.workbook.layout.template_layout import STEP_FIELD, address


class Locations(dict):
    """A dict of subject -> address, plus the step rows (:meth:`add_step`) answered by
    ``get``, ``[]`` and ``in`` as if their subjects were in it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps: dict = {}  # (state, step) -> (sheet title, the block's columns {key: col}, row)

    def add_step(self, state: int, step: int, title: str, columns: dict, row: int) -> None:
        """The subjects of a step row: ``("step", s, k)`` (its name cell), ``("step", s, k,
        field)`` for each column of :data:`STEP_FIELD` and ``("step", s, k, "inflow", "maximum")``."""
        self.steps[(state, step)] = (title, columns, row)

    def _step(self, subject):
        if type(subject) is not tuple or len(subject) < 3 or subject[0] != "step":
            return None
        found = self.steps.get(subject[1:3])
        if found is None:
            return None
        title, columns, row = found
        rest = subject[3:]
        col = None
        if not rest:
            col = columns.get("step")
        elif len(rest) == 1:
            for key, c in columns.items():  # the last column of the field, as the reader wrote them
                if STEP_FIELD.get(key) == rest[0]:
                    col = c
        elif rest == ("inflow", "maximum"):
            col = columns.get("inflow_max")
        return None if col is None else address(title, col, row)

    def get(self, key, default=None):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        found = self._step(key)
        return default if found is None else found

    def __getitem__(self, key):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        found = self._step(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or self._step(key) is not None

    def __reduce__(self):  # pickled with its step rows (portfolio workers)
        return (_rebuild, (dict(self), self.steps))


def _rebuild(entries: dict, steps: dict) -> Locations:
    result = Locations(entries)
    result.steps = steps
    return result
