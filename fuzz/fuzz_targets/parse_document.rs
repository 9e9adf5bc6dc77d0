//! `rosette::parse` on arbitrary bytes: it must never panic, and a credential it accepts
//! must keep the model's invariants (a name to show, a dedupe key, RFC 3339 UTC dates).

#![no_main]

use libfuzzer_sys::fuzz_target;
use rosette::{parse, RelatedDocuments};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = parse(data, &RelatedDocuments::default()) else {
        return;
    };
    let c = &parsed.credential;
    assert!(!c.achievement.name.trim().is_empty(), "accepted with a blank achievement name: {:?}", c.achievement.name);
    assert!(!parsed.dedupe_key.is_empty(), "accepted with an empty dedupe key");
    for (field, value) in [("issued_on", &c.issued_on), ("valid_from", &c.valid_from), ("valid_until", &c.valid_until)]
    {
        if let Some(text) = value {
            let date = OffsetDateTime::parse(text, &Rfc3339)
                .unwrap_or_else(|e| panic!("{field} = {text:?} is not RFC 3339: {e}"));
            assert_eq!(date.offset(), UtcOffset::UTC, "{field} = {text:?} is not in UTC");
        }
    }
});
