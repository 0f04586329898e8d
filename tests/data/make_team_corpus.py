"""Write the test corpus of team spreadsheets (tests/data/team_sheets/): differently shaped
steps tables as teams really keep them, English and German, and a few bad files.

Run from the repository root:  python tests/data/make_team_corpus.py
The files are committed; the expectations in tests/convert/test_corpus.py are computed by
hand from the values below (each file's docstring-like comment gives the figures).
"""
from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
OUT = HERE / "team_sheets"


def put(ws, top_left: str, rows, bold_first=False):
    """Write ``rows`` (lists) starting at ``top_left``."""
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    letter, row = coordinate_from_string(top_left)
    col = column_index_from_string(letter)
    for i, values in enumerate(rows):
        for j, value in enumerate(values):
            if value is not None:
                cell = ws.cell(row + i, col + j, value)
                if bold_first and i == 0:
                    cell.font = Font(bold=True)


def sales_order_fulfilment(path):
    """English, title rows, table at B4, PT (min) / LT (h), percents, a blank row and a
    section row inside, notes beside (column J), a matching "Total" row.
    METHOD.md worked example, current state: PT 70 min, LT 2640 min, FE 2.65 %,
    rolled %C&A 65.5 %, WIP 240, capacity constraint Pick & Pack, largest delay Ship."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "VSM"
    ws["A1"] = "Order fulfilment – team Sales"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Measured in March, 20 orders followed end to end"
    put(ws, "B4", [
        ["Step", "Owner", "PT (min)", "LT (h)", "%C&A", "Inventory", "Notes"],
        ["Order Entry", "Sales", 15, 2, 85, 50, "Manual entry"],
        ["Credit Check", "Finance", 10, 8, 95, 30, "Batch processing"],
        [],
        ["Warehouse"],
        ["Inventory Alloc", "Warehouse", 5, 4, 90, 20, "System lookup"],
        ["Pick & Pack", "Warehouse", 30, 6, 92, 40, "Manual process"],
        ["Ship", "Logistics", 10, 24, 98, 100, "Carrier pickup"],
        ["Total", None, 70, 44, None, 240],
    ], bold_first=True)
    ws["J5"] = "Credit check runs twice a day"
    ws["J6"] = "Ask Finance about the API"
    wb.save(path)


def auftragsabwicklung(path):
    """German, two sheets Ist-Zustand / Soll-Zustand, units in the headers ([Std.], in Tagen,
    (min)), some numbers typed as text with a decimal comma, a "Summe" row (Soll: LT mismatch).
    Ist: PT 5.5 h = 330 min, LT 9 d = 12960 min, FE 2.546 %, rolled 0.90·0.95·0.98·0.99,
    WIP 70, CC Fertigen, LD Prüfen (WT 5745 min). Soll: PT 3.8 h = 228 min, LT 1.6 d = 2304 min,
    FE 9.896 % (moderate), WIP 11, C/O 45 + 20 min."""
    wb = openpyxl.Workbook()
    header = ["Prozessschritt", "Abteilung", "Bearbeitungszeit [Std.]", "Durchlaufzeit in Tagen",
              "Qualität %", "Bestand", "Rüstzeit (min)", "Bemerkungen"]
    ist = wb.active
    ist.title = "Ist-Zustand"
    ist["A1"] = "Auftragsabwicklung Werk Süd"
    put(ist, "A3", [
        header,
        ["Auftrag erfassen", "Vertrieb", 0.5, 1, 90, 12, None, "per E-Mail"],
        ["Prüfen", "Finanzen", "0,25", 4, 95, 30],
        ["Fertigen", "Produktion", 4, 3.5, 98, 8, 45],
        ["Versand", "Logistik", 0.75, "0,5", 99, 20, None, "Spedition holt ab"],
        ["Summe", None, 5.5, 9, None, 70, 45],
    ], bold_first=True)
    soll = wb.create_sheet("Soll-Zustand")
    soll["A1"] = "Auftragsabwicklung Werk Süd"
    put(soll, "A3", [
        header,
        ["Auftrag erfassen", "Vertrieb", 0.25, 0.25, 98, 2],
        ["Prüfen", "System", 0.05, 0.1, 99, 0, None, "automatisch"],
        ["Fertigen", "Produktion", 3, 1, 99, 4, 45],
        ["Versand", "Logistik", "0,5", 0.25, 99, 5, 20],
        ["Summe", None, 3.8, 1.5, None, 11],
    ], bold_first=True)
    info = wb.create_sheet("Info")
    info["A1"] = "Erstellt vom Team Werk Süd"
    wb.save(path)


def claims_team_csv(path):
    """CSV with ';' and decimal commas, cp1252 (umlauts), durations as text with units
    ("1,5 d", "45 min", "2 Std"), percents "85 %", thousands "1.200", a "Gesamt" row.
    PT 215 min, LT 17 d = 24480 min, FE 0.878 %, rolled 0.85·0.90·0.95·0.975, WIP 1670,
    CC and LD Gutachten einholen."""
    text = "\r\n".join([
        "Schadenbearbeitung Team Nord;;;;;;",
        ";;;;;;",
        "Schritt;Team;Bearbeitungszeit;Durchlaufzeit;Qualität;Bestand;Bemerkungen",
        "Schadenmeldung erfassen;Service;20 min;1,5 d;85 %;1.200;Telefon und Post",
        "Deckung prüfen;Innendienst;45 min;3 d;90 %;350;",
        "Gutachten einholen;Gutachter;2 Std;10 d;95 %;80;extern, Rückfragen",
        "Regulierung;Innendienst;30 min;2,5 d;97,5 %;40;",
        "Gesamt;;3 h 35 min;17 d;;1.670;",
    ]) + "\r\n"
    path.write_bytes(text.encode("cp1252"))


def support_tickets_csv(path):
    """CSV with ',' (quoted thousands "1,250"), English synonyms (Activity, Touch time,
    Elapsed time, First pass yield, Queue), durations as "10m", "1h 30m", "1.5d", fractions.
    PT 330 min, LT 11880 min, FE 2.778 %, rolled 0.9·0.8·0.95·0.99·1, WIP 1730, CC and LD Fix."""
    text = "\n".join([
        "Activity,Team,Touch time,Elapsed time,First pass yield,Queue,Comments",
        "Triage,L1,10m,4h,0.9,\"1,250\",",
        "Diagnose,L2,1h 30m,2d,0.8,300,\"waiting on customer, often\"",
        "Fix,Dev,3h,5d,0.95,120,",
        "Verify,QA,45m,1d,0.99,60,",
        "Close,L1,5m,2h,1,0,",
    ]) + "\n"
    path.write_text(text, encoding="utf-8")


def state_column(path):
    """A state column ("Scenario", filled only on the first row of each state), C/T and L/T
    as text with units, C&A and WIP and C/O. METHOD.md current and future state: current
    PT 70, LT 2640; future PT 47, LT 400, FE 11.75 %, WIP 45."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Map"
    rows = [["Scenario", "Step", "Team", "C/T", "L/T", "C&A", "WIP", "C/O"]]
    current = [("Order Entry", "Sales", "15m", "2h", 0.85, 50), ("Credit Check", "Finance", "10m", "8h", 0.95, 30),
               ("Inventory Alloc", "Warehouse", "5m", "4h", 0.90, 20), ("Pick & Pack", "Warehouse", "30m", "6h", 0.92, 40),
               ("Ship", "Logistics", "10m", "24h", 0.98, 100)]
    future = [("Order Entry", "Sales", "10m", "30m", 0.98, 10), ("Credit Check", "System", "1m", "5m", 0.99, 0),
              ("Inventory Alloc", "System", "1m", "5m", 0.99, 0), ("Pick & Pack", "Warehouse", "25m", "2h", 0.96, 15),
              ("Ship", "Logistics", "10m", "4h", 0.99, 20)]
    for label, steps in (("Current", current), ("Future", future)):
        for i, (name, team, ct, lt, ca, wip) in enumerate(steps):
            rows.append([label if i == 0 else None, name, team, ct, lt, ca, wip, "5m" if name == "Pick & Pack" else None])
    put(ws, "A1", rows, bold_first=True)
    wb.save(path)


