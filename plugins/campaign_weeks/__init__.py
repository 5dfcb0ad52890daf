"""Pelican plugin: campaign weeks as content, one file a year in
content/weeks/<year>.md, written as /weeks/ (every year and its theme) and
/weeks/<year>/ (theme, highlights, the events in the week, its posts).

Thin glue: coproweek.weeks parses and chooses; this reads the files, reports
problems through build_problems and writes the pages. The home page gets
`home_week` (coproweek.weeks.model.HomeWeek: the week running now, the next, or the latest)
and every template gets `weeks`, newest first.

Settings (optional): WEEKS_PATHS, WEEK_URL, WEEK_SAVE_AS, WEEKS_INDEX_URL.
"Now" is the events plugin's (SITE_NOW)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator

from coproweek.config import plugin_settings
from coproweek.events.listing import resolve_now
from coproweek.markdown_files import markdown_converter, read_markdown
from coproweek.problems import metadata_line, report_problem
from coproweek.weeks.model import Week, WeekInvalid, duplicate_years, parse_week, week_for_home

@dataclass(frozen=True)
class UrlSettings:
    """Where week pages go; Pelican's content objects read these from its
    settings, so `start` copies them there."""

    week_url: str = "weeks/{slug}/"
    week_save_as: str = "weeks/{slug}/index.html"
    week_lang_url: str = "weeks/{slug}-{lang}/"
    week_lang_save_as: str = "weeks/{slug}-{lang}/index.html"
    weeks_index_url: str = "weeks/"


@dataclass(frozen=True)
class Settings(UrlSettings):
    relative_urls: bool = False                 # Pelican's
    timezone: str = "Europe/London"             # Pelican's: whose "today" decides the home page's week
    markdown: dict = field(default_factory=dict)  # Pelican's MARKDOWN: weeks read like posts
    site_now: object = None                     # "now", as for events (SITE_NOW)
    weeks_paths: tuple = ("weeks",)             # folders in content/ that hold weeks


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)
    if _build is not None:
        url_settings = {name: getattr(_build, name) for name in asdict(UrlSettings())}
        pelican.settings.update({name.upper(): value for name, value in url_settings.items()})


class WeekPage(Content):
    """The content object behind /weeks/<year>/: gives the body {filename}
    links and the content-safety checks every body gets."""

    mandatory_properties = ("title",)
    default_template = "weeks/week"

    def _expand_settings(self, key: str, klass: str | None = None) -> str:
        return super()._expand_settings(key, "week")


class WeeksGenerator(Generator):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = _build
        self.weeks: list[Week] = []
        self.pages: dict[int, WeekPage] = {}
        self.converter = markdown_converter(self.options.markdown)

    def generate_context(self) -> None:
        for relative_path in sorted(self.get_files(list(self.options.weeks_paths), extensions=("md", "markdown"))):
            week = self._read_week(relative_path)
            if week is None:
                self._add_failed_source_path(relative_path)
        for first, later in duplicate_years(self.weeks):
            report_problem(later.source_path, f"Another file, {os.path.basename(first.source_path)}, is also for {later.year}.",
                           "Keep one file a year: merge the two, or correct the year.",
                           line=metadata_line(later.source_path, "year") or 1)
        self.weeks.sort(key=lambda week: week.start, reverse=True)
        zone = ZoneInfo(self.options.timezone)
        try:
            today = resolve_now(self.options.site_now, zone).date()
        except ValueError:
            today = resolve_now(None, zone, environ={}).date()  # the events plugin reports a bad SITE_NOW
        self.context["weeks"] = self.weeks
        self.context["home_week"] = week_for_home(self.weeks, today)
        self.context["WEEKS_INDEX_URL"] = self.options.weeks_index_url

    def _read_week(self, relative_path: str) -> Week | None:
        full_path = os.path.join(self.path, relative_path)
        read = read_markdown(self.converter, full_path)
        if read is None:
            return None
        body, metadata = read
        file_year = os.path.splitext(os.path.basename(relative_path))[0]
        try:
            week = parse_week(metadata, file_year=file_year, body_html=body, source_path=full_path)
        except WeekInvalid as invalid:
            for problem in invalid.problems:
                # A missing field has no line of its own: point at the top, where it belongs.
                line = metadata_line(full_path, problem.key) or 1
                report_problem(full_path, problem.what, problem.fix, line=line)
            return None
        # The summary goes through content_safety's checks on metadata like every
        # summary (the template prints it as text, escaped, in any case).
        page = WeekPage(body, metadata={"title": f"Co-production Week {week.year}", "slug": str(week.year),
                                        "summary": week.summary,
                                        "date": datetime.combine(week.start, datetime.min.time())},
                        settings=self.settings, source_path=full_path, context=self.context)
        week.url = page.url
        self.pages[week.year] = page
        self.weeks.append(week)
        self.add_source_path(page)
        self.add_static_links(page)
        return week

    def generate_output(self, writer) -> None:
        relative = self.options.relative_urls
        schedule = self.context.get("events_schedule")
        articles = self.context.get("articles", [])

        def write(url: str, template: str, **values) -> None:
            writer.write_file(url + "index.html", self.get_template(template), self.context,
                              relative_urls=relative, url=url, page_url=url, **values)

        write(self.options.weeks_index_url, "weeks/index")
        for week in self.weeks:
            occurrences = [occ for occ in (schedule.all if schedule else [])
                           if week.covers(occ.days[0], occ.days[-1])]
            posts = [article for article in articles
                     if week.has_post([tag.name for tag in getattr(article, "tags", [])], article.date.date())]
            write(week.url, "weeks/week", week=week, page=self.pages[week.year],
                  week_occurrences=occurrences, week_posts=posts)


def get_generators(pelican):
    return WeeksGenerator if _build is not None else None


def register() -> None:
    signals.initialized.connect(start)
    signals.get_generators.connect(get_generators)
