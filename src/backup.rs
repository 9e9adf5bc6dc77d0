//! Backup and restore of a portfolio as a zip file.
//!
//! The zip holds every original credential file byte for byte
//! (`credentials/<id>/<file>`), the related OB 2.0 documents stored with it, each image
//! once (`images/<sha256>.<ext>`), and `manifest.json` with SHA-256 hashes and the
//! earner's tags, collections, visibility and note. Restore checks every hash, reads
//! every credential again and stores it like an import (duplicates skipped), reporting
//! per item. Never a copy of the live database.

use crate::error::{Error, Result};
use crate::formats::{self, RelatedDocuments, MAX_DOCUMENT_BYTES, MAX_FILE_BYTES, MAX_IMAGE_BYTES};
use crate::store::{Inserted, NewBadge, UserData};
use crate::wallet::Wallet;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;

/// `format` value of a Rosette manifest.
const MANIFEST_FORMAT: &str = "rosette-backup";
const MANIFEST_VERSION: u32 = 1;
const MANIFEST_NAME: &str = "manifest.json";
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ENTRIES: usize = 500_000;

/// The manifest of a backup.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    format: String,
    version: u32,
    created_at: String,
    /// Every collection, so that empty ones survive a restore too.
    #[serde(default)]
    collections: Vec<String>,
    /// Documents kept for offline verification (issuer profiles, keys, DID documents).
    #[serde(default)]
    documents: Vec<KeptEntry>,
    /// The earner's own identifiers, which recipients are checked against. (Network
    /// settings stay with the machine: a restored backup never adds a trusted
    /// certificate authority.)
    #[serde(default)]
    my_identifiers: Vec<String>,
    items: Vec<ManifestItem>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptEntry {
    id: String,
    path: String,
    sha256: String,
    origin: String,
    obtained_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ManifestItem {
    id: String,
    name: String,
    format: String,
    imported_at: String,
    credential: FileEntry,
    #[serde(default)]
    related: Vec<FileEntry>,
    image: Option<FileEntry>,
    user: UserData,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileEntry {
    path: String,
    sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_id: Option<String>,
}

/// The result of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub path: String,
    pub badges: u32,
    pub bytes: u64,
}

/// What happened to one item of a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RestoreOutcome {
    Restored { id: String },
    Duplicate { id: String },
    Failed { message: String },
}

/// One item of a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RestoreItem {
    /// The badge's id in the backup.
    pub id: String,
    pub name: String,
    pub outcome: RestoreOutcome,
}

/// The result of a restore, item by item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    pub items: Vec<RestoreItem>,
    pub restored: u32,
    pub duplicates: u32,
    pub failed: u32,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn extension_for(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "png",
        "image/svg+xml" => "svg",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "bin",
    }
}

