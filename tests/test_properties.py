"""Property-based tests: whatever an author writes, the build either produces a
site whose pages parse, or fails with the plain-English report, never a
traceback and never a half-written output/. Hypothesis generates the posts."""

from __future__ import annotations

import shutil
from datetime import datetime

import lxml.html
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from build_problems import BuildFailed
from sitekit.build import ROOT, build_site

AUTHORS = ["Pete Fleischmann", "Gary Hickey"]

# Any Unicode (with control characters and surrogate-free astral planes), plus
# the snippets that break naive templates and feeds.
hostile_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=0, max_size=80),
    st.sampled_from(["</script><script>alert(1)</script>", "Café – Zoë’s talk 🎉", "a, b; c\\d",
                     "line\nbreak", "\u202eRTL override", "<b>bold</b> & 'quotes\"", "x" * 2000]),
)
# Text any author could type: any letters, marks, numbers, punctuation,
# symbols and spaces, in any script, with at least one letter or number.
readable_text = st.text(
    st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=80,
).filter(lambda t: any(c.isalnum() for c in t))
good_dates = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31)).map(
    lambda d: d.strftime("%Y-%m-%d %H:%M"))


def mostly(draw, good, bad):
    """Nine in ten values from `good`, so most examples get past the first
    check and exercise the whole build; the rest from `bad`."""
    return draw(bad) if draw(st.integers(0, 9)) == 0 else draw(good)


@st.composite
def posts(draw):
    title = mostly(draw, readable_text, hostile_text).replace("\n", " ")
    date = mostly(draw, good_dates, st.text(max_size=20).map(lambda t: t.replace("\n", " ")))
    author = mostly(draw, st.sampled_from(AUTHORS), st.just("Someone Unknown"))
    lines = [f"Title: {title}", f"Date: {date}", f"Author: {author}"]
    if draw(st.booleans()):
        tags = [mostly(draw, readable_text, hostile_text) for _ in range(draw(st.integers(0, 3)))]
        lines.append("Tags: " + ", ".join(tags).replace("\n", " "))
    body = mostly(draw, readable_text, hostile_text)
    return "\n".join(lines) + "\n\n" + body + "\n"


def _check_built_site(output):
    pages = list(output.rglob("*.html"))
    assert pages, "a successful build wrote no pages"
    for page in pages:
        root = lxml.html.parse(str(page)).getroot()
        assert root is not None and root.find("body") is not None, page
        # Author text never becomes markup: the only scripts are JSON-LD data blocks.
        for script in root.iter("script"):
            assert script.get("type") == "application/ld+json", page


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(post_texts=st.lists(posts(), min_size=1, max_size=3))
def test_any_posts_build_or_fail_clearly(tmp_path_factory, post_texts):
    base = tmp_path_factory.mktemp("prop")
    content = base / "content"
    (content / "blog").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    for number, text in enumerate(post_texts):
        (content / "blog" / f"post-{number}.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    output = base / "output"
    try:
        build_site(content, output, SITE_NOW="2018-06-20")
    except BuildFailed as failure:
        event("build failed with a report")
        assert failure.report.startswith("The site was not built:")
        assert "content/blog/post-" in failure.report
        assert "Traceback" not in failure.report
        assert not output.exists(), "a failed first build must not leave an output folder"
        assert not [p.name for p in base.iterdir() if p.name.startswith(".output")], "staging folder left behind"
    else:
        event("site built")
        _check_built_site(output)
