"""Checks run on a page loaded in Chromium. Each returns a list of problems,
one plain sentence each naming the element (a CSS path), so that a failing
test says what to fix; an empty list means the page passed.

Hand-written because axe-core does not test these: axe looks at one rendered
state of a page, while these need the page used as people use it (narrow
screens, bigger text, the keyboard, no JavaScript, reduced motion)."""

from __future__ import annotations

import io

from PIL import Image, ImageStat
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Shared by the scripts below: a short CSS path that identifies an element
# ("main#main-content > ul.list > li:nth-child(3) > a").
_CSS_PATH = """
const cssPath = (element) => {
  const parts = [];
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    let part = node.localName;
    if (node.id) { parts.unshift(part + '#' + node.id); break; }
    const classes = [...node.classList].slice(0, 2);
    if (classes.length) part += '.' + classes.join('.');
    const parent = node.parentElement;
    if (parent) {
      const same = [...parent.children].filter((child) => child.localName === node.localName);
      if (same.length > 1) part += `:nth-child(${[...parent.children].indexOf(node) + 1})`;
    }
    parts.unshift(part);
    if (node.localName === 'body') break;
  }
  return parts.join(' > ');
};
const shown = (element) => {
  const box = element.getBoundingClientRect();
  // 1 px boxes are the visually-hidden pattern: text meant for screen readers.
  return box.width > 1 && box.height > 1 &&
    element.checkVisibility({opacityProperty: true, visibilityProperty: true});
};
"""


def _script(body: str) -> str:
    return f"() => {{ {_CSS_PATH} {body} }}"


_OVERFLOW = _script("""
  const root = document.documentElement;
  const width = root.clientWidth;
  const problems = [];
  if (root.scrollWidth > width) {
    problems.push(`the page scrolls sideways: it is ${root.scrollWidth}px wide in a ${width}px window`);
  }
  // Content sticking out of the window, even where html/body hide the
  // scroll bar; boxes inside a scrolling or clipping box are that box's
  // business (a wide table in a scrolling wrapper is allowed).
  const insideScroller = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const outside = new Set();
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && shown(element) && !insideScroller(element)) outside.add(element);
  }
  for (const element of outside) {
    if (!outside.has(element.parentElement)) {
      const box = element.getBoundingClientRect();
      problems.push(`${cssPath(element)} reaches ${Math.round(box.right)}px, past the ${width}px window`);
    }
  }
  // Text cut off by a box too small for it (overflow: hidden).
  for (const element of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    const clips = ['hidden', 'clip'];
    if (!(clips.includes(style.overflowX) || clips.includes(style.overflowY))) continue;
    if (!shown(element) || !element.innerText.trim()) continue;
    const cutWide = clips.includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
    const cutHigh = clips.includes(style.overflowY) && element.scrollHeight > element.clientHeight + 1;
    if (cutWide || cutHigh) {
      problems.push(`${cssPath(element)} cuts off its text (overflow: hidden; content ` +
        `${element.scrollWidth}x${element.scrollHeight}px in a ${element.clientWidth}x${element.clientHeight}px box)`);
    }
  }
  return problems;
""")


def overflow_problems(page) -> list[str]:
    """Horizontal scrolling, content past the window's right edge, and text
    cut off by boxes too small for it (WCAG 1.4.4 and 1.4.10)."""
    return page.evaluate(_OVERFLOW)


_FOCUSED = _script("""
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const transparent = (colour) => colour === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(colour);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1 &&
    !transparent(style.outlineColor);
  return {
    path: cssPath(element),
    tag: element.localName,
    href: element.getAttribute('href'),
    text: (element.innerText || element.getAttribute('aria-label') || '').trim().slice(0, 60),
    indicator: outline || style.boxShadow !== 'none',
    inWindow: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0 &&
      box.top < innerHeight && box.left < innerWidth,
    inMain: !!element.closest('#main-content') || element.id === 'main-content',
    afterMainStarts: !!document.getElementById('main-content') &&
      !!(document.getElementById('main-content').compareDocumentPosition(element) &
         (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY)),
  };
""")


def focused_element(page) -> dict | None:
    """What has keyboard focus: CSS path, tag, href, text, whether a focus
    indicator (outline or box-shadow) shows and whether it is in the window."""
    return page.evaluate(_FOCUSED)


SKIP_LINK_TARGET = "#main-content"


def skip_link_problems(page) -> list[str]:
    """The first Tab must focus a visible skip link to #main-content, and
    following it must take the keyboard past the header into the main content."""
    page.keyboard.press("Tab")
    first = focused_element(page)
    if first is None:
        return ["the first Tab press focuses nothing"]
    if first["tag"] != "a" or first["href"] != SKIP_LINK_TARGET:
        return [f"the first Tab press focuses {first['path']} ({first['text']!r}), not a skip link "
                f'(a href="{SKIP_LINK_TARGET}")']
    problems = []
    if not first["inWindow"] and not _scrolls_into_view(page):
        problems.append(f"the skip link {first['path']} is focused but not visible in the window")
    if not first["indicator"]:
        problems.append(f"the focused skip link {first['path']} has no focus outline or box-shadow")
    if page.locator(SKIP_LINK_TARGET).count() != 1:
        return problems + [f"the skip link points to {SKIP_LINK_TARGET}, which is not on the page exactly once"]
    page.keyboard.press("Enter")
    after = focused_element(page)
    if after is None or not after["inMain"]:
        # main has no tabindex="-1" (or lost focus): the next Tab must still start from main.
        page.keyboard.press("Tab")
        after = focused_element(page)
        if after is not None and not after["afterMainStarts"]:
            problems.append(f"after following the skip link, Tab goes to {after['path']}, before the main content")
    return problems


