"""where every table, label and style of the template is; page set-up for print

Imports nothing at package level."""
