//! The email-signature snippet: the badge picture linked to its public page, as HTML
//! and as plain text. All text from the badge is escaped: it is attacker-controlled.

use crate::markdown::escape_html;
use crate::model::Credential;
use serde::{Deserialize, Serialize};

/// Width of the picture in the signature, in CSS pixels.
pub const SIGNATURE_IMAGE_WIDTH: u32 = 96;

/// Where the signature's picture comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SignatureImage {
    /// The badge image's own https address (`None` when it has none).
    Hosted,
    /// A picture file the earner saved (e.g. with `rosette image`), referenced by path.
    File { path: String },
}

/// The signature snippet in both forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EmailSignature {
    pub html: String,
    pub text: String,
    /// Why the snippet has no picture or no link, in plain words; empty when complete.
    pub notes: Vec<String>,
}

fn file_url(path: &str) -> String {
    url::Url::from_file_path(path).map_or_else(|()| path.to_owned(), String::from)
}

/// Builds the snippet. `public_page` is the badge's public https page, if any.
pub fn email_signature(credential: &Credential, public_page: Option<&str>, image: &SignatureImage) -> EmailSignature {
    let mut notes = Vec::new();
    let name = &credential.achievement.name;
    let alt = credential.achievement.image.as_ref().and_then(|i| i.caption.clone()).unwrap_or_else(|| name.clone());
    let src = match image {
        SignatureImage::Hosted => {
            let hosted =
                credential.achievement.image.as_ref().and_then(|i| i.url.clone()).filter(|u| u.starts_with("https://"));
            if hosted.is_none() {
                notes.push("The badge image has no web address; save the picture and use it as a file instead.".into());
            }
            hosted
        }
        SignatureImage::File { path } => Some(file_url(path)),
    };
    if public_page.is_none() {
        notes.push("This badge has no public web page, so the signature cannot link to one.".into());
    }
    let title = format!("{name} — {}", credential.issuer.name);
    let picture = src.map(|src| {
        format!(
            "<img src=\"{}\" alt=\"{}\" width=\"{SIGNATURE_IMAGE_WIDTH}\" style=\"border:0;display:block;\">",
            escape_html(&src),
            escape_html(&alt)
        )
    });
    let label = escape_html(&title);
    let html = match (public_page, picture) {
        (Some(page), Some(picture)) => {
            format!("<a href=\"{}\" title=\"{label}\">{picture}</a>", escape_html(page))
        }
        (Some(page), None) => format!("<a href=\"{}\">{label}</a>", escape_html(page)),
        (None, Some(picture)) => picture,
        (None, None) => format!("<span>{label}</span>"),
    };
    let text = match public_page {
        Some(page) => format!("{title}\n{page}"),
        None => title,
    };
    EmailSignature { html, text, notes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Achievement, CredentialFormat, ImageRef, Issuer};

    fn credential(image_url: Option<&str>) -> Credential {
        Credential {
            format: CredentialFormat::Ob2Json,
            id: None,
            types: vec![],
            achievement: Achievement {
                name: "<script>alert(1)</script>".into(),
                image: Some(ImageRef { url: image_url.map(str::to_owned), caption: None, inline: image_url.is_none() }),
                ..Achievement::default()
            },
            issuer: Issuer { name: "\"Evil\" & Co".into(), ..Issuer::default() },
            recipient: None,
            issued_on: None,
            valid_from: None,
            valid_until: None,
            evidence: vec![],
            results: vec![],
            endorsements: vec![],
            proofs: vec![],
        }
    }

    #[test]
    fn badge_text_is_escaped_and_image_linked() {
        let c = credential(Some("https://example.org/b.png"));
        let sig = email_signature(&c, Some("https://example.org/a/1"), &SignatureImage::Hosted);
        assert!(!sig.html.contains("<script"), "{}", sig.html);
        assert!(sig.html.contains("alt=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
        assert!(sig.html.starts_with("<a href=\"https://example.org/a/1\""));
        assert!(sig.html.contains("src=\"https://example.org/b.png\""));
        assert!(sig.notes.is_empty());
        assert_eq!(sig.text, "<script>alert(1)</script> — \"Evil\" & Co\nhttps://example.org/a/1");
    }

    #[test]
    fn missing_parts_are_said_plainly() {
        let sig = email_signature(&credential(None), None, &SignatureImage::Hosted);
        assert_eq!(sig.notes.len(), 2);
        let sig = email_signature(&credential(None), None, &SignatureImage::File { path: "/tmp/my badge.png".into() });
        assert!(sig.html.contains("src=\"file:///tmp/my%20badge.png\""), "{}", sig.html);
    }
}
