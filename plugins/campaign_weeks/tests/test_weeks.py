"""Week files -> Week objects, and which week the home page leads with."""

from datetime import date

import pytest

from coproweek.weeks.model import Week, WeekInvalid, duplicate_years, parse_week, week_for_home

GOOD = {"year": "2018", "start": "2018-07-02", "end": "2018-07-06", "theme": "Sharing power", "summary": "Third."}


def test_good_week():
    week = parse_week(GOOD, file_year="2018")
    assert (week.year, week.start, week.end, week.theme) == (2018, date(2018, 7, 2), date(2018, 7, 6), "Sharing power")
    assert week.dates == "Monday 2 to Friday 6 July 2018"
    assert week.tag == "Co-production Week 2018"


def test_year_comes_from_the_file_name_and_dates_in_words_work():
    week = parse_week({"start": "5 July 2027", "end": "Friday 9 July 2027"}, file_year="2027")
    assert (week.year, week.start, week.end, week.theme) == (2027, date(2027, 7, 5), date(2027, 7, 9), "")


@pytest.mark.parametrize(("start", "end", "text"), [
    ("2018-06-25", "2018-07-06", "Monday 25 June to Friday 6 July 2018"),
    ("2018-07-02", "2018-07-02", "Monday 2 July 2018"),
    ("2018-12-31", "2019-01-04", "Monday 31 December 2018 to Friday 4 January 2019"),
])
def test_dates_say_month_and_year_once(start, end, text):
    assert parse_week({**GOOD, "start": start, "end": end}).dates == text


def problems(metadata, file_year="2018"):
    with pytest.raises(WeekInvalid) as invalid:
        parse_week(metadata, file_year=file_year)
    return {problem.key: problem for problem in invalid.value.problems}


@pytest.mark.parametrize(("change", "key", "words"), [
    ({"start": ""}, "start", "no start date"),
    ({"end": ""}, "end", "no end date"),
    ({"end": "2018-07-01"}, "end", "ends (Sunday 1 July 2018) before it starts"),
    ({"start": "2018-07-02 09:00"}, "start", "not a day"),
    ({"start": "02/07/2018"}, "start", "not a day"),
    ({"year": "eighteen"}, "year", "is not a year"),
    ({"year": "2019"}, "year", "named 2018.md but says year: 2019"),
    ({"start": "2017-07-03", "end": "2017-07-07"}, "start", "not in 2018"),
    ({"theem": "Sharing power"}, "theem", 'Did you mean "theme"?'),
])
def test_every_bad_field_is_named(change, key, words):
    found = problems({**GOOD, **change})
    assert key in found
    assert words in found[key].what + " " + found[key].fix
    assert found[key].fix


def test_all_problems_at_once():
    assert set(problems({"theme": "x"}, file_year="notes")) == {"year", "start", "end"}


def test_hostile_text_is_kept_as_text():
    week = parse_week({**GOOD, "theme": "<script>alert(1)</script>", "summary": ["line one", "line two"]})
    assert week.theme == "<script>alert(1)</script>"  # the template escapes it
    assert week.summary == "line one line two"


def week(year, start, end):
    return Week(year, date.fromisoformat(start), date.fromisoformat(end))


WEEKS = [week(2018, "2018-07-02", "2018-07-06"), week(2027, "2027-07-05", "2027-07-09")]


@pytest.mark.parametrize(("today", "year", "state"), [
    ("2018-06-20", 2018, "next"),
    ("2018-07-02", 2018, "running"),
    ("2018-07-06", 2018, "running"),
    ("2018-07-07", 2027, "next"),
    ("2026-11-26", 2027, "next"),
    ("2027-07-09", 2027, "running"),
    ("2027-07-10", 2027, "past"),
    ("2017-01-01", 2018, "next"),
])
def test_home_week_is_decided_by_now(today, year, state):
    chosen = week_for_home(list(reversed(WEEKS)), date.fromisoformat(today))
    assert (chosen.week.year, chosen.state) == (year, state)


def test_no_weeks_no_home_week():
    assert week_for_home([], date(2018, 1, 1)) is None


def test_duplicate_years_are_paired():
    twin = week(2018, "2018-07-09", "2018-07-13")
    assert duplicate_years([*WEEKS, twin]) == [(WEEKS[0], twin)]


def test_posts_belong_by_week_tag_or_campaign_tag_and_year():
    w = WEEKS[0]
    assert w.has_post(["co-production week 2018"], date(2019, 1, 1))
    assert w.has_post(["Co-production Week"], date(2018, 4, 16))
    assert not w.has_post(["Co-production Week"], date(2017, 7, 4))
    assert not w.has_post(["research"], date(2018, 7, 3))


def test_events_overlapping_the_week():
    w = WEEKS[0]
    assert w.covers(date(2018, 6, 30), date(2018, 7, 2))
    assert w.covers(date(2018, 7, 6), date(2018, 7, 8))
    assert not w.covers(date(2018, 7, 7), date(2018, 7, 8))
    assert not w.covers(date(2018, 6, 25), date(2018, 7, 1))


@pytest.mark.parametrize(("year", "start"), [(2018, date(2018, 7, 2)), (2027, date(2027, 7, 5)), (2029, date(2029, 7, 2)),
                                              (2030, date(2030, 7, 1))])
def test_scaffold_is_a_valid_week_in_the_first_full_week_of_july(year, start):
    from coproweek.problems import metadata_lines
    from coproweek.weeks.scaffold import week_template

    text = week_template(year)
    header = dict(line.split(":", 1) for line in text.split("\n\n")[0].splitlines())
    week = parse_week({key: value.strip() for key, value in header.items()}, file_year=str(year))
    assert (week.start, (week.end - week.start).days, week.start.weekday()) == (start, 4, 0)
    assert set(metadata_lines(text)) == {"year", "start", "end", "theme", "summary"}


@pytest.mark.parametrize("text", ["28", "twenty", "2028.md", "-2028", ""])
def test_scaffold_refuses_what_is_not_a_year(text):
    from coproweek.weeks.scaffold import parse_year

    with pytest.raises(ValueError, match="four digits"):
        parse_year(text)
