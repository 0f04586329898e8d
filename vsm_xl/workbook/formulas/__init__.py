"""the native formula text the template writes (and the reader recognises)

Imports nothing at package level."""
