"""One state's value stream map as a drawing description: groups of simple shapes (rectangles,
polygons, lines, texts) with the VSM conventions of "Learning to See". Pure Python; rendered to
SVG text by :mod:`vsm_xl.io.map_svg` and to PNG by :mod:`vsm_xl.report.map_png`, so that the
picture in a slide and the one in the report are the same.

Every figure is written by the one display rule (:mod:`vsm_xl.core.display`): the timeline's
numbers are the boxes' numbers, its totals those of ``vsm-xl evaluate``.

Coordinates are pixels, y downwards. Each group carries a class (``process-box``,
``inventory``, ``kaizen-burst``, ``info-arrow`` ...) that the SVG keeps, so that the drawing
can be checked from its parts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from vsm_xl.core import flows
from vsm_xl.core.display import PROCESS, WAIT, display, units_of
from vsm_xl.core.state_metrics import timeline_steps
from vsm_xl.io.formatting import num, percent, step_flags

BOX_W, TITLE_H, LINE_H, GAP = 150, 30, 15, 96
SIDE_W = 120  # the supplier's and the customer's column
MARGIN = 16
TOP = 44  # below the map's title
PARTNER_H = 88  # the saw-tooth roof and four lines of text
PARTNER_LINES = 4  # the name wraps onto the lines its figures (frequency, demand, takt) leave
BOX_Y = 200  # top of the first row of process boxes
ROW_GAP = 22
FONT = 11

INK = "#1d2733"
MUTED = "#5b6877"
ACCENT = "#1f5fa8"
CONSTRAINT = "#ff9999"
DELAY = "#ffd27f"
BURST = "#ffe14d"


@dataclass(frozen=True)
class Shape:
    """One primitive: ``rect`` (points = ((x, y), (w, h))), ``polygon``, ``polyline``
    (points in order) or ``text`` (points = ((x, y),), anchored by ``anchor``)."""

    kind: str
    points: tuple[tuple[float, float], ...]
    fill: str = "none"
    stroke: str = INK
    width: float = 1.2
    dash: str = ""  # SVG dash array, "" for solid
    text: str = ""
    size: float = FONT
    anchor: str = "middle"  # start, middle, end
    bold: bool = False
    halo: bool = False  # text over lines: drawn on a white outline so that a crossing line stays behind it


@dataclass(frozen=True)
class Group:
    cls: str
    shapes: tuple[Shape, ...]
    title: str = ""  # a tooltip (SVG <title>)


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    groups: tuple[Group, ...]
    title: str = ""


@dataclass
class _Layout:
    """Where each step's box is: column and row by flow position (parallel branches stack)."""

    columns: list[list[int]] = field(default_factory=list)
    box: dict = field(default_factory=dict)  # step index -> (x, y, w, h)

    @property
    def rows(self) -> int:
        return max((len(c) for c in self.columns), default=1)


def _text(x, y, text, **kw) -> Shape:
    return Shape("text", ((x, y),), fill=kw.pop("fill", INK), stroke="none", text=str(text), **kw)


def _rect(x, y, w, h, **kw) -> Shape:
    return Shape("rect", ((x, y), (w, h)), **kw)


def _arrow_head(x1, y1, x2, y2, size=8.0, fill=INK) -> Shape:
    angle = math.atan2(y2 - y1, x2 - x1)
    left = (x2 - size * math.cos(angle - 0.4), y2 - size * math.sin(angle - 0.4))
    right = (x2 - size * math.cos(angle + 0.4), y2 - size * math.sin(angle + 0.4))
    return Shape("polygon", ((x2, y2), left, right), fill=fill, stroke=fill, width=1)


def _columns(steps) -> list[list[int]]:
    """Step indexes per flow position (parallel branches, same ``position``, share one)."""
    columns: list[list[int]] = []
    last = object()
    for index, step in enumerate(steps):
        if step.position is not None and step.position == last:
            columns[-1].append(index)
        else:
            columns.append([index])
        last = step.position
    return columns


