"""Charts for stories, drawn with matplotlib (the optional extra ``claims[charts]``).

matplotlib is imported only when a chart is drawn (it costs hundreds of milliseconds), with the ``Agg``
backend (no display). Reusable pieces for other charts (e.g. a milestone trend chart):

- ``check_output(path) -> Path``: UsageError unless ``path`` ends in .svg or .png and its folder exists;
  call it before doing any work, so a bad name fails fast and nothing is written.
- ``new_figure(title, subtitle=None, *, size=(8, 6)) -> (figure, axes)``: a figure in the house style.
- ``save(figure, path, *, note=None) -> Path``: writes the figure (PNG at 100 dpi, or SVG), with a footnote,
  atomically (a temporary file renamed into place), and closes it.
- ``line_chart(series, path, *, title, xlabel, ylabel, subtitle=None, note=None) -> Path``: one line per
  series, ``series`` a dict {label: [(x, y), ...]} (x numbers or dates).
- ``calibration_chart(result, path) -> Path``: the calibration chart of ``records.calibration(...)``
  (``draw_calibration(result) -> (figure, axes)`` draws it without saving).

ClaimsError("... pip install 'claims[charts]'") when matplotlib is missing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError, UsageError

FORMATS = (".svg", ".png")
DPI = 100
INK = "#1b1b1b"
MUTED = "#6b6b6b"
GRID = "#e4e4e4"
ACCENT = "#c0392b"  # the points: strong red, readable in print and on screen
DIAGONAL = "#8c8c8c"
PALETTE = (ACCENT, "#1f5fa8", "#2e8b57", "#d98c1f", "#6a3d9a", "#555555")
MISSING = "the chart needs matplotlib: pip install 'claims[charts]' (or pip install matplotlib)"


def check_output(path: str | os.PathLike) -> Path:
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise UsageError(f"the chart file must end in .svg or .png, not {out.name!r}")
    if not out.parent.is_dir():
        raise UsageError(f"no folder {str(out.parent)!r} to write the chart in")
    return out


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ClaimsError(MISSING) from None
    matplotlib.use("Agg", force=True)
    matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text, editable in a newsroom's tools
    import matplotlib.pyplot as plt

    return plt


def new_figure(title: str, subtitle: str | None = None, *, size: tuple[float, float] = (8, 6)) -> tuple[Any, Any]:
    """A figure and axes in the house style: left-aligned title and subtitle, light grid, no box."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=size, dpi=DPI)
    lines = subtitle.count("\n") + 1 if subtitle else 0
    fig.subplots_adjust(left=0.1, right=0.96, top=0.88 - 0.045 * lines, bottom=0.16)
    fig.text(0.02, 0.965, title, fontsize=15, fontweight="bold", color=INK, ha="left", va="top")
    if subtitle:
        fig.text(0.02, 0.905, subtitle, fontsize=10.5, color=MUTED, ha="left", va="top")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(colors=MUTED, labelcolor=INK, labelsize=10)
    ax.grid(True, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax


def save(fig: Any, path: str | os.PathLike, *, note: str | None = None) -> Path:
    """Write ``fig`` to ``path`` (.png or .svg) atomically, with an optional footnote; closes the figure."""
    out = check_output(path)
    if note:
        import textwrap

        fig.text(0.02, 0.02, "\n".join(textwrap.wrap(note, 125)), fontsize=8, color=MUTED, ha="left",
                 va="bottom")
    tmp = out.with_name(out.name + ".part")
    try:
        fig.savefig(tmp, format=out.suffix[1:].lower(), dpi=DPI, facecolor="white")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ClaimsError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        _pyplot().close(fig)
    return out


def line_chart(series: dict[str, list[tuple[Any, float]]], path: str | os.PathLike, *, title: str, xlabel: str,
               ylabel: str, subtitle: str | None = None, note: str | None = None) -> Path:
    """One line (with dots) per series; a legend when there is more than one."""
    fig, ax = new_figure(title, subtitle)
    for i, (label, points) in enumerate(series.items()):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        ax.plot(xs, ys, marker="o", color=PALETTE[i % len(PALETTE)], linewidth=2, markersize=5, label=label)
    ax.set_xlabel(xlabel, color=INK)
    ax.set_ylabel(ylabel, color=INK)
    if len(series) > 1:
        ax.legend(frameon=False)
    return save(fig, path, note=note)


def calibration_chart(result: dict[str, Any], path: str | os.PathLike) -> Path:
    """Stated probability against how often it happened: the diagonal, 90% intervals, n per point."""
    check_output(path)
    fig, _ = draw_calibration(result)
    by_hedge = result.get("by") == "hedge"
    note = ("Above the line: it happened more often than the words suggested; below: less often. Bars: 90% "
            "Wilson intervals. " + ("One point per hedge phrase, at the probability the phrase is read as."
                                    if by_hedge else "Bins of width 10 percentage points."))
    return save(fig, path, note=note)


def draw_calibration(result: dict[str, Any]) -> tuple[Any, Any]:
    """The calibration chart's figure and axes (not saved), from ``records.calibration(...)``."""
    rows = [r for r in result["calibration"] if r["n"]]
    by_hedge = result.get("by") == "hedge"
    if not rows:
        raise ClaimsError("nothing to chart: no scored claims" + (" with a hedge" if by_hedge else ""))
    who = result.get("group")
    title = ("When it was called X% likely, how often did it happen?" if who in (None, "all") else
             f"When {who} called it X% likely, how often did it happen?")
    subtitle = (f"{result['scored']:,} resolved claims with a stated or hedge-implied probability, as of "
                f"{result['as_of']}.\nBrier score {result['brier']:.3f} (0 is perfect; always saying 50% "
                "scores 0.25).")
    fig, ax = new_figure(title, subtitle)
    ax.plot([0, 1], [0, 1], linestyle=(0, (6, 4)), color=DIAGONAL, linewidth=1.5, zorder=1,
            label="perfectly calibrated")
    biggest = max(r["n"] for r in rows)
    for r in rows:
        x, y = r["mean_p"], r["observed"]
        first = r is rows[0]
        ax.plot([x, x], [r["low"], r["high"]], color=ACCENT, alpha=0.4, linewidth=3, solid_capstyle="round",
                zorder=2, label="90% interval" if first else None)
        size = 40 + 360 * (r["n"] / biggest) ** 0.5
        ax.scatter([x], [y], s=size, color=ACCENT, edgecolor="white", linewidth=1.2, zorder=3,
                   label=("how often it happened (size: claims)" if first else None))
        label = f"{r['bin']} (n={r['n']:,})" if by_hedge else f"n={r['n']:,}"
        above = r["high"] < 0.9  # the count sits just above the interval (below it near the top)
        ax.annotate(label, (x, r["high"] if above else r["low"]), xytext=(0, 5 if above else -5),
                    textcoords="offset points", fontsize=8.5, color=INK, ha="center",
                    va="bottom" if above else "top", zorder=4)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ticks = [i / 10 for i in range(0, 11, 2)]
    ax.set_xticks(ticks, [f"{t:.0%}" for t in ticks])
    ax.set_yticks(ticks, [f"{t:.0%}" for t in ticks])
    ax.set_xlabel("What the words imply (hedge reading)" if by_hedge else "Stated probability", color=INK)
    ax.set_ylabel("How often it happened", color=INK)
    ax.legend(loc="best", frameon=False, fontsize=9, labelcolor=INK, markerscale=0.5)
    return fig, ax
