"""The package's version, in a module of its own so that the modules which print it (the HTML
report, ``vsm-xl --version``) import it without importing the package's front door
(``vsm_xl/__init__`` imports the API, which imports them)."""

__version__ = "0.1.0"
