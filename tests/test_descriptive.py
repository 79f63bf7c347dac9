"""Descriptive tables and figures: numbers by hand on a tiny panel, figures by their axes and labels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from wiodbook import descriptive as d  # noqa: E402
from wiodbook import wiod  # noqa: E402
from wiodbook.inputoutput import IOSystem  # noqa: E402


@pytest.fixture()
def frame() -> pd.DataFrame:
    """Two countries x two industries (low C10-C12, medium-high C29) x three years, by hand."""
    rows = []
    dom = {("AAA", "C10-C12"): 1.0, ("AAA", "C29"): 2.0, ("BBB", "C10-C12"): 0.5, ("BBB", "C29"): 1.0}
    fore = {("AAA", "C10-C12"): 1.0, ("AAA", "C29"): 6.0, ("BBB", "C10-C12"): 1.5, ("BBB", "C29"): 9.0}
    for (c, j), base in dom.items():
        for k, year in enumerate((2000, 2001, 2002)):
            dd, ff = base, fore[(c, j)] + k * (1 if c == "AAA" else 2)  # the foreign part grows
            rows.append({
                "entity": f"{c}:{j}", "country": c, "industry": j, "year": year, "in_sample": True,
                "dig": dd + ff, "dig_dom": dd, "dig_for": ff, "dig_direct": (dd + ff) / 2,
                "dig_broad": dd + ff + 1,
                "upg": 0.1 * k + (1.0 if c == "AAA" else 5.0), "ser": 2.0 * (dd + ff) + 10,
                "size": 3.0, "exp_int": 1.2 if (c, j, year) == ("BBB", "C29", 2002) else 0.4,
                "imp_share": 0.3, "kdeep": 4.0, "lab_share": 0.6, "mis": 0.5,
                "tech_group": "low" if j == "C10-C12" else "medium-high",
            })
    return pd.DataFrame(rows)


def test_group_trend_mean_and_median(frame):
    mean = d.group_trend(frame, "dig", stat="mean")
    assert list(mean.columns) == ["low", "medium-high", "all"]
    # 2000: low = (2 + 2) / 2, medium-high = (8 + 10) / 2, all = (2 + 8 + 2 + 10) / 4
    assert mean.loc[2000].tolist() == pytest.approx([2.0, 9.0, 5.5])
    assert mean.loc[2002, "medium-high"] == pytest.approx((10 + 14) / 2)
    median = d.group_trend(frame, "dig", stat="median")
    assert median.loc[2000, "all"] == pytest.approx(5.0)
    with pytest.raises(ValueError):
        d.group_trend(frame, stat="mode")


def test_source_split_by_hand(frame):
    split = d.source_split(frame, "year")
    row = split.loc[2000]
    assert row["N"] == 4
    assert row["mean domestic"] == pytest.approx((1 + 2 + 0.5 + 1) / 4)
    assert row["mean foreign"] == pytest.approx((1 + 6 + 1.5 + 9) / 4)
    assert row["domestic share of means"] == pytest.approx(4.5 / 22.0)
    assert row["median domestic share"] == pytest.approx(np.median([0.5, 0.25, 0.25, 0.1]))
    assert row["share of rows foreign > domestic"] == pytest.approx(0.75)  # AAA:C10-C12 is a tie
    # the foreign part grows, so the domestic share falls
    assert split["domestic share of means"].is_monotonic_decreasing


def test_country_ranking(frame):
    r = d.country_ranking(frame, 2001)
    assert list(r.index) == ["BBB", "AAA"]  # BBB: (4 + 12) / 2 = 8 > AAA: (3 + 9) / 2 = 6
    assert r.loc["BBB", "mean"] == pytest.approx(8.0)
    assert r.loc["BBB", "median"] == pytest.approx(8.0)
    assert r.loc["AAA", "mean domestic"] + r.loc["AAA", "mean foreign"] == pytest.approx(r.loc["AAA", "mean"])
    assert r["rank"].tolist() == [1, 2]
    with pytest.raises(ValueError, match="1999"):
        d.country_ranking(frame, 1999)


def test_compare_measures(frame):
    c = d.compare_measures(frame, {"direct vs complete": ("dig_direct", "dig")})
    row = c.loc["direct vs complete"]
    assert row["ratio of means"] == pytest.approx(2.0)
    assert row["correlation"] == pytest.approx(1.0)
    assert row["N"] == 12


def test_summary_table_by_hand(frame):
    t = d.summary_table(frame)
    assert list(t.index) == [v for v, _ in d.SUMMARY_VARIABLES]
    dig = frame["dig"].to_numpy()
    assert t.loc["dig", "N"] == 12
    assert t.loc["dig", "mean"] == pytest.approx(dig.mean())
    assert t.loc["dig", "sd"] == pytest.approx(dig.std(ddof=1))
    assert (t.loc["dig", "min"], t.loc["dig", "max"]) == (dig.min(), dig.max())
    assert t.loc["size", "sd"] == pytest.approx(0.0)
    assert t.loc["dig", "unit"] == "per 100 units of output"


def test_data_quirks_counts(frame):
    q = d.data_quirks(frame)
    exp = q[q["column"] == "exp_int"].iloc[0]
    assert exp["rows"] == 1 and exp["where"] == "BBB:C29 2002" and exp["largest"] == pytest.approx(1.2)
    assert q[q["column"] == "lab_share"].iloc[0]["rows"] == 0
    ext = q[q["column"] == "dig"].iloc[0]
    assert ext["threshold"] == pytest.approx(5 * np.median(frame["dig"]))


def test_two_way_demean_balanced_and_slope(frame):
    w = d.two_way_demean(frame, ["dig", "upg"])
    f = frame.set_index(w.index)
    by_hand = (f["dig"] - f.groupby("entity")["dig"].transform("mean")
               - f.groupby("year")["dig"].transform("mean") + f["dig"].mean())
    assert np.allclose(w["dig"], by_hand)
    assert np.allclose(w.groupby("entity")["dig"].mean(), 0) and np.allclose(w.groupby("year")["upg"].mean(), 0)
    # within, upg rises by 0.1 a year in every entity: all of it is the year effect, so nothing is left
    assert np.allclose(w["upg"], 0)


def test_two_way_demean_unbalanced_matches_dummies(frame):
    f = frame.drop(index=[0, 7]).reset_index(drop=True)  # unbalanced
    rng = np.random.default_rng(1)
    f["y"] = rng.normal(size=len(f))
    w = d.two_way_demean(f, ["dig", "y"])
    X = pd.get_dummies(f[["entity", "year"]].astype(str), drop_first=False).to_numpy(dtype=float)
    X = np.column_stack([f["dig"], X])
    beta = np.linalg.lstsq(X, f["y"], rcond=None)[0][0]
    assert d.ols_slope(w["dig"], w["y"]) == pytest.approx(beta, rel=1e-6)


def test_binned_means_and_slope():
    x = pd.Series(np.arange(100, dtype=float))
    y = 2 * x + 1
    b = d.binned_means(x, y, bins=10)
    assert len(b) == 10 and (b["n"] == 10).all()
    assert b["x"].iloc[0] == pytest.approx(4.5) and b["y"].iloc[0] == pytest.approx(10.0)
    assert d.ols_slope(x, y) == pytest.approx(2.0)


def test_write_table(tmp_path, frame):
    t = d.summary_table(frame).drop(columns="meaning")
    paths = d.write_table(t, "tab_test", tmp_path, title="A & B", notes="50% of it")
    assert set(paths) == {"csv", "md", "tex"}
    back = pd.read_csv(paths["csv"], index_col=0)
    assert back.loc["dig", "mean"] == pytest.approx(t.loc["dig", "mean"])
    md = paths["md"].read_text()
    assert md.startswith("**A & B**") and "| dig | digital dependence |" in md and "12" in md
    tex = paths["tex"].read_text()
    assert "A \\& B" in tex and "50\\% of it" in tex and "exp\\_int" in tex and "\\begin{tabular}" in tex


def _labels(fig):
    return [(ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes]


def test_trend_and_source_figures(frame):
    fig = d.dependence_trend_figure(frame)
    assert len(fig.axes) == 2
    assert fig.axes[0].get_ylabel() == d.DIG_LABEL and fig.axes[0].get_xlabel() == "year"
    assert len(fig.axes[0].get_lines()) == 3  # two groups + all
    plt.close(fig)
    fig = d.source_trend_figure(frame)
    assert fig.axes[1].get_ylabel() == "domestic share of dependence (%)"
    assert fig.axes[1].get_ylim() == (0, 100)
    plt.close(fig)


def test_ranking_figure_clips_an_outlier(frame):
    r = d.country_ranking(frame, 2000)
    fig = d.country_ranking_figure(r)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["AAA", "BBB"]  # most dependent on top
    assert "per 100 of output" in ax.get_xlabel()
    plt.close(fig)
    r.loc["BBB", ["mean", "mean foreign"]] = [100.0, 98.5]
    fig = d.country_ranking_figure(r)
    assert fig.axes[0].get_xlim()[1] < 100 and any("100.0" in t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)


def test_heatmap(frame):
    fig = d.dependence_heatmap(frame, 2000, countries=["BBB", "AAA"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["BBB", "AAA"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["C10-C12", "C29"]  # low before medium-high
    image = ax.get_images()[0].get_array()
    assert image[0, 1] == pytest.approx(10.0)  # BBB:C29 in 2000
    assert all(t.get_fontsize() >= 8 for t in ax.get_yticklabels())
    assert len(fig.axes) == 2  # the colour bar
    plt.close(fig)


def test_levels_and_within_figure(frame):
    fig = d.levels_and_within_figure(frame, "dig", "ser", bins=4)
    left, right = fig.axes
    assert left.get_xscale() == "log" and left.get_xlabel() == d.DIG_LABEL
    assert right.get_xlabel() == d.WITHIN_LABELS["dig"] and right.get_ylabel() == d.WITHIN_LABELS["ser"]
    assert "OLS slope 2" in right.get_legend().get_texts()[1].get_text()  # ser = 2 dig + 10
    plt.close(fig)


def test_measure_comparison_figure(frame):
    fig = d.measure_comparison_figure(frame, [("dig_direct", "dig", "direct", "complete")])
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("direct", "complete")
    assert ax.get_xscale() == "log"
    plt.close(fig)


def test_worked_example_on_synthetic_release(synthetic_release, cache_dir):
    niot = wiod.load_niot(["DEU"], synthetic_release)
    system = IOSystem.from_niot(niot)
    ex = d.worked_example(system, "DEU", 2014, "C29")
    assert list(ex.index) == ["C26", "J61", "J62_J63", "sum over D"]
    B = system.frame("B", "DEU", 2014)
    Am = system.frame("Am", "DEU", 2014)
    assert ex.loc["sum over D", "complete total b"] == pytest.approx(100 * B.loc[["C26", "J61", "J62_J63"], "C29"].sum())
    assert ex.loc["J61", "direct foreign a^m"] == pytest.approx(100 * Am.loc["J61", "C29"])
    parts = ex["complete domestic b^d"] + ex["complete foreign b - b^d"]
    assert np.allclose(parts, ex["complete total b"])
    assert np.allclose(ex["direct domestic a^d"] + ex["direct foreign a^m"], ex["direct total a"])


def test_ols_slope_without_variation_is_nan():
    assert np.isnan(d.ols_slope(pd.Series([1.0, 1.0, 1.0]), pd.Series([1.0, 2.0, 3.0])))
    assert np.isnan(d.ols_slope(pd.Series([1.0]), pd.Series([2.0])))