def _data_lines(step, rule, unit_wait, unit_process) -> list[str]:
    lines = [f"PT {display(step.process_time, PROCESS, rule, unit_process)}",
             f"WT {display(step.wait_time, WAIT, rule, unit_wait)}",
             f"LT {display(step.lead_time, WAIT, rule, unit_wait)}"]
    if step.complete_accurate is not None:
        lines.append(f"%C&A {percent(step.complete_accurate, 0)}")
    if step.owner:
        lines.append(_short(step.owner, 22))
    lines.append(f"{num(step.resources)} resource{'' if step.resources == 1 else 's'}")
    return lines


def _wrapped(text: str, limit: int, lines: int = 2) -> list[str]:
    """``text`` in up to ``lines`` lines of at most ``limit`` characters, broken between words
    (the last line shortened with an ellipsis if the text is longer still)."""
    words, out = " ".join(str(text).split()).split(" "), [""]
    for word in words:
        joined = f"{out[-1]} {word}".strip()
        if len(joined) <= limit or not out[-1]:
            out[-1] = joined
        else:
            out.append(word)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1:])]
    return [_short(line, limit) for line in out]


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


DATA_LINES = 6
DATA_H = DATA_LINES * LINE_H + 8


def _layout(state, box_y: float = BOX_Y) -> _Layout:
    layout = _Layout(columns=_columns(state.steps))
    x0 = MARGIN + SIDE_W + GAP
    for c, column in enumerate(layout.columns):
        for r, index in enumerate(column):
            layout.box[index] = (x0 + c * (BOX_W + GAP), box_y + r * (TITLE_H + DATA_H + ROW_GAP), BOX_W, TITLE_H)
    return layout


def improvement_steps(improvement) -> tuple[str, ...]:
    """The steps an improvement changes: its ``steps`` (a field or the model's extra key
    ``steps``/``step``: a list or ``A; B``)."""
    value = getattr(improvement, "steps", None)
    if not value:
        extra = dict(improvement.extra)
        value = extra.get("steps", extra.get("step"))
    if not value:
        return ()
    if isinstance(value, str):
        value = value.split(";")
    return tuple(" ".join(str(v).split()) for v in value if str(v).strip())


def kaizen_bursts(stream, state) -> list[tuple[int, int, str]]:
    """(step index, improvement number, improvement name) for each step of ``state`` that an
    improvement of this state changes (an improvement naming no states belongs to every state
    but the current one). Numbered as the improvement plan's rows (1, 2, ...)."""
    bursts = []
    for number, improvement in enumerate(stream.improvements, 1):
        belongs = state.name in improvement.states if improvement.states else state.kind != "current"
        if not belongs:
            continue
        for name in improvement_steps(improvement):
            for index, step in enumerate(state.steps):
                if step.name == name:
                    bursts.append((index, number, improvement.name))
    return bursts


def map_drawing(stream, state, summary=None, takt=None, *, unit_wait=None, unit_process=None,
                inventory_days=()) -> Drawing:
    """The map of ``state`` of ``stream``. ``summary`` (its StateSummary) gives the timeline's
    totals as ``vsm-xl evaluate`` computes them; ``takt`` (minutes) is shown with the customer;
    ``inventory_days`` (per step, None where unknown) under the triangles.
    ``unit_wait``/``unit_process`` fix the units (the workbook's display setting)."""
    rule = stream.duration_rule
    # without partners or production control the boxes move up (room for the bursts only)
    top_band = (stream.customer, stream.supplier, stream.demand, state.production_control)
    box_y = BOX_Y if any(x is not None for x in top_band) else TOP + 36
    layout = _layout(state, box_y)
    n = len(layout.columns)
    right = MARGIN + SIDE_W + GAP + n * (BOX_W + GAP)  # the customer's column starts here
    width = right + SIDE_W + MARGIN
    rows_bottom = box_y + layout.rows * (TITLE_H + DATA_H + ROW_GAP) - ROW_GAP
    timeline_y = rows_bottom + 44
    height = timeline_y + 96
    groups: list[Group] = [Group("map-title", (_text(MARGIN, 24, state.name + (f" ({state.kind} state)"
                                                                                  if state.kind in ("current", "future")
                                                                                  else ""),
                                                       anchor="start", size=15, bold=True),))]
    anchors: dict[str, tuple[float, float, float, float]] = {}
    groups += _partners(stream, takt, rule, right, anchors)
    groups += _production_control(state, width, anchors)
    flags = step_flags(state)
    for index, step in enumerate(state.steps):
        x, y, w, h = layout.box[index]
        anchors.setdefault(step.name, (x, y, w, h))
        groups.append(_process_box(step, flags[index], x, y, rule, unit_wait, unit_process))
        days = inventory_days[index] if index < len(inventory_days) else None
        groups += _inflow(state, layout, index, days)
    groups += _shipments(stream, layout, right)
    groups += _information(state, anchors, {step.name for step in state.steps})
    groups += _bursts(stream, state, layout)
    groups += _timeline(state, layout, summary, rule, timeline_y, right, unit_wait, unit_process)
    return Drawing(width, height, tuple(groups), title=state.name)


