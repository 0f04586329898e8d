"""The template workbook: its layout, building it, reading it in batch mode and writing
evaluated copies.

- :func:`vsm_xl.workbook.read.reader.read_workbook` -> ``WorkbookRead`` (stream, warnings, locate)
- :func:`vsm_xl.workbook.writer.write_template`, :func:`vsm_xl.workbook.writer.write_evaluated`

Imports nothing at package level: openpyxl loads only when a workbook is read or written.
"""
