"""Pelican plugin: audit alt text, link and button names and colour contrast of every page the build
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
  AUDIT_CACHE                    True: a page unchanged since the last build (its bytes, source, images, the
                                 theme, CSS and audit code all the same) keeps its findings without a re-check
  AUDIT_CACHE_PATH               "cache/audit" beside the content folder
"""

from __future__ import annotations

import functools
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

    @functools.lru_cache(maxsize=None)
    def shown(path: str) -> str:
        return source_map.display(Path(path).resolve())

    @functools.lru_cache(maxsize=None)
    def template_shown(template: str) -> str | None:
        template_path = theme / "templates" / f"{template}.html"
        return shown(str(template_path)) if template_path.exists() else None

    # Pages were remembered by absolute path under OUTPUT_PATH as Pelican
    # named it; resolving each of thousands of paths was most of this step.
    prefixes = {os.path.join(os.path.abspath(settings["OUTPUT_PATH"]), ""), os.path.join(str(output), "")}
    for written, (source, template) in _written.items():
        prefix = next((p for p in prefixes if written.startswith(p)), None)
        if prefix is None:
            continue
        page = written[len(prefix):].replace(os.sep, "/")
        source_map.pages[page] = PageOrigin(
            content=shown(source) if source else None,
            template=template_shown(template) if template else None,
        )
    static_dir = settings.get("THEME_STATIC_DIR", "theme").strip("/")
    source_map.css_prefixes[f"{static_dir}/"] = shown(str(theme / "static")) + "/"
    return source_map


def _page_cache(settings: dict, output: Path, options, source_map):
    """Findings of unchanged pages from the last build (AUDIT_CACHE False turns
    this off). Valid only with the same audit code, options, theme (templates
    and CSS sources, which findings point to) and built CSS; per page, the
    page's bytes, its source's text and the images it consulted."""
    if not settings.get("AUDIT_CACHE", True):
        return None
    import coproweek.audit
    import coproweek.checks.links
    from coproweek import page_cache

    theme = Path(settings["THEME"]).resolve()
    context = page_cache.digest(
        page_cache.code_digest(coproweek.audit, coproweek.checks.links, page_cache),
        repr(options), repr(sorted(source_map.css_prefixes.items())), str(source_map.project_root),
        page_cache.files_digest((p for p in theme.rglob("*") if p.is_file()), theme),
        page_cache.files_digest(output.rglob("*.css"), output),
    )
    folder = Path(settings.get("AUDIT_CACHE_PATH") or Path(settings["PATH"]).resolve().parent / "cache" / "audit")
    return page_cache.PageCache(folder / f"{page_cache.digest(repr(options))[:16]}.pickle", context)


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
    options = AuditOptions.from_settings(settings)
    baseline_path = project_root / settings.get("AUDIT_BASELINE", "accessibility-baseline.json")
    try:
        baseline = load_baseline(baseline_path)
    except BaselineError as error:
        _report(str(baseline_path), f"the accessibility baseline cannot be read: {error}",
                "fix the JSON, or delete the file to start a new baseline.", None)
        return
    workers = settings.get("AUDIT_WORKERS") or min(4, os.cpu_count() or 1)
    cache = _page_cache(settings, output, options, source_map)
    result = Auditor(output, options, source_map).run(workers=workers, cache=cache)
    if cache is not None:
        cache.save()
        print(f"Accessibility audit: {len(result.pages) - result.reused} pages checked, "
              f"{result.reused} unchanged since the last build (their findings reused)")
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
