"""reading a workbook into the model: the template reader, the team sheets, the Estimates sheet

Imports nothing at package level."""
