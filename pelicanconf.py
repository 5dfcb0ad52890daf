"""Settings for building the site on your own computer (`invoke build`).
publishconf.py starts from these and changes what production needs."""

import os

from coproweek.events.timefmt import long_date

# The plugins are thin Pelican glue over the coproweek library (installed by
# ./scripts/setup); none imports another, so Pelican loads each from here.
PLUGIN_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")

SITENAME = "National Co-production Week"
SITE_TAGLINE = "Celebrating people who use services, carers and professionals working in equal partnership"
SITEURL = ""
CAMPAIGN_HASHTAG = "#coproweek"
DEFAULT_LANG = "en"
SITE_LANG = "en-GB"  # the html lang attribute (Pelican lower-cases DEFAULT_LANG)
TIMEZONE = "Europe/London"
LOCALE = ("C",)

SETTINGS_FILE = "pelicanconf.py"  # named in problem reports about settings
PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
PLUGIN_PATHS = [PLUGIN_FOLDER]
PLUGINS = [
    "build_problems",     # first: collects every problem and fails the build at the end
    "content_cache",      # before atomic_output: keys Pelican's content cache by the settings
    "atomic_output",      # next: everything after it writes into a staging folder
    "parallel_writer",    # pages rendered in worker processes; written before other plugins read them
    "template_cache",     # the theme's templates compiled once and kept in cache/templates
    "address_memo",       # pages' addresses formatted once, not each time a template asks
    "content_boundary",   # before anything is read: no symbolic link out of content/
    "drafts",             # before any plugin lists, draws or writes content (share cards, feeds)
    "placeholders",       # scaffolds' example words left in a published file (production)
    "settings_checks",
    "metadata_checks",
    "parallel_reader",    # after metadata_checks: reads ahead with the readers it chose
    "url_checks",         # before any plugin writes files named after slugs (share cards)
    "author_profiles",
    "content_safety",
    "responsive_images",
    "share_cards",
    "accessibility_audit",  # audits the staging folder at the end; fails production builds
    "events",
    "campaign_weeks",     # after events (lists each week's events)
    "site_forms",         # the event and examples forms; FORMS_SEND_TO below
    "calendar_feeds",     # after events (reads its events), before host_config (types its files)
    "error_pages",        # 404.html, before link_checks and the audit check every page
    "link_checks",
    "site_search",        # indexes the finished pages; before host_config (its policy for /search/)
    "sitemap",            # sitemap.xml (production), robots.txt, canonical links
    "browser_editor",     # after the page checks: /admin/ is the editor's app, not a page of the site
    "host_config",        # last: headers for every file written, /admin/'s own policy
]

ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
ARTICLE_EXCLUDES = ["events"]
AUTHOR_PROFILES_FILE = "authors.toml"

# A post without a date is an error (build_problems reports it), never "today".
DEFAULT_DATE = None
# Pages word dates with the long_date filter (coproweek.events.timefmt: "16 April 2018"),
# the same words on every machine; the theme never calls strftime.
JINJA_FILTERS = {"long_date": long_date}
DEFAULT_PAGINATION = 5
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 40

# Clean URLs: /blog/2018/04/slug/ rather than slug.html.
ARTICLE_URL = "blog/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
CATEGORY_SAVE_AS = ""
# No category pages, but Pelican 4.12 still reads a draft's category when
# writing it (generate_drafts): give every post the same one.
DEFAULT_METADATA = {"category": "Blog"}
CATEGORIES_SAVE_AS = ""
ARCHIVES_URL = "blog/archive/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "blog/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
INDEX_SAVE_AS = "blog/index.html"
INDEX_URL = "blog/"
DIRECT_TEMPLATES = ["index", "tags", "authors", "archives"]
TEMPLATE_PAGES = {"home.html": "index.html"}
# Drafts (Status: draft) are shown on your own computer, marked "Draft" and
# noindex, at their own address; publishconf.py withholds them (plugins/drafts).
SHOW_DRAFTS = True
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"

# Feeds need absolute links; locally they point at `invoke serve`'s address.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
AUTHOR_FEED_ATOM = "feeds/authors/{slug}.atom.xml"
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = "feeds/tags/{slug}.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
RSS_FEED_SUMMARY_ONLY = True

# Escape everything templates print unless marked safe: titles, names and tags
# come from authors and may contain <, & or quotes (or pasted markup). The
# rendered Markdown (content, summary) is marked `| safe` where it is printed.
# auto_reload off: each build makes a new environment anyway, and checking
# every template file's time at each {% include %} was 8% of a warm build.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "extensions": [],
                     "auto_reload": False}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Where the "Tell us about your event" and "Send us your examples" forms send
# what people type: "netlify" (Netlify Forms, on the site itself), the web
# address of another form service, or None (the pages give FORMS_EMAIL
# instead). The Content-Security-Policy allows exactly this destination.
FORMS_SEND_TO = "netlify"
FORMS_EMAIL = "coproductionweek@scie.org.uk"

# Pages that search engines need not list (the sitemap leaves them out).
SITEMAP_EXCLUDE = ["search/", "thank-you/"]

MAIN_MENU = [
    ("Home", "/"),
    ("About", "/about/"),
    ("Blog", "/blog/"),
    ("Events", "/events/"),
    ("Get involved", "/get-involved/"),
    ("Search", "/search/"),
]

RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = False
# Pelican's content cache: a source file whose bytes did not change is not
# converted again (plugins/content_cache keeps it in cache/pelican/, a folder
# per combination of settings). Every check after reading still runs.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"  # content_object_init still fires for cached files
CHECK_MODIFIED_METHOD = "sha256"  # by its bytes: a file copied with an old time still counts as changed
GZIP_CACHE = False  # gzip at level 9 cost more than the disk it saved

# The browser editor at /admin/ (docs/editing-in-the-browser.md). False leaves
# it out of the build.
BROWSER_EDITOR = True
BROWSER_EDITOR_REPO = os.environ.get("GITHUB_REPOSITORY", "")
BROWSER_EDITOR_BRANCH = "main"
BROWSER_EDITOR_AUTH_URL = os.environ.get("BROWSER_EDITOR_AUTH_URL", "")
# `invoke edit`'s local backend (decap-server), used when the editor is opened
# on 127.0.0.1 or localhost.
BROWSER_EDITOR_BACKEND_PORT = int(os.environ.get("EDITOR_BACKEND_PORT", "8081"))

# "Now", for what counts as upcoming or past: fixed here or by SITE_NOW in the
# environment so that builds and tests are reproducible; None means today.
SITE_NOW = os.environ.get("SITE_NOW") or None
