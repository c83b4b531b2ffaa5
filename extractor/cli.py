"""The ``extractor`` command: argument parsing and printing only; the work is in ``pipeline``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import rich.console

from . import pipeline, validate
from .diff import diff
from .errors import ExtractorError
from .export import diff_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="extractor", description="Ukrainian council decisions into validated, normalised data.")
    commands = parser.add_subparsers(dest="command", required=True)

    convert = commands.add_parser("convert", help="convert decision files and folders into JSON and CSV")
    convert.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders (searched recursively)")
    convert.add_argument("-o", "--output", type=Path, default=Path("out"), metavar="DIR", help="output folder (default: out/)")
    convert.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    check = commands.add_parser("validate", help="check JSON files against the schema")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE.json")

    compare = commands.add_parser("diff", help="compare two versions of a programme (decision files or their JSON)")
    compare.add_argument("old", type=Path, metavar="OLD", help="the earlier version: a decision file or its JSON")
    compare.add_argument("new", type=Path, metavar="NEW", help="the later version: a decision file or its JSON")
    compare.add_argument("--to", choices=("table", "json", "csv", "html"), default="table", help="report format (default: table)")
    compare.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE instead of standard output")
    compare.add_argument("--all", action="store_true", help="also list the unchanged measures")
    compare.add_argument("--force", action="store_true", help="compare even when they look like different programmes")
    return parser


def run_convert(args: argparse.Namespace) -> int:
    failed = converted = 0
    warning_codes: Counter[str] = Counter()
    for outcome in pipeline.convert_all(args.paths, args.output):
        if outcome.ok and outcome.document is not None:
            converted += 1
            document = outcome.document
            warning_codes.update(warning.code for warning in document.warnings)
            if not args.quiet:
                print(
                    f"ok: {outcome.job.path} -> {outcome.outputs[0]} "
                    f"({len(document.measures)} measures, {len(document.funding_records)} funding records, "
                    f"{len(document.warnings)} warnings)"
                )
        else:
            failed += 1
            print(f"error: {outcome.job.path}: {outcome.error}", file=sys.stderr)
    if not args.quiet:
        codes = ", ".join(f"{code} {count}" for code, count in sorted(warning_codes.items())) or "none"
        print(f"converted {converted}, failed {failed}; warnings: {codes}")
    if converted + failed == 0:
        print("error: no decision files found in the given paths", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_FAILED if failed else EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        problems = validate.validate_file(path)
        if problems:
            failed += 1
            print(f"error: {path}: {problems[0]} ({len(problems)} problem(s))", file=sys.stderr)
        else:
            print(f"valid: {path}")
    return EXIT_FAILED if failed else EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    versions = []
    for path in (args.old, args.new):
        try:
            versions.append(pipeline.load_version(path))
        except ExtractorError as error:
            print(f"error: {path}: {error}", file=sys.stderr)
            return EXIT_FAILED
        except OSError as error:
            print(f"error: {path}: {error.strerror or error}", file=sys.stderr)
            return EXIT_FAILED
    programme_diff = diff(*versions, force=args.force)
    for warning in programme_diff.warnings:
        print(f"warning: {warning.message}", file=sys.stderr)
    if args.output is not None:
        pipeline.write_diff(programme_diff, args.to, args.output, args.all)
        print(f"{diff_text.summary_line(programme_diff)} -> {args.output}")
    elif args.to == "table" and sys.stdout.isatty():
        rich.console.Console().print(*diff_text.renderables(programme_diff, args.all))
    else:
        sys.stdout.write(pipeline.render_diff(programme_diff, args.to, args.all))
    return EXIT_OK if programme_diff.compared else EXIT_FAILED


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "convert":
        return run_convert(args)
    if args.command == "diff":
        return run_diff(args)
    return run_validate(args)


if __name__ == "__main__":
    sys.exit(main())
