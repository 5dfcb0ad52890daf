"""Share cards: the 1200×630 Open Graph / Twitter image for a page, drawn with
Pillow in the theme's colours (the text set by typesetting.py), with Atkinson Hyperlegible (from the PyPI
package fontpkg-atkinson-hyperlegible). Cards are cached by a hash of
everything drawn on them. Knows nothing of Pelican."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from coproweek.audit.colours import RGBA, contrast_ratio, parse_colour

if TYPE_CHECKING:
    from coproweek.images.typesetting import Typeface

# Bump when the drawing below changes, so cached cards are drawn again.
RENDERER_VERSION = 4
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
MIN_CONTRAST = 7.0  # WCAG AAA for text
FONT_FAMILY = "Atkinson Hyperlegible"


class CardProblem(Exception):
    """A card that cannot be drawn as configured, in words for the site's owner."""


@dataclass(frozen=True)
class CardText:
    """What a card says."""

    title: str
    date: str = ""                      # "16 April 2018"; for events the full date and time
    details: tuple[str, ...] = ()       # for events: the place
    campaign: str = ""                  # "National Co-production Week"
    hashtag: str = ""                   # "#coproweek"

    def alt_text(self) -> str:
        """The card's alt text: everything it says, in reading order."""
        footer = " ".join(part for part in (self.campaign, self.hashtag) if part)
        parts = [part.strip() for part in (self.title, self.date, *self.details, footer) if part.strip()]
        return " ".join(part if part[-1] in ".?!" else part + "." for part in parts)


@dataclass(frozen=True)
class CardStyle:
    """How a card looks. `text` is used only if it reaches 7:1 on
    `background`; otherwise the nearer of white and near-black that does."""

    background: str = "#3d1f5c"
    text: str = "#ffffff"
    bold_font: str = ""
    regular_font: str = ""

    def resolved(self) -> "CardStyle":
        return CardStyle(self.background, self.text, self.bold_font or font_path(700), self.regular_font or font_path(400))


def font_path(weight: int) -> str:
    """Atkinson Hyperlegible from its PyPI package (pinned in requirements.txt)."""
    try:
        import fontpkg
    except ImportError as error:  # pragma: no cover - requirements.txt installs it
        raise CardProblem("the share-card font package is not installed: run pip install -r requirements.txt") from error
    return str(fontpkg.path(FONT_FAMILY, weight=weight))


def _rgb(colour: str) -> tuple[int, int, int]:
    parsed = parse_colour(colour)
    if not isinstance(parsed, RGBA) or not parsed.opaque:
        raise CardProblem(f"the share-card colour '{colour}' is not an opaque CSS colour.")
    return tuple(round(channel * 255) for channel in (parsed.r, parsed.g, parsed.b))


def _as_rgba(rgb: tuple[int, int, int]) -> RGBA:
    return RGBA(*(channel / 255 for channel in rgb))


@lru_cache(maxsize=32)
def readable_text_colour(background: str, preferred: str) -> tuple[int, int, int]:
    """`preferred` if it has at least 7:1 contrast on `background`, else
    white or near-black (#0b0c0c, the theme's text), whichever does."""
    back = _as_rgba(_rgb(background))
    for candidate in (preferred, "#ffffff", "#0b0c0c"):
        if contrast_ratio(_as_rgba(_rgb(candidate)), back) >= MIN_CONTRAST:
            return _rgb(candidate)
    raise CardProblem(f"no text colour reaches 7:1 contrast on the share-card background {background}.")


def _file_hash(path: str) -> str:
    return _cached_file_hash(path, os.stat(path).st_mtime_ns)