def macro_team_xlsm(path):
    """An .xlsm (macro-enabled content type), header on row 6 below a title and a legend,
    Process/Department/Work time (h)/Throughput time (d)/Yield/WIP/Changeover (h)/Comments/Notes,
    a blank row and a section row inside, one PT as text "15 min", and a totals row with no
    step name whose LT (3.5) does not match the steps (3.75 d): a warning.
    PT 120 min, LT 5400 min, FE 2.222 %, rolled 0.99·0.95·0.98·1.00, WIP 135, C/O 45 min,
    CC and LD Inspect."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Value stream"
    ws["A1"] = "Inbound logistics"
    ws["A3"] = "Legend: yellow = measured, white = estimated"
    put(ws, "A6", [
        ["Process", "Department", "Work time (h)", "Throughput time (d)", "Yield", "WIP",
         "Changeover (h)", "Comments", "Notes"],
        ["Receive goods", "Inbound", 0.5, 1, 99, 40, 0.25, "scan at gate", "dock 3"],
        ["Inspect", "QA", 1, 2, 95, 25],
        [],
        ["Packaging area"],
        ["Pack", "Packaging", 0.25, 0.5, 98, 60, 0.5],
        ["Label", "Packaging", "15 min", 0.25, 100, 10, None, None, "printer jams"],
        [None, None, 2, 3.5, None, 135],
    ], bold_first=True)
    ws["A5"].comment = Comment("exported from the team's macro workbook", "team")
    buffer = io.BytesIO()
    wb.save(buffer)
    # Mark the package as macro-enabled, as Excel does for .xlsm (no macros needed to read it).
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            target.writestr(item, data)


def wait_times(path):
    """Process time [h] and Waiting time [h], no lead time column: LT = PT + WT.
    PT 2.25 h = 135 min, LT 76 h = 4560 min, FE 2.961 %, WIP 20, no %C&A, CC and LD Review."""
    wb = openpyxl.Workbook()
    ws = wb.active
    put(ws, "A1", [
        ["Step", "Owner", "Process time [h]", "Waiting time [h]", "WIP"],
        ["Intake", "Desk", 0.5, 3.5, 5],
        ["Review", "Board", 1.5, 46.5, 12],
        ["Approve", "Head", 0.25, 23.75, 3],
    ], bold_first=True)
    wb.save(path)


def stacked_tables(path):
    """One sheet, two tables stacked under titles "Current state" / "Future state"; the unit
    is declared once above them ("All times in minutes"); %C&A as fractions.
    Current: PT 25, LT 4920, FE 0.508 %, rolled 0.9·0.8·0.95·1. Future: PT 12, LT 810,
    FE 1.481 %, rolled 0.98·0.95·0.99·1."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "VSM"
    ws["A1"] = "Invoice processing"
    ws["A2"] = "All times in minutes"
    put(ws, "A4", [
        ["Current state"],
        ["Step", "PT", "LT", "%C&A"],
        ["Receive invoice", 5, 120, 0.9],
        ["Match PO", 10, 480, 0.8],
        ["Approve", 5, 1440, 0.95],
        ["Pay", 5, 2880, 1],
        [],
        [],
        ["Future state"],
        ["Step", "PT", "LT", "%C&A"],
        ["Receive invoice", 3, 30, 0.98],
        ["Match PO", 5, 60, 0.95],
        ["Approve", 2, 240, 0.99],
        ["Pay", 2, 480, 1],
    ])
    wb.save(path)


