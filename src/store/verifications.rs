//! Verification results kept per badge (a history; the newest is shown) and the earner's
//! own identifiers.

use super::{Store, StoreError};
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Records verification results, (row, checked at, verdict, report as JSON), in one
    /// transaction.
    pub(crate) fn record_verifications(&mut self, results: &[(i64, String, &str, String)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO verifications (badge_id, checked_at, verdict, report) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (row, checked_at, verdict, report) in results {
                stmt.execute(params![row, checked_at, verdict, report])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The newest verification report of a badge, as JSON.
    pub(crate) fn latest_report(&self, row: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT report FROM verifications WHERE badge_id = ?1 ORDER BY id DESC LIMIT 1", [row], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The earner's identifiers, sorted.
    pub(crate) fn my_identifiers(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT identifier FROM my_identifiers ORDER BY identifier")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn add_my_identifier(&mut self, identifier: &str) -> Result<(), StoreError> {
        self.conn.execute("INSERT OR IGNORE INTO my_identifiers (identifier) VALUES (?1)", [identifier])?;
        Ok(())
    }

    /// Returns whether the identifier was there.
    pub(crate) fn remove_my_identifier(&mut self, identifier: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM my_identifiers WHERE identifier = ?1", [identifier])? > 0)
    }
}
