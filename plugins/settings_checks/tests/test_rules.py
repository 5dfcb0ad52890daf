from datetime import date

import pytest

from coproweek.checks.settings import check_settings, line_of_setting

GOOD = {
    "TIMEZONE": "Europe/London", "SITEURL": "https://www.example.org",
    "DEFAULT_PAGINATION": 5, "MAIN_MENU": [("Home", "/"), ("Blog", "/blog/")],
    "IFRAME_ALLOWED_HOSTS": ["www.youtube-nocookie.com"],
    "FORMS_SEND_TO": "netlify",
}


def test_good_settings_pass():
    assert check_settings(GOOD) == {}
    assert check_settings({**GOOD, "SITEURL": "", "DEFAULT_PAGINATION": False}) == {}


def test_project_settings_pass():
    from sitekit.build import site_settings
    assert check_settings(site_settings()) == {}
    assert check_settings(site_settings(settings_file="publishconf.py")) == {}


@pytest.mark.parametrize("name, value, words", [
    ("TIMEZONE", "Europe/Londres", "not a time zone"),
    ("SITEURL", "www.example.org", "not a full web address"),
    ("SITEURL", "https://www.example.org/", "not a full web address"),
    ("DEFAULT_PAGINATION", 0, "whole number"),
    ("DEFAULT_PAGINATION", "5", "whole number"),
    ("DEFAULT_PAGINATION", True, "whole number"),
    ("MAIN_MENU", [("Home",)], "pairs"),
    ("MAIN_MENU", [("Blog", "blog/")], "does not start with /"),
    ("CAMPAIGN", {"year": 2018, "week_start": date(2018, 7, 2), "week_end": date(2018, 7, 6), "theme": "x"},
     "content/weeks/"),
    ("IFRAME_ALLOWED_HOSTS", "www.youtube.com", "list of host names"),
    ("FORMS_SEND_TO", "netlfy", "is not \"netlify\" or a full https://"),
    ("FORMS_SEND_TO", "http://forms.example.org/f/1", "full https://"),
    ("FORMS_SEND_TO", "https://forms.example.org/f/1 'unsafe-inline'", "full https://"),
    ("FORMS_SEND_TO", ["netlify"], "not ['netlify']"),
])
def test_bad_values_are_explained(name, value, words):
    problems = check_settings({**GOOD, name: value})
    assert list(problems) == [name]
    what, fix = problems[name]
    assert words in what and fix


def test_line_of_setting():
    text = "import os\nSITEURL = ''\nSITEURL_EXTRA = 1\nTIMEZONE= 'x'\n"
    assert line_of_setting(text, "SITEURL") == 2
    assert line_of_setting(text, "TIMEZONE") == 4
    assert line_of_setting(text, "MISSING") is None
