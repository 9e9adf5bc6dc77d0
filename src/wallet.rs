//! The `Wallet` facade: every operation the CLI and the desktop app offer, over the
//! portfolio store, the format readers and an injected clock.

use crate::bake::ImageKind;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::formats::{self, Detected, ParseError, RelatedDocuments, MAX_FILE_BYTES};
use crate::markdown::render_markdown_safely;
use crate::model::{Credential, CredentialFormat};
use crate::store::{
    Facet, Inserted, KeptDocument, ListQuery, ListedBadge, NewBadge, Resolved, Store, UserData, Visibility,
};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// File name of the portfolio database inside the wallet's home folder.
pub const DATABASE_FILE: &str = "portfolio.sqlite3";

/// Badges expiring within this many days are flagged as expiring soon.
pub const EXPIRES_SOON_DAYS: i64 = 30;

/// An import commits after this many badges, or sooner once the documents in the batch
/// reach [`IMPORT_BATCH_BYTES`]. A commit waits for the disk (`synchronous=FULL`): one
/// per badge kept 10,000 badges waiting 10,000 times, seconds here and far more on slow disks.
const IMPORT_BATCH_BADGES: usize = 100;
const IMPORT_BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Where a badge stands with respect to its expiry date, as of now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ExpiryState {
    NoExpiry,
    Valid,
    ExpiresSoon,
    Expired,
}

/// One badge in a list: what a grid card shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BadgeSummary {
    /// Short stable id (8+ hex characters).
    pub id: String,
    pub name: String,
    pub issuer_name: String,
    pub issuer_id: Option<String>,
    pub issued_on: Option<String>,
    pub valid_until: Option<String>,
    pub expiry: ExpiryState,
    /// Hash of the stored image; fetch it with [`Wallet::image`].
    pub image_hash: Option<String>,
    pub tags: Vec<String>,
    pub visibility: Visibility,
    pub format: CredentialFormat,
    /// The newest verification result; `None` when the badge was never checked.
    pub last_check: Option<LastCheck>,
}

/// When a badge was last verified and the verdict then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LastCheck {
    pub verdict: crate::verify::Verdict,
    pub checked_at: String,
}

/// A page of badges and how many matched in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BadgePage {
    pub items: Vec<BadgeSummary>,
    pub total: u32,
}

/// Issuers, tags and collections in the portfolio, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    pub issuers: Vec<Facet>,
    pub tags: Vec<Facet>,
    pub collections: Vec<Facet>,
}

/// Everything about one badge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BadgeDetail {
    pub summary: BadgeSummary,
    pub credential: Credential,
    /// Criteria markdown rendered to HTML with raw HTML neutralized.
    pub criteria_html: Option<String>,
    pub user: UserData,
    pub imported_at: String,
    pub file_name: String,
    pub original: OriginalDocument,
    /// Ids of further documents stored with the badge (OB 2.0 badge class, issuer).
    pub related_documents: Vec<String>,
    /// The newest verification report, check by check.
    pub last_report: Option<crate::verify::VerificationReport>,
}

/// The original document, for reading and copying. `text` is the credential exactly as
/// received (for a baked image: exactly as the image carries it); `pretty` is an indented
/// JSON view (for a JWS: its decoded header and payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OriginalDocument {
    pub text: String,
    pub pretty: String,
    /// SHA-256 of the file as received (the image file, for a baked badge).
    pub sha256: String,
    /// The image type when the badge was received baked into an image.
    pub baked_in: Option<ImageKind>,
}

/// An image ready to show: media type and a `data:` URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageData {
    pub media_type: String,
    pub data_url: String,
}

impl ImageData {
    /// Wraps image bytes as a `data:` URL.
    pub fn new(media_type: &str, bytes: &[u8]) -> Self {
        let data_url = format!("data:{media_type};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes));
        Self { media_type: media_type.to_owned(), data_url }
    }
}

/// What happened to one input of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ImportOutcome {
    Imported {
        id: String,
        name: String,
    },
    Duplicate {
        id: String,
        name: String,
    },
    /// An OB 2.0 badge class or issuer profile used to complete an assertion.
    Related {
        id: String,
    },
    /// Not a badge and not needed by one here (e.g. an issuer key document); not an error.
    Skipped {
        message: String,
    },
    Failed {
        message: String,
    },
}

