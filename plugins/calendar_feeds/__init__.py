"""Pelican plugin: iCalendar feeds of events (glue only; see serialise.py)."""
