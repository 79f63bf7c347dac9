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
# # 5. Mechanisms: factor structure, resource allocation, servitization
#
# ## Overview
#
# The paper's second claim [paper] is that digital technology drives manufacturing upgrading
# through three channels: (a) a better structure of production factor inputs (factor
# substitution), (b) better resource allocation, and (c) servitization of manufacturing. The
# abstract names the channels but not their measures or the test; this chapter uses the standard
# ones of METHOD.md (Mechanisms) [standard]: capital deepening (alternative: the labour share),
# Hsieh-Klenow factor misallocation, and complete consumption of service inputs (alternative:
# producer services only), each tested by a three-step mediation estimated by system GMM.
#
# In this chapter you will learn to
#
# * write the three mediation equations and say what each coefficient means;
# * compute an indirect effect and its Sobel standard error, and read it;
# * tell a supported channel from one that is not, including the case the paper's wording hides:
#   a channel cannot carry an effect that the first step does not find.

# %% tags=["parameters"]
wiod_dir = ""  # a local copy of the WIOD 2016 release; empty: $WIOD_DIR or data/raw/wiod2016
country_dir = ""  # the country series; empty: $COUNTRY_DIR or data/raw/country
sample = False  # True when the runner uses the synthetic sample release

# %% [markdown]
# We load the library: the panel, the estimators, the tables and the mediation summaries.

# %%
import pandas as pd

from wiodbook import estimation, panel
from wiodbook import robustness as rb

pd.set_option("display.precision", 4)
pd.set_option("display.width", 140)
pd.set_option("display.max_columns", 14)

# %% [markdown]
# The next cell builds (or reads from the cache) the analysis panel of chapter 2 and describes
# the five mechanism variables on the regression sample.

# %%
pan = panel.build_panel(wiod_dir or None, country_dir or None)
mechanisms = list(rb.MECHANISMS)
described = estimation.regression_data(pan.data, extra=mechanisms)[mechanisms].describe().T
described.insert(0, "measure", [rb.MECHANISMS[m]["label"] for m in mechanisms])
if sample:
    print("Synthetic sample: the numbers below illustrate the method only and say nothing about the real data.")
described

# %% [markdown]
# The table shows the scale of each mechanism: capital deepening is a log (national currency per
# person, so only changes within an entity compare), the labour share a ratio, misallocation an
# index (zero = efficient allocation), and the two servitization measures service inputs per 100
# units of output, like DIG.
#
# ## The three-step mediation
#
# Let $M_{it}$ be a mechanism variable and keep the notation of chapter 4 ($UPG$, $DIG$, controls
# $X$, year effects $\lambda_t$, entity effects). The three steps (Baron and Kenny 1986), each a
# dynamic model estimated by two-step system GMM with the baseline instruments, are
#
# $$\begin{aligned}
# (1)\quad UPG_{it} &= \rho_1 UPG_{i,t-1} + c\,DIG_{it} + \gamma_1'X_{it} + \lambda_t + \mu_i + e_{it},\\
# (2)\quad M_{it} &= \rho_2 M_{i,t-1} + a\,DIG_{it} + \gamma_2'X_{it} + \lambda_t + \eta_i + u_{it},\\
# (3)\quad UPG_{it} &= \rho_3 UPG_{i,t-1} + c'\,DIG_{it} + b\,M_{it} + \gamma_3'X_{it} + \lambda_t + \nu_i + w_{it}.
# \end{aligned}$$
#
# * $c$ is the total effect of DIG on upgrading (the baseline of chapter 4);
# * $a$ says whether DIG moves the mechanism;
# * $b$ says whether the mechanism moves upgrading, holding DIG fixed; M is endogenous in step 3
#   and instrumented like DIG (`gmm(UPG DIG M, lag(2 3) collapse)`);
# * $c'$ is the direct effect left once M is held fixed;
# * $ab$ is the indirect effect, the part of the effect of DIG that runs through M.
#
# The Sobel (1982) standard error of the indirect effect is
# $\sqrt{b^2 s_a^2 + a^2 s_b^2}$, with $s_a, s_b$ the standard errors of $a$ and $b$; $ab$ divided by
# it is compared with the normal distribution. All three steps use the same rows.
#
# **When is a channel supported?** The paper says digital technology raises upgrading *through*
# M. In the Baron-Kenny logic that needs a significant total effect $c > 0$, a significant $a$, a
# significant $b$, and a significant indirect effect $ab$ that *raises* upgrading ($ab > 0$). If
# $c$ is not significant there is no effect to mediate: a significant $a$ and $b$ then show that
# DIG is related to M and M to upgrading, which may be interesting, but not that DIG drives
# upgrading through M. (Zhao, Lynch and Chen 2010 argue that an indirect effect can be
# established without a significant total effect; we report $ab$ and its test either way, and
# say which reading each verdict uses.)
#
# Signs need care with misallocation: **lower MIS means better allocation**. The paper's story
# for channel (b) is that DIG *lowers* misallocation ($a < 0$) and that misallocation *lowers*
# productivity ($b < 0$), so that $ab > 0$. For capital deepening and servitization the story is
# $a > 0$ and $b > 0$. The labour share has no signed prediction: factor substitution towards
# capital would lower it, but so would many other things.
#
# The next cell runs the three steps for each of the five mechanism variables (15 GMM fits,
# a few seconds).

