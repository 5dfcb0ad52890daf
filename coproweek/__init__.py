"""The campaign's domain logic as plain Python: events (model, parsing,
recurrence, listing, time formatting, JSON-LD), calendar feeds, the
accessibility audit, image derivatives and share cards, content checks, and the
build's problem reporter. Nothing here imports Pelican; the plugins in
plugins/ are the thin Pelican glue on top."""
