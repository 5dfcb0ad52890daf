"""Reports: a console summary grouped by rule, a JSON report with a stable
schema (documented in docs/accessibility-audit.md), and an accessible HTML report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jinja2

from .engine import AuditResult
from .findings import ERROR, NOTE, RULES, SEVERITY_ORDER, WARNING, Finding

JSON_SCHEMA = "accessibility-audit/1"


def safe_print(text: str, stream=None) -> None:
    """Print even where the console cannot show every character (an ASCII locale)."""
    import sys

    stream = stream or sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    print(text.encode(encoding, "replace").decode(encoding), file=stream)


def new_errors(result: AuditResult) -> list[Finding]:
    return [f for f in result.findings if f.severity == ERROR and not f.baselined]


def summary(result: AuditResult, stale: list[dict] | None = None) -> dict:
    by_rule = {}
    for rule_id, count in Counter(f.rule for f in result.findings).items():
        by_rule[rule_id] = {
            "severity": RULES[rule_id].severity, "count": count,
            "new": sum(1 for f in result.findings if f.rule == rule_id and not f.baselined),
        }
    severities = Counter(f.severity for f in result.findings)
    return {
        "pages": len(result.pages),
        "errors": severities[ERROR], "warnings": severities[WARNING], "notes": severities[NOTE],
        "new_errors": len(new_errors(result)),
        "baselined": sum(1 for f in result.findings if f.baselined),
        "ignored": result.ignored,
        "stale_baseline_entries": len(stale or []),
        "unreadable_pages": len(result.unreadable),
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: (SEVERITY_ORDER[kv[1]["severity"]], kv[0]))),
    }


def _location(finding: Finding) -> str:
    if not finding.sources:
        return f"{finding.page}:{finding.page_line or '?'}"
    source = finding.sources[0]
    return f"{source.file}:{source.line}" if source.line else source.file


def console_report(result: AuditResult, stale: list[dict] | None = None, detail_limit: int = 40) -> str:
    data = summary(result, stale)
    lines = [f"Accessibility audit: {data['pages']} pages in {result.seconds:.2f} s — "
             f"{data['errors']} errors ({data['new_errors']} new), {data['warnings']} warnings, "
             f"{data['notes']} notes; {data['baselined']} accepted in the baseline, {data['ignored']} ignored."]
    if data["by_rule"]:
        lines.append("")
        lines.append(f"  {'rule':<28} {'severity':<8} {'count':>6} {'new':>6}  what")
        for rule_id, counts in data["by_rule"].items():
            lines.append(f"  {rule_id:<28} {counts['severity']:<8} {counts['count']:>6} {counts['new']:>6}  "
                         f"{RULES[rule_id].title}")
    shown = [f for f in result.findings if not f.baselined and f.severity != NOTE]
    if shown:
        lines.append("")
        lines.append("New errors and warnings (fix where it says 'fix in'):")
        for finding in shown[:detail_limit]:
            lines.append(f"  {finding.severity.upper()} {finding.rule} on {finding.page} ({finding.selector})")
            lines.append(f"    {finding.message}")
            lines.append(f"    fix in {_location(finding)}: {finding.fix}")
        if len(shown) > detail_limit:
            lines.append(f"  … and {len(shown) - detail_limit} more: see the JSON or HTML report.")
    for problem in result.unreadable:
        lines.append(f"  Could not read {problem}")
    if stale:
        lines.append(f"  {len(stale)} baseline entries no longer match anything: remove them from the baseline.")
    return "\n".join(lines)


def json_report(result: AuditResult, stale: list[dict] | None = None) -> dict:
    return {
        "schema": JSON_SCHEMA,
        "root": str(result.root),
        "summary": summary(result, stale),
        "rules": {rule.id: {"severity": rule.severity, "title": rule.title, "fix": rule.fix, "wcag": rule.wcag}
                  for rule in RULES.values()},
        "findings": [finding.to_dict() for finding in result.findings],
        "stale_baseline": [entry.get("fingerprint") for entry in stale or []],
        "unreadable_pages": result.unreadable,
    }


def write_json(path: Path, result: AuditResult, stale: list[dict] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_report(result, stale), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)


def html_report(result: AuditResult, stale: list[dict] | None = None) -> str:
    data = summary(result, stale)
    by_rule: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    pages = Counter(f.page for f in result.findings)
    page_errors = Counter(f.page for f in result.findings if f.severity == ERROR and not f.baselined)
    return _environment.get_template("report.html").render(
        summary=data, rules=RULES, by_rule=by_rule, result=result,
        pages=sorted(pages.items(), key=lambda kv: (-page_errors[kv[0]], -kv[1], kv[0])),
        page_errors=page_errors, location=_location,
    )


def write_html(path: Path, result: AuditResult, stale: list[dict] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_report(result, stale), encoding="utf-8")
