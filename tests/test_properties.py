"""Property-based tests: whatever an author writes, the build either produces a
site whose pages, JSON-LD and calendar feeds parse, or fails with the
plain-English report: never a traceback and never a half-written output/.
Hypothesis generates the posts and events (120 examples each)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta

import lxml.html
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from coproweek.problems import BuildFailed
from sitekit.build import ROOT, build_site
from tests.site_tools import public_html_files

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


ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham"]
# Daylight saving changes in London, New York and Sydney, 2018 and 2027.
DST_CHANGES = [datetime(2018, 3, 25), datetime(2018, 10, 28), datetime(2018, 3, 11), datetime(2018, 11, 4),
               datetime(2018, 4, 1), datetime(2018, 10, 7), datetime(2027, 3, 28), datetime(2027, 10, 31)]


@st.composite
def event_starts(draw):
    """A start near a clock change (the hour that is skipped or repeated included)."""
    day = draw(st.sampled_from(DST_CHANGES)) + timedelta(days=draw(st.integers(-8, 8)))
    moment = day.replace(hour=draw(st.integers(0, 23)), minute=draw(st.sampled_from([0, 15, 30, 59])))
    return moment, draw(st.booleans())  # (start, all day?)


@st.composite
def events(draw):
    title = mostly(draw, readable_text, hostile_text).replace("\n", " ")
    (start, all_day), zone = draw(event_starts()), mostly(draw, st.sampled_from(ZONES), st.just("Mars/Olympus_Mons"))
    lines = [f"title: {title}", f"timezone: {zone}"]
    if all_day:
        lines += [f"start: {start:%Y-%m-%d}", f"end: {start + timedelta(days=draw(st.integers(0, 4))):%Y-%m-%d}"]
    else:
        minutes = mostly(draw, st.integers(15, 600), st.integers(-120, 0))  # sometimes ends before it starts
        lines += [f"start: {start:%Y-%m-%d %H:%M}", f"end: {start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"]
    if draw(st.booleans()):
        lines += ["attendance: online", "joining-link: https://meet.example.org/room"]
    else:
        lines += [f"venue: {mostly(draw, readable_text, hostile_text)}".replace("\n", " ")]
    if draw(st.integers(0, 2)) == 0:
        lines.append(f"repeat: {draw(st.sampled_from(['daily', 'weekly', 'fortnightly', 'monthly', 'every 3 days']))}")
        limit = mostly(draw, st.sampled_from(["count", "until"]), st.just("none"))
        if limit == "count":
            lines.append(f"repeat-count: {draw(st.integers(1, 30))}")
        elif limit == "until":
            lines.append(f"repeat-until: {start + timedelta(days=draw(st.integers(1, 200))):%Y-%m-%d}")
    if draw(st.booleans()):
        lines.append("access: " + ", ".join(draw(st.lists(st.sampled_from(
            ["step-free", "bsl", "captions", "quiet-room", "easy-read", "hearing-loop"]), min_size=1, max_size=3, unique=True))))
    return "\n".join(lines) + "\n\n" + mostly(draw, readable_text, hostile_text) + "\n"


def _check_built_site(output):
    from icalendar import Calendar

    pages = public_html_files(output)  # the editor at /admin/ is our own scripts, not author text
    assert pages, "a successful build wrote no pages"
    for page in pages:
        root = lxml.html.parse(str(page)).getroot()
        assert root is not None and root.find("body") is not None, page
        # Author text never becomes markup: the only scripts are JSON-LD data blocks.
        for script in root.iter("script"):
            assert script.get("type") == "application/ld+json", page
            assert json.loads(script.text)["@type"], page
    for feed in output.rglob("*.ics"):
        calendar = Calendar.from_ical(feed.read_bytes())
        for vevent in calendar.walk("VEVENT"):
            assert vevent.get("UID") and vevent.get("DTSTART"), feed


def _build_or_fail_clearly(base, files: dict[str, str]):
    content = base / "content"
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "content" / "authors.toml", content / "authors.toml")
    output = base / "output"
    try:
        build_site(content, output, SITE_NOW="2018-06-20")
    except BuildFailed as failure:
        event("build failed with a report")
        assert failure.report.startswith("The site was not built:")
        assert any(f"content/{name}" in failure.report for name in files), failure.report
        assert "Traceback" not in failure.report
        assert not output.exists(), "a failed first build must not leave an output folder"
        assert not [p.name for p in base.iterdir() if p.name.startswith(".output")], "staging folder left behind"
    else:
        event("site built")
        _check_built_site(output)


SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(post_texts=st.lists(posts(), min_size=1, max_size=3))
def test_any_posts_build_or_fail_clearly(tmp_path_factory, post_texts):
    _build_or_fail_clearly(tmp_path_factory.mktemp("posts"),
                           {f"blog/post-{n}.md": text for n, text in enumerate(post_texts)})


@SETTINGS
@given(event_texts=st.lists(events(), min_size=1, max_size=3))
def test_any_events_build_or_fail_clearly(tmp_path_factory, event_texts):
    _build_or_fail_clearly(tmp_path_factory.mktemp("events"),
                           {f"events/event-{n}.md": text for n, text in enumerate(event_texts)})