/// One input of an import and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportItem {
    /// The file (or name) the input came from.
    pub source: String,
    pub outcome: ImportOutcome,
}

/// The outcome of importing several inputs; one failure does not stop the others.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub items: Vec<ImportItem>,
    pub imported: u32,
    pub duplicates: u32,
    pub failed: u32,
}

impl ImportReport {
    fn push(&mut self, source: String, outcome: ImportOutcome) {
        match outcome {
            ImportOutcome::Imported { .. } => self.imported += 1,
            ImportOutcome::Duplicate { .. } => self.duplicates += 1,
            ImportOutcome::Failed { .. } => self.failed += 1,
            ImportOutcome::Related { .. } | ImportOutcome::Skipped { .. } => {}
        }
        self.items.push(ImportItem { source, outcome });
    }

    /// Adds a failed input.
    pub fn push_failure(&mut self, source: String, message: String) {
        self.push(source, ImportOutcome::Failed { message });
    }

    /// Appends another report's items and counts.
    pub fn append(&mut self, other: ImportReport) {
        for item in other.items {
            self.push(item.source, item.outcome);
        }
    }
}

/// An input to import: a name for messages and its bytes.
#[derive(Debug, Clone)]
pub struct ImportSource {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The wallet: a portfolio in a home folder.
pub struct Wallet {
    pub(crate) store: Store,
    clock: Box<dyn Clock>,
    home: PathBuf,
    /// Set when the user lets verification go online (`verify::online`).
    pub(crate) online: Option<crate::verify::OnlineSession>,
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallet").field("home", &self.home).finish_non_exhaustive()
    }
}

/// The home folder used when none is given: `ROSETTE_HOME`, else the OS data folder.
pub fn default_home() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("ROSETTE_HOME").filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    directories::ProjectDirs::from("org", "Rosette", "Rosette")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| Error::InvalidInput("cannot find the application-data folder; use --home".into()))
}

impl Wallet {
    /// Opens the portfolio in `home`, creating the folder and database if needed.
    pub fn open(home: &Path) -> Result<Self> {
        Self::open_with_clock(home, Box::new(SystemClock))
    }

    /// Opens the portfolio with an injected clock.
    pub fn open_with_clock(home: &Path, clock: Box<dyn Clock>) -> Result<Self> {
        std::fs::create_dir_all(home).map_err(|e| Error::io(home, e))?;
        let store = Store::open(&home.join(DATABASE_FILE))?;
        Ok(Self { store, clock, home: home.to_path_buf(), online: None })
    }

    /// The folder holding this portfolio.
    pub fn home(&self) -> &Path {
        &self.home
    }

    pub(crate) fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub(crate) fn now_rfc3339(&self) -> String {
        self.clock.now().format(&Rfc3339).unwrap_or_default()
    }

    /// Imports files. Unreadable or invalid files are reported and skipped.
    pub fn import_files<P: AsRef<Path>>(&mut self, paths: &[P]) -> Result<ImportReport> {
        let mut sources = Vec::new();
        let mut unreadable = Vec::new();
        for (index, path) in paths.iter().enumerate() {
            let path = path.as_ref();
            match read_capped(path) {
                Ok(bytes) => sources.push((index, ImportSource { name: path.display().to_string(), bytes })),
                Err(message) => {
                    unreadable.push((index, path.display().to_string(), ImportOutcome::Failed { message }));
                }
            }
        }
        self.import_indexed(sources, unreadable)
    }

    /// Imports in-memory inputs. OB 2.0 badge classes and issuer profiles among them
    /// complete the assertions that link to them.
    pub fn import_sources(&mut self, sources: Vec<ImportSource>) -> Result<ImportReport> {
        self.import_indexed(sources.into_iter().enumerate().collect(), Vec::new())
    }

