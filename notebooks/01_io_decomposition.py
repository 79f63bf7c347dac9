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
# # 1. Input-output decomposition of the WIOD national tables
#
# ## Overview
#
# The paper measures how much each manufacturing industry depends on digital technology "from the
# perspective of production factor inputs", with the input-output (I-O) method. Everything later in
# this book stands on the algebra of this chapter.
#
# In this chapter you will learn to
#
# * read a WIOD 2016 national input-output table (NIOT) and recognise its blocks;
# * compute the technical coefficients $A$, split into domestic $A^d$ and imported $A^m$ inputs;
# * compute the Leontief inverses $L$ and $L^d$ and the complete consumption coefficients
#   $B = L - I$, and say what a coefficient means;
# * check the accounting identities on every one of the 645 country-years of the release, and find
#   the known imbalances of the source.
#
# It reproduces the I-O step of the paper [paper: I-O method]; the choices it makes (zero-output
# columns, what counts as final use) are the standard ones of METHOD.md.

# %% tags=["parameters"]
wiod_dir = ""  # a local copy of the WIOD 2016 release; empty: $WIOD_DIR or data/raw/wiod2016
country = "DEU"  # the country-year used as the worked example
year = 2014
sample = False  # True when the runner uses the synthetic sample release

# %% [markdown]
# We load the library: one module per step of the data flow.

# %%
import numpy as np
import pandas as pd

from wiodbook import codes, figures, wiod
from wiodbook.inputoutput import IOSystem

pd.set_option("display.precision", 4)
pd.set_option("display.max_columns", 12)

# %% [markdown]
# ## The national input-output table
#
# A NIOT describes one economy in one year, in current US dollars (millions). For each of the 56
# industries (ISIC Rev. 4) it records
#
# * which products it buys as intermediate inputs, from domestic producers (`Domestic` rows) and
#   from abroad (`Imports` rows): the blocks $Z^d$ and $Z^m$;
# * what it pays in taxes on products, value added and so on (the closing `TOT` rows), adding up
#   to its output $x$ (row `GO`);
# * to whom each product is sold as final use: households, government, investment, inventories and
#   exports (the columns after the 56 industries).
#
# The next cell reads all the tables in the copy (from the parsed-table cache when it is warm) and
# shows the shape of the stacked frame and the corner of the worked example.

# %%
niot = wiod.load_niot(base=wiod_dir or None)
countries = niot.index.get_level_values("country").unique()
print(f"{len(countries)} countries x {niot.index.get_level_values('year').nunique()} years; "
      f"frame of {niot.shape[0]:,} rows x {niot.shape[1]} columns")
example = niot.loc[(country, year)]
example.iloc[[0, 1, 19, 56, 57, 112, 117, 119], [0, 1, 19, 56, 61, 62]]

# %% [markdown]
# Each country-year has 120 rows: 56 domestic product rows, 56 imported product rows and the eight
# closing rows from `II_fob` (total intermediate inputs) to `GO` (output). Columns are the 56 using
# industries, the six final-use categories and output.
#
# ## Technical coefficients
#
# Let
#
# * $x_j$ be the output of industry $j$ (row `GO`);
# * $z^d_{ij}$ and $z^m_{ij}$ be the purchases of domestic and imported product $i$ by industry $j$.
#
# The technical coefficients are the inputs per unit of output,
#
# $$a^d_{ij} = z^d_{ij} / x_j, \qquad a^m_{ij} = z^m_{ij} / x_j, \qquad A = A^d + A^m ,$$
#
# that is $A^d = Z^d \hat{x}^{-1}$ with $\hat x$ the diagonal matrix of outputs. An industry with
# $x_j = 0$ produces nothing and its column is set to zero.
#
# `IOSystem` stacks every country-year into arrays of shape (645, 56, 56) and computes all
# coefficients at once; `frame` hands back one labelled matrix.

# %%
system = IOSystem.from_niot(niot)
A = system.frame("A", country, year)
Ad = system.frame("Ad", country, year)
Am = system.frame("Am", country, year)
manufacturing = list(codes.MANUFACTURING)
digital = list(codes.DIGITAL_SECTORS["core"])
A.loc[digital, ["C10-C12", "C26", "C29", "C30"]]

