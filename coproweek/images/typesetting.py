"""Lines of text for the share cards: shaped by HarfBuzz (which glyphs, and
where) and drawn from FreeType's glyph coverage. Knows nothing of Pelican.

Pillow's own text drawing rasterises every glyph of a line twice (once to
measure the line, once to draw it), runs the font's TrueType hinting each
time, and keeps nothing for the next line: about 3 ms a 72 px line, most of
the time a card took to draw. Here each glyph is rasterised once per face
and size, unhinted (hinting is for small text on screens; a card's text is
34 px and up), and kept; a line is its kept glyphs laid down at HarfBuzz's
positions. No well-kept library keeps glyph coverage for Pillow images, so
that cache (`Typeface._glyph`) is written here; the shaping and the
rasterising are HarfBuzz's and FreeType's."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import freetype
import uharfbuzz
from PIL import Image

_SUBPIXELS = 64  # FreeType and HarfBuzz both count in 26.6 fixed point
_LOAD = freetype.FT_LOAD_RENDER | freetype.FT_LOAD_NO_HINTING


@dataclass(frozen=True)
class Glyph:
    """One glyph's coverage (None for blank glyphs such as a space) and
    where its top-left sits from the pen position on the baseline."""

    coverage: Image.Image | None
    left: int
    top: int
    core: object = field(init=False, repr=False, compare=False)  # the coverage's core image, for draw()
    size: tuple[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "core", self.coverage.im if self.coverage is not None else None)
        object.__setattr__(self, "size", self.coverage.size if self.coverage is not None else (0, 0))


@dataclass
class Typeface:
    """One font file at one pixel size."""

    path: str
    size: int
    _face: freetype.Face = field(init=False, repr=False)
    _font: uharfbuzz.Font = field(init=False, repr=False)
    _glyphs: dict[int, Glyph] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._face = freetype.Face(self.path)
        self._face.set_pixel_sizes(0, self.size)
        self._font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(self.path)))
        scale = self.size * _SUBPIXELS  # so that HarfBuzz's positions come in 26.6 pixels
        self._font.scale = (scale, scale)

    @property
    def ascender(self) -> int:
        """From the baseline up to the top of the tallest letters, in pixels."""
        return round(self._face.size.ascender / _SUBPIXELS)

    def _shaped(self, text: str) -> list[tuple[int, int, int, int]]:
        """Each glyph of `text` as (glyph id, x offset, y offset, advance), in 26.6."""
        if not text:
            return []  # HarfBuzz gives no positions at all for an empty buffer
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        uharfbuzz.shape(self._font, buffer, {})
        return [(info.codepoint, position.x_offset, position.y_offset, position.x_advance)
                for info, position in zip(buffer.glyph_infos, buffer.glyph_positions)]

    def length(self, text: str) -> float:
        """How far `text` advances the pen, in pixels (kerning included)."""
        return sum(advance for *_, advance in self._shaped(text)) / _SUBPIXELS

    def _glyph(self, glyph_id: int) -> Glyph:
        glyph = self._glyphs.get(glyph_id)
        if glyph is None:
            self._face.load_glyph(glyph_id, _LOAD)
            slot = self._face.glyph
            bitmap = slot.bitmap
            coverage = None
            if bitmap.width and bitmap.rows:
                coverage = Image.frombytes("L", (bitmap.width, bitmap.rows), bytes(bitmap.buffer),
                                           "raw", "L", bitmap.pitch)
            glyph = self._glyphs[glyph_id] = Glyph(coverage, slot.bitmap_left, slot.bitmap_top)
        return glyph

    def draw(self, mask: Image.Image, xy: tuple[int, int], text: str, anchor: str = "la") -> None:
        """Draw `text` into the coverage `mask` (mode L) at full coverage.
        `xy` is the left end of the line's ascender ("la", Pillow's default)
        or of its baseline ("ls"). Each glyph is laid over what is there
        through its own coverage, so overlapping edges add up as ink does."""
        if anchor not in ("la", "ls"):
            raise ValueError(f"anchor {anchor!r}: only 'la' and 'ls' are drawn")
        x, y = xy
        baseline = y + (self.ascender if anchor == "la" else 0)
        pen = x * _SUBPIXELS
        mask.load()
        # Pillow's core image: its paste is what Image.paste calls after
        # checking its arguments again for each glyph, a third of a card's
        # drawing at 80 glyphs a card. It clips at the edges the same way.
        target = mask.im
        for glyph_id, x_offset, y_offset, advance in self._shaped(text):
            glyph = self._glyph(glyph_id)
            if glyph.core is not None:
                left = round((pen + x_offset) / _SUBPIXELS) + glyph.left
                top = baseline - round(y_offset / _SUBPIXELS) - glyph.top
                target.paste(255, (left, top, left + glyph.size[0], top + glyph.size[1]), glyph.core)
            pen += advance

    @property
    def glyphs_rasterised(self) -> int:
        return len(self._glyphs)


@lru_cache(maxsize=32)
def typeface(path: str, size: int) -> Typeface:
    """The shared Typeface for a font file and size (its glyphs are kept in it)."""
    return Typeface(path, size)
