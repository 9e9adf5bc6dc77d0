//! LinkedIn links: "add to profile" (a certification prefilled from the badge) and a
//! post sharing the badge's public page. Every value goes through a URL builder.
//!
//! LinkedIn's prefill is best effort on its side, so the same fields are also returned
//! one by one for copy buttons. Only `https:` links are produced.

use crate::model::Credential;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const ADD_TO_PROFILE: &str = "https://www.linkedin.com/profile/add";
const SHARE_OFFSITE: &str = "https://www.linkedin.com/sharing/share-offsite/";

/// Where the organization shown on LinkedIn comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum OrganizationSource {
    /// The credential declares the issuer's LinkedIn organization id.
    Credential,
    /// The earner saved a LinkedIn organization id for this issuer.
    Saved,
    /// No id is known: the issuer's name is sent (LinkedIn shows no logo).
    Name,
}

/// One prefilled field, for a copy button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkedInField {
    /// LinkedIn's label for the field, e.g. "Issuing organization".
    pub label: String,
    pub value: String,
}

/// Everything needed to put a badge on LinkedIn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkedInShare {
    /// "Add to profile" link with the certification prefilled.
    pub add_to_profile_url: String,
    /// A post sharing the badge's public page; `None` when the badge has none.
    pub post_url: Option<String>,
    pub fields: Vec<LinkedInField>,
    pub organization_source: OrganizationSource,
}

/// The badge's stable public https page, if it has one: the OB 2.0 hosted assertion
/// URL or an OB 3.0 credential id that is an https URL.
pub fn public_page(credential: &Credential) -> Option<String> {
    credential
        .id
        .as_deref()
        .and_then(|id| url::Url::parse(id).ok())
        .filter(|u| u.scheme() == "https" && u.host_str().is_some())
        .map(String::from)
}

fn year_month(date: Option<&str>) -> Option<(i32, u8)> {
    let date = OffsetDateTime::parse(date?, &Rfc3339).ok()?;
    Some((date.year(), u8::from(date.month())))
}

/// Builds the LinkedIn links and fields. `saved_organization_id` is the id the earner
/// kept for this issuer; an id in the credential wins over it.
pub fn linkedin_share(credential: &Credential, saved_organization_id: Option<&str>) -> LinkedInShare {
    let public = public_page(credential);
    let (organization, source) = match (&credential.issuer.linkedin_organization_id, saved_organization_id) {
        (Some(id), _) => (id.clone(), OrganizationSource::Credential),
        (None, Some(id)) => (id.to_owned(), OrganizationSource::Saved),
        (None, None) => (credential.issuer.name.clone(), OrganizationSource::Name),
    };
    let mut params: Vec<(&str, String)> =
        vec![("startTask", "CERTIFICATION_NAME".into()), ("name", credential.achievement.name.clone())];
    let mut fields = vec![LinkedInField { label: "Name".into(), value: credential.achievement.name.clone() }];
    if source == OrganizationSource::Name {
        params.push(("organizationName", organization.clone()));
    } else {
        params.push(("organizationId", organization.clone()));
    }
    fields.push(LinkedInField { label: "Issuing organization".into(), value: credential.issuer.name.clone() });
    if let Some((year, month)) = year_month(credential.issued_on.as_deref()) {
        params.push(("issueYear", year.to_string()));
        params.push(("issueMonth", month.to_string()));
        fields.push(LinkedInField { label: "Issue date".into(), value: format!("{year}-{month:02}") });
    }
    if let Some((year, month)) = year_month(credential.valid_until.as_deref()) {
        params.push(("expirationYear", year.to_string()));
        params.push(("expirationMonth", month.to_string()));
        fields.push(LinkedInField { label: "Expiration date".into(), value: format!("{year}-{month:02}") });
    }
    if let Some(url) = &public {
        params.push(("certUrl", url.clone()));
        fields.push(LinkedInField { label: "Credential URL".into(), value: url.clone() });
    }
    if let Some(id) = &credential.id {
        params.push(("certId", id.clone()));
        fields.push(LinkedInField { label: "Credential ID".into(), value: id.clone() });
    }
    let add = url::Url::parse_with_params(ADD_TO_PROFILE, &params).map(String::from).unwrap_or_default();
    let post = public
        .as_ref()
        .and_then(|page| url::Url::parse_with_params(SHARE_OFFSITE, &[("url", page.as_str())]).ok().map(String::from));
    LinkedInShare { add_to_profile_url: add, post_url: post, fields, organization_source: source }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Achievement, CredentialFormat, Issuer};

    fn credential(id: Option<&str>, org: Option<&str>) -> Credential {
        Credential {
            format: CredentialFormat::Ob3Json,
            id: id.map(str::to_owned),
            types: vec![],
            achievement: Achievement { name: "Rust & Co: \"Fundamentals\"".into(), ..Achievement::default() },
            issuer: Issuer {
                name: "Société #1 / R&D".into(),
                linkedin_organization_id: org.map(str::to_owned),
                ..Issuer::default()
            },
            recipient: None,
            issued_on: Some("2025-03-14T12:00:00Z".into()),
            valid_from: None,
            valid_until: Some("2028-11-01T00:00:00Z".into()),
            evidence: vec![],
            results: vec![],
            endorsements: vec![],
            proofs: vec![],
        }
    }

    #[test]
    fn every_value_is_encoded_and_dates_split() {
        let share = linkedin_share(&credential(Some("https://example.org/c/1?x=1&y=2"), None), None);
        let url = url::Url::parse(&share.add_to_profile_url).unwrap();
        let params: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(params["name"], "Rust & Co: \"Fundamentals\"");
        assert_eq!(params["organizationName"], "Société #1 / R&D");
        assert_eq!((params["issueYear"].as_str(), params["issueMonth"].as_str()), ("2025", "3"));
        assert_eq!((params["expirationYear"].as_str(), params["expirationMonth"].as_str()), ("2028", "11"));
        assert_eq!(params["certUrl"], "https://example.org/c/1?x=1&y=2");
        assert!(!share.add_to_profile_url.contains(' ') && !share.add_to_profile_url.contains('"'));
        let post = url::Url::parse(share.post_url.as_deref().unwrap()).unwrap();
        assert_eq!(post.query_pairs().next().unwrap().1, "https://example.org/c/1?x=1&y=2");
    }

    #[test]
    fn organization_id_from_credential_beats_saved_and_name() {
        let share = linkedin_share(&credential(Some("urn:uuid:1"), Some("1337")), Some("42"));
        assert_eq!(share.organization_source, OrganizationSource::Credential);
        assert!(share.add_to_profile_url.contains("organizationId=1337"));
        let share = linkedin_share(&credential(Some("urn:uuid:1"), None), Some("42"));
        assert_eq!(share.organization_source, OrganizationSource::Saved);
        // No public page: no certUrl, no post link, but the certId is still given.
        assert!(share.post_url.is_none());
        assert!(!share.add_to_profile_url.contains("certUrl"));
        assert!(share.add_to_profile_url.contains("certId=urn%3Auuid%3A1"));
    }
}
