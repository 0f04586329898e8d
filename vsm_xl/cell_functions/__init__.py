"""What the VSM_* cell functions (vsm_xl.udfs, which xlwings users import) share: reading cells,
the shapes of ranges, errors as one line of text, the weighting functions' helpers, numpy for
large blocks where installed.

Imports nothing at package level."""
