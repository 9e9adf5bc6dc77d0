//! The portfolio database: one SQLite file (bundled SQLite through rusqlite).
//!
//! WAL journal, `synchronous=FULL`, foreign keys on, migrations by `user_version`.
//! Every write is one `BEGIN IMMEDIATE` transaction, so a badge is fully stored or not
//! at all even if the process is killed, and a second writer waits instead of failing.
//! An import writes its badges in batches ([`Batch`]): one transaction for up to a
//! hundred badges, each in its own savepoint, so each is still stored whole or not at all.
//! Original credential bytes are stored as received and returned unchanged.

mod documents;
mod issuers;
mod schema;
mod settings;
mod verifications;

pub(crate) use documents::KeptDocument;
pub(crate) use issuers::issuer_key;
pub(crate) use settings::KeptCertificate;

use crate::model::Credential;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;

/// Failures of the portfolio database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("portfolio database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the portfolio was written by a newer Rosette (schema {found}, this one knows {known})")]
    TooNew { found: i64, known: i64 },
    #[error("stored badge data is damaged: {0}")]
    Corrupt(String),
}

/// Whether a badge may be shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Visibility {
    Private,
    Shareable,
}

impl Visibility {
    fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Shareable => "shareable",
        }
    }
    fn from_db(s: &str) -> Self {
        if s == "shareable" {
            Self::Shareable
        } else {
            Self::Private
        }
    }
}

/// A badge ready to be stored.
pub(crate) struct NewBadge<'a> {
    pub(crate) dedupe_key: &'a str,
    pub(crate) file_name: &'a str,
    pub(crate) original: &'a [u8],
    pub(crate) credential: &'a Credential,
    pub(crate) image: Option<(&'a str, &'a [u8])>,
    pub(crate) related: Vec<(&'a str, &'a [u8])>,
    pub(crate) imported_at: &'a str,
    pub(crate) user: UserData,
}

/// What the earner added to a badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UserData {
    pub tags: Vec<String>,
    pub collections: Vec<String>,
    pub visibility: Visibility,
    pub note: String,
}

impl Default for UserData {
    fn default() -> Self {
        Self { tags: Vec::new(), collections: Vec::new(), visibility: Visibility::Private, note: String::new() }
    }
}

/// Result of storing a badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inserted {
    New(String),
    Duplicate(String),
}

/// A badge as stored: columns for lists plus the parsed model and original bytes.
#[derive(Debug, Clone)]
pub(crate) struct StoredBadge {
    pub(crate) short_id: String,
    pub(crate) file_name: String,
    pub(crate) original: Vec<u8>,
    pub(crate) original_sha256: String,
    pub(crate) credential: Credential,
    pub(crate) image_hash: Option<String>,
    pub(crate) imported_at: String,
    pub(crate) user: UserData,
    pub(crate) related: Vec<(String, Vec<u8>)>,
}

/// One row of a badge list.
#[derive(Debug, Clone)]
pub(crate) struct ListedBadge {
    pub(crate) short_id: String,
    pub(crate) format: String,
    pub(crate) name: String,
    pub(crate) issuer_name: String,
    pub(crate) issuer_id: Option<String>,
    pub(crate) issued_on: Option<String>,
    pub(crate) valid_until: Option<String>,
    pub(crate) image_hash: Option<String>,
    pub(crate) visibility: Visibility,
    pub(crate) tags: Vec<String>,
    /// The newest verification: (verdict, checked at).
    pub(crate) last_check: Option<(String, String)>,
}

/// Filters of a badge list; all optional and combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct ListQuery {
    /// Full-text search over name, description, issuer and tags (prefix match per word).
    pub search: Option<String>,
    pub tag: Option<String>,
    /// Issuer name (case-insensitive) or issuer id.
    pub issuer: Option<String>,
    pub collection: Option<String>,
    /// Page size; 0 means no limit.
    pub limit: u32,
    pub offset: u32,
}

/// A name with how many badges carry it (issuers, tags, collections).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Facet {
    pub name: String,
    pub count: u32,
}

