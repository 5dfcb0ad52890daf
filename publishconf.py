"""Production settings: `pelican content -s publishconf.py` or `invoke publish`.
Everything in pelicanconf.py applies, with these changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SETTINGS_FILE = "publishconf.py"
SITEURL = os.environ.get("SITEURL", "https://www.coproductionweek.org.uk")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# No draft in any form: page, share card, feed, list, calendar (plugins/drafts).
SHOW_DRAFTS = False
# Example words from `invoke new-post`/`new-event` left in a published file
# ("Name of the venue") fail the build, naming the line (plugins/placeholders).
CHECK_PLACEHOLDERS = True

# Any accessibility audit error stops a production build (and so publishing).
AUDIT_FAIL_ON_ERRORS = True

# Never publish a site whose editor is missing (its files come from npm ci).
# To publish without the editor, set BROWSER_EDITOR = False instead.
BROWSER_EDITOR_REQUIRED = True
