"""Project helpers that are not Pelican plugins: used by tasks.py and the tests."""
