"""The editor's configuration (Decap CMS's config.yml), built from the site's
own rules so that the pick-lists can never disagree with what the build
accepts: access features, statuses and attendance come from the event model,
time zones from the zone database the event reader checks against. Labels and
hints are the plain English of docs/writing-posts.md and docs/writing-events.md.
Knows nothing of Pelican. Written as JSON, which every YAML reader reads.

Each collection is one entry of COLLECTIONS; a new kind of content (campaign
weeks, forms) is one more function that returns its collection."""

from __future__ import annotations

import json
from zoneinfo import available_timezones

from coproweek.events.model import ACCESS_LABELS, AttendanceMode, Status
from coproweek.events.parse import DEFAULT_TIMEZONE, DRAFT_WORD

DATE_TIME_FORMAT = "YYYY-MM-DD HH:mm"  # dayjs; the site also reads other forms
DATE_FORMAT = "YYYY-MM-DD"
SLUG_PATTERN = ["^[a-z0-9]+(-[a-z0-9]+)*$", "Use lower-case letters, numbers and hyphens only, for example festival-2018."]
URL_PATTERN = ["^https?://\\S+$", "Write the whole web address, starting with https://"]
EMAIL_PATTERN = ["^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "Write an email address, for example events@example.org"]
WHOLE_NUMBER = ["^[0-9]+$", "Write a whole number, for example 6."]
DATES_PATTERN = ["^\\d{4}-\\d{2}-\\d{2}$", "Write each date as year-month-day, for example 2018-07-03."]
ORDINALS = ("first", "second", "third", "fourth", "last")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def field(name: str, label: str, widget: str = "string", hint: str = "", required: bool = False, **options) -> dict:
    entry = {"name": name, "label": label, "widget": widget, "required": required}
    if hint:
        entry["hint"] = hint
    return entry | options


def option(value: str, label: str | None = None) -> dict:
    return {"value": value, "label": label or value}


def repeat_options() -> list[dict]:
    """The repeats an author most often needs; the file may hold any phrase
    docs/writing-events.md lists (the editor keeps one it has no option for)."""
    simple = ["daily", "weekly", "fortnightly", "monthly", "yearly", "every 2 weeks", "every 3 weeks"]
    by_weekday = [f"monthly on the {ordinal} {day}" for ordinal in ORDINALS for day in WEEKDAYS]
    return [option(value) for value in simple + by_weekday]


def post_fields(body_hint: str) -> list[dict]:
    return [
        field("title", "Title", required=True, hint="The post's heading and its name in lists."),
        field("date", "Date", "datetime", required=True, format=DATE_TIME_FORMAT, default="{{now}}",
              hint="When the post was written: year-month-day and a time."),
        field("author", "Author", "relation", required=True, collection="authors", file="authors",
              search_fields=["authors.*.name"], value_field="authors.*.name", display_fields=["authors.*.name"],
              hint="Choose from the guest authors. To add someone, add them under Guest authors first."),
        field("tags", "Topics (tags)", "list", hint="Topics, separated by commas; each gets its own page.",
              default=["co-production"]),
        field("summary", "Summary", "text",
              hint="One or two sentences, shown in lists of posts and when the post is shared."),
        field("status", "Status", "select", default="draft",
              options=[option("draft", "Draft: not on the site"), option("published", "Published: on the site")],
              hint="Draft keeps it off the site; choose Published when it is ready."),
        field("modified", "Updated", "datetime", format=DATE_TIME_FORMAT,
              hint="Only if you changed the post after publishing it: the post then shows “Updated” with this date."),
        field("slug", "Web address", pattern=SLUG_PATTERN,
              hint="The last part of the web address. Leave empty to make it from the title."),
        field("body", "Text", "markdown-alt", required=True, hint=body_hint),
    ]


BODY_HINT = ("Start headings at level 2 (“Heading 2”); the title is the only top-level heading. "
             "Every image needs its alt text: what the image shows, for people who cannot see it.")


def blog_collection() -> dict:
    return {
        "name": "blog", "label": "Blog posts", "label_singular": "blog post",
        "description": "News and stories. Every post needs a title, a date, an author and its text.",
        "folder": "content/blog", "create": True, "extension": "md", "format": "pelican-post",
        "slug": "{{slug}}", "summary": "{{title}} ({{date}})", "preview_path": "blog/{{year}}/{{month}}/{{slug}}/",
        "sortable_fields": ["date", "title"],
        "fields": post_fields(BODY_HINT),
    }


def pages_collection() -> dict:
    return {
        "name": "pages", "label": "Pages", "label_singular": "page",
        "description": "Standing pages such as About and Get involved.",
        "folder": "content/pages", "create": True, "extension": "md", "format": "pelican-post",
        "slug": "{{slug}}",
        "fields": [
            field("title", "Title", required=True, hint="The page's heading."),
            field("slug", "Web address", pattern=SLUG_PATTERN,
                  hint="The page's address: about makes /about/. Keep it once the page is public."),
            field("summary", "Summary", "text", hint="One sentence, shown when the page is shared."),
            field("status", "Status", "select", options=[option("published", "Published: on the site"),
                                                         option("draft", "Draft: not on the site")],
                  hint="Leave empty for a published page."),
            field("body", "Text", "markdown-alt", required=True, hint=BODY_HINT),
        ],
    }


def event_fields() -> list[dict]:
    """In the order of `invoke new-event`'s scaffold (plugins/events/scaffold.py),
    with the fields it leaves out placed where docs/writing-events.md lists them."""
    when = "Choose the date and time it starts. Tick “All day” for an event with no times."
    return [
        field("title", "Title", required=True, hint="The event's name."),
        field("start", "Starts", "event-time", required=True, format=DATE_TIME_FORMAT, hint=when),
        field("end", "Ends", "event-time", format=DATE_TIME_FORMAT, after="start",
              hint="When it finishes (after it starts). For an all-day event of several days, the last day."),
        field("duration", "Or: how long", hint="Instead of an end: 2 hours 30 minutes, 90 minutes, or 3 days."),
        field("timezone", "Time zone", "select", default=DEFAULT_TIMEZONE,
              options=sorted(available_timezones()),
              hint="The zone the times are in. Leave Europe/London for UK time."),
        field("attendance", "How people attend", "select", default=AttendanceMode.IN_PERSON.value,
              options=[option(mode.value, mode.value.capitalize()) for mode in AttendanceMode],
              hint="In person (the default), online or hybrid (both)."),
        field("venue", "Venue", hint="The building's name; needed for in person and hybrid events."),
        field("address", "Address", hint="Street and town."),
        field("postcode", "Postcode", hint="For example NW1 2BJ."),
        field("joining-link", "Joining link", pattern=URL_PATTERN,
              hint="Where people join online; online and hybrid events need this or a booking link."),
        field("organiser", "Organiser", hint="Who runs it; SCIE if left empty."),
        field("organiser-url", "Organiser's website", pattern=URL_PATTERN, hint="Their web address, starting with https://"),
        field("organiser-email", "Organiser's email", pattern=EMAIL_PATTERN, hint="Shown on the page for questions."),
        field("partner", "Run by a partner organisation?", "select",
              options=[option("no", "No"), option("yes", "Yes (then fill in Organiser)")],
              hint="Yes for an event run by a partner organisation; No is the default."),
        field("booking", "Booking link", pattern=URL_PATTERN, hint="Shows a “Book a place” button."),
        field("cost", "Cost", hint="free, or the price as you want it shown."),
        field("summary", "Summary", "text",
              hint="One or two sentences, shown at the top of the page and when it is shared."),
        field("image", "Image", "image", hint="A picture for the event page."),
        field("image-alt", "Image alt text", "alt-text", image="image",
              hint="What the picture shows, for people who cannot see it. Needed when there is an image."),
        field("tags", "Topics (tags)", "list", hint="Topics, separated by commas; each gets a page."),
        field("status", "Status", "select", default=DRAFT_WORD,
              options=[option(DRAFT_WORD, "Draft: not on the site")]
              + [option(status.value, status.value.capitalize()) for status in Status],
              hint="Draft keeps it off the site; choose Scheduled when it is ready. Cancelled, postponed or "
                   "rescheduled events keep their page, with a banner."),
        field("status-note", "Why it changed", "text",
              hint="Needed when the status is not Scheduled: shown in the banner at the top of the page."),
        field("previous-start", "Date before it moved", "event-time", format=DATE_TIME_FORMAT,
              hint="For a rescheduled event: the date it was on before."),
        field("repeat", "Repeats", "select", options=repeat_options(),
              hint="Leave empty for a one-off event. A repeating event needs Repeat until or Number of times."),
        field("repeat-until", "Repeat until", "datetime", format=DATE_FORMAT, date_format=DATE_FORMAT,
              time_format=False, hint="The last possible date."),
        field("repeat-count", "Number of times", pattern=WHOLE_NUMBER, hint="How many times in all."),
        field("rrule", "Repeat rule (for experts)",
              hint="An iCalendar repeat rule instead of Repeats, for example FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6."),
        field("except", "Dates it never happens", "list", pattern=DATES_PATTERN,
              hint="Dates, separated by commas, that were never going to happen; each must be one of its dates."),
        field("cancelled-dates", "Dates called off", "list", pattern=DATES_PATTERN,
              hint="Dates called off after people may have planned for them: they stay on the calendar as cancelled."),
        field("moved", "Dates moved",
              hint="One date moved to another: 2018-07-24 to 2018-07-25 12:30. Separate several with ;"),
        field("access", "Access features", "select", multiple=True,
              options=[option(feature.value, label) for feature, label in ACCESS_LABELS.items()],
              hint="Choose every feature the event has. Anything else goes in Other access information."),
        field("access-details", "Other access information", "text",
              hint="Anything else about access, in plain words: lifts, quiet room, breaks."),
        field("access-contact", "Who to ask about access", hint="An email address or phone number."),
        field("slug", "Web address (for experts)", pattern=SLUG_PATTERN,
              hint="Instead of the file name. Leave empty."),
        field("uid", "Calendar ID (for experts)", hint="Never change it once the event is published."),
        field("sequence", "Changes count (for experts)", pattern=WHOLE_NUMBER,
              hint="Add 1 each time the date, time or place changes, for calendar apps."),
        field("modified", "Details last changed (for experts)", "datetime", format=DATE_TIME_FORMAT,
              hint="When the details last changed, for calendar apps."),
        field("body", "Description", "markdown-alt", required=True,
              hint="What will happen, who it is for. " + BODY_HINT),
    ]


def events_collection() -> dict:
    return {
        "name": "events", "label": "Events", "label_singular": "event",
        "description": "Events get their own page, and appear in the lists, the calendars and the feeds.",
        "folder": "content/events", "create": True, "extension": "md", "format": "pelican-event",
        "slug": "{{slug}}", "summary": "{{title}} ({{start}})", "preview_path": "events/{{slug}}/",
        "sortable_fields": ["start", "title"],
        "fields": event_fields(),
    }


def authors_collection() -> dict:
    return {
        # The format is the collection's: Decap reads a file collection's
        # files with it (a file's own "format" is not used when reading).
        "name": "authors", "label": "Guest authors", "editor": {"preview": False}, "format": "authors-toml",
        "files": [{
            "name": "authors", "label": "Guest authors", "file": "content/authors.toml",
            "fields": [field("authors", "Authors", "list", required=True, summary="{{fields.name}}",
                             label_singular="author", hint="Everyone who writes posts: a post's author is chosen from this list.",
                             fields=[
                field("name", "Name", required=True, hint="As posts will write it after Author:"),
                field("role", "Role", required=True, hint="Their job or role, for example Head of Co-production."),
                field("organisation", "Organisation", required=True, hint="Where they work or volunteer."),
                field("bio", "About them", "text", hint="One or two sentences."),
            ])],
        }],
    }


COLLECTIONS = (blog_collection, events_collection, pages_collection, authors_collection)


def editor_config(*, repo: str = "", branch: str = "main", site_url: str = "", auth_url: str = "",
                  backend_port: int = 8081) -> dict:
    """The whole configuration. The GitHub backend is for real use (`repo` is
    owner/name; `auth_url` the OAuth helper, see docs/editing-in-the-browser.md);
    on 127.0.0.1 the editor finds `invoke edit`'s local backend instead."""
    backend = {"name": "github", "repo": repo or "OWNER/REPOSITORY", "branch": branch,
               "commit_messages": {"create": "Add {{collection}} “{{slug}}” (in the browser editor)",
                                   "update": "Update {{collection}} “{{slug}}” (in the browser editor)",
                                   "delete": "Delete {{collection}} “{{slug}}” (in the browser editor)",
                                   "uploadMedia": "Add image {{path}}", "deleteMedia": "Delete image {{path}}"}}
    if auth_url:
        backend["base_url"] = auth_url
    config = {
        "backend": backend,
        # Only where the editor is opened on this computer (127.0.0.1, localhost).
        "local_backend": {"url": f"http://localhost:{backend_port}/api/v1"},
        "publish_mode": "simple",
        "media_folder": "content/images",
        "public_folder": "/images",
        "locale": "en",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [make() for make in COLLECTIONS],
    }
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    return config


def config_text(**options) -> str:
    return json.dumps(editor_config(**options), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # for the JavaScript tests: python -m coproweek.editor.config
    print(config_text(), end="")
