"""Every built page is valid HTML by the Nu HTML Checker (vnu.jar, the W3C
validator's engine, from npm's vnu-jar), run once over all pages: Java's
start-up costs about 3.5 s, each page about 0.15 s."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.site_tools import public_html_files

from tests.site_tools import PROJECT_ROOT

pytestmark = pytest.mark.slow

VNU_JAR = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "Install the test tools first: scripts/install-test-tools (as root)."


def nu_checker_errors(pages: list[Path], site: Path) -> list[str]:
    """Errors the Nu HTML Checker finds in `pages`, each as
    "page.html, line N: message (extract)" with paths relative to `site`."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"Java is not installed. {INSTALL_HINT}", pytrace=False)
    if not VNU_JAR.exists():
        pytest.fail(f"The Nu HTML Checker is missing ({VNU_JAR}). {INSTALL_HINT}", pytrace=False)
    # -Xss4m: the checker's parser overflows Java's default 512k stack.
    command = [java, "-Xss4m", "-Dfile.encoding=UTF-8", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
    result = subprocess.run(command + [str(page) for page in pages], capture_output=True, encoding="utf-8", timeout=600)
    try:
        messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"The Nu HTML Checker did not report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    errors = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue  # "info" messages, including warnings
        page = Path(unquote(urlsplit(message.get("url", "")).path))
        where = page.relative_to(site).as_posix() if page.is_relative_to(site) else str(page)
        if "lastLine" in message:
            where += f", line {message['lastLine']}"
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{where}: {message['message']}" + (f"  [{extract}]" if extract else ""))
    return errors


def test_every_built_page_is_valid_html(built_site):
    pages = public_html_files(built_site)
    assert pages, f"The build wrote no HTML pages into {built_site}"
    errors = nu_checker_errors(pages, built_site)
    assert not errors, f"Nu HTML Checker errors in {len(pages)} pages ({len(errors)}):\n" + "\n".join(errors)


def test_the_checker_reports_page_line_and_message(tmp_path):
    # Guards the test above: a broken invocation must not pass silently.
    (tmp_path / "good.html").write_text('<!DOCTYPE html><html lang="en"><title>Fine</title><p>Fine.</p></html>')
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "bad.html").write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<title>Bad</title>\n<p><div>Block in a paragraph</p>\n<img src="x.png">\n'
    )
    errors = nu_checker_errors([tmp_path / "good.html", tmp_path / "blog" / "bad.html"], tmp_path)
    assert errors, "the checker found no errors in a page full of them"
    assert all(error.startswith("blog/bad.html, line ") for error in errors), errors
    missing_alt = "blog/bad.html, line 5: An “img” element must have an “alt” attribute"
    assert any(error.startswith(missing_alt) for error in errors), errors