    /// The import itself; `outcomes` may already hold failures. The report lists the
    /// inputs in the order they were given.
    fn import_indexed(
        &mut self,
        sources: Vec<(usize, ImportSource)>,
        mut outcomes: Vec<(usize, String, ImportOutcome)>,
    ) -> Result<ImportReport> {
        let mut related = RelatedDocuments::default();
        let mut related_bytes: HashMap<String, Vec<u8>> = HashMap::new();
        let mut related_sources: Vec<(usize, String, String)> = Vec::new();
        let mut credentials = Vec::new();
        for (index, source) in sources {
            match formats::detect(&source.bytes) {
                Ok(Detected::Related { .. }) => match related.add(&source.bytes) {
                    Ok(id) => {
                        related_bytes.insert(id.clone(), source.bytes);
                        related_sources.push((index, source.name, id));
                    }
                    Err(e) => outcomes.push((index, source.name, ImportOutcome::Failed { message: e.to_string() })),
                },
                Ok(_) => credentials.push((index, source)),
                Err(e) => outcomes.push((index, source.name, ImportOutcome::Failed { message: e.to_string() })),
            }
        }
        let mut used_ids = std::collections::HashSet::new();
        let imported_at = self.now_rfc3339();
        let mut credentials = credentials.into_iter().peekable();
        while credentials.peek().is_some() {
            // One transaction per batch of badges, not per badge: each commit waits for
            // the disk. Each badge is still stored whole or not at all (see `Batch`).
            let mut batch = self.store.batch()?;
            let mut batch_bytes = 0;
            for (index, source) in credentials.by_ref().take(IMPORT_BATCH_BADGES) {
                batch_bytes += source.bytes.len();
                let outcome = match formats::parse(&source.bytes, &related) {
                    Ok(parsed) => {
                        used_ids.extend(parsed.related_used.iter().cloned());
                        let related_docs: Vec<(&str, &[u8])> = parsed
                            .related_used
                            .iter()
                            .filter_map(|id| related_bytes.get(id).map(|b| (id.as_str(), b.as_slice())))
                            .collect();
                        let file_name = file_name_of(&source.name, parsed.credential.format, parsed.baked_in);
                        let badge = NewBadge {
                            dedupe_key: &parsed.dedupe_key,
                            file_name: &file_name,
                            original: &source.bytes,
                            credential: &parsed.credential,
                            image: parsed.image.as_ref().map(|i| (i.media_type.as_str(), i.bytes.as_slice())),
                            related: related_docs,
                            imported_at: &imported_at,
                            user: UserData::default(),
                        };
                        let name = parsed.credential.achievement.name.clone();
                        match batch.insert(&badge) {
                            Ok(Inserted::New(id)) => ImportOutcome::Imported { id, name },
                            Ok(Inserted::Duplicate(id)) => ImportOutcome::Duplicate { id, name },
                            Err(e) => {
                                // Keep the badges before this one, as a commit per badge would;
                                // should that fail too, the first error is the one to report.
                                let _ = batch.commit();
                                return Err(e.into());
                            }
                        }
                    }
                    Err(e) => ImportOutcome::Failed { message: e.to_string() },
                };
                outcomes.push((index, source.name, outcome));
                if batch_bytes >= IMPORT_BATCH_BYTES {
                    break;
                }
            }
            batch.commit()?;
        }
        for (index, name, id) in related_sources {
            let outcome = if used_ids.contains(&id) {
                ImportOutcome::Related { id }
            } else if let Some(bytes) = related_bytes.remove(&id) {
                // A key or issuer profile no assertion here links to is kept for offline
                // verification (an OB 2.0 signed badge names its key only in its signature).
                let kept =
                    KeptDocument { id: id.clone(), bytes, origin: "imported".into(), obtained_at: imported_at.clone() };
                self.store.keep_document(&kept)?;
                ImportOutcome::Related { id }
            } else {
                ImportOutcome::Related { id }
            };
            outcomes.push((index, name, outcome));
        }
        outcomes.sort_by_key(|(index, _, _)| *index);
        // New badges are verified (offline) right away, so lists show their verdict.
        let new_ids: Vec<String> = outcomes
            .iter()
            .filter_map(|(_, _, o)| match o {
                ImportOutcome::Imported { id, .. } => Some(id.clone()),
                _ => None,
            })
            .collect();
        self.check_badges(&new_ids, &mut |_, _| {})?;
        let mut report = ImportReport::default();
        for (_, name, outcome) in outcomes {
            report.push(name, outcome);
        }
        Ok(report)
    }

