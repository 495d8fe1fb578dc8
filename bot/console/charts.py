"""SVG charts drawn on the server: no script, no library, readable without colour (titles and a legend)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

# Strictest first, as in the rule book; each verdict has one colour everywhere in the console (console.css too).
VERDICT_COLOURS: dict[str, str] = {
    "prohibited": "#b3261e",
    "needs_clarification": "#c77700",
    "needs_review": "#7b5ea7",
    "permitted": "#2e7d32",
    "out_of_scope": "#607d8b",
}
OTHER_COLOUR = "#9e9e9e"


def stacked_bars(
    days: Sequence[date],
    series: Mapping[str, Sequence[int]],
    *,
    width: int = 720,
    height: int = 240,
    markers: Mapping[date, str] | None = None,
) -> str:
    """Answers per day, one bar a day stacked by verdict; `markers` draws a dashed line on a day (a new policy)."""
    left, bottom, top, right = 44, 28, 10, 8
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for values in series.values()) for i in range(len(days))]
    peak = nice_ceiling(max(totals, default=0))
    label = f"Answers per day by verdict, {len(days)} days, {sum(totals)} answers"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" class="chart">',
        f"<title>{escape(label)}</title>",
    ]
    for tick in range(5):  # the value axis: 0, ¼, ½, ¾, all of the peak
        value = peak * tick // 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{value}</text>')
    slot = plot_w / max(len(days), 1)
    bar = max(slot * 0.8, 1.0)
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for verdict, values in series.items():
            n = values[i]
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            colour = VERDICT_COLOURS.get(verdict, OTHER_COLOUR)
            tip = f"{day.isoformat()}: {n} {verdict.replace('_', ' ')}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(tip)}</title></rect>"
            )
    for day, name in (markers or {}).items():
        if day in days:
            x = left + days.index(day) * slot
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#222" '
                f'stroke-dasharray="4 3"><title>{escape(name)} in force from {day.isoformat()}</title></line>'
            )
    for i in _label_positions(len(days)):
        x = left + i * slot + slot / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" font-size="11">{days[i].strftime("%d %b")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def nice_ceiling(value: int) -> int:
    """The smallest 4, 8 or 20 times a power of ten at or above `value`: a quarter of it is a whole tick."""
    step = 1
    while True:
        for factor in (4, 8, 20):
            if step * factor >= value:
                return step * factor
        step *= 10


def _label_positions(n: int, most: int = 8) -> list[int]:
    if n == 0:
        return []
    every = max(1, -(-n // most))
    return list(range(0, n, every))