impl Wallet {
    /// Writes the whole portfolio to a zip at `out` (atomically: temporary file in the
    /// same folder, synced, renamed over the target).
    pub fn export(&self, out: &Path) -> Result<ExportReport> {
        let backup_error = |message: String| Error::Backup { path: out.to_path_buf(), message };
        let temp = crate::atomic_file::temporary_beside(out)?;
        let mut zip = zip::ZipWriter::new(temp);
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let zip_err = |e: zip::result::ZipError| backup_error(e.to_string());
        let write_err = |e: std::io::Error| backup_error(e.to_string());

        let mut items = Vec::new();
        let mut images_written = std::collections::HashSet::new();
        for row in self.store.all_rows()? {
            let badge = self.store.get(row)?;
            let folder = format!("credentials/{}", badge.short_id);
            let credential_path = format!("{folder}/{}", badge.file_name);
            zip.start_file(credential_path.as_str(), deflated).map_err(zip_err)?;
            zip.write_all(&badge.original).map_err(write_err)?;
            let mut related = Vec::new();
            for (index, (doc_id, bytes)) in badge.related.iter().enumerate() {
                let path = format!("{folder}/related-{}.json", index + 1);
                zip.start_file(path.as_str(), deflated).map_err(zip_err)?;
                zip.write_all(bytes).map_err(write_err)?;
                related.push(FileEntry { path, sha256: sha256_hex(bytes), doc_id: Some(doc_id.clone()) });
            }
            let image = match &badge.image_hash {
                Some(hash) => {
                    let (media_type, bytes) =
                        self.store.image(hash)?.ok_or_else(|| backup_error(format!("image {hash} is missing")))?;
                    let path = format!("images/{hash}.{}", extension_for(&media_type));
                    if images_written.insert(hash.clone()) {
                        zip.start_file(path.as_str(), stored).map_err(zip_err)?;
                        zip.write_all(&bytes).map_err(write_err)?;
                    }
                    Some(FileEntry { path, sha256: hash.clone(), doc_id: None })
                }
                None => None,
            };
            items.push(ManifestItem {
                id: badge.short_id,
                name: badge.credential.achievement.name,
                format: badge.credential.format.as_str().to_owned(),
                imported_at: badge.imported_at,
                credential: FileEntry { path: credential_path, sha256: badge.original_sha256, doc_id: None },
                related,
                image,
                user: badge.user,
            });
        }
        let mut documents = Vec::new();
        for (index, kept) in self.store.kept_documents()?.into_iter().enumerate() {
            let path = format!("documents/{}.json", index + 1);
            zip.start_file(path.as_str(), deflated).map_err(zip_err)?;
            zip.write_all(&kept.bytes).map_err(write_err)?;
            documents.push(KeptEntry {
                sha256: sha256_hex(&kept.bytes),
                id: kept.id,
                path,
                origin: kept.origin,
                obtained_at: kept.obtained_at,
            });
        }
        let count = items.len() as u32;
        let manifest = Manifest {
            format: MANIFEST_FORMAT.into(),
            version: MANIFEST_VERSION,
            created_at: self.now_rfc3339(),
            collections: self.facets()?.collections.into_iter().map(|c| c.name).collect(),
            documents,
            my_identifiers: self.my_identifiers()?,
            items,
        };
        zip.start_file(MANIFEST_NAME, deflated).map_err(zip_err)?;
        serde_json::to_writer_pretty(&mut zip, &manifest).map_err(|e| backup_error(e.to_string()))?;
        let temp = zip.finish().map_err(zip_err)?;
        crate::atomic_file::persist(temp, out)?;
        let bytes = std::fs::metadata(out).map_err(|e| Error::io(out, e))?.len();
        Ok(ExportReport { path: out.display().to_string(), badges: count, bytes })
    }