    /// Lists badges, newest first.
    pub fn list(&self, query: &ListQuery) -> Result<BadgePage> {
        let (rows, total) = self.store.list(query)?;
        let now = self.clock.now();
        let items = rows.into_iter().map(|row| summary_of(row, now)).collect();
        Ok(BadgePage { items, total })
    }

    /// Issuers, tags and collections, for filters.
    pub fn facets(&self) -> Result<Facets> {
        let [issuers, tags, collections] = self.store.facets()?;
        Ok(Facets { issuers, tags, collections })
    }

    pub(crate) fn resolve(&self, id: &str) -> Result<i64> {
        match self.store.resolve(id)? {
            Resolved::Row(row) => Ok(row),
            Resolved::NotFound => Err(Error::NotFound(id.to_owned())),
            Resolved::Ambiguous => Err(Error::Ambiguous(id.to_owned())),
        }
    }

    /// Everything about one badge.
    pub fn show(&self, id: &str) -> Result<BadgeDetail> {
        let row = self.resolve(id)?;
        let stored = self.store.get(row)?;
        let c = &stored.credential;
        let summary = summary_of(
            ListedBadge {
                short_id: stored.short_id.clone(),
                format: c.format.as_str().to_owned(),
                name: c.achievement.name.clone(),
                issuer_name: c.issuer.name.clone(),
                issuer_id: c.issuer.id.clone(),
                issued_on: c.issued_on.clone(),
                valid_until: c.valid_until.clone(),
                image_hash: stored.image_hash.clone(),
                visibility: stored.user.visibility,
                tags: stored.user.tags.clone(),
                last_check: None,
            },
            self.clock.now(),
        );
        let last_report: Option<crate::verify::VerificationReport> =
            self.store.latest_report(row)?.and_then(|json| serde_json::from_str(&json).ok());
        let summary = BadgeSummary {
            last_check: last_report
                .as_ref()
                .map(|r| LastCheck { verdict: r.verdict, checked_at: r.checked_at.clone() }),
            ..summary
        };
        Ok(BadgeDetail {
            summary,
            criteria_html: c.achievement.criteria_narrative.as_deref().map(render_markdown_safely),
            credential: stored.credential.clone(),
            user: stored.user.clone(),
            imported_at: stored.imported_at.clone(),
            file_name: stored.file_name.clone(),
            original: original_document(&stored.original, &stored.original_sha256),
            related_documents: stored.related.iter().map(|(id, _)| id.clone()).collect(),
            last_report,
        })
    }

    /// The original bytes of a badge, exactly as imported.
    pub fn original_bytes(&self, id: &str) -> Result<Vec<u8>> {
        let row = self.resolve(id)?;
        Ok(self.store.get(row)?.original)
    }

    /// A stored image by hash, as a `data:` URL.
    pub fn image(&self, hash: &str) -> Result<ImageData> {
        let missing = || Error::Missing { what: "image", name: hash.to_owned() };
        let (media_type, bytes) = self.store.image(hash)?.ok_or_else(missing)?;
        Ok(ImageData::new(&media_type, &bytes))
    }

    /// Adds tags (trimmed, case-insensitive, duplicates ignored).
    pub fn tag(&mut self, id: &str, tags: &[String]) -> Result<()> {
        let row = self.resolve(id)?;
        self.store.add_tags(row, &clean_names(tags, "tag")?)?;
        Ok(())
    }

    /// Removes tags.
    pub fn untag(&mut self, id: &str, tags: &[String]) -> Result<()> {
        let row = self.resolve(id)?;
        self.store.remove_tags(row, &clean_names(tags, "tag")?)?;
        Ok(())
    }

    /// Marks a badge private or shareable.
    pub fn set_visibility(&mut self, id: &str, visibility: Visibility) -> Result<()> {
        let row = self.resolve(id)?;
        Ok(self.store.set_visibility(row, visibility)?)
    }

    /// Replaces the personal note of a badge (empty clears it).
    pub fn set_note(&mut self, id: &str, note: &str) -> Result<()> {
        if note.len() > 100_000 {
            return Err(Error::InvalidInput("a note is limited to 100,000 bytes".into()));
        }
        let row = self.resolve(id)?;
        Ok(self.store.set_note(row, note)?)
    }

