"""Matching selectors to a page's elements, shared across pages that link
the same style sheets (StyleEngine), and one page's matches (PageMatch)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cssselect2
import tinycss2
import tinycss2.ast

from .computing import ComputedStyle, PageStyles
from .parsing import (
    Declaration,
    SelectorRule,
    StyleSheet,
    _declarations,
    _expand,
    ua_stylesheet,
)

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
    selectors, so only elements with a new key go through cssselect2's Matcher. Selectors
    that look at siblings or position (+, ~, :nth-child, :has…) are matched on every page."""

    def __init__(self, sheets: list[StyleSheet], share: bool = True):
        self.share = share  # False: no computed style is shared (see AuditOptions.share_styles)
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
        # cssselect2's Matchers index selectors by id, class and tag; the payload is the
        # rule's cascade entries, worked out once here.
        self.matcher = cssselect2.Matcher()
        self.dependent_matcher = cssselect2.Matcher()
        for matcher, rules in ((self.matcher, self.rules), (self.dependent_matcher, self.dependent)):
            for position, rule in rules:
                entries = [self._entry(position, rule, index, declaration) + (rule.scheme,)
                           for index, declaration in enumerate(rule.declarations)]
                matcher.add_selector(rule.selector, (rule.focus, entries))

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
        seen before matches every element with a key not seen before."""
        dependent: dict = {}
        dependent_focus: dict = {}
        wrappers: dict = {}
        if self.dependent:
            for wrapper in _wrap_page(doc):
                element = wrapper.etree_element
                wrappers[element] = wrapper
                for _, _, _, (focus, entries) in self.dependent_matcher.match(wrapper):
                    (dependent_focus if focus else dependent).setdefault(element, []).extend(entries)
        return PageMatch(self, doc, {}, dependent, dependent_focus, wrappers=wrappers)

    def match_all(self, doc, keys: dict, wrappers: dict) -> None:
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
            if not wrappers:
                wrappers.update((wrapper.etree_element, wrapper) for wrapper in _wrap_page(doc))
            for key_id, element in new_keys.items():
                buckets = self.key_entries[key_id]
                for _, _, _, (focus, entries) in self.matcher.match(wrappers[element]):
                    buckets[focus].extend(entries)

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
    wrappers: dict = field(default_factory=dict)  # element -> cssselect2.ElementWrapper

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
            self.engine.match_all(self.doc, self.keys, self.wrappers)
            self.complete = True
            return self.keys[element]
        self.keys[element] = key_id
        return key_id

    def styles(self, scheme: str, page_file: str, measure_image=None) -> "PageStyles":
        return PageStyles(self, scheme, page_file, measure_image)


def _wrap_page(doc):
    """cssselect2's view of every element of the page (parent, siblings, position)."""
    root = doc.getroot() if hasattr(doc, "getroot") else doc
    return cssselect2.ElementWrapper.from_html_root(root).iter_subtree()


def page_styles(doc, sheets: list[StyleSheet], scheme: str, page_file: str, measure_image=None) -> PageStyles:
    """Styles for one page without sharing work across pages (tests, one-off use)."""
    return StyleEngine(sheets).match_page(doc).styles(scheme, page_file, measure_image)


