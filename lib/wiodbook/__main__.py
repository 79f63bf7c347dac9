"""Command line: ``python -m wiodbook <command>`` (also the ``wiodbook`` script).

Commands:
    book      run every chapter of notebooks/manifest.toml in order and render the book
    fixtures  write a synthetic release in the real layouts
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
