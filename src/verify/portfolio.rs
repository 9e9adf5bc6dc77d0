//! Verification against what the portfolio holds: the documents stored with a badge
//! (OB 2.0 badge class and issuer profile) and the documents kept for offline use
//! (`rosette cache import`, key and profile files given with an import).

use super::source::{DocumentOrigin, KeySource, MemoryKeySource, SourcedDocument};
use super::{verify, VerificationReport, VerifyOptions};
use crate::error::{Error, Result};
use crate::store::{KeptDocument, Store};
use crate::wallet::Wallet;
use serde::{Deserialize, Serialize};
use std::path::Path;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A report with the input it is about (a file name, "pasted text", an id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VerifiedInput {
    pub input: String,
    pub report: VerificationReport,
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
            Some(SourcedDocument { value, origin: origin_of(&kept)? })
        })
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

    /// Verifies a stored badge offline.
    pub fn verify_badge(&self, id: &str, options: &VerifyOptions) -> Result<VerificationReport> {
        let row = self.resolve(id)?;
        let stored = self.store.get(row)?;
        let imported = OffsetDateTime::parse(&stored.imported_at, &Rfc3339)
            .map_err(|e| Error::InvalidInput(format!("stored import time: {e}")))?;
        let mut badge_documents = MemoryKeySource::default();
        for (doc_id, bytes) in &stored.related {
            if let Ok(value) = crate::json::parse_strict(bytes) {
                badge_documents.insert(Some(doc_id), value, DocumentOrigin::Imported(imported));
            }
        }
        let source = PortfolioSource { store: &self.store, badge_documents };
        Ok(verify(&stored.original, options, &source))
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
        let options = VerifyOptions { at: self.now(), recipients: self.store.my_identifiers()? };
        let mut reports = Vec::with_capacity(ids.len());
        let mut done = 0;
        for group in ids.chunks(100) {
            let mut results = Vec::with_capacity(group.len());
            for id in group {
                let report = self.verify_badge(id, &options)?;
                let json = serde_json::to_string(&report).map_err(|e| Error::InvalidInput(e.to_string()))?;
                results.push((self.resolve(id)?, report.checked_at.clone(), report.verdict.as_str(), json));
                reports.push(report);
            }
            self.store.record_verifications(&results)?;
            done += group.len();
            progress(done, ids.len());
        }
        Ok(reports)
    }

    /// Checks every stored badge again; `progress(done, total)` is called as it goes.
    pub fn check_all(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<CheckAllReport> {
        let ids = self.all_ids()?;
        let mut counts = CheckAllReport::default();
        for report in self.check_badges(&ids, progress)? {
            counts.count(report.verdict);
        }
        Ok(counts)
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
        Ok(paths
            .iter()
            .map(|path| {
                let path = path.as_ref();
                let report = match crate::wallet::read_capped(path) {
                    Ok(bytes) => self.verify_bytes(&bytes, &options),
                    Err(why) => {
                        // Nothing to verify: the report's format check says why.
                        let mut report = self.verify_bytes(b"", &options);
                        if let Some(format) = report.checks.iter_mut().find(|c| c.id == super::CheckId::Format) {
                            format.detail = format!("The file could not be read: {why}.");
                        }
                        report
                    }
                };
                VerifiedInput { input: path.display().to_string(), report }
            })
            .collect())
    }

    /// Verifies pasted text (JSON or a compact JWS) now, against the earner's identifiers.
    pub fn verify_text_now(&self, text: &str) -> Result<VerifiedInput> {
        let options = VerifyOptions { at: self.now(), recipients: self.store.my_identifiers()? };
        Ok(VerifiedInput { input: "pasted text".into(), report: self.verify_bytes(text.trim().as_bytes(), &options) })
    }

    /// Verifies a badge given as bytes (a file), against the kept documents. A picture
    /// without a baked badge is searched for a QR code: a credential in it is verified;
    /// a link is named in the report (following it needs the network).
    pub fn verify_bytes(&self, bytes: &[u8], options: &VerifyOptions) -> VerificationReport {
        let source = PortfolioSource { store: &self.store, badge_documents: MemoryKeySource::default() };
        let unbaked_picture =
            matches!(crate::bake::unbake(bytes), Ok(None) | Err(crate::bake::BakeError::NotAnImage(_)))
                && image_like(bytes);
        let qr = if unbaked_picture { crate::share::read_qr(bytes).ok().flatten() } else { None };
        match qr {
            Some(text) if text.trim_start().starts_with('{') || text.trim().starts_with("eyJ") => {
                verify(text.trim().as_bytes(), options, &source)
            }
            Some(text) => {
                let mut report = verify(bytes, options, &source);
                if let Some(format) = report.checks.iter_mut().find(|c| c.id == super::CheckId::Format) {
                    format.detail = format!(
                        "The picture holds no baked badge, but a QR code with this link: {text}. Open the link to get the badge; Rosette does not go online to follow it."
                    );
                }
                report
            }
            None => verify(bytes, options, &source),
        }
    }
}
