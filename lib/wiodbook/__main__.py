"""Command line: ``python -m wiodbook <command>`` (also the ``wiodbook`` script).

Commands:
    book      run every chapter of notebooks/manifest.toml in order and render the book
    fixtures  write a synthetic release in the real layouts
    panel     build the analysis panel (country x manufacturing industry x year) and write it
"""

from __future__ import annotations

import argparse
import sys


def _book(args) -> int:
    from .book import run_book

    run_book(
        sample=args.sample,
        wiod_dir=args.wiod_dir,
        country_dir=args.country_dir,
        abdata=args.abdata,
        chapters=args.chapters,
        render=not args.no_render,
        download=not args.no_download,
    )
    return 0


def _fixtures(args) -> int:
    from . import fixtures

    fixtures.write_release(args.dest, args.countries, seed=args.seed)
    print(f"synthetic release for {', '.join(args.countries)} written to {args.dest}")
    return 0


def _panel(args) -> int:
    from . import panel as panel_mod

    wiod_dir, country_dir = args.wiod_dir, args.country_dir
    if args.sample:
        from .book import sample_release

        release = sample_release()
        wiod_dir, country_dir = wiod_dir or release, country_dir or release / "country"
    result = panel_mod.build_panel(
        wiod_dir, country_dir, countries=args.countries, digital=args.digital,
        include_c26=args.include_c26, upgrading=args.upgrading, alpha_bounds=tuple(args.alpha_bounds),
        capital_deflator=args.capital_deflator, misallocation_capital=args.misallocation_capital,
        country_window=tuple(args.window), tie_rule=args.tie_rule, lux_tariff_from=args.lux_tariff_from,
        use_cache=not args.no_cache,
    )
    print(result.describe())
    if args.out:
        print(f"written to {panel_mod.write_panel(result, args.out)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .fixtures import SAMPLE_COUNTRIES

    parser = argparse.ArgumentParser(prog="wiodbook", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    book = sub.add_parser("book", help="run the chapters in order and render the book")
    book.add_argument("--sample", action="store_true", help="run on the synthetic sample release")
    book.add_argument("--wiod-dir", help="local WIOD copy (default: $WIOD_DIR or data/raw/wiod2016)")
    book.add_argument("--country-dir", help="country series folder (default: $COUNTRY_DIR or data/raw/country)")
    book.add_argument("--abdata", help="Arellano-Bond data for the GMM primer (default: $ABDATA)")
    book.add_argument("--chapters", nargs="+", help="run only these chapters (names from the manifest)")
    book.add_argument("--no-render", action="store_true", help="execute only, do not render HTML")
    book.add_argument("--no-download", action="store_true", help="never download; fail if files are missing")
    book.set_defaults(func=_book)

    fx = sub.add_parser("fixtures", help="write a synthetic release in the real layouts")
    fx.add_argument("dest")
    fx.add_argument("--countries", nargs="+", default=list(SAMPLE_COUNTRIES))
    fx.add_argument("--seed", type=int, default=20161101)
    fx.set_defaults(func=_fixtures)
    pn = sub.add_parser("panel", help="build the analysis panel and write it (.parquet or .csv)")
    pn.add_argument("--out", help="output file, .parquet or .csv (default: print the report only)")
    pn.add_argument("--sample", action="store_true", help="use the synthetic sample release (under the cache folder)")
    pn.add_argument("--wiod-dir", help="local WIOD copy (default: $WIOD_DIR or data/raw/wiod2016)")
    pn.add_argument("--country-dir", help="country series folder (default: $COUNTRY_DIR or data/raw/country)")
    pn.add_argument("--countries", nargs="+", help="ISO3 codes (default: every NIOT present)")
    pn.add_argument("--digital", choices=["core", "broad"], default="core", help="digital sectors D [standard]")
    pn.add_argument("--include-c26", action="store_true", help="keep C26 in the regression sample (robustness)")
    pn.add_argument("--upgrading", choices=["ln_tfp", "ln_lp", "va_rate", "ln_tfp_h"], default="ln_tfp",
                    help="upgrading measure UPG [standard]")
    pn.add_argument("--alpha-bounds", nargs=2, type=float, default=[0.05, 0.95], metavar=("LOW", "HIGH"),
                    help="clip of the capital elasticity mean(CAP/VA)")
    pn.add_argument("--capital-deflator", choices=["GO_PI", "VA_PI"], default="GO_PI",
                    help="price index for K (the SEA has no capital deflator)")
    pn.add_argument("--misallocation-capital", choices=["K", "K_real"], default="K")
    pn.add_argument("--window", nargs=2, type=int, default=[2004, 2014], metavar=("FIRST", "LAST"),
                    help="years of the country-series means")
    pn.add_argument("--tie-rule", choices=["above_median", "at_or_above_median", "exclude_ties"],
                    default="above_median", help="where countries at the median go")
    pn.add_argument("--lux-tariff-from", help="fill LUX's tariff from this EU member (off by default)")
    pn.add_argument("--no-cache", action="store_true", help="rebuild without reading or writing the cache")
    pn.set_defaults(func=_panel)
    return parser


def main(argv=None) -> int:
    from .errors import WiodBookError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except WiodBookError as exc:
        print(f"wiodbook: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
