"""The fuzz run: mutated workbooks, team sheets and YAML models through load, evaluate,
evaluate -o, convert and portfolio, in-process. Each must succeed or fail with a VsmError that
names a cell, sheet, part or the file; never another exception, never a change to the input.

    python -m tests.fuzz.run [--cases 1200] [--seed 11] [--jobs 2] [--keep DIR]

Prints ``tried, succeeded, refused, other``; exits 1 when ``other`` is not 0, after copying
every failing case into ``tests/data/fuzz_regressions/`` (replayed by
``tests/fuzz/test_fuzz_regressions.py``, so a case that ever failed is tried in every run).
"""
from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REGRESSIONS = ROOT / "tests" / "data" / "fuzz_regressions"
TIME_BOUND = 20  # seconds per case; more is a failure ("other")

# what each case is made from: (kind, seed file), in the proportions of the run
SEEDS = (
    ("workbook", ROOT / "examples" / "claims_handling.xlsx"),
    ("workbook", ROOT / "examples" / "order_fulfillment.xlsx"),
    ("workbook", "combined.xlsx"),  # written at the start of the run: every sheet filled
    ("workbook", ROOT / "examples" / "claims_handling.xlsx"),
    ("team", ROOT / "tests" / "data" / "team_sheets" / "claims_team_nord.csv"),
    ("team", ROOT / "tests" / "data" / "team_sheets" / "invoice_stacked.xlsx"),
    ("team", ROOT / "tests" / "data" / "team_sheets" / "sales_order_fulfilment.xlsx"),
    ("yaml", ROOT / "examples" / "claims_handling.yaml"),
    ("yaml", ROOT / "examples" / "order_fulfillment.yaml"),
    ("team", ROOT / "tests" / "data" / "team_sheets" / "auftragsabwicklung_ist_soll.xlsx"),
)


class Timeout(BaseException):
    """A case ran past TIME_BOUND."""


def _alarm(signum, frame):  # noqa: ARG001
    raise Timeout()


def build_seeds(folder: Path) -> dict:
    """The seed files' bytes, by name (the combined workbook written once, here)."""
    from dataclasses import replace

    from vsm_xl.io.yaml_io import read_yaml
    from vsm_xl.workbook.writer import write_template

    order = read_yaml(ROOT / "examples" / "order_fulfillment.yaml")
    claims = read_yaml(ROOT / "examples" / "claims_handling.yaml")
    write_template(folder / "combined.xlsx", replace(order, evaluation=claims.evaluation))
    seeds = {}
    for _, seed in SEEDS:
        path = seed if isinstance(seed, Path) else folder / seed
        seeds[str(seed)] = (path.name, path.read_bytes())
    return seeds


def make_case(seeds: dict, seed: int, index: int) -> tuple[str, str, bytes, str]:
    """``(kind, file name, bytes, what was done)`` of case ``index``."""
    from tests.fuzz.mutate import mutate_csv, mutate_package, mutate_yaml

    rng = random.Random(f"{seed}-{index}")
    kind, source = SEEDS[index % len(SEEDS)]
    name, data = seeds[str(source)]
    suffix = Path(name).suffix
    if suffix == ".csv":
        data, said = mutate_csv(rng, data)
    elif suffix == ".yaml":
        data, said = mutate_yaml(rng, data)
    else:
        data, said = mutate_package(rng, data)
    return kind, f"{kind}-{seed}-{index}{suffix}", data, f"{name}: {said}"


def _named(exc) -> bool:
    """A refusal that says where, by its structured location (the file, a part, a sheet, a
    cell or a YAML path), never by words in its message."""
    if getattr(exc, "location", None):
        return True
    problems = getattr(exc, "problems", ())
    return bool(problems) and all(p.location for p in problems)