# %% [markdown]
# The table shows the direct inputs of the three core digital sectors (computers and electronics
# `C26`, telecommunications `J61`, IT services `J62_J63`) per dollar of output of four
# manufacturing industries of the example: these are *direct* requirements only.
#
# Column sums of $A^d$ and $A^m$ split each industry's intermediate inputs by origin. The cell below
# shows, for manufacturing, the share of output spent on domestic and on imported inputs.

# %%
split = pd.DataFrame({
    "domestic inputs per unit of output": Ad[manufacturing].sum(axis=0),
    "imported inputs per unit of output": Am[manufacturing].sum(axis=0),
})
split["imported share of inputs"] = split.iloc[:, 1] / split.sum(axis=1)
split

# %% [markdown]
# Industries that transform imported materials (refined petroleum `C19`, electronics `C26`,
# transport equipment) buy a larger share of their inputs abroad; food and printing buy mostly at
# home. This domestic/foreign split is what chapter 2 carries into digital dependence.
#
# ## The Leontief inverse and complete consumption coefficients
#
# Output must cover intermediate use and final use. For domestic products, with $f^d$ the final
# use of domestic products (including exports),
#
# $$x = A^d x + f^d \quad\Longrightarrow\quad x = (I - A^d)^{-1} f^d = L^d f^d .$$
#
# Let
#
# * $L = (I - A)^{-1}$ be the Leontief inverse of all inputs, domestic and imported;
# * $L^d = (I - A^d)^{-1}$ the inverse of domestic inputs only;
# * $B = L - I$ and $B^d = L^d - I$ the *complete consumption coefficients*.
#
# Because $L = I + A + A^2 + A^3 + \dots$, a coefficient $b_{ij} = a_{ij} + \sum_k a_{ik} a_{kj} +
# \dots$ counts the direct input of $i$ into $j$ and every indirect round: the chips in the
# machines that make car parts count towards the car industry. That is why the paper's dependence
# measure uses $B$ rather than $A$.

# %%
B = system.frame("B", country, year)
comparison = pd.DataFrame({
    "direct a_ij": A.loc[digital, "C29"],
    "complete b_ij": B.loc[digital, "C29"],
    "domestic complete b^d_ij": system.frame("Bd", country, year).loc[digital, "C29"],
})
comparison.loc["sum over D"] = comparison.sum()
comparison

# %% [markdown]
# For motor vehicles (`C29`) the complete requirement of digital inputs is larger than the direct
# one: much of it arrives through other intermediate inputs. The last row is the digital dependence
# of chapter 2 before scaling by 100.
#
# ## Output multipliers
#
# The column sums of $L$ are output multipliers: the output, across all industries, needed to
# deliver one dollar of final demand for industry $j$. The figure splits them into what runs
# through domestic inputs (column sums of $L^d$) and what imported inputs add.

# %% caption="Output multipliers of manufacturing industries in the worked example country-year: the part that runs through domestic inputs (column sums of L^d) and the part added by imported inputs."
figures.publish(
    figures.output_multipliers_figure(system.frame("L", country, year), system.frame("Ld", country, year), manufacturing),
    "fig01_output_multipliers",
)

# %% [markdown]
# Each bar is at least one (the dollar of final output itself). Most manufacturing industries need
# between 1.5 and 3 dollars of total output per dollar of final demand. The orange part is the
# output that would also be needed if the imported inputs, and their own inputs, were made at home
# with the same technology: the part of the multiplier that leaks abroad.
#
# The next figure shows the whole matrix $A$ for the rows and columns of manufacturing and the
# digital sectors, on a log scale: the diagonal (purchases within an industry) dominates.

# %% caption="Technical coefficients a_ij of the worked example for manufacturing and digital industries (log colour scale; white cells are zero)."
rows = manufacturing + digital
figures.publish(figures.coefficient_heatmap(A.loc[rows, rows], label="input per unit of output"), "fig01_A_matrix")

