"""The interchange format (METHOD.md section 4): the checklist's YAML summary <-> ValueStream.

Files and text here; the dict <-> model translation lives in :mod:`vsm_xl.io.interchange_read`
and :mod:`vsm_xl.io.interchange_write`. JSON files use the same schema as the YAML.

- :func:`read_yaml` / :func:`read_yaml_document` (with warnings and YAML-path locator)
- :func:`stream_from_dict`, :func:`stream_to_dict`
- :func:`dump_yaml`, :func:`dump_json`, :func:`write_yaml` (atomic)
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from vsm_xl.core.errors import Problem, ValidationError, VsmError
from vsm_xl.core.fields import line_ends
from vsm_xl.core.limits import HEADER_ALLOWANCE, current
from vsm_xl.core.limit_checks import check_rows
from vsm_xl.core.model import ValueStream
from vsm_xl.io.interchange_read import (  # noqa: F401 - re-exported
    DEFAULT_STATE_NAMES, YamlRead, document_from_dict, stream_from_dict,
)
from vsm_xl.io.interchange_write import StepDicts, stream_to_dict  # noqa: F401 - re-exported
from vsm_xl.io.safe_text import UNWRITABLE, unwritable, unwritable_message

__all__ = ["YamlRead", "read_yaml", "read_yaml_document", "loads_document", "loads_yaml", "stream_from_dict",
           "document_from_dict", "stream_to_dict", "dump_yaml", "dump_json", "write_yaml"]


def read_yaml(path) -> ValueStream:
    """The value stream in a ``.yaml``/``.yml`` (or ``.json``) file of the interchange format."""
    return read_yaml_document(path).stream


def read_yaml_document(path) -> YamlRead:
    """Like :func:`read_yaml`, with the warnings and the locator of :class:`YamlRead`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise VsmError("no such file", location=str(path)) from None
    except UnicodeDecodeError as exc:
        raise VsmError(f"not a UTF-8 text file ({exc.reason} at byte {exc.start})", location=str(path)) from None
    return loads_document(text, source=str(path), json_text=path.suffix.lower() == ".json")


def loads_document(text: str, source: str = "<text>", json_text: bool = False) -> YamlRead:
    """Parse YAML (or JSON) text of the interchange format into a :class:`YamlRead`."""
    data = _parse_json(text, source) if json_text else _parse_yaml(text, source)
    check_shape(data, source)
    check_text_tree(data, source, text=text)
    return document_from_dict(data)


def loads_yaml(text: str) -> ValueStream:
    """The value stream in YAML text."""
    return loads_document(text).stream


