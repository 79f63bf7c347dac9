# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 7. Specification curve and replication scorecard
#
# ## Overview
#
# A single regression is one path through many defensible choices: how to measure digital
# dependence, how to measure upgrading, which estimator, which sample. The paper fixes some of
# them [paper]; the rest are the [standard] choices of this literature, and the book made each
# of them a named parameter. This chapter fits the dependence coefficient on *every*
# combination of those choices and shows the whole distribution (a specification curve, Simonsohn,
# Simmons and Nelson 2020), then sets each claim of the paper next to what the book finds.
#
# In this chapter you will learn to
#
# * enumerate the specifications and fit them all, in parallel and cached;
# * read a specification curve: the coefficients ordered by size with their confidence
#   intervals, and beneath them which choices each point uses;
# * summarise it by the share of specifications that are positive and significant, overall and
#   by choice;
# * judge each claim of the paper (claims 1, 2a-2c and 3a-3d of METHOD.md) by explicit rules
#   computed from the estimates: the replication scorecard.

# %% tags=["parameters"]
wiod_dir = ""  # a local copy of the WIOD 2016 release; empty: $WIOD_DIR or data/raw/wiod2016
country_dir = ""  # the folder with country_indicators.csv; empty: $COUNTRY_DIR or data/raw/country
sample = False  # True when the runner uses the synthetic sample release

# %% [markdown]
# We load the library: the panel, the estimators and the scorecard (which also holds the
# specification-curve summaries and figure).

# %%
import time

import pandas as pd
from IPython.display import HTML

from wiodbook import config, estimation, figures, panel, scorecard

pd.set_option("display.precision", 4)
pd.set_option("display.max_columns", 12)
pd.set_option("display.width", 140)
pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# The next cell builds the analysis panel (or reads it from the cache).

# %%
built = panel.build_panel(wiod_dir or None, country_dir or None)
data = built.data
print(f"{'synthetic sample' if sample else 'WIOD 2016'}: {data['country'].nunique()} countries x "
      f"{data['industry'].nunique()} manufacturing industries x {data['year'].nunique()} years")

# %% [markdown]
# ## The choices
#
# Every [standard] choice of METHOD.md that changes the dependence coefficient, with its
# alternatives:
#
# * DIG: complete or direct dependence, on the core (C26, J61, J62_J63) or broad (+ J58,
#   J59_J60) digital sectors: 4 measures;
# * UPG: ln TFP, ln labour productivity, the value-added rate, ln TFP with hours: 4 measures;
# * estimator: two-step system GMM, difference GMM, static fixed effects: 3;
# * sample: with or without C26 (itself a digital producer), with or without the crisis years
#   2008-2009: 2 x 2.
#
# That is $4 \times 4 \times 3 \times 2 \times 2 = 192$ specifications. Every one keeps the
# controls and year effects, and the GMM ones use the baseline instruments
# (`gmm(UPG DIG, lag(2 3) collapse)`). The cell lists the grid.

# %%
specs = estimation.spec_grid()
grid = pd.DataFrame([s.__dict__ for s in specs])
print(f"{len(specs)} specifications")
grid.nunique().rename("values")

# %% [markdown]
# Five choices with 4, 4, 3, 2 and 2 values: 192 combinations.
#
# ## Fitting every specification
#
# `estimation.specification_curve` fits them in parallel on the available cores and caches the
# result, keyed by the panel's values, the list of specifications and the estimator's code: a
# rerun reads the cache instead of refitting. The cell times the call.

# %%
start = time.perf_counter()
curve = estimation.specification_curve(data, specs)
elapsed = time.perf_counter() - start
fit_seconds = curve.attrs.get("seconds", elapsed)
workers = curve.attrs.get("workers", "?")
if curve.attrs.get("from_cache"):
    print(f"{len(curve)} specifications read from the cache in {elapsed:.1f} s; "
          f"fitting them took {fit_seconds:.1f} s on {workers} worker(s)")
else:
    print(f"{len(curve)} specifications fitted in {elapsed:.1f} s on {workers} worker(s)")
failed = curve[curve["error"] != ""]
print(f"specifications that could not be estimated: {len(failed)}")
failed[["dig", "upg", "estimator", "include_c26", "drop_crisis", "error"]]

