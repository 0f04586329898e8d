"""A map drawing (:mod:`vsm_xl.io.map_drawing`) rendered by matplotlib: the same shapes as the
SVG, as a PNG of the drawing's size in pixels (at ``scale`` 1) for slides and documents."""
from __future__ import annotations

import io

from vsm_xl.core.errors import VsmError
from vsm_xl.io.map_drawing import Drawing

PX_TO_PT = 0.72  # at 100 dpi one pixel is 0.72 points


def _figure(drawings, scale: float):
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon, Rectangle
    from matplotlib.patheffects import withStroke

    from vsm_xl.io.map_svg import STACK_GAP

    width = max(d.width for d in drawings)
    height = sum(d.height for d in drawings) + STACK_GAP * (len(drawings) - 1)
    figure = Figure(figsize=(width / 100, height / 100), dpi=100 * scale)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(height, 0)
    axes.axis("off")
    dy = 0.0
    for drawing in drawings:
        for group in drawing.groups:
            for shape in group.shapes:
                line = {"edgecolor": shape.stroke if shape.stroke != "none" else "none",
                        "facecolor": shape.fill if shape.fill != "none" else "none",
                        "linewidth": shape.width * PX_TO_PT}
                if shape.kind == "rect":
                    (x, y), (w, h) = shape.points
                    axes.add_patch(Rectangle((x, y + dy), w, h, **line))
                elif shape.kind in ("polygon", "polyline"):
                    points = [(x, y + dy) for x, y in shape.points]
                    axes.add_patch(Polygon(points, closed=shape.kind == "polygon", **line))
                else:
                    (x, y), = shape.points
                    axes.text(x, y + dy, shape.text, fontsize=shape.size * PX_TO_PT, color=shape.fill,
                              ha={"start": "left", "end": "right"}.get(shape.anchor, "center"), va="baseline",
                              fontweight="bold" if shape.bold else "normal", family="DejaVu Sans",
                              path_effects=[withStroke(linewidth=3 * PX_TO_PT, foreground="#ffffff")]
                              if shape.halo else None)
        dy += drawing.height + STACK_GAP
    return figure


def png_bytes(drawings, *, scale: float = 1.0) -> bytes:
    """PNG of ``drawings`` stacked top to bottom: (width x height) pixels times ``scale``."""
    listed: list[Drawing] = list(drawings)
    if not listed:
        raise VsmError("no state with steps to draw")
    buffer = io.BytesIO()
    _figure(listed, scale).savefig(buffer, format="png", metadata={"Software": "vsm-xl"})
    return buffer.getvalue()
