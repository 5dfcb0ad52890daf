"""The theme's colours, read from the custom properties of its stylesheet's
:root rule (the light scheme) with tinycss2, so cards follow the CSS."""

from __future__ import annotations

from pathlib import Path

import tinycss2


def root_custom_properties(css_path: str | Path) -> dict[str, str]:
    """{"--colour-brand": "#3d1f5c", …} from the first top-level :root rule
    (later :root rules inside @media, e.g. dark mode, are not read)."""
    rules = tinycss2.parse_stylesheet(Path(css_path).read_text(encoding="utf-8"),
                                      skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip() != ":root":
            continue
        properties = {}
        for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type == "declaration" and declaration.name.startswith("--"):
                properties[declaration.name] = tinycss2.serialize(declaration.value).strip()
        return properties
    return {}
