//! Verification against what the portfolio holds: the documents stored with a badge
//! (OB 2.0 badge class and issuer profile) and the documents kept for offline use
//! (`rosette cache import`, key and profile files given with an import).

use super::online::{OnlineSession, OnlineSource};
use super::source::{Absence, DocumentOrigin, KeySource, MemoryKeySource, SourcedDocument};
use super::{verify, VerificationReport, VerifyOptions};
use crate::error::{Error, Result};
use crate::store::{KeptDocument, Store};
use crate::wallet::Wallet;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A report with the input it is about (a file name, "pasted text", an id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VerifiedInput {
    pub input: String,
    pub report: VerificationReport,
    /// When verification went online: fetches that failed where a cached copy was used.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Counts of a "check all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CheckAllReport {
    pub checked: u32,
    pub valid: u32,
    pub invalid: u32,
    pub expired: u32,
    pub revoked: u32,
    pub unknown: u32,
    /// When the check went online: fetches that failed where a cached copy was used.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl CheckAllReport {
    /// Counts one more verdict.
    pub fn count(&mut self, verdict: super::Verdict) {
        use super::Verdict;
        self.checked += 1;
        match verdict {
            Verdict::Valid => self.valid += 1,
            Verdict::Expired | Verdict::NotYetValid => self.expired += 1,
            Verdict::Revoked => self.revoked += 1,
            Verdict::Invalid => self.invalid += 1,
            _ => self.unknown += 1,
        }
    }
}

/// A document kept for offline verification, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CachedDocument {
    pub id: String,
    /// "imported" (given by you) or "fetched" (from its own address).
    pub origin: String,
    pub obtained_at: String,
    pub bytes: u64,
}

/// What happened to one file given to `cache import`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CacheImportOutcome {
    Kept { id: String },
    Failed { message: String },
}

/// One file of a `cache import`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CacheImportItem {
    pub source: String,
    pub outcome: CacheImportOutcome,
}

fn origin_of(kept: &KeptDocument) -> Option<DocumentOrigin> {
    let at = OffsetDateTime::parse(&kept.obtained_at, &Rfc3339).ok()?;
    Some(if kept.origin == "fetched" { DocumentOrigin::Cached(at) } else { DocumentOrigin::Imported(at) })
}

/// Documents from the store's cache, with a badge's own documents in front.
struct PortfolioSource<'a> {
    store: &'a Store,
    badge_documents: MemoryKeySource,
}

impl KeySource for PortfolioSource<'_> {
    fn document(&self, id: &str) -> Option<SourcedDocument> {
        self.badge_documents.document(id).or_else(|| {
            let kept = self.store.kept_document(id).ok().flatten()?;
            let value = crate::json::parse_strict(&kept.bytes).ok()?;
            // Rosette's record of a 410 Gone is not a document (see `absence`).
            if super::online::is_gone_record(&value) {
                return None;
            }
            Some(SourcedDocument { value, origin: origin_of(&kept)? })
        })
    }

    fn absence(&self, id: &str) -> Option<super::Absence> {
        let kept = self.store.kept_document(id).ok().flatten()?;
        let value = crate::json::parse_strict(&kept.bytes).ok()?;
        super::online::is_gone_record(&value).then(|| origin_of(&kept).map(super::Absence::Gone))?
    }
}

/// Whether the bytes start like a raster picture a QR code could be read from.
fn image_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xff, 0xd8, 0xff])
        || bytes.starts_with(b"GIF8")
        || (bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
}

/// The `id` of a JSON document given to be kept, or why it cannot be kept.
pub(crate) fn document_id(bytes: &[u8]) -> std::result::Result<String, String> {
    if bytes.len() > crate::formats::MAX_DOCUMENT_BYTES {
        return Err("larger than a document Rosette keeps".into());
    }
    let value = crate::json::parse_strict(bytes)?;
    value
        .get("id")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| "the document has no \"id\" to keep it under".into())
}

