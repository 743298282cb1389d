"""The state store's tables, and what an older store is brought up to date with."""

import sqlite3

# 2: articles.image_bytes, the weight of a page's images (NULL: not weighed yet).
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    checked_at TEXT,
    ok_at TEXT,
    error TEXT NOT NULL DEFAULT '',
    error_since TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    channel TEXT NOT NULL,
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    published TEXT,
    sort_key TEXT NOT NULL,
    entry_hash TEXT NOT NULL,
    page_hash TEXT NOT NULL,
    page_path TEXT NOT NULL,
    status TEXT NOT NULL,
    retry INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    last_changed TEXT NOT NULL,
    image_bytes INTEGER,
    PRIMARY KEY (channel, article_id)
);
CREATE INDEX IF NOT EXISTS articles_by_url ON articles (channel, url);
CREATE INDEX IF NOT EXISTS articles_newest ON articles (channel, status, sort_key DESC);
CREATE TABLE IF NOT EXISTS bodies (
    channel TEXT NOT NULL,
    article_id TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (channel, article_id)
);
CREATE TABLE IF NOT EXISTS assets (
    url TEXT PRIMARY KEY,
    path TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    checked_at TEXT
);
CREATE TABLE IF NOT EXISTS article_assets (
    channel TEXT NOT NULL,
    article_id TEXT NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (channel, article_id, path)
);
CREATE INDEX IF NOT EXISTS article_assets_by_path ON article_assets (path);
CREATE TABLE IF NOT EXISTS links (
    channel TEXT NOT NULL,
    article_id TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (channel, article_id, target)
);
CREATE INDEX IF NOT EXISTS links_by_target ON links (target);
CREATE INDEX IF NOT EXISTS articles_by_any_url ON articles (url);
CREATE INDEX IF NOT EXISTS articles_by_time ON articles (sort_key, article_id);
CREATE INDEX IF NOT EXISTS articles_to_retry ON articles (channel, article_id) WHERE retry = 1;
CREATE INDEX IF NOT EXISTS assets_by_path ON assets (path);
CREATE TABLE IF NOT EXISTS remotes (
    name TEXT PRIMARY KEY,
    pushed_commit TEXT NOT NULL DEFAULT '',
    pushed_at TEXT,
    error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS bucket_objects (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (bucket, key)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    new INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    commit_id TEXT,
    report TEXT NOT NULL DEFAULT '{}'
);
"""


# Articles published as their feed's summary (entry_hash starts with SUMMARY_MARK):
# written out, not a parameter, so that SQLite uses the partial index below.
SUMMARIES = "status = 'published' AND substr(entry_hash, 1, 8) = 'summary:'"
# Images failing now.
FAILING = "error != ''"
_INDEXES = (
    # Not partial on status: SQLite would then scan it for any query on published
    # articles (to_retry did, over all 100,000 of them, instead of its own index).
    "articles_by_image_bytes ON articles (image_bytes)",
    "articles_by_first_seen ON articles (first_seen, channel)",
    f"articles_as_summary ON articles (channel) WHERE {SUMMARIES}",
    f"assets_failing ON assets (checked_at) WHERE {FAILING}",
    # A channel's index, the home page and the feed list published articles newest
    # first: read from this index alone, in its order (~5x faster on a 1,000-article
    # channel than looking each row up in the table and sorting the ties).
    "articles_listing ON articles (channel, status, sort_key DESC, article_id DESC,"
    " title, url, page_path, published, first_seen)",
)


def migrate(db: sqlite3.Connection) -> None:
    """Bring a store made by an older samizdat up to this schema (what :data:`_SCHEMA`'s
    ``IF NOT EXISTS`` cannot add to an existing table); a no-op on a current one."""
    if not has_weights(db):
        # Pages recorded before weights were stored are weighed from the tree's files
        # until a run stores their weight (see samizdat.status._weight).
        db.execute("ALTER TABLE articles ADD COLUMN image_bytes INTEGER")
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    # What `samizdat status` and the site ask of a large mirror, each answered from an
    # index range rather than a scan of every article: the pages over a budget (and
    # those not weighed yet), the articles first mirrored in the chart's days, those
    # waiting for their page's full text, the images failing now, the newest articles
    # of a channel.
    for index in _INDEXES:
        db.execute(f"CREATE INDEX IF NOT EXISTS {index}")


def has_weights(db: sqlite3.Connection) -> bool:
    """Whether the store keeps each page's image weight (a store older than schema 2
    opened read-only does not)."""
    return any(row[1] == "image_bytes" for row in db.execute("PRAGMA table_info(articles)"))
