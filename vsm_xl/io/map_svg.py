"""A map drawing (:mod:`vsm_xl.io.map_drawing`) as SVG text, written by hand: no dependency,
every piece of user text escaped, each group's class kept (``<g class="process-box">``)."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from vsm_xl.io.map_drawing import Drawing, Shape, state_drawings

FONT_FAMILY = "DejaVu Sans, Segoe UI, Helvetica, Arial, sans-serif"
STACK_GAP = 24  # between the maps of several states in one SVG


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _points(points) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _paint(shape: Shape) -> str:
    text = f'fill="{shape.fill}" stroke="{shape.stroke}"'
    if shape.stroke != "none":
        text += f' stroke-width="{_n(shape.width)}"'
    if shape.dash:
        text += f' stroke-dasharray="{shape.dash}"'
    return text


def _shape(shape: Shape) -> str:
    if shape.kind == "rect":
        (x, y), (w, h) = shape.points
        return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" {_paint(shape)}/>'
    if shape.kind in ("polygon", "polyline"):
        return f'<{shape.kind} points="{_points(shape.points)}" {_paint(shape)}/>'
    (x, y), = shape.points
    weight = ' font-weight="bold"' if shape.bold else ""
    halo = ' stroke="#ffffff" stroke-width="3" paint-order="stroke"' if shape.halo else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(shape.size)}" text-anchor="{shape.anchor}" '
            f'fill="{shape.fill}"{weight}{halo}>{escape(shape.text)}</text>')


def _body(drawing: Drawing, dy: float = 0) -> list[str]:
    state = quoteattr(drawing.title)
    lines = [f'<g class="state-map" data-state={state} transform="translate(0,{_n(dy)})">']
    for group in drawing.groups:
        lines.append(f"<g class={quoteattr(group.cls)}>")
        if group.title:
            lines.append(f"<title>{escape(group.title)}</title>")
        lines += [_shape(s) for s in group.shapes]
        lines.append("</g>")
    lines.append("</g>")
    return lines


def svg_text(drawings) -> str:
    """One SVG document holding ``drawings`` stacked top to bottom (one is the usual case)."""
    drawings = list(drawings)
    width = max((d.width for d in drawings), default=200)
    height = sum(d.height for d in drawings) + STACK_GAP * max(len(drawings) - 1, 0) or 60
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
             f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT_FAMILY}">',
             f'<rect class="background" x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>']
    if not drawings:
        lines.append('<text x="16" y="30" font-size="13">No states with steps to draw.</text>')
    y = 0.0
    for drawing in drawings:
        lines += _body(drawing, y)
        y += drawing.height + STACK_GAP
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def map_svg_text(analysis, *, state: str | None = None) -> str:
    """The maps of ``analysis``'s states (or of one named ``state``) as one SVG document."""
    return svg_text(state_drawings(analysis, state=state))