    /// Restores a backup into this portfolio, skipping badges it already holds.
    pub fn restore(&mut self, backup: &Path) -> Result<RestoreReport> {
        let backup_error = |message: String| Error::Backup { path: backup.to_path_buf(), message };
        let file = std::fs::File::open(backup).map_err(|e| Error::io(backup, e))?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| backup_error(format!("not a readable zip: {e}")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(backup_error(format!("{} entries is more than a backup can hold", zip.len())));
        }
        let manifest_bytes = read_entry(&mut zip, MANIFEST_NAME, MAX_MANIFEST_BYTES)
            .map_err(|e| backup_error(format!("no usable {MANIFEST_NAME}: {e}")))?;
        let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
            .map_err(|e| backup_error(format!("{MANIFEST_NAME} is not a Rosette manifest: {e}")))?;
        if manifest.format != MANIFEST_FORMAT || manifest.version > MANIFEST_VERSION {
            return Err(backup_error(format!(
                "unsupported backup format \"{}\" version {}",
                manifest.format, manifest.version
            )));
        }
        for name in &manifest.collections {
            self.create_collection(name)?;
        }
        for identifier in &manifest.my_identifiers {
            // One that is not usable (edited by hand) is left out; badges still restore.
            let _ = self.add_my_identifier(identifier);
        }
        // Kept documents come first: restored badges are verified against them.
        for entry in &manifest.documents {
            let file = FileEntry { path: entry.path.clone(), sha256: entry.sha256.clone(), doc_id: None };
            let bytes = read_checked(&mut zip, &file, MAX_DOCUMENT_BYTES as u64).map_err(backup_error)?;
            let origin = if entry.origin == "fetched" { "fetched" } else { "imported" };
            self.store.keep_document(&crate::store::KeptDocument {
                id: entry.id.clone(),
                bytes,
                origin: origin.to_owned(),
                obtained_at: entry.obtained_at.clone(),
            })?;
        }
        let mut report = RestoreReport::default();
        for item in manifest.items {
            let outcome = match self.restore_item(&mut zip, &item) {
                Ok(Inserted::New(id)) => {
                    report.restored += 1;
                    RestoreOutcome::Restored { id }
                }
                Ok(Inserted::Duplicate(id)) => {
                    report.duplicates += 1;
                    RestoreOutcome::Duplicate { id }
                }
                Err(message) => {
                    report.failed += 1;
                    RestoreOutcome::Failed { message }
                }
            };
            report.items.push(RestoreItem { id: item.id, name: item.name, outcome });
        }
        // Every restored badge is verified again (offline), as after an import.
        let restored: Vec<String> = report
            .items
            .iter()
            .filter_map(|item| match &item.outcome {
                RestoreOutcome::Restored { id } => Some(id.clone()),
                _ => None,
            })
            .collect();
        self.check_badges(&restored, &mut |_, _| {})?;
        Ok(report)
    }

    fn restore_item(
        &mut self,
        zip: &mut zip::ZipArchive<std::fs::File>,
        item: &ManifestItem,
    ) -> std::result::Result<Inserted, String> {
        let original = read_checked(zip, &item.credential, MAX_FILE_BYTES as u64)?;
        let mut related = RelatedDocuments::default();
        let mut related_bytes = Vec::new();
        for entry in &item.related {
            let bytes = read_checked(zip, entry, MAX_DOCUMENT_BYTES as u64)?;
            let id = related.add(&bytes).map_err(|e| format!("{}: {e}", entry.path))?;
            related_bytes.push((id, bytes));
        }
        if let Some(image) = &item.image {
            read_checked(zip, image, MAX_IMAGE_BYTES as u64)?;
        }
        let parsed = formats::parse(&original, &related).map_err(|e| format!("{}: {e}", item.credential.path))?;
        let file_name = item.credential.path.rsplit('/').next().unwrap_or("credential").to_owned();
        let badge = NewBadge {
            dedupe_key: &parsed.dedupe_key,
            file_name: &file_name,
            original: &original,
            credential: &parsed.credential,
            image: parsed.image.as_ref().map(|i| (i.media_type.as_str(), i.bytes.as_slice())),
            related: related_bytes.iter().map(|(id, b)| (id.as_str(), b.as_slice())).collect(),
            imported_at: &item.imported_at,
            user: item.user.clone(),
        };
        self.store.insert(&badge).map_err(|e| e.to_string())
    }
}

fn read_entry(zip: &mut zip::ZipArchive<std::fs::File>, name: &str, cap: u64) -> std::result::Result<Vec<u8>, String> {
    let entry = zip.by_name(name).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    entry.take(cap + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > cap {
        return Err(format!("larger than {cap} bytes"));
    }
    Ok(bytes)
}

fn read_checked(
    zip: &mut zip::ZipArchive<std::fs::File>,
    entry: &FileEntry,
    cap: u64,
) -> std::result::Result<Vec<u8>, String> {
    let bytes = read_entry(zip, &entry.path, cap).map_err(|e| format!("{}: {e}", entry.path))?;
    if sha256_hex(&bytes) != entry.sha256.to_ascii_lowercase() {
        return Err(format!("{}: SHA-256 does not match the manifest (damaged backup)", entry.path));
    }
    Ok(bytes)
}
