"""What the build writes: atomic staging of output/ and host configuration
(security headers, content types)."""
