"""Reading team spreadsheets of any shape into the model (``vsm-xl convert``).

sources.py (files as rows) -> header_detection.py (where the steps table is) -> tables.py
(rows into states, with vocabulary.py and cell_values.py) -> outputs.py (template workbook
and YAML) with log.py (the conversion log); run.py runs many files in parallel.
Template workbooks are read by vsm_xl.workbook.read.reader, the one template reader of every front end.
"""