def run_case(kind: str, path: Path, out: Path, rng: random.Random) -> tuple[str, str]:
    """Every operation that applies to the file: ``("ok" | "refused" | "other", detail)``.
    ``other``: an exception that is not a VsmError, a VsmError naming nothing, a time-out."""
    from vsm_xl.core.errors import VsmError

    outcomes = []

    def attempt(label, function):
        try:
            result = function()
            outcomes.append(("ok", label))
            return result
        except VsmError as exc:
            # convert and portfolio name the file in their log and table: the reason may be the file's
            if label not in ("convert", "portfolio") and not _named(exc):
                outcomes.append(("other", f"{label}: VsmError naming nothing: {str(exc)[:300]}"))
            else:
                outcomes.append(("refused", label))
        except Timeout:
            outcomes.append(("other", f"{label}: over {TIME_BOUND} s"))
            raise
        except Exception as exc:  # noqa: BLE001 - exactly what the fuzz run looks for
            tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
            outcomes.append(("other", f"{label}: {type(exc).__name__}: {str(exc)[:200]}\n{''.join(tb[-6:])}"))
        return None

    try:
        if kind in ("workbook", "yaml"):
            import vsm_xl
            from vsm_xl.cli.common import load_and_analyze

            attempt("load", lambda: vsm_xl.load(path))
            loaded = attempt("evaluate", lambda: load_and_analyze(path))
            if loaded is not None:
                from vsm_xl.cli.evaluate_cmd import _render

                fmt = rng.choice(("table", "json", "yaml", "md"))
                attempt(f"evaluate --format {fmt}", lambda: _render(loaded, fmt))
            if loaded is not None and (kind == "workbook" or rng.random() < 0.15):
                from vsm_xl.cli.evaluate_cmd import _write_evaluated

                attempt("evaluate -o", lambda: _write_evaluated(loaded, out / "evaluated.xlsx"))
                if outcomes[-1] == ("ok", "evaluate -o"):
                    attempt("evaluated copy well-formed", lambda: _well_formed(out / "evaluated.xlsx"))
        if kind == "yaml" and loaded is not None:
            attempt("new --from", lambda: _new_from(loaded, out / "new.xlsx"))
            if outcomes[-1] == ("ok", "new --from"):
                attempt("new --from well-formed", lambda: _well_formed(out / "new.xlsx"))
                attempt("new --from reads back", lambda: _same_names(loaded, out / "new.xlsx"))
        if kind in ("workbook", "team"):
            from vsm_xl.portfolio.collect import analysis_of

            attempt("portfolio", lambda: analysis_of(path))
        if kind == "team" or (kind == "workbook" and rng.random() < 0.1):
            attempt("convert", lambda: _convert(path, out, write=rng.random() < 0.3))
    except Timeout:
        pass
    worst = next((o for o in outcomes if o[0] == "other"), None)
    if worst:
        return worst
    return ("refused", "") if any(o[0] == "refused" for o in outcomes) else ("ok", "")


def _new_from(loaded, target: Path) -> None:
    from vsm_xl.workbook.writer import write_template

    write_template(target, loaded.stream)


def _same_names(loaded, path: Path) -> None:
    """A workbook `new --from` wrote reads back with the same step and indicator names: a name
    means the same thing in every reader and writer (or is refused when written)."""
    import vsm_xl

    again = vsm_xl.load(path)

    def names(stream):
        steps = [step.name for state in stream.states for step in state.steps]
        return steps, [i.name for i in stream.evaluation.indicators] if stream.evaluation else []

    if names(again) != names(loaded.stream):
        raise AssertionError(f"names changed on the way through the workbook: {names(loaded.stream)} -> {names(again)}")


def _well_formed(path: Path) -> bool:
    """Every XML part of an evaluated copy is well-formed; a damaged one is a fault of vsm_xl
    ("other"), so not a VsmError."""
    import zipfile

    from vsm_xl.core.errors import VsmError
    from vsm_xl.workbook.xlsx.scan import check_well_formed

    with zipfile.ZipFile(path) as zf:
        try:
            check_well_formed(path, {name: zf.read(name) for name in zf.namelist()})
        except VsmError as exc:
            raise AssertionError(f"the evaluated copy is damaged: {exc}") from None
    return True


def _convert(path: Path, out: Path, write: bool):
    """What ``vsm-xl convert`` does with one file (its writing in some of the cases: it is the
    same template writer whatever the input, and the slowest part)."""
    from vsm_xl.convert.log import FAILED, FileLog
    from vsm_xl.core.errors import VsmError
    from vsm_xl.convert.run import _template_stream, plan_jobs, stage_job
    from vsm_xl.convert.sources import open_source
    from vsm_xl.convert.tables import read_stream
    from vsm_xl.io.atomic import discard

    if write:
        job = plan_jobs([(path, path.name)], out)[0]
        log, pairs = stage_job(job, force=True)  # a crash of vsm_xl's code raises (counted as "other")
        discard(*(tmp for tmp, _ in pairs))
        if log.status == FAILED:  # refused (its reason in the log), not succeeded
            raise VsmError(log.reason or "convert failed")
        return log
    log = FileLog(path.name)
    return _template_stream(path, log) or read_stream(open_source(path), log)


_SEEDS: dict = {}


