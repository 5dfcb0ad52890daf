"""Starting points for new content, so authors never begin from a blank file."""

from __future__ import annotations

import os
from datetime import datetime

from pelican.utils import slugify

from coproweek.placeholders import POST

SLUG_SUBSTITUTIONS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]


def slug_for(title: str) -> str:
    slug = slugify(title, regex_subs=SLUG_SUBSTITUTIONS)
    if not slug:
        raise ValueError(f"the title '{title}' has no letters or numbers to make a web address from.")
    return slug


def post_template(title: str, now: datetime) -> str:
    """A new blog post with every field the site supports, explained inline.
    It is a draft until the author changes its status; the example words
    (placeholders.texts.POST) fail a production build if left in."""
    return f"""Title: {title}
Date: {now:%Y-%m-%d %H:%M}
Author: Pete Fleischmann
Tags: co-production
Summary: {POST["summary"]}
Status: draft

{POST["body"]} Leave one empty line between paragraphs.

## Use headings like this

Start headings with two hash signs (##); the title above is the only top-level heading.

Add an image by putting the file in content/images/ and writing, on its own line,
`![what the image shows, for people who cannot see it](/images/your-photo.jpg)`
(without the backticks).

When the post is ready, change the Status line above to: Status: published
(until then it is a draft: only your own computer shows it).
"""


def write_new_file(folder: str, slug: str, text: str) -> str:
    """Write a new content file, refusing to overwrite an author's work."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{slug}.md")
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return path