    /// Creates a collection (no error if it exists).
    pub fn create_collection(&mut self, name: &str) -> Result<()> {
        let name = clean_names(&[name.to_owned()], "collection")?.remove(0);
        Ok(self.store.create_collection(&name)?)
    }

    /// Deletes a collection; its badges stay in the portfolio.
    pub fn delete_collection(&mut self, name: &str) -> Result<()> {
        if self.store.delete_collection(name.trim())? {
            Ok(())
        } else {
            Err(Error::Missing { what: "collection", name: name.to_owned() })
        }
    }

    /// Puts a badge into a collection, creating the collection if needed.
    pub fn add_to_collection(&mut self, name: &str, id: &str) -> Result<()> {
        let name = clean_names(&[name.to_owned()], "collection")?.remove(0);
        let row = self.resolve(id)?;
        Ok(self.store.add_to_collection(&name, row)?)
    }

    /// Takes a badge out of a collection.
    pub fn remove_from_collection(&mut self, name: &str, id: &str) -> Result<()> {
        let row = self.resolve(id)?;
        self.store.remove_from_collection(name.trim(), row)?;
        Ok(())
    }

    /// Removes a badge and everything stored with it. Returns the removed badge's name.
    pub fn remove(&mut self, id: &str) -> Result<String> {
        let row = self.resolve(id)?;
        let name = self.store.get(row)?.credential.achievement.name;
        self.store.delete(row)?;
        Ok(name)
    }

    /// Checks the database and the store's invariants.
    pub fn check_integrity(&self) -> Result<()> {
        Ok(self.store.check_integrity()?)
    }
}

fn summary_of(row: ListedBadge, now: OffsetDateTime) -> BadgeSummary {
    BadgeSummary {
        expiry: expiry_state(row.valid_until.as_deref(), now),
        id: row.short_id,
        name: row.name,
        issuer_name: row.issuer_name,
        issuer_id: row.issuer_id,
        issued_on: row.issued_on,
        valid_until: row.valid_until,
        image_hash: row.image_hash,
        tags: row.tags,
        visibility: row.visibility,
        format: CredentialFormat::from_name(&row.format).unwrap_or(CredentialFormat::Ob3Json),
        last_check: row.last_check.and_then(|(verdict, checked_at)| {
            let verdict = serde_json::from_value(serde_json::Value::String(verdict)).ok()?;
            Some(LastCheck { verdict, checked_at })
        }),
    }
}

/// Expiry as of `now`; a date that cannot be read counts as no expiry (the parser
/// refused such dates at import, so this only guards against damaged rows).
pub(crate) fn expiry_state(valid_until: Option<&str>, now: OffsetDateTime) -> ExpiryState {
    let Some(until) = valid_until.and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok()) else {
        return ExpiryState::NoExpiry;
    };
    if until <= now {
        ExpiryState::Expired
    } else if until - now <= Duration::days(EXPIRES_SOON_DAYS) {
        ExpiryState::ExpiresSoon
    } else {
        ExpiryState::Valid
    }
}

fn clean_names(names: &[String], what: &str) -> Result<Vec<String>> {
    let cleaned: Vec<String> = names.iter().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect();
    if cleaned.is_empty() {
        return Err(Error::InvalidInput(format!("give at least one non-empty {what} name")));
    }
    if let Some(long) = cleaned.iter().find(|n| n.chars().count() > 100) {
        return Err(Error::InvalidInput(format!("{what} name \"{long:.20}…\" is longer than 100 characters")));
    }
    Ok(cleaned)
}

/// Reads a file, refusing more than the document cap without reading it all.
pub(crate) fn read_capped(path: &Path) -> std::result::Result<Vec<u8>, String> {
    read_capped_to(path, MAX_FILE_BYTES as u64)
}