/// The portfolio database.
pub(crate) struct Store {
    conn: Connection,
}

const SHORT_ID_LENGTHS: [usize; 4] = [8, 12, 16, 64];

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub(crate) fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mut store = Self { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = schema::MIGRATIONS.len() as i64;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        for (version, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version as i64 + 1)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Stores a badge unless one with the same dedupe key exists.
    pub(crate) fn insert(&mut self, badge: &NewBadge<'_>) -> Result<Inserted, StoreError> {
        let tx = self.write()?;
        let inserted = Self::insert_badge(&tx, badge)?;
        tx.commit()?;
        Ok(inserted)
    }

    /// Starts a batch: one write transaction for several badges (see [`Batch`]).
    pub(crate) fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        Ok(Batch { tx: self.write()? })
    }

    /// Stores a badge in the open transaction `tx` unless one with the same dedupe key exists.
    fn insert_badge(tx: &Connection, badge: &NewBadge<'_>) -> Result<Inserted, StoreError> {
        if let Some(existing) = tx
            .query_row("SELECT short_id FROM badges WHERE dedupe_key = ?1", [badge.dedupe_key], |r| r.get(0))
            .optional()?
        {
            return Ok(Inserted::Duplicate(existing));
        }
        let image_hash = match badge.image {
            Some((media_type, bytes)) => {
                let hash = hex::encode(Sha256::digest(bytes));
                tx.execute(
                    "INSERT OR IGNORE INTO images (hash, media_type, bytes) VALUES (?1, ?2, ?3)",
                    params![hash, media_type, bytes],
                )?;
                Some(hash)
            }
            None => None,
        };
        let key_hash = hex::encode(Sha256::digest(badge.dedupe_key.as_bytes()));
        let mut short_id = String::new();
        for len in SHORT_ID_LENGTHS {
            let candidate = &key_hash[..len];
            let taken: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM badges WHERE short_id = ?1)", [candidate], |r| r.get(0))?;
            if !taken {
                candidate.clone_into(&mut short_id);
                break;
            }
        }
        let c = badge.credential;
        let model = serde_json::to_string(c).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tx.execute(
            "INSERT INTO badges (short_id, dedupe_key, format, file_name, original, original_sha256, model,
                name, description, issuer_name, issuer_id, issued_on, valid_until, image_hash,
                visibility, note, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                short_id,
                badge.dedupe_key,
                c.format.as_str(),
                badge.file_name,
                badge.original,
                hex::encode(Sha256::digest(badge.original)),
                model,
                c.achievement.name,
                c.achievement.description,
                c.issuer.name,
                c.issuer.id,
                c.issued_on,
                c.valid_until,
                image_hash,
                badge.user.visibility.as_str(),
                badge.user.note,
                badge.imported_at,
            ],
        )?;
        let row = tx.last_insert_rowid();
        for (doc_id, bytes) in &badge.related {
            tx.execute(
                "INSERT OR IGNORE INTO related_documents (badge_id, doc_id, bytes) VALUES (?1, ?2, ?3)",
                params![row, doc_id, bytes],
            )?;
        }
        for tag in &badge.user.tags {
            tx.execute("INSERT OR IGNORE INTO tags (badge_id, tag) VALUES (?1, ?2)", params![row, tag])?;
        }
        for name in &badge.user.collections {
            add_to_collection(tx, name, row)?;
        }
        refresh_search_row(tx, row)?;
        Ok(Inserted::New(short_id))
    }

    /// Finds a badge by its short id or an unambiguous prefix of it (4+ characters).
    pub(crate) fn resolve(&self, id: &str) -> Result<Resolved, StoreError> {
        let id = id.trim().to_ascii_lowercase();
        if id.len() < 4 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Resolved::NotFound);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, short_id FROM badges WHERE short_id >= ?1 AND short_id < ?2 LIMIT 2")?;
        let upper = format!("{id}\u{7f}");
        let rows: Vec<(i64, String)> =
            stmt.query_map(params![id, upper], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        Ok(match rows.as_slice() {
            [] => Resolved::NotFound,
            [(row, _)] => Resolved::Row(*row),
            [(row, short), ..] if *short == id => Resolved::Row(*row),
            _ => Resolved::Ambiguous,
        })
    }

    pub(crate) fn get(&self, row: i64) -> Result<StoredBadge, StoreError> {
        let (short_id, file_name, original, original_sha256, model, image_hash, imported_at, visibility, note): (
            String,
            String,
            Vec<u8>,
            String,
            String,
            Option<String>,
            String,
            String,
            String,
        ) = self.conn.query_row(
            "SELECT short_id, file_name, original, original_sha256, model, image_hash, imported_at,
                    visibility, note FROM badges WHERE id = ?1",
            [row],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)),
        )?;
        let credential: Credential =
            serde_json::from_str(&model).map_err(|e| StoreError::Corrupt(format!("badge {short_id}: {e}")))?;
        let mut related_stmt = self
            .conn
            .prepare_cached("SELECT doc_id, bytes FROM related_documents WHERE badge_id = ?1 ORDER BY doc_id")?;
        let related = related_stmt.query_map([row], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        Ok(StoredBadge {
            short_id,

            file_name,
            original,
            original_sha256,
            credential,
            image_hash,
            imported_at,
            user: UserData {
                tags: self.tags_of(row)?,
                collections: self.collections_of(row)?,
                visibility: Visibility::from_db(&visibility),
                note,
            },
            related,
        })
    }

    fn tags_of(&self, row: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT tag FROM tags WHERE badge_id = ?1 ORDER BY tag")?;
        let tags = stmt.query_map([row], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(tags)
    }

    fn collections_of(&self, row: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.name FROM collections c JOIN collection_badges cb ON cb.collection_id = c.id
             WHERE cb.badge_id = ?1 ORDER BY c.name",
        )?;
        let names = stmt.query_map([row], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(names)
    }

    /// Lists badges, newest first, with the total that matched.
    pub(crate) fn list(&self, query: &ListQuery) -> Result<(Vec<ListedBadge>, u32), StoreError> {
        // Text with nothing searchable in it (only punctuation) filters nothing.
        let search = query.search.as_deref().and_then(fts_query);
        let filter = "FROM badges b
             WHERE (?1 IS NULL OR b.id IN (SELECT rowid FROM badge_search WHERE badge_search MATCH ?1))
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM tags t WHERE t.badge_id = b.id AND t.tag = ?2))
               AND (?3 IS NULL OR b.issuer_name = ?3 COLLATE NOCASE OR b.issuer_id = ?3)
               AND (?4 IS NULL OR EXISTS (SELECT 1 FROM collection_badges cb JOIN collections c
                        ON c.id = cb.collection_id WHERE cb.badge_id = b.id AND c.name = ?4))";
        let args = params![search, query.tag, query.issuer, query.collection];
        let total: u32 =
            self.conn.prepare_cached(&format!("SELECT count(*) {filter}"))?.query_row(args, |r| r.get(0))?;
        let limit = if query.limit == 0 { -1 } else { i64::from(query.limit) };
        let sql = format!(
            "SELECT b.short_id, b.format, b.name, b.issuer_name, b.issuer_id, b.issued_on, b.valid_until,
                    b.image_hash, b.visibility,
                    (SELECT json_group_array(tag) FROM (SELECT tag FROM tags WHERE badge_id = b.id ORDER BY tag)),
                    (SELECT verdict FROM verifications WHERE badge_id = b.id ORDER BY id DESC LIMIT 1),
                    (SELECT checked_at FROM verifications WHERE badge_id = b.id ORDER BY id DESC LIMIT 1)
             {filter} ORDER BY b.issued_on DESC, b.id DESC LIMIT ?5 OFFSET ?6"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params![search, query.tag, query.issuer, query.collection, limit, query.offset], |r| {
                let tags: String = r.get(9)?;
                Ok(ListedBadge {
                    short_id: r.get(0)?,
                    format: r.get(1)?,
                    name: r.get(2)?,
                    issuer_name: r.get(3)?,
                    issuer_id: r.get(4)?,
                    issued_on: r.get(5)?,
                    valid_until: r.get(6)?,
                    image_hash: r.get(7)?,
                    visibility: Visibility::from_db(&r.get::<_, String>(8)?),
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                    last_check: match (r.get::<_, Option<String>>(10)?, r.get::<_, Option<String>>(11)?) {
                        (Some(verdict), Some(at)) => Some((verdict, at)),
                        _ => None,
                    },
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok((rows, total))
    }

    /// Issuers, tags and collections with their badge counts, for filters.
    pub(crate) fn facets(&self) -> Result<[Vec<Facet>; 3], StoreError> {
        let facet = |sql: &str| -> Result<Vec<Facet>, StoreError> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map([], |r| Ok(Facet { name: r.get(0)?, count: r.get(1)? }))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        Ok([
            facet("SELECT issuer_name, count(*) FROM badges GROUP BY issuer_name COLLATE NOCASE ORDER BY issuer_name COLLATE NOCASE")?,
            facet("SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY tag")?,
            facet(
                "SELECT c.name, count(cb.badge_id) FROM collections c LEFT JOIN collection_badges cb
                 ON cb.collection_id = c.id GROUP BY c.id ORDER BY c.name",
            )?,
        ])
    }

    pub(crate) fn image(&self, hash: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT media_type, bytes FROM images WHERE hash = ?1", [hash], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    pub(crate) fn add_tags(&mut self, row: i64, tags: &[String]) -> Result<(), StoreError> {
        let tx = self.write()?;
        for tag in tags {
            tx.execute("INSERT OR IGNORE INTO tags (badge_id, tag) VALUES (?1, ?2)", params![row, tag])?;
        }
        refresh_search_row(&tx, row)?;
        Ok(tx.commit()?)
    }

    pub(crate) fn remove_tags(&mut self, row: i64, tags: &[String]) -> Result<(), StoreError> {
        let tx = self.write()?;
        for tag in tags {
            tx.execute("DELETE FROM tags WHERE badge_id = ?1 AND tag = ?2", params![row, tag])?;
        }
        refresh_search_row(&tx, row)?;
        Ok(tx.commit()?)
    }

    pub(crate) fn set_visibility(&mut self, row: i64, visibility: Visibility) -> Result<(), StoreError> {
        self.conn.execute("UPDATE badges SET visibility = ?2 WHERE id = ?1", params![row, visibility.as_str()])?;
        Ok(())
    }

    pub(crate) fn set_note(&mut self, row: i64, note: &str) -> Result<(), StoreError> {
        self.conn.execute("UPDATE badges SET note = ?2 WHERE id = ?1", params![row, note])?;
        Ok(())
    }

    pub(crate) fn add_to_collection(&mut self, name: &str, row: i64) -> Result<(), StoreError> {
        let tx = self.write()?;
        add_to_collection(&tx, name, row)?;
        Ok(tx.commit()?)
    }

    pub(crate) fn remove_from_collection(&mut self, name: &str, row: i64) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "DELETE FROM collection_badges WHERE badge_id = ?2
               AND collection_id = (SELECT id FROM collections WHERE name = ?1)",
            params![name, row],
        )?;
        Ok(n > 0)
    }

    pub(crate) fn create_collection(&mut self, name: &str) -> Result<(), StoreError> {
        self.conn.execute("INSERT OR IGNORE INTO collections (name) VALUES (?1)", [name])?;
        Ok(())
    }

    /// Deletes a collection (the badges stay). Returns whether it existed.
    pub(crate) fn delete_collection(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM collections WHERE name = ?1", [name])? > 0)
    }

    /// Removes a badge, its user data and any image no other badge uses.
    pub(crate) fn delete(&mut self, row: i64) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute("DELETE FROM badge_search WHERE rowid = ?1", [row])?;
        tx.execute("DELETE FROM badges WHERE id = ?1", [row])?;
        tx.execute(
            "DELETE FROM images WHERE hash NOT IN (SELECT image_hash FROM badges WHERE image_hash IS NOT NULL)",
            [],
        )?;
        Ok(tx.commit()?)
    }

    /// Every badge row id, oldest first (for export).
    pub(crate) fn all_rows(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT id FROM badges ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// SQLite's own consistency check plus the store's invariants; `Ok(())` when sound.
    pub(crate) fn check_integrity(&self) -> Result<(), StoreError> {
        let result: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result != "ok" {
            return Err(StoreError::Corrupt(result));
        }
        let orphans: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM badges WHERE id NOT IN (SELECT rowid FROM badge_search))
                  + (SELECT count(*) FROM badge_search WHERE rowid NOT IN (SELECT id FROM badges))
                  + (SELECT count(*) FROM badges WHERE image_hash IS NOT NULL
                        AND image_hash NOT IN (SELECT hash FROM images))",
            [],
            |r| r.get(0),
        )?;
        if orphans != 0 {
            return Err(StoreError::Corrupt(format!("{orphans} badge rows out of step with search or images")));
        }
        Ok(())
    }
}