# %%
meds = rb.mediation_all(pan)
summary = rb.mediation_frame(meds)
print(f"{summary['N'].iloc[0]:,} observations in {summary['groups'].iloc[0]} groups in every step")

# %% [markdown]
# ## The mechanism table
#
# One column per mechanism variable. The rows are the DIG coefficient of each step, the
# coefficient of M in step 3, and the indirect effect with its Sobel standard error in
# parentheses; beneath them the diagnostics of each step. The next cell builds the table and
# writes it as `tab05_mechanisms`.

# %%
tab_mech = rb.mediation_table(
    meds, title="Mechanisms: three-step mediation by system GMM",
    notes="Each step two-step system GMM, gmm(UPG DIG [M], lag(2 3) collapse), controls and year dummies, "
          "Windmeijer-corrected SE. Indirect effect a x b with the Sobel SE. mis: lower = better allocation. "
          "* p<0.10, ** p<0.05, *** p<0.01.",
)
tab_mech.write("tab05_mechanisms")
tab_mech

# %% [markdown]
# Read a column from top to bottom: is there a total effect to explain (c)? Does DIG move the
# mechanism (a)? Does the mechanism move upgrading (b)? Is the product distinguishable from zero,
# and which sign does it have? Then check the diagnostics: a step whose AR(2) or Hansen p-value
# is small rests on instruments that the data question, and its coefficient is less reliable.
#
# The next cell prints the same numbers as one line per mechanism with a computed verdict.

# %%
cols = ["c", "p_c", "a", "p_a", "b", "p_b", "indirect", "sobel_se", "sobel_p"]
print(summary[cols].to_string(float_format=lambda v: f"{v:.4f}"))
print()
for m, row in summary.iterrows():
    print(f"{m:>9} ({rb.MECHANISMS[m]['channel']}): {row['verdict']}")

# %% [markdown]
# The verdict applies the rule above mechanically. The next cell lists every step whose
# diagnostics fail at the 5% level, so that no coefficient is read without its caveat.

# %%
flags = []
for m, row in summary.iterrows():
    for k in ("1", "2", "3"):
        if row[f"ar2_p_{k}"] < 0.05:
            flags.append(f"{m}, step {k}: AR(2) p = {row[f'ar2_p_{k}']:.3f}")
        if row[f"hansen_p_{k}"] < 0.05:
            flags.append(f"{m}, step {k}: Hansen p = {row[f'hansen_p_{k}']:.3f}")
print("\n".join(flags) if flags else "Every step passes AR(2) and Hansen at the 5% level.")

# %% [markdown]
# ## The channels one by one
#
# ### (a) Factor structure: capital deepening and the labour share
#
# If digital inputs substitute for routine labour, capital per worker should rise ($a > 0$ for
# `kdeep`) and, if capital deepening is what raises productivity, $b > 0$. TFP is computed net of
# capital's contribution (chapter 2), so a positive $b$ is not mechanical; it would say that more
# capital-intensive industries also use their inputs more productively. The next cell shows the
# three regressions for capital deepening.

