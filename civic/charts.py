"""Charts drawn on the server as SVG: no JavaScript, no inline styles (the
Content Security Policy forbids both), and never an image without text.

Every chart is ``role="img"`` labelled by its own ``<title>`` and ``<desc>``,
and the ``<desc>`` states every figure shown, so a screen reader hears the
numbers rather than "image". Pages also show the same figures in a table next
to each chart. Labels are escaped (they are staff- and member-typed text).

Shared by every app (survey results, representativeness, topic results).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# GOV.UK Design System colours.
BAR = "#1d70b8"
SECOND_BAR = "#505a5f"
TRACK = "#f3f2f1"
TEXT = "#0b0c0c"
# The site's font stack (London's brand uses no GDS Transport).
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"

WIDTH = 640
LABEL_CHARS = 70  # longer labels are shortened on the chart; the table has them


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # the bar's length; None: not shown (e.g. suppressed)
    text: str  # what the figure says, e.g. "12 (40%)" or "fewer than 10"
    second_value: float | None = None  # a comparison bar (e.g. Londoners)
    second_text: str = ""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _ids(chart_id: str | None) -> tuple[str, str]:
    base = chart_id or f"chart-{uuid.uuid4().hex[:8]}"
    return f"{base}-title", f"{base}-desc"


def _svg(*, title: str, desc: str, height: int, body: str, chart_id=None):
    title_id, desc_id = _ids(chart_id)
    return format_html(
        '<svg class="tl-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-labelledby="{} {}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" font-family="{}" fill="{}">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>{}</svg>',
        title_id,
        desc_id,
        WIDTH,
        height,
        FONT,
        TEXT,
        title_id,
        title,
        desc_id,
        desc,
        body,
    )


def bar_chart(
    bars: Iterable[Bar],
    *,
    title: str,
    max_value: float | None = None,
    legend: tuple[str, str] | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """Horizontal bars, one per row, the label above its bar and the figure
    after it. ``max_value`` is the full-width value (default: the largest).
    ``legend`` names the two series when bars carry a ``second_value``."""
    bars = list(bars)
    values = [b.value or 0 for b in bars] + [b.second_value or 0 for b in bars]
    top = max_value if max_value else max(values, default=0) or 1
    paired = any(b.second_value is not None for b in bars) and legend
    track = WIDTH - 150  # room for the figure after the bar
    parts = []
    y = 0
    if paired:
        parts.append(
            format_html(
                '<rect x="0" y="4" width="14" height="14" fill="{}"/>'
                '<text x="20" y="16" font-size="14">{}</text>'
                '<rect x="220" y="4" width="14" height="14" fill="{}"/>'
                '<text x="240" y="16" font-size="14">{}</text>',
                BAR,
                legend[0],
                SECOND_BAR,
                legend[1],
            )
        )
        y = 30
    for bar in bars:
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="16" font-weight="bold">{}</text>',
                y + 16,
                _short(bar.label),
            )
        )
        y += 22
        series = [(bar.value, bar.text, BAR)]
        if paired:
            series.append((bar.second_value, bar.second_text, SECOND_BAR))
        for value, text, colour in series:
            length = 0 if value is None else round(track * min(value, top) / top, 1)
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="20" fill="{}"/>'
                    '<rect x="0" y="{}" width="{}" height="20" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="16">{}</text>',
                    y,
                    track,
                    TRACK,
                    y,
                    length,
                    colour,
                    track + 8,
                    y + 16,
                    text,
                )
            )
            y += 24
        y += 10
    desc = " ".join(
        (
            _("%(label)s: %(figure)s, %(second)s.")
            % {"label": b.label, "figure": b.text, "second": b.second_text}
            if paired
            else _("%(label)s: %(figure)s.") % {"label": b.label, "figure": b.text}
        )
        for b in bars
    )
    if paired:
        desc = _("Bars: %(first)s, then %(second)s.") % {
            "first": legend[0],
            "second": legend[1],
        } + (" " + desc)
    return _svg(
        title=title,
        desc=desc or _("No figures."),
        height=max(y, 30),
        body=mark_safe("".join(parts)),  # noqa: S308 - each part is format_html
        chart_id=chart_id,
    )


def column_chart(
    points: Iterable[tuple[str, str, float]],
    *,
    title: str,
    chart_id: str | None = None,
) -> SafeString:
    """Vertical columns over time: ``(short label, long label, value)``. The
    first and last short labels go under the axis; every figure is in the
    ``<desc>`` (and the page's table)."""
    points = list(points)
    top = max((v for _s, _l, v in points), default=0) or 1
    plot_height, left, bottom = 160, 50, 190
    step = (WIDTH - left - 10) / max(len(points), 1)
    gap = 2 if step > 6 else 0
    columns = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        (
            (
                round(left + i * step + gap / 2, 1),
                round(bottom - plot_height * v / top, 1),
                round(max(step - gap, 1), 1),
                round(plot_height * v / top, 1),
                BAR,
            )
            for i, (_s, _l, v) in enumerate(points)
        ),
    )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
        '<text x="{}" y="{}" font-size="14" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" font-size="14" text-anchor="end">0</text>',
        left,
        bottom,
        WIDTH - 10,
        bottom,
        TEXT,
        left - 6,
        bottom - plot_height + 12,
        _format_number(top),
        left - 6,
        bottom,
    )
    ends = ""
    if points:
        ends = format_html(
            '<text x="{}" y="{}" font-size="14">{}</text>'
            '<text x="{}" y="{}" font-size="14" text-anchor="end">{}</text>',
            left,
            bottom + 20,
            points[0][0],
            WIDTH - 10,
            bottom + 20,
            points[-1][0] if len(points) > 1 else "",
        )
    desc = " ".join(
        _("%(label)s: %(figure)s.") % {"label": long, "figure": _format_number(v)}
        for _s, long, v in points
    )
    return _svg(
        title=title,
        desc=desc or _("No figures."),
        height=bottom + 30,
        body=mark_safe(str(columns) + str(axis) + str(ends)),  # noqa: S308
        chart_id=chart_id,
    )


def _format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
