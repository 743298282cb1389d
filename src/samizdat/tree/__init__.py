"""The mirror's tree as files read back: what each page says about itself
(``pagemeta``) and reading a file without ever following a link (``safe_read``).

Below the stages that read the tree (store, publish, site, bundle, preview, verify):
it imports nothing of theirs, so they all read through it and imports point down.
"""
