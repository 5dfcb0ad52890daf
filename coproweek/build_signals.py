"""The project's own build signals, between plugins (which never import one
another): named blinker signals, as Pelican's own are, so a sender and its
receivers share a name rather than a module. Nothing here knows Pelican."""

from blinker import signal

# Sent with the output folder once every page the generators asked for is
# written, before the checks that read them (the parallel writer sends it).
pages_written = signal("coproweek_pages_written")

# Sent with the output folder and `links`, {page: (digest of its bytes, its
# ids and links)}, by the audit for the pages it parsed: the link checks
# take them rather than parsing those pages again.
pages_parsed = signal("coproweek_pages_parsed")
