"""Enough of the CSS cascade to pair each piece of text with its colour and the
background it sits on, without a browser.

tinycss2 parses the style sheets and style attributes; cssselect2 compiles the
selectors, gives their specificity and matches them (its Matcher). What is written
here is the part no library does: choosing the winning declaration (importance,
inline, specificity, order), custom properties and var(), inheritance, the
shorthands that carry colours, and stacking backgrounds.

Approximations (documented in docs/accessibility-audit.md): the page is assumed
1280 px wide for width media queries; each element is assumed to paint inside its
parent (absolute positioning out of a coloured box is not modelled); a var() inside
a border/outline/background shorthand is taken to be its colour; opacity is ignored.

The work is split by job: parsing (style sheets into rules), matching (rules to
a page's elements), computing (the cascade into computed styles) and loading
(which sheets a page uses)."""

from .computing import DARK_CANVAS, ComputedStyle, PageStyles, _length_px
from .loading import StyleSheetLoader
from .matching import PageMatch, StyleEngine, page_styles
from .parsing import Declaration, SelectorRule, StyleSheet, parse_css, ua_stylesheet

__all__ = ["DARK_CANVAS", "ComputedStyle", "Declaration", "PageMatch", "PageStyles", "SelectorRule", "StyleEngine",
           "StyleSheet", "StyleSheetLoader", "_length_px", "page_styles", "parse_css", "ua_stylesheet"]
