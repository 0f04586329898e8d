"""Running Python in Pyodide (the Python of xlwings Lite) under Node, from local files only:
the npm package ``pyodide`` pinned in tests/pyodide/package.json (``npm ci`` there; the test
script does it), a wheel of this checkout and the pure-Python xlwings wheel."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "pyodide"
DRIVER = FOLDER / "run_python.mjs"
PACKAGE = FOLDER / "node_modules" / "pyodide"


def unavailable_reason() -> str | None:
    """Why Pyodide cannot run here (no node, npm package not installed), or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (PACKAGE / "pyodide.asm.wasm").exists():
        return f"the npm package pyodide is not installed (run: npm ci --prefix {FOLDER})"
    return None


def python_version() -> str:
    """Pyodide's Python as ``major.minor`` (from the package's lock file), for the wheel tags."""
    info = json.loads((PACKAGE / "pyodide-lock.json").read_text())["info"]
    return ".".join(info["python"].split(".")[:2])


def pyodide_version() -> str:
    return json.loads((PACKAGE / "package.json").read_text())["version"]


def run(code: str, wheels, files=None, timeout: float = 300) -> str:
    """The value of the last expression of ``code`` (a string), run in a fresh Pyodide with
    ``wheels`` installed and ``files`` ({name: path}) in its working folder."""
    job = {"wheels": [str(Path(w).resolve()) for w in wheels],
           "files": {name: str(Path(path).resolve()) for name, path in (files or {}).items()},
           "code": code}
    with tempfile.TemporaryDirectory() as folder:
        job_file = Path(folder) / "job.json"
        job_file.write_text(json.dumps(job))
        result = subprocess.run(["node", str(DRIVER), str(job_file)], capture_output=True, text=True,
                                timeout=timeout, cwd=FOLDER)
    if result.returncode != 0:
        raise RuntimeError(f"Pyodide run failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    return result.stdout
