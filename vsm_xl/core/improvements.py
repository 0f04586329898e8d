"""Ordering the improvement plan (METHOD.md section 1, improvement plan rows)."""
from __future__ import annotations

from vsm_xl.core.errors import InputError
from vsm_xl.core.model import Improvement

_LEVELS = {"high": 3, "medium": 2, "med": 2, "mid": 2, "low": 1, "hoch": 3, "mittel": 2, "niedrig": 1, "gering": 1}


def level(value: str, what: str = "level") -> int:
    """3, 2 or 1 for high, medium or low."""
    if isinstance(value, str) and value.strip().lower() in _LEVELS:
        return _LEVELS[value.strip().lower()]
    raise InputError(f"{what} must be high, medium or low, not {value!r}")


def prioritized(improvements) -> tuple[Improvement, ...]:
    """Given priorities first (1 = first); the rest by impact descending, then effort ascending."""
    improvements = list(improvements)
    given = sorted((i for i in improvements if i.priority is not None), key=lambda i: i.priority)

    def key(item):
        impact = level(item.impact, f"impact of {item.name!r}") if item.impact else 0
        effort = level(item.effort, f"effort of {item.name!r}") if item.effort else 4
        return (-impact, effort)

    rest = sorted((i for i in improvements if i.priority is None), key=key)
    return tuple(given + rest)
