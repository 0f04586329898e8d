"""Editing the parts of an .xlsx package directly, to make workbooks openpyxl cannot write
(shared formulas, text boxes, slicers, VBA) for the content-loss and patching tests."""
import zipfile


def rewrite_package(path, edit) -> None:
    """Rewrite a package in place, passing its parts ``{name: bytes}`` through ``edit``."""
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    edit(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