# %% [markdown]
# The first line is the run time of the whole curve (the original fit when it came from the
# cache). A specification that cannot be estimated would be listed with its error and kept as a
# point without an estimate, never silently dropped.
#
# ## The specification curve
#
# The top panel orders the 192 coefficients on DIG from smallest to largest, each with its 95%
# confidence interval, coloured by sign and significance; the baseline is circled. The bottom
# panel has one row per choice: a mark in a column says that the point above uses it.

# %% caption="Specification curve: the coefficient on digital dependence in every combination of the standard choices (4 DIG measures x 4 UPG measures x 3 estimators x with/without C26 x with/without 2008-2009), ordered by size with 95% confidence intervals (top; intervals beyond the plot edge are cut, marked by a triangle), and the choices each specification uses (bottom)."
figures.publish(scorecard.specification_curve_figure(curve), "fig07_specification_curve")

# %% [markdown]
# Read the bottom panel column by column: a cluster of marks at one end of a row says that the
# choice in that row pulls the coefficient that way. The coefficients are in units of each UPG
# measure (log points for the logs, a ratio for the value-added rate), so their sizes are
# comparable within a UPG row, and their signs and significance everywhere.
#
# ## How much of the curve supports a positive effect?
#
# The table gives, overall and for each value of each choice, the number of specifications, the
# share whose coefficient is positive and significant at 5% (two-sided), the share that is
# negative and significant, and the median coefficient.

# %%
shares = scorecard.share_by_choice(curve)
overall = shares.loc[("all", "all specifications")]
print(f"positive and significant: {overall['positive_significant']:.1%} of {int(overall['n'])} specifications; "
      f"negative and significant: {overall['negative_significant']:.1%}")
shares

# %% [markdown]
# The first row is the summary the paper's claim 1 is about: if digital dependence raised
# upgrading robustly, most of the curve would be positive and significant. The rows below show
# which choices move the share; the estimator rows are the ones to read first, since the three
# estimators rest on different assumptions about the lagged dependent variable and about which
# variation in DIG identifies the effect.
#
# For the GMM points, the diagnostics matter as much as the coefficient. The cell gives the
# share of GMM specifications whose AR(2) and Hansen p-values both exceed 0.10, and the share
# positive and significant among them.

# %%
gmm_points = curve[curve["estimator"] != "fe"]
passing = gmm_points[(gmm_points["ar2_p"] > 0.10) & (gmm_points["hansen_p"] > 0.10)]
print(f"GMM specifications: {len(gmm_points)}; passing both diagnostics: {len(passing)} "
      f"({len(passing) / max(len(gmm_points), 1):.0%}); positive and significant among those: "
      f"{passing['positive_significant'].mean() if len(passing) else float('nan'):.1%}")

# %% [markdown]
# Restricting the curve to GMM specifications with acceptable diagnostics is one more way to
# ask whether the positive points are the well-specified ones.
#
# ## The replication scorecard
#
# The scorecard sets each claim of the paper next to the estimate the book uses to judge it,
# with its uncertainty, and gives a plain verdict: *replicates*, *partly* or *does not
# replicate*. The verdicts are not written by hand. They follow the rules below, written as code
# (`wiodbook.scorecard`, tested on constructed inputs) and applied the same way whatever the
# data say.

# %%
for claim, rule in scorecard.RULES.items():
    print(f"claim {claim}: {rule}\n")

# %% [markdown]
# In words: claim 1 needs a positive significant baseline with clean diagnostics and robustness
# checks that mostly agree in sign; a mechanism needs a positive, significant indirect effect
# with DIG moving the mechanism in the direction the channel implies (capital deepening up,
# misallocation down, service inputs up); a heterogeneity claim needs the difference in the
# claimed direction, significant in the preferred test (the interaction for the country series,
# as METHOD.md asks; the split for technology), and a positive effect where the claim says it is
# larger; claim 3d needs domestic above foreign with a significant Wald test.
#
# The next cell recomputes every input through the library: the baseline, the robustness
# columns (taken from the curve where they are single points of it; winsorising, uncollapsed
# instruments and FE-IV fitted here), the three mediations (chapter 5) and the heterogeneity
# tests (chapter 6). It prints the robustness columns.

# %%
data_label = ("synthetic sample release (6 countries; its data-generating process has a known positive "
              "effect of DIG, the same in every industry and country): it says nothing about the real data"
              if sample else "WIOD 2016 release (43 countries, 2000-2014)")
start = time.perf_counter()
evidence = scorecard.collect_evidence(data, curve=curve, data_label=data_label)
print(f"evidence computed in {time.perf_counter() - start:.1f} s")
for note in evidence["notes"]:
    print("GMM estimator note:", note)
