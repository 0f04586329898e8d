"""the file itself: the zip package read once, sheet XML scanned against the budgets, cell grids,
cell value types, sheet XML patched in place

Imports nothing at package level."""
