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
# # 2. Digital dependence of manufacturing industries
#
# ## Overview
#
# The paper's key regressor is how much a manufacturing industry depends on digital technology,
# measured "from the perspective of production factor inputs" with the input-output method, and
# split into digital inputs "from domestic sources" and "from foreign sources". This chapter turns
# the coefficients of chapter 1 into that measure and builds the panel every later chapter
# estimates on.
#
# In this chapter you will learn
#
# * why the measure sums *complete* consumption coefficients $b_{ij}$ rather than direct
#   coefficients $a_{ij}$, and how large the difference is;
# * how one industry's dependence splits into digital sectors and into domestic and foreign parts
#   (a worked example);
# * how the core and broad sets of digital sectors compare;
# * how the analysis panel is built, which country-industries leave the regression sample and why;
# * what every column of the panel means (the data dictionary) and how the regression variables are
#   distributed (the paper's variable table), including the quirks of the data.
#
# It reproduces the measurement step behind claims 1 and 3(d) of the paper (METHOD.md): the
# dependence measure and its domestic/foreign split [paper]; the sets of digital sectors, the
# upgrading measure and the controls are the [standard] choices of METHOD.md.

# %% tags=["parameters"]
wiod_dir = ""  # a local copy of the WIOD 2016 release; empty: $WIOD_DIR or data/raw/wiod2016
country_dir = ""  # folder with country_indicators.csv; empty: $COUNTRY_DIR or data/raw/country
sample = False  # True when the runner uses the synthetic sample release
country = "DEU"  # the worked example: country ...
industry = "C29"  # ... industry (motor vehicles) ...
year = 2014  # ... and year (the latest of the release)

# %% [markdown]
# We load the library (one module per step of the data flow) and set how tables print.

# %%
import numpy as np
import pandas as pd

from wiodbook import codes, descriptive, figures, panel, wiod
from wiodbook.inputoutput import IOSystem

pd.set_option("display.precision", 3)
pd.set_option("display.max_columns", 14)
pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 120)
if sample:
    print("Synthetic sample release: the numbers below illustrate the code, not the WIOD data.")

# %% [markdown]
# ## Why complete rather than direct coefficients
#
# Let
#
# * $D$ be the set of digital sectors: by default the core set computers and electronics `C26`,
#   telecommunications `J61` and IT and information services `J62_J63`;
# * $a_{ij}$ be the direct input of product $i$ per unit of output of industry $j$ (chapter 1);
# * $b_{ij}$ be the complete consumption coefficient, the element of $B = (I - A)^{-1} - I$.
#
# Direct dependence counts only what industry $j$ buys from the digital sectors itself,
# $\sum_{i \in D} a_{ij}$. But a car maker also uses digital technology embodied in its other
# inputs: the electronics in the engines, gearboxes and seats it buys, the IT services behind its
# logistics provider. Because $B = A + A^2 + A^3 + \dots$, the complete coefficient adds every
# indirect round, and the paper's measure is
#
# $$\text{DIG}_j = 100 \sum_{i \in D} b_{ij},$$
#
# digital inputs per 100 units of output, directly and through all supply chains. With
# $B^d = (I - A^d)^{-1} - I$, the inverse of domestic inputs only,
#
# $$\text{DIG}^{dom}_j = 100 \sum_{i \in D} b^d_{ij}, \qquad \text{DIG}^{for}_j = \text{DIG}_j -
# \text{DIG}^{dom}_j .$$
#
# The domestic part counts domestic digital products reached through domestic supply chains; the
# foreign part counts imported digital products and every chain that passes through an imported
# input.
#
# ## A worked example
#
# The next cell reads the national table of the example country (from the parsed-table cache),
# falls back to the first country and the latest year of the copy when the parameters are not in
# it, and computes its coefficients.

# %%
available = wiod.available_countries(wiod_dir or None)
if country not in available:
    print(f"{country} is not in this copy of the release; using {available[0]} instead.")
    country = available[0]
