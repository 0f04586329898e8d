"""Seeded mutations of workbooks, team sheets (CSV, xlsx) and YAML models for the fuzz run.

Cell-level: a cell's value replaced by a value of another type (numbers huge, tiny, negative,
text long, formula-looking, error values, booleans, formulas with and without a saved value),
cells emptied, sheets deleted and renamed, tables shifted down, cells merged. Byte-level:
truncated zips, bytes flipped inside a part's deflate stream or inside its XML, parts missing
or present twice. Every mutation is a pure function of ``random.Random`` and the seed bytes.
"""
from __future__ import annotations

import io
import random
import re
import struct
import warnings
import zipfile

import yaml

# -- values of every type ----------------------------------------------------------------------

TEXTS = ("", " ", "x", "Order Entry", "=Order Entry", "=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")',
         "+1", "-", "@SUM(A1)", "#N/A", "#DIV/0!", "12 min", "1,5 d", "85 %", "1e999", "nan", "inf", "-0",
         "Ünïcødé ✓ 中文", "\u202e\u0000ctrl", "a" * 5000, "yes", "no", "current", "monetary", "linear",
         "exponential", "2026-11-21", "TRUE", "<tag>&amp;", "'quoted'", '"dq"', "\t\r\n")
NUMBERS = (0, 1, -1, 0.5, 2, 100, 1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324, 1e-310, 123456789012,
           3.14159, 1048576, 16385, -0.0)


def random_scalar(rng: random.Random):
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(NUMBERS) if rng.random() < 0.7 else rng.uniform(-1e6, 1e6)
    if roll < 0.9:
        return rng.choice(TEXTS)
    if roll < 0.95:
        return rng.choice((True, False))
    return None


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot hold most control characters: a writer would not put them there either
    return "".join(ch for ch in _xml_escape(text) if ch in "\t\n\r" or ord(ch) >= 0x20)


def random_cell_body(rng: random.Random) -> tuple[str, str]:
    """(extra attributes, inner XML) of a cell holding a random value of a random type."""
    roll = rng.randrange(10)
    if roll == 0:
        return "", ""  # emptied
    if roll in (1, 2):
        return "", f"<v>{rng.choice(NUMBERS)!r}</v>".replace("inf", "1e999")
    if roll in (3, 4):
        return ' t="inlineStr"', f"<is><t>{_xml_text(rng.choice(TEXTS))}</t></is>"
    if roll == 5:
        return ' t="str"', f"<v>{_xml_text(rng.choice(TEXTS))}</v>"
    if roll == 6:
        return ' t="b"', f"<v>{rng.choice(('0', '1', '2', 'x'))}</v>"
    if roll == 7:
        return ' t="e"', f"<v>{rng.choice(('#N/A', '#DIV/0!', '#REF!', '#VALUE!'))}</v>"
    if roll == 8:
        formula = rng.choice(("SUM(A1:A3)", "1/0", "VSM_WBF(A1,B1)", "A1", '"x"&"y"', "NA()"))
        saved = rng.choice(("", "<v>1</v>", "<v>#N/A</v>"))
        return "", f"<f>{_xml_escape(formula)}</f>{saved}"
    return ' t="s"', f"<v>{rng.choice((0, 1, 5, 99999, -1))}</v>"  # shared string, maybe out of range


# -- zip packages ------------------------------------------------------------------------------