_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # libyaml's class or PyYAML's
    """Safe loading that refuses duplicate keys (PyYAML silently keeps the last one); on
    libyaml's parser where PyYAML has it (some 10 times faster, so that a big file is read, or
    refused, in seconds), PyYAML's own otherwise."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:
                    continue  # unhashable keys are refused by PyYAML itself
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping", node.start_mark, f"the key {key!r} appears twice",
                        key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _too_deep(source: str, kind: str) -> ValidationError:
    return ValidationError([Problem(f"not valid {kind}: nested more than {current().max_depth} levels deep, "
                                    "the budget (the interchange format needs 6)", source)])


def check_shape(data, source: str = "<text>") -> None:
    """Refuse a parsed document nested deeper than the budget, or whose aliases (YAML anchors)
    expand to more values than the budget (the "billion laughs"), or that contains itself, before
    anything walks or quotes it. Iterative, and every shared value is counted once."""
    if not isinstance(data, (dict, list)):
        return  # a scalar document: the reader says what is missing
    budget = current()
    sizes: dict = {}  # id -> (depth, values) of a container seen to its end; None while open
    stack = [(data, False)]
    while stack:
        node, closing = stack.pop()
        key = id(node)
        children = [v for v in (node.values() if isinstance(node, dict) else node) if isinstance(v, (dict, list))]
        if not closing:
            if key in sizes:
                if sizes[key] is None:
                    raise ValidationError([Problem("the document contains itself (a YAML alias inside its own "
                                                   "anchor)", source)])
                continue
            sizes[key] = None
            stack.append((node, True))
            stack.extend((c, False) for c in children)
            continue
        depth, values = 1, len(node)
        if isinstance(node, list):  # JSON, and YAML lists made by aliases: the rows budget
            check_rows(len(node), f"{source}: a list")
        for child in children:
            child_depth, child_values = sizes[id(child)] or (0, 0)
            depth = max(depth, child_depth + 1)
            values += child_values
        sizes[key] = (depth, values)
        if depth > budget.max_depth:
            raise ValidationError([Problem(f"nested more than {budget.max_depth} levels deep, the budget "
                                           "(the interchange format needs 6)", source)])
        if values > budget.max_values:
            raise ValidationError([Problem(f"its aliases expand to more than {budget.max_values:,} values, the budget "
                                           "(nested YAML anchors?)", source)])


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def check_text_tree(data, source: str = "<text>", *, text: str | None = None) -> None:
    """The one rule for text (:mod:`vsm_xl.io.safe_text`) on a parsed document, in place and
    before the interchange reader sees it: leading and trailing white space is removed from
    every string (keys too), as the workbook reader does; a string holding a character a
    workbook cannot hold is a problem at its YAML path, and so is a key that is another key
    once its white space is removed. Raises :class:`ValidationError` with every problem.
    ``text``: the document's text, when known: without a backslash (an escape) or such a
    character in it, no string can hold one, and the strings are not searched."""
    search = None if text is not None and "\\" not in text and not UNWRITABLE.search(text) else UNWRITABLE.search
    if _strip_strings(data, search):
        _locate_text_problems(data, source)


def _strip_strings(data, search) -> bool:
    """Strip every string value in place (the fast pass: no paths); whether a key needs its
    white space removed or a string or key holds a character a workbook cannot hold."""
    suspect = False
    seen: set = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if node.__class__ is dict:
            pairs = node.items()
        elif node.__class__ is list:
            pairs = enumerate(node)  # type: ignore[assignment]
        else:
            continue
        for key, value in pairs:
            if value.__class__ is str:
                stripped = line_ends(value.strip())
                if stripped is not value:
                    node[key] = stripped  # an existing key or index: the iteration goes on
                if search is not None and search(stripped):
                    suspect = True
            elif (value.__class__ is dict or value.__class__ is list) and id(value) not in seen:
                seen.add(id(value))
                stack.append(value)
            if key.__class__ is str and (key.strip() is not key or (search is not None and search(key))):
                suspect = True
    return suspect


def _locate_text_problems(data, source: str) -> None:
    """The slow pass, where a problem is suspected: keys stripped, every problem with its path."""
    problems: list[Problem] = []

    def clean(value, path: str):
        stripped = value.strip()
        char = unwritable(stripped)
        if char is not None:
            problems.append(Problem(unwritable_message(char), path or source))
        return stripped

    seen: set = set()
    stack = [(data, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue  # an alias: cleaned where it was first seen
        seen.add(id(node))
        children = []
        if isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, str):
                    node[i] = clean(value, _join(path, i))
                elif isinstance(value, (dict, list)):
                    children.append((value, _join(path, i)))
            stack.extend(reversed(children))  # problems in document order
            continue
        if not isinstance(node, dict):
            continue
        items = list(node.items())
        if any(isinstance(key, str) and key.strip() is not key for key, _ in items):
            node.clear()
            for key, value in items:
                new = key.strip() if isinstance(key, str) else key
                if new in node:
                    problems.append(Problem(f"the key {new!r} appears twice once white space around it is "
                                            "removed", _join(path, new)))
                node[new] = value
            items = list(node.items())
        for key, value in items:
            where = _join(path, key)
            if isinstance(key, str) and unwritable(key) is not None:
                clean(key, where)
            if isinstance(value, str):
                node[key] = clean(value, where)
            elif isinstance(value, (dict, list)):
                children.append((value, where))
        stack.extend(reversed(children))
    if problems:
        raise ValidationError(problems)


def _check_list_lengths(text: str, source: str) -> None:
    """The rows budget (:func:`vsm_xl.core.limit_checks.check_rows`: every list of the format becomes
    rows of a table: steps, indicators, alternatives) checked on the parser's events, before
    any value is built: a 200,000-step file is refused in about a second and 50 MB instead of
    after 15 s and 800 MB of building it. Stops at the first list over the budget."""
    limit = current().max_rows + HEADER_ALLOWANCE
    if text.count("\n") <= limit and len(text) <= 2 * limit:  # such a list takes a line or 2 characters an item
        return
    lists: list = []  # (item count, start mark) of the open sequences; None for an open mapping
    items = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, items) and lists and lists[-1] is not None:
            count, mark = lists[-1]
            lists[-1] = (count + 1, mark)
            if count + 1 > limit:
                check_rows(count + 1, f"{source}: the list starting at line {mark.line + 1}", at_least=True)
        if isinstance(event, yaml.SequenceStartEvent):
            lists.append((0, event.start_mark))
        elif isinstance(event, yaml.MappingStartEvent):
            lists.append(None)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)) and lists:
            lists.pop()


STREAM_OVER_BYTES = 1_000_000  # texts longer than this are loaded item by item (io/yaml_stream.py)


def _streaming_loader() -> type:
    global _STREAMING
    if _STREAMING is None:
        from vsm_xl.io.yaml_stream import streaming_loader

        _STREAMING = streaming_loader(_Loader)
    return _STREAMING


_STREAMING: type | None = None


def _parse_yaml(text: str, source: str):
    try:
        _check_list_lengths(text, source)
        loader = _streaming_loader() if len(text) > STREAM_OVER_BYTES else _Loader
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise _too_deep(source, "YAML") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{source} line {mark.line + 1}, column {mark.column + 1}" if mark else source
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"not valid YAML: {problem}"
        if context and "appears twice" not in problem:
            message += f" ({context})"
        raise ValidationError([Problem(message, where)]) from None


def _parse_json(text: str, source: str):
    def pairs(items):
        result = {}
        for key, value in items:
            if key in result:
                raise ValueError(f"the key {key!r} appears twice")
            result[key] = value
        return result

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except RecursionError:
        raise _too_deep(source, "JSON") from None
    except json.JSONDecodeError as exc:
        raise ValidationError([Problem(f"not valid JSON: {exc.msg}",
                                       f"{source} line {exc.lineno}, column {exc.colno}")]) from None
    except ValueError as exc:
        raise ValidationError([Problem(f"not valid JSON: {exc}", source)]) from None


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists; lists of plain values on one line (``[24, 9, 12]``).
    The steps of a state (:class:`StepDicts`) are represented and written one at a time, so
    that PyYAML never holds the node graph of a whole large stream."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def anchor_node(self, node):
        if isinstance(node, _LazySequence):
            self.anchors[node] = None  # its items are anchored one by one while written
            return
        super().anchor_node(node)

    def serialize_node(self, node, parent, index):
        if not isinstance(node, _LazySequence):
            return super().serialize_node(node, parent, index)
        self.descend_resolver(parent, index)
        self.emit(yaml.SequenceStartEvent(None, node.tag, True, flow_style=node.flow_style))
        for i, item in enumerate(node.items()):
            kept = self.anchors, self.serialized_nodes
            self.anchors, self.serialized_nodes = {}, {}
            self.anchor_node(item)
            self.serialize_node(item, node, i)
            self.anchors, self.serialized_nodes = kept
        self.emit(yaml.SequenceEndEvent())
        self.ascend_resolver()


class _LazySequence(yaml.SequenceNode):
    """A block sequence whose item nodes are represented while the sequence is written."""

    def __init__(self, dumper, data):
        super().__init__("tag:yaml.org,2002:seq", [], flow_style=False)
        self.dumper, self.data = dumper, data

    def items(self):
        dumper = self.dumper
        for item in self.data:
            node = dumper.represent_data(item)
            dumper.represented_objects, dumper.object_keeper = {}, []  # the item's nodes go when written
            yield node


def _represent_list(dumper, data):
    flow = bool(data) and all(not isinstance(x, (dict, list)) for x in data) and len(data) <= 12 \
        and all(not isinstance(x, str) or len(x) <= 40 for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper, data):
    # NEL and the Unicode line/paragraph separators are line breaks to YAML: a plain or
    # single-quoted scalar would fold them into spaces, the double-quoted style escapes them
    if any(ch in data for ch in _LINE_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_str(data)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(StepDicts, _LazySequence)

_HEADER = ("# Value stream in the vsm_xl interchange format (docs/METHOD.md section 4).\n"
           "# Computed keys (total_*, flow_*, wip_total, rolled_*, wait_time_minutes, is_bottleneck, comparison,\n"
           "# evaluation.results) are written for reading and ignored when the file is read back; the totals\n"
           "# a file states itself are kept under stated: and compared with the steps.\n")


def dump_yaml(stream: ValueStream, analysis=None) -> str:
    """The YAML text of :func:`stream_to_dict`."""
    import io

    out = io.StringIO()
    _dump_yaml(stream, analysis, out)
    return out.getvalue()


_DUMP: dict[str, Any] = {"Dumper": _Dumper, "sort_keys": False, "allow_unicode": True, "default_flow_style": False, "width": 100}


class _StepsMark:
    """Where a state's steps go: PyYAML writes the document around them with this plain scalar
    in their place, and :func:`_dump_yaml` writes the steps there (:mod:`vsm_xl.io.yaml_steps`)."""

    def __init__(self, text: str, steps: StepDicts):
        self.text, self.steps = text, steps


_Dumper.add_representer(_StepsMark, lambda dumper, mark: dumper.represent_scalar("tag:yaml.org,2002:str", mark.text))


def _mark_steps(data, marks: dict, token: str):
    """``data`` with every non-empty :class:`StepDicts` replaced by a :class:`_StepsMark`
    (recorded in ``marks`` by its text)."""
    if isinstance(data, StepDicts) and len(data):
        mark = _StepsMark(f"vsm-steps-{token}-{len(marks)}", data)
        marks[mark.text] = mark
        return mark
    if isinstance(data, dict):
        return {key: _mark_steps(value, marks, token) for key, value in data.items()}
    if isinstance(data, list):
        return [_mark_steps(value, marks, token) for value in data]
    return data


def _dump_one(step: dict) -> str:
    return yaml.dump([step], **_DUMP)


def _dump_yaml(stream: ValueStream, analysis, out) -> None:
    """Write the YAML text to the text file ``out``: the document around the steps by PyYAML,
    the steps a line at a time (:mod:`vsm_xl.io.yaml_steps`; PyYAML's emitter took some 3 ms a
    step)."""
    import secrets

    from vsm_xl.io.yaml_steps import steps_text

    if analysis is not None:
        out.write(_HEADER)
    marks: dict = {}
    document = _mark_steps(stream_to_dict(stream, analysis, lazy_steps=True), marks, secrets.token_hex(8))
    text = yaml.dump(document, **_DUMP)
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        mark = marks.get(body.rpartition(": ")[2]) if body.endswith(tuple(marks)) and marks else None
        if mark is None:
            out.write(line)
            continue
        head = body[:-len(mark.text) - 1]  # "    steps:" or "  - steps:"
        out.write(head + "\n")
        indent = len(head) - len(head.lstrip(" -")) + 2  # the key's column, plus the list's indent
        for chunk in steps_text(mark.steps, indent, _dump_one):
            out.write(chunk)


def dump_json(stream: ValueStream, analysis=None) -> str:
    """The JSON text of :func:`stream_to_dict` (same schema as the YAML)."""
    return json.dumps(stream_to_dict(stream, analysis), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_yaml(stream: ValueStream, path, analysis=None) -> Path:
    """Write the document atomically (JSON when ``path`` ends in ``.json``). The caller decides
    whether an existing file may be replaced (:func:`vsm_xl.io.atomic.check_output`)."""
    from vsm_xl.io.atomic import atomic_path, write_text_atomic

    path = Path(path)
    if path.suffix.lower() == ".json":
        write_text_atomic(path, dump_json(stream, analysis))
        return path
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as out:
        _dump_yaml(stream, analysis, out)
    return path