# %%
tab_k = rb.step_table(meds["kdeep"], "kdeep", title="Mediation steps: capital deepening (kdeep)")
tab_k.write("tab05_steps_kdeep")
tab_k

# %% [markdown]
# Column (2) is the mechanism's own dynamic model: its lag M (t-1) shows how persistent capital
# deepening is, and DIG its response to dependence. Column (3) adds M to the baseline. The same
# for the labour share, the alternative measure of the factor structure:

# %%
tab_l = rb.step_table(meds["lab_share"], "lab_share", title="Mediation steps: labour share (lab_share)")
tab_l.write("tab05_steps_lab_share")
tab_l

# %% [markdown]
# The labour-share coefficients are in share units (0.01 = one percentage point of value added).
#
# ### (b) Resource allocation: misallocation
#
# MIS measures how far the capital and labour of an industry are from what an efficient
# allocation across the country's manufacturing industries would give it (Hsieh and Klenow 2009;
# Chen and Hu 2011); it is zero when marginal products are equalised. The paper's channel needs
# $a < 0$ (DIG improves allocation) and $b < 0$ (better allocation, higher TFP).

# %%
tab_m = rb.step_table(meds["mis"], "mis", title="Mediation steps: misallocation (mis; lower = better)")
tab_m.write("tab05_steps_mis")
tab_m

# %% [markdown]
# Misallocation is measured at the level of a country-year's manufacturing as a whole and
# distributed to industries through their distortions; it is noisy, which shows in the
# standard error of $a$. A positive $b$ would mean that industries further from the efficient
# allocation have *higher* measured TFP, which happens when an industry with a high marginal
# product of capital (a "too small" industry) earns high returns: read $b$ with that in mind.
#
# ### (c) Servitization: service inputs
#
# Servitization is the complete consumption of service inputs per 100 units of output, with the
# digital sectors themselves excluded (otherwise it would contain DIG). The paper's channel needs
# $a > 0$ (digital technology pulls in services) and $b > 0$.

# %%
tab_s = rb.step_table(meds["ser"], "ser", title="Mediation steps: servitization (ser)")
tab_s.write("tab05_steps_ser")
tab_s

# %% [markdown]
# And with producer services only (trade, transport, finance, professional and business
# services):

# %%
tab_p = rb.step_table(meds["ser_prod"], "ser_prod", title="Mediation steps: producer services (ser_prod)")
tab_p.write("tab05_steps_ser_prod")
tab_p

# %% [markdown]
# Both measures come from the same input-output table as DIG: a larger share of digital inputs
# in an industry's costs leaves, other things equal, a smaller share for other inputs, services
# among them. A negative $a$ can therefore be partly an accounting substitution rather than
# evidence against servitization; a positive $a$ is the harder result to obtain.
#
# ## What this chapter finds
#
# The next cell collects claim 2 into computed statements, one per channel, using the main
# measure of each channel and reporting the alternative beside it.

# %%
total = summary.loc["kdeep"]
print(rb.verdict(total["c"], total["p_c"], "The total effect c of DIG on upgrading (step 1)"))
for claim, (main, alt) in {"2(a) factor structure": ("kdeep", "lab_share"),
                           "2(b) resource allocation": ("mis", None),
                           "2(c) servitization": ("ser", "ser_prod")}.items():
    row = summary.loc[main]
    supported = row["verdict"].startswith("supported")
    line = (f"Claim {claim} [{main}]: {'SUPPORTED' if supported else 'NOT SUPPORTED'} in this run; "
            f"indirect effect {row['indirect']:+.5f} (Sobel SE {row['sobel_se']:.5f}, p = {row['sobel_p']:.3f})")
    if alt:
        r2 = summary.loc[alt]
        line += (f"; alternative [{alt}]: indirect {r2['indirect']:+.5f} (SE {r2['sobel_se']:.5f}, "
                 f"p = {r2['sobel_p']:.3f})")
    print(line)

