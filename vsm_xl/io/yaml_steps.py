"""The steps of a state written as YAML text directly, one line a key, without PyYAML's emitter.

PyYAML's pure-Python emitter took most of a 100,000-step convert (some 3 ms a step: a scalar is
analysed character by character, an event is dispatched per key). A step is a flat mapping of
names, numbers and flags; when every key and value is one that PyYAML would write as a plain
scalar on a line of its own (:func:`plain_scalar`), this module writes the same text PyYAML
would, a line at a time. A step holding anything else (a list of wastes, a name with a colon, a
quote, a line break, a long text) is written by PyYAML itself (``dump_one``) and indented: the text
can then differ in where a long line folds, never in what it reads back as
(tests/io/test_yaml_steps.py round-trips such steps).
"""
from __future__ import annotations

import math
import re
from typing import Callable, Iterable, Iterator

import yaml

WIDTH = 100  # the emitter's line width (yaml_io's dump): longer lines may fold, left to PyYAML

# Text PyYAML writes plain in block context: starts with a letter, then letters, digits, spaces
# and a few punctuation marks that are no indicators; no trailing space. Whether it resolves
# to a string (not ``yes``, ``null``, ``no`` ...) is asked of PyYAML's resolver.
_PLAIN = re.compile(r"[^\W\d_][\w .()/-]*")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_RESOLVED_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)  # (y, n, t, ~ ...)


def plain_scalar(value) -> str | None:
    """``value`` as PyYAML's SafeDumper writes it as a plain scalar, or None when it would
    write it otherwise (quoted, folded, a collection) or this module does not know."""
    kind = type(value)
    if kind is str:
        if not _PLAIN.fullmatch(value) or value.endswith(" "):
            return None
        if value[0] in _RESOLVED_FIRST and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR:
            return None
        return value
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        if not math.isfinite(value):
            return None
        text = repr(value).lower()  # SafeRepresenter.represent_float
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    if value is None:
        return "null"
    return None


def step_text(step: dict, indent: int) -> str | None:
    """The lines of one step as a block sequence item at ``indent``, or None if a key or value
    is not a plain scalar or a line would reach the width."""
    lines = []
    pad = " " * (indent + 2)
    for i, (key, value) in enumerate(step.items()):
        k, v = plain_scalar(key), plain_scalar(value)
        if k is None or v is None or type(key) is not str:
            return None
        line = f"{' ' * indent}- {k}: {v}" if i == 0 else f"{pad}{k}: {v}"
        if len(line) > WIDTH - 4:
            return None
        lines.append(line)
    if not lines:
        return None
    return "\n".join(lines) + "\n"


def steps_text(steps: Iterable[dict], indent: int, dump_one: Callable[[dict], str]) -> Iterator[str]:
    """The text of a block sequence of ``steps`` at ``indent``, step by step; ``dump_one(step)``:
    PyYAML's text of ``[step]`` at indent 0, for the steps :func:`step_text` leaves."""
    pad = " " * indent
    for step in steps:
        text = step_text(step, indent)
        if text is None:
            text = "".join(pad + line for line in dump_one(step).splitlines(keepends=True))
        yield text
