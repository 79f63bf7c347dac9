"""wiodbook: the helper library of the WIOD digital-dependence replication book.

Data flow, one module per step (see README.md):

    sources      local copy or verified download of the release files
    wiod         parse + validate the NIOT and SEA workbooks, cached by checksum
    inputoutput  A, L, B per country-year
    measures     digital dependence, upgrading, controls, mechanisms
    panel        the analysis panel
    gmm          difference and system GMM (xtabond2-compatible)
    tables, figures, book   regression tables, figures, the chapter runner
"""

__version__ = "0.1.0"
