"""Campaign weeks: one file a year (model.py parses it and picks the home
page's week; scaffold.py starts a new one)."""