/// Several badges written in one transaction, for imports: a commit waits for the disk
/// (`synchronous=FULL`), so one commit per badge makes large imports slow. Each badge is
/// written inside its own savepoint and so is still stored whole or not at all; the
/// badges become durable together at [`Batch::commit`], and a batch dropped without it
/// (an error, a crash) stores none of them.
pub(crate) struct Batch<'a> {
    tx: Transaction<'a>,
}

impl Batch<'_> {
    /// Stores a badge unless one with the same dedupe key exists (in the portfolio or
    /// earlier in this batch). On failure nothing of this badge is left in the batch.
    pub(crate) fn insert(&mut self, badge: &NewBadge<'_>) -> Result<Inserted, StoreError> {
        let savepoint = self.tx.savepoint()?;
        let inserted = Store::insert_badge(&savepoint, badge)?;
        savepoint.commit()?;
        Ok(inserted)
    }

    /// Makes the batch's badges durable.
    pub(crate) fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.commit()?)
    }
}

/// How an id given by the user resolved.
pub(crate) enum Resolved {
    Row(i64),
    NotFound,
    Ambiguous,
}

fn add_to_collection(tx: &Connection, name: &str, row: i64) -> Result<(), StoreError> {
    tx.execute("INSERT OR IGNORE INTO collections (name) VALUES (?1)", [name])?;
    tx.execute(
        "INSERT OR IGNORE INTO collection_badges (collection_id, badge_id)
         SELECT id, ?2 FROM collections WHERE name = ?1",
        params![name, row],
    )?;
    Ok(())
}