/// Reads a file, refusing more than `limit` bytes without reading it all.
pub(crate) fn read_capped_to(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_dir() {
        return Err("is a folder, not a file".into());
    }
    let too_large = |size: u64| ParseError::TooLarge { size: size as usize, limit: limit as usize }.to_string();
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A safe file name for the stored original: the source's own name when it is usable.
fn file_name_of(source: &str, format: CredentialFormat, baked_in: Option<ImageKind>) -> String {
    let base = Path::new(source).file_name().and_then(|n| n.to_str()).unwrap_or("");
    let clean: String = base.chars().filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_')).take(80).collect();
    if clean.is_empty() || clean.starts_with('.') {
        let extension = baked_in.map_or(format.file_extension(), ImageKind::extension);
        format!("credential.{extension}")
    } else {
        clean
    }
}

fn original_document(bytes: &[u8], sha256: &str) -> OriginalDocument {
    let baked_in = ImageKind::of(bytes);
    let text = match baked_in.and_then(|_| crate::bake::unbake(bytes).ok().flatten()) {
        Some(unbaked) => unbaked.text,
        None => String::from_utf8_lossy(bytes).into_owned(),
    };
    let trimmed = text.trim();
    let pretty = if trimmed.starts_with('{') {
        serde_json::from_str::<serde_json::Value>(trimmed)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| text.clone())
    } else {
        decoded_jws_view(trimmed).unwrap_or_else(|| text.clone())
    };
    OriginalDocument { text, pretty, sha256: sha256.to_owned(), baked_in }
}

fn decoded_jws_view(token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let decode = |part: Option<&str>| -> Option<serde_json::Value> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part?).ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    let header = decode(parts.next())?;
    let payload = decode(parts.next())?;
    let view = serde_json::json!({ "header": header, "payload": payload });
    serde_json::to_string_pretty(&view).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn expiry_states() {
        let now = datetime!(2026-01-01 00:00 UTC);
        assert_eq!(expiry_state(None, now), ExpiryState::NoExpiry);
        assert_eq!(expiry_state(Some("2025-12-31T00:00:00Z"), now), ExpiryState::Expired);
        assert_eq!(expiry_state(Some("2026-01-10T00:00:00Z"), now), ExpiryState::ExpiresSoon);
        assert_eq!(expiry_state(Some("2027-01-10T00:00:00Z"), now), ExpiryState::Valid);
    }

    #[test]
    fn stored_file_names_are_tame() {
        assert_eq!(file_name_of("/x/../badge one.json", CredentialFormat::Ob3Json, None), "badgeone.json");
        assert_eq!(file_name_of("..", CredentialFormat::Ob3Jwt, None), "credential.jwt");
        assert_eq!(file_name_of("..", CredentialFormat::Ob3Jwt, Some(ImageKind::Png)), "credential.png");
    }

    #[test]
    fn imports_in_batches_keep_order_and_dedupe_across_them() {
        let template: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/bench-template.json")).unwrap();
        let badge = |n: usize| {
            let mut doc = template.clone();
            doc["id"] = format!("urn:uuid:batch-{n}").into();
            ImportSource { name: format!("b{n}.json"), bytes: serde_json::to_vec(&doc).unwrap() }
        };
        // 250 inputs: three batches. Duplicates within a batch and across batches, and
        // failures among them, must not disturb the others or the order of the report.
        let mut sources: Vec<ImportSource> = (0..240).map(badge).collect();
        sources.insert(50, badge(10));
        sources.insert(150, badge(20));
        for at in [0, 99, 100, 201, 230] {
            let bad = ImportSource { name: format!("bad{at}.json"), bytes: b"{\"not\": \"a badge\"}".to_vec() };
            sources.insert(at, bad);
        }
        let names: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
        let home = tempfile::tempdir().unwrap();
        let mut wallet = Wallet::open(home.path()).unwrap();
        let report = wallet.import_sources(sources).unwrap();
        assert_eq!((report.imported, report.duplicates, report.failed), (240, 2, 5));
        assert_eq!(report.items.iter().map(|i| i.source.clone()).collect::<Vec<_>>(), names);
        let page = wallet.list(&ListQuery::default()).unwrap();
        assert_eq!(page.total, 240);
        wallet.check_integrity().unwrap();
        drop(wallet);
        // Everything was committed: a new connection sees it all.
        let reopened = Wallet::open(home.path()).unwrap();
        assert_eq!(reopened.list(&ListQuery::default()).unwrap().total, 240);
    }
}
