"""The theme's components (theme/templates/components/<name>/macro.html) and
their named examples (examples.toml beside each), rendered with the site's
own Jinja settings: for the component tests and the page of all examples
that the browser suite checks with axe-core."""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from sitekit.build import ROOT, site_settings

COMPONENTS = ROOT / "theme" / "templates" / "components"


@dataclass(frozen=True)
class Example:
    component: str   # the folder's name
    name: str
    macro: str
    params: dict
    expect: dict     # CSS selector -> number of elements; "text" -> words the output shows
    wrap: str = ""   # an element the example must sit in (an event card is a list item)


def environment() -> jinja2.Environment:
    """Jinja as Pelican sets it up for the site (JINJA_ENVIRONMENT, JINJA_FILTERS)."""
    settings = site_settings()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme" / "templates")),
                             **settings["JINJA_ENVIRONMENT"])
    env.filters.update(settings.get("JINJA_FILTERS", {}))
    return env


def components() -> list[str]:
    return sorted(path.name for path in COMPONENTS.iterdir() if (path / "macro.html").is_file())


def examples() -> list[Example]:
    found = []
    for component in components():
        data = tomllib.loads((COMPONENTS / component / "examples.toml").read_text(encoding="utf-8"))
        for example in data["examples"]:
            found.append(Example(component, example["name"], example["macro"], _markup(example["params"]),
                                 example.get("expect", {}), example.get("wrap", "")))
    return found


def _markup(params):
    """In examples, a value under the key "html" is markup, as the templates
    pass it (a `{% set %}` block); every other string is text."""
    if isinstance(params, dict):
        return {key: Markup(value) if key == "html" and isinstance(value, str) else _markup(value)
                for key, value in params.items()}
    if isinstance(params, list):
        return [_markup(value) for value in params]
    return params


def render(example: Example, env: jinja2.Environment | None = None) -> str:
    template = (env or environment()).from_string(
        f'{{% from "components/{example.component}/macro.html" import {example.macro} %}}'
        f"{{{{ {example.macro}(params) }}}}")
    output = template.render(params=example.params)
    return f"<{example.wrap}>{output}</{example.wrap}>" if example.wrap else output


def examples_page(site_url: str = "") -> str:
    """Every example on one page, with the site's style sheets."""
    env = environment()
    sections = []
    for number, example in enumerate(examples()):
        title = html.escape(f"{example.component}: {example.name}")
        sections.append(f'<section aria-labelledby="example-{number}"><h2 class="heading-m" id="example-{number}">'
                        f"{title}</h2>\n{render(example, env)}\n</section>")
    styles = "".join(f'<link rel="stylesheet" href="{site_url}/theme/css/{name}.css">'
                     for name in ("main", "events", "calendar-feeds"))
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Components</title>{styles}'
            f'</head><body><main id="main-content" class="main page-width"><h1 class="heading-xl">Components</h1>'
            + "\n".join(sections) + "</main></body></html>")
