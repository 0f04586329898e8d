import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture()
def vsm_xl():
    """Run the real `vsm-xl` entry point (python -m vsm_xl) in a subprocess: exit codes and
    the stdout/stderr a user sees, error handling of main() included."""
    def run(*args, cwd=None):
        return subprocess.run([sys.executable, "-m", "vsm_xl", *map(str, args)], capture_output=True,
                              text=True, cwd=cwd, timeout=120)
    return run
