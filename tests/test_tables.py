"""The regression-table writer: layout, stars, statistics and the written files."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from wiodbook import tables


def _fake(params, se, p, nobs, **extra):
    idx = list(params)
    return SimpleNamespace(
        params=pd.Series(params, index=idx), std_errors=pd.Series(se, index=idx),
        pvalues=pd.Series(p, index=idx), nobs=nobs, **extra,
    )


def test_stars():
    assert [tables.stars(p) for p in (0.001, 0.02, 0.07, 0.2, np.nan)] == ["***", "**", "*", "", ""]


def test_layout_and_files(tmp_path):
    gmm_like = _fake({"L.y": 0.5, "dig": 0.0123, "year2005": 0.1, "_cons": 1.0},
                     [0.1, 0.004, 0.05, 0.2], [0.0001, 0.003, 0.04, 0.0], 700,
                     n_groups=70, n_instruments=20,
                     ar1=SimpleNamespace(pvalue=0.001), ar2=SimpleNamespace(pvalue=0.6),
                     hansen=SimpleNamespace(pvalue=0.3))
    fe_like = _fake({"dig": 0.02, "size": -0.1}, [0.01, 0.05], [0.06, 0.3], 800,
                    entity_info={"total": 70}, rsquared_within=0.25)
    t = tables.regression_table({"System GMM": gmm_like, "FE": fe_like}, labels={"dig": "DIG"},
                                extra_stats={"FE": {"controls": "yes"}}, title="Baseline")
    f = t.frame()
    assert list(f.index[:6]) == ["L.y", "", "DIG", "", "size", ""]  # year dummies and _cons hidden
    assert f.loc["DIG"].tolist() == ["0.012***", "0.020*"]
    assert f.iloc[3].tolist() == ["(0.004)", "(0.010)"]
    assert f.loc["N"].tolist() == ["700", "800"]
    assert f.loc["groups"].tolist() == ["70", "70"]
    assert f.loc["AR(2) p"].tolist() == ["0.600", ""]
    assert f.loc["controls"].tolist() == ["", "yes"]
    paths = t.write("table_test", tmp_path)
    tex = paths["tex"].read_text()
    assert "\\begin{tabular}{lcc}" in tex and "0.012$^{***}$" in tex
    md = paths["md"].read_text()
    assert "| DIG | 0.012*** | 0.020* |" in md
    csv = pd.read_csv(paths["csv"])
    row = csv[(csv.kind == "coef") & (csv.term == "dig") & (csv.model == "System GMM")]
    assert row["value"].iloc[0] == 0.0123
    assert "<table" in t._repr_html_() and "Baseline" in t.to_html()