def read_parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def write_parts(parts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts:
                zf.writestr(name, data)
    return buffer.getvalue()


def _sheet_indices(parts) -> list[int]:
    return [i for i, (n, _) in enumerate(parts) if n.startswith("xl/worksheets/") and n.endswith(".xml")]


_CELL = re.compile(rb"<c r=\"([A-Z]+)(\d+)\"([^>]*?)(/>|>(.*?)</c>)", re.S)


def on_a_sheet(edit):
    """A mutation of one worksheet's XML chosen at random: ``edit(rng, name, xml)`` returns
    ``(xml, what was done)``."""
    def mutation(rng, parts) -> str:
        sheets = _sheet_indices(parts)
        if not sheets:
            return "no sheets"
        i = rng.choice(sheets)
        name, xml = parts[i]
        xml, said = edit(rng, name, xml)
        parts[i] = (name, xml)
        return said
    mutation.__name__ = edit.__name__
    return mutation


@on_a_sheet
def mutate_cells(rng, name, xml):
    cells = list(_CELL.finditer(xml))
    if not cells:
        return xml, "no cells"
    count = rng.choice((1, 1, 2, 5, 20))
    chosen = sorted(rng.sample(cells, min(count, len(cells))), key=lambda m: m.start(), reverse=True)
    for m in chosen:
        attrs = re.sub(rb'\s+t="[^"]*"', b"", m.group(3))
        extra, body = random_cell_body(rng)
        new = b'<c r="' + m.group(1) + m.group(2) + b'"' + attrs + extra.encode()
        new += (b">" + body.encode() + b"</c>") if body else b"/>"
        xml = xml[:m.start()] + new + xml[m.end():]
    return xml, f"{len(chosen)} cells of {name}"


def _workbook_index(parts) -> int | None:
    return next((i for i, (n, _) in enumerate(parts) if n == "xl/workbook.xml"), None)


def delete_sheet(rng, parts) -> str:
    i = _workbook_index(parts)
    if i is None:
        return "no workbook"
    name, xml = parts[i]
    sheets = list(re.finditer(rb"<sheet [^>]*/>", xml))
    if len(sheets) < 2:
        return "one sheet"
    m = rng.choice(sheets)
    parts[i] = (name, xml[:m.start()] + xml[m.end():])
    return "deleted " + m.group(0).decode()[:40]


def rename_sheet(rng, parts) -> str:
    i = _workbook_index(parts)
    if i is None:
        return "no workbook"
    name, xml = parts[i]
    sheets = list(re.finditer(rb'<sheet name="([^"]*)"', xml))
    if not sheets:
        return "no sheets"
    m = rng.choice(sheets)
    other = rng.choice(sheets).group(1)
    new = rng.choice((m.group(1).upper(), m.group(1) + b" (2)", b"Sheet1", other, b"", m.group(1).lower()))
    parts[i] = (name, xml[:m.start(1)] + new + xml[m.end(1):])
    return f"renamed {m.group(1)!r} to {new!r}"


@on_a_sheet
def shift_rows(rng, name, xml):
    start, by = rng.randrange(1, 40), rng.choice((1, 2, 5, -1))

    def row(m):
        r = int(m.group(1))
        return b'<row r="%d"' % (r + by if r >= start else r)

    def cell(m):
        r = int(m.group(2))
        return b'<c r="' + m.group(1) + b"%d" % (r + by if r >= start else r) + b'"'

    xml = re.sub(rb'<row r="(\d+)"', row, xml)
    xml = re.sub(rb'<c r="([A-Z]+)(\d+)"', cell, xml)
    return xml, f"{name}: rows from {start} shifted by {by}"


@on_a_sheet
def merge_cells(rng, name, xml):
    r, c = rng.randrange(1, 40), rng.randrange(0, 12)
    ref = f"{chr(65 + c)}{r}:{chr(65 + c + rng.randrange(0, 4))}{r + rng.randrange(0, 4)}".encode()
    if b"<mergeCells" in xml:
        xml = xml.replace(b"</mergeCells>", b'<mergeCell ref="' + ref + b'"/></mergeCells>', 1)
    else:
        xml = xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="' + ref
                          + b'"/></mergeCells>', 1)
    return xml, f"{name}: merged {ref.decode()}"


