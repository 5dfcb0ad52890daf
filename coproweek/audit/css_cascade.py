"""Enough of the CSS cascade to pair each piece of text with its colour and the
background it sits on, without a browser.

tinycss2 parses the style sheets and style attributes; cssselect (lxml's selector
engine) turns selectors into XPath and gives their specificity. What is written
here is the part no library does: choosing the winning declaration (importance,
inline, specificity, order), custom properties and var(), inheritance, the
shorthands that carry colours, and stacking backgrounds.

Approximations (documented in docs/accessibility-audit.md): the page is assumed
1280 px wide for width media queries; each element is assumed to paint inside its
parent (absolute positioning out of a coloured box is not modelled); a var() inside
a border/outline/background shorthand is taken to be its colour; opacity is ignored."""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import cssselect
import tinycss2
import tinycss2.ast
from lxml import etree

from .colours import BLACK, CURRENT_COLOR, RGBA, TRANSPARENT, WHITE, parse_colour

VIEWPORT_WIDTH_PX = 1280
ROOT_FONT_PX = 16.0
DARK_CANVAS = RGBA(0x12 / 255, 0x12 / 255, 0x12 / 255)  # Chromium's dark canvas

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
    xpath: etree.XPath
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


# ---------------------------------------------------------------- parsing

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
        if negated:
            applies = not applies
            scheme = {"dark": "light", "light": "dark"}.get(scheme or "", None)
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


_translator = cssselect.HTMLTranslator()


