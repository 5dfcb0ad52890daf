"""Markdown files with a `key: value` header, read the way the blog reads
them (the site's MARKDOWN settings), for the content types Pelican's own
readers do not make: events and campaign weeks. Knows nothing of Pelican."""

from __future__ import annotations

import markdown

from coproweek.problems import report_problem


def markdown_converter(config: dict) -> markdown.Markdown:
    """One Markdown converter, reset between files, with the same extensions
    and configuration as the blog (Pelican's reader builds a new one per
    file; reusing it is measurably faster). `config` is Pelican's MARKDOWN."""
    config = dict(config or {})
    extension_configs = config.get("extension_configs", {})
    extensions = list(dict.fromkeys(
        [*config.get("extensions", []), *extension_configs, "markdown.extensions.meta"]))
    return markdown.Markdown(
        extensions=extensions,
        extension_configs=extension_configs,
        output_format=config.get("output_format", "html5"),
    )


def read_markdown(converter: markdown.Markdown, full_path: str) -> tuple[str, dict] | None:
    """(body HTML, metadata) of a Markdown file; None, with the problem
    reported, when it cannot be read."""
    try:
        with open(full_path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        report_problem(full_path, f"The file could not be read ({error.__class__.__name__}).",
                       "Save it as UTF-8 text.")
        return None
    converter.reset()
    html = converter.convert(text)
    return html, dict(getattr(converter, "Meta", {}))
