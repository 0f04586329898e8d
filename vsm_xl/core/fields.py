"""Raw values as people type them -> the fields of the model, for every reader.

The template reader (workbooks and the portfolio), the YAML/JSON reader and the conversion of
team sheets all turn cells and scalars into numbers, durations, shares, yes/no flags and waste
types here, with the same word lists and the same messages. Each function takes the raw value
and ``what`` (the words a message starts with, e.g. ``"step 'Pack': lead time"``) and returns
the field's value or raises :class:`InputError`; the adapter says where (a cell, a YAML path).

Rules about the model itself (a day has at most 24 hours, LT >= PT, ...) live with the model
(:class:`~vsm_xl.core.durations.DurationRule`, :func:`~vsm_xl.core.state_metrics.check_step`),
not here.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from dataclasses import dataclass

from vsm_xl.core.durations import CALENDAR, DurationRule, parse_duration
from vsm_xl.core.errors import DurationError, InputError
from vsm_xl.core.model import WASTES, Waste
from vsm_xl.core.values import is_blank, to_fraction, to_number

__all__ = [
    "EMPTY_MARKS", "EXCEL_ERRORS", "NO_WORDS", "PIECE_WORDS", "WASTE_LETTERS", "WASTE_WORDS", "YES_WORDS",
    "NumberReading", "clock_minutes", "duration", "duration_rule", "flag", "fraction", "is_blank", "is_error",
    "number", "read_number", "show", "text", "waste_type", "wastes",
]

# -- word lists -----------------------------------------------------------------------------
# Excel's error values (and those of dynamic arrays); a VSM_* function's error text starts with one.
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")

# Placeholders team sheets hold instead of an empty cell (read as blank by `vsm-xl convert` only:
# in the template and the YAML a placeholder where a number belongs is an error).
EMPTY_MARKS = frozenset({"-", "–", "—", "n/a", "na", "n.a.", "k.a.", "k. a.", "?", "tbd", "./."})

YES_WORDS = frozenset({"yes", "y", "x", "true", "1", "ja", "j", "wahr", "bottleneck", "engpass"})
NO_WORDS = frozenset({"no", "n", "false", "0", "nein", "falsch"})

# The eight wastes (TIMWOODS) as people write them, English and German (folded: lower case,
# umlauts as ae/oe/ue, hyphens as spaces).
WASTE_WORDS = {
    "transportation": ("transportation", "transport", "transports", "handoff", "handoffs", "hand off"),
    "inventory": ("inventory", "inventories", "wip", "bestand", "bestaende", "lager"),
    "motion": ("motion", "movement", "bewegung"),
    "waiting": ("waiting", "wait", "delay", "delays", "warten", "wartezeit", "wartezeiten"),
    "overproduction": ("overproduction", "over production", "ueberproduktion"),
    "overprocessing": ("overprocessing", "over processing", "extra processing", "ueberbearbeitung"),
    "defects": ("defects", "defect", "rework", "errors", "fehler", "nacharbeit"),
    "skills": ("skills", "skill", "talent", "unused talent", "non utilized talent", "underutilized skills",
               "unused skills", "faehigkeiten", "ungenutzte faehigkeiten", "ungenutztes potenzial"),
}
# TIMWOODS initials, as team sheets abbreviate them (only where a column holds waste types).
WASTE_LETTERS = {"t": "transportation", "i": "inventory", "m": "motion", "w": "waiting", "o": "overproduction",
                 "o2": "overprocessing", "d": "defects", "s": "skills"}

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WASTE_BY_WORD = {word: kind for kind, words in WASTE_WORDS.items() for word in words}
_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


def _fold(word: str) -> str:
    word = word.strip().lower().translate(_UMLAUTS)
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[\s\-_]+", word)).strip(" .")


def show(value) -> str:
    """A raw value as a message quotes it."""
    return repr(value)


# -- cells --------------------------------------------------------------------------------
def is_error(value) -> bool:
    """An Excel error value, or the error text of a VSM_* function (``#VALUE! row 3: ...``)."""
    return isinstance(value, str) and value.split(" ", 1)[0] in EXCEL_ERRORS


def text(value) -> str:
    """A value as text: numbers as Excel shows them (12, not 12.0), dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return line_ends(str(value).strip())


def line_ends(text: str) -> str:
    """``text`` with its line breaks as "\n": a workbook's XML reads "\r\n" and "\r" so, so
    every reader does, and a name means the same thing in a YAML model and in the workbook
    written from it."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _not_error(value, what: str) -> None:
    if is_error(value):
        raise InputError(f"{what} is the error {value}")


# Words for counted things that may follow a number ("80 pcs", "12 Stk", "40 pièces"), folded
# (lower case, no accents, no final dot): read as the number, the word kept as its unit.
PIECE_WORDS = frozenset({
    "pcs", "pc", "pce", "pces", "piece", "pieces", "unit", "units", "item", "items", "part", "parts", "ea",
    "each", "orders", "order", "cases", "case", "boxes", "pallets", "jobs", "files", "claims", "forms",
    "stk", "stck", "stuck", "stueck", "teile", "teil", "st", "auftrage", "auftraege", "vorgange", "vorgaenge",
    "paletten", "kartons",
    "unite", "unites", "pz", "pezzi", "pezzo", "unidad", "unidades", "uds", "ud", "piezas", "pieza",
    "pecas", "peca", "stuks", "stuk",
})
_CURRENCY = r"(?:[€$£¥₹]|r\$|eur|usd|gbp|chf|jpy|sek|nok|dkk|pln|czk|brl|mxn|sfr\.?|fr\.)"
_CURRENCY_BEFORE = re.compile(rf"^{_CURRENCY}\s*(?=[+\-\u2212]?[\d.,])", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(rf"(?<=[\d.])\s*{_CURRENCY}$", re.IGNORECASE)
# "60k", "1,5 Mio.", "2.4M": thousands and millions (a lower-case m is minutes or metres: not a scale)
_SCALES = {"k": 1e3, "tsd": 1e3, "m": 1e6, "mio": 1e6, "mln": 1e6, "mrd": 1e9, "bn": 1e9}
_SCALE = re.compile(r"(?<=\d)\s*(k|K|Tsd\.?|tsd\.?|M|Mio\.?|mio\.?|mln|Mrd\.?|bn)$")
_UNIT_AFTER = re.compile(r"(?<=[\d.])\s*([^\W\d_][\w.]{0,11})$")


@dataclass(frozen=True)
class NumberReading:
    """A number as read from text, with what was around it: the currency sign or code
    (``"€"``), the scale written as a suffix (``"k"``) and a unit word (``"pcs"``); empty
    strings where the text had none."""

    value: float
    currency: str = ""
    scale: str = ""
    unit: str = ""

    @property
    def plain(self) -> bool:
        return not (self.currency or self.scale or self.unit)


def read_number(value, what: str = "value") -> NumberReading:
    """THE number reader for every front end (the template reader, convert, YAML): a number, or
    text as people type it: thousands separators and decimal commas (``"1.200,5"``,
    ``"1,200.5"``, ``"1 200"``), a currency sign or code before or after (``"€ 180,000"``,
    ``"180.000 EUR"``), a thousands or millions suffix (``"60k"``, ``"1,5 Mio."``) and a
    word for counted things after it (``"80 pcs"``, ``"12 Stk"``: :data:`PIECE_WORDS`), each
    noted in the result. Anything else raises :class:`InputError` naming ``what``."""
    if not isinstance(value, str):
        return NumberReading(to_number(value, what))
    raw = value.strip().replace("\u00a0", " ").replace("\u202f", " ")
    text, currency, scale, unit = raw, "", "", ""
    found = _CURRENCY_BEFORE.search(text) or _CURRENCY_AFTER.search(text)
    if found:
        currency = found.group(0).strip()
        text = (text[:found.start()] + text[found.end():]).strip()
    found = _UNIT_AFTER.search(text)
    if found and _fold(found.group(1)).rstrip(".") in PIECE_WORDS:
        unit = found.group(1)
        text = text[:found.start()].strip()
    found = _SCALE.search(text)
    if found:
        scale = found.group(1)
        text = text[:found.start()].strip()
    if text == raw:
        return NumberReading(to_number(value, what))
    if currency and re.fullmatch(r"[+-]?\d{1,3}[.,]\d{3}", text):
        text = re.sub(r"[.,]", "", text)  # "€ 180,000", "180.000 €": money has no three decimals
    try:
        number = to_number(text, what)
    except InputError:
        raise InputError(f"{what} must be a number, not {value!r}") from None
    if scale:
        number *= _SCALES[scale.lower().rstrip(".")]
    return NumberReading(number, currency, scale, unit)


def number(value, what: str = "value", *, positive: bool = False, minimum: float | None = None,
           integer: bool = False) -> float:
    """A finite number as :func:`read_number` reads it (``"1,5"``, ``"1 200"``, ``"€ 180,000"``,
    ``"60k"``, ``"80 pcs"``); ``integer`` gives an int."""
    _not_error(value, what)
    result = read_number(value, what).value
    if integer and not float(result).is_integer():
        raise InputError(f"{what} must be a whole number, not {show(value)}")
    if positive and not result > 0:
        raise InputError(f"{what} must be positive, not {show(value)}")
    if minimum is not None and result < minimum:
        raise InputError(f"{what} cannot be negative ({show(value)})")
    return int(result) if integer else result


def clock_minutes(value) -> float | None:
    """Minutes in a cell a spreadsheet stores as a time: ``2:30`` (a time), a timedelta, or a
    date-time of 1899/1900 (a duration over 24 h formatted ``[h]:mm``); ``None`` otherwise."""
    if isinstance(value, _dt.timedelta):
        return value.total_seconds() / 60
    if isinstance(value, _dt.datetime):
        if value.year <= 1900:
            return (value - _EXCEL_EPOCH).total_seconds() / 60
        return None
    if isinstance(value, _dt.time):
        return value.hour * 60 + value.minute + value.second / 60
    return None


def duration(value, what: str = "duration", unit: str = "min", rule: DurationRule = CALENDAR) -> float:
    """Minutes in a duration: a number in ``unit``, a text with units (``2 h 30 m``), or a
    spreadsheet time. Raises :class:`DurationError` whose message starts with ``what``."""
    _not_error(value, what)
    clock = clock_minutes(value)
    if clock is not None:
        if clock < 0:
            raise DurationError(f"{what} cannot be negative ({value!r})")
        return clock
    if isinstance(value, (_dt.date, _dt.datetime)):
        raise DurationError(f"{what} is a date ({value}), not a duration")
    try:
        return parse_duration(value, unit, rule)
    except DurationError as exc:
        raise DurationError(f"{what}: {exc.message}") from None


def fraction(value, what: str = "%C&A") -> float:
    """A share in [0, 1] from ``85``, ``0.85``, ``"85 %"``."""
    _not_error(value, what)
    return to_fraction(value, what)


def flag(value, what: str = "value") -> bool:
    """Yes or no: a boolean, 1/0, or a word of :data:`YES_WORDS` / :data:`NO_WORDS`; blank is no."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = _fold(str(value))
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise InputError(f"{what} must be yes or no (or blank), not {show(value)}")


def waste_type(word, *, letters: bool = False) -> str | None:
    """The TIMWOODS waste a word names (``"Warten"`` -> ``waiting``), or ``None``; with
    ``letters`` the initials too (``"W"`` -> ``waiting``)."""
    if not isinstance(word, str):
        return None
    key = _fold(word)
    if key in WASTES:
        return key
    kind = _WASTE_BY_WORD.get(key)
    if kind is None and letters:
        kind = WASTE_LETTERS.get(key)
    return kind


def wastes(value, what: str = "wastes") -> tuple[Waste, ...]:
    """Wastes typed in one cell: ``waiting; defects: manual entry errors`` (``type: description``,
    separated by ``;`` or new lines)."""
    result = []
    for part in re.split(r"[;\n]", text(value)):
        if not part.strip():
            continue
        word, _, description = part.partition(":")
        kind = waste_type(word)
        if kind is None:
            raise InputError(f"{what}: unknown waste {word.strip()!r} (use one of the eight wastes: "
                             f"{', '.join(WASTES)}; write 'type: description', separated by ;)")
        result.append(Waste(kind, description.strip()))
    return tuple(result)


def duration_rule(hours_per_day, days_per_week) -> DurationRule | None:
    """The working-time rule from the two settings as typed (blank: calendar time); ``None``
    when both are blank. Raises :class:`InputError` (subject ``("hours_per_day",)`` or
    ``("days_per_week",)``) for a value that is no number or breaks the rule's own limits."""
    if is_blank(hours_per_day) and is_blank(days_per_week):
        return None
    values = {}
    for key, raw, what, default in (("hours_per_day", hours_per_day, "working hours per day", 24.0),
                                    ("days_per_week", days_per_week, "working days per week", 7.0)):
        try:
            values[key] = default if is_blank(raw) else number(raw, what, positive=True)
        except InputError as exc:
            raise InputError(exc.message, subject=(key,)) from None
    return DurationRule(values["hours_per_day"], values["days_per_week"])
