"""Command line: audit any folder of built HTML.

    python -m coproweek.audit --path DIR [--json F] [--html F] [--baseline F]

Exit status: 0 no new errors, 1 new errors (not in the baseline), 2 the audit could not run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .baseline import BaselineError, apply_baseline, load_baseline, write_baseline
from .engine import AuditOptions, Auditor
from .reports import console_report, new_errors, safe_print, write_html, write_json


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m coproweek.audit",
                                     description="Audit alt text and colour contrast of a folder of HTML pages.")
    parser.add_argument("--path", required=True, type=Path, help="folder of built HTML pages")
    parser.add_argument("--json", type=Path, help="write the JSON report here")
    parser.add_argument("--html", type=Path, help="write the HTML report here")
    parser.add_argument("--baseline", type=Path, help="baseline of accepted findings (JSON)")
    parser.add_argument("--write-baseline", type=Path, metavar="FILE",
                        help="accept every current error and warning into this baseline file")
    parser.add_argument("--reason", default="", help="reason recorded with --write-baseline")
    parser.add_argument("--fill-alt-from-metadata", action="store_true",
                        help="write descriptions embedded in image files into the pages as alt (reported)")
    parser.add_argument("--site-url", action="append", default=[], metavar="URL",
                        help="the site's own address (links starting with it are files in --path); may repeat")
    parser.add_argument("--no-dark", action="store_true", help="skip the prefers-color-scheme: dark check")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="skip pages matching this pattern (relative to --path); may repeat")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes to spread a large site over (default 1)")
    parser.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                        help="which new findings make the exit status 1 (default: error)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.path.is_dir():
        print(f"There is no folder at {args.path}: build the site first or check --path.", file=sys.stderr)
        return 2
    try:
        baseline = load_baseline(args.baseline) if args.baseline else {}
    except BaselineError as error:
        print(f"The baseline cannot be used: {error}", file=sys.stderr)
        return 2
    options = AuditOptions(check_dark_scheme=not args.no_dark, fill_alt_from_metadata=args.fill_alt_from_metadata,
                           exclude=tuple(args.exclude), site_urls=tuple(args.site_url))
    result = Auditor(args.path, options).run(workers=max(1, args.workers))
    stale = apply_baseline(result.findings, baseline)
    if args.write_baseline:
        try:
            count = write_baseline(args.write_baseline, result.findings, args.reason, baseline)
        except BaselineError as error:
            print(error, file=sys.stderr)
            return 2
        print(f"Wrote {count} accepted findings to {args.write_baseline}.")
        stale = apply_baseline(result.findings, load_baseline(args.write_baseline))
    if args.json:
        write_json(args.json, result, stale)
    if args.html:
        write_html(args.html, result, stale)
    safe_print(console_report(result, stale))
    for label, path in (("JSON", args.json), ("HTML", args.html)):
        if path:
            print(f"{label} report: {path}")
    if args.fail_on == "never":
        return 0
    failing = new_errors(result)
    if args.fail_on == "warning":
        failing += [f for f in result.findings if f.severity == "warning" and not f.baselined]
    return 1 if failing else 0
