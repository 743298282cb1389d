"""The mirror's health: what `samizdat status` reports, as data and as a page."""
