"""Baseline: findings the team has accepted, each with a reason, so that CI
fails only on new ones. A JSON file (format in docs/accessibility-audit.md)."""

from __future__ import annotations

import json
from pathlib import Path

from .findings import Finding

BASELINE_VERSION = 1


class BaselineError(ValueError):
    """The baseline file cannot be used; the message says why in plain English."""


def load_baseline(path: Path) -> dict[str, dict]:
    """fingerprint -> entry. A missing file is an empty baseline."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path} is not valid JSON ({error}).") from error
    if not isinstance(data, dict) or not isinstance(data.get("accepted"), list):
        raise BaselineError(f"{path} must be an object with an \"accepted\" list.")
    entries = {}
    for number, entry in enumerate(data["accepted"], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{path}: entry {number} has no \"fingerprint\".")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise BaselineError(f"{path}: entry {number} ({entry.get('rule', '?')} on {entry.get('page', '?')}) "
                                "has no \"reason\": say why this finding is accepted.")
        entries[entry["fingerprint"]] = entry
    return entries


def apply_baseline(findings: list[Finding], baseline: dict[str, dict]) -> list[dict]:
    """Mark baselined findings; return the baseline entries no longer found (stale)."""
    seen = set()
    for finding in findings:
        entry = baseline.get(finding.fingerprint)
        if entry is not None:
            finding.baselined = True
            finding.baseline_reason = entry["reason"]
            seen.add(finding.fingerprint)
    return [entry for fingerprint, entry in baseline.items() if fingerprint not in seen]


def write_baseline(path: Path, findings: list[Finding], reason: str, existing: dict[str, dict] | None = None) -> int:
    """Accept every current error and warning (keeping earlier reasons); returns the count."""
    if not reason.strip():
        raise BaselineError("Give a reason for accepting these findings (--reason \"…\").")
    existing = existing or {}
    accepted = {}
    for finding in findings:
        if finding.severity == "note":
            continue
        old = existing.get(finding.fingerprint, {})
        accepted[finding.fingerprint] = {
            "fingerprint": finding.fingerprint, "rule": finding.rule, "page": finding.page,
            "selector": finding.selector, "scheme": finding.scheme,
            "reason": old.get("reason") or reason,
        }
    entries = sorted(accepted.values(), key=lambda e: (e["page"], e["rule"], e["selector"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": BASELINE_VERSION, "accepted": entries}, indent=2) + "\n",
                    encoding="utf-8")
    return len(entries)
