"""Figures: one house style, stable file names, and the input-output figures of chapter 01.

A figure function returns a matplotlib figure and saves nothing. Chapters hand each figure to
:func:`publish`, which writes it under the figures folder chosen by the runner (``figures/`` for
the real book, ``build/sample/figures`` for the synthetic sample) as PNG and PDF with a stable
name, and returns it so that the notebook displays it once. Captions live in the notebook (cell
metadata and the sentence after the cell), not in plot titles; axis labels are plain lowercase
words with units. Colours come from a colour-blind-safe palette (Okabe and Ito 2008).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import config

#: Okabe-Ito colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
DOMESTIC, FOREIGN = PALETTE[0], PALETTE[1]


def use_style() -> None:
    """The book's plotting style: readable at the size a PDF reader shows a page-wide figure."""
    plt.rcParams.update({
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 110,
        "savefig.dpi": 200,
        "font.size": 10,
        "axes.titlesize": 10,
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "legend.frameon": False,
        "pdf.fonttype": 42,
        "svg.hashsalt": "wiodbook",
    })


def publish(fig, name: str, *, folder: str | Path | None = None):
    """Save ``fig`` as ``{name}.png`` and ``{name}.pdf`` and return it for display.

    The folder is ``config.figures_dir()`` (set by the runner). Metadata that changes from run to
    run (creation dates) is left out, so two runs write the same bytes where the backend allows.
    """
    folder = Path(folder) if folder is not None else config.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fig.savefig(folder / f"{name}.png", bbox_inches="tight", metadata={"Software": None})
    fig.savefig(folder / f"{name}.pdf", bbox_inches="tight", metadata={"CreationDate": None, "Producer": None})
    plt.close(fig)
    return fig


def output_multipliers_figure(L: pd.DataFrame, Ld: pd.DataFrame, industries) -> plt.Figure:
    """Output multipliers (column sums of L) split into the domestic part (column sums of L^d)
    and the part that runs through imported inputs, for the given industries."""
    total = L.loc[:, list(industries)].sum(axis=0)
    dom = Ld.loc[:, list(industries)].sum(axis=0)
    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    pos = np.arange(len(total))
    ax.bar(pos, dom.to_numpy(), color=DOMESTIC, label="through domestic inputs (column sum of $L^d$)")
    ax.bar(pos, (total - dom).to_numpy(), bottom=dom.to_numpy(), color=FOREIGN,
           label="added by imported inputs (column sum of $L$ minus $L^d$)")
    ax.set_xticks(pos, list(total.index), rotation=60, ha="right")
    ax.set_ylabel("output per unit of final demand")
    ax.set_xlabel("industry")
    ax.axhline(1.0, color="0.4", lw=0.8)
    ax.set_ylim(0, float(total.max()) * 1.3)
    ax.legend(loc="upper left", fontsize=8, ncol=1)
    fig.tight_layout()
    return fig


def coefficient_heatmap(matrix: pd.DataFrame, *, label: str = "coefficient", log: bool = True) -> plt.Figure:
    """Heat map of a labelled coefficient matrix (rows: inputs, columns: users)."""
    from matplotlib.colors import LogNorm

    values = matrix.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(7.2, 6.0))
    positive = values[values > 0]
    norm = LogNorm(vmin=max(positive.min(), 1e-5), vmax=positive.max()) if log and positive.size else None
    shown = np.where(values > 0, values, np.nan) if log else values
    im = ax.imshow(shown, cmap="viridis", norm=norm, aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), list(matrix.columns), rotation=90, fontsize=7)
    ax.set_yticks(range(matrix.shape[0]), list(matrix.index), fontsize=7)
    ax.set_xlabel("using industry (column j)")
    ax.set_ylabel("input (row i)")
    fig.colorbar(im, ax=ax, label=label, shrink=0.8)
    fig.tight_layout()
    return fig


use_style()
