//! The user's settings (a key and a JSON value each) and the extra certificate
//! authorities trusted when going online.

use super::{Store, StoreError};
use rusqlite::OptionalExtension;

/// A certificate authority the user added, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeptCertificate {
    /// SHA-256 of the DER, lower-case hex.
    pub(crate) fingerprint: String,
    pub(crate) der: Vec<u8>,
    pub(crate) added_at: String,
}

impl Store {
    /// A setting's JSON value, `None` when never set.
    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub(crate) fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// The trusted certificate authorities, in the order they were added.
    pub(crate) fn trusted_certificates(&self) -> Result<Vec<KeptCertificate>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT fingerprint, der, added_at FROM trusted_certificates ORDER BY added_at, rowid")?;
        let rows = stmt
            .query_map([], |r| Ok(KeptCertificate { fingerprint: r.get(0)?, der: r.get(1)?, added_at: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Keeps a certificate; returns whether it was new.
    pub(crate) fn trust_certificate(&mut self, certificate: &KeptCertificate) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "INSERT OR IGNORE INTO trusted_certificates (fingerprint, der, added_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![certificate.fingerprint, certificate.der, certificate.added_at],
        )? > 0)
    }

    /// Returns whether the certificate was there.
    pub(crate) fn distrust_certificate(&mut self, fingerprint: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM trusted_certificates WHERE fingerprint = ?1", [fingerprint])? > 0)
    }
}
