"""Time and peak memory of every refusal of a hostile file (issue 11), and of converting a
100,000-row team sheet, each a real `vsm-xl` command in its own process (wall time and
ru_maxrss of that process), against a baseline measured in the same run: `vsm-xl evaluate` of
the bundled example workbook.

Targets: every refusal under 2 s and under 300 MB and ending in `Error:` or a "not converted"
line (exit code 1), never a traceback; the 100,000-row convert under 300 MB.

    python benchmarks/bench_hardening.py [--rows 100000] [--skip-big-convert]
"""
from __future__ import annotations

import argparse
import io
import shutil
import struct
import sys
import tempfile
import zipfile
from pathlib import Path

from common import EXAMPLES, ROOT, verdict

sys.path.insert(0, str(ROOT))
from tests.hardening.big_sheets import many_rows_xlsx, measured  # noqa: E402  (the tests' reproducers)

MB = 1024 * 1024


def run(args, cwd) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, the line saying why) of ``vsm-xl args``."""
    seconds, peak, code, out = measured(args, cwd)
    lines = [line for line in out.strip().splitlines() if line.strip()]
    last = next((line for line in lines if line.startswith("Error:") or "budget" in line),
                next((line for line in lines if ": " in line and "Not converted" not in line and "Not read" not in line),
                     lines[-1] if lines else ""))
    if "Traceback" in out:
        last = "TRACEBACK " + (lines[-1] if lines else "")
    return seconds, peak, code, last.strip()


# -- hostile files -----------------------------------------------------------------------------

def zip_bomb(path: Path, expanded: int = 1024 * MB) -> None:
    """A workbook whose first sheet expands to ``expanded`` bytes (about 1 MB compressed)."""
    with zipfile.ZipFile(EXAMPLES / "order_fulfillment.xlsx") as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        sheet = next(n for n in src.namelist() if n.startswith("xl/worksheets/sheet"))
        for info in src.infolist():
            if info.filename == sheet:
                continue
            out.writestr(info, src.read(info))
        chunk = b" " * (16 * MB)
        entry = zipfile.ZipInfo(sheet)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with out.open(entry, "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                       b'spreadsheetml/2006/main"><sheetData>')
            for _ in range(expanded // len(chunk)):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")


def alias_bomb(path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 10) + "]")
    lines.append("value_stream: {name: *a8, current_state: {kind: *a8, steps: []}}")
    path.write_text("\n".join(lines) + "\n")


def deep(path: Path) -> None:
    path.write_text('{"value_stream": {"name": ' + "[" * 500 + "]" * 500 + "}}\n")


def long_value(path: Path) -> None:
    path.write_text(f"value_stream:\n  name: x\n  current_state:\n    kind: {'Q' * 20_000_000}\n    steps: []\n")


def team_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("Step;Owner;Process time;Lead time;%C&A;Inventory;Notes\n")
        for i in range(rows):
            f.write(f"Step {i};Team {i % 7};{1 + i % 60} min;{1 + i % 48} h;{80 + i % 21} %;{i % 500};note {i}\n")


def corrupt_deflate(path: Path) -> None:
    raw = bytearray((EXAMPLES / "order_fulfillment.xlsx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = max((i for i in zf.infolist() if i.filename.startswith("xl/worksheets/")), key=lambda i: i.compress_size)
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
    raw[info.header_offset + 30 + name_len + extra_len] = 0xFF  # invalid deflate block type
    path.write_bytes(bytes(raw))


def damaged_array_range(path: Path) -> None:
    with zipfile.ZipFile(EXAMPLES / "claims_handling.xlsx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        done = False
        for info in src.infolist():
            data = src.read(info)
            if not done and b't="array"' in data:
                text = data.decode()
                j = text.index('ref="', text.index('t="array"')) + 5
                data = (text[:j] + "ZZZZ" + text[text.index('"', j):]).encode()
                done = True
            out.writestr(info, data)


def duplicate_part(path: Path) -> None:
    import warnings

    shutil.copy(EXAMPLES / "claims_handling.xlsx", path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "a") as zf:
            zf.writestr("xl/workbook.xml", b"<workbook/>")


def many_steps_yaml(path: Path, steps: int) -> None:
    """A model of ``steps`` steps (more than the rows budget), written line by line."""
    with path.open("w", encoding="utf-8") as f:
        f.write('value_stream:\n  name: "Many steps"\n  current_state:\n    steps:\n')
        for i in range(steps):
            f.write(f'      - {{name: "Step {i}", process_time_minutes: {1 + i % 60}, lead_time_hours: {1 + i % 48}}}\n')


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-big-convert", action="store_true")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="vsm-bench-hardening-") as tmp:
        d = Path(tmp)
        print("making the hostile files...", flush=True)
        zip_bomb(d / "bomb.xlsx")
        alias_bomb(d / "laughs.yaml")
        deep(d / "deep.yaml")
        deep(d / "deep.json")
        long_value(d / "long.yaml")
        team_csv(d / "million.csv", 1_000_000)
        corrupt_deflate(d / "deflate.xlsx")
        damaged_array_range(d / "zzzz.xlsx")
        duplicate_part(d / "twice.xlsx")
        many_rows_xlsx(d / "rows3m.xlsx", 3_000_000)
        many_rows_xlsx(d / "rows3m_dim.xlsx", 3_000_000, dimension=True)
        many_rows_xlsx(d / "rows5k.xlsx", 5_000)
        many_steps_yaml(d / "steps200k.yaml", 200_000)
        cases = [
            (f"zip bomb ({(d / 'bomb.xlsx').stat().st_size / MB:.1f} MB -> 1 GiB sheet): evaluate -o",
             ["evaluate", "bomb.xlsx", "-o", "out.xlsx"]),
            ("zip bomb: convert", ["convert", "bomb.xlsx", "-o", "conv-bomb"]),
            ("zip bomb: portfolio", ["portfolio", "bomb.xlsx", "-o", "p.csv"]),
            (f"YAML alias bomb ({(d / 'laughs.yaml').stat().st_size} bytes): evaluate", ["evaluate", "laughs.yaml"]),
            ("YAML nested 500 levels: evaluate", ["evaluate", "deep.yaml"]),
            ("JSON nested 500 levels: evaluate", ["evaluate", "deep.json"]),
            ("20 MB value quoted in a message: evaluate", ["evaluate", "long.yaml"]),
            (f"1,000,000-row CSV ({(d / 'million.csv').stat().st_size / MB:.0f} MB): convert",
             ["convert", "million.csv", "-o", "conv-million"]),
            ("corrupt deflate stream: evaluate", ["evaluate", "deflate.xlsx"]),
            ("array formula range 'ZZZZ': evaluate -o", ["evaluate", "zzzz.xlsx", "-o", "out2.xlsx"]),
            ("a part twice in the package: evaluate", ["evaluate", "twice.xlsx"]),
            ("3,000,000-row sheet (195 MB of XML): evaluate", ["evaluate", "rows3m.xlsx"]),
            ("3,000,000-row sheet: convert", ["convert", "rows3m.xlsx", "-o", "conv-3m", "-j", "1"]),
            ("3,000,000-row sheet: portfolio", ["portfolio", "rows3m.xlsx", "-o", "p3m.csv"]),
            ("3,000,000-row sheet, <dimension>: evaluate", ["evaluate", "rows3m_dim.xlsx"]),
            ("3,000,000-row sheet, <dimension>: convert", ["convert", "rows3m_dim.xlsx", "-o", "conv-3md", "-j", "1"]),
            ("3,000,000-row sheet, <dimension>: portfolio", ["portfolio", "rows3m_dim.xlsx", "-o", "p3md.csv"]),
            ("3,000,000-row sheet, --max-rows 1000: convert",
             ["--max-rows", "1000", "convert", "rows3m.xlsx", "-o", "conv-3m1k", "-j", "1"]),
            ("5,000-row sheet, --max-rows 1000: evaluate", ["--max-rows", "1000", "evaluate", "rows5k.xlsx"]),
            ("5,000-row sheet, --max-rows 1000: convert",
             ["--max-rows", "1000", "convert", "rows5k.xlsx", "-o", "conv-5k", "-j", "1"]),
            ("5,000-row sheet, --max-rows 1000: portfolio",
             ["--max-rows", "1000", "portfolio", "rows5k.xlsx", "-o", "p5k.csv"]),
            (f"YAML of 200,000 steps ({(d / 'steps200k.yaml').stat().st_size / MB:.0f} MB): new --from",
             ["new", "--from", "steps200k.yaml", "-o", "steps.xlsx"]),
            ("YAML of 200,000 steps: evaluate", ["evaluate", "steps200k.yaml"]),
        ]
        shutil.copy(EXAMPLES / "claims_handling.xlsx", d / "example.xlsx")
        base_s, base_mb, base_rc, _ = run(["evaluate", "example.xlsx"], d)
        print(f"\nbaseline: vsm-xl evaluate example.xlsx                {base_s:6.2f} s  {base_mb:6.0f} MB  (exit {base_rc})\n")
        print(f"{'refusal':58} {'time':>8} {'x base':>7} {'peak':>8} {'x base':>7}  verdict  message")
        for label, argv in cases:
            seconds, peak, rc, last = run(argv, d)
            # under 2 s; on a machine too loaded for the baseline itself to take under 1 s, no slower
            # than 1.5 times the baseline (a refusal after a full evaluation, as in evaluate -o)
            fast = seconds < 2 or (base_s > 1 and seconds < 1.5 * base_s)
            good = rc == 1 and fast and peak < 300 and not last.startswith("TRACEBACK")
            ok &= good
            print(f"{label[:58]:58} {seconds:6.2f} s {seconds / base_s:6.1f}x {peak:6.0f} MB {peak / base_mb:6.1f}x  "
                  f"{verdict(good)}     {last[:110]}")
        if not args.skip_big_convert:
            print()
            team_csv(d / "small.csv", 1_000)
            team_csv(d / "big.csv", args.rows)
            small_s, small_mb, small_rc, _ = run(["convert", "small.csv", "-o", "conv-small"], d)
            big_s, big_mb, big_rc, last = run(["convert", "big.csv", "-o", "conv-big"], d)
            good = big_rc == 0 and big_mb < 300
            print(f"baseline: convert of a 1,000-row team sheet           {small_s:6.2f} s  {small_mb:6.0f} MB  (exit {small_rc})")
            print(f"convert of a {args.rows:,}-row team sheet              {big_s:6.2f} s  {big_mb:6.0f} MB  (exit {big_rc})"
                  f"  target < 300 MB: {verdict(good)}  ({big_s / small_s:.0f}x the time, {big_mb / small_mb:.1f}x the memory"
                  " of the baseline)")
            ok &= good
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
