"""Parsing style sheets with tinycss2: the declarations that matter for colour
and size (shorthands expanded to longhands), @media (including
prefers-color-scheme) and @import, and each selector compiled with its
specificity by cssselect2. The browser's own defaults are UA_CSS."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import cssselect2
import tinycss2
import tinycss2.ast

from ..colours import parse_colour

VIEWPORT_WIDTH_PX = 1280
ROOT_FONT_PX = 16.0


_SIDES = ("top", "right", "bottom", "left")
BORDER_LONGHANDS = {f"border-{side}-{part}" for side in _SIDES for part in ("color", "style", "width")}
OUTLINE_LONGHANDS = {"outline-color", "outline-style", "outline-width"}
INTERESTING = {
    "color", "background-color", "background-image", "font-size", "font-weight", "font-style",
    "text-decoration-line", "display", "visibility", "clip", "clip-path", "left", "text-indent",
    "box-shadow", "color-scheme",
} | BORDER_LONGHANDS | OUTLINE_LONGHANDS
SHORTHANDS = {"background", "border", "border-color", "border-style", "border-width", "outline", "text-decoration",
              "font"} | {f"border-{side}" for side in _SIDES}
_FOCUS_PSEUDO = re.compile(r":focus(?:-visible)?(?![\w-])", re.I)
_STATE_PSEUDO = re.compile(r":(?:hover|active|visited|focus-within|target)(?![\w-])|::?(?:before|after|placeholder|"
                           r"selection|marker|first-line|first-letter|backdrop|-[\w-]+)", re.I)

_FONT_KEYWORDS = {"xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24,
                  "xx-large": 32, "xxx-large": 48}

# The browser's own defaults that matter for colour and size (after the HTML spec's
# rendering section and Chromium's values).
UA_CSS = """
head, script, style, template, title, meta, link, noscript, datalist, [hidden] { display: none }
h1 { font-size: 2em; font-weight: bold } h2 { font-size: 1.5em; font-weight: bold }
h3 { font-size: 1.17em; font-weight: bold } h4 { font-weight: bold }
h5 { font-size: .83em; font-weight: bold } h6 { font-size: .67em; font-weight: bold }
b, strong, th, dt { font-weight: bold } small, sub, sup { font-size: smaller }
a[href] { color: #0000ee; text-decoration: underline } u, ins { text-decoration: underline }
mark { background-color: #ffff00; color: #000000 }
input, textarea, select { border: 2px inset #767676; background-color: #ffffff; color: #000000 }
button, input[type=submit], input[type=button], input[type=reset] { border: 2px outset #767676;
    background-color: #efefef; color: #000000 }
a[href]:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible,
[tabindex]:focus-visible { outline: 2px solid #101010 }
"""


@dataclass(frozen=True)
class Declaration:
    name: str
    value: tuple  # tinycss2 component values, comments removed
    important: bool
    file: str  # where it was written, relative to the audited folder (or "(browser default)")
    line: int | None
    selector: str

    def text(self) -> str:
        return tinycss2.serialize(self.value).strip()


@dataclass
class SelectorRule:
    selector: object  # compiled by cssselect2, for its Matcher
    specificity: tuple
    order: int
    declarations: list[Declaration]
    scheme: str | None  # None: any scheme; "dark" / "light": only under prefers-color-scheme
    focus: bool  # applies only while the element has focus
    source: str = ""  # the selector as written


@dataclass
class StyleSheet:
    rules: list[SelectorRule] = field(default_factory=list)
    has_dark_rules: bool = False
    shared: bool = True  # a file every page can share (False: a page's own <style>)


def _strip(tokens) -> list:
    return [t for t in tokens if t.type not in ("whitespace", "comment")]


def _media_applies(prelude) -> tuple[bool, str | None]:
    """Whether an @media prelude applies to a screen 1280 px wide, and the colour
    scheme it needs (None for either)."""
    text = tinycss2.serialize(prelude).lower()
    for query in text.split(","):
        query = " ".join(query.split())
        if not query:
            continue
        negated = query.startswith("not ")
        applies = True
        scheme = None
        if re.search(r"\b(print|speech)\b", query) and not re.search(r"\b(screen|all)\b", query):
            applies = False
        for feature, value in re.findall(r"\(\s*([\w-]+)\s*:\s*([^)]+?)\s*\)", query):
            if feature == "prefers-color-scheme":
                scheme = value
            elif feature in ("min-width", "max-width"):
                number = re.match(r"([\d.]+)\s*(px|em|rem)?", value)
                if number:
                    px = float(number.group(1)) * (ROOT_FONT_PX if number.group(2) in ("em", "rem") else 1)
                    applies &= VIEWPORT_WIDTH_PX >= px if feature == "min-width" else VIEWPORT_WIDTH_PX <= px
            elif feature in ("prefers-contrast", "forced-colors", "prefers-reduced-transparency"):
                applies &= value in ("no-preference", "none")
            elif feature == "prefers-reduced-motion":
                applies &= value == "no-preference"
        if negated and scheme:
            # "not all and (prefers-color-scheme: dark)": the other scheme; if the rest
            # of the query fails, its negation holds in either scheme.
            applies, scheme = True, ({"dark": "light", "light": "dark"}.get(scheme) if applies else None)
        elif negated:
            applies = not applies
        if applies:
            return True, scheme
    return False, None


def _declarations(tokens, file: str, selector: str, line_offset: int) -> list[Declaration]:
    result = []
    for item in tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration":
            continue
        name = item.lower_name
        if not (name in INTERESTING or name in SHORTHANDS or name.startswith("--")):
            continue
        value = tuple(t for t in item.value if t.type != "comment")
        line = item.source_line + line_offset if item.source_line else None
        name = item.name if name.startswith("--") else name
        result.append(Declaration(name, value, item.important, file, line, selector))
    return result


def _selectors_in_group(tokens: list) -> list[list]:
    """A selector group's tokens split at its top-level commas (commas inside
    :is(…) or [attr="a,b"] are inside a function or string token)."""
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


@functools.lru_cache(maxsize=4096)
def _compile(selector_text: str) -> tuple[tuple[object, tuple, bool, str], ...]:
    """(cssselect2 selector, specificity, focus-only, source) for each selector in a
    group that can match in the resting or focused state; others (hover, ::before…)
    are dropped, and so is a selector cssselect2 cannot read (the rest of its group
    still counts, as browsers would not do but authors would expect)."""
    compiled = []
    for part in _selectors_in_group(tinycss2.parse_component_value_list(selector_text)):
        source = tinycss2.serialize(part).strip()
        if not source or _STATE_PSEUDO.search(source):
            continue
        focus = bool(_FOCUS_PSEUDO.search(source))
        try:
            [selector] = cssselect2.compile_selector_list(source)
            if selector.pseudo_element:
                continue
            # :focus never matches in cssselect2; a focus rule is matched without it
            # (":is(*)" keeps "a:focus" and ":focus > span" valid) but keeps its specificity.
            target = cssselect2.compile_selector_list(_FOCUS_PSEUDO.sub(":is(*)", source))[0] if focus else selector
        except (cssselect2.SelectorError, ValueError):
            continue
        compiled.append((target, tuple(selector.specificity), focus, source))
    return tuple(compiled)


def parse_css(text: str, file: str, load_import=None, line_offset: int = 0, order_start: int = 0) -> StyleSheet:
    sheet = StyleSheet()
    order = [order_start]

    def walk(rules, scheme: str | None) -> None:
        for rule in rules:
            if rule.type == "qualified-rule":
                selector_text = tinycss2.serialize(rule.prelude).strip()
                declarations = [longhand for declaration in _declarations(rule.content, file, selector_text,
                                                                           line_offset)
                                for longhand in _expand(declaration)]
                if not declarations:
                    continue
                for selector, specificity, focus, source in _compile(selector_text):
                    order[0] += 1
                    sheet.rules.append(SelectorRule(selector, specificity, order[0], declarations, scheme, focus,
                                                    source))
            elif rule.type == "at-rule" and rule.content is not None:
                keyword = rule.lower_at_keyword
                inner_scheme = scheme
                if keyword == "media":
                    applies, media_scheme = _media_applies(rule.prelude)
                    if not applies or (scheme and media_scheme and media_scheme != scheme):
                        continue
                    inner_scheme = media_scheme or scheme
                    if inner_scheme == "dark":
                        sheet.has_dark_rules = True
                elif keyword not in ("supports", "layer", "container", "scope", "document"):
                    continue  # @font-face, @keyframes, @page: nothing for colour on the page
                walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), inner_scheme)
            elif rule.type == "at-rule" and rule.lower_at_keyword == "import" and load_import:
                url = next((t for t in rule.prelude if t.type in ("url", "string")), None)
                if url is None:
                    url = next((t for t in rule.prelude if t.type == "function" and t.lower_name == "url"), None)
                    url = url and next((a for a in url.arguments if a.type == "string"), None)
                if url is not None:
                    imported = load_import(url.value)
                    if imported:
                        sheet.rules.extend(imported.rules)
                        sheet.has_dark_rules |= imported.has_dark_rules

    walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), None)
    return sheet


@functools.lru_cache(maxsize=1)
def ua_stylesheet() -> StyleSheet:
    return parse_css(UA_CSS, "(browser default)")


def _expand(declaration: Declaration) -> list[Declaration]:
    """Longhands for the shorthands that carry colours, sizes and decoration."""
    name = declaration.name
    if name not in SHORTHANDS:
        return [declaration]
    parts = _strip(declaration.value)

    def make(longhand, tokens):
        return Declaration(longhand, tuple(tokens), declaration.important, declaration.file, declaration.line,
                           declaration.selector)

    def split_line_parts(tokens):
        colour, style, width = [], [], []
        for token in tokens:
            if token.type == "ident" and token.lower_value in ("none", "hidden", "dotted", "dashed", "solid", "double",
                                                               "groove", "ridge", "inset", "outset", "auto"):
                style = [token]
            elif token.type in ("dimension", "number") or (token.type == "ident" and token.lower_value in (
                    "thin", "medium", "thick")):
                width = [token]
            else:
                colour = [token]
        return colour, style, width

    if name == "background":
        colour = [t for t in parts if t.type in ("hash", "ident") and parse_colour(t) is not None
                  or t.type == "function" and t.lower_name in ("rgb", "rgba", "hsl", "hsla", "hwb", "color", "var")]
        images = [t for t in parts if t.type == "url" or (t.type == "function" and (
            t.lower_name == "url" or "gradient" in t.lower_name))]
        return [make("background-color", colour[-1:] or [tinycss2.ast.IdentToken(0, 0, "transparent")]),
                make("background-image", images[:1] or [tinycss2.ast.IdentToken(0, 0, "none")])]
    if name == "text-decoration":
        lines = [t for t in parts if t.type == "ident" and t.lower_value in (
            "none", "underline", "overline", "line-through")]
        return [make("text-decoration-line", lines or [tinycss2.ast.IdentToken(0, 0, "none")])]
    if name == "font":
        out = []
        before_slash = []
        for token in parts:
            if token.type == "literal" and token.value == "/":
                break
            before_slash.append(token)
        sizes = [t for t in before_slash if t.type in ("dimension", "percentage")
                 or (t.type == "ident" and t.lower_value in _FONT_KEYWORDS)]
        if sizes:
            out.append(make("font-size", sizes[-1:]))
        weights = [t for t in before_slash if (t.type == "number" and t.value >= 100)
                   or (t.type == "ident" and t.lower_value in ("bold", "bolder", "lighter"))]
        out.append(make("font-weight", weights[:1] or [tinycss2.ast.IdentToken(0, 0, "normal")]))
        return out
    if name == "outline":
        colour, style, width = split_line_parts(parts)
        return [make("outline-color", colour or [tinycss2.ast.IdentToken(0, 0, "currentcolor")]),
                make("outline-style", style or [tinycss2.ast.IdentToken(0, 0, "none")]),
                make("outline-width", width or [tinycss2.ast.IdentToken(0, 0, "medium")])]
    if name in ("border-color", "border-style", "border-width"):
        part = name.split("-")[1]
        values = parts or [tinycss2.ast.IdentToken(0, 0, "initial")]
        by_side = {1: (0, 0, 0, 0), 2: (0, 1, 0, 1), 3: (0, 1, 2, 1)}.get(len(values), (0, 1, 2, 3))
        return [make(f"border-{side}-{part}", [values[i]]) for side, i in zip(_SIDES, by_side)]
    # border, border-top …
    sides = _SIDES if name == "border" else (name.split("-")[1],)
    colour, style, width = split_line_parts(parts)
    out = []
    for side in sides:
        out += [make(f"border-{side}-color", colour or [tinycss2.ast.IdentToken(0, 0, "currentcolor")]),
                make(f"border-{side}-style", style or [tinycss2.ast.IdentToken(0, 0, "none")]),
                make(f"border-{side}-width", width or [tinycss2.ast.IdentToken(0, 0, "medium")])]
    return out


