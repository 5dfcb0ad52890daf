"""Pelican plugin: audit alt text, link and button names and colour contrast of every page the build
wrote, after the build (`finalized`). Thin glue over the plain-Python engine in
coproweek.audit (also a command: `python -m coproweek.audit --path DIR`).
Its settings, all optional, are coproweek.audit.settings.AuditSettings;
publishconf.py sets AUDIT_FAIL_ON_ERRORS = True."""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals

import coproweek.audit
import coproweek.checks.links
from coproweek import page_cache
from coproweek.audit.baseline import BaselineError, apply_baseline, load_baseline
from coproweek.audit.engine import AuditOptions, Auditor
from coproweek.audit.reports import console_report, new_errors, safe_print, write_html, write_json
from coproweek.audit.settings import AuditSettings
from coproweek.audit.sources import PageOrigin, SourceMap
from coproweek.build_cache import project_cache
from coproweek.build_signals import pages_parsed
from coproweek.config import plugin_settings, worker_count
from coproweek.problems import report_problem
from coproweek.site_files import files_in

Settings = AuditSettings  # this plugin's settings (the one pattern; see docs/architecture.md)


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

    @functools.lru_cache(maxsize=None)
    def shown(path: str) -> str:
        return source_map.display(Path(path).resolve())

    @functools.lru_cache(maxsize=None)
    def template_shown(template: str) -> str | None:
        template_path = theme / "templates" / f"{template}.html"
        return shown(str(template_path)) if template_path.exists() else None

    # Pages were remembered by absolute path under OUTPUT_PATH as Pelican
    # named it; resolving each of thousands of paths was most of this step.
    prefixes = {os.path.join(os.path.abspath(settings.output_path), ""), os.path.join(str(output), "")}
    for page_path, (source, template) in written.items():
        prefix = next((p for p in prefixes if page_path.startswith(p)), None)
        if prefix is None:
            continue
        page = page_path[len(prefix):].replace(os.sep, "/")
        source_map.pages[page] = PageOrigin(
            content=shown(source) if source else None,
            template=template_shown(template) if template else None,
        )
    static_dir = settings.theme_static_dir.strip("/")
    source_map.css_prefixes[f"{static_dir}/"] = shown(str(theme / "static")) + "/"
    return source_map


def _page_cache(settings: Settings, output: Path, options, source_map):
    """Findings of unchanged pages from the last build (AUDIT_CACHE False turns
    this off). Valid only with the same audit code, options, theme (templates
    and CSS sources, which findings point to) and built CSS; per page, the
    page's bytes, its source's text and the images it consulted."""
    if not settings.audit_cache:
        return None
    theme = Path(settings.theme).resolve()
    context = page_cache.digest(
        page_cache.code_digest(coproweek.audit, coproweek.checks.links, page_cache),
        repr(options), repr(sorted(source_map.css_prefixes.items())), str(source_map.project_root),
        page_cache.files_digest((p for p in theme.rglob("*") if p.is_file()), theme),
        page_cache.files_digest((output / css for css in files_in(output, ".css")), output),
    )
    folder = project_cache(settings.path, "audit", settings.audit_cache_path)
    return page_cache.PageCache(folder / f"{page_cache.digest(repr(options))[:16]}.sqlite", context)


def run_audit(pelican) -> None:
    if _build is None or not _build.settings.audit_enabled:
        return
    settings = _build.settings
    output = Path(pelican.output_path).resolve()  # the staging folder, with atomic_output
    source_map = _source_map(settings, _build.written, output)
    project_root = source_map.project_root
    # The pages' links too, for whoever listens (the link checks), from the same parse.
    options = dataclasses.replace(AuditOptions.from_settings(settings), collect_links=bool(pages_parsed.receivers))
    baseline_path = project_root / settings.audit_baseline
    try:
        baseline = load_baseline(baseline_path)
    except BaselineError as error:
        report_problem(str(baseline_path), f"the accessibility baseline cannot be read: {error}",
                       "fix the JSON, or delete the file to start a new baseline.")
        return
    workers = worker_count(settings.audit_workers)
    cache = _page_cache(settings, output, options, source_map)
    result = Auditor(output, options, source_map).run(workers=workers, cache=cache)
    pages_parsed.send(pelican.output_path, links=result.links)
    if cache is not None:
        cache.save()
        print(f"Accessibility audit: {len(result.pages) - result.reused} pages checked, "
              f"{result.reused} unchanged since the last build (their findings reused)")
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
