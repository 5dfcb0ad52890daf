"""Computed styles: the winning declaration for each property (importance,
origin, specificity, order), custom properties and var() with fallbacks,
inheritance, font sizes and weights, hidden elements, and the stack of
backgrounds text sits on. Written here because no library does it for a page
without a browser (see the package's docstring for what is approximated)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import tinycss2
import tinycss2.ast

from ..colours import BLACK, CURRENT_COLOR, RGBA, TRANSPARENT, WHITE, parse_colour
from .parsing import _FONT_KEYWORDS, ROOT_FONT_PX, VIEWPORT_WIDTH_PX, _strip

if TYPE_CHECKING:  # matching makes PageStyles: the import only names the type
    from .matching import PageMatch

DARK_CANVAS = RGBA(0x12 / 255, 0x12 / 255, 0x12 / 255)  # Chromium's dark canvas


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


def _substitute(tokens, custom: dict, depth: int = 0, resolving: frozenset = frozenset()) -> list:
    """Replace var(--x, fallback) in component values by the custom property's
    value. A custom property that refers back to itself (--a: var(--b);
    --b: var(--a)) is invalid, as CSS says: var() of it takes its fallback."""
    out = []
    for token in tokens:
        if token.type == "function" and token.lower_name == "var" and depth < 20:
            args = list(token.arguments)
            name = next((t.value for t in args if t.type == "ident"), None)
            commas = [i for i, t in enumerate(args) if t.type == "literal" and t.value == ","]
            fallback = args[commas[0] + 1:] if commas else None
            value = None
            if name in custom and custom[name] is not None and name not in resolving:
                value = _substitute(custom[name], custom, depth + 1, resolving | {name})
            if value:
                out.extend(value)
            elif fallback is not None:
                out.extend(_substitute(fallback, custom, depth + 1, resolving))
            else:
                return []  # invalid at computed-value time
        elif token.type == "function":
            args = _substitute(token.arguments, custom, depth, resolving)
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
        if not self.engine.share:
            entries, identity = self._inputs(element, focus)
            if identity is None:
                return None
            return self.compute(parent_style, _scheme_filter(entries, self.scheme))
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
            computed = self.compute(parent_style, _scheme_filter(entries, self.scheme))
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

    def compute(self, parent: ComputedStyle | None, entries) -> ComputedStyle:
        """The computed style from the matched entries. The hidden attribute hides through
        the browser's own `[hidden] { display: none }`, which author CSS can override."""
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


