"""The Weight stability sheet of an evaluated copy: every weight's stability interval (and who takes
over beyond it) and, for values given as low / likely / high, the simulation's probability of
ranking first and WBF spread. Values, computed by the core
(:func:`vsm_xl.core.sensitivity.analysis_sensitivity`), written as a new worksheet part of the
patched package (nothing else of the package changes but the sheet list, its relationship
and content type). An evaluated copy of an evaluated copy gets this sheet
rewritten, a user's own sheet of that name is left alone (the new sheet is then named
``vsm-xl Weight stability``).
"""
from __future__ import annotations

import posixpath
import re

from openpyxl.utils.cell import get_column_letter

from vsm_xl.core.sensitivity import analysis_sensitivity
from vsm_xl.workbook.layout import styles as S
from vsm_xl.workbook.layout.template_layout import XLWINGS_CONF  # the last sheet: new sheets go before it
from vsm_xl.workbook.xlsx.package import rels_part
from vsm_xl.workbook.xlsx.patch import escape

# "Sensitivity" is the live sheet of every template workbook (live_sensitivity.py); the evaluated
# copy's static sheet of weight intervals and value draws is named apart from it
SHEET = "Weight stability"
FALLBACK = "vsm-xl Weight stability"
LEGACY = "Sensitivity"  # its name in copies evaluated before the live sheet: rewritten there
TITLE = "Sensitivity of the evaluation"  # A1: marks the sheet as vsm-xl's own
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKSHEET = _REL + "/worksheet"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_REL_ID = "rIdVsmSensitivity"
_WIDTHS = (30, 16, 12, 16, 12, 20, 20, 12)
_BOLD = S.font_xml(bold=True)
_FOOTER = f'&amp;C&amp;"{S.FONT_NAME},Regular"&amp;8&amp;A – page &amp;P of &amp;N'  # as print_setup.page
_TITLE_FONT = S.font_xml(bold=True, size=14, color=S.TITLE_COLOR)  # as styles.TITLE_FONT


def sheet_rows(found, day: str, source: str) -> list[list]:
    """The sheet's rows: each a list of cells, a cell ``(value, kind)`` with kind ``text``,
    ``title``, ``bold``, ``percent``, ``wbf`` or ``int`` (None: blank)."""
    rows: list[list] = [
        [(TITLE, "title")],
        [(f"Computed by vsm-xl on {day} from {source} (values: evaluate the workbook again after "
          "changing it).", "text")],
        [],
        [("Best alternative (lowest WBF)", "bold"), (found.best, "bold")],
        [],
        [(f"Weight stability: the interval of each weight in which {found.best} stays best while that weight "
          "moves", "text")],
        [("and the other weights of its group keep their proportions; beyond its ends another alternative is best.",
          "text")],
        [(h, "header") for h in ("Indicator", "Group", "Weight", "Stays best from", "to", "Below: best",
                                  "Above: best")],
    ]
    for s in found.weights:
        rows.append([(s.indicator, "text"), (s.group, "text"), (s.weight, "percent"), (s.low, "percent"),
                     (s.high, "percent"), (s.below or "–", "text"), (s.above or "–", "text")])
    r = found.robustness
    rows.append([])
    if r.ranges and r.draws:
        rows.append([(f"Uncertain values: {r.draws} random draws ({r.distribution}, seed {r.seed}) of the "
                      f"{r.ranges} value(s) given as low / likely / high.", "text")])
        rows.append([(h, "header") for h in ("Alternative", "WBF (likely)", "P(best)", "WBF P5", "WBF median",
                                              "WBF P95", "Best rank", "Worst rank")])
        for a in r.alternatives:
            rows.append([(a.name, "text"), (a.wbf_likely, "wbf"), (a.first_share, "percent"), (a.wbf_p5, "wbf"),
                         (a.wbf_median, "wbf"), (a.wbf_p95, "wbf"), (a.rank_best, "int"), (a.rank_worst, "int")])
    else:
        rows.append([("No indicator value is given as low / likely / high: the ranking holds as computed.",
                      "text")])
    return rows


def sheet_xml(rows, styles: dict, widths=_WIDTHS) -> bytes:
    """The worksheet part: inline strings and numbers, ``styles`` maps a kind to a style index."""
    out = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, (value, kind) in enumerate(row, 1):
            if value is None:
                continue
            ref = f"{get_column_letter(c)}{r}"
            style = styles.get(kind, 0)
            s = f' s="{style}"' if style else ""
            if isinstance(value, str):
                cells.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>')
            else:
                cells.append(f'<c r="{ref}"{s}><v>{"%.16g" % value}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>' if cells else f'<row r="{r}"/>')
    cols = "".join(f'<col min="{k}" max="{k}" width="{w}" customWidth="1"/>' for k, w in enumerate(widths, 1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
           f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(out)}</sheetData>'
           '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.25" footer="0.25"/>'
           '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
           f'<headerFooter><oddFooter>{_FOOTER}</oddFooter></headerFooter></worksheet>')
    return xml.encode("utf-8")


def kind_styles(patch_styles) -> dict:
    if patch_styles is None:
        return {}
    try:
        header = patch_styles.derive(0, S.font_xml(bold=True, color="FFFFFF"), S.fill_xml(S.HEADER_COLOR))
        return {"title": patch_styles.number_style(0, "General", _TITLE_FONT),
                "bold": patch_styles.number_style(0, "General", _BOLD),
                "header": patch_styles.aligned(header, "center", wrap=True),  # as styles.style_header
                "percent": patch_styles.number_style(0, "0.00%"),
                "wbf": patch_styles.number_style(0, "0.0000"),
                "int": patch_styles.number_style(0, "0"),
                "number": patch_styles.number_style(0, "#,##0.##")}
    except ValueError:  # a style sheet vsm-xl cannot extend: plain cells
        return {}