@functools.lru_cache(maxsize=4096)
def _compile(selector_text: str) -> tuple[tuple[etree.XPath, tuple, bool], ...]:
    """(XPath, specificity, focus-only, source) for each selector in a group that can
    match in the resting or focused state; others (hover, ::before…) are dropped."""
    compiled = []
    try:
        parsed = cssselect.parse(selector_text)
    except cssselect.SelectorError:
        parsed = []
        for part in selector_text.split(","):
            try:
                parsed.extend(cssselect.parse(part))
            except cssselect.SelectorError:
                continue
    for selector in parsed:
        if selector.pseudo_element:
            continue
        source = selector.canonical() if hasattr(selector, "canonical") else selector_text
        focus = bool(_FOCUS_PSEUDO.search(source))
        if _STATE_PSEUDO.search(source):
            continue
        try:
            target = cssselect.parse(_FOCUS_PSEUDO.sub("", source) or "*")[0] if focus else selector
            xpath = etree.XPath(_translator.selector_to_xpath(target))
        except (cssselect.SelectorError, cssselect.ExpressionError, etree.XPathSyntaxError, IndexError):
            continue
        a, b, c = selector.specificity()
        compiled.append((xpath, (a, b, c), focus, source))
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
                for xpath, specificity, focus, source in _compile(selector_text):
                    order[0] += 1
                    sheet.rules.append(SelectorRule(xpath, specificity, order[0], declarations, scheme, focus,
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


# ---------------------------------------------------------------- computed style

@dataclass
class ComputedStyle:
    color: RGBA
    font_px: float
    bold: bool
    italic: bool
    hidden: bool  # not painted, or clipped off screen as "visually hidden" text is
    background: RGBA  # this element's own background colour (may be translucent)
    backdrop: tuple  # opaque colours the element's content may sit on (several over an image/gradient)
    backdrop_image: str | None  # URL or gradient under the text, when there is one
    underlined: bool  # own or inherited text-decoration underline (decorations propagate)
    custom: dict
    declared: dict  # property -> winning Declaration
    values: dict  # property -> resolved component values (after var())
    color_sources: list = field(default_factory=list)  # Declarations that decided the text colour
    background_sources: list = field(default_factory=list)  # …and the background under it
    custom_origin: dict = field(default_factory=dict)  # custom property -> Declaration that set it
    root_px: float = ROOT_FONT_PX
    memo: dict = field(default_factory=dict)  # results of checks, shared by every element with this style

    @property
    def large_text(self) -> bool:
        points = self.font_px * 0.75
        return points >= 18 or (self.bold and points >= 14)


def _substitute(tokens, custom: dict, depth: int = 0) -> list:
    """Replace var(--x, fallback) in component values by the custom property's value."""
    out = []
    for token in tokens:
        if token.type == "function" and token.lower_name == "var" and depth < 20:
            args = list(token.arguments)
            name = next((t.value for t in args if t.type == "ident"), None)
            commas = [i for i, t in enumerate(args) if t.type == "literal" and t.value == ","]
            fallback = args[commas[0] + 1:] if commas else None
            if name in custom and custom[name] is not None:
                out.extend(_substitute(custom[name], custom, depth + 1))
            elif fallback is not None:
                out.extend(_substitute(fallback, custom, depth + 1))
            else:
                return []  # invalid at computed-value time
        elif token.type == "function":
            args = _substitute(token.arguments, custom, depth)
            out.append(tinycss2.ast.FunctionBlock(token.source_line, token.source_column, token.name, args))
        else:
            out.append(token)
    return out


def _uses_var(tokens) -> list[str]:
    names = []
    for token in tokens:
        if token.type == "function":
            if token.lower_name == "var":
                names += [t.value for t in token.arguments if t.type == "ident"][:1]
            names += _uses_var(token.arguments)
    return names


def _length_px(token, parent_px: float, root_px: float) -> float | None:
    if token.type == "dimension":
        unit = token.lower_unit
        factors = {"px": 1, "pt": 4 / 3, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}
        if unit in factors:
            return token.value * factors[unit]
        if unit == "em":
            return token.value * parent_px
        if unit == "rem":
            return token.value * root_px
        if unit in ("vw", "vi"):
            return token.value * VIEWPORT_WIDTH_PX / 100
    if token.type == "percentage":
        return token.value * parent_px / 100
    if token.type == "number" and token.value == 0:
        return 0.0
    return None


_FONT_KEYWORDS = {"xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24,
                  "xx-large": 32, "xxx-large": 48}


def _font_px(tokens, parent_px: float, root_px: float) -> float | None:
    for token in tokens:
        if token.type == "ident":
            if token.lower_value in _FONT_KEYWORDS:
                return float(_FONT_KEYWORDS[token.lower_value])
            if token.lower_value == "smaller":
                return parent_px / 1.2
            if token.lower_value == "larger":
                return parent_px * 1.2
        elif token.type == "function" and token.lower_name in ("clamp", "max", "min"):
            # Take the largest length a clamp()/max() can reach on our viewport width.
            values = [_length_px(t, parent_px, root_px) for t in token.arguments]
            values = [v for v in values if v is not None]
            if values:
                return min(values) if token.lower_name == "min" else max(values) if token.lower_name == "max" \
                    else values[-1]
        else:
            value = _length_px(token, parent_px, root_px)
            if value is not None:
                return value
    return None


def _is_bold(tokens, parent_bold: bool) -> bool:
    for token in tokens:
        if token.type == "ident":
            if token.lower_value in ("bold", "bolder"):
                return True
            if token.lower_value in ("normal", "lighter"):
                return False
        if token.type == "number":
            return token.value >= 700
    return parent_bold


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


_DEPENDENT = re.compile(r"[+~]|:(?:nth-|first-|last-|only-|empty|has\()", re.I)
_CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ID_IN_SELECTOR = re.compile(r"#(-?[_a-zA-Z][\w-]*)")
_ATTRIBUTE_IN_SELECTOR = re.compile(r"\[\s*([\w:-]+)\s*([~|^$*]?=)?")
# Attributes pseudo-classes test (:link, :disabled, :checked…): their presence matters.
_PSEUDO_ATTRIBUTES = {"href", "disabled", "checked", "selected", "hidden", "lang", "type", "readonly", "required"}
_AUTHOR_ORIGIN = 1


class StyleEngine:
    """Selector matching and computed styles shared by every page that links the
    same style sheets (a site's pages mostly do).

    Speed matters here (the audit must take a small share of a build), so matching is
    done per element *key*: the element's tag, the classes, id and attributes that some
    selector mentions, and its parent's key. Elements with the same key match the same
    selectors, so only elements with a new key need the XPath of each rule. Selectors
    that look at siblings or position (+, ~, :nth-child, :has…) are evaluated on every page."""

    def __init__(self, sheets: list[StyleSheet]):
        self.rules: list[tuple[int, SelectorRule]] = []
        self.dependent: list[tuple[int, SelectorRule]] = []
        self.classes: set[str] = set()
        self.ids: set[str] = set()
        self.value_attributes: set[str] = set()
        self.presence_attributes: set[str] = set(_PSEUDO_ATTRIBUTES)
        self.has_dark_rules = any(sheet.has_dark_rules for sheet in sheets)
        for position, sheet in enumerate([ua_stylesheet()] + sheets):
            for rule in sheet.rules:
                source = rule.source
                (self.dependent if _DEPENDENT.search(source) else self.rules).append((position, rule))
                self.classes.update(_CLASS_IN_SELECTOR.findall(source))
                self.ids.update(_ID_IN_SELECTOR.findall(source))
                for name, operator in _ATTRIBUTE_IN_SELECTOR.findall(source):
                    (self.value_attributes if operator else self.presence_attributes).add(name.lower())
        if "class" in self.value_attributes:
            self.classes = None  # a [class*=…] selector: every class matters
        self.value_attributes.discard("class")
        self.value_attributes.discard("id")
        self.relevant_attributes = self.value_attributes | self.presence_attributes
        self.class_keys: dict[str, tuple | None] = {}  # class attribute -> the classes selectors use
        self.key_ids: dict[tuple, int] = {}
        self.key_entries: list[tuple[list, list]] = []  # key id -> (entries, focus entries)
        self.inline_cache: dict[tuple, list] = {}
        self.memo: dict[tuple, ComputedStyle] = {}
        self.scheme_dependent: dict[tuple, bool] = {}  # identity -> any of its rules is scheme-specific
        self.clean_subtrees: set = set()  # fingerprints of subtrees that had no colour findings

    @staticmethod
    def _entry(position: int, rule: SelectorRule, index: int, declaration: Declaration):
        origin = 0 if position == 0 else _AUTHOR_ORIGIN
        return (declaration.important, origin, 0, rule.specificity, position, rule.order, index), declaration

    def element_key(self, element, parent_key: int) -> tuple:
        attrib = element.attrib
        if not attrib:
            return parent_key, element.tag, None, None, ()
        classes = element_id = None
        attributes = []
        relevant = self.relevant_attributes
        for name, value in attrib.items():
            if name == "class":
                classes = self.class_keys.get(value)
                if classes is None:
                    wanted = self.classes
                    classes = self.class_keys[value] = tuple(sorted(
                        c for c in value.split() if wanted is None or c in wanted)) or None
            elif name == "id":
                element_id = value if value in self.ids else None
            elif name in relevant:
                attributes.append((name, value if name in self.value_attributes else ""))
        if len(attributes) > 1:
            attributes.sort()
        return parent_key, element.tag, classes, element_id, tuple(attributes)

    def match_page(self, doc) -> "PageMatch":
        """The page's matches. Element keys are worked out as the checks reach each
        element (site chrome skipped as clean never needs them); the first key not
        seen before runs every rule's XPath once for the whole page."""
        dependent: dict = {}
        dependent_focus: dict = {}
        for position, rule in self.dependent:
            target = dependent_focus if rule.focus else dependent
            for element in rule.xpath(doc):
                bucket = target.setdefault(element, [])
                for index, declaration in enumerate(rule.declarations):
                    bucket.append(self._entry(position, rule, index, declaration) + (rule.scheme,))
        return PageMatch(self, doc, {}, dependent, dependent_focus)

    def match_all(self, doc, keys: dict) -> None:
        """Keys for every element; rules run only for elements with keys not seen before."""
        new_keys: dict[int, object] = {}
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            parent = element.getparent()
            key = self.element_key(element, keys.get(parent, -1) if parent is not None else -1)
            key_id = self.key_ids.get(key)
            if key_id is None:
                key_id = self.key_ids[key] = len(self.key_entries)
                self.key_entries.append(([], []))
                new_keys[key_id] = element
            keys[element] = key_id
        if new_keys:
            representatives = {element: key_id for key_id, element in new_keys.items()}
            for position, rule in self.rules:
                for element in rule.xpath(doc):
                    key_id = representatives.get(element)
                    if key_id is None:
                        continue
                    bucket = self.key_entries[key_id][1 if rule.focus else 0]
                    for index, declaration in enumerate(rule.declarations):
                        bucket.append(self._entry(position, rule, index, declaration) + (rule.scheme,))

    def inline_entries(self, style_text: str, page_file: str, line: int | None) -> list:
        cache_key = (style_text, page_file, line)
        cached = self.inline_cache.get(cache_key)
        if cached is None:
            cached = []
            try:
                declarations = _declarations(tinycss2.parse_component_value_list(style_text), page_file,
                                             "style attribute", (line or 1) - 1)
            except (ValueError, TypeError):
                declarations = []
            for index, declaration in enumerate(declarations):
                for longhand in _expand(declaration):
                    cached.append(((longhand.important, 1, 1, (0, 0, 0), 0, 0, index), longhand, None))
            self.inline_cache[cache_key] = cached
        return cached


@dataclass
class PageMatch:
    engine: StyleEngine
    doc: object
    keys: dict  # element -> key id, filled as needed (all at once when a new key turns up)
    dependent: dict
    dependent_focus: dict
    complete: bool = False
    identities: tuple = field(default_factory=lambda: ({}, {}))  # [focus] element -> identity of its inputs

    def key_of(self, element) -> int:
        key_id = self.keys.get(element)
        if key_id is not None:
            return key_id
        parent = element.getparent()
        parent_key = self.key_of(parent) if parent is not None else -1
        key_id = self.engine.key_ids.get(self.engine.element_key(element, parent_key))
        if key_id is None:
            if self.complete:
                raise KeyError(element)
            self.engine.match_all(self.doc, self.keys)
            self.complete = True
            return self.keys[element]
        self.keys[element] = key_id
        return key_id

    def styles(self, scheme: str, page_file: str, measure_image=None) -> "PageStyles":
        return PageStyles(self, scheme, page_file, measure_image)


def _scheme_filter(entries, scheme: str) -> list:
    return [(key, declaration) for key, declaration, rule_scheme in entries
            if rule_scheme is None or rule_scheme == scheme]


class PageStyles:
    """Computed styles of one page in one colour scheme, parents before children.
    Computed styles are shared between elements and pages with the same inputs."""

    def __init__(self, match: PageMatch, scheme: str, page_file: str, measure_image=None):
        self.match = match
        self.engine = match.engine
        self.doc = match.doc
        self.scheme = scheme
        self.page_file = page_file
        self.measure_image = measure_image  # (url, base file, under: RGBA) -> (darkest, lightest) or None
        self.cache: dict = {}
        self.dark_canvas = scheme == "dark" and "dark" in self._root_color_scheme()

    def _inputs(self, element, focus: bool, want_entries: bool = True):
        """(entries, identity): the element's matched declarations and a hashable
        identity of them (entries is None when only the identity was asked for)."""
        key_id = self.match.key_of(element)
        dependent = self.match.dependent.get(element)
        style_text = element.get("style")
        if not (dependent or style_text or focus or want_entries):
            return (), (key_id, element.get("hidden") is not None)  # the common case, kept fast
        identity = [key_id]
        if dependent:
            identity.append(tuple(id(d) for _, d, _ in dependent))
        if style_text:
            identity.append(style_text)
            if "url(" in style_text:
                identity.append(self.page_file)
        extra = None
        if focus:
            focus_entries = self.engine.key_entries[key_id][1]
            dependent_focus = self.match.dependent_focus.get(element)
            extra = focus_entries + dependent_focus if dependent_focus else focus_entries
            if not extra:
                return None, None
            if dependent_focus:
                identity.append(("focus", tuple(id(d) for _, d, _ in extra)))
            else:
                identity.append(("focus", key_id))
        identity.append(element.get("hidden") is not None)
        if not want_entries:
            return (), tuple(identity)
        all_entries = list(self.engine.key_entries[key_id][0])
        if dependent:
            all_entries += dependent
        if style_text:
            all_entries += self.engine.inline_entries(style_text, self.page_file, element.sourceline)
        if extra:
            all_entries += extra
        return all_entries, tuple(identity)

    def style(self, element) -> ComputedStyle:
        cached = self.cache.get(element)
        if cached is not None:
            return cached
        parent = element.getparent()
        parent_style = self.style(parent) if parent is not None and isinstance(parent.tag, str) else None
        computed = self._memo_compute(element, parent_style, focus=False)
        self.cache[element] = computed
        return computed

    def style_under(self, element, parent_style: ComputedStyle | None) -> ComputedStyle:
        """style() when the caller walks the tree top-down and has the parent's style."""
        computed = self.cache.get(element)
        if computed is None:
            computed = self.cache[element] = self._memo_compute(element, parent_style, focus=False)
        return computed

    def focus_style(self, element) -> ComputedStyle | None:
        """The element's style while focused, or None when no rule changes it."""
        parent = element.getparent()
        parent_style = self.style(parent) if parent is not None else None
        return self._memo_compute(element, parent_style, focus=True)

    def _memo_compute(self, element, parent_style, focus: bool):
        identities = self.match.identities[focus]
        identity = identities.get(element, False)
        if identity is False:  # worked out once a page, shared by both colour schemes
            _, identity = self._inputs(element, focus, want_entries=False)
            identities[element] = identity
        if identity is None:
            return None
        # Entries that do not depend on the colour scheme give the same style in both
        # schemes (unless the dark canvas is on): share it, so the dark pass skips it.
        scheme_part = self.scheme if self.engine.scheme_dependent.get(identity, True) else "any"
        memo_key = (scheme_part, self.dark_canvas, id(parent_style), identity)
        computed = self.engine.memo.get(memo_key)
        if computed is None:
            entries, _ = self._inputs(element, focus)
            dependent = any(rule_scheme for _, _, rule_scheme in entries)
            self.engine.scheme_dependent[identity] = dependent
            if not dependent and scheme_part != "any":
                memo_key = ("any", self.dark_canvas, id(parent_style), identity)
                computed = self.engine.memo.get(memo_key)
        if computed is None:
            computed = self.compute(parent_style, _scheme_filter(entries, self.scheme),
                                    element.get("hidden") is not None)
            self.engine.memo[memo_key] = computed
            # Keep the parent alive: its id() is part of the key.
            computed.memo["parent"] = parent_style
        return computed

    @staticmethod
    def _winners(entries) -> dict:
        winners = {}
        for _, declaration in sorted(entries, key=lambda pair: pair[0]):
            winners[declaration.name] = declaration
        return winners

    def compute(self, parent: ComputedStyle | None, entries, hidden_attribute: bool) -> ComputedStyle:
        declared = self._winners(entries)
        custom = dict(parent.custom) if parent else {}
        custom_origin = dict(parent.custom_origin) if parent else {}
        for name, declaration in declared.items():
            if name.startswith("--"):
                custom[name] = declaration.value
                custom_origin[name] = declaration
        root_px = parent.root_px if parent else ROOT_FONT_PX
        values = {}
        for name, declaration in declared.items():
            if not name.startswith("--"):
                values[name] = _strip(_substitute(declaration.value, custom))

        def keyword(name):
            tokens = values.get(name)
            return tokens[0].lower_value if tokens and tokens[0].type == "ident" else None

        def var_sources(name):
            declaration = declared.get(name)
            if declaration is None:
                return []
            found = [declaration]
            for var_name in _uses_var(declaration.value):
                origin = custom_origin.get(var_name)
                if origin is not None:
                    found.insert(0, origin)
            return found

        # Colour scheme: the canvas is dark only when the page opts in to dark.
        default_text = WHITE if self.dark_canvas else BLACK
        parent_color = parent.color if parent else default_text

        color = parent_color
        color_sources = parent.color_sources if parent else []
        if "color" in values:
            word = keyword("color")
            if word in ("inherit", "unset", "revert", "currentcolor"):
                pass
            elif word == "initial":
                color, color_sources = default_text, var_sources("color")
            else:
                parsed = parse_colour(values["color"])
                if isinstance(parsed, RGBA):
                    color = parsed
                    color_sources = var_sources("color")

        font_px = parent.font_px if parent else ROOT_FONT_PX
        if "font-size" in values:
            size = _font_px(values["font-size"], font_px, root_px)
            if size is not None:
                font_px = size
        if parent is None:
            root_px = font_px
        bold = _is_bold(values.get("font-weight", []), parent.bold if parent else False)
        italic = (keyword("font-style") in ("italic", "oblique")) if "font-style" in values else (
            parent.italic if parent else False)

        hidden = parent.hidden if parent else False
        if keyword("display") == "none" or keyword("visibility") in ("hidden", "collapse"):
            hidden = True
        clip = tinycss2.serialize(values["clip"]).replace(" ", "") if "clip" in values else ""
        clip_path = tinycss2.serialize(values["clip-path"]).replace(" ", "") if "clip-path" in values else ""
        if clip.startswith("rect(0") or clip.startswith("rect(1px,1px,1px,1px") or "inset(50%" in clip_path:
            hidden = True
        for offset_name in ("left", "text-indent"):
            offset = values.get(offset_name)
            if offset and offset[0].type == "dimension" and offset[0].value <= -999:
                hidden = True
        if hidden_attribute:
            hidden = True

        background = TRANSPARENT
        background_sources = parent.background_sources if parent else []
        if "background-color" in values:
            parsed = parse_colour(values["background-color"])
            if parsed == CURRENT_COLOR:
                parsed = color
            if isinstance(parsed, RGBA):
                background = parsed
                if parsed.a > 0:
                    background_sources = var_sources("background-color")
        if parent is None:
            canvas = DARK_CANVAS if self.dark_canvas else WHITE
            backdrop = (background.over(canvas),)
            backdrop_image = None
        else:
            backdrop = tuple(background.over(under) for under in parent.backdrop) if background.a > 0 else \
                parent.backdrop
            backdrop_image = parent.backdrop_image if background.a < 0.999 else None
        image_tokens = values.get("background-image")
        if image_tokens and not (image_tokens[0].type == "ident" and image_tokens[0].lower_value == "none"):
            layer = self._image_layer(image_tokens[0], backdrop[0], declared["background-image"].file)
            if layer is not None:
                colours, description = layer
                backdrop, backdrop_image = colours, description
                background_sources = var_sources("background-image")

        underlined = parent.underlined if parent else False
        if "text-decoration-line" in values:
            if any(t.type == "ident" and t.lower_value == "underline" for t in values["text-decoration-line"]):
                underlined = True
        return ComputedStyle(color, font_px, bold, italic, hidden, background, backdrop, backdrop_image,
                             underlined, custom, declared, values, color_sources, background_sources,
                             custom_origin, root_px)

    def _root_color_scheme(self) -> str:
        root = self.doc.getroot()
        for element in (root, root.find("body")):
            if element is None:
                continue
            entries, _ = self._inputs(element, False)
            winners = self._winners(_scheme_filter(entries, self.scheme))
            if "color-scheme" in winners:
                return winners["color-scheme"].text().lower()
        meta = root.find(".//meta[@name='color-scheme']")
        return (meta.get("content") or "").lower() if meta is not None else ""

    def _image_layer(self, token, under: RGBA, base_file: str):
        """Opaque colours a background image or gradient puts behind the text."""
        if token.type == "url" or (token.type == "function" and token.lower_name == "url"):
            url = token.value if token.type == "url" else next(
                (a.value for a in token.arguments if a.type == "string"), "")
            if self.measure_image is None:
                return None
            measured = self.measure_image(url, base_file, under)
            return (measured, url) if measured else None
        if token.type == "function" and "gradient" in token.lower_name:
            stops = []
            for argument in token.arguments:
                parsed = parse_colour(argument) if argument.type in ("hash", "ident", "function") else None
                if isinstance(parsed, RGBA):
                    stops.append(parsed.over(under))
            if stops:
                return tuple(stops), f"{token.lower_name}()"
        return None


def page_styles(doc, sheets: list[StyleSheet], scheme: str, page_file: str, measure_image=None) -> PageStyles:
    """Styles for one page without sharing work across pages (tests, one-off use)."""
    return StyleEngine(sheets).match_page(doc).styles(scheme, page_file, measure_image)


# ---------------------------------------------------------------- loading sheets for a page

def _target(folder: str, href: str | None) -> str | None:
    """Where a relative href points, as a path (for cache keys only)."""
    if not href or "://" in href or href.startswith("//"):
        return href
    path = href.split("#")[0].split("?")[0]
    return posixpath.normpath(path if path.startswith("/") else posixpath.join("/", folder, path))


class StyleSheetLoader:
    """Parses each style sheet file once for a whole audit (a site's pages share them)."""

    def __init__(self, root: Path, site_urls: tuple[str, ...] = ()):
        self.root = root
        self.site_urls = site_urls
        self.cache: dict[Path, StyleSheet] = {}
        self.lists: dict[tuple, list[StyleSheet]] = {}
        self.scheme_sheets: dict[tuple, StyleSheet] = {}

    def load_file(self, path: Path, depth: int = 0) -> StyleSheet | None:
        if path in self.cache:
            return self.cache[path]
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return None
        relative = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
        self.cache[path] = StyleSheet()  # guards against @import loops

        def load_import(url):
            from .html_utils import resolve_local
            target = resolve_local(self.root, relative, url, self.site_urls)
            return self.load_file(target, depth + 1) if target and depth < 10 else None

        sheet = parse_css(text, relative, load_import)
        self.cache[path] = sheet
        return sheet

    def sheets_for(self, doc, page_rel: str) -> list[StyleSheet]:
        """The page's style sheets in document order: <link rel=stylesheet> within
        the audited folder and <style> elements."""
        from .html_utils import resolve_local

        elements = list(doc.iter("link", "style"))
        signature = None
        if not any(element.tag == "style" for element in elements):
            # Pages linking the same sheets get the same list (most of a site): the
            # key is each link's target as a path, so pages in other folders share it.
            folder = posixpath.dirname(page_rel)
            signature = tuple(
                (element.get("rel"), _target(folder, element.get("href")), element.get("media"),
                 element.get("disabled"))
                for element in elements)
            cached = self.lists.get(signature)
            if cached is not None:
                return cached
        sheets = []
        for element in elements:
            media = element.get("media")
            media_scheme = None
            if media:
                applies, media_scheme = _media_applies(tinycss2.parse_component_value_list(media))
                if not applies:
                    continue
            if element.tag == "link":
                rel = (element.get("rel") or "").lower().split()
                if "stylesheet" not in rel or "alternate" in rel or element.get("disabled") is not None:
                    continue
                path = resolve_local(self.root, page_rel, element.get("href"), self.site_urls)
                sheet = self.load_file(path) if path else None
            else:
                line = element.sourceline or 1
                sheet = parse_css(element.text or "", page_rel, line_offset=line - 1, order_start=10_000_000)
                sheet.shared = False
            if sheet is not None and media_scheme:
                sheet = self._for_scheme(sheet, media_scheme)
            if sheet is not None:
                sheets.append(sheet)
        if signature is not None:
            self.lists[signature] = sheets
        return sheets

    def _for_scheme(self, sheet: StyleSheet, scheme: str) -> StyleSheet:
        """A sheet linked with media="(prefers-color-scheme: …)": all its rules need that scheme."""
        key = (id(sheet), scheme)
        if key not in self.scheme_sheets:
            rules = [SelectorRule(r.xpath, r.specificity, r.order, r.declarations, r.scheme or scheme, r.focus,
                                  r.source) for r in sheet.rules if r.scheme in (None, scheme)]
            self.scheme_sheets[key] = StyleSheet(rules, scheme == "dark" or sheet.has_dark_rules, sheet.shared)
        return self.scheme_sheets[key]