@on_a_sheet
def damage_refs(rng, name, xml):
    bad = rng.choice((b"ZZZZ", b"A0", b"A1:XFD1048576", b"B5:A1", b"", b"A1:A99999999999", b"$A$1"))
    what = rng.choice((rb'ref="[^"]*"', rb'<dimension ref="[^"]*"', rb'r="[A-Z]+\d+"'))
    matches = list(re.finditer(what, xml))
    if not matches:
        return xml, "nothing to damage"
    m = rng.choice(matches)
    head = m.group(0).split(b'"')[0]
    xml = xml[:m.start()] + head + b'"' + bad + b'"' + xml[m.end():]
    return xml, f"{name}: {m.group(0)[:30]!r} -> {bad!r}"


def flip_xml(rng, parts) -> str:
    i = rng.randrange(len(parts))
    name, data = parts[i]
    if not data:
        return "empty part"
    data = bytearray(data)
    for _ in range(rng.choice((1, 3, 10))):
        data[rng.randrange(len(data))] = rng.randrange(256)
    parts[i] = (name, bytes(data))
    return f"flipped bytes in {name}"


def delete_part(rng, parts) -> str:
    i = rng.randrange(len(parts))
    name = parts.pop(i)[0]
    return f"deleted {name}"


def duplicate_part(rng, parts) -> str:
    i = rng.randrange(len(parts))
    name, data = parts[i]
    donor = parts[rng.randrange(len(parts))][1]
    parts.insert(rng.randrange(len(parts) + 1), (name, donor if rng.random() < 0.5 else data[: len(data) // 2]))
    return f"duplicated {name}"


CELL_LEVEL = (mutate_cells, mutate_cells, mutate_cells, delete_sheet, rename_sheet, shift_rows, merge_cells,
              damage_refs)
PART_LEVEL = (flip_xml, delete_part, duplicate_part)


def _flip_deflate(rng, data: bytes) -> tuple[bytes, str]:
    """Bytes flipped inside the compressed data of one part (the zip directory left as it is)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = [i for i in zf.infolist() if i.compress_size > 4]
    if not infos:
        return data, "nothing compressed"
    info = rng.choice(infos)
    off = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[off + 26:off + 30])
    start = off + 30 + name_len + extra_len
    out = bytearray(data)
    for _ in range(rng.choice((1, 2, 8))):
        out[start + rng.randrange(info.compress_size)] ^= 1 << rng.randrange(8)
    return bytes(out), f"flipped deflate bits of {info.filename}"


def mutate_package(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """A mutated .xlsx package and what was done to it."""
    roll = rng.random()
    if roll < 0.08:
        cut = rng.randrange(len(data))
        return data[:cut], f"truncated at {cut}"
    if roll < 0.2:
        return _flip_deflate(rng, data)
    parts = read_parts(data)
    said = []
    operations = CELL_LEVEL if roll < 0.8 else PART_LEVEL
    for _ in range(rng.choice((1, 1, 2, 3))):
        said.append(rng.choice(operations)(rng, parts))
    return write_parts(parts), "; ".join(said)


# -- CSV ---------------------------------------------------------------------------------------

def byte_level(rng: random.Random, data: bytes, roll: float, byte_range: tuple) -> tuple[bytes, str] | None:
    """A text file truncated (roll < 0.1) or with bytes flipped (roll < 0.2) to values in
    ``byte_range``; None for the other rolls."""
    if roll < 0.1:
        cut = rng.randrange(len(data) + 1)
        return data[:cut], f"truncated at {cut}"
    if roll < 0.2:
        out = bytearray(data)
        for _ in range(rng.choice((1, 5, 20))):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(*byte_range)
        return bytes(out), "flipped bytes"
    return None


def mutate_csv(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    roll = rng.random()
    damaged = byte_level(rng, data, roll, (0, 256))
    if damaged:
        return damaged
    text = data.decode("utf-8", errors="replace")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    lines = text.split("\n")
    said = []
    for _ in range(rng.choice((1, 2, 4, 10))):
        op = rng.randrange(6)
        k = rng.randrange(len(lines))
        if op <= 2:
            cells = lines[k].split(delimiter)
            j = rng.randrange(len(cells))
            value = random_scalar(rng)
            cells[j] = "" if value is None else str(value).replace("\n", " ")
            lines[k] = delimiter.join(cells)
            said.append(f"cell {k + 1}:{j + 1}")
        elif op == 3:
            del lines[k]
            said.append(f"deleted line {k + 1}")
        elif op == 4:
            lines.insert(k, lines[rng.randrange(len(lines))])
            said.append(f"duplicated a line at {k + 1}")
        else:
            lines.insert(k, delimiter.join(str(random_scalar(rng)) for _ in range(rng.randrange(1, 9))))
            said.append(f"inserted a line at {k + 1}")
    return "\n".join(lines).encode("utf-8"), "; ".join(said)


# -- YAML --------------------------------------------------------------------------------------

def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, path + (i,))


def _random_value(rng: random.Random):
    roll = rng.random()
    if roll < 0.7:
        return random_scalar(rng)
    if roll < 0.8:
        return [random_scalar(rng) for _ in range(rng.randrange(4))]
    if roll < 0.9:
        return {str(random_scalar(rng)): random_scalar(rng) for _ in range(rng.randrange(3))}
    value = random_scalar(rng)
    for _ in range(rng.choice((5, 50, 200))):
        value = [value]
    return value


# what a workbook cannot hold (C0 controls but tab, newline, carriage return; NUL), what
# readers strip or normalise (leading/trailing whitespace, CR, tabs, no-break and line
# separators): a name must mean the same thing, or be refused naming its field
ODD_TEXT = ("\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\t", "\r", "\r\n", " ", "\u00a0",
            "\u2028", "\u200b", "\ufeff", "\ud7ff")


def control_characters(rng: random.Random, model) -> tuple[bytes, str]:
    """Odd characters put before, after or inside string values of the model (names, owners,
    notes), written back as YAML text (with its escapes, as a hostile editor would)."""
    said = []
    strings = [p for p in _paths(model) if p and isinstance(_at(model, p), str)]
    for _ in range(rng.choice((1, 2, 5))):
        if not strings:
            break
        path = rng.choice(strings)
        parent = _at(model, path[:-1])
        value, odd = parent[path[-1]], rng.choice(ODD_TEXT)
        where = rng.randrange(3)
        parent[path[-1]] = odd + value if where == 0 else value + odd if where == 1 else value[:1] + odd + value[1:]
        said.append(f"{('before', 'after', 'inside')[where]} {'.'.join(map(str, path))}: {odd!r}")
    text = yaml.safe_dump(model, sort_keys=False, allow_unicode=rng.random() < 0.5)
    return text.encode("utf-8"), "odd text " + "; ".join(said)


def _at(model, path):
    for key in path:
        model = model[key]
    return model


def mutate_yaml(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    roll = rng.random()
    damaged = byte_level(rng, data, roll, (32, 127))
    if damaged:
        return damaged
    if roll < 0.3:
        return control_characters(rng, yaml.safe_load(data))
    if roll < 0.33:
        lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
        depth = rng.randrange(2, 9)
        for n in range(1, depth):
            lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 10) + "]")
        lines.append(f"value_stream: {{name: *a{depth - 1}}}")
        return ("\n".join(lines) + "\n").encode(), f"anchors {depth} deep"
    model = yaml.safe_load(data)
    said = []
    for _ in range(rng.choice((1, 1, 2, 3, 6))):
        paths = [p for p in _paths(model) if p]
        if not paths:
            break
        path = rng.choice(paths)
        parent = model
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        op = rng.randrange(5)
        if op <= 2:
            parent[key] = _random_value(rng)
            said.append(f"set {'.'.join(map(str, path))}")
        elif op == 3:
            del parent[key]
            said.append(f"deleted {'.'.join(map(str, path))}")
        elif isinstance(parent, dict):
            parent[str(random_scalar(rng))] = parent.pop(key)
            said.append(f"renamed {'.'.join(map(str, path))}")
    text = yaml.safe_dump(model, sort_keys=False, allow_unicode=True)
    return text.encode("utf-8"), "; ".join(said)