def _factory(x, y, w, h, cls, lines, title) -> Group:
    """The partner icon: a box with a saw-tooth roof, its lines of text inside."""
    roof = y + 18
    teeth = [(x, roof)]
    step = w / 3
    for k in range(3):
        teeth += [(x + k * step, y), (x + (k + 1) * step, roof)]
    shapes = [Shape("polygon", tuple(teeth) + ((x + w, y + h), (x, y + h)), fill="#f3f6fa")]
    for k, line in enumerate(lines):
        shapes.append(_text(x + w / 2, roof + 16 + k * LINE_H, line, bold=k == 0))
    return Group(cls, tuple(shapes), title)


def _partners(stream, takt, rule, right, anchors) -> list[Group]:
    groups = []
    if stream.supplier is not None:
        extra = [_short(stream.supplier.frequency, 18)] if stream.supplier.frequency else []
        lines = _wrapped(stream.supplier.name, 18, PARTNER_LINES - len(extra)) + extra
        anchors[flows.SUPPLIER] = (MARGIN, TOP, SIDE_W, PARTNER_H)
        groups.append(_factory(MARGIN, TOP, SIDE_W, PARTNER_H, "supplier", lines, "Supplier"))
    customer = stream.customer
    demand = stream.demand
    if customer is not None or demand is not None:
        extra = []
        if demand is not None and demand.units:
            extra.append(f"{num(demand.units)} / {demand.period}")
        if takt is not None:
            extra.append(f"Takt {display(takt, PROCESS, rule)}")
        elif customer is not None and customer.frequency:
            extra.append(_short(customer.frequency, 18))
        lines = _wrapped(customer.name if customer is not None else "Customer", 18, PARTNER_LINES - len(extra)) + extra
        anchors[flows.CUSTOMER] = (right, TOP, SIDE_W, PARTNER_H)
        groups.append(_factory(right, TOP, SIDE_W, PARTNER_H, "customer", lines, "Customer"))
    return groups


def _production_control(state, width, anchors) -> list[Group]:
    control = state.production_control
    if control is None:
        return []
    w, h = 190, 48
    x = (width - w) / 2
    anchors[flows.PRODUCTION_CONTROL] = (x, TOP, w, h)
    shapes = [_rect(x, TOP, w, h, fill="#f3f6fa"), _text(x + w / 2, TOP + 19, _short(control.name, 28), bold=True)]
    if control.system:
        shapes.append(_text(x + w / 2, TOP + 36, _short(control.system, 28), fill=MUTED))
    return [Group("production-control", tuple(shapes), "Production control")]


