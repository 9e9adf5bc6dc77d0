//! The verification report as a printable, self-contained HTML page (no scripts, no
//! remote resources). Every value from the badge is escaped: it is attacker-controlled.

use super::report::{KeySourceKind, Outcome, VerificationReport};
use crate::markdown::escape_html as escape;
use std::fmt::Write as _;

fn outcome_label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Warning => "passed, note",
        Outcome::NotChecked => "not checked",
        Outcome::Unknown => "could not decide",
    }
}

fn key_source_label(kind: &KeySourceKind) -> String {
    match kind {
        KeySourceKind::Embedded => "embedded in the credential".into(),
        KeySourceKind::DidKey => "derived from the issuer's did:key".into(),
        KeySourceKind::DidJwk => "derived from the issuer's did:jwk".into(),
        KeySourceKind::Cached { at } => format!("cached copy from {at}"),
        KeySourceKind::Fetched { at } => format!("fetched at {at}"),
        KeySourceKind::Imported { at } => format!("imported by you on {at}"),
        KeySourceKind::NotAvailable => "not available".into(),
    }
}

/// Renders the report as a printable HTML page titled with `input` (a file name or id).
pub fn report_html(input: &str, report: &VerificationReport) -> String {
    let mut rows = String::new();
    for check in &report.checks {
        let _ = writeln!(
            rows,
            "<tr class=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            escape(&format!("{:?}", check.outcome).to_lowercase()),
            escape(check.id.as_str()),
            outcome_label(check.outcome),
            escape(&check.detail)
        );
    }
    let issuer = report.issuer_name.as_deref().map_or_else(|| "unknown".to_owned(), escape);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>Verification of {title}</title>\
<style>body{{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#111}}h1{{font-size:1.4rem}}\
.verdict{{font-size:1.2rem;font-weight:600}}table{{border-collapse:collapse;width:100%}}\
th,td{{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}}\
tr.failed td{{background:#fde8e8}}tr.unknown td{{background:#fff6db}}tr.warning td{{background:#f3f6ff}}</style>\
</head><body>\n<h1>Verification of {title}</h1>\n<p class=\"verdict\">Verdict: {verdict}</p>\n\
<p>Issuer (self-declared name): {issuer}<br>Key: {key}<br>Checked as of {at}</p>\n\
<table><thead><tr><th>Check</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>\n{rows}</tbody></table>\n\
<p>Made by Rosette, offline.</p>\n</body></html>\n",
        title = escape(input),
        verdict = report.verdict.as_str(),
        key = escape(&key_source_label(&report.key_source)),
        at = escape(&report.checked_at),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{verify, NoDocuments, VerifyOptions};

    #[test]
    fn the_page_escapes_what_the_badge_says() {
        let report =
            verify(b"{\"hello\":\"<script>\"}", &VerifyOptions::at(time::OffsetDateTime::UNIX_EPOCH), &NoDocuments);
        let page = report_html("<b>evil</b>.json", &report);
        assert!(page.contains("&lt;b&gt;evil&lt;/b&gt;.json"));
        assert!(!page.contains("<script"));
        assert!(page.contains("Verdict: invalid"));
    }
}
