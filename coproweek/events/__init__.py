"""Events: the model, parsing event files, recurrence, listings, wording of
dates and times, and schema.org JSON-LD."""
