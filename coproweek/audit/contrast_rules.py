"""Colour rules (WCAG 2.2): text contrast AA/AAA, text over background images,
focus indicators and form-control boundaries (1.4.11), and links in running text
told apart by colour alone (1.4.1). Plain functions over PageStyles."""

from __future__ import annotations

import math
import posixpath

from lxml import etree

from .colours import RGBA, contrast_ratio, parse_colour
from .cascade import ComputedStyle, Declaration, PageStyles, _length_px
from .findings import Finding, SourceLocation
from .html_utils import css_path, normalise_text, snippet, text_of
from .text_blocks import block_parent, in_text_block

AA_NORMAL, AA_LARGE = 4.5, 3.0
AAA_NORMAL, AAA_LARGE = 7.0, 4.5
NON_TEXT = 3.0
LINK_TEXT = 3.0
UA_FILE = "(browser default)"

FOCUSABLE = ("a", "button", "input", "select", "textarea", "summary")
TEXT_FIELDS = {"", "text", "email", "search", "tel", "url", "password", "number", "date", "datetime-local",
               "month", "time", "week"}


def ratio_text(ratio: float) -> str:
    """Shown to two places, rounded down so 4.499 never reads as a pass."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def css_sources(declarations: list[Declaration], role: str) -> list[SourceLocation]:
    sources = []
    for declaration in declarations:
        if declaration.file == UA_FILE:
            continue
        kind = "inline" if declaration.selector == "style attribute" else "css"
        sources.append(SourceLocation(kind, declaration.file, declaration.line,
                                      f"{role}: {declaration.selector} {{ {declaration.name}: {declaration.text()} }}"))
    return sources


_DISABLEABLE = {"button", "input", "select", "textarea", "fieldset", "option", "optgroup"}


def _has_own_text(element) -> bool:
    """Quick test: does this element itself hold visible text (not only its children)?"""
    if element.text and not element.text.isspace():
        return True
    for child in element:
        if child.tail and not child.tail.isspace():
            return True
    return element.tag == "input" and bool(element.get("value")) and (
        (element.get("type") or "").lower() in ("submit", "button", "reset"))


def _has_text(element) -> str:
    parts = [element.text or ""] + [child.tail or "" for child in element]
    if element.tag == "input" and (element.get("type") or "").lower() in ("submit", "button", "reset"):
        parts.append(element.get("value") or "")
    return normalise_text(" ".join(parts))


class ContrastChecker:
    def __init__(self, page: str, doc, styles: PageStyles, light_pairs: dict | None = None,
                 light_styles: PageStyles | None = None):
        self.page = page
        self.doc = doc
        self.styles = styles
        self.scheme = styles.scheme
        # In the dark scheme, report only what differs from the light scheme.
        self.light_pairs = light_pairs
        self.light_cache = light_styles.cache if light_styles is not None else {}
        self.reported: dict = {}  # (element, rule) -> the colours that made the finding
        self.results: list = []

    def add(self, element, rule, message, sources, details, key=None):
        details["subject"] = details.get("subject", "") or ""
        self.reported[(element, rule)] = key
        if self.light_pairs is not None and self.light_pairs.get((element, rule), object()) == key:
            return
        finding = Finding(rule=rule, page=self.page, selector=css_path(element), snippet=snippet(element),
                          message=message + (" (dark colour scheme)" if self.scheme == "dark" else ""),
                          sources=sources, details=details, scheme=self.scheme, page_line=element.sourceline)
        self.results.append((element, finding))

    def run(self) -> list:
        return check_schemes(self.doc, [self])

    def check_element(self, element, tag: str, style: ComputedStyle, has_text: bool) -> None:
        if has_text:
            self.check_text(element, style)
        if tag == "a":
            if element.get("href") is not None:
                self.check_link_in_text(element, style)
                self.check_focus(element, style)
        elif tag in ("input", "select", "textarea"):
            self.check_boundary(element, style)
            if element.get("type") != "hidden":
                self.check_focus(element, style)
        elif tag in ("button", "summary") or element.get("tabindex") is not None and self.is_focusable(element):
            self.check_focus(element, style)

    # Text -------------------------------------------------------------
    def check_text(self, element, style: ComputedStyle) -> None:
        ratios = style.memo.get("text ratios")
        if ratios is None:
            ratios = style.memo["text ratios"] = [contrast_ratio(style.color.over(under), under)
                                                  for under in style.backdrop]
        worst = min(ratios)
        large = style.large_text
        if worst >= (AAA_LARGE if large else AAA_NORMAL):
            return
        worst_backdrop = style.backdrop[ratios.index(worst)]
        text = _has_text(element)
        aa, aaa = (AA_LARGE, AAA_LARGE) if large else (AA_NORMAL, AAA_NORMAL)
        key = (style.color, style.backdrop)
        size = f"{style.font_px:.1f}px{' bold' if style.bold else ''}"
        details = {"subject": text[:60], "foreground": style.color.hex(), "background": worst_backdrop.hex(),
                   "ratio": worst, "required": aa, "large_text": large, "font": size}
        sources = css_sources(style.color_sources, "text colour") + css_sources(style.background_sources,
                                                                                   "background")
        if style.backdrop_image:
            if worst < aa:
                details.update(image=style.backdrop_image, darkest=min(style.backdrop, key=_lum).hex(),
                               lightest=max(style.backdrop, key=_lum).hex(),
                               best_ratio=max(ratios))
                self.add(element, "contrast-over-image",
                         f"Text \"{text[:40]}\" ({style.color.hex()}) over the background {style.backdrop_image}: "
                         f"worst case {ratio_text(worst)} where the image is {worst_backdrop.hex()}; "
                         f"needs {aa}:1.", sources, details, key)
            return
        if worst < aa:
            self.add(element, "contrast-aa",
                     f"Text \"{text[:40]}\" is {style.color.hex()} on {worst_backdrop.hex()}: contrast "
                     f"{ratio_text(worst)}, needs {aa}:1 for {'large' if large else 'normal'} text ({size}).",
                     sources, details, key)
        elif worst < aaa:
            details["required"] = aaa
            self.add(element, "contrast-aaa",
                     f"Text \"{text[:40]}\" has contrast {ratio_text(worst)} ({style.color.hex()} on "
                     f"{worst_backdrop.hex()}); AAA asks for {aaa}:1.", sources, details, key)

    # Links in running text (1.4.1) ------------------------------------------
    def display_of(self, element) -> tuple[str, bool]:
        """(declared display keyword or "", hidden): for text_blocks."""
        style = self.styles.style(element)
        tokens = style.values.get("display")
        return (tokens[0].lower_value if tokens and tokens[0].type == "ident" else ""), style.hidden

    def check_link_in_text(self, link, style: ComputedStyle) -> None:
        if style.underlined or self.has_border_bottom(style):
            return
        link_text = normalise_text(text_of(link))
        if not link_text:
            return
        block = block_parent(link, self.display_of)
        if block is None:
            return
        block_style = self.styles.style(block)
        if style.bold != block_style.bold or style.italic != block_style.italic:
            return
        backdrop = style.backdrop[0]
        ratio = contrast_ratio(style.color.over(backdrop), block_style.color.over(backdrop))
        # Only a link among other words on its line is told apart by colour alone (the
        # costlier question, so asked last).
        if ratio >= LINK_TEXT or not in_text_block(link, self.display_of):
            return
        key = (style.color, block_style.color)
        self.add(link, "link-in-text-block",
                 f"The link \"{link_text[:40]}\" is not underlined and its colour {style.color.hex()} has only "
                 f"{ratio_text(ratio)} contrast with the text around it ({block_style.color.hex()}); "
                 f"needs {LINK_TEXT}:1 or an underline.",
                 css_sources([style.declared[n] for n in ("text-decoration-line",) if n in style.declared],
                             "underline") + css_sources(style.color_sources, "link colour"),
                 {"subject": link_text[:60], "foreground": style.color.hex(),
                  "surrounding": block_style.color.hex(), "ratio": ratio, "required": LINK_TEXT}, key)

    @staticmethod
    def has_border_bottom(style: ComputedStyle) -> bool:
        line_style = style.values.get("border-bottom-style")
        width = style.values.get("border-bottom-width")
        if not line_style or line_style[0].type != "ident" or line_style[0].lower_value in ("none", "hidden"):
            return False
        if width:
            px = _length_px(width[0], style.font_px, 16)
            return px is None or px > 0
        return True

    # Focus indicators and control boundaries (1.4.11) ----------------------------
    @staticmethod
    def is_focusable(element) -> bool:
        if element.tag == "a":
            return element.get("href") is not None
        if element.tag == "input":
            return (element.get("type") or "").lower() != "hidden"
        if element.tag in FOCUSABLE:
            return True
        tabindex = element.get("tabindex")
        return tabindex is not None and tabindex.strip().lstrip("-").isdigit() and not tabindex.strip().startswith("-")

    def _colour(self, tokens, style: ComputedStyle) -> RGBA | None:
        for token in tokens or []:
            parsed = parse_colour(token)
            if parsed == "currentcolor":
                return style.color
            if isinstance(parsed, RGBA):
                return parsed
        return None

    def check_focus(self, element, style: ComputedStyle) -> None:
        focused = self.styles.focus_style(element)
        if focused is None:
            return
        parent = element.getparent()
        surround = style.backdrop[0] if parent is None else self.styles.style(parent).backdrop[0]
        memo_key = ("focus", id(style), surround)
        if memo_key not in focused.memo:
            focused.memo[memo_key] = self._focus_verdict(style, focused, surround)
        verdict = focused.memo[memo_key]
        if verdict is None:
            return
        kind, ratio, declaration = verdict
        subject = normalise_text(text_of(element))[:60] or element.tag
        sources = css_sources([declaration] if declaration is not None else [], "focus style")
        if kind is None:
            self.add(element, "focus-contrast",
                     "This control has no visible focus indicator: its outline is removed and nothing replaces it.",
                     sources, {"subject": subject, "ratio": 1.0, "required": NON_TEXT}, ("none",))
            return
        self.add(element, "focus-contrast",
                 f"The focus {kind} has only {ratio_text(ratio)} contrast against the background around it "
                 f"({surround.hex()}); needs {NON_TEXT}:1.",
                 sources, {"subject": subject, "ratio": ratio, "required": NON_TEXT, "indicator": kind},
                 (kind, round(ratio, 4)))

    def _focus_verdict(self, style: ComputedStyle, focused: ComputedStyle, surround: RGBA):
        """None when the focus indicator is fine, else (indicator or None if removed, ratio, declaration)."""
        outline_decl = focused.declared.get("outline-style")
        parts: list[tuple[str, float, Declaration | None]] = []
        outline_style = focused.values.get("outline-style")
        outline_on = bool(outline_style) and outline_style[0].type == "ident" and \
            outline_style[0].lower_value not in ("none", "hidden")
        if outline_on and outline_decl is not None and outline_decl.file == UA_FILE:
            return None  # the browser's own two-colour focus ring shows on any background
        width = focused.values.get("outline-width")
        if width and width[0].type in ("dimension", "number") and (_length_px(width[0], 16, 16) or 0) <= 0:
            outline_on = False
        if outline_on:
            colour = self._colour(focused.values.get("outline-color"), focused) or focused.color
            parts.append(("outline", contrast_ratio(colour.over(surround), surround),
                          focused.declared.get("outline-color")))
        shadow = focused.values.get("box-shadow")
        if shadow and not (shadow[0].type == "ident" and shadow[0].lower_value == "none") \
                and shadow != style.values.get("box-shadow"):
            # Several shadows (GOV.UK: a yellow one and a dark underline): the strongest counts.
            layers, current = [], []
            for token in shadow:
                if token.type == "literal" and token.value == ",":
                    layers.append(current)
                    current = []
                else:
                    current.append(token)
            layers.append(current)
            for layer in layers:
                colour = self._colour(layer, focused) or focused.color
                parts.append(("box-shadow", contrast_ratio(colour.over(surround), surround),
                              focused.declared.get("box-shadow")))
        if focused.backdrop[0] != style.backdrop[0]:
            parts.append(("background", contrast_ratio(focused.backdrop[0], style.backdrop[0]),
                          focused.declared.get("background-color")))
        if focused.underlined and not style.underlined:
            parts.append(("underline", 21.0, focused.declared.get("text-decoration-line")))
        if not parts:
            return None, 1.0, outline_decl
        best = max(parts, key=lambda p: p[1])
        return None if best[1] >= NON_TEXT else best

    def check_boundary(self, element, style: ComputedStyle) -> None:
        if element.tag == "input" and (element.get("type") or "").lower() not in TEXT_FIELDS:
            return
        surround = self.styles.style(element.getparent()).backdrop[0] if element.getparent() is not None \
            else style.backdrop[0]
        memo_key = ("boundary", surround)
        if memo_key not in style.memo:
            style.memo[memo_key] = self._boundary_verdict(style, surround)
        verdict = style.memo[memo_key]
        if verdict is None:
            return
        best, declarations = verdict
        self.add(element, "control-boundary-contrast",
                 f"This form field's edge ({best[2]}) has only {ratio_text(best[0])} contrast against the page "
                 f"({surround.hex()}); needs {NON_TEXT}:1 so people can see where to type.",
                 css_sources(declarations, "field edge"),
                 {"subject": element.get("name") or element.tag, "ratio": best[0], "required": NON_TEXT},
                 (round(best[0], 4),))

    def _boundary_verdict(self, style: ComputedStyle, surround: RGBA):
        candidates = []
        for side in ("bottom", "top", "left", "right"):
            line = style.values.get(f"border-{side}-style")
            if not line or line[0].type != "ident" or line[0].lower_value in ("none", "hidden"):
                continue
            width = style.values.get(f"border-{side}-width")
            if width and (_length_px(width[0], style.font_px, 16) or 1) <= 0:
                continue
            colour = self._colour(style.values.get(f"border-{side}-color"), style) or style.color
            candidates.append((contrast_ratio(colour.over(surround), surround),
                               style.declared.get(f"border-{side}-color"), f"{side} border"))
        candidates.append((contrast_ratio(style.backdrop[0], surround), style.declared.get("background-color"),
                           "background"))
        best = max(candidates, key=lambda c: c[0])
        if best[0] >= NON_TEXT:
            return None
        return best, [d for _, d, _ in candidates if d is not None]


def _lum(colour: RGBA) -> float:
    from .colours import luminance
    return luminance(colour)


SUBTREE_MIN_CHILDREN = 3  # smaller subtrees cost more to fingerprint than to check


def _path_from(root, element) -> tuple:
    """Child indexes leading from root down to element."""
    path = []
    while element is not root:
        parent = element.getparent()
        path.append(parent.index(element))
        element = parent
    return tuple(reversed(path))


def check_schemes(doc, checkers: list[ContrastChecker], match=None, page_dir: str = "") -> list:
    """Walk the page once, top-down, checking each element in every colour scheme
    (light first: the dark checker skips what the light one already covered).

    With `match`, a subtree that came out clean on an earlier page (same HTML, same
    ancestors, same inherited styles: the header, navigation and footer of a site)
    is skipped. Subtrees holding elements that position-dependent selectors (+, ~,
    :nth-child…) matched are always checked."""
    body = doc.getroot().find("body")
    if body is None:
        return []
    clean = match.engine.clean_subtrees if match is not None else None
    # Elements matched by position-dependent selectors, listed under each ancestor:
    # which of them match is part of a subtree's fingerprint.
    positional_under: dict = {}
    if clean is not None:
        for element in {*match.dependent, *match.dependent_focus}:
            identity = tuple(id(d) for _, d, _ in match.dependent.get(element, ())) + ("focus",) + tuple(
                id(d) for _, d, _ in match.dependent_focus.get(element, ()))
            positional_under.setdefault(element, []).append((element, identity))
            for ancestor in element.iterancestors():
                positional_under.setdefault(ancestor, []).append((element, identity))
    disabled_elements = set()  # filled top-down: a disabled fieldset disables what is inside
    passes = [(checker, checker.styles.style_under, checker.styles.cache, checker.light_cache) for checker in checkers]
    for checker in checkers:
        checker.styles.style(body)
    # Only the site's chrome repeats from page to page: not the page's main content
    # nor the elements that contain it (fingerprinting those would cost, never pay).
    unique = set()
    main = main_last = None
    in_main = False
    if clean is not None:
        main = body.find(".//main")
        if main is not None:
            unique = {main, *main.iterancestors()}
            main_last = main
            while len(main_last):
                main_last = main_last[-1]
        else:
            unique = {body}
    pending: list = []  # (last element of a subtree, its fingerprint, finding counts when it began)
    skip_until = previous = None

    def counts():
        return tuple(len(checker.results) for checker in checkers)

    for element in body.iter():
        if skip_until is not None:
            if element is skip_until:
                skip_until = None
            previous = element
            continue
        while pending and pending[-1][0] is previous:
            _, fingerprint, before = pending.pop()
            if counts() == before:
                clean.add(fingerprint)
        previous = element
        if element is main:
            in_main = True
        tag = element.tag
        if not isinstance(tag, str):
            in_main = in_main and element is not main_last
            continue
        parent = element.getparent()
        if parent in disabled_elements or element.get("aria-disabled") == "true" or (
                tag in _DISABLEABLE and element.get("disabled") is not None):
            disabled_elements.add(element)
            continue
        if in_main and element is main_last:
            in_main = False  # the last element of main is checked as usual; after it, chrome again
        elif clean is not None and not in_main and len(element) >= SUBTREE_MIN_CHILDREN and element not in unique:
            markup = etree.tostring(element, with_tail=False)
            fingerprint = (match.key_of(parent), tuple(id(cache.get(parent)) for _, _, cache, _ in passes),
                           hash(markup), page_dir if b"url(" in markup else "",
                           tuple(sorted((_path_from(element, inner), identity)
                                        for inner, identity in positional_under.get(element, ()))))
            last = element
            while len(last):
                last = last[-1]
            if fingerprint in clean:
                skip_until = last
                continue
            pending.append((last, fingerprint, counts()))
        has_text = _has_own_text(element)
        for checker, style_under, cache, light_cache in passes:
            style = style_under(element, cache.get(parent))  # body itself is already in the cache
            if style.hidden or light_cache.get(element) is style:
                continue  # hidden, or (dark pass) styled exactly as in the light scheme
            checker.check_element(element, tag, style, has_text)
    while pending:
        _, fingerprint, before = pending.pop()
        if counts() == before:
            clean.add(fingerprint)
    return [pair for checker in checkers for pair in checker.results]


def check_contrast(page: str, doc, styles: PageStyles, light_pairs: dict | None = None,
                   light_styles: PageStyles | None = None) -> tuple[list, dict]:
    """(element, Finding) pairs in one scheme, and the colour pairs seen (to compare the dark scheme with)."""
    checker = ContrastChecker(page, doc, styles, light_pairs, light_styles)
    return checker.run(), checker.reported


def check_page_contrast(page: str, doc, match, measure_image=None, dark: bool = True,
                        reuse_clean_subtrees: bool = True) -> list:
    """(element, Finding) pairs for the light scheme and, when asked, the dark one.
    `reuse_clean_subtrees` skips site chrome found clean on earlier pages; the audit
    turns it off with its other sharing (AuditOptions.share_styles)."""
    light = ContrastChecker(page, doc, match.styles("light", page, measure_image))
    checkers = [light]
    if dark:
        dark_styles = match.styles("dark", page, measure_image)
        checkers.append(ContrastChecker(page, doc, dark_styles, light.reported, light.styles))
    return check_schemes(doc, checkers, match if reuse_clean_subtrees else None, posixpath.dirname(page))