def add_sensitivity_sheet(package, parts: dict, analysis, patch_styles, *, day: str, source: str) -> str | None:
    """Put the Sensitivity sheet into ``parts`` (the package's parts being written); returns
    its name, or None when the workbook has no evaluation."""
    if analysis.evaluation is None:
        return None
    found = analysis_sensitivity(analysis)
    xml = sheet_xml(sheet_rows(found, day, source), kind_styles(patch_styles))
    legacy = dict(package.sheets).get(LEGACY)
    if legacy is not None and TITLE.encode() in parts.get(legacy, b"")[:4000]:
        parts[legacy] = xml  # an older evaluated copy's sheet: rewritten where it is
        return LEGACY
    return add_sheet(package, parts, xml, SHEET, TITLE, _REL_ID)


def add_sheet(package, parts: dict, xml: bytes, sheet: str, title: str, rel_base: str) -> str | None:
    """Put the worksheet part ``xml`` into ``parts`` as the sheet ``sheet`` (whose A1 is ``title``):
    vsm-xl's own sheet of that name from an earlier evaluation is rewritten, a user's own sheet of
    that name is left alone and the new one named ``vsm-xl <sheet>`` (None when that is taken
    too). Returns the name used."""
    titles = dict(package.sheets)
    own = titles.get(sheet)
    if own is not None and title.encode() in parts.get(own, b"")[:4000]:
        parts[own] = xml  # our own sheet from an earlier evaluation: rewritten
        return sheet
    name = sheet if own is None else f"vsm-xl {sheet}"
    if name in titles:  # a user's "vsm-xl <sheet>" too: leave the workbook as it is
        return None
    folder = posixpath.dirname(package.workbook_part)
    number = 1
    while posixpath.join(folder, f"worksheets/sheet{number}.xml") in parts:
        number += 1
    part = posixpath.join(folder, f"worksheets/sheet{number}.xml")
    parts[part] = xml
    rels = rels_part(package.workbook_part)
    rel_id, k = rel_base, 1
    while f'"{rel_id}"'.encode() in parts[rels]:
        k += 1
        rel_id = f"{rel_base}{k}"
    parts[rels] = _relationship(parts[rels], posixpath.relpath(part, folder), rel_id)
    parts[package.workbook_part] = _sheet_entry(parts[package.workbook_part], name, rel_id)
    if "[Content_Types].xml" in parts:  # as the writer: a package without one is copied as it is
        parts["[Content_Types].xml"] = _content_type(parts["[Content_Types].xml"], "/" + part)
    return name


def _sheet_entry(xml: bytes, name: str, rel_id: str) -> bytes:
    """workbook.xml with ``<sheet name=... sheetId=... r:id=.../>`` appended to ``<sheets>``."""
    text = xml.decode("utf-8")
    prefix = re.search(rf'xmlns:([\w.-]+)="{re.escape(_REL)}"', text)
    if prefix is None:
        root = re.search(r"<((?:[\w.-]+:)?)workbook\b", text)
        if root is None:
            raise ValueError("workbook.xml has no <workbook>")
        text = text[:root.end()] + f' xmlns:vsmr="{_REL}"' + text[root.end():]
        rel = "vsmr"
    else:
        rel = prefix.group(1)
    ids = [int(x) for x in re.findall(r"""\ssheetId\s*=\s*["'](\d+)["']""", text)]
    close = re.search(r"</((?:[\w.-]+:)?)sheets>", text)
    if close is None:
        raise ValueError("workbook.xml has no <sheets>")
    entry = (f'<{close.group(1)}sheet name="{escape(name)}" sheetId="{max(ids, default=0) + 1}" '
             f'{rel}:id="{rel_id}"/>')
    sheets = list(re.finditer(r"<(?:[\w.-]+:)?sheet\s[^>]*>", text[:close.start()]))
    conf = next((k for k, m in enumerate(sheets) if f'name="{escape(XLWINGS_CONF)}"' in m.group(0)), None)
    if conf is None:
        return (text[:close.start()] + entry + text[close.start():]).encode("utf-8")
    # before xlwings.conf, which stays last: the sheet-local names (print areas) and the active tab of
    # the sheets from there on move one place on
    at = sheets[conf].start()
    text = text[:at] + entry + text[at:]
    text = re.sub(r"""(\slocalSheetId\s*=\s*["'])(\d+)(["'])""",
                  lambda m: m.group(1) + str(int(m.group(2)) + (int(m.group(2)) >= conf)) + m.group(3), text)
    text = re.sub(r"""(\sactiveTab\s*=\s*["'])(\d+)(["'])""",
                  lambda m: m.group(1) + str(int(m.group(2)) + (int(m.group(2)) >= conf)) + m.group(3), text)
    return text.encode("utf-8")


def _relationship(xml: bytes, target: str, rel_id: str) -> bytes:
    return _append(xml, "Relationships", f'Relationship Id="{rel_id}" Type="{_WORKSHEET}" Target="{escape(target)}"/>')


def _content_type(xml: bytes, part_name: str) -> bytes:
    return _append(xml, "Types", f'Override PartName="{escape(part_name)}" ContentType="{_SHEET_TYPE}"/>')


def _append(xml: bytes, root: str, element: str) -> bytes:
    """``xml`` with ``<element`` (prefixed like its root) added as the last child of ``root``."""
    text = xml.decode("utf-8")
    close = re.search(rf"</((?:[\w.-]+:)?){root}>", text)
    if close is None:
        raise ValueError(f"a package part has no <{root}>")
    return (text[:close.start()] + f"<{close.group(1)}{element}" + text[close.start():]).encode("utf-8")