evidence["robustness"]

# %% [markdown]
# Each robustness column changes one choice of the baseline. Any note the GMM estimator made
# (for example more instruments than groups in a small sample) is printed above the table.
#
# The cell builds the scorecard and prints the count of verdicts.

# %%
card = scorecard.build_scorecard(evidence)
print(scorecard.summary(card))
card[["claim", "measure", "estimate", "se", "p", "verdict"]]

# %% [markdown]
# One row per claim: the headline estimate, its standard error and p-value, and the verdict.
# The reasons give every number the rule looked at:

# %%
for row in card.itertuples():
    print(f"{row.claim} [{row.verdict}] {row.reason}\n")

# %% [markdown]
# The printed verdicts, not this text, are the book's finding on the data it ran on. On the
# synthetic sample, whose effect is positive and the same everywhere by construction,
# "replicates" is the expected answer for claim 1, and any heterogeneity verdict other than
# "does not replicate" is noise from splits of two or three countries. On the real release the
# verdicts are whatever the rules make of the estimates above.
#
# The writer saves the scorecard as `scorecard.csv` (the numbers), `scorecard.md` and
# `scorecard.html` (a self-contained table that the book runner shows on the book's index page).
# `scorecard.update_readme(card)` puts the Markdown table into the project README between its
# scorecard markers; the maintainers run it after a full build on the real data.

# %%
paths = scorecard.write(card, folder=config.output_dir())
print("written:", ", ".join(p.name for p in paths.values()))
HTML(scorecard.to_html(card))

# %% [markdown]
# The table above is the scorecard as it appears on the book's index page.
#
# ## Key takeaways
#
# * One regression is one point of a specification curve. Showing all 192 combinations of the
#   standard choices, with the share that is positive and significant, says how much a
#   conclusion depends on choices the paper does not fix.
# * The curve is fitted in parallel and cached, so the whole robustness picture costs about a
#   minute once and nothing on a rerun; the chapter prints the run time.
# * Verdicts come from written rules applied to the estimates, the same for every claim and
#   every data set; a claim that does not replicate is a result, not something to tune away.
#
# ## Exercises
#
# 1. Redraw the curve for the system-GMM specifications only. How does the share positive and
#    significant compare with the whole curve?
# 2. Which single choice moves the median coefficient most? Use the `median_coef` column of the
#    share table.
# 3. Change the significance level of the scorecard to 10% (`scorecard.ALPHA = 0.10`) and
#    rebuild it. Which verdicts change?
#
# <details><summary>Solution 1</summary>
#
# ```python
# system = curve[curve["estimator"] == "system"]
# figures.publish(scorecard.specification_curve_figure(system), "ex07_system_only")
# system["positive_significant"].mean(), curve["positive_significant"].mean()
# ```
# </details>
#
# <details><summary>Solution 2</summary>
#
# ```python
# m = shares["median_coef"].drop(("all", "all specifications"))
# spread = m.groupby(level="choice").agg(lambda s: s.max() - s.min())
# spread.sort_values(ascending=False)
# ```
# The spread of the median across the values of each choice shows which one matters most.
# </details>
#
# <details><summary>Solution 3</summary>
#
# ```python
# scorecard.ALPHA = 0.10
# relaxed = scorecard.build_scorecard(evidence)
# scorecard.ALPHA = 0.05
# pd.DataFrame({"5%": card["verdict"], "10%": relaxed["verdict"]}, index=card["claim"].to_numpy())
# ```
# A verdict that changes with the level is one to report with care.
# </details>
#
# ## References
#
# * Baron, R. M. and Kenny, D. A. (1986). The moderator-mediator variable distinction in social
#   psychological research. *Journal of Personality and Social Psychology* 51(6): 1173-1182.
# * Simonsohn, U., Simmons, J. P. and Nelson, L. D. (2020). Specification curve analysis.
#   *Nature Human Behaviour* 4: 1208-1214.
# * Sobel, M. E. (1982). Asymptotic confidence intervals for indirect effects in structural
#   equation models. *Sociological Methodology* 13: 290-312.
# * Steegen, S., Tuerlinckx, F., Gelman, A. and Vanpaemel, W. (2016). Increasing transparency
#   through a multiverse analysis. *Perspectives on Psychological Science* 11(5): 702-712.
# * Roodman, D. (2009). How to do xtabond2: an introduction to difference and system GMM in
#   Stata. *Stata Journal* 9(1): 86-136.
