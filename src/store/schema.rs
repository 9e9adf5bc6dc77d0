//! The portfolio schema, applied by `user_version` migrations. Each entry moves the
//! database from version `i` to `i + 1` inside one transaction. Never edit a released
//! migration: add one.

pub(super) const MIGRATIONS: &[&str] = &[
    // 1: badges, their images (stored once by hash), related documents, user data, search.
    r"
    CREATE TABLE images (
        hash TEXT PRIMARY KEY,
        media_type TEXT NOT NULL,
        bytes BLOB NOT NULL
    ) STRICT;

    CREATE TABLE badges (
        id INTEGER PRIMARY KEY,
        short_id TEXT NOT NULL UNIQUE,
        dedupe_key TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        file_name TEXT NOT NULL,
        original BLOB NOT NULL,
        original_sha256 TEXT NOT NULL,
        model TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        issuer_name TEXT NOT NULL,
        issuer_id TEXT,
        issued_on TEXT,
        valid_until TEXT,
        image_hash TEXT REFERENCES images(hash),
        visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shareable')),
        note TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX badges_by_date ON badges(issued_on DESC, id DESC);
    CREATE INDEX badges_by_issuer ON badges(issuer_name COLLATE NOCASE);

    CREATE TABLE related_documents (
        badge_id INTEGER NOT NULL REFERENCES badges(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL,
        bytes BLOB NOT NULL,
        PRIMARY KEY (badge_id, doc_id)
    ) STRICT;

    CREATE TABLE tags (
        badge_id INTEGER NOT NULL REFERENCES badges(id) ON DELETE CASCADE,
        tag TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (badge_id, tag)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX tags_by_tag ON tags(tag);

    CREATE TABLE collections (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    ) STRICT;
    CREATE TABLE collection_badges (
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        badge_id INTEGER NOT NULL REFERENCES badges(id) ON DELETE CASCADE,
        PRIMARY KEY (collection_id, badge_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX collection_badges_by_badge ON collection_badges(badge_id);

    -- rowid = badges.id; kept in step by the store in the same transactions.
    CREATE VIRTUAL TABLE badge_search USING fts5(
        name, description, issuer, tags,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    ",
    // 2: what the earner keeps about issuers (their LinkedIn organization id).
    r"
    CREATE TABLE issuer_settings (
        issuer_key TEXT PRIMARY KEY,
        linkedin_organization_id TEXT
    ) STRICT;
    ",
    // 3: documents kept for offline verification (issuer profiles, keys, DID documents,
    //    status lists), by their own id, with how and when they were obtained.
    r"
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        bytes BLOB NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('imported', 'fetched')),
        obtained_at TEXT NOT NULL
    ) STRICT;
    ",
    // 4: the history of verification results per badge, and the earner's own
    //    identifiers (emails, URLs, DIDs) that recipients are checked against.
    r"
    CREATE TABLE verifications (
        id INTEGER PRIMARY KEY,
        badge_id INTEGER NOT NULL REFERENCES badges(id) ON DELETE CASCADE,
        checked_at TEXT NOT NULL,
        verdict TEXT NOT NULL,
        report TEXT NOT NULL
    ) STRICT;
    CREATE INDEX verifications_by_badge ON verifications(badge_id, id);
    CREATE TABLE my_identifiers (
        identifier TEXT PRIMARY KEY COLLATE NOCASE
    ) STRICT;
    ",
    // 5: the user's settings (key, JSON value), and the extra certificate authorities
    //    trusted when going online (DER, by SHA-256 fingerprint).
    r"
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE trusted_certificates (
        fingerprint TEXT PRIMARY KEY,
        der BLOB NOT NULL,
        added_at TEXT NOT NULL
    ) STRICT;
    ",
];
