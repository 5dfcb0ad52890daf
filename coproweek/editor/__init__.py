"""The browser editor at /admin/ (Decap CMS): its configuration, built from
the site's own rules (config.py), the files that make it up (files.py), and
its JavaScript (admin/: the site's `Key: value` format, checks, previews),
tested under Node (admin/tests/). Knows nothing of Pelican."""

EDITOR_FOLDER = "admin"  # where the editor lives in the built site: /admin/
