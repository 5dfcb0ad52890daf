"""The accessibility audit's settings in a site build (AUDIT_*), with their
defaults in this one place (see coproweek.config). The accessibility_audit
plugin reads them, and so does anything else that audits a build the way the
build does (sitekit.preview)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuditSettings:
    path: str                           # Pelican's content folder; the project is its parent
    theme: str                          # Pelican's theme folder (findings traced to templates and CSS)
    output_path: str                    # Pelican's (pages were remembered under it)
    siteurl: str = ""                   # Pelican's; a production build's links are absolute
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
    audit_cache: bool = True            # an unchanged page keeps its findings without a re-check
    audit_cache_path: str = ""          # default: cache/audit beside the content folder
