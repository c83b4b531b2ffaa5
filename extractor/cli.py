"""The ``extractor`` command: argument parsing and printing only; the work is in ``batch``, ``pipeline`` and ``versions``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, batch, report, validate
from .errors import ExtractorError, UsageError
from .workers import Limits

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """An argument parser whose unknown options are reported with the usage of the subcommand they were given to."""

    def parse_args(self, args: Sequence[str] | None = None, namespace: None = None) -> argparse.Namespace:  # type: ignore[override]
        parsed, unknown = self.parse_known_args(args, namespace)
        if unknown:
            commands = next(action for action in self._actions if isinstance(action, argparse._SubParsersAction))
            (commands.choices.get(getattr(parsed, "command", "")) or self).error(f"unrecognized arguments: {' '.join(unknown)}")
        return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="extractor", description="Ukrainian council decisions into validated, normalised data.")
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    convert = commands.add_parser("convert", help="convert decision files and folders into JSON and CSV")
    convert.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders (searched recursively)")
    convert.add_argument("-o", "--output", type=Path, default=Path("out"), metavar="DIR", help="output folder (default: out/)")
    convert.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    cores = os.cpu_count() or 1
    convert.add_argument("-j", "--jobs", type=positive(int), default=cores, metavar="N", help=f"workers (default: {cores})")
    convert.add_argument("--timeout", type=positive(float), default=Limits.seconds, metavar="SECONDS", help="time limit per file")
    convert.add_argument("--memory-limit", type=positive(int), default=Limits.memory_mb, metavar="MB", help="memory per file")
    convert.add_argument("--scheduler", metavar="ADDRESS", help="run the per-file work on a Dask cluster (tcp://host:8786)")
    convert.add_argument("--excel", action="store_true", help="also write an XLSX workbook and Excel CSVs")
    convert.add_argument("--force", action="store_true", help="convert every file again, changed or not")
    convert.add_argument(
        "--join-pages", action="store_true", help="read a folder's page images (scan_p1.tif, scan_p2.tif, …) as one document"
    )

    check = commands.add_parser("validate", help="check JSON files against the schema")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE.json")

    compare = commands.add_parser("diff", help="compare two versions of a programme (decision files or their JSON)")
    compare.add_argument("old", type=Path, metavar="OLD", help="the earlier version: a decision file or its JSON")
    compare.add_argument("new", type=Path, metavar="NEW", help="the later version: a decision file or its JSON")
    compare.add_argument("--to", choices=("table", "json", "csv", "html"), default="table", help="report format (default: table)")
    compare.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE instead of standard output")
    compare.add_argument("--all", action="store_true", help="also list the unchanged measures")
    compare.add_argument("--force", action="store_true", help="compare even when they look like different programmes")

    follow = commands.add_parser("history", help="all versions of one programme in a catalogue, by decision date")
    follow.add_argument("catalogue", type=Path, metavar="CATALOGUE.sqlite", help="the catalogue extractor convert wrote")
    follow.add_argument("title", metavar="TITLE", help="the programme's title, whole or the words that tell it apart")
    follow.add_argument("--to", choices=("table", "json", "csv", "html"), default="table", help="report format (default: table)")
    follow.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE instead of standard output")

    publish = commands.add_parser("opendata", help="the official open-data set of targeted programmes (CMU resolution 835)")
    publish.add_argument("catalogue", type=Path, metavar="CATALOGUE.sqlite", help="the catalogue extractor convert wrote")
    publish.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder for the CSVs and their package")
    publish.add_argument("--config", type=Path, metavar="FILE.toml", help="what the documents do not say: ЄДРПОУ codes, URLs, …")
    return parser


def positive(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    """An argparse type: a number above zero."""

    def parse(text: str) -> int | float:
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above zero: {text}")
        return value

    parse.__name__ = kind.__name__
    return parse


def run_convert(args: argparse.Namespace) -> int:
    options = batch.Options(
        out_dir=args.output,
        jobs=args.jobs,
        limits=Limits(seconds=args.timeout, memory_mb=args.memory_limit),
        scheduler=args.scheduler,
        excel=args.excel,
        force=args.force,
        join_pages=args.join_pages,
    )
    try:
        summary = batch.convert_archive(args.paths, options, report.Progress(quiet=args.quiet))
    except ExtractorError as error:  # the output folder, not an input: one line, and the usage code for a bad -o
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, UsageError) else EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted: run the same command again to resume", file=sys.stderr)
        return 130
    if not args.quiet and summary.report is not None:  # no report when nothing was there to convert
        print("\n".join(report.summary_lines(summary, args.output)))
    if not any(result.status != "skipped" for result in summary.results):
        print("error: no decision files found in the given paths", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_FAILED if summary.failed else EXIT_OK


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
    import rich.console  # the comparison's libraries load only for diff and history

    from . import versions
    from .diff import diff
    from .export.reports import diff_text

    documents = []
    for path in (args.old, args.new):
        try:
            documents.append(versions.load_version(path))
        except ExtractorError as error:
            print(f"error: {path}: {error}", file=sys.stderr)
            return EXIT_FAILED
        except OSError as error:
            print(f"error: {path}: {error.strerror or error}", file=sys.stderr)
            return EXIT_FAILED
    programme_diff = diff(documents[0], documents[1], force=args.force)
    for warning in programme_diff.warnings:
        print(f"warning: {warning.message}", file=sys.stderr)
    if args.output is not None:
        try:
            versions.write_diff(programme_diff, args.to, args.output, args.all)
        except OSError as error:
            print(f"error: {args.output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_FAILED
        print(f"{diff_text.summary_line(programme_diff)} -> {args.output}")
    elif args.to == "table" and sys.stdout.isatty():
        rich.console.Console().print(*diff_text.renderables(programme_diff, args.all))
    else:
        sys.stdout.write(versions.render_diff(programme_diff, args.to, args.all))
    return EXIT_OK if programme_diff.compared else EXIT_FAILED


def run_history(args: argparse.Namespace) -> int:
    import rich.console

    from . import versions
    from .export.reports import history_text

    try:
        programme = versions.programme_history(args.catalogue, args.title)
    except ExtractorError as error:
        print(f"error: {args.catalogue}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if args.output is not None or args.to != "table":  # the table report shows its warnings itself
        for warning in programme.warnings:
            print(f"warning: {warning.message}", file=sys.stderr)
    if args.output is not None:
        try:
            versions.write_history(programme, args.to, args.output)
        except OSError as error:
            print(f"error: {args.output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_FAILED
        print(f"{history_text.summary(programme)} -> {args.output}")
    elif args.to == "table" and sys.stdout.isatty():
        rich.console.Console().print(*history_text.renderables(programme))
    else:
        sys.stdout.write(versions.render_history(programme, args.to))
    return EXIT_OK


def run_opendata(args: argparse.Namespace) -> int:
    from . import opendata

    try:
        config = opendata.load_config(args.config)
    except ExtractorError as error:
        print(f"error: {args.config}: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        data = opendata.build(args.catalogue, config)
        written = opendata.write(data, args.output)
    except ExtractorError as error:
        print(f"error: {args.catalogue}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"error: {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    for missing in data.missing:
        print(f"missing: {missing.message()}", file=sys.stderr)
    names = ", ".join(path.name for path in written)
    print(
        f"{len(data.programs)} programme(s), {len(data.amendments)} amendment(s), {len(data.measures)} measure rows, "
        f"{len(data.funding)} funding rows (status as of {data.status_as_of}) -> {names} in {args.output}"
    )
    if data.missing:
        print(f"incomplete: {len(data.missing)} required field(s) unknown, left empty (listed above)", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a name no terminal encoding can show is escaped, never a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    if args.command == "convert":
        return run_convert(args)
    if args.command == "diff":
        return run_diff(args)
    if args.command == "history":
        return run_history(args)
    if args.command == "opendata":
        return run_opendata(args)
    return run_validate(args)


if __name__ == "__main__":
    sys.exit(main())
