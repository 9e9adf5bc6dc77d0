//! Documents kept for offline verification, under their own `id`.

use super::{Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// A kept document as stored.
pub(crate) struct KeptDocument {
    pub(crate) id: String,
    pub(crate) bytes: Vec<u8>,
    /// "imported" (given by the user) or "fetched" (from its own URL).
    pub(crate) origin: String,
    pub(crate) obtained_at: String,
}

impl Store {
    /// Keeps a document, replacing an older copy with the same id.
    pub(crate) fn keep_document(&mut self, document: &KeptDocument) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO documents (id, bytes, origin, obtained_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes, origin = excluded.origin,
                 obtained_at = excluded.obtained_at",
            params![document.id, document.bytes, document.origin, document.obtained_at],
        )?;
        Ok(())
    }

    /// The kept document with this id.
    pub(crate) fn kept_document(&self, id: &str) -> Result<Option<KeptDocument>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT id, bytes, origin, obtained_at FROM documents WHERE id = ?1", [id], |r| {
                Ok(KeptDocument { id: r.get(0)?, bytes: r.get(1)?, origin: r.get(2)?, obtained_at: r.get(3)? })
            })
            .optional()?)
    }

    /// Forgets a kept document; returns whether it was there.
    pub(crate) fn forget_document(&mut self, id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM documents WHERE id = ?1", [id])? > 0)
    }

    /// Every kept document, by id.
    pub(crate) fn kept_documents(&self) -> Result<Vec<KeptDocument>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT id, bytes, origin, obtained_at FROM documents ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(KeptDocument { id: r.get(0)?, bytes: r.get(1)?, origin: r.get(2)?, obtained_at: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
