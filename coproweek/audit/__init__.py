"""The accessibility audit of built HTML: alt text and colour contrast
(also a command: python -m coproweek.audit --path DIR)."""
