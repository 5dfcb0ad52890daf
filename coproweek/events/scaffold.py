"""The starting text for a new event file (`invoke new-event "Title"`): every
field an event can have, so authors fill in rather than remember. Knows
nothing of Pelican. The fields are explained in docs/writing-events.md;
python-markdown's metadata block cannot hold comments, so optional fields are
left empty (an empty field counts as not given). A new event is a draft
until its author changes `status:`; the example words (placeholders.texts)
fail a production build if left in."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from coproweek.placeholders import EVENT


def event_template(title: str, today: date | datetime) -> str:
    day = (today.date() if isinstance(today, datetime) else today) + timedelta(days=28)
    return f"""title: {title}
start: {day:%Y-%m-%d} 10:00
end: {day:%Y-%m-%d} 12:00
timezone: Europe/London
attendance: in person
venue: {EVENT["venue"]}
address: {EVENT["address"]}
postcode:
joining-link:
organiser: Social Care Institute for Excellence (SCIE)
organiser-url: https://www.scie.org.uk/
organiser-email:
partner: no
booking:
cost: free
summary: {EVENT["summary"]}
image:
image-alt:
tags: co-production week
status: draft
status-note:
repeat:
repeat-until:
repeat-count:
except:
cancelled-dates:
moved:
access: step-free, accessible-toilet
access-details: {EVENT["access_details"]}
access-contact: {EVENT["access_contact"]}

{EVENT["body"]} what will happen, who it is for and
what people will get from it. Leave one empty line between paragraphs.

## Use headings like this

Start headings with two hash signs (##).

Before you publish, check every line above: delete the ones you do not need
or leave them empty. docs/writing-events.md explains each field with an
example, including repeating events and access information.

When the event is ready, change the status line above to: status: scheduled
(until then it is a draft: only your own computer shows it).
"""
