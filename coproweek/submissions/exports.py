"""Read the submissions that form services export. Knows nothing of Pelican.

- Netlify: the submissions API and its JSON export give a list of objects
  whose `data` holds the fields (`form_name` names the form); the CSV
  export has one column per field.
- Formspree: the JSON export is {"submissions": [{field: value, ...}]}
  (its own keys start with "_"); the CSV export has one column per field.

Every submission comes back as {field name: text or list of texts}."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

# Columns and keys the services add that are not fields of our form.
SERVICE_KEYS = {"form-name", "form_name", "form_id", "id", "number", "created_at", "site_url", "ip",
                "user_agent", "referrer", "_date", "_id", "_status", "_subject", "_replyto"}


class ExportUnreadable(ValueError):
    """The file is not an export this command understands (the message says why)."""


@dataclass
class Submission:
    fields: dict[str, str | list[str]]
    form: str = ""          # the form's name where the export gives it
    number: int = 0         # its place in the file, from 1, for messages
    raw: dict = field(default_factory=dict)


def read_export(path: Path) -> list[Submission]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ExportUnreadable(f"{path} could not be read as UTF-8 text ({error.__class__.__name__}).") from error
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("[", "{"):
        return _from_json(path, text)
    return _from_csv(path, text)


def _from_json(path: Path, text: str) -> list[Submission]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportUnreadable(f"{path}, line {error.lineno}: this is not valid JSON ({error.msg}).") from error
    if isinstance(data, dict):
        data = data.get("submissions", [data])
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ExportUnreadable(f"{path}: expected a list of submissions (Netlify) or "
                               '{"submissions": [...]} (Formspree).')
    submissions = []
    for number, item in enumerate(data, start=1):
        fields = item.get("data") if isinstance(item.get("data"), dict) else item
        form = str(item.get("form_name") or fields.get("form-name") or "")
        submissions.append(Submission(_clean(fields), form, number, item))
    return submissions


def _from_csv(path: Path, text: str) -> list[Submission]:
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ExportUnreadable(f"{path}: this is not a CSV file the command can read ({error}).") from error
    if not rows:
        raise ExportUnreadable(f"{path}: the file has no submissions (a header line and one line a submission).")
    return [Submission(_clean(row), str(row.get("form_name") or row.get("form-name") or ""), number, row)
            for number, row in enumerate(rows, start=1)]


def _clean(fields: dict) -> dict[str, str | list[str]]:
    """Field names as the form has them; values as text or lists of text."""
    cleaned: dict[str, str | list[str]] = {}
    for key, value in fields.items():
        if key is None or str(key).strip().lower() in SERVICE_KEYS:
            continue
        if isinstance(value, list):
            cleaned[str(key).strip()] = [str(item) for item in value if item is not None]
        elif value is not None and not isinstance(value, dict):
            cleaned[str(key).strip()] = str(value)
    return cleaned