def side_by_side(path):
    """German, Ist and Soll side by side on one sheet (B:E and G:J), titles above each,
    Tätigkeit / Zykluszeit (min) / Durchlaufzeit (h) / Bestand.
    Ist: PT 45, LT 840, FE 5.357 % (moderate), WIP 18. Soll: PT 30, LT 240, FE 12.5 %, WIP 7."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Wertstrom"
    ws["B2"] = "Ist-Zustand"
    ws["G2"] = "Soll-Zustand"
    header = ["Tätigkeit", "Zykluszeit (min)", "Durchlaufzeit (h)", "Bestand"]
    put(ws, "B3", [header, ["Angebot", 10, 2, 5], ["Konstruktion", 20, 8, 10], ["Freigabe", 15, 4, 3]],
        bold_first=True)
    put(ws, "G3", [header, ["Angebot", 8, 1, 2], ["Konstruktion", 12, 2, 4], ["Freigabe", 10, 1, 1]],
        bold_first=True)
    wb.save(path)


def ambiguous_units(path):
    """Bare numbers everywhere: PT (read as minutes), a second PT candidate "Cycle time"
    (ignored, ambiguous), LT whose numbers would fall below PT as minutes (read as hours,
    ambiguous), Quality 90 / 1 / 95 (the 1 read as 100 %, ambiguous).
    PT 165 min, LT 660 min, FE 25 % (good), rolled 0.9·1·0.95, CC and LD Build."""
    wb = openpyxl.Workbook()
    ws = wb.active
    put(ws, "A1", [
        ["Step", "PT", "Cycle time", "LT", "Quality"],
        ["Prepare", 30, 25, 2, 90],
        ["Build", 90, 80, 6, 1],
        ["Test", 45, 40, 3, 95],
    ])
    wb.save(path)


def units_row(path):
    """A units row under the header ([min], [h], %), an ignored "No." column, one PT as an
    Excel time cell (0:12), %C&A as Excel percentages (fractions).
    PT 25 min, LT 1320 min, FE 1.894 %, rolled 0.97·0.99·0.90."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Shipping"
    put(ws, "A1", [
        ["No.", "Step", "PT", "LT", "%C&A", "Remarks"],
        [None, None, "[min]", "[h]", "%"],
        [1, "Pick", dt.time(0, 12), 1.5, 0.97, "time cell"],
        [2, "Pack", 8, 0.5, 0.99],
        [3, "Ship", 5, 20, 0.9],
    ], bold_first=True)
    ws["C3"].number_format = "h:mm"
    for row in (3, 4, 5):
        ws.cell(row, 5).number_format = "0%"
    wb.save(path)


