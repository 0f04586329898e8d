"""One row per value stream and state across many workbooks (vsm-xl portfolio), and its outputs: a
workbook, Parquet, CSV, JSON.

Imports nothing at package level."""
