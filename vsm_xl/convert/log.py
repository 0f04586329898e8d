"""The conversion log: for every file which table was used (sheet, header row, range), how
each column and unit was read, what was skipped, what was ambiguous, and why a file was not
converted. Written as ``conversion-log.md`` for people and ``conversion-log.json`` for tools.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from vsm_xl.convert.vocabulary import LABELS

INFO = "info"
AMBIGUOUS = "ambiguous"  # a reading was chosen among several plausible ones
WARNING = "warning"  # something looks wrong (a totals mismatch, a value read as 0)

CONVERTED = "converted"
FAILED = "failed"


@dataclass
class Note:
    """One remark about a file, with the source cell it is about and, where the note
    concerns something written to the template, its subject there (``("step", s, k)``)."""

    level: str
    message: str
    location: str | None = None  # source cell or range, "Sheet1!C5"
    subject: tuple = ()

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass
class ColumnLog:
    column: str  # letter, "C"
    header: str
    field: str | None  # None: the column was not used
    reading: str  # how its values were read, in words


@dataclass
class TableLog:
    sheet: str
    header_row: int
    range: str  # "B4:H9", header row to last row read
    states: list[str]
    step_rows: int
    columns: list[ColumnLog] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    totals: list[str] = field(default_factory=list)
    title: str = ""


@dataclass
class FileLog:
    source: str
    status: str = FAILED
    reason: str = ""
    outputs: list[str] = field(default_factory=list)
    value_stream: str = ""
    states: list[dict] = field(default_factory=list)  # name, kind, steps
    tables: list[TableLog] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == CONVERTED

    def note(self, level: str, message: str, location: str | None = None, subject: tuple = ()):
        self.notes.append(Note(level, message, location, tuple(subject)))


def log_dict(files: list[FileLog], outdir: str = "") -> dict:
    """The machine-readable log (``conversion-log.json``)."""
    converted = sum(1 for f in files if f.ok)
    return {
        "output_folder": outdir,
        "files_total": len(files),
        "files_converted": converted,
        "files_failed": len(files) - converted,
        "files": [_file_dict(f) for f in files],
    }


def _file_dict(entry: FileLog) -> dict:
    data = asdict(entry)
    data["notes"] = [
        {"level": n.level, "message": n.message, "location": n.location,
         "subject": list(n.subject)}
        for n in entry.notes
    ]
    data["seconds"] = round(entry.seconds, 4)
    return data


def log_json(files: list[FileLog], outdir: str = "") -> str:
    return json.dumps(log_dict(files, outdir), indent=2, ensure_ascii=False) + "\n"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


_MARK = {INFO: "", AMBIGUOUS: "**ambiguous** ", WARNING: "**warning** "}


def log_markdown(files: list[FileLog], outdir: str = "") -> str:
    """The human-readable log (``conversion-log.md``)."""
    converted = [f for f in files if f.ok]
    failed = [f for f in files if not f.ok]
    out = ["# Conversion log", ""]
    out.append(
        f"{len(converted)} of {len(files)} file{'s' if len(files) != 1 else ''} converted"
        + (f" into `{outdir}`" if outdir else "") + f"; {len(failed)} not converted."
    )
    out += ["", "| file | result | value stream | states (steps) | notes |", "|---|---|---|---|---|"]
    for f in files:
        states = ", ".join(f"{s['name']} ({s['steps']})" for s in f.states)
        counts = _note_counts(f)
        result = "converted" if f.ok else "**not converted**"
        out.append(f"| {_cell(f.source)} | {result} | {_cell(f.value_stream)} | {_cell(states)} | {counts} |")
    if failed:
        out += ["", "## Not converted", ""]
        for f in failed:
            out.append(f"- `{f.source}`: {f.reason}")
    for f in files:
        out += ["", f"## {f.source}", ""]
        if not f.ok:
            out.append(f"Not converted: {f.reason}")
        if f.outputs:
            out.append("Written: " + ", ".join(f"`{o}`" for o in f.outputs))
        if f.details:
            out.append("Read with: " + "; ".join(f"{k} {v}" for k, v in f.details.items()))
        for table in f.tables:
            out += ["", f"### Sheet `{table.sheet}`, header row {table.header_row}, range {table.range}", ""]
            if table.title:
                out.append(f"Title above the table: \"{table.title}\"")
            out.append(f"States: {', '.join(table.states) or '-'}; step rows read: {table.step_rows}")
            out += ["", "| column | header | read as | how |", "|---|---|---|---|"]
            for c in table.columns:
                read_as = LABELS.get(c.field, c.field) if c.field else "(not used)"
                out.append(f"| {c.column} | {_cell(c.header)} | {read_as} | {_cell(c.reading)} |")
            if table.totals:
                out.append("")
                out += [f"- totals: {_cell(t)}" for t in table.totals]
            if table.skipped:
                out.append("")
                out += [f"- skipped: {_cell(s)}" for s in table.skipped]
        if f.notes:
            out += ["", "Notes:", ""]
            for n in f.notes:
                where = f"`{n.location}` " if n.location else ""
                out.append(f"- {_MARK.get(n.level, '')}{where}{n.message}")
    return "\n".join(out) + "\n"


def _note_counts(entry: FileLog) -> str:
    ambiguous = sum(1 for n in entry.notes if n.level == AMBIGUOUS)
    warnings = sum(1 for n in entry.notes if n.level == WARNING)
    parts = []
    if ambiguous:
        parts.append(f"{ambiguous} ambiguous")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) or "-"