def budget_no_steps(path):
    """Bad: a workbook without a steps table (a budget)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    put(ws, "A1", [["Item", "Cost", "Quarter"], ["Laptops", 12000, "Q1"], ["Training", 3000, "Q2"]])
    wb.save(path)


def garbage_xlsx(path):
    """Bad: random bytes named .xlsx."""
    rng = random.Random(4)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(3000)))


def corrupt_csv(path):
    """Bad: binary content named .csv."""
    rng = random.Random(7)
    path.write_bytes(b"PK\x03\x04\x00\x00" + bytes(rng.randrange(256) for _ in range(2000)))


def unreadable_values(path):
    """Bad: a steps table whose lead time cell says "soon" (D3)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Steps"
    put(ws, "A1", [["Step", "PT (min)", "Owner", "LT (min)"], ["Draft", 30, "Ann", 60], ["Review", 20, "Bob", "soon"]])
    wb.save(path)


CORPUS = {
    "sales_order_fulfilment.xlsx": sales_order_fulfilment,
    "auftragsabwicklung_ist_soll.xlsx": auftragsabwicklung,
    "claims_team_nord.csv": claims_team_csv,
    "support_tickets.csv": support_tickets_csv,
    "state_column_order_fulfilment.xlsx": state_column,
    "inbound_macro.xlsm": macro_team_xlsm,
    "approvals_wait_times.xlsx": wait_times,
    "invoice_stacked.xlsx": stacked_tables,
    "wertstrom_nebeneinander.xlsx": side_by_side,
    "ambiguous_units.xlsx": ambiguous_units,
    "shipping_units_row.xlsx": units_row,
    "bad/budget_no_steps.xlsx": budget_no_steps,
    "bad/garbage.xlsx": garbage_xlsx,
    "bad/corrupt_export.csv": corrupt_csv,
    "bad/unreadable_values.xlsx": unreadable_values,
}


def _normalise_zip(path: Path) -> None:
    """Fixed timestamps inside the package so that re-running the script changes nothing."""
    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            if info.filename == "docProps/core.xml":
                import re
                data = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<",
                              rb"<dcterms:\1\2>2024-03-01T00:00:00Z<", data)
            target.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def main(out: Path = OUT) -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "bad").mkdir(parents=True)
    for name, make in CORPUS.items():
        make(out / name)
        _normalise_zip(out / name)
    return out


if __name__ == "__main__":
    print(f"wrote {main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)}")
