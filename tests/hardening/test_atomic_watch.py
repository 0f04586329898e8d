"""The rename is atomic (issue 21, 9): a reader watching the target while outputs are written
over it only ever sees the old or the new complete file, never a missing, empty or partial one.
(The other tests only checked that no temporary file was left: a copy-and-unlink in place of
``os.replace`` passed them.)"""
from __future__ import annotations

import threading
import time

from vsm_xl.io.atomic import atomic_path, write_text_atomic

SIZE = 4 << 20  # large enough that a non-atomic copy is seen half-written


def _watch(path, versions: set, stop: threading.Event, seen: list, bad: list) -> None:
    while not stop.is_set():
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            bad.append("missing")
            continue
        if data in versions:
            seen.append(data[:1])
        else:
            bad.append(f"{len(data)} bytes, starting {data[:1]!r}")


def test_a_watcher_sees_only_complete_files(tmp_path):
    target = tmp_path / "out.bin"
    old, new = b"A" * SIZE, b"B" * (SIZE + 4096)
    target.write_bytes(old)
    stop, seen, bad = threading.Event(), [], []
    watcher = threading.Thread(target=_watch, args=(target, {old, new}, stop, seen, bad), daemon=True)
    watcher.start()
    try:
        for k in range(30):
            with atomic_path(target) as tmp:
                with open(tmp, "wb") as f:  # written in pieces, as the workbook writers do
                    content = new if k % 2 == 0 else old
                    for start in range(0, len(content), 1 << 18):
                        f.write(content[start:start + (1 << 18)])
            time.sleep(0.002)
    finally:
        stop.set()
        watcher.join(10)
    assert not bad, bad[:5]
    assert {b"A", b"B"} <= set(seen)  # the watcher saw both versions: it was watching
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_watcher_sees_only_complete_text(tmp_path):
    target = tmp_path / "out.yaml"
    old, new = "a: 1\n" * (SIZE // 5), "b: 2\n" * (SIZE // 5 + 100)
    target.write_text(old)
    stop, seen, bad = threading.Event(), [], []
    watcher = threading.Thread(target=_watch, args=(target, {old.encode(), new.encode()}, stop, seen, bad),
                               daemon=True)
    watcher.start()
    try:
        for k in range(20):
            write_text_atomic(target, new if k % 2 == 0 else old)
            time.sleep(0.002)
    finally:
        stop.set()
        watcher.join(10)
    assert not bad, bad[:5]
    assert {b"a", b"b"} <= set(seen)