def _process_box(step, flags, x, y, rule, unit_wait, unit_process) -> Group:
    constraint = flags["capacity_constraint"] or flags["marked_bottleneck"]
    fill = CONSTRAINT if constraint else DELAY if flags["largest_delay"] else "#ffffff"
    shapes = [_rect(x, y, BOX_W, TITLE_H, fill=fill, width=1.6),
              _text(x + BOX_W / 2, y + 19, _short(step.name, 21), bold=True)]
    data_y = y + TITLE_H
    shapes.append(_rect(x, data_y, BOX_W, DATA_H, fill="#ffffff", width=1.0))
    for k, line in enumerate(_data_lines(step, rule, unit_wait, unit_process)):
        shapes.append(_text(x + 8, data_y + 15 + k * LINE_H, line, anchor="start", size=10.5))
    title = step.name + (" (capacity constraint)" if constraint else "") + (
        " (largest delay)" if flags["largest_delay"] else "")
    return Group("process-box", tuple(shapes), title)


def _inflow(state, layout, index, days) -> list[Group]:
    """Before a step's box: the inventory triangle (only where inventory > 0) and the material
    flow symbol from the column before (push arrow, FIFO lane, supermarket, pull)."""
    step = state.steps[index]
    x, y, _, _ = layout.box[index]
    groups = []
    centre = x - GAP / 2
    if step.inventory is not None and step.inventory > 0:
        ty = y + TITLE_H + 14
        triangle = ((centre, ty), (centre - 17, ty + 30), (centre + 17, ty + 30))
        shapes = [Shape("polygon", triangle, fill="#fff6d6", width=1.4), _text(centre, ty + 26, "I", bold=True),
                  _text(centre, ty + 44, num(step.inventory), size=10)]
        if days is not None:  # the days of demand the queue stands for
            shapes.append(_text(centre, ty + 57, f"{num(days, 1)} d", size=10, fill=MUTED))
        groups.append(Group("inventory", tuple(shapes), f"Inventory before {step.name}: {num(step.inventory)}"))
    flow = step.inflow
    if flow is None:
        return groups
    x1, x2, my = x - GAP + 8, x - 8, y + TITLE_H / 2
    if flow.kind == flows.PUSH:
        shapes = [_rect(x1, my - 5, x2 - x1 - 12, 10, fill="#ffffff", width=1.2)]
        for sx in range(int(x1) + 6, int(x2 - 14), 9):  # the stripes of the push arrow
            shapes.append(Shape("polyline", ((sx, my - 5), (sx + 5, my + 5)), width=1))
        shapes.append(Shape("polygon", ((x2 - 12, my - 10), (x2, my), (x2 - 12, my + 10)), fill=INK))
        groups.append(Group("push-arrow", tuple(shapes), "push"))
    elif flow.kind == flows.FIFO:
        shapes = [Shape("polyline", ((x1, my - 9), (x2, my - 9)), width=1.4),
                  Shape("polyline", ((x1, my + 9), (x2, my + 9)), width=1.4),
                  _text((x1 + x2) / 2, my + 4, "FIFO", size=10, bold=True),
                  _arrow_head(x2 - 14, my - 15, x2, my - 15, 6)]
        if flow.maximum is not None:
            shapes.append(_text((x1 + x2) / 2, my - 14, f"max {num(flow.maximum)}", size=9.5))
        groups.append(Group("fifo-lane", tuple(shapes), "FIFO lane"))
    elif flow.kind == flows.SUPERMARKET:
        sx, top, w = centre - 14, my - 18, 28
        points = ((sx, top), (sx + w, top), (sx + w, top + 36), (sx, top + 36))
        shapes = [Shape("polyline", points, width=1.6)]
        for k in (1, 2):
            shapes.append(Shape("polyline", ((sx + w, top + k * 12), (sx + 6, top + k * 12)), width=1.6))
        groups.append(Group("supermarket", tuple(shapes), "supermarket"))
    elif flow.kind == flows.PULL:
        r = 13
        arc = tuple((centre + r * math.cos(a / 10), my + r * math.sin(a / 10)) for a in range(-5, 50, 3))
        shapes = [Shape("polyline", arc, width=1.6), _arrow_head(*arc[-2], *arc[-1], 7)]
        groups.append(Group("pull", tuple(shapes), "pull (withdrawal)"))
    return groups