def _init(seeds):
    _SEEDS.update(seeds)
    signal.signal(signal.SIGALRM, _alarm)


def work(task) -> tuple[int, str, str, str]:
    """One case in a worker: ``(index, outcome, detail, file name)``; failing cases are written
    to the regressions folder by the parent."""
    seed, index = task
    kind, name, data, said = make_case(_SEEDS, seed, index)
    with tempfile.TemporaryDirectory(prefix="vsm-fuzz-") as tmp:
        folder = Path(tmp)
        path = folder / name
        path.write_bytes(data)
        out = folder / "out"
        out.mkdir()
        digest = hashlib.sha256(data).hexdigest()
        signal.alarm(TIME_BOUND)
        try:
            outcome, detail = run_case(kind, path, out, random.Random(f"ops-{seed}-{index}"))
        finally:
            signal.alarm(0)
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            outcome, detail = "other", "the input file was changed"
    return index, outcome, f"{said}\n{detail}" if detail else said, name


def replay(path: Path) -> tuple[str, str]:
    """A regression file through every operation of its kind."""
    kind = {".csv": "team", ".yaml": "yaml", ".yml": "yaml", ".json": "yaml"}.get(path.suffix, None)
    if kind is None:
        kind = path.name.split("-", 1)[0] if path.name.split("-", 1)[0] in ("workbook", "team") else "workbook"
    with tempfile.TemporaryDirectory(prefix="vsm-fuzz-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        out = Path(tmp) / "out"
        out.mkdir()
        outcome, detail = run_case(kind, copy, out, random.Random(0))
        if kind in ("workbook", "team") and outcome != "other":  # replays do everything
            outcome2, detail2 = _everything(kind, copy, out)
            if outcome2 == "other":
                outcome, detail = outcome2, detail2
        if copy.read_bytes() != path.read_bytes():
            return "other", "the input file was changed"
    return outcome, detail


def _everything(kind, path, out):
    from vsm_xl.core.errors import VsmError

    try:
        _convert(path, out, write=True)
    except VsmError:
        return "refused", ""
    except Exception as exc:  # noqa: BLE001
        return "other", f"convert: {type(exc).__name__}: {exc}"
    return "ok", ""


def _signature(detail: str) -> str:
    """What kind of failure: the operation, the exception and the last line of ours it passed."""
    lines = detail.splitlines()
    head = lines[1] if len(lines) > 1 else detail
    frames = [line for line in lines if 'File "' in line and "/vsm_xl/" in line]
    return head.split(":")[0] + "|" + head.split(":")[1].strip() if ":" in head else head \
        + ("|" + frames[-1].strip() if frames else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--first", type=int, default=0, help="index of the first case")
    parser.add_argument("--no-keep", action="store_true", help="do not copy failing cases to the regressions")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vsm-fuzz-seeds-") as tmp:
        seeds = build_seeds(Path(tmp))
    counts = {"ok": 0, "refused": 0, "other": 0}
    failures = []
    tasks = [(args.seed, i) for i in range(args.first, args.first + args.cases)]
    if args.jobs <= 1:
        _init(seeds)
        results = map(work, tasks)
        pool = None
    else:
        context = multiprocessing.get_context("fork") if hasattr(os, "fork") else multiprocessing.get_context()
        pool = context.Pool(args.jobs, initializer=_init, initargs=(seeds,), maxtasksperchild=200)
        results = pool.imap_unordered(work, tasks, chunksize=4)
    try:
        for index, outcome, detail, name in results:
            counts[outcome] += 1
            if outcome == "other":
                failures.append((index, name, detail))
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    kept = set()
    for index, name, detail in sorted(failures):
        _, _, data, _ = make_case(seeds, args.seed, index)
        signature = _signature(detail)
        where = "same failure as a case kept"
        if signature not in kept and not args.no_keep:  # one regression file per kind of failure
            kept.add(signature)
            REGRESSIONS.mkdir(parents=True, exist_ok=True)
            (REGRESSIONS / name).write_bytes(data)
            where = f"kept in {REGRESSIONS.relative_to(ROOT)}"
        print(f"FAILED case {index} ({name}, {where}): {detail}", file=sys.stderr)
    tried = sum(counts.values())
    print(f"fuzz: tried {tried}, succeeded {counts['ok']}, refused {counts['refused']}, other {counts['other']} "
          f"(seed {args.seed}, {time.perf_counter() - started:.0f} s)")
    return 1 if counts["other"] else 0


if __name__ == "__main__":
    sys.exit(main())
