"""Checks on the values in pelicanconf.py / publishconf.py that the site's own
features rely on. Each check returns None or (what is wrong, how to fix it).
Plain functions; nothing here knows Pelican."""

from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coproweek.forms import parse_destination

Check = tuple[str, str] | None


def timezone_name(name, value) -> Check:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        return (f"{name} = {value!r} is not a time zone name.",
                f"use a name from the IANA list, for example {name} = \"Europe/London\".")
    return None


def site_url(name, value) -> Check:
    if value in ("", None):
        return None
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or not parts.netloc or str(value).endswith("/"):
        return (f"{name} = {value!r} is not a full web address.",
                f"write it with https:// and without a slash at the end, for example {name} = \"https://www.example.org\".")
    return None


def pagination(name, value) -> Check:
    if value is False:  # Pelican's own default: no pagination
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return (f"{name} = {value!r} should be a whole number of 1 or more (or False for one long page).",
                f"for example {name} = 5.")
    return None


def menu(name, value) -> Check:
    if not isinstance(value, list | tuple) or not all(
        isinstance(item, list | tuple) and len(item) == 2 and all(isinstance(part, str) for part in item)
        for item in value
    ):
        return (f"{name} should be a list of (label, address) pairs.",
                f'for example {name} = [("Home", "/"), ("Blog", "/blog/")].')
    bad = [url for _, url in value if not url.startswith(("/", "http://", "https://"))]
    if bad:
        return (f"the address {bad[0]!r} in {name} does not start with / or https://.",
                "write addresses within the site from the site's root, for example \"/events/\".")
    return None


def campaign(name, value) -> Check:
    """CAMPAIGN used to hold the week; it is content now, and a setting left
    behind would be silently ignored."""
    return (f"{name} is no longer read: each year's week is a file in content/weeks/.",
            f"delete {name} from the settings and run: invoke new-week YEAR (see docs/writing-posts.md).")


def host_list(name, value) -> Check:
    if isinstance(value, str) or not all(isinstance(host, str) and "/" not in host for host in value):
        return (f"{name} should be a list of host names.", f'for example {name} = ["www.youtube-nocookie.com"].')
    return None


def forms_destination(name, value) -> Check:
    try:
        parse_destination(value)
    except ValueError as error:
        return (str(error).removesuffix("."), f'write {name} = "netlify", {name} = "https://..." (your form service) or {name} = None.')
    return None


# Setting name -> check. Settings not named here are Pelican's own, which it
# checks, or a plugin's own (the events plugin checks SITE_NOW and
# EVENTS_DEFAULT_TIMEZONE, as it is the one that uses them).
CHECKS = {
    "TIMEZONE": timezone_name,
    "SITEURL": site_url,
    "DEFAULT_PAGINATION": pagination,
    "MAIN_MENU": menu,
    "CAMPAIGN": campaign,
    "IFRAME_ALLOWED_HOSTS": host_list,
    "FORMS_SEND_TO": forms_destination,
}


def check_settings(settings: dict) -> dict[str, tuple[str, str]]:
    """Problems keyed by setting name, for the settings that are present."""
    problems = {}
    for name, check in CHECKS.items():
        if name in settings:
            result = check(name, settings[name])
            if result:
                problems[name] = result
    return problems


def line_of_setting(text: str, name: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(name) and line[len(name):].lstrip().startswith("="):
            return number
    return None
