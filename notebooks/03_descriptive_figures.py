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
# # 3. Descriptive figures
#
# ## Overview
#
# Before any regression, a reader of the paper wants to see the data: how digital dependence
# evolved, where it comes from, which countries and industries depend most on digital inputs, and
# whether dependence moves with upgrading and servitization at all. This chapter draws those
# pictures from the analysis panel of chapter 2.
#
# In this chapter you will learn
#
# * how digital dependence evolved over 2000-2014 in the four OECD technology groups, and why the
#   mean and the median tell different stories;
# * how its domestic and foreign parts changed;
# * which countries depend most on digital inputs in 2014, and where in the country x industry map
#   the extreme values sit;
# * how dependence relates to upgrading (ln TFP) and to servitization, in levels and within
#   country-industries, and why only the within comparison is meaningful here.
#
# It gives the descriptive background of claims 1, 2(c) and 3 of the paper (METHOD.md). The
# figures are descriptive: the causal claims are tested by GMM in chapters 4-6.

# %% tags=["parameters"]
wiod_dir = ""  # a local copy of the WIOD 2016 release; empty: $WIOD_DIR or data/raw/wiod2016
country_dir = ""  # folder with country_indicators.csv; empty: $COUNTRY_DIR or data/raw/country
sample = False  # True when the runner uses the synthetic sample release
year = 2014  # the cross-section year of the ranking and the heat map
bins = 20  # number of bins of the binned scatter plots

# %% [markdown]
# We load the library and read the analysis panel (from the cache chapter 2 filled).

# %%
import pandas as pd

from wiodbook import codes, descriptive, figures, panel

pd.set_option("display.precision", 3)
pd.set_option("display.max_columns", 14)
pd.set_option("display.width", 160)
if sample:
    print("Synthetic sample release: the numbers below illustrate the code, not the WIOD data.")
p = panel.build_panel(wiod_dir or None, country_dir or None)
s = p.sample
if year not in set(s["year"]):
    print(f"{year} is not in the panel; using {s['year'].max()} instead.")
    year = int(s["year"].max())
print(f"regression sample: {len(s):,} rows, {s['entity'].nunique()} country-industries, "
      f"{s['country'].nunique()} countries, {s['year'].min()}-{s['year'].max()}")

# %% [markdown]
# All figures use the regression sample: manufacturing industries other than `C26`, with finite
# dependence and ln TFP. Dependence is complete dependence on the core digital sectors, in digital
# inputs per 100 units of output.
#
# ## Dependence over time, by technology group
#
# The table gives the mean of dependence by OECD technology group in the first, a middle and the
# last year; the figure draws every year, for the mean and the median.

