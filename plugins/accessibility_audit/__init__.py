"""Pelican plugin: audit alt text, link and button names and colour contrast of every page the build
wrote, after the build (`finalized`). Thin glue over the plain-Python engine in
coproweek.audit (also a command: `python -m coproweek.audit --path DIR`).
Its settings, all optional, are in `Settings` below; publishconf.py sets
AUDIT_FAIL_ON_ERRORS = True."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals

from coproweek.audit.baseline import BaselineError, apply_baseline, load_baseline
from coproweek.audit.engine import AuditOptions, Auditor
from coproweek.audit.reports import console_report, new_errors, safe_print, write_html, write_json
from coproweek.audit.sources import PageOrigin, SourceMap
from coproweek.config import plugin_settings
from coproweek.problems import report_problem


@dataclass(frozen=True)
class Settings:
    path: str                           # Pelican's content folder; the project is its parent
    theme: str                          # Pelican's theme folder (findings traced to templates and CSS)
    siteurl: str                        # Pelican's; a production build's links are absolute
    theme_static_dir: str = "theme"     # Pelican's; where the theme's CSS is published
    project_root: str = ""              # default: the folder holding the content folder
    audit_enabled: bool = True
    audit_report_dir: str = "reports/accessibility"  # outside output/; relative to the project
    audit_baseline: str = "accessibility-baseline.json"  # accepted findings; a missing file is empty
    audit_fail_on_errors: bool = False  # publishconf.py: True, each new error fails the build
    audit_fill_alt_from_metadata: bool = False  # True writes descriptions embedded in image files as alt
    audit_check_dark_scheme: bool = True
    audit_exclude: tuple = ()           # glob patterns of output pages to skip
    audit_workers: int = 0              # processes for large sites; 0: the machine's cores, at most 4


@dataclass
class Build:
    settings: Settings
    written: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # page -> (source, template)


_build: Build | None = None  # this build's state; None in a build that does not list the plugin


def _start(pelican) -> None:
    global _build
    settings = plugin_settings(Settings, pelican.settings, __name__)
    _build = Build(settings) if settings else None


def _remember_page(path, context) -> None:
    """Which content file and template produced each written page."""
    if _build is None:
        return
    content = context.get("article") or context.get("page")
    source = getattr(content, "source_path", None) if content is not None else None
    template = getattr(content, "template", None) if content is not None else None
    _build.written[os.path.abspath(path)] = (source, template)


def _source_map(settings: Settings, written: dict, output: Path) -> SourceMap:
    project_root = Path(settings.project_root or Path(settings.path).resolve().parent).resolve()
    theme = Path(settings.theme).resolve()
    source_map = SourceMap(project_root=project_root, template_dir=theme / "templates")

    def shown(path: Path) -> str:
        return source_map.display(Path(path).resolve())

    for page_path, (source, template) in written.items():
        try:
            page = Path(page_path).resolve().relative_to(output).as_posix()
        except ValueError:
            continue
        template_path = theme / "templates" / f"{template}.html" if template else None
        source_map.pages[page] = PageOrigin(
            content=shown(Path(source)) if source else None,
            template=shown(template_path) if template_path and template_path.exists() else None,
        )
    static_dir = settings.theme_static_dir.strip("/")
    source_map.css_prefixes[f"{static_dir}/"] = shown(theme / "static") + "/"
    return source_map


def _site_urls(site_url: str) -> tuple[str, ...]:
    """SITEURL and the same address with the other scheme or none (//host/…)."""
    if "://" not in site_url:
        return ()
    _, rest = site_url.split("://", 1)
    return (site_url, f"https://{rest}", f"http://{rest}", f"//{rest}")


def run_audit(pelican) -> None:
    if _build is None or not _build.settings.audit_enabled:
        return
    settings = _build.settings
    output = Path(pelican.output_path).resolve()  # the staging folder, with atomic_output
    source_map = _source_map(settings, _build.written, output)
    project_root = source_map.project_root
    options = AuditOptions(
        check_dark_scheme=settings.audit_check_dark_scheme,
        fill_alt_from_metadata=settings.audit_fill_alt_from_metadata,
        exclude=tuple(settings.audit_exclude),
        # A production build writes absolute links (https://site/theme/css/main.css).
        site_urls=_site_urls(settings.siteurl),
    )
    baseline_path = project_root / settings.audit_baseline
    try:
        baseline = load_baseline(baseline_path)
    except BaselineError as error:
        report_problem(str(baseline_path), f"the accessibility baseline cannot be read: {error}",
                       "fix the JSON, or delete the file to start a new baseline.")
        return
    workers = settings.audit_workers or min(4, os.cpu_count() or 1)
    result = Auditor(output, options, source_map).run(workers=workers)
    stale = apply_baseline(result.findings, baseline)
    report_dir = project_root / settings.audit_report_dir
    write_json(report_dir / "audit.json", result, stale)
    write_html(report_dir / "audit.html", result, stale)
    safe_print(console_report(result, stale, detail_limit=10))
    print(f"Accessibility report: {report_dir / 'audit.html'}")
    if settings.audit_fail_on_errors:
        for finding in new_errors(result):
            source = finding.sources[0] if finding.sources else None
            path = str(project_root / source.file) if source and source.kind != "page" else str(
                output / finding.page)
            report_problem(path, f"accessibility: {finding.message} (rule {finding.rule}, page {finding.page}, "
                                 f"element {finding.selector})", finding.fix, source.line if source else None)


def register() -> None:
    signals.initialized.connect(_start)
    signals.content_written.connect(_remember_page)
    signals.finalized.connect(run_audit)
