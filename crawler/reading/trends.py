"""Articles per day as a small static SVG chart: one line per series (a site), no JavaScript."""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 760, 240, 36
# One colour per site, in the registry's order; more series reuse them.
COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def days_ending(last: date, count: int) -> list[date]:
    return [last - timedelta(days=count - 1 - n) for n in range(count)]


def per_day_svg(counts: dict[str, dict[str, int]], days: list[date], title: str) -> Markup:
    """``counts``: series name -> ISO day -> count. Days without a count are zero."""
    top = max((n for series in counts.values() for n in series.values()), default=0) or 1
    step = (WIDTH - 2 * PAD) / max(len(days) - 1, 1)

    def point(index: int, value: int) -> str:
        return f"{PAD + index * step:.1f},{HEIGHT - PAD - value / top * (HEIGHT - 2 * PAD):.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 20 * len(counts)}" '
        f'role="img" class="trend"><title>{escape(title)}</title>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#999"/>',
        f'<text x="{PAD - 4}" y="{PAD}" text-anchor="end" font-size="11">{top}</text>',
        f'<text x="{PAD - 4}" y="{HEIGHT - PAD}" text-anchor="end" font-size="11">0</text>',
    ]
    if days:
        for index in (0, len(days) - 1):
            anchor = "start" if index == 0 else "end"
            x = PAD + index * step
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - PAD + 16}" text-anchor="{anchor}" font-size="11">'
                f"{days[index].isoformat()}</text>"
            )
    for number, (name, series) in enumerate(counts.items()):
        colour = COLOURS[number % len(COLOURS)]
        points = " ".join(point(i, series.get(day.isoformat(), 0)) for i, day in enumerate(days))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{points}"/>')
        total = sum(series.get(day.isoformat(), 0) for day in days)
        y = HEIGHT + 14 + 20 * number
        parts.append(f'<rect x="{PAD}" y="{y - 9}" width="12" height="4" fill="{colour}"/>')
        parts.append(f'<text x="{PAD + 18}" y="{y}" font-size="12">{escape(name)}: {total:,}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
