//! The validity window at a given time. Expired and not-yet-valid are their own states,
//! each with its date, never confused with a forged credential.

use super::report::{Check, CheckId, Reason};
use super::source::rfc3339;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// When a credential is valid: from (inclusive) until (exclusive). Either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Window {
    pub(crate) from: Option<OffsetDateTime>,
    pub(crate) until: Option<OffsetDateTime>,
}

impl Window {
    /// Narrows the window to also satisfy `other` (the later start, the earlier end).
    #[must_use]
    pub(crate) fn intersect(self, other: Window) -> Window {
        let pick = |a: Option<OffsetDateTime>, b: Option<OffsetDateTime>, later: bool| match (a, b) {
            (Some(a), Some(b)) => Some(if later { a.max(b) } else { a.min(b) }),
            (a, b) => a.or(b),
        };
        Window { from: pick(self.from, other.from, true), until: pick(self.until, other.until, false) }
    }
}

/// Reads a date as the formats module does (RFC 3339, date-time without offset as UTC,
/// a bare date, Unix seconds).
pub(crate) fn read_date(value: &Value) -> Result<OffsetDateTime, String> {
    let text = crate::formats::normalize_date(value)?;
    OffsetDateTime::parse(&text, &Rfc3339).map_err(|e| e.to_string())
}

/// Reads a JWT NumericDate (seconds since the epoch, possibly fractional).
pub(crate) fn read_numeric_date(value: &Value) -> Result<OffsetDateTime, String> {
    let seconds = value.as_f64().filter(|s| s.is_finite()).ok_or_else(|| format!("{value} is not a NumericDate"))?;
    OffsetDateTime::from_unix_timestamp(seconds.floor() as i64).map_err(|_| format!("{value} is out of range"))
}

/// The window check at `at`: expired when `at` is at or after `until`, not yet valid when
/// before `from`.
pub(crate) fn check_window(window: Window, at: OffsetDateTime) -> Check {
    let id = CheckId::ValidityWindow;
    match (window.from, window.until) {
        (Some(from), _) if at < from => {
            Check::failed(id, format!("Not valid yet: valid from {} (checked at {}).", rfc3339(from), rfc3339(at)))
                .because(Reason::NotYetValid)
        }
        (_, Some(until)) if at >= until => {
            Check::failed(id, format!("Expired on {} (checked at {}).", rfc3339(until), rfc3339(at)))
                .because(Reason::Expired)
        }
        (None, None) => Check::passed(id, "Has no validity period: it does not expire."),
        (from, until) => Check::passed(
            id,
            format!(
                "Valid at {}{}{}.",
                rfc3339(at),
                from.map(|f| format!(", from {}", rfc3339(f))).unwrap_or_default(),
                until.map_or_else(|| ", with no end date".to_owned(), |u| format!(" until {}", rfc3339(u)))
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::report::Outcome;
    use time::macros::datetime;

    #[test]
    fn inside_before_and_after() {
        let w = Window { from: Some(datetime!(2025-03-14 12:00 UTC)), until: Some(datetime!(2028-03-14 12:00 UTC)) };
        let inside = check_window(w, datetime!(2026-01-01 0:00 UTC));
        assert_eq!(inside.outcome, Outcome::Passed, "{}", inside.detail);
        let before = check_window(w, datetime!(2025-03-14 11:59:59 UTC));
        assert_eq!((before.outcome, before.reason), (Outcome::Failed, Some(Reason::NotYetValid)));
        assert!(before.detail.contains("2025-03-14T12:00:00Z"), "{}", before.detail);
        let at_end = check_window(w, datetime!(2028-03-14 12:00 UTC));
        assert_eq!((at_end.outcome, at_end.reason), (Outcome::Failed, Some(Reason::Expired)));
        assert!(at_end.detail.contains("Expired on 2028-03-14T12:00:00Z"), "{}", at_end.detail);
        assert_eq!(check_window(Window::default(), datetime!(2026-01-01 0:00 UTC)).outcome, Outcome::Passed);
    }

    #[test]
    fn windows_intersect_and_dates_read() {
        let a = Window { from: Some(datetime!(2025-01-01 0:00 UTC)), until: None };
        let b = Window { from: Some(datetime!(2025-06-01 0:00 UTC)), until: Some(datetime!(2026-01-01 0:00 UTC)) };
        assert_eq!(a.intersect(b), b);
        assert_eq!(
            read_date(&serde_json::json!("2025-03-14T14:00:00+02:00")).unwrap(),
            datetime!(2025-03-14 12:00 UTC)
        );
        assert_eq!(read_numeric_date(&serde_json::json!(1_741_953_600)).unwrap(), datetime!(2025-03-14 12:00 UTC));
        assert!(read_numeric_date(&serde_json::json!("1741953600")).is_err());
    }
}
