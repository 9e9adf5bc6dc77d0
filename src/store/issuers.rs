//! What the earner keeps about an issuer, keyed by the issuer's id (or, for an issuer
//! without one, its name).

use super::{Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// The key under which an issuer's settings are kept.
pub(crate) fn issuer_key(issuer_id: Option<&str>, issuer_name: &str) -> String {
    match issuer_id {
        Some(id) => id.to_owned(),
        None => format!("name:{issuer_name}"),
    }
}

impl Store {
    /// The LinkedIn organization id the earner saved for an issuer.
    pub(crate) fn saved_linkedin_id(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT linkedin_organization_id FROM issuer_settings WHERE issuer_key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    /// Saves (or with `None`, forgets) the LinkedIn organization id of an issuer.
    pub(crate) fn save_linkedin_id(&mut self, key: &str, organization_id: Option<&str>) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO issuer_settings (issuer_key, linkedin_organization_id) VALUES (?1, ?2)
             ON CONFLICT (issuer_key) DO UPDATE SET linkedin_organization_id = excluded.linkedin_organization_id",
            params![key, organization_id],
        )?;
        Ok(())
    }

    /// Issuers in the portfolio whose id or name (case-insensitive) is `wanted`, as
    /// (key, name) pairs.
    pub(crate) fn issuers_named(&self, wanted: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT issuer_id, issuer_name FROM badges
             WHERE issuer_id = ?1 OR issuer_name = ?1 COLLATE NOCASE ORDER BY issuer_name",
        )?;
        let rows = stmt.query_map([wanted], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name) = row?;
            out.push((issuer_key(id.as_deref(), &name), name));
        }
        Ok(out)
    }
}
