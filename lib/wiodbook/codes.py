"""Industry codes and groupings of the WIOD 2016 release (ISIC Rev. 4, 56 industries).

Every set the book uses is defined once, here, with the source of the choice:

- ``INDUSTRIES``: the 56 codes in the release's order (NIOT columns and SEA rows).
- ``MANUFACTURING``: the 19 manufacturing codes C10-C12 ... C33 (METHOD.md, Sample).
- ``DIGITAL_SECTORS``: the digital-technology producers D, ``core`` (default) and ``broad``.
- ``SERVICES``: G45 ... U; ``PRODUCER_SERVICES`` the producer-services subset (METHOD.md, M3).
- ``TECH_GROUP``: the OECD R&D-intensity group of each manufacturing industry.
"""

from __future__ import annotations

INDUSTRIES: tuple[str, ...] = (
    "A01", "A02", "A03", "B", "C10-C12", "C13-C15", "C16", "C17", "C18", "C19",
    "C20", "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29",
    "C30", "C31_C32", "C33", "D35", "E36", "E37-E39", "F", "G45", "G46", "G47",
    "H49", "H50", "H51", "H52", "H53", "I", "J58", "J59_J60", "J61", "J62_J63",
    "K64", "K65", "K66", "L68", "M69_M70", "M71", "M72", "M73", "M74_M75", "N",
    "O84", "P85", "Q", "R_S", "T", "U",
)
N_INDUSTRIES = len(INDUSTRIES)

#: Final-use columns of a NIOT, in the release's order, before the closing ``GO`` column.
FINAL_USE: tuple[str, ...] = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", "EXP")

#: Closing rows of each year block (Origin ``TOT``), in the release's order.
TOTAL_ROWS: tuple[str, ...] = ("II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO")

YEARS: tuple[int, ...] = tuple(range(2000, 2015))

#: The 43 countries of the release (ISO3), alphabetical.
COUNTRIES: tuple[str, ...] = (
    "AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHE", "CHN", "CYP", "CZE", "DEU", "DNK",
    "ESP", "EST", "FIN", "FRA", "GBR", "GRC", "HRV", "HUN", "IDN", "IND", "IRL", "ITA",
    "JPN", "KOR", "LTU", "LUX", "LVA", "MEX", "MLT", "NLD", "NOR", "POL", "PRT", "ROU",
    "RUS", "SVK", "SVN", "SWE", "TUR", "TWN", "USA",
)

MANUFACTURING: tuple[str, ...] = INDUSTRIES[INDUSTRIES.index("C10-C12"): INDUSTRIES.index("C33") + 1]
assert len(MANUFACTURING) == 19

DIGITAL_SECTORS: dict[str, tuple[str, ...]] = {
    "core": ("C26", "J61", "J62_J63"),
    "broad": ("C26", "J61", "J62_J63", "J58", "J59_J60"),
}

SERVICES: tuple[str, ...] = INDUSTRIES[INDUSTRIES.index("G45"):]

PRODUCER_SERVICES: tuple[str, ...] = (
    "G45", "G46", "H49", "H50", "H51", "H52", "H53", "J58", "J59_J60",
    "K64", "K65", "K66", "M69_M70", "M71", "M72", "M73", "M74_M75", "N",
)

#: OECD R&D-intensity groups (Galindo-Rueda and Verger 2016) mapped to WIOD codes (METHOD.md).
TECH_GROUP: dict[str, str] = {
    **{c: "high" for c in ("C21", "C26")},
    **{c: "medium-high" for c in ("C20", "C27", "C28", "C29", "C30")},
    **{c: "medium-low" for c in ("C19", "C22", "C23", "C24", "C25", "C33")},
    **{c: "low" for c in ("C10-C12", "C13-C15", "C16", "C17", "C18", "C31_C32")},
}
assert set(TECH_GROUP) == set(MANUFACTURING)

TECH_ORDER: tuple[str, ...] = ("low", "medium-low", "medium-high", "high")


def high_tech(code: str) -> bool:
    """True for the high and medium-high groups (the paper's 'higher-technology' half)."""
    return TECH_GROUP[code] in ("high", "medium-high")