niot = wiod.load_niot([country], base=wiod_dir or None)
years = sorted(niot.index.get_level_values("year").unique())
if year not in years:
    print(f"{year} is not in the tables; using {years[-1]} instead.")
    year = int(years[-1])
system = IOSystem.from_niot(niot)
example = descriptive.worked_example(system, country, year, industry)
print(f"{industry} ({country}, {year}): digital inputs per 100 units of output")
example

# %% [markdown]
# Each row is one digital sector; the last row sums them. The first three columns are the direct
# coefficients (split by the origin of the product), the last three the complete ones (split by
# whether the whole supply chain stays at home). For German motor vehicles in 2014 the direct
# purchases of digital products are about 1.4 per 100 of output, while the complete requirement is
# about 5.3, nearly four times larger: most of the digital content arrives embodied in other
# inputs (IT services `J62_J63` and electronics `C26` above all), and almost two thirds of it
# through chains that cross the border.
#
# The next cell prints the two ratios that summarise the example.

# %%
total = example.loc["sum over D"]
print(f"complete / direct dependence: {total['complete total b'] / total['direct total a']:.2f}")
print(f"domestic share, direct: {total['direct domestic a^d'] / total['direct total a']:.1%}; "
      f"complete: {total['complete domestic b^d'] / total['complete total b']:.1%}")

# %% [markdown]
# The domestic share of the complete measure is lower than that of the direct one: imported
# intermediate inputs carry digital content of their own.
#
# ## Building the analysis panel
#
# `panel.build_panel` computes every variable of METHOD.md for all countries, manufacturing
# industries and years: the dependence measures from the national tables, upgrading (ln TFP by
# default), controls and mechanisms from the Socio-Economic Accounts, and the country series for
# the heterogeneity chapters. It is cached, so later chapters read it in a second. The cell prints
# its own report.

# %%
p = panel.build_panel(wiod_dir or None, country_dir or None)
print(p.describe())

# %% [markdown]
# The report gives the shape (one row per country x manufacturing industry x year), the parameters,
# the size of the regression sample and every reason a row of a regression industry is out. `C26`
# stays in the panel but out of the sample: it is itself a digital producer, so its dependence
# partly measures its own output (`include_c26=True` is a robustness check in chapter 4).
#
# The table below lists the entities (country x industry) that leave the sample entirely, with
# the reason.

# %%
dropped = p.dropped_entities()
print(f"{len(dropped)} of {len(p.regression_entities())} regression entities drop entirely")
dropped

# %% [markdown]
# On the full release these are 18 entities: repair and installation `C33` in ten countries whose
# tables do not separate it, five further Russian industries, pharmaceuticals `C21` in Turkey and
# refined petroleum `C19` in Cyprus and Luxembourg. All have no output in the NIOT and no value
# added, capital or employment in the SEA. Their ln TFP cannot be computed,
# and with zero output their dependence is undefined too. The next table lists entities that lose
# only some years.

# %%
p.partially_dropped()

# %% [markdown]
# Here the reason is a non-positive value-added volume index, capital stock or employment in single
# years (coke and refined petroleum `C19` in Brazil, Bulgaria and Latvia, for example). The
# regression sample is the rest:

# %%
s = p.sample
print(f"regression sample: {len(s):,} rows, {s['entity'].nunique()} entities, "
      f"{s['country'].nunique()} countries, {s['industry'].nunique()} industries, "
      f"years {s['year'].min()}-{s['year'].max()}")

# %% [markdown]
# The sample is nearly balanced: almost every entity is observed in every year.
#
# ## Direct vs complete, core vs broad
#
# The table compares the default measure with two alternatives over the regression sample: direct
# dependence (the sum of $a_{ij}$) and the broad digital set (adding publishing `J58` and film,
# broadcasting `J59_J60`).

# %%
comparison = descriptive.compare_measures(s, {
    "direct vs complete": ("dig_direct", "dig"),
    "core vs broad": ("dig", "dig_broad"),
})
comparison

