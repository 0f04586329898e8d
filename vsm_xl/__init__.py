"""vsm_xl: value stream mapping and the comprehensive evaluation of value streams.

The pure method lives in :mod:`vsm_xl.core`; :mod:`vsm_xl.udfs` exposes it as Excel cell
functions; the workbook, YAML and CLI modules are thin adapters around it.

``__all__`` is the public API of the package (listed in docs/api.md and checked by
tests/test_public_api.py); :mod:`vsm_xl.core` has its own list.
"""
from vsm_xl.core.errors import ValidationError, VsmError
from vsm_xl.core.flows import InformationFlow, MaterialFlow, Partner, ProductionControl, Shipment

from vsm_xl.core.version import __version__


def load(path, *, budgets=None):
    """Load a value stream model from an .xlsx workbook or a .yaml/.json file. ``budgets``: a
    dict of limits to change for this call (``{"max_rows": 250_000}``; see
    :class:`vsm_xl.core.limits.Budgets`)."""
    from vsm_xl.api import load as _load

    return _load(path, budgets=budgets)


def evaluate(stream_or_path, *, budgets=None):
    """Analyse a value stream (a ValueStream, a workbook/YAML/JSON path or a dict); returns a
    :class:`vsm_xl.api.Result` with the results as pandas DataFrames. ``budgets``: as for
    :func:`load`."""
    from vsm_xl.api import evaluate as _evaluate

    return _evaluate(stream_or_path, budgets=budgets)


def map_svg(source, *, state=None):
    """The value stream map of every state (current first) or of ``state`` as SVG text;
    ``source`` as for :func:`evaluate`."""
    from vsm_xl.api import map_svg as _map_svg

    return _map_svg(source, state=state)


def map_png(source, path=None, *, state=None, scale=1.0):
    """The same map as :func:`map_svg` as PNG bytes, written to ``path`` when given."""
    from vsm_xl.api import map_png as _map_png

    return _map_png(source, path, state=state, scale=scale)


def mine(log, **options):
    """Measure the current state from an event log (.csv, .xlsx, .xes) and write it
    (``output=``) or refresh a workbook with it (``refresh=``); returns a
    :class:`vsm_xl.api.Mined`. Options as :func:`vsm_xl.api.mine`."""
    from vsm_xl.api import mine as _mine

    return _mine(log, **options)


__all__ = ["InformationFlow", "MaterialFlow", "Partner", "ProductionControl", "Shipment", "ValidationError",
           "VsmError", "__version__", "evaluate", "load", "map_png", "map_svg", "mine"]