def focus_indicator_problems(page, *, limit: int = 60) -> list[str]:
    """Tab through the page (up to `limit` stops): every focused element must
    show an outline or box-shadow (WCAG 2.4.7) and be in the window."""
    problems = []
    seen = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = focused_element(page)
        if focused is None or focused["path"] in seen:
            break  # back to the start of the page
        seen.add(focused["path"])
        if not focused["indicator"]:
            problems.append(f"{focused['path']} ({focused['text']!r}) shows no outline or box-shadow when focused")
        if not focused["inWindow"] and not _scrolls_into_view(page):
            problems.append(f"{focused['path']} ({focused['text']!r}) is focused but outside the window")
    return problems


def _scrolls_into_view(page) -> bool:
    """Whether the focused element comes into the window (the browser scrolls
    to it, smoothly with scroll-behavior: smooth, so give it a moment: on a busy machine it took over 2 s)."""
    try:
        page.wait_for_function(
            """() => { const box = document.activeElement.getBoundingClientRect();
                       return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth; }""",
            timeout=5000,
        )
        return True
    except PlaywrightTimeoutError:
        return False


# Elements whose own words people read; compared with and without JavaScript.
_TEXT_ELEMENTS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, figcaption, blockquote, a, label, summary"

_VISIBLE_TEXTS = _script(f"""
  const texts = {{}};
  for (const element of document.querySelectorAll('{_TEXT_ELEMENTS}')) {{
    const text = element.textContent.replace(/\\s+/g, ' ').trim();
    // Closed <details> and [hidden] are hidden on purpose, JavaScript or not.
    if (!text || element.closest('[hidden], details:not([open]) > :not(summary)')) continue;
    texts[text] = texts[text] || {{path: cssPath(element), shown: false}};
    texts[text].shown = texts[text].shown || shown(element);
  }}
  return texts;
""")


def visible_texts(page) -> dict[str, dict]:
    """Text of each readable element -> {path, shown} (shown: rendered and
    not transparent)."""
    return page.evaluate(_VISIBLE_TEXTS)


def hidden_without_javascript(with_js: dict[str, dict], without_js: dict[str, dict]) -> list[str]:
    """Text in the HTML that people see only when JavaScript runs."""
    problems = []
    for text, element in without_js.items():
        if not element["shown"] and with_js.get(text, {}).get("shown"):
            problems.append(f"{element['path']} ({text[:60]!r}) is hidden unless JavaScript runs")
    return problems


_MOTION = _script("""
  const problems = [];
  for (const animation of document.getAnimations()) {
    const timing = animation.effect && animation.effect.getComputedTiming();
    if (animation.playState === 'running' && timing && timing.duration > 10) {
      const target = animation.effect.target;
      problems.push(`${target ? cssPath(target) : 'the page'} runs an animation ` +
        `(${animation.animationName || animation.constructor.name}, ${Math.round(timing.duration)} ms)`);
    }
  }
  if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') {
    problems.push('html has scroll-behavior: smooth');
  }
  const moves = /(^|,\\s*)(all|transform|translate|scale|rotate|top|left|right|bottom|margin[a-z-]*|inset[a-z-]*)(,|$)/;
  for (const element of document.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    const longest = Math.max(...style.transitionDuration.split(',').map(parseFloat));
    if (longest > 0.01 && moves.test(style.transitionProperty.replace(/\\s+/g, ''))) {
      problems.push(`${cssPath(element)} transitions ${style.transitionProperty} over ${longest}s`);
    }
  }
  return [...new Set(problems)];
""")


def motion_problems(page) -> list[str]:
    """Animations, smooth scrolling and moving transitions: none may remain
    when the user asks for reduced motion."""
    return page.evaluate(_MOTION)


_TEXT_SIZES = _script(f"""
  const sizes = {{}};
  for (const element of document.querySelectorAll('{_TEXT_ELEMENTS}')) {{
    const ownText = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
    if (ownText && shown(element)) sizes[cssPath(element)] = parseFloat(getComputedStyle(element).fontSize);
  }}
  return sizes;
""")


def text_sizes(page) -> dict[str, float]:
    """Font size in px of each visible element with text of its own."""
    return page.evaluate(_TEXT_SIZES)


def text_not_scaled(normal: dict[str, float], larger: dict[str, float], scale: float) -> list[str]:
    """Elements whose text did not grow with the browser's font size setting
    (sizes in px or viewport units ignore it: WCAG 1.4.4, failure F94)."""
    problems = []
    for path, size in normal.items():
        grown = larger.get(path)
        if grown is not None and grown < size * scale * 0.95:
            problems.append(f"{path}: text stays {grown:g}px (was {size:g}px) when the browser's text size "
                            f"is {scale:.0%}")
    return problems


def mean_brightness(page) -> float:
    """Mean brightness of what the window shows, 0 (black) to 255 (white)."""
    screenshot = Image.open(io.BytesIO(page.screenshot())).convert("L")
    return ImageStat.Stat(screenshot).mean[0]