# %% [markdown]
# Complete dependence is on average about three times the direct one, and the two are strongly but
# not perfectly correlated (rank correlation near 0.8): the ranking of industries changes when the
# indirect rounds are counted. The broad set adds about a fifth to the core measure and ranks
# entities almost identically (correlations near 0.98), so the choice of set matters little.
#
# The figure shows both comparisons for the example year, one point per country-industry.

# %% caption="Digital dependence of manufacturing country-industries in the latest year: complete against direct (left) and broad against core digital sectors (right), per 100 units of output, log scales; the dashed line is the 45-degree line."
latest = s[s["year"] == year]
figures.publish(
    descriptive.measure_comparison_figure(latest, [
        ("dig_direct", "dig", "direct dependence (per 100 of output)", "complete dependence (per 100 of output)"),
        ("dig", "dig_broad", "core digital sectors (per 100 of output)", "broad digital sectors (per 100 of output)"),
    ]),
    "fig02_direct_vs_complete",
)

# %% [markdown]
# Every point lies above the 45-degree line in the left panel (indirect rounds only add), and the
# gap is widest for the industries with little direct digital purchase. On the right the points
# hug the line: the two extra sectors matter only for a few industries (printing `C18`, for
# which publishing is a main input).
#
# ## Domestic vs foreign
#
# The table splits dependence by source and technology group in the first and last year of the
# sample.

# %%
first, last = int(s["year"].min()), int(s["year"].max())
descriptive.source_split(s[s["year"].isin([first, last])], ["tech_group", "year"]).loc[list(codes.TECH_ORDER)]

# %% [markdown]
# The foreign part is larger than the domestic one on average, and more so in the medium-high
# technology group (machinery, vehicles, electrical equipment). In every group the domestic share
# fell between the first and last year: digital inputs increasingly arrive through international
# supply chains. Chapter 3 shows the trend year by year, and chapter 6 asks whether the source
# matters for upgrading (claim 3(d)).
#
# ## The data dictionary
#
# Every column of the panel is documented in one place, `panel.DATA_DICTIONARY`, from which
# `data/README.md` is generated. Status **paper** marks what the paper's abstract fixes,
# **standard** the reconstructions of METHOD.md.

# %%
with pd.option_context("display.max_colwidth", 90, "display.max_rows", 100):
    display(panel.data_dictionary_frame().set_index("name")[["meaning", "unit", "source", "status"]])

# %% [markdown]
# Besides identifiers, the panel holds twelve dependence columns (complete and direct, total,
# domestic and foreign, for the core and the broad set), the leave-one-out instrument, four
# upgrading measures, the controls, the mechanism variables and the country series.
#
# ## The variable table
#
# The paper's descriptive-statistics table covers the dependent variable, the dependence measures,
# the controls and the mechanism variables, over the regression sample. The cell computes it and
# writes it to the output folder as CSV, Markdown and LaTeX (`tab02_summary_statistics`).

# %%
variables = descriptive.summary_table(s).drop(columns="meaning")
descriptive.write_table(
    variables, "tab02_summary_statistics",
    title="Descriptive statistics of the regression variables",
    notes=("Regression sample (C26 excluded; finite ln TFP and dependence). upg is ln TFP; dig, dig_dom "
           "and dig_for are complete dependence on the core digital sectors per 100 units of output. "
           "Levels of upg, size and kdeep are in national currency units."),
)
variables

# %% [markdown]
# N is the same for every variable: the sample flag already requires finite upgrading and
# dependence, and the other variables are finite wherever those are. Several columns deserve a
# plain warning before any regression.
#
# ## Quirks of the data
#
# The table counts the quirks METHOD.md lists in the regression sample (nothing is changed; the
# table is also written as `tab02_data_quirks`).

# %%
quirks = descriptive.data_quirks(s)
descriptive.write_table(quirks, "tab02_data_quirks", title="Quirks of the regression sample")
quirks

