"""Pelican plugin: audit alt text and colour contrast of every page the build
wrote, after the build (`finalized`). Thin glue over the plain-Python engine in
this package (also a command: `python -m coproweek.audit --path DIR`).

Settings (all optional):
  AUDIT_ENABLED                  True
  AUDIT_REPORT_DIR               "reports/accessibility" (outside output/; relative to the project)
  AUDIT_BASELINE                 "accessibility-baseline.json" (accepted findings; a missing file is empty)
  AUDIT_FAIL_ON_ERRORS           False; publishconf.py sets True: each new error fails the build
  AUDIT_FILL_ALT_FROM_METADATA   False; True writes descriptions embedded in image files as alt (reported)
  AUDIT_CHECK_DARK_SCHEME        True
  AUDIT_EXCLUDE                  [] glob patterns of output pages to skip
  AUDIT_WORKERS                  number of processes for large sites (default: the machine's cores, at most 4)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

_written: dict[str, tuple[str | None, str | None]] = {}  # output page -> (source file, template name)
_active = [False]  # signals stay connected for the whole process: act only in builds that list us


def _listed(settings: dict) -> bool:
    names = [p if isinstance(p, str) else getattr(p, "__name__", "") for p in settings.get("PLUGINS") or []]
    return any(name.rsplit(".", 1)[-1] == __name__.rsplit(".", 1)[-1] for name in names)


def _start(pelican) -> None:
    _written.clear()
    _active[0] = _listed(pelican.settings)


def _remember_page(path, context) -> None:
    """Which content file and template produced each written page."""
    if not _active[0]:
        return
    content = context.get("article") or context.get("page")
    source = getattr(content, "source_path", None) if content is not None else None
    template = getattr(content, "template", None) if content is not None else None
    _written[os.path.abspath(path)] = (source, template)


def _source_map(settings: dict, output: Path):
    from coproweek.audit.sources import PageOrigin, SourceMap

    project_root = Path(settings.get("PROJECT_ROOT") or Path(settings["PATH"]).resolve().parent).resolve()
    theme = Path(settings["THEME"]).resolve()
    source_map = SourceMap(project_root=project_root, template_dir=theme / "templates")

    def shown(path: Path) -> str:
        return source_map.display(Path(path).resolve())

    for written, (source, template) in _written.items():
        try:
            page = Path(written).resolve().relative_to(output).as_posix()
        except ValueError:
            continue
        template_path = theme / "templates" / f"{template}.html" if template else None
        source_map.pages[page] = PageOrigin(
            content=shown(Path(source)) if source else None,
            template=shown(template_path) if template_path and template_path.exists() else None,
        )
    static_dir = settings.get("THEME_STATIC_DIR", "theme").strip("/")
    source_map.css_prefixes[f"{static_dir}/"] = shown(theme / "static") + "/"
    return source_map


def _site_urls(site_url: str) -> tuple[str, ...]:
    """SITEURL and the same address with the other scheme or none (//host/…)."""
    if "://" not in site_url:
        return ()
    _, rest = site_url.split("://", 1)
    return (site_url, f"https://{rest}", f"http://{rest}", f"//{rest}")


def run_audit(pelican) -> None:
    settings = pelican.settings
    if not _active[0] or not settings.get("AUDIT_ENABLED", True):
        return
    from coproweek.audit.baseline import BaselineError, apply_baseline, load_baseline
    from coproweek.audit.engine import AuditOptions, Auditor
    from coproweek.audit.reports import console_report, new_errors, safe_print, write_html, write_json

    output = Path(settings["OUTPUT_PATH"]).resolve()
    source_map = _source_map(settings, output)
    project_root = source_map.project_root
    options = AuditOptions(
        check_dark_scheme=settings.get("AUDIT_CHECK_DARK_SCHEME", True),
        fill_alt_from_metadata=settings.get("AUDIT_FILL_ALT_FROM_METADATA", False),
        exclude=tuple(settings.get("AUDIT_EXCLUDE", ())),
        # A production build writes absolute links (https://site/theme/css/main.css).
        site_urls=_site_urls(settings.get("SITEURL") or ""),
    )
    baseline_path = project_root / settings.get("AUDIT_BASELINE", "accessibility-baseline.json")
    try:
        baseline = load_baseline(baseline_path)
    except BaselineError as error:
        _report(str(baseline_path), f"the accessibility baseline cannot be read: {error}",
                "fix the JSON, or delete the file to start a new baseline.", None)
        return
    workers = settings.get("AUDIT_WORKERS") or min(4, os.cpu_count() or 1)
    result = Auditor(output, options, source_map).run(workers=workers)
    stale = apply_baseline(result.findings, baseline)
    report_dir = project_root / settings.get("AUDIT_REPORT_DIR", "reports/accessibility")
    write_json(report_dir / "audit.json", result, stale)
    write_html(report_dir / "audit.html", result, stale)
    safe_print(console_report(result, stale, detail_limit=10))
    print(f"Accessibility report: {report_dir / 'audit.html'}")
    if settings.get("AUDIT_FAIL_ON_ERRORS", False):
        for finding in new_errors(result):
            source = finding.sources[0] if finding.sources else None
            path = str(project_root / source.file) if source and source.kind != "page" else str(
                output / finding.page)
            _report(path, f"accessibility: {finding.message} (rule {finding.rule}, page {finding.page}, "
                          f"element {finding.selector})", finding.fix, source.line if source else None)


def _report(path: str, what: str, fix: str, line: int | None) -> None:
    from coproweek.problems import report_problem

    report_problem(path, what=what, fix=fix, line=line)


def register() -> None:
    from pelican import signals

    signals.initialized.connect(_start)
    signals.content_written.connect(_remember_page)
    signals.finalized.connect(run_audit)
