"""Checks on content and settings: links, addresses, metadata, settings and
unsafe markup."""
