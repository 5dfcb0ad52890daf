"""Links that put an event, or a feed, into people's calendars.

Google Calendar's TEMPLATE link takes local times with a `ctz` time zone and an
RRULE in `recur`; the Outlook.com and Microsoft 365 compose deeplinks take ISO
times with their UTC offset and cannot repeat (the page says so and offers the
.ics file instead)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit

from .serialise import is_utc_zone, normalised_rrule, page_url

if TYPE_CHECKING:
    from coproweek.events.model import Event

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/deeplink/compose"
MICROSOFT_365 = "https://outlook.office.com/calendar/0/deeplink/compose"
# Subscribing to a feed: Outlook's "Subscribe from web" dialog, filled in.
OUTLOOK_COM_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"
MICROSOFT_365_SUBSCRIBE = "https://outlook.office.com/calendar/0/addfromweb"
# Google Calendar's own "From URL" page, where the address is pasted by hand.
GOOGLE_ADD_BY_URL = "https://calendar.google.com/calendar/r/settings/addbyurl"
_DETAILS_LIMIT = 600  # keep links well under the 2,000-character URLs some browsers cut


def _encode(params: dict[str, str]) -> str:
    return urlencode(params, quote_via=quote, safe="")


def _local_times(event: Event) -> tuple[datetime | date, datetime | date]:
    """Start and exclusive end in the event's zone (all-day: dates, end the day after)."""
    if event.all_day:
        return event.start, event.end + timedelta(days=1)
    return event.start.astimezone(event.timezone), event.end.astimezone(event.timezone)


def _details(event: Event, site_url: str) -> str:
    text = event.summary.strip()
    if len(text) > _DETAILS_LIMIT:
        text = text[: _DETAILS_LIMIT - 1].rstrip() + "…"
    page = page_url(event, site_url)
    return "\n\n".join(part for part in (text, page) if part)


def _place(event: Event) -> str:
    if event.attendance.value == "online" or not event.venue:
        return event.joining_url or ("Online" if event.attendance.value != "in person" else "")
    return ", ".join(part for part in (event.venue.name, event.venue.address, event.venue.postcode) if part)


def google_calendar_url(event: Event, site_url: str) -> str:
    start, end = _local_times(event)
    if event.all_day:
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    elif is_utc_zone(event.timezone):
        dates = f"{start.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}/{end.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"
    else:
        dates = f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"
    params = {"action": "TEMPLATE", "text": event.title, "dates": dates,
              "details": _details(event, site_url), "location": _place(event),
              "ctz": getattr(event.timezone, "key", "UTC")}
    if event.recurrence:
        params["recur"] = "RRULE:" + normalised_rrule(event).to_ical().decode()
    return f"{GOOGLE}?{_encode({key: value for key, value in params.items() if value})}"


def _outlook_url(base: str, event: Event, site_url: str) -> str:
    start, end = _local_times(event)
    params = {"path": "/calendar/action/compose", "rru": "addevent", "subject": event.title,
              "startdt": start.isoformat(), "enddt": end.isoformat(),
              "allday": "true" if event.all_day else "false",
              "body": _details(event, site_url), "location": _place(event)}
    return f"{base}?{_encode({key: value for key, value in params.items() if value})}"


def outlook_com_url(event: Event, site_url: str) -> str:
    return _outlook_url(OUTLOOK_COM, event, site_url)


def microsoft_365_url(event: Event, site_url: str) -> str:
    return _outlook_url(MICROSOFT_365, event, site_url)


def webcal_url(https_url: str) -> str:
    """webcal:// asks the device to subscribe (Apple Calendar, Outlook desktop)."""
    parts = urlsplit(https_url)
    return f"webcal://{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def google_subscribe_url(https_url: str) -> str:
    """Google's "add by URL" link; Google fetches the feed itself (webcal scheme)."""
    return f"https://calendar.google.com/calendar/render?{_encode({'cid': webcal_url(https_url)})}"


def outlook_com_subscribe_url(https_url: str, name: str) -> str:
    """Outlook.com's "Subscribe from web" with the address and the calendar's name filled in."""
    return f"{OUTLOOK_COM_SUBSCRIBE}?{_encode({'url': https_url, 'name': name})}"


def microsoft_365_subscribe_url(https_url: str, name: str) -> str:
    """The same in work or school Outlook (Microsoft 365)."""
    return f"{MICROSOFT_365_SUBSCRIBE}?{_encode({'url': https_url, 'name': name})}"
