//! Getting a badge out into the world: pictures to download, QR codes, LinkedIn links
//! and the email-signature snippet. Nothing here opens a link or touches the network.

mod email;
mod linkedin;
mod picture;
mod qr;

pub use email::{email_signature, EmailSignature, SignatureImage, SIGNATURE_IMAGE_WIDTH};
pub use linkedin::{linkedin_share, public_page, LinkedInField, LinkedInShare, OrganizationSource};
pub use picture::{render_png, PictureError, PicturePreset, PresetSize, MAX_PICTURE_SIDE, MIN_PICTURE_SIDE};
pub use qr::{qr_png, qr_svg, read_qr, QrError, QrErrorCorrection};

use crate::error::{Error, Result};
use crate::store::issuer_key;
use crate::wallet::Wallet;
use serde::{Deserialize, Serialize};

/// Everything the Share panel shows for one badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ShareInfo {
    /// The badge's public https page; `None` when it has none (a desktop app hosts none).
    pub public_page: Option<String>,
    pub linkedin: LinkedInShare,
    pub email_signature: EmailSignature,
    /// The issuer key under which a LinkedIn organization id can be saved.
    pub issuer_key: String,
}

/// The one rule for opening a link outside Rosette: an absolute `https:` URL with a
/// host, nothing else (no `http:`, `file:`, `javascript:` or custom schemes). Returns the
/// normalized URL to open.
pub fn external_link(link: &str) -> Result<String> {
    let url = url::Url::parse(link.trim())
        .map_err(|e| Error::InvalidInput(format!("\"{link:.80}\" is not a web address: {e}")))?;
    if url.scheme() != "https" || url.host_str().is_none() {
        return Err(Error::InvalidInput(format!("only https: links are opened, not \"{link:.80}\"")));
    }
    Ok(url.into())
}

/// Image type of a QR code file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum QrFormat {
    Png,
    Svg,
}

impl Wallet {
    /// The LinkedIn links and fields, the email signature and the public page of a badge.
    pub fn share(&self, id: &str, signature_image: &SignatureImage) -> Result<ShareInfo> {
        let row = self.resolve(id)?;
        let credential = self.store.get(row)?.credential;
        let key = issuer_key(credential.issuer.id.as_deref(), &credential.issuer.name);
        let saved = self.store.saved_linkedin_id(&key)?;
        let page = public_page(&credential);
        Ok(ShareInfo {
            linkedin: linkedin_share(&credential, saved.as_deref()),
            email_signature: email_signature(&credential, page.as_deref(), signature_image),
            public_page: page,
            issuer_key: key,
        })
    }

    /// A QR code of the badge's public page.
    pub fn badge_qr(&self, id: &str, format: QrFormat, side: u32, level: QrErrorCorrection) -> Result<Vec<u8>> {
        let row = self.resolve(id)?;
        let credential = self.store.get(row)?.credential;
        let page = public_page(&credential).ok_or_else(|| {
            Error::InvalidInput("this badge has no public web page, so there is no link to put in a QR code".into())
        })?;
        Ok(match format {
            QrFormat::Png => qr_png(&page, side, level)?,
            QrFormat::Svg => qr_svg(&page, side, level)?.into_bytes(),
        })
    }

    /// Saves the LinkedIn organization id (digits, from the organization's LinkedIn page)
    /// of an issuer given by id or name; `None` forgets it. Returns the issuer's name.
    pub fn set_issuer_linkedin(&mut self, issuer: &str, organization_id: Option<&str>) -> Result<String> {
        let organization_id = organization_id.map(str::trim).filter(|id| !id.is_empty());
        if let Some(id) = organization_id {
            if id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::InvalidInput(format!(
                    "\"{id}\" is not a LinkedIn organization id (digits only, as in linkedin.com/company/ID)"
                )));
            }
        }
        let matches = self.store.issuers_named(issuer.trim())?;
        let (key, name) = match matches.as_slice() {
            [] => return Err(Error::Missing { what: "issuer", name: issuer.to_owned() }),
            [one] => one.clone(),
            _ => {
                return Err(Error::InvalidInput(format!(
                    "several issuers are named \"{issuer}\"; give the issuer's id (see `rosette show ID`)"
                )))
            }
        };
        self.store.save_linkedin_id(&key, organization_id)?;
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::external_link;

    #[test]
    fn only_https_links_open() {
        assert_eq!(external_link(" https://www.linkedin.com/x?a=b ").unwrap(), "https://www.linkedin.com/x?a=b");
        for bad in ["http://example.org", "file:///etc/passwd", "javascript:alert(1)", "rosette://x", "//x", "https://"]
        {
            assert!(external_link(bad).is_err(), "{bad}");
        }
    }
}
