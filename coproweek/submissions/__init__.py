"""From a submitted "Tell us about your event" form to a draft event file
(`invoke import-event FILE`): plain functions used by tasks.py. exports.py reads what Netlify and Formspree export (JSON or CSV);
draft.py writes an event file in the site's own format, checked by the
events parser."""