impl Wallet {
    /// Keeps issuer documents obtained elsewhere (DID document, issuer profile, key,
    /// status list credential) under their own `id`, for offline verification.
    pub fn cache_import<P: AsRef<Path>>(&mut self, paths: &[P]) -> Result<Vec<CacheImportItem>> {
        let now = self.now_rfc3339();
        let mut items = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let outcome = match crate::wallet::read_capped(path).and_then(|bytes| Ok((document_id(&bytes)?, bytes))) {
                Ok((id, bytes)) => {
                    let kept =
                        KeptDocument { id: id.clone(), bytes, origin: "imported".into(), obtained_at: now.clone() };
                    self.store.keep_document(&kept)?;
                    CacheImportOutcome::Kept { id }
                }
                Err(message) => CacheImportOutcome::Failed { message },
            };
            items.push(CacheImportItem { source: path.display().to_string(), outcome });
        }
        Ok(items)
    }

    /// Forgets a kept document (a wrong import, or to fetch it afresh); badges that
    /// need it verify as `unknown` until it is kept again.
    pub fn cache_remove(&mut self, id: &str) -> Result<()> {
        if self.store.forget_document(id)? {
            Ok(())
        } else {
            Err(Error::Missing { what: "kept document", name: id.to_owned() })
        }
    }

    /// The documents kept for offline verification.
    pub fn cached_documents(&self) -> Result<Vec<CachedDocument>> {
        Ok(self
            .store
            .kept_documents()?
            .into_iter()
            .map(|d| CachedDocument {
                id: d.id,
                origin: d.origin,
                obtained_at: d.obtained_at,
                bytes: d.bytes.len() as u64,
            })
            .collect())
    }

    /// Verifies a stored badge (online too after [`Wallet::go_online`]).
    pub fn verify_badge(&self, id: &str, options: &VerifyOptions) -> Result<VerificationReport> {
        let stored = self.read_for_check(self.resolve(id)?)?;
        let source = PortfolioSource { store: &self.store, badge_documents: stored.documents };
        Ok(verify(&stored.original, options, &self.key_source(&source)))
    }

    /// A stored badge's original bytes and the documents stored with it.
    fn read_for_check(&self, row: i64) -> Result<StoredForCheck> {
        read_for_check(&self.store, row)
    }

    /// Verifies a stored badge now, against the earner's identifiers, and records the
    /// result (shown in lists and on the badge).
    pub fn check_badge(&mut self, id: &str) -> Result<VerificationReport> {
        let mut reports = self.check_badges(&[id.to_owned()], &mut |_, _| {})?;
        Ok(reports.remove(0))
    }

    /// Checks badges now and records the results, 100 to a transaction;
    /// `progress(done, total)` is called after each group.
    pub(crate) fn check_badges(
        &mut self,
        ids: &[String],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<VerificationReport>> {
        let rows = ids.iter().map(|id| self.resolve(id)).collect::<Result<Vec<_>>>()?;
        self.check_rows(&rows, progress)
    }

    /// [`Self::check_badges`] by database row. The badges are verified on several threads
    /// (every core; more when online, where threads mostly wait for answers) while this
    /// thread reads the next ones and writes the results (the database connection stays
    /// on this thread).
    fn check_rows(&mut self, rows: &[i64], progress: &mut dyn FnMut(usize, usize)) -> Result<Vec<VerificationReport>> {
        let options = VerifyOptions { at: self.now(), recipients: self.store.my_identifiers()? };
        let total = rows.len();
        let mut reports = Vec::with_capacity(total);
        let mut group: Vec<(i64, String, &'static str, String)> = Vec::with_capacity(RESULTS_PER_TRANSACTION);
        let mut record = |store: &mut Store, row: i64, report: VerificationReport, json: String| -> Result<()> {
            group.push((row, report.checked_at.clone(), report.verdict.as_str(), json));
            reports.push(report);
            if group.len() == RESULTS_PER_TRANSACTION || reports.len() == total {
                store.record_verifications(&group)?;
                group.clear();
                progress(reports.len(), total);
            }
            Ok(())
        };
        if rows.len() < 2 {
            for &row in rows {
                let stored = self.read_for_check(row)?;
                let source = PortfolioSource { store: &self.store, badge_documents: stored.documents };
                let report = verify(&stored.original, &options, &self.key_source(&source));
                let json = report_json(&report)?;
                record(&mut self.store, row, report, json)?;
            }
        } else {
            let kept = KeptDocuments::read(&self.store)?;
            let (session, now) = (self.online.as_ref(), self.fetch_time());
            let threads = self.verifying_threads();
            let mut next_rows = rows.iter();
            in_order_on_threads(
                threads,
                &mut self.store,
                |store| next_rows.next().map(|&row| read_for_check(store, row)).transpose(),
                |stored: StoredForCheck| {
                    let source = BadgeSource { own: &stored.documents, kept: &kept };
                    let report = verify(&stored.original, &options, &OnlineSource::new(&source, session, now));
                    let json = report_json(&report);
                    (stored.row, report, json)
                },
                |store, (row, report, json)| record(store, row, report, json?),
            )?;
        }
        Ok(reports)
    }

    /// Checks every stored badge again; `progress(done, total)` is called as it goes.
    pub fn check_all(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<CheckAllReport> {
        let rows = self.store.all_rows()?;
        let mut counts = CheckAllReport::default();
        for report in self.check_rows(&rows, progress)? {
            counts.count(report.verdict);
        }
        counts.notes = self.network_notes();
        Ok(counts)
    }

    /// Verifies each input (on several threads) and hands each result to `each`
    /// with the input's index, in input order, as soon as it and every earlier one are
    /// done. A stored badge that cannot be read gets its error; files get the same
    /// report as [`Self::verify_bytes`], stored badges as [`Self::verify_badge`].
    pub fn verify_each(
        &self,
        inputs: Vec<BadgeInput>,
        options: &VerifyOptions,
        each: &mut dyn FnMut(usize, Result<VerificationReport>),
    ) -> Result<()> {
        if inputs.len() < 2 {
            for (index, input) in inputs.into_iter().enumerate() {
                each(
                    index,
                    match input {
                        BadgeInput::Bytes(bytes) => Ok(self.verify_bytes(&bytes, options)),
                        BadgeInput::Stored(id) => self.verify_badge(&id, options),
                    },
                );
            }
            return Ok(());
        }
        let kept = KeptDocuments::read(&self.store)?;
        let (session, now) = (self.online.as_ref(), self.fetch_time());
        let threads = self.verifying_threads();
        let mut inputs = inputs.into_iter();
        let mut index = 0;
        let mut wallet = self;
        in_order_on_threads(
            threads,
            &mut wallet,
            |wallet| {
                let Some(input) = inputs.next() else { return Ok(None) };
                // Stored badges are read here: the database stays on this thread.
                let item = match input {
                    BadgeInput::Bytes(bytes) => Ok((bytes, None)),
                    BadgeInput::Stored(id) => wallet
                        .resolve(&id)
                        .and_then(|row| wallet.read_for_check(row))
                        .map(|s| (s.original, Some(s.documents))),
                };
                index += 1;
                Ok::<_, Error>(Some((index - 1, item)))
            },
            |(index, item): (usize, Result<ReadInput>)| {
                let report = item.map(|(bytes, own)| match own {
                    Some(own) => {
                        let source = BadgeSource { own: &own, kept: &kept };
                        verify(&bytes, options, &OnlineSource::new(&source, session, now))
                    }
                    None => verify_file_bytes(&bytes, options, &OnlineSource::new(&kept, session, now), session, now),
                });
                (index, report)
            },
            |_, (index, report)| {
                each(index, report);
                Ok(())
            },
        )
    }

    /// The earner's own identifiers (emails, URLs, DIDs), which recipients are checked against.
    pub fn my_identifiers(&self) -> Result<Vec<String>> {
        Ok(self.store.my_identifiers()?)
    }

    /// Adds one of the earner's identifiers.
    pub fn add_my_identifier(&mut self, identifier: &str) -> Result<()> {
        let identifier = identifier.trim();
        if identifier.is_empty() || identifier.len() > 500 {
            return Err(Error::InvalidInput("an identifier is 1 to 500 characters".into()));
        }
        Ok(self.store.add_my_identifier(identifier)?)
    }

    /// Removes one of the earner's identifiers.
    pub fn remove_my_identifier(&mut self, identifier: &str) -> Result<()> {
        if self.store.remove_my_identifier(identifier.trim())? {
            Ok(())
        } else {
            Err(Error::Missing { what: "identifier", name: identifier.to_owned() })
        }
    }

    /// Verifies files now, against the earner's identifiers; an unreadable file gets a
    /// report whose format check says why.
    pub fn verify_files_now<P: AsRef<Path>>(&self, paths: &[P]) -> Result<Vec<VerifiedInput>> {
        let options = VerifyOptions { at: self.now(), recipients: self.store.my_identifiers()? };
        // Unreadable files are verified as empty input, so the report's format check can
        // say why.
        let (inputs, unreadable): (Vec<_>, Vec<_>) = paths
            .iter()
            .map(|path| match crate::wallet::read_capped(path.as_ref()) {
                Ok(bytes) => (BadgeInput::Bytes(bytes), None),
                Err(why) => (BadgeInput::Bytes(Vec::new()), Some(why)),
            })
            .unzip();
        let mut reports = Vec::with_capacity(paths.len());
        self.verify_each(inputs, &options, &mut |_, report| reports.push(report))?;
        paths
            .iter()
            .zip(unreadable)
            .zip(reports)
            .map(|((path, unreadable), report)| {
                let mut report = report?;
                if let Some(why) = unreadable {
                    if let Some(format) = report.checks.iter_mut().find(|c| c.id == super::CheckId::Format) {
                        format.detail = format!("The file could not be read: {why}.");
                    }
                }
                Ok(VerifiedInput { input: path.as_ref().display().to_string(), report, notes: self.network_notes() })
            })
            .collect()
    }

    /// Verifies pasted text (JSON or a compact JWS) now, against the earner's identifiers.
    pub fn verify_text_now(&self, text: &str) -> Result<VerifiedInput> {
        let options = VerifyOptions { at: self.now(), recipients: self.store.my_identifiers()? };
        Ok(VerifiedInput {
            input: "pasted text".into(),
            report: self.verify_bytes(text.trim().as_bytes(), &options),
            notes: self.network_notes(),
        })
    }

    /// Verifies the badge at an https link now (fetching it, then what it needs), against
    /// the earner's identifiers. Needs [`Wallet::go_online`] (see [`Wallet::while_online`]).
    pub fn verify_link_now(&self, link: &str) -> Result<VerifiedInput> {
        let link = super::online::https_link(link)?;
        let options = VerifyOptions { at: self.now(), recipients: self.store.my_identifiers()? };
        let bytes = self.fetch_linked_badge(link)?;
        Ok(VerifiedInput {
            input: link.to_owned(),
            report: self.verify_bytes(&bytes, &options),
            notes: self.network_notes(),
        })
    }

    /// Verifies a badge given as bytes (a file), against the kept documents. A picture
    /// without a baked badge is searched for a QR code: a credential in it is verified;
    /// a link is followed when online, else named in the report.
    pub fn verify_bytes(&self, bytes: &[u8], options: &VerifyOptions) -> VerificationReport {
        let offline = PortfolioSource { store: &self.store, badge_documents: MemoryKeySource::default() };
        verify_file_bytes(bytes, options, &self.key_source(&offline), self.online.as_ref(), self.fetch_time())
    }

    /// Threads verifying many badges: every core, handed several badges at a time; more
    /// when online, where they mostly wait for answers, one badge at a time.
    fn verifying_threads(&self) -> Parallelism {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        if self.online.is_some() {
            Parallelism { threads: cores.max(ONLINE_THREADS), batch: 1 }
        } else {
            Parallelism { threads: cores, batch: OFFLINE_BATCH }
        }
    }
}

/// [`Wallet::verify_bytes`] against `source`; a QR code's link is fetched through
/// `session` when there is one.
fn verify_file_bytes(
    bytes: &[u8],
    options: &VerifyOptions,
    source: &dyn KeySource,
    session: Option<&OnlineSession>,
    now: OffsetDateTime,
) -> VerificationReport {
    // The cheap test first: JSON and JWS input never pays for the image readers.
    let unbaked_picture = image_like(bytes)
        && matches!(crate::bake::unbake(bytes), Ok(None) | Err(crate::bake::BakeError::NotAnImage(_)));
    let qr = if unbaked_picture { crate::share::read_qr(bytes).ok().flatten() } else { None };
    match qr {
        Some(text) if text.trim_start().starts_with('{') || text.trim().starts_with("eyJ") => {
            verify(text.trim().as_bytes(), options, source)
        }
        Some(text) => {
            let link = text.trim();
            let fetched = match session {
                Some(session) if link.starts_with("https://") => Some(session.fetch_badge(link, now)),
                _ => None,
            };
            let (mut report, detail) = match fetched {
                Some(Ok(badge)) => {
                    let report = verify(&badge, options, source);
                    let detail = format!("Fetched from the link in the picture's QR code, {link}.");
                    (report, detail)
                }
                Some(Err(e)) => (
                    verify(bytes, options, source),
                    format!("The picture holds no baked badge, but a QR code with this link: {link}. Fetching it failed: {e}."),
                ),
                None => (
                    verify(bytes, options, source),
                    format!(
                        "The picture holds no baked badge, but a QR code with this link: {link}. Open the link to get the badge, or verify the link online."
                    ),
                ),
            };
            if let Some(format) = report.checks.iter_mut().find(|c| c.id == super::CheckId::Format) {
                format.detail = if format.outcome == super::Outcome::Passed {
                    format!("{detail} {}", format.detail)
                } else {
                    detail
                };
            }
            report
        }
        None => verify(bytes, options, source),
    }
}

// ---------------------------------------------------------------------------------------
// Many badges at once. Verification runs on every core; the calling thread keeps the
// database (its connection cannot be shared between threads): it reads the next badges,
// and writes or hands out the results in order. Plain scoped threads rather than a pool
// crate: the work is one flat list, results must come back in order while they are
// written, and no dependency is needed for that.

/// Verification results written to the database in one transaction.
const RESULTS_PER_TRANSACTION: usize = 100;
/// Badges read ahead of the verifying threads, per thread.
const READ_AHEAD_PER_THREAD: usize = 32;
/// Fewest threads verifying many badges online.
const ONLINE_THREADS: usize = 8;
/// Badges handed to a verifying thread at a time, offline.
const OFFLINE_BATCH: usize = 32;

/// What [`Wallet::verify_each`] verifies.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BadgeInput {
    /// The bytes of a file or a download (JSON, JWS, baked PNG/SVG, a QR code picture).
    Bytes(Vec<u8>),
    /// The id (or an unambiguous prefix) of a stored badge.
    Stored(String),
}

/// An input of [`Wallet::verify_each`] as read: its bytes, and for a stored badge the
/// documents stored with it.
type ReadInput = (Vec<u8>, Option<MemoryKeySource>);

/// Reads a stored badge's original bytes and the documents stored with it.
fn read_for_check(store: &Store, row: i64) -> Result<StoredForCheck> {
    let stored = store.get(row)?;
    let imported = OffsetDateTime::parse(&stored.imported_at, &Rfc3339)
        .map_err(|e| Error::InvalidInput(format!("stored import time: {e}")))?;
    let mut documents = MemoryKeySource::default();
    for (doc_id, bytes) in &stored.related {
        if let Ok(value) = crate::json::parse_strict(bytes) {
            documents.insert(Some(doc_id), value, DocumentOrigin::Imported(imported));
        }
    }
    Ok(StoredForCheck { row, original: stored.original, documents })
}

/// A stored badge's original bytes and the documents stored with it.
struct StoredForCheck {
    row: i64,
    original: Vec<u8>,
    documents: MemoryKeySource,
}

fn report_json(report: &VerificationReport) -> Result<String> {
    serde_json::to_string(report).map_err(|e| Error::InvalidInput(e.to_string()))
}

/// The kept documents, read and parsed once so that every thread can use them: the same
/// answers as [`PortfolioSource`] gives from the database.
#[derive(Debug, Default)]
struct KeptDocuments {
    documents: HashMap<String, SourcedDocument>,
    /// Rosette's records of addresses that answered 410 Gone.
    gone: HashMap<String, DocumentOrigin>,
}

impl KeptDocuments {
    fn read(store: &Store) -> Result<Self> {
        let mut kept = Self::default();
        for document in store.kept_documents()? {
            let (Ok(value), Some(origin)) = (crate::json::parse_strict(&document.bytes), origin_of(&document)) else {
                continue;
            };
            if super::online::is_gone_record(&value) {
                kept.gone.insert(document.id, origin);
            } else {
                kept.documents.insert(document.id, SourcedDocument { value, origin });
            }
        }
        Ok(kept)
    }
}

impl KeySource for KeptDocuments {
    fn document(&self, id: &str) -> Option<SourcedDocument> {
        self.documents.get(id).cloned()
    }

    fn absence(&self, id: &str) -> Option<Absence> {
        self.gone.get(id).copied().map(Absence::Gone)
    }
}

/// A badge's own documents in front of the kept ones.
struct BadgeSource<'a> {
    own: &'a MemoryKeySource,
    kept: &'a KeptDocuments,
}

