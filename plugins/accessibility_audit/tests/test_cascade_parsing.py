"""coproweek.audit.cascade.parsing: style sheets into rules."""

from __future__ import annotations

import tinycss2

from coproweek.audit.cascade.parsing import _media_applies, parse_css


def media(query: str) -> tuple:
    return _media_applies(tinycss2.parse_component_value_list(query))


def test_media_queries_for_a_1280_pixel_screen():
    assert media("screen") == (True, None)
    assert media("print") == (False, None)
    assert media("(min-width: 40em)") == (True, None)        # 640 px
    assert media("(max-width: 600px)") == (False, None)
    assert media("print, (min-width: 800px)") == (True, None)
    assert media("(prefers-color-scheme: dark)") == (True, "dark")
    assert media("not all and (prefers-color-scheme: dark)") == (True, "light")
    assert media("not print and (prefers-color-scheme: dark)") == (True, None)
    assert media("not print") == (True, None) and media("not screen") == (False, None)
    assert media("(prefers-reduced-motion: reduce)") == (False, None)
    assert media("(forced-colors: active)") == (False, None)


def test_rules_in_colour_scheme_media_need_that_scheme():
    sheet = parse_css("p { color: red } @media (prefers-color-scheme: dark) { p { color: white } }"
                      "@media print { p { color: black } }", "a.css")
    assert [(rule.source, rule.scheme) for rule in sheet.rules] == [("p", None), ("p", "dark")]
    assert sheet.has_dark_rules


def test_only_declarations_that_matter_are_kept_with_their_lines():
    sheet = parse_css("p {\n  color: red;\n  margin: 0;\n  --brand: #123;\n}", "a.css")
    (rule,) = sheet.rules
    assert [(d.name, d.text(), d.line) for d in rule.declarations] == [("color", "red", 2), ("--brand", "#123", 4)]
    assert all(d.file == "a.css" and d.selector == "p" for d in rule.declarations)


def test_shorthands_become_longhands():
    (rule,) = parse_css("p { background: url(x.png) #fff; border: 2px solid red; font: bold 20px/1.2 serif;"
                        " outline: 3px dashed blue; text-decoration: underline }", "a.css").rules
    values = {d.name: d.text() for d in rule.declarations}
    assert values["background-color"] == "#fff" and "url(x.png)" in values["background-image"]
    assert {values[f"border-{side}-color"] for side in ("top", "right", "bottom", "left")} == {"red"}
    assert values["border-left-width"] == "2px" and values["border-left-style"] == "solid"
    assert values["font-size"] == "20px" and values["font-weight"] == "bold"
    assert values["outline-color"] == "blue" and values["text-decoration-line"] == "underline"


def test_important_is_kept():
    (rule,) = parse_css("p { color: red !important }", "a.css").rules
    assert rule.declarations[0].important


def test_selectors_get_specificity_and_states_are_dropped():
    sheet = parse_css("#a .b p, a:hover, p::before, a:focus-visible { color: red }", "a.css")
    found = {rule.source: (rule.specificity, rule.focus) for rule in sheet.rules}
    assert found["#a .b p"] == ((1, 1, 1), False)
    assert found["a:focus-visible"][1] is True
    assert not any("hover" in source or "before" in source for source in found)


def test_a_rule_cssselect_cannot_read_is_dropped_and_the_next_still_counts():
    sheet = parse_css("p:unknown-state { color: red } h2 { color: blue }", "a.css")
    assert [rule.source for rule in sheet.rules] == ["h2"]


def test_imports_are_loaded_through_the_given_loader():
    imported = parse_css("h1 { color: green }", "b.css")
    sheet = parse_css('@import url("b.css"); p { color: red }', "a.css", load_import=lambda url: imported)
    assert [rule.source for rule in sheet.rules] == ["h1", "p"]


def test_a_group_splits_only_at_its_own_commas_and_focus_keeps_its_specificity():
    sheet = parse_css('p[title="a,b"], :is(h1, h2) em, a:focus, :focus > span { color: red }', "a.css")
    found = {rule.source: (rule.specificity, rule.focus) for rule in sheet.rules}
    assert found == {'p[title="a,b"]': ((0, 1, 1), False), ":is(h1, h2) em": ((0, 0, 2), False),
                     "a:focus": ((0, 1, 1), True), ":focus > span": ((0, 1, 1), True)}
