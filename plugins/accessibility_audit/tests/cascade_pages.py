"""A page and its style sheets for the cascade tests: one element's computed style."""

from __future__ import annotations

from coproweek.audit.cascade import page_styles, parse_css
from coproweek.audit.html_utils import parse_page


def page(body: str, head: str = ""):
    return parse_page(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode())


def style_of(css: str, body: str, element_id: str = "x", scheme: str = "light", share: bool = True):
    doc = page(body)
    styles = page_styles(doc, [parse_css(css, "site.css")], scheme, "page.html")
    styles.engine.share = share
    return styles.style(doc.xpath(f"//*[@id='{element_id}']")[0])


def colour(css: str, body: str = "<p id=x>Words</p>", **options) -> str:
    return str(style_of(css, body, **options).color)
