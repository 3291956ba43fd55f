"""A horizontal bar chart drawn on the server as SVG (the idea of Talk
London's charts, kept within this app): no JavaScript, no inline styles, and
``role="img"`` labelled by its ``<title>`` and a ``<desc>`` that states every
figure, so a screen reader hears the numbers. Pages show the same figures in
a table. Labels are escaped: they are typed by people."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR = "#1d70b8"
TRACK = "#f3f2f1"
TEXT = "#0b0c0c"
FONT = "GDS Transport, arial, sans-serif"
WIDTH = 640
LABEL_CHARS = 70


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not drawn (a suppressed count)
    text: str  # the figure as shown, e.g. "12" or "fewer than 10"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    bars: Iterable[Bar], *, title: str, chart_id: str | None = None
) -> SafeString:
    bars = list(bars)
    top = max((b.value or 0 for b in bars), default=0) or 1
    track = WIDTH - 150
    parts = []
    y = 0
    for bar in bars:
        length = 0 if bar.value is None else round(track * bar.value / top, 1)
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="16" font-weight="bold">{}</text>'
                '<rect x="0" y="{}" width="{}" height="20" fill="{}"/>'
                '<rect x="0" y="{}" width="{}" height="20" fill="{}"/>'
                '<text x="{}" y="{}" font-size="16">{}</text>',
                y + 16,
                _short(bar.label),
                y + 22,
                track,
                TRACK,
                y + 22,
                length,
                BAR,
                track + 8,
                y + 38,
                bar.text,
            )
        )
        y += 56
    desc = " ".join(
        _("%(label)s: %(figure)s.") % {"label": b.label, "figure": b.text} for b in bars
    )
    base = chart_id or f"chart-{uuid.uuid4().hex[:8]}"
    return format_html(
        '<svg class="ch-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-labelledby="{0}-title {0}-desc" viewBox="0 0 {1} {2}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" font-family="{3}" fill="{4}">'
        '<title id="{0}-title">{5}</title><desc id="{0}-desc">{6}</desc>{7}</svg>',
        base,
        WIDTH,
        max(y, 30),
        FONT,
        TEXT,
        title,
        desc or _("No figures."),
        mark_safe("".join(parts)),  # noqa: S308 - each part is format_html
    )
