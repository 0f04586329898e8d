"""the evaluated copy: the result cells and their figures, the saved results, the marks, the sheets
added as new parts (Checklist, Sensitivity), what a library would drop kept

Imports nothing at package level."""
