"""Colours: parsing CSS colour values (through tinycss2), alpha blending, and
the WCAG 2.2 relative luminance and contrast ratio.

Parsing is tinycss2's (named, hex, rgb()/rgba(), hsl()/hsla(), hwb(), color(srgb …));
blending and the WCAG formulas are short arithmetic written here because no
installed library implements the WCAG definitions."""

from __future__ import annotations

from dataclasses import dataclass

import tinycss2
import tinycss2.color4


@dataclass(frozen=True)
class RGBA:
    """sRGB channels 0-1 and alpha 0-1."""

    r: float
    g: float
    b: float
    a: float = 1.0

    @property
    def opaque(self) -> bool:
        return self.a >= 0.999

    def over(self, backdrop: "RGBA") -> "RGBA":
        """This colour composited over `backdrop` (simple alpha compositing, as
        browsers paint: result = a*fg + (1-a)*bg)."""
        if self.opaque:
            return self
        out_a = self.a + backdrop.a * (1 - self.a)
        if out_a == 0:
            return TRANSPARENT

        def mix(fg: float, bg: float) -> float:
            return (fg * self.a + bg * backdrop.a * (1 - self.a)) / out_a

        return RGBA(mix(self.r, backdrop.r), mix(self.g, backdrop.g), mix(self.b, backdrop.b), out_a)

    def hex(self) -> str:
        channels = [round(c * 255) for c in (self.r, self.g, self.b)]
        text = "#" + "".join(f"{c:02x}" for c in channels)
        if not self.opaque:
            text += f"{round(self.a * 255):02x}"
        return text

    def __str__(self) -> str:
        return self.hex()


WHITE = RGBA(1, 1, 1)
BLACK = RGBA(0, 0, 0)
TRANSPARENT = RGBA(0, 0, 0, 0)
CURRENT_COLOR = "currentcolor"


def parse_colour(value) -> RGBA | str | None:
    """A CSS colour from text or tinycss2 component values: an RGBA, the string
    'currentcolor', or None when it is not a colour we can compute (e.g. lab())."""
    if isinstance(value, str):
        token = tinycss2.parse_one_component_value(value, skip_comments=True)
    elif isinstance(value, list):
        tokens = [t for t in value if t.type not in ("whitespace", "comment")]
        if len(tokens) != 1:
            return None
        token = tokens[0]
    else:
        token = value
    try:
        colour = tinycss2.color4.parse_color(token)
    except (ValueError, TypeError, ZeroDivisionError):
        return None
    if colour is None:
        return None
    if colour == CURRENT_COLOR:
        return CURRENT_COLOR
    try:
        srgb = colour.to("srgb")
    except (NotImplementedError, ValueError):
        return None
    r, g, b = (min(1.0, max(0.0, c)) for c in srgb.coordinates)
    return RGBA(r, g, b, min(1.0, max(0.0, srgb.alpha)))


def _linear(channel: float) -> float:
    # WCAG 2.2 relative luminance, with the 0.04045 threshold from sRGB.
    if channel <= 0.04045:
        return channel / 12.92
    return ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: RGBA) -> float:
    return 0.2126 * _linear(colour.r) + 0.7152 * _linear(colour.g) + 0.0722 * _linear(colour.b)


def contrast_ratio(first: RGBA, second: RGBA) -> float:
    """WCAG contrast ratio of two opaque colours, unrounded (1.0 to 21.0)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_contrast(text: RGBA, background: RGBA) -> float:
    """Contrast of (possibly translucent) text over an opaque background."""
    return contrast_ratio(text.over(background), background)