@lru_cache(maxsize=8)
def _cached_file_hash(path: str, _mtime: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def card_key(text: CardText, style: CardStyle) -> str:
    """A hash of every input of the drawing: the words, the colours, the
    fonts' bytes and the renderer's version."""
    style = style.resolved()
    inputs = {
        "version": RENDERER_VERSION,
        "size": [WIDTH, HEIGHT],
        "text": asdict(text),
        "colours": [style.background, style.text],
        "fonts": [_file_hash(style.bold_font), _file_hash(style.regular_font)],
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


# -- drawing ------------------------------------------------------------------------------

def typeface(path: str, size: int) -> Typeface:
    """The typesetting module's face. FreeType and HarfBuzz (about 5 MiB) are
    loaded only by a process that draws cards: the build's own process, which
    holds every post and peaks last, asks only for cards' keys and addresses."""
    from coproweek.images import typesetting
    return typesetting.typeface(path, size)


def wrap(text: str, font: Typeface, max_width: int) -> list[str]:
    """Greedy word wrap by rendered width (textwrap counts characters, not
    pixels, so this is written here). A word longer than a line is broken."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.length(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while font.length(word) > max_width:
            cut = len(word)
            while cut > 1 and font.length(word[:cut] + "-") > max_width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _fit_title(title: str, font_path_: str, max_width: int, max_height: int) -> tuple[Typeface, list[str]]:
    """The largest title size (72 down to 40 px) whose wrapped lines fit;
    at the smallest size, extra lines are cut with an ellipsis."""
    for size in range(72, 39, -4):
        font = typeface(font_path_, size)
        lines = wrap(title, font, max_width)
        if len(lines) * round(size * 1.2) <= max_height:
            return font, lines
    font = typeface(font_path_, 40)
    lines = wrap(title, font, max_width)
    keep = max(1, max_height // 48)
    if len(lines) > keep:
        lines = lines[:keep]
        last = lines[-1]
        while last and font.length(last + "…") > max_width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return font, lines


def render(text: CardText, style: CardStyle) -> Image.Image:
    """The card as a palette image. The text is drawn once, as a coverage
    mask (0 background, 255 ink, antialiased edges between), and the mask's
    256 levels become a palette blending the two colours: the same pixels as
    drawing in RGB, at a third of the memory, and a PNG several times faster
    to encode and half the size."""
    style = style.resolved()
    background = _rgb(style.background)
    ink = readable_text_colour(style.background, style.text)
    coverage, y, bottom = _frame(text.campaign, text.hashtag, style.bold_font)
    inner = WIDTH - 2 * MARGIN

    # Bottom, above the hashtag: the date and details.
    footer_lines = [line for line in (text.date, *text.details) if line]
    details_font = typeface(style.regular_font, 34)
    wrapped_details = [part for line in footer_lines for part in wrap(line, details_font, inner)][:3]
    for line in reversed(wrapped_details):
        details_font.draw(coverage, (MARGIN, bottom), line, anchor="ls")
        bottom -= 46

    # Middle: the title, as large as fits.
    title_font, title_lines = _fit_title(text.title, style.bold_font, inner, bottom - y - 10)
    line_height = round(title_font.size * 1.2)
    for number, line in enumerate(title_lines):
        title_font.draw(coverage, (MARGIN, y + number * line_height), line)
    card = coverage.convert("P")  # L to P keeps each level as its palette index
    card.putpalette(_blend_palette(background, ink))
    return card


@lru_cache(maxsize=8)
def _frame_cached(campaign: str, hashtag: str, bold_font: str) -> tuple[Image.Image, int, int]:
    """What every card of a site shares, drawn once: at the top the campaign's
    name over a rule, at the bottom the hashtag. Returns the coverage mask, the
    top of the space left for the title, and the baseline for the lines above
    the hashtag."""
    coverage = Image.new("L", (WIDTH, HEIGHT), 0)
    bold = typeface(bold_font, 34)
    y = MARGIN - 16
    if campaign:
        bold.draw(coverage, (MARGIN, y), campaign)
        y += 50
    # The rule, as ImageDraw.rectangle would fill it (both corners inclusive),
    # without loading ImageDraw and Pillow's FreeType module for one rectangle.
    coverage.paste(255, (MARGIN, y, MARGIN + 121, y + 7))
    y += 40
    bottom = HEIGHT - MARGIN + 8
    if hashtag:
        bold.draw(coverage, (MARGIN, bottom), hashtag, anchor="ls")
        bottom -= 66
    return coverage, y, bottom


def _frame(campaign: str, hashtag: str, bold_font: str) -> tuple[Image.Image, int, int]:
    coverage, y, bottom = _frame_cached(campaign, hashtag, bold_font)
    return coverage.copy(), y, bottom


@lru_cache(maxsize=8)
def _blend_palette(background: tuple[int, int, int], ink: tuple[int, int, int]) -> list[int]:
    """Palette entry n is ink at coverage n/255 over the background, rounded as Pillow blends."""
    return [(b * (255 - level) + i * level + 127) // 255
            for level in range(256) for b, i in zip(background, ink)]


# -- the cache ----------------------------------------------------------------------------

def _draw_card(path: Path, text: CardText, style: CardStyle) -> None:
    """Draw one card into the cache, whole or not at all (runs in a worker)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = render(text, style)
    handle, temporary = tempfile.mkstemp(prefix=".drawing-", suffix=".png", dir=path.parent)
    os.close(handle)
    try:
        # The palette image with zlib's run-length strategy (a card is mostly
        # runs of one colour): about 2.3 ms and 26 kB a card, where the default
        # strategy took 3.7 ms for 25 kB and RGB 35 ms for 54 kB; it matters
        # on a cold build of thousands. With this strategy the level does not
        # change a byte of the file (zlib-ng, in Pillow's wheels), but level 1
        # sets zlib up faster: about 0.4 ms a card.
        image.save(temporary, "PNG", compress_level=1, compress_type=zlib.Z_RLE)
        os.replace(temporary, path)  # whole or absent, never half-written
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@dataclass
class CardCache:
    """Cards by input hash in `root` (cache/cards/); drawn only on a miss.
    `drawn` and `hits` count this build's work."""

    root: Path
    drawn: int = 0
    hits: int = 0
    published: dict[str, Path] = field(default_factory=dict)  # output relpath -> cached file
    pending: dict[Path, tuple] = field(default_factory=dict)  # cached file to draw -> (text, style)
    _drawing: list = field(default_factory=list, repr=False)  # (pool, results) of drawing under way

    def card(self, text: CardText, style: CardStyle) -> Path:
        """Where the card for these inputs is (or will be, once drawn)."""
        key = card_key(text, style)
        cached = Path(self.root) / key[:2] / f"{key}.png"
        if cached in self.pending:
            return cached
        if cached.is_file():
            self.hits += 1
        else:
            self.pending[cached] = (text, style)
        return cached

    def start_drawing(self, workers: int = 1) -> None:
        """Start drawing every card asked for and not in the cache, in
        `workers` processes when there are enough to be worth starting them,
        and return at once: the build writes its pages meanwhile, and
        draw_pending (or publish) waits for the drawing to end."""
        jobs = list(self.pending.items())
        self.pending.clear()
        if not jobs:
            return
        self.drawn += len(jobs)
        if workers > 1 and len(jobs) >= 2 * workers:
            pool = ProcessPoolExecutor(max_workers=workers)
            drawing = pool.map(_draw_card, *zip(*[(path, text, style) for path, (text, style) in jobs]),
                               chunksize=max(1, len(jobs) // (4 * workers)))
            self._drawing.append((pool, drawing))
        else:
            for path, (text, style) in jobs:
                _draw_card(path, text, style)

    def draw_pending(self, workers: int = 1) -> None:
        """Draw every card asked for and not in the cache, and wait for any
        drawing started earlier: on return every card is in the cache."""
        self.start_drawing(workers)
        while self._drawing:
            pool, drawing = self._drawing.pop()
            try:
                list(drawing)  # raises what a worker raised
            finally:
                pool.shutdown()

    def card_for(self, relpath: str, text: CardText, style: CardStyle) -> Path:
        """The card, remembered for publishing at `relpath` (e.g. cards/about.png)."""
        cached = self.card(text, style)
        self.published[relpath] = cached
        return cached

    def publish(self, output_dir: str | os.PathLike, workers: int = 1) -> None:
        self.draw_pending(workers)
        for relpath, cached in self.published.items():
            destination = Path(output_dir) / relpath
            destination.parent.mkdir(parents=True, exist_ok=True)
            if destination.exists():
                if os.path.samefile(cached, destination):
                    continue  # published earlier in this build
                destination.unlink()
            try:
                os.link(cached, destination)
            except OSError:
                shutil.copyfile(cached, destination)


CARD_FOLDER = "cards"  # every card is published under it; no page may be


def card_relpath(page_url: str) -> str:
    """Where a page's card is published: blog/2018/04/slug/ ->
    cards/blog/2018/04/slug.png; about/ -> cards/about.png."""
    stem = page_url.strip("/").removesuffix("/index.html").removesuffix(".html") or "home"
    return f"{CARD_FOLDER}/{stem}.png"
