"""Charts as real images (matplotlib, no screen needed): PNG for reports and mail, SVG for
the web UI."""

import io
from collections import Counter
from typing import Literal

import matplotlib

matplotlib.use("Agg")  # no display: render to files only

from matplotlib import pyplot  # noqa: E402  (after the backend is chosen)

from pipeline.insights.advocacy import ACTIVITY_BOUNDS, GRID, NETWORK_BOUNDS  # noqa: E402
from schemas.insights import AdvocacyPlacement, AdvocacyType  # noqa: E402

Format = Literal["png", "svg"]
LABELS = {kind: kind.value.replace("_", " ").capitalize() for kind in AdvocacyType}


def advocacy_chart(
    placements: list[AdvocacyPlacement], fmt: Format = "png", people: bool = True
) -> bytes:
    """The nine-type map with a dot per person (``people``), or only how many people fall
    in each type: the view for roles that see teams, not persons."""
    top = max([NETWORK_BOUNDS[-1] * 1.5, *(p.network_size * 1.1 for p in placements)])
    figure, axes = pyplot.subplots(figsize=(8, 6), dpi=100)
    try:
        rows = (0, *NETWORK_BOUNDS, top)
        columns = (0, *ACTIVITY_BOUNDS, 100)
        counts = Counter(p.type for p in placements)
        for r, row in enumerate(GRID):
            for c, kind in enumerate(row):
                label = LABELS[kind] if people else f"{LABELS[kind]}\n{counts[kind]}"
                axes.text(
                    (columns[c] + columns[c + 1]) / 2, rows[r + 1] - (rows[r + 1] - rows[r]) * 0.08,
                    label, ha="center", va="top", fontsize=10, color="#444444",
                )  # fmt: skip
        for bound in NETWORK_BOUNDS:
            axes.axhline(bound, color="#999999", linestyle="--", linewidth=0.8)
        for bound in ACTIVITY_BOUNDS:
            axes.axvline(bound, color="#999999", linestyle="--", linewidth=0.8)
        if people and placements:
            axes.scatter(
                [p.activity for p in placements],
                [p.network_size for p in placements],
                s=28, color="#1f5fa8", alpha=0.75, edgecolors="white", linewidths=0.5,
            )  # fmt: skip
        axes.set_xlim(0, 100)
        axes.set_ylim(0, top)
        axes.set_xlabel("social activity index (0-100)")
        axes.set_ylabel("network: people exchanged with in the last year")
        axes.set_title(f"Advocacy map, {len(placements)} people")
        return _save(figure, fmt)
    finally:
        pyplot.close(figure)


def bar_chart(pairs: list[tuple[str, int]], title: str, fmt: Format = "png") -> bytes:
    """Horizontal bars, largest on top: posts per source, per language."""
    shown = sorted(pairs, key=lambda p: p[1])[-15:]
    figure, axes = pyplot.subplots(figsize=(8, max(2.0, 0.4 * len(shown) + 1)), dpi=100)
    try:
        axes.barh([name for name, _ in shown], [n for _, n in shown], color="#1f5fa8")
        for y, (_, n) in enumerate(shown):
            axes.text(n, y, f" {n}", va="center", fontsize=9)
        axes.set_title(title)
        axes.set_xlabel("posts")
        return _save(figure, fmt)
    finally:
        pyplot.close(figure)


def categories_by_day_chart(
    days: list[tuple[str, dict[str, int]]], title: str, fmt: Format = "png"
) -> bytes:
    """A stacked bar per day: how many posts of each category (a post may have several)."""
    names = sorted({name for _, counts in days for name in counts})
    figure, axes = pyplot.subplots(figsize=(9, 4), dpi=100)
    try:
        bottom = [0] * len(days)
        labels = [day[5:] for day, _ in days]
        for name in names:
            values = [counts.get(name, 0) for _, counts in days]
            axes.bar(labels, values, bottom=bottom, label=name.replace("_", " "))
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_title(title)
        axes.set_ylabel("posts")
        if names:
            axes.legend(fontsize=8, ncols=2, loc="upper left")
        return _save(figure, fmt)
    finally:
        pyplot.close(figure)


def _save(figure, fmt: Format) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, bbox_inches="tight")
    return buffer.getvalue()
