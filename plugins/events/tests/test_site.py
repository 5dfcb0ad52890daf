"""The events pages, from a fixture site built once with SITE_NOW = 2018-06-20."""

from __future__ import annotations

import json

import pytest

from .site_build import build, fixture_copy, soup

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("events-site")
    output = tmp / "output"
    build(fixture_copy(tmp), output)
    return output


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_events_are_not_blog_articles(site):
    blog = text(soup(site, "blog/"))
    assert "A blog post about the week" in blog
    assert "Co-production Festival" not in blog
    feed = (site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "Co-production Festival" not in feed
    assert not list((site / "blog").rglob("co-production-festival*"))
    assert "Co-production Festival" not in text(soup(site, "blog/archive/"))


def test_upcoming_grouped_by_day_soonest_first(site):
    page = soup(site, "events/")
    days = [h.time["datetime"] for h in page.select(".event-day__heading")]
    assert days == sorted(days)
    assert days[0] == "2018-06-26"  # the drop-in; 19 June is before "now"
    assert "Spring listening event" not in text(page)  # past
    assert len(page.find_all("h1")) == 1


def test_upcoming_shows_times_in_the_events_zone_with_mode_place_cost_access(site):
    page = soup(site, "events/")
    festival = page.find("a", string="Co-production Festival 2018").find_parent("li")
    details = text(festival)
    assert "10am to 4pm (BST)" in details
    assert "In person: Riverside Community Conference Centre, SE1 7ZZ" in details
    assert "Free" in details
    assert "British Sign Language (BSL) interpretation" in details
    toronto = text(page.find("a", string="Co-design across borders: a webinar from Toronto").find_parent("li"))
    assert "9am to 10:30am (EDT)" in toronto


def test_recurring_event_appears_at_each_occurrence_except_the_exception(site):
    page = soup(site, "events/")
    days = [link.find_parent("section").h3.time["datetime"] for link in page.find_all("a", string="Co-production Week online drop-in")]
    assert days == ["2018-06-26", "2018-07-10", "2018-07-17", "2018-07-24", "2018-07-31"]


def test_week_long_all_day_event(site):
    page = soup(site, "events/")
    week = page.find("a", string="National Co-production Week 2018").find_parent("li")
    assert "Monday 2 July to Friday 6 July 2018" in text(week)
    assert week.find_parent("section").h3.time["datetime"] == "2018-07-02"


def test_cancelled_event_is_marked_in_lists_and_has_a_banner(site):
    listed = soup(site, "events/").find("a", string="Co-production in housing: breakfast briefing").find_parent("li")
    assert "Cancelled" in text(listed)
    page = soup(site, "events/housing-breakfast-briefing-2018/")
    banner = page.select_one(".notification-banner[role=region]")
    assert "This event has been cancelled." in text(banner)
    assert "venue is closed for repairs" in text(banner)
    assert not page.select("a.button")  # no booking for a cancelled event


def test_past_events_by_year_newest_first(site):
    page = soup(site, "events/past/")
    assert [h.get_text() for h in page.main.select("h2")] == ["2018"]
    titles = [a.get_text() for a in page.select(".event-summary__title a")]
    assert titles == ["Co-production Week online drop-in", "Spring listening event"]
    assert "3 sessions" in text(page)


def test_event_page_shows_every_field(site):
    page = soup(site, "events/co-production-festival-2018/")
    body = text(page.main)
    assert [h.get_text() for h in page.find_all("h1")] == ["Co-production Festival 2018"]
    for expected in [
        "Tuesday 3 July 2018, 10am to 4pm (BST)", "In person", "Riverside Community Conference Centre",
        "12 Waterside Walk, London", "SE1 7ZZ", "Free", "Social Care Institute for Excellence (SCIE)",
        "Step-free access", "Quiet room", "Assistance dogs welcome", "lifts to every floor",
        "festival@scie.org.uk", "Programme",
    ]:
        assert expected in body, expected
    assert page.select_one("a.button")["href"] == "https://www.scie.org.uk/co-production/week/festival"
    assert page.select_one("time")["datetime"] == "2018-07-03T10:00+01:00"
    # Body headings sit under "About this event" (h2), so they start at h3.
    assert page.find("h3", string="Programme")


def test_access_is_prominent_and_links_to_filters(site):
    page = soup(site, "events/co-production-festival-2018/")
    summary = page.select_one(".event__access-summary")
    assert "British Sign Language (BSL) interpretation" in text(summary)
    assert page.find("h2", string="Access")
    assert page.select_one('.access-list a[href$="events/access/bsl/"]')


def test_other_zone_also_shown_in_uk_time(site):
    page = soup(site, "events/co-design-across-borders-2018/")
    assert "Thursday 5 July 2018, 9am to 10:30am (EDT)" in text(page.main)
    assert "That is Thursday 5 July 2018, 2pm to 3:30pm (BST) in UK time." in text(page.main)
    assert "Times are in Toronto time." in text(page.main)
    assert "Partner event" in text(page.main)


def test_filename_links_resolve_in_event_bodies(site):
    page = soup(site, "events/co-production-week-2018/")
    link = page.find("a", string="Co-production Festival")
    assert link["href"].endswith("events/co-production-festival-2018/")


SCHEMA_TYPES = {
    # Properties used here, per type, from https://schema.org (checked by hand).
    "Event": {"@context", "@type", "name", "url", "startDate", "endDate", "eventStatus", "eventAttendanceMode",
              "location", "offers", "description", "organizer", "image", "previousStartDate"},
    "Place": {"@type", "name", "address"},
    "PostalAddress": {"@type", "streetAddress", "postalCode", "addressLocality", "addressCountry"},
    "VirtualLocation": {"@type", "url", "name"},
    "Offer": {"@type", "url", "price", "priceCurrency", "description", "availability"},
    "Organization": {"@type", "name", "url"},
}


def check_schema(node):
    if isinstance(node, list):
        for item in node:
            check_schema(item)
    elif isinstance(node, dict):
        assert node["@type"] in SCHEMA_TYPES, node["@type"]
        assert set(node) <= SCHEMA_TYPES[node["@type"]], set(node) - SCHEMA_TYPES[node["@type"]]
        for value in node.values():
            check_schema(value)


@pytest.mark.parametrize(
    ("slug", "status", "mode", "location_types"),
    [
        ("co-production-festival-2018", "EventScheduled", "OfflineEventAttendanceMode", ["Place"]),
        ("housing-breakfast-briefing-2018", "EventCancelled", "OfflineEventAttendanceMode", ["Place"]),
        ("online-drop-in-2018", "EventScheduled", "OnlineEventAttendanceMode", ["VirtualLocation"]),
        ("network-meet-up-2027", "EventScheduled", "MixedEventAttendanceMode", ["Place", "VirtualLocation"]),
        ("paying-people-who-receive-benefits-2027", "EventRescheduled", "OnlineEventAttendanceMode", ["VirtualLocation"]),
    ],
)
def test_json_ld(site, slug, status, mode, location_types):
    scripts = soup(site, f"events/{slug}/").find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    check_schema(data)
    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"
    locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [loc["@type"] for loc in locations] == location_types
    assert data["offers"]["@type"] == "Offer" and data["offers"]["priceCurrency"] == "GBP"
    assert data["organizer"]["@type"] == "Organization"


def test_json_ld_of_a_repeating_event_is_its_next_occurrence(site):
    data = json.loads(soup(site, "events/online-drop-in-2018/").find("script", type="application/ld+json").string)
    assert data["startDate"] == "2018-06-26T12:30+01:00"


def test_month_calendar_is_an_accessible_grid(site):
    page = soup(site, "events/2018/07/")
    table = page.find("table")
    assert "July 2018" in table.caption.get_text()
    headers = table.thead.find_all("th")
    assert len(headers) == 7 and all(th["scope"] == "col" for th in headers)
    assert headers[0].select_one(".visually-hidden").get_text() == "Monday"
    assert headers[0].find(attrs={"aria-hidden": "true"}).get_text() == "Mon"
    week_days = [td.time["datetime"] for td in table.find_all("td")
                 if td.find("a", string="National Co-production Week 2018")]
    assert week_days == [f"2018-07-0{day}" for day in range(2, 7)]
    assert page.select_one('a[rel="prev"]')["href"].endswith("events/2018/06/")
    assert page.select_one('a[rel="next"]')["href"].endswith("events/2027/01/")
    # The list view of the same month, for small screens and screen readers.
    assert page.find("h2", string="July 2018 as a list")
    assert page.select('.event-day a[href$="co-production-festival-2018/"]')


def test_today_is_marked_on_the_calendar(site):
    page = soup(site, "events/2018/06/")
    today = page.select('td[aria-current="date"]')
    assert len(today) == 1 and today[0].time["datetime"] == "2018-06-20"
    assert "Today" in text(today[0])


def test_every_month_with_events_has_a_page(site):
    months = sorted(p.parent.relative_to(site / "events").as_posix() for p in (site / "events").glob("[0-9]*/[0-9]*/index.html"))
    assert months == ["2018/05", "2018/06", "2018/07"] + [f"2027/{m:02d}" for m in range(1, 13)]


def test_filter_pages(site):
    bsl = text(soup(site, "events/access/bsl/").main)
    assert "Co-production Festival 2018" in bsl and "online drop-in" not in bsl
    assert "Co-production Festival 2018" in text(soup(site, "events/tags/festival/").main)
    partner = text(soup(site, "events/organisers/toronto-co-design-collective/").main)
    assert "Co-design across borders" in partner and "Festival" not in partner
    assert "Spring listening event" in text(soup(site, "events/access/step-free/").main)  # under Past
    captions = soup(site, "events/access/captions/")
    drop_ins = captions.find_all("a", string="Co-production Week online drop-in")
    assert len(drop_ins) == 2  # once upcoming (at its next date), once past
    assert "Every Tuesday, until Tuesday 31 July 2018" in text(drop_ins[0].find_parent("li"))


def test_home_page_shows_the_next_three_events(site):
    cards = soup(site, "/").select(".event-card")
    assert [card.h3.get_text(strip=True) for card in cards] == [
        "Co-production Week online drop-in", "National Co-production Week 2018", "Co-production Festival 2018"]


def test_rescheduled_event_says_where_it_moved_from(site):
    page = soup(site, "events/paying-people-who-receive-benefits-2027/")
    banner = text(page.select_one(".notification-banner"))
    assert "moved to a new date: it was on Wednesday 3 February 2027" in banner
    assert "Your booking still stands" in banner
    assert page.select_one("a.button")  # still bookable
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["previousStartDate"] == "2027-02-03T13:30+00:00"
    assert data["offers"]["price"] == "45"
    assert "Friday 20 November 2026" in text(page.main)  # modified