impl KeySource for BadgeSource<'_> {
    fn document(&self, id: &str) -> Option<SourcedDocument> {
        self.own.document(id).or_else(|| self.kept.document(id))
    }

    fn absence(&self, id: &str) -> Option<Absence> {
        self.kept.absence(id)
    }
}

/// How many threads verify, and how many badges each is handed at a time.
#[derive(Debug, Clone, Copy)]
struct Parallelism {
    threads: usize,
    /// Items per hand-over: several when each is quick (offline: fewer wake-ups), one
    /// when each waits on the network (no badge queues behind a slow one).
    batch: usize,
}

/// Runs `work` on several threads over the items `next` produces, and hands each result
/// to `deliver` in the order the items were produced, as soon as every earlier one was
/// delivered. `next` and `deliver` run on the calling thread with `state` (the database);
/// they alternate, so results are written while further items are read. The first error
/// of `next` or `deliver` stops the run (items already started finish) and is returned.
fn in_order_on_threads<S, I, R, E>(
    parallelism: Parallelism,
    state: &mut S,
    mut next: impl FnMut(&mut S) -> std::result::Result<Option<I>, E>,
    work: impl Fn(I) -> R + Sync,
    mut deliver: impl FnMut(&mut S, R) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    I: Send,
    R: Send,
{
    let threads = parallelism.threads.max(1);
    let batch = parallelism.batch.max(1);
    let queued_batches = (threads * READ_AHEAD_PER_THREAD / batch).max(threads);
    let (job_sender, jobs) = mpsc::sync_channel::<Vec<(usize, I)>>(queued_batches);
    let jobs = Mutex::new(jobs);
    let (result_sender, results) = mpsc::channel::<Vec<(usize, R)>>();
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (jobs, work, stop, result_sender) = (&jobs, &work, &stop, result_sender.clone());
            scope.spawn(move || loop {
                let job = match jobs.lock() {
                    Ok(jobs) => jobs.recv(),
                    Err(_) => return,
                };
                let Ok(items) = job else { return };
                let mut done = Vec::with_capacity(items.len());
                for (index, item) in items {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    done.push((index, work(item)));
                }
                if result_sender.send(done).is_err() {
                    return;
                }
            });
        }
        drop(result_sender);
        let mut job_sender = Some(job_sender);
        let mut waiting = BTreeMap::new();
        let (mut sent, mut delivered) = (0usize, 0usize);
        let outcome = loop {
            while let Ok(done) = results.try_recv() {
                waiting.extend(done);
            }
            let mut failed = None;
            while let Some(result) = waiting.remove(&delivered) {
                if let Err(e) = deliver(state, result) {
                    failed = Some(e);
                    break;
                }
                delivered += 1;
            }
            if let Some(e) = failed {
                break Err(e);
            }
            if let Some(sender) = &job_sender {
                let mut items = Vec::with_capacity(batch);
                let mut read = Ok(true);
                while items.len() < batch {
                    match next(state) {
                        Ok(Some(item)) => items.push((sent + items.len(), item)),
                        Ok(None) => {
                            read = Ok(false);
                            break;
                        }
                        Err(e) => {
                            read = Err(e);
                            break;
                        }
                    }
                }
                let more = match read {
                    Ok(more) => more,
                    Err(e) => break Err(e),
                };
                let count = items.len();
                if count > 0 {
                    if sender.send(items).is_err() {
                        // Every thread is gone (a panic, re-raised when the scope ends).
                        break Ok(());
                    }
                    sent += count;
                }
                if !more {
                    job_sender = None;
                }
            } else if delivered == sent {
                break Ok(());
            } else {
                match results.recv() {
                    Ok(done) => waiting.extend(done),
                    Err(_) => break Ok(()),
                }
            }
        };
        stop.store(outcome.is_err(), Ordering::Relaxed);
        drop(job_sender);
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::wallet::ImportSource;
    use serde_json::Value;
    use std::path::PathBuf;

    fn fixture(name: &str) -> Vec<u8> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The VC-JWT EdDSA fixture with one bit of its signature flipped.
    fn tampered_jwt() -> Vec<u8> {
        let mut token = fixture("ob3-vc2-jwt-eddsa.jwt");
        let last = token.iter().rposition(u8::is_ascii_alphanumeric).unwrap() - 3;
        token[last] = if token[last] == b'A' { b'B' } else { b'A' };
        token
    }

    /// A portfolio of every kind of badge: valid, invalid signatures, unknown without
    /// keys, expired, Data Integrity variations, and documents kept for the OB 2.0 one.
    fn mixed_portfolio(dir: &Path) -> Wallet {
        let at = time::macros::datetime!(2026-01-01 00:00 UTC);
        let mut wallet = Wallet::open_with_clock(dir, Box::new(FixedClock(at))).unwrap();
        wallet.add_my_identifier("jane.doe@example.org").unwrap();
        let template: Value = serde_json::from_slice(&fixture("bench-template.json")).unwrap();
        let mut sources: Vec<ImportSource> = [
            "ob3-vc2-eddsa-rdfc-2022.json",
            "ob3-vc1-ed25519-2020.json",
            "ob3-vc2-jwt-es256.jws",
            "ob3-vc2-jwt-rs256.txt",
            "ob2-assertion-embedded.json",
            "ob2-signed.jws",
        ]
        .iter()
        .map(|name| ImportSource { name: (*name).into(), bytes: fixture(name) })
        .collect();
        sources.push(ImportSource { name: "tampered.jwt".into(), bytes: tampered_jwt() });
        for i in 0..12 {
            let mut doc = template.clone();
            doc["id"] = Value::from(format!("urn:uuid:3f9c8a52-6d1e-4b7a-9e0f-{i:012}"));
            if i % 3 == 0 {
                doc["validUntil"] = Value::from("2025-06-01T00:00:00Z");
            }
            sources
                .push(ImportSource { name: format!("variation-{i}.json"), bytes: serde_json::to_vec(&doc).unwrap() });
        }
        assert_eq!(wallet.import_sources(sources).unwrap().imported, 19);
        let kept = dir.join("kept");
        std::fs::create_dir_all(&kept).unwrap();
        let mut paths = Vec::new();
        for name in ["ob2-signed-key.json", "ob2-signed-issuer.json"] {
            paths.push(kept.join(name));
            std::fs::write(kept.join(name), fixture(name)).unwrap();
        }
        wallet.cache_import(&paths).unwrap();
        wallet
    }

    #[test]
    fn check_all_on_every_core_records_the_reports_of_one_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut wallet = mixed_portfolio(dir.path());
        let options = VerifyOptions { at: wallet.now(), recipients: wallet.my_identifiers().unwrap() };
        let rows = wallet.store.all_rows().unwrap();
        // One at a time, through the database-backed source.
        let mut expected = CheckAllReport::default();
        let alone: Vec<VerificationReport> = rows
            .iter()
            .map(|&row| {
                let stored = wallet.read_for_check(row).unwrap();
                let source = PortfolioSource { store: &wallet.store, badge_documents: stored.documents };
                let report = verify(&stored.original, &options, &source);
                expected.count(report.verdict);
                report
            })
            .collect();
        assert!(expected.valid >= 3 && expected.invalid >= 1 && expected.unknown >= 1, "{expected:?}");

        let mut calls = Vec::new();
        let counts = wallet.check_all(&mut |done, total| calls.push((done, total))).unwrap();
        assert_eq!(counts, expected);
        assert_eq!(calls, [(rows.len(), rows.len())], "one group of up to 100");
        for (row, report) in rows.iter().zip(&alone) {
            let recorded = wallet.store.latest_report(*row).unwrap().unwrap();
            assert_eq!(serde_json::from_str::<VerificationReport>(&recorded).unwrap(), *report);
        }
    }

    #[test]
    fn results_come_back_in_order_whatever_finishes_first() {
        let mut produced = 0u64;
        let mut delivered = Vec::new();
        in_order_on_threads(
            Parallelism { threads: 2, batch: 3 },
            &mut delivered,
            |_| {
                produced += 1;
                Ok::<_, String>((produced <= 300).then_some(produced))
            },
            |n: u64| {
                // Early items take longest.
                std::thread::sleep(std::time::Duration::from_micros((300 - n) * 20));
                n * 2
            },
            |delivered, doubled| {
                delivered.push(doubled);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(delivered, (1..=300).map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let mut produced = 0u32;
        let mut delivered = 0u32;
        let error = in_order_on_threads(
            Parallelism { threads: 2, batch: 4 },
            &mut delivered,
            |_| {
                produced += 1;
                Ok((produced <= 1000).then_some(produced))
            },
            |n: u32| n,
            |delivered, n| {
                if n == 10 {
                    return Err(format!("stopped at {n}"));
                }
                *delivered += 1;
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(error, "stopped at 10");
        assert_eq!(delivered, 9);
        assert!(produced < 1000, "reading stopped early ({produced})");
        let failed: std::result::Result<(), String> = in_order_on_threads(
            Parallelism { threads: 2, batch: 1 },
            &mut (),
            |()| Err("cannot read".to_owned()),
            |n: u32| n,
            |(), _| Ok(()),
        );
        assert_eq!(failed.unwrap_err(), "cannot read");
    }
}