def _shipments(stream, layout, right) -> list[Group]:
    groups = []
    y = BOX_Y - 34
    for partner, x in ((stream.supplier, MARGIN + SIDE_W / 2 - 26), (stream.customer, right + SIDE_W / 2 - 26)):
        if partner is None or partner.shipment is None:
            continue
        shipment = partner.shipment
        shapes = [_rect(x, y, 34, 18, fill="#ffffff"), _rect(x + 34, y + 6, 14, 12, fill="#ffffff"),
                  Shape("polygon", _circle(x + 9, y + 21, 4), fill=INK),
                  Shape("polygon", _circle(x + 40, y + 21, 4), fill=INK),
                  _text(x + 24, y + 40, _short(" ".join(filter(None, (shipment.mode, shipment.frequency))), 20),
                        size=10)]
        groups.append(Group("shipment", tuple(shapes), f"{shipment.mode} {shipment.frequency}".strip()))
    return groups


def _circle(cx, cy, r, n=12):
    return tuple((cx + r * math.cos(2 * math.pi * k / n), cy + r * math.sin(2 * math.pi * k / n)) for k in range(n))


def _anchor(box, toward) -> tuple[float, float]:
    """Where an arrow leaves or enters ``box`` (x, y, w, h), on the side facing ``toward``."""
    x, y, w, h = box
    tx, ty = toward
    if ty > y + h:  # below: the bottom edge
        return (min(max(tx, x + 10), x + w - 10), y + h)
    if ty < y:
        return (min(max(tx, x + 10), x + w - 10), y)
    return (x + w, y + h / 2) if tx > x + w else (x, y + h / 2)


def _centre(box):
    x, y, w, h = box
    return (x + w / 2, y + h / 2)


def _information(state, anchors, steps) -> list[Group]:
    """One arrow per information flow: electronic as a zig-zag (lightning), manual straight;
    between two process boxes of one row (a kanban, a schedule passed along) an elbow over the
    boxes, so that it crosses neither the material flow between them nor their text."""
    groups = []
    for k, info in enumerate(state.information_flows):
        if info.source not in anchors or info.target not in anchors or info.source == info.target:
            continue
        source, target = anchors[info.source], anchors[info.target]
        words = info.label or info.frequency
        if info.source in steps and info.target in steps and source[1] == target[1]:
            points, label = _over_boxes(source, target)
        else:
            points, label = _straight(source, target, info.kind == flows.ELECTRONIC)
            label = (label[0] + 6, label[1] - 6 + (k % 2) * 12, "start")
        shapes = [Shape("polyline", points, stroke=ACCENT, width=1.4), _arrow_head(*points[-2], *points[-1], 9, ACCENT)]
        if words:
            lx, ly, anchor = label
            shapes.append(_text(lx, ly, _short(words, 26), size=9.5, fill=ACCENT, anchor=anchor, halo=True))
        title = f"{info.kind} information: {info.source} → {info.target}" + (f" ({words})" if words else "")
        groups.append(Group(f"info-arrow {info.kind}", tuple(shapes), title))
    return groups


BURST_CLEARANCE = 40  # above a box's top: the kaizen bursts on its corner reach 29


def _over_boxes(source, target):
    """An elbow from the top of ``source`` up, across and down onto the top of ``target`` (two
    boxes of one row), each end on the quarter of its box facing the other; the label centred
    over the crossing."""
    (sx, y, sw, _), (tx, _, tw, _) = source, target
    rightward = tx > sx
    x1 = sx + sw * (0.75 if rightward else 0.25)
    x2 = tx + tw * (0.25 if rightward else 0.75)
    top = y - BURST_CLEARANCE
    return ((x1, y), (x1, top), (x2, top), (x2, y)), ((x1 + x2) / 2, top - 5, "middle")