# %% [markdown]
# ## The identities on every country-year
#
# Two checks, on all 645 country-years of the release:
#
# * $L(I - A) = I$ (the inverse is an inverse), and the same for $L^d$;
# * $x = L^d f^d$ (domestic output is explained by final use of domestic products), relative to the
#   largest output of the country-year.

# %%
errors = system.identity_errors()
print(f"{len(errors)} country-years")
errors.describe().loc[["mean", "max"]]

# %% [markdown]
# All errors are at the level of floating-point rounding (about $10^{-15}$): the algebra is right
# and the tables' rows add up exactly.
#
# Industries with no output in some country-year have their columns set to zero. The table counts
# them by industry.

# %%
zero = system.zero_output()
print(f"{len(zero)} industry-country-years with zero output")
zero.groupby("code").size().sort_values(ascending=False).head(10).rename("country-years")

# %% [markdown]
# Mostly extraterritorial organisations (`U`), households as employers (`T`) and a few services
# in small countries. Manufacturing is affected mainly through `C33` (repair and installation).
#
# ## Known imbalances of the source
#
# Column sums of inputs, taxes and value added should equal output. In a few small economies they
# miss it by more than rounding in some cells. The book reports these cells and never changes them.

# %%
imbalance = wiod.niot_balance(niot)
summary = imbalance.groupby("country").agg(
    cells=("column_gap", "size"),
    largest_gap=("column_gap", lambda s: s.abs().max()),
    largest_relative_gap=("relative_gap", lambda s: s.abs().max()),
).sort_values("largest_gap", ascending=False)
print(f"{len(imbalance)} cells in {len(summary)} countries miss output by more than "
      "max(0.05, 0.1% of output) USD million")
summary.head(15)

# %% [markdown]
# The large gaps sit in the small economies METHOD.md names (Romania, Malta, Luxembourg, Latvia,
# Cyprus, and others of their size). A relative gap of a few per cent in a tiny industry changes its
# coefficients but none of the conclusions; the reader can exclude these countries in the exercises.
#
# ## Key takeaways
#
# * A NIOT splits each industry's inputs into domestic ($Z^d$) and imported ($Z^m$) products;
#   dividing by output gives $A^d$ and $A^m$.
# * $B = (I - A)^{-1} - I$ counts direct and all indirect input requirements; $B^d$ does so for
#   domestic inputs only.
# * The identities hold to rounding on all 645 country-years; a few small economies have source
#   imbalances, which are reported, not fixed.
#
# ## Exercises
#
# 1. Show numerically for the worked example that $B$ equals the series $A + A^2 + A^3 + \dots$
#    truncated after 30 terms, to within $10^{-8}$.
# 2. Which manufacturing industry of the example has the largest output multiplier, and how much
#    of it is due to imported inputs?
# 3. Repeat the imbalance summary excluding cells smaller than 1 USD million. Which countries
#    remain?
#
# <details><summary>Solution 1</summary>
#
# ```python
# An = A.to_numpy()
# series = sum(np.linalg.matrix_power(An, k) for k in range(1, 31))
# np.abs(series - B.to_numpy()).max()
# ```
# The difference is below $10^{-8}$ because the largest eigenvalue of $A$ is well below one, so
# the powers shrink geometrically.
# </details>
#
# <details><summary>Solution 2</summary>
#
# ```python
# m = system.frame("L", country, year)[manufacturing].sum()
# md = system.frame("Ld", country, year)[manufacturing].sum()
# j = m.idxmax(); j, m[j], m[j] - md[j]
# ```
# </details>
#
# <details><summary>Solution 3</summary>
#
# ```python
# big = imbalance[imbalance["column_gap"].abs() > 1]
# big.groupby("country").size()
# ```
# </details>
#
# ## References
#
# * Miller, R. E. and Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*,
#   2nd ed., Cambridge University Press, chapter 2.
# * Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015). An
#   illustrated user guide to the World Input-Output Database: the case of global automotive
#   production. *Review of International Economics* 23(3): 575-605.