# %% [markdown]
# A channel is supported only if every link of the chain is there. Where the total effect is not
# significant, the chapter's answer to claim 2 is "not established" for every channel, and the
# individual links ($a$, $b$, $ab$) describe associations that a reader may find useful but that
# do not show digital technology driving upgrading.
#
# ## Key takeaways
#
# * The three-step mediation estimates the total effect $c$, the effect $a$ of DIG on the
#   mechanism, and the effect $b$ of the mechanism on upgrading given DIG; the indirect effect is
#   $ab$ with the Sobel standard error $\sqrt{b^2s_a^2 + a^2s_b^2}$.
# * A channel supports the paper's claim only with a significant positive total effect and a
#   significant indirect effect that raises upgrading; significant $a$ and $b$ alone are not
#   mediation.
# * Misallocation is "lower = better": the paper's story needs $a < 0$ and $b < 0$.
# * Servitization and DIG come from the same cost structure, so their relation has an accounting
#   component: a negative $a$ is partly mechanical.
#
# ## Exercises
#
# 1. Repeat the mediation for capital deepening by difference GMM. Does the verdict change?
# 2. The Sobel test assumes that $ab$ is normally distributed, which it is not in small samples.
#    Compute a parametric-bootstrap ("Monte Carlo") interval for the indirect effect of `ser`:
#    draw $a$ and $b$ from normal distributions with their estimates and standard errors and take
#    the 2.5th and 97.5th percentiles of the products.
# 3. What share of the total effect would the servitization channel explain, $ab/c$? Why is this
#    share meaningless when $c$ is close to zero?
#
# <details><summary>Solution 1</summary>
#
# ```python
# d = estimation.mediation(pan.data, "kdeep", estimator="difference")
# d["a"], d["b"], d["indirect"], d["indirect_se"], d["indirect_p"]
# ```
# </details>
#
# <details><summary>Solution 2</summary>
#
# ```python
# import numpy as np
# rng = np.random.default_rng(0)
# r = meds["ser"]
# draws = rng.normal(r["a"], r["se_a"], 100_000) * rng.normal(r["b"], r["se_b"], 100_000)
# np.percentile(draws, [2.5, 97.5])
# ```
# The interval is asymmetric when $a/s_a$ or $b/s_b$ is small; if it excludes zero, the
# indirect effect is distinguishable from zero without the normality assumption.
# </details>
#
# <details><summary>Solution 3</summary>
#
# ```python
# meds["ser"]["indirect"] / meds["ser"]["total"]
# ```
# The ratio divides by $c$: when $c$ is near zero (or of the opposite sign to $ab$) the "share"
# can be any size or negative, so it says nothing about how much of an effect a channel carries.
# </details>
#
# ## References
#
# * Baron, R. M. and Kenny, D. A. (1986). The moderator-mediator variable distinction in social
#   psychological research. *Journal of Personality and Social Psychology* 51(6): 1173-1182.
# * Chen, Y. and Hu, W. (2011). Price distortions, factor misallocation and efficiency loss:
#   theory and application (in Chinese). *China Economic Quarterly* 10(4): 1401-1422.
# * Hsieh, C.-T. and Klenow, P. J. (2009). Misallocation and manufacturing TFP in China and India.
#   *Quarterly Journal of Economics* 124(4): 1403-1448.
# * MacKinnon, D. P., Lockwood, C. M., Hoffman, J. M., West, S. G. and Sheets, V. (2002). A
#   comparison of methods to test mediation and other intervening variable effects.
#   *Psychological Methods* 7(1): 83-104.
# * Sobel, M. E. (1982). Asymptotic confidence intervals for indirect effects in structural
#   equation models. *Sociological Methodology* 13: 290-312.
# * Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015). An
#   illustrated user guide to the World Input-Output Database: the case of global automotive
#   production. *Review of International Economics* 23(3): 575-605.
# * Zhao, X., Lynch, J. G. and Chen, Q. (2010). Reconsidering Baron and Kenny: myths and truths
#   about mediation analysis. *Journal of Consumer Research* 37(2): 197-206.