def _straight(source, target, electronic: bool):
    """From the edge of ``source`` toward ``target``'s centre: a zig-zag if ``electronic``."""
    start = _anchor(source, _centre(target))
    end = _anchor(target, _centre(source))
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    if not electronic:
        return (start, end), mid
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1
    nx, ny = -dy / length * 9, dx / length * 9  # the zig-zag's sideways step
    ux, uy = dx / length * 7, dy / length * 7
    mx, my = mid
    return (start, (mx - ux + nx, my - uy + ny), (mx + ux - nx, my + uy - ny), end), mid


def _burst_points(cx, cy, outer=17, inner=9, spikes=8):
    points = []
    for k in range(spikes * 2):
        r = outer if k % 2 == 0 else inner
        angle = math.pi * k / spikes - math.pi / 2
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return tuple(points)


def _bursts(stream, state, layout) -> list[Group]:
    groups = []
    seen: dict[int, int] = {}
    for index, number, name in kaizen_bursts(stream, state):
        x, y, w, _ = layout.box[index]
        k = seen.get(index, 0)
        seen[index] = k + 1
        cx, cy = x + w - 8 - k * 30, y - 14
        shapes = (Shape("polygon", _burst_points(cx, cy), fill=BURST, stroke="#c0392b", width=1.4),
                  _text(cx, cy + 4, str(number), size=10, bold=True))
        groups.append(Group("kaizen-burst", shapes, f"Improvement {number}: {name}"))
    return groups


def _timeline(state, layout, summary, rule, y, right, unit_wait, unit_process) -> list[Group]:
    """The square wave under the boxes: waiting on the upper level (in the gap before each
    box), process time on the lower level (under the box); totals at the right end."""
    if not state.steps:
        return []
    upper, lower = y, y + 30
    chosen = {id(s) for s in timeline_steps(state.steps)}
    groups = []
    points: list[tuple[float, float]] = []
    for index, step in enumerate(state.steps):
        if id(step) not in chosen:
            continue
        x, _, w, _ = layout.box[index]
        wait_x = x - GAP + 6
        points += [(wait_x, upper), (x, upper), (x, lower), (x + w, lower), (x + w, upper)]
        groups.append(Group("timeline-wait", (_text((wait_x + x) / 2, upper - 6, display(step.wait_time, WAIT, rule,
                                                                                           unit_wait), size=10.5),)))
        groups.append(Group("timeline-process", (_text(x + w / 2, lower + 15, display(step.process_time, PROCESS, rule,
                                                                                     unit_process), size=10.5),)))
    groups.insert(0, Group("timeline", (Shape("polyline", tuple(points), width=1.4),)))
    if summary is not None:
        lead = display(summary.total_lead_time, WAIT, rule, unit_wait)
        process = display(summary.total_process_time, PROCESS, rule, unit_process)
        x = right + 8
        shapes = (_rect(x, upper - 16, SIDE_W - 8, 62, fill="#f3f6fa"),
                  _text(x + 8, upper, f"LT {lead}", anchor="start", bold=True),
                  _text(x + 8, upper + 16, f"PT {process}", anchor="start", bold=True),
                  _text(x + 8, upper + 32, f"FE {percent(summary.flow_efficiency, 1)}", anchor="start"))
        groups.append(Group("timeline-total", shapes, "Totals as vsm-xl evaluate computes them"))
    return groups


def state_drawings(analysis, *, state: str | None = None) -> list[Drawing]:
    """The map of every state with steps (or of the one named ``state``), current state first,
    in the units of the stream's display setting (``ValueStream.display_unit``)."""
    stream = analysis.value_stream
    unit_wait, unit_process = units_of(stream)
    summaries = {s.name: s for s in analysis.states}
    takt = analysis.demand.takt_time if analysis.demand is not None else None
    states = [s for s in stream.states if s.steps and (state is None or s.name == state)]
    states.sort(key=lambda s: s.kind != "current")
    checks = {id(s): c for s, c in zip(stream.states, analysis.demand.checks)} if analysis.demand else {}
    return [map_drawing(stream, s, summaries.get(s.name), takt, unit_wait=unit_wait, unit_process=unit_process,
                        inventory_days=tuple(c.inventory_reading for c in checks.get(id(s), ())))
            for s in states]
