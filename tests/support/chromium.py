"""A real headless Chromium for the report tests (Debian package ``chromium``; scripts/test.sh
installs it). Every run gets a fresh profile and no network-bound background services.

API::

    chromium_path() -> str | None
    screenshot(html_path, png_path, *, width=1200, height=2400) -> Path
    page_errors(html_path) -> (errors: list[str], images: (decoded, total))
        # the page loaded with a recorder of window errors, failed resource loads and
        # console.error calls, read back from the DOM after the load event (--dump-dom)
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--disable-extensions", "--mute-audio")

# Put first in <head>: records errors of scripts and of resource loads (capture phase: img,
# link, script that fail to load) and console.error; after load, writes them and the number
# of decoded images into <body data-errors data-images>.
RECORDER = """<script>(function(){var errors=[];
addEventListener('error',function(e){var t=e.target||{};errors.push(e.message?String(e.message):
'failed to load '+(t.src||t.href||t.tagName||'?'))},true);
addEventListener('unhandledrejection',function(e){errors.push('unhandled rejection: '+e.reason)});
var original=console.error;console.error=function(){errors.push([].join.call(arguments,' '));
return original.apply(console,arguments)};
addEventListener('load',function(){var images=[].slice.call(document.images);
document.body.setAttribute('data-images',images.filter(function(i){return i.complete&&i.naturalWidth>0}).length+'/'+images.length);
document.body.setAttribute('data-errors',JSON.stringify(errors))})})();</script>"""


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(args, timeout: float) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="vsm-chromium-") as profile:
        return subprocess.run([chromium_path(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout)


def screenshot(html_path, png_path, *, width: int = 1200, height: int = 2400, timeout: float = 90) -> Path:
    png_path = Path(png_path)
    done = _run([f"--window-size={width},{height}", f"--screenshot={png_path}",
                 Path(html_path).resolve().as_uri()], timeout)
    if not png_path.exists():
        raise RuntimeError(f"chromium wrote no screenshot ({done.returncode}): {done.stderr[-2000:]}")
    return png_path


def page_errors(html_path, *, timeout: float = 90) -> tuple[list, tuple]:
    source = Path(html_path)
    text = source.read_text(encoding="utf-8")
    probe = source.with_name(source.stem + ".probe.html")
    probe.write_text(text.replace("<head>", "<head>" + RECORDER, 1), encoding="utf-8")
    done = _run(["--virtual-time-budget=5000", "--dump-dom", probe.resolve().as_uri()], timeout)
    errors = re.search(r'data-errors="([^"]*)"', done.stdout)
    images = re.search(r'data-images="(\d+)/(\d+)"', done.stdout)
    if errors is None or images is None:
        raise RuntimeError(f"the page did not finish loading ({done.returncode}): {done.stderr[-2000:]}")
    import html

    return json.loads(html.unescape(errors.group(1))), (int(images.group(1)), int(images.group(2)))
