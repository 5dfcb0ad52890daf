"""Calendar feeds: iCalendar serialisation, VTIMEZONE, line folding, plain
text and add-to-calendar links."""
