"""An article's images: mirrored into the tree and made safe.

``mirror`` fetches each image once per run, names it by its content
(``assets/ab/<sha256>.<ext>``), records the outcome and removes images no page uses;
``process`` cleans the bytes (real type from the content, metadata stripped, resized,
re-encoded). Imported by module: ``process`` needs Pillow, loaded only for a new image.
"""
