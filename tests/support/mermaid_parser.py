"""Mermaid's own parser in tests: ``mermaid.parse`` of the npm ``mermaid`` package under Node
with jsdom (tests/support/node; ``npm ci`` there installs it, scripts/test.sh does so). The
Mermaid CLI is not used: it downloads a Chromium through puppeteer.

API::

    parser_available() -> str | None   # why not, or None when it runs
    parse_mermaid([text, ...]) -> [{"ok": bool, "type" | "error": str, "config": dict}, ...]
    # config: what the diagram's own %%{init: ...}%% directives set ({} for none)
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

NODE_DIR = Path(__file__).resolve().parent / "node"


def parser_available() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (NODE_DIR / "node_modules" / "mermaid").is_dir() or not (NODE_DIR / "node_modules" / "jsdom").is_dir():
        return f"the npm packages are not installed (run: npm ci --prefix {NODE_DIR})"
    return None


def parse_mermaid(texts, timeout: float = 120) -> list[dict]:
    """Every diagram parsed by Mermaid in one Node process."""
    done = subprocess.run(["node", str(NODE_DIR / "mermaid_parse.mjs")], input=json.dumps(list(texts)),
                          capture_output=True, text=True, timeout=timeout, cwd=NODE_DIR)
    if done.returncode != 0:
        raise RuntimeError(f"node failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)
