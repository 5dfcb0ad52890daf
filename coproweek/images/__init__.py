"""Images: responsive derivatives and their markup, and share cards."""