/// Rewrites the search row of a badge from its columns, tags and achievement tags.
fn refresh_search_row(tx: &Connection, row: i64) -> Result<(), StoreError> {
    let (name, description, issuer_name, issuer_id, model): (String, Option<String>, String, Option<String>, String) =
        tx.query_row(
            "SELECT name, description, issuer_name, issuer_id, model FROM badges WHERE id = ?1",
            [row],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    let credential: Credential = serde_json::from_str(&model).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut tags: Vec<String> = {
        let mut stmt = tx.prepare_cached("SELECT tag FROM tags WHERE badge_id = ?1")?;
        let rows = stmt.query_map([row], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    tags.extend(credential.achievement.tags);
    tx.execute("DELETE FROM badge_search WHERE rowid = ?1", [row])?;
    tx.execute(
        "INSERT INTO badge_search (rowid, name, description, issuer, tags) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            row,
            name,
            description.unwrap_or_default(),
            format!("{issuer_name} {}", issuer_id.unwrap_or_default()),
            tags.join(" ")
        ],
    )?;
    Ok(())
}

/// Turns what a user typed into a safe FTS5 query: every word quoted and prefix-matched,
/// all required. `None` when nothing searchable remains.
fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> =
        input.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"*")).collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn search_text_cannot_inject_fts_syntax() {
        assert_eq!(fts_query("rust fund"), Some("\"rust\"* AND \"fund\"*".into()));
        assert_eq!(fts_query("\"a\" OR b*"), Some("\"a\"* AND \"OR\"* AND \"b\"*".into()));
        assert_eq!(fts_query("  ( ) "), None);
    }
}
