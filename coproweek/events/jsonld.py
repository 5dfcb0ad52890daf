"""schema.org Event as JSON-LD for an event page. Knows nothing of Pelican.

https://schema.org/Event with eventStatus, eventAttendanceMode, location
(Place with PostalAddress, and/or VirtualLocation), offers (Offer) and
organizer (Organization)."""

from __future__ import annotations

import json
import re

from .model import AttendanceMode, Event, Occurrence, Status
from .timefmt import iso

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    Status.SCHEDULED: "EventScheduled",
    Status.CANCELLED: "EventCancelled",
    Status.POSTPONED: "EventPostponed",
    Status.RESCHEDULED: "EventRescheduled",
}
ATTENDANCE_MODE = {
    AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "MixedEventAttendanceMode",
}
CURRENCIES = {"£": "GBP", "€": "EUR", "$": "USD"}
_PRICE = re.compile(r"(?P<symbol>[£€$])?\s*(?P<amount>\d+(?:\.\d{1,2})?)")


def absolute(site_url: str, url: str) -> str:
    if not url or re.match(r"^[a-z]+:", url):
        return url
    return f"{site_url.rstrip('/')}/{url.lstrip('/')}"


def offer(event: Event, site_url: str, page_url: str) -> dict:
    data = {"@type": "Offer", "url": event.booking_url or page_url}
    if event.is_free:
        data |= {"price": "0", "priceCurrency": "GBP"}
    else:
        match = _PRICE.search(event.cost)
        if match:
            data |= {"price": match["amount"], "priceCurrency": CURRENCIES.get(match["symbol"] or "£", "GBP")}
        data["description"] = event.cost
    return data


def locations(event: Event) -> list[dict]:
    found = []
    if event.attendance in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID) and event.venue:
        place = {"@type": "Place", "name": event.venue.name}
        if event.venue.address or event.venue.postcode:
            address = {"@type": "PostalAddress"}
            if event.venue.address:
                address["streetAddress"] = event.venue.address
            if event.venue.postcode:
                address["postalCode"] = event.venue.postcode
            place["address"] = address
        found.append(place)
    if event.attendance in (AttendanceMode.ONLINE, AttendanceMode.HYBRID):
        found.append({"@type": "VirtualLocation", "url": event.joining_url or event.booking_url})
    return found


def event_jsonld(event: Event, occurrence: Occurrence, site_url: str, page_url: str) -> dict:
    """The JSON-LD object for one event, dated at `occurrence` (the next one,
    for a repeating event; search engines want one start per Event)."""
    page_url = absolute(site_url, page_url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": page_url,
        "startDate": iso(occurrence.start),
        "endDate": iso(occurrence.end),
        "eventStatus": SCHEMA + EVENT_STATUS[occurrence.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[event.attendance],
        "location": locations(event),
        "offers": offer(event, site_url, page_url),
    }
    if event.previous_start is not None and occurrence.status is Status.RESCHEDULED:
        data["previousStartDate"] = iso(event.previous_start)
    if event.summary:
        data["description"] = event.summary
    if event.organiser:
        organizer = {"@type": "Organization", "name": event.organiser.name}
        if event.organiser.url:
            organizer["url"] = event.organiser.url
        data["organizer"] = organizer
    if event.image:
        data["image"] = absolute(site_url, event.image)
    if len(data["location"]) == 1:
        data["location"] = data["location"][0]
    return data


def script_text(data: dict) -> str:
    """JSON safe inside <script>: "<" escaped so "</script>" cannot end it."""
    return json.dumps(data, ensure_ascii=False, indent=2).replace("<", "\\u003c")
