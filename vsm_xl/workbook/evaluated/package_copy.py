"""The parts of an evaluated copy, as changes over the source package: parts read only when asked
for, large worksheets patched as a stream into temporary files, and the copy written part by part,
so that a 100,000-row Steps sheet (some 170 MB of XML) is never held whole in memory."""
from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import MutableMapping

from vsm_xl.core.limits import MB
from vsm_xl.workbook.xlsx.patch import patch_sheet
from vsm_xl.workbook.xlsx.patch_stream import patch_sheet_stream

STREAM_BYTES = 1 * MB  # worksheets larger than this are patched as a stream
_ZIP64_BYTES = 256 * MB  # a part written as a stream may pass 2 GB only with ZIP64 headers


class PartsCopy(MutableMapping):
    """name -> bytes of the copy's parts: the source package's (read when asked for) with the
    changes made here; worksheets patched as a stream are in :attr:`streamed` (name -> file)."""

    def __init__(self, package):
        self.package = package
        self.changes: dict = {}
        self.removed: set = set()
        self.streamed: dict = {}
        self._sizes = {info.filename: info.file_size for info in package.infos}

    def __getitem__(self, name: str) -> bytes:
        if name in self.removed:
            raise KeyError(name)
        if name in self.changes:
            return self.changes[name]
        if name in self.streamed:
            raise KeyError(f"{name} is patched as a stream")  # no one reads a patched large sheet back
        return self.package.parts[name]

    def __setitem__(self, name: str, data: bytes) -> None:
        self.changes[name] = data
        self.removed.discard(name)
        self._close(name)

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self.changes.pop(name, None)
        self._close(name)
        self.removed.add(name)

    def __contains__(self, name) -> bool:
        return name not in self.removed and (name in self.changes or name in self.package.parts)

    def __iter__(self):
        yield from (name for name in self.package.parts if name not in self.removed)
        yield from (name for name in self.changes if name not in self.package.parts)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _close(self, name: str) -> None:
        stream = self.streamed.pop(name, None)
        if stream is not None:
            stream.close()

    def close(self) -> None:
        for name in list(self.streamed):
            self._close(name)

    def open(self, name: str):
        """A binary stream of the part as the copy holds it."""
        if name in self.streamed:
            stream = self.streamed[name]
            stream.seek(0)
            return _Unclosed(stream)
        if name in self.changes:
            return io.BytesIO(self.changes[name])
        opener = getattr(self.package.parts, "open", None)
        return opener(name) if opener is not None else io.BytesIO(self.package.parts[name])

    def patch_sheet(self, part: str, puts: dict, formulas: dict, epoch) -> None:
        """Patch a worksheet (:func:`~vsm_xl.workbook.xlsx.patch.patch_sheet`): a large one as a
        stream into a temporary file, the same bytes."""
        if self._sizes.get(part, 0) > STREAM_BYTES and part not in self.changes:
            sink = tempfile.TemporaryFile()  # no name: nothing is left behind by a killed run
            try:
                with self.open(part) as source:
                    changed = patch_sheet_stream(source, sink, puts, formulas, epoch)
            except (ValueError, IndexError, AttributeError):  # patched in memory below: the same bytes, or the same error
                sink.close()
            except BaseException:
                sink.close()
                raise
            else:
                if changed:
                    self.streamed[part] = sink
                else:
                    sink.close()
                return
        patched = patch_sheet(self[part], puts, formulas, epoch)
        if patched is not None:
            self[part] = patched


class _Unclosed(io.RawIOBase):
    """A view of a temporary file that a ``with`` block does not close (the copy still needs it)."""

    def __init__(self, stream):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def write_package(package, parts, path) -> None:
    """Write the copy: the source's parts in their order (the large ones streamed), then the parts
    added. ``parts``: a :class:`PartsCopy`, or a plain mapping of every part's bytes."""
    changes = parts.changes if isinstance(parts, PartsCopy) else parts
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for info in package.infos:
            if info.filename not in parts:
                continue
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            if info.filename in changes:
                zf.writestr(copy, changes[info.filename])
                continue
            with parts.open(info.filename) as source, \
                    zf.open(copy, "w", force_zip64=info.file_size > _ZIP64_BYTES) as target:
                shutil.copyfileobj(source, target, MB)
        known = {info.filename for info in package.infos}
        for name in parts:  # parts added to the package (the Sensitivity sheet)
            if name not in known:
                zf.writestr(name, parts[name], compress_type=zipfile.ZIP_DEFLATED)