# %%
trend_mean = descriptive.group_trend(s, "dig", stat="mean")
trend_median = descriptive.group_trend(s, "dig", stat="median")
years = list(trend_mean.index)
pd.concat({"mean": trend_mean, "median": trend_median}, axis=1).loc[[years[0], years[len(years) // 2], years[-1]]]

# %% [markdown]
# Dependence is remarkably flat: on the full release the mean moves between about 5.9 and 6.3 per
# 100 of output over fifteen years, and the median rises only slightly, from about 4.4 to 4.6.

# %% caption="Digital dependence of manufacturing industries by OECD technology group, 2000-2014: mean (left) and median (right) over country-industries of the regression sample; the dashed line is all industries."
figures.publish(descriptive.dependence_trend_figure(s), "fig03_dependence_by_tech_group")

# %% [markdown]
# The medium-high technology group (chemicals, electrical equipment, machinery, vehicles, other
# transport) depends most on digital inputs, by a wide margin in the mean and a smaller one in the
# median: the gap between the two panels is the tail of a few very open economies (Malta above
# all, see the heat map below). The high group here is pharmaceuticals `C21` only, because
# electronics `C26` is out of the sample; it sits with the low and medium-low groups.
#
# ## Domestic and foreign digital inputs
#
# The table splits mean dependence into its domestic and foreign parts in every year.

# %%
by_year = descriptive.source_split(s, "year")
by_year

# %% [markdown]
# The foreign part is the larger one in every year and grows, while the domestic part shrinks:
# on the full release the domestic share of mean dependence falls from about 38% in 2000 to 33% in
# 2014, with a temporary rise in 2009 when trade collapsed. The figure shows the split and the
# domestic share by technology group.

# %% caption="Domestic and foreign digital dependence, 2000-2014: the mean domestic and foreign parts over country-industries, stacked (left), and the domestic share of mean dependence by technology group (right)."
figures.publish(descriptive.source_trend_figure(s), "fig03_domestic_foreign")

# %% [markdown]
# Total dependence hardly changed, but its source did: every technology group gets a smaller share
# of its digital inputs through purely domestic supply chains at the end of the period than at the
# start. The medium-high group, the most dependent, is also the most reliant on foreign sources.
#
# ## Countries ranked
#
# The table ranks countries in the cross-section year by their mean dependence over manufacturing
# industries, with the median and the domestic and foreign parts; it is written as
# `tab03_country_ranking`.

# %%
ranking = descriptive.country_ranking(s, year)
descriptive.write_table(
    ranking, "tab03_country_ranking",
    title=f"Digital dependence of manufacturing by country, {year}",
    notes=("Unweighted mean and median over the manufacturing industries of the regression sample "
           "(C26 excluded), complete dependence on the core digital sectors per 100 units of output; "
           "mean domestic + mean foreign = mean."),
)
pd.concat([ranking.head(5), ranking.tail(5)])

# %% [markdown]
# The top and the bottom five. The next figure shows every country, with the domestic and foreign
# parts of its mean.

# %% caption="Mean digital dependence of manufacturing industries by country in the cross-section year, split into domestic (blue) and foreign (orange) parts; when the top country is far ahead, its bar is cut at the edge and labelled with its value."
figures.publish(descriptive.country_ranking_figure(ranking), "fig03_country_ranking")

# %% [markdown]
# On the full release Malta is far ahead (about 30 per 100 of output, 95% of it foreign), followed
# by China, Hungary, the Netherlands and Czechia; Cyprus, Turkey, Brazil, Croatia and Lithuania
# depend least. The composition differs more than the level: China, Japan, the United States,
# Brazil, India and Russia get most of their digital inputs at home, while small open European economies
# (Hungary, Slovakia, Ireland, Luxembourg, Belgium) import almost all of theirs.
#
# ## Industries and countries
#
# The heat map shows every country-industry of the cross-section year, countries in the order of
# the ranking, industries grouped by technology level.

# %% caption="Digital dependence by country (rows, most dependent on top) and manufacturing industry (columns, grouped by OECD technology level) in the cross-section year, per 100 units of output on a log colour scale; hatched cells are outside the regression sample."
figures.publish(descriptive.dependence_heatmap(s, year, countries=list(ranking.index)), "fig03_heatmap_industry_country")

# %% [markdown]
# Two patterns stand out. Columns: electrical equipment `C27` and, less so, machinery `C28`,
# vehicles `C29` and other transport `C30` are bright in most countries, so industry explains much
# of the variation. Rows: Malta is bright almost everywhere, a country effect. The hatched cells
# are the entities chapter 2 drops (repair `C33` in several countries, Russian industries). Since
# industry and country effects are this strong, the regressions use entity fixed effects, and the
# relation to upgrading has to be read within entities.
#
# ## Dependence and upgrading
#
# Let $\tilde y_{it}$ and $\tilde x_{it}$ be ln TFP and dependence net of entity and year means.
# The left panel plots the levels; the right panel a binned scatter of $\tilde y$ against
# $\tilde x$ (the means of both in equal-count bins of $\tilde x$) with the OLS line, whose slope is
# the two-way fixed-effects coefficient of a static regression of ln TFP on dependence.

# %% caption="Digital dependence and upgrading: ln TFP against dependence for every entity-year, coloured by technology group (left, log horizontal scale), and a binned scatter of both net of entity and year means with the OLS line (right)."
figures.publish(descriptive.levels_and_within_figure(s, "dig", "upg", bins=bins), "fig03_dependence_upgrading")

# %% [markdown]
# The levels panel shows no pattern worth reading: ln TFP is in national currency units, so its
# level differs between countries for reasons (the unit of the currency) that have nothing to do
# with productivity. Within entities, the cell below computes the slope of the right panel.

# %%
within = descriptive.two_way_demean(s, ["dig", "upg"])
slope_upg = descriptive.ols_slope(within["dig"], within["upg"])
print(f"within slope of ln TFP on dependence: {slope_upg:.4f} log points per unit of dependence "
      f"({len(within):,} entity-years)")

# %% [markdown]
# On the full release the static within relation is slightly *negative* (about -0.007: one more
# unit of digital inputs per 100 of output goes with 0.7% lower TFP): the binned means decline
# gently across the range, with the largest drop in the top three bins. This is a descriptive
# correlation, not the paper's estimate: the paper's model is dynamic (lagged upgrading), treats
# dependence as endogenous and uses system GMM. Chapter 4 estimates it and reports whether the
# positive effect of claim 1 appears.
#
# ## Servitization and dependence
#
# The third mechanism of the paper is servitization: the complete consumption of service inputs
# (excluding the digital services, which would make it mechanically related to dependence). The
# figure repeats the two views.

# %% caption="Servitization and digital dependence: service inputs against digital inputs, both per 100 units of output, for every entity-year (left, log horizontal scale) and as a binned scatter net of entity and year means with the OLS line (right)."
figures.publish(descriptive.levels_and_within_figure(s, "dig", "ser", bins=bins), "fig03_servitization_dependence")

# %% [markdown]
# Both views slope upwards. The cell prints the within slope.

# %%
within_ser = descriptive.two_way_demean(s, ["dig", "ser"])
print(f"within slope of servitization on dependence: "
      f"{descriptive.ols_slope(within_ser['dig'], within_ser['ser']):.3f} service inputs per digital input")

# %% [markdown]
# On the full release one more unit of digital inputs goes with about 0.7 more units of service
# inputs, within country-industries. Part of this is common supply chains (an industry that
# buys more intermediate inputs of every kind raises both), which is why chapter 5 tests the
# servitization channel with the three-step mediation rather than reading it off this picture.
#
# ## Key takeaways
#
# * Digital dependence of manufacturing barely changed over 2000-2014, but its source shifted
#   abroad: the domestic share fell by about five percentage points.
# * Medium-high technology industries depend most on digital inputs; the gap between mean and
#   median comes from a few very open economies, Malta first.
# * Countries differ more in where digital inputs come from than in how many they use: large
#   economies source at home, small open ones abroad.
# * Industry and country effects dominate the levels; within country-industries, dependence moves
#   with servitization, while its static relation to ln TFP is weak and slightly negative.
#
# ## Exercises
#
# 1. Redraw the ranking figure with the median instead of the mean. Which countries move most?
# 2. Draw the trend figure for the foreign part `dig_for` only. Does the ordering of the technology
#    groups change?
# 3. Compute long differences between the first and the last year (change in `dig` and change in
#    `upg` per entity) and their correlation. Does it agree with the within slope?
#
# <details><summary>Solution 1</summary>
#
# ```python
# ranking_median = ranking.sort_values("median", ascending=False)
# (ranking["rank"] - ranking["median"].rank(ascending=False)).sort_values()
# ```
# A negative number is a country that falls in the median ranking. On the full release Taiwan,
# Mexico, Czechia and Indonesia fall most: one or a few extreme industries (electrical equipment
# above all) raise their mean. Romania, Greece and the United States, with uniformly moderate
# dependence, rise.
# </details>
#
# <details><summary>Solution 2</summary>
#
# ```python
# descriptive.group_trend(s, "dig_for", stat="median")
# figures.publish(descriptive.dependence_trend_figure(s, "dig_for"), "fig03_exercise_foreign")
# ```
# The medium-high group stays on top; the foreign part rises in every group.
# </details>
#
# <details><summary>Solution 3</summary>
#
# ```python
# first, last = s["year"].min(), s["year"].max()
# wide = s[s["year"].isin([first, last])].pivot_table(index="entity", columns="year", values=["dig", "upg"])
# change = (wide.xs(last, axis=1, level="year") - wide.xs(first, axis=1, level="year")).dropna()
# change.corr(), descriptive.ols_slope(change["dig"], change["upg"])
# ```
# On the full release the correlation of the fifteen-year changes is about 0.01 and the slope
# about zero (751 entities): over the long horizon, entities whose dependence rose did not upgrade
# faster or slower than the others. Neither static view supports claim 1 by itself; the dynamic
# GMM model of chapter 4 is the test.
# </details>
#
# ## References
#
# * Chetty, R., Friedman, J. N. and Rockoff, J. E. (2014). Measuring the impacts of teachers II.
#   *American Economic Review* 104(9): 2633-2679 (binned scatter plots with fixed effects).
# * Okabe, M. and Ito, K. (2008). Color universal design (CUD): how to make figures and
#   presentations that are friendly to colorblind people. J*Fly.
# * Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015). An
#   illustrated user guide to the World Input-Output Database: the case of global automotive
#   production. *Review of International Economics* 23(3): 575-605.
