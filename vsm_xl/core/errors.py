"""The one exception tree of vsm_xl.

Core functions raise these with a plain sentence; adapters (cell functions, workbook
reader, CLI) attach where the bad input came from (``Indicators!E7``) with :meth:`VsmError.at`.
"""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core.limits import bounded_message, current


class VsmError(ValueError):
    """Base of every error vsm_xl raises on purpose.

    ``excel_error`` is the Excel error value the problem stands for, shown by cell functions
    (``#VALUE! worst and best are both 12``).
    """

    excel_error = "#VALUE!"
    _messages = 1  # how many messages of the size budget this error's text may hold

    def __init__(self, message: str, *, location: str | None = None, subject: tuple = ()):
        message = bounded_message(message, self._messages)  # bounded, whatever it quotes
        self.message = message
        self.location = location
        # What the error is about, relative to what the raising function was given: a field
        # name (``("lead_time",)``) or a cell of a matrix (``(2, 0)``). Callers that know more
        # prefix it (``("step", s, k, "lead_time")``), so adapters never read the message.
        self.subject = tuple(subject)
        super().__init__(f"{location}: {message}" if location else message)

    def at(self, location: str) -> "VsmError":
        """A copy of this error that names where it happened (kept if already set)."""
        if self.location:
            return self
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        VsmError.__init__(new, self.message, location=location, subject=self.subject)
        return new


class InputError(VsmError):
    """A value is missing, of the wrong type or outside its allowed range."""


class DurationError(InputError):
    """A duration could not be read."""


class ValueFunctionError(InputError):
    """A value function is ill-defined (worst = best, unknown function, bad curvature)."""


class PairwiseError(InputError):
    """A pairwise comparison matrix is inconsistent or incomplete."""


class ModelError(InputError):
    """A value stream or evaluation model is inconsistent as a whole."""


class NoDataError(VsmError):
    """There is nothing to compute from (no steps, no values)."""

    excel_error = "#N/A"


class DivisionError(VsmError):
    """A ratio is undefined because its denominator is zero."""

    excel_error = "#DIV/0!"


class CellError(VsmError):
    """An input of a cell function holds an Excel error, or the error text of another VSM_*
    function (passed on unchanged so that the first cause stays visible down a chain of
    formulas)."""

    def __init__(self, excel_error: str, message: str, *, verbatim: str | None = None,
                 location: str | None = None):
        self.excel_error = excel_error
        self.verbatim = verbatim
        super().__init__(message, location=location)


class SourceError(InputError):
    """A file cannot be read as a spreadsheet at all."""


class ConversionError(InputError):
    """A file holds a steps table that cannot be read (named cells in the message)."""


class NoTableError(ConversionError):
    """A file holds no steps table at all."""


class OutputError(VsmError):
    """An output cannot be written where asked (it exists, it is the input, no folder)."""


class ClusterError(VsmError):
    """A Dask cluster cannot be used (Dask not installed, a wrong address, no scheduler there)."""


@dataclass(frozen=True)
class Problem:
    """One problem found while validating, with where it is (a cell or a YAML path)."""

    message: str
    location: str | None = None
    subject: tuple = ()  # what it is about in the core's terms, e.g. ("value", 2, 1)

    def __post_init__(self):
        if isinstance(self.message, str) and len(self.message) > current().max_quoted:
            object.__setattr__(self, "message", bounded_message(self.message))

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


_LISTED = 50  # problems listed in a ValidationError's message (all are in .problems)


class ValidationError(VsmError):
    """Several problems found at once; each names its own location."""

    _messages = _LISTED + 1

    def __init__(self, problems):
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [str(p) for p in self.problems[:_LISTED]]
        if count > _LISTED:
            lines.append(f"… and {count - _LISTED} more")
        head = f"{count} problem{'s' if count != 1 else ''} found:"
        super().__init__(head + "".join(f"\n  - {line}" for line in lines))

    def at(self, location: str) -> "ValidationError":
        return self


@dataclass(frozen=True)
class Notice:
    """A warning the core reports without failing (a clipped value, a rule applied).

    ``subject`` says what it is about in the core's own terms, e.g. ``("value", 2, 1)`` for
    indicator 2, alternative 1, so that adapters can translate it into a cell address.
    """

    message: str
    subject: tuple = ()


def locate_in(locations: dict, subject) -> str | None:
    """Where a problem subject is: the location an adapter recorded for it while reading (a
    cell, a YAML path), or for its longest recorded prefix (``("step", 0, 3, "lead_time")``
    falls back to the step's own location). Adapters build ``locations``; nobody reads
    messages to find where a problem is."""
    subject = tuple(subject or ())
    for n in range(len(subject), 0, -1):
        where = locations.get(subject[:n])
        if where is not None:
            return where
    return None
