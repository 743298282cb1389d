"""Preview a mirror on localhost the way GitHub shows it (GFM through cmarkgfm)."""