# %% [markdown]
# What the rows say, on the full release:
#
# * **Extreme dependence in very open small economies.** Malta's electrical equipment `C27` and
#   machinery `C28` need up to about 88 digital inputs per 100 of output, almost all of it foreign,
#   against a sample median near 4.5. Malta supplies about half of the rows above five times the
#   median; Hungary, China, Switzerland and Taiwan follow. The mean of `dig` is pulled up by these
#   cells, which is why chapter 3 shows medians next to means and chapter 4 winsorises as a
#   robustness check.
# * **Export intensity above 1.** Exports exceed output in a couple of cells (re-exports recorded
#   as exports of domestic products); the minimum is a rounding-size negative number.
# * **Labour share above 1.** In about 300 rows labour compensation exceeds value added (tiny or
#   negative value added; Taiwan, Cyprus, Croatia, Greece, Bulgaria). The maximum of `lab_share` in
#   the variable table (about 20) comes from such a cell, so the labour-share mechanism is the
#   fragile one of M1.
# * **Almost all inputs imported.** Luxembourg's other transport equipment `C30` imports more than
#   95% of its intermediate inputs.
# * **Misallocation and servitization outliers.** `mis` reaches about 55 in Indonesia (a few
#   industries with capital far out of line with their value-added share) and `ser` exceeds 200 in
#   Latvia's refined petroleum `C19`: small industries with tiny output have large coefficients.
# * **ln TFP in national currency.** The levels of `upg`, `size` and `kdeep` are in national
#   currency units (millions of yen and of euros are not comparable), so their means and ranges
#   across countries mean nothing; only changes within a country-industry are comparable, and
#   every model has entity effects.
#
# ## Key takeaways
#
# * Digital dependence sums complete consumption coefficients $b_{ij}$ over the digital sectors:
#   it counts digital technology embodied in all inputs, and is on average about three times the
#   direct measure.
# * The foreign part is larger than the domestic part on average, and the domestic share has been
#   falling; medium-high technology industries depend most on digital inputs.
# * The core and broad digital sets rank entities almost identically.
# * The regression sample drops 18 entities whose ln TFP or dependence cannot be computed, each
#   listed with its reason; the variable table is written to `tab02_summary_statistics`.
# * Extreme dependence in Malta, labour shares above one and national-currency levels are features
#   of the data to keep in mind, not errors to fix.
#
# ## Exercises
#
# 1. Recompute the worked example with the broad digital set. Which of the two extra sectors
#    matters more for motor vehicles?
# 2. Which five entities have the largest ratio of complete to direct dependence in the latest
#    year, and what do they have in common?
# 3. Rebuild the variable table without Malta. How much do the mean and standard deviation of
#    `dig` change?
#
# <details><summary>Solution 1</summary>
#
# ```python
# descriptive.worked_example(system, country, year, industry, digital="broad")
# ```
# The rows `J58` and `J59_J60` appear; publishing (`J58`, which includes software publishing) is
# the larger of the two for most manufacturing industries.
# </details>
#
# <details><summary>Solution 2</summary>
#
# ```python
# latest = s[s["year"] == year].assign(ratio=lambda d: d["dig"] / d["dig_direct"])
# latest.nlargest(5, "ratio")[["entity", "dig_direct", "dig", "ratio"]]
# ```
# On the full release refined petroleum `C19` (Australia, Japan, Czechia) and several Maltese
# industries top the list: they buy almost no digital products directly, but their main inputs
# (crude oil, imported materials) carry digital content of their own, so a small direct figure is
# multiplied dozens of times.
# </details>
#
# <details><summary>Solution 3</summary>
#
# ```python
# descriptive.summary_table(s[s["country"] != "MLT"]).loc[["dig", "dig_for"], ["mean", "sd", "max"]]
# ```
# Without Malta the mean of `dig` falls by about half a point and its standard deviation by about
# a third: a single small economy shapes the tail of the distribution.
# </details>
#
# ## References
#
# * Miller, R. E. and Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*,
#   2nd ed., Cambridge University Press, chapters 2 and 6.
# * Galindo-Rueda, F. and Verger, F. (2016). OECD taxonomy of economic activities based on R&D
#   intensity. *OECD Science, Technology and Industry Working Papers* 2016/04.
# * Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015). An
#   illustrated user guide to the World Input-Output Database: the case of global automotive
#   production. *Review of International Economics* 23(3): 575-605.
