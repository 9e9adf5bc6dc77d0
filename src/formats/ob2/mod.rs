//! Open Badges 2.0: assertions (hosted JSON or the payload of a signed JWS), with the
//! badge class and issuer embedded or supplied as related documents. Signatures and
//! hosted verification are not checked here.

mod wire;

use super::wire::{list, IdOr};
use super::{decode_data_uri, normalize_date, optional_date, text, ParseError, ParsedCredential, RelatedDocuments};
use crate::model::{
    Achievement, Alignment, Credential, CredentialFormat, Endorsement, Evidence, ImageRef, Issuer, ProofSummary,
    Recipient,
};
use serde::de::DeserializeOwned;
use serde::Deserialize as _;
use serde_json::Value;

const VERSION: &str = "2.0";

fn invalid(message: impl Into<String>) -> ParseError {
    ParseError::Invalid { version: VERSION, message: message.into() }
}

/// Resolves a linked object: embedded, or found among the related documents.
fn resolve<T: DeserializeOwned>(
    link: IdOr<Value>,
    what: &'static str,
    related: &RelatedDocuments,
    used: &mut Vec<String>,
) -> Result<T, ParseError> {
    let read = match link {
        IdOr::Object(v) => serde_json::from_value(v),
        IdOr::Id(id) => {
            let v = related.get(&id).ok_or(ParseError::MissingRelated { what, id: id.clone() })?;
            used.push(id);
            T::deserialize(v)
        }
    };
    read.map_err(|e| invalid(format!("{what}: {e}")))
}

pub(super) fn parse(
    value: &Value,
    format: CredentialFormat,
    related: &RelatedDocuments,
) -> Result<ParsedCredential, ParseError> {
    let assertion = wire::Assertion::deserialize(value).map_err(|e| invalid(e.to_string()))?;
    let mut used = Vec::new();
    let badge: wire::BadgeClass = resolve(assertion.badge, "badge class", related, &mut used)?;
    let profile: wire::Profile = resolve(badge.issuer, "issuer profile", related, &mut used)?;

    if assertion.recipient.hashed && !assertion.recipient.identity.contains('$') {
        return Err(invalid("recipient is marked hashed but its identity is not a hash"));
    }
    let issued_on = normalize_date(&assertion.issued_on).map_err(|e| invalid(format!("issuedOn: {e}")))?;
    let expires = optional_date(VERSION, "expires", assertion.expires.as_ref())?;

    let mut inline_image = None;
    let mut image_ref = |image: Option<IdOr<wire::Image>>| -> Result<Option<ImageRef>, ParseError> {
        let Some(image) = image else { return Ok(None) };
        let (id, caption) = match image {
            IdOr::Id(id) => (id, None),
            IdOr::Object(i) => (i.id, text(i.caption)),
        };
        match decode_data_uri(&id) {
            Some(decoded) => {
                if inline_image.is_none() {
                    inline_image = Some(decoded?);
                }
                Ok(Some(ImageRef { url: None, caption, inline: true }))
            }
            None => Ok(Some(ImageRef { url: Some(id), caption, inline: false })),
        }
    };
    // An assertion's own image (often the baked one) wins over the badge class image.
    let image = match image_ref(assertion.image)? {
        Some(i) => Some(i),
        None => image_ref(badge.image)?,
    };
    let (criteria_narrative, criteria_url) = match badge.criteria {
        Some(IdOr::Id(url)) => (None, Some(url)),
        Some(IdOr::Object(c)) => (text(c.narrative), text(c.id)),
        None => (None, None),
    };
    let verification = assertion.verification;
    let proofs = verification
        .map(|v| ProofSummary {
            proof_type: v.verification_type,
            // Placeholder filled with the JWS algorithm by the caller, which has the header.
            cryptosuite: (format == CredentialFormat::Ob2Jws).then(|| "JWS".to_owned()),
            verification_method: v.creator,
            created: None,
        })
        .into_iter()
        .collect();

    Ok(ParsedCredential {
        credential: Credential {
            format,
            id: Some(assertion.id.clone()),
            types: assertion.types.into_vec(),
            achievement: Achievement {
                id: Some(badge.id),
                name: text(Some(badge.name)).ok_or_else(|| invalid("the badge class has no name"))?,
                description: text(badge.description),
                criteria_narrative,
                criteria_url,
                image,
                achievement_type: None,
                alignments: list(badge.alignment)
                    .into_iter()
                    .map(|a| Alignment {
                        target_name: a.target_name,
                        target_url: text(a.target_url),
                        target_description: text(a.target_description),
                        target_framework: text(a.target_framework),
                        target_code: text(a.target_code),
                    })
                    .collect(),
                tags: list(badge.tags),
            },
            issuer: Issuer {
                name: text(Some(profile.name)).unwrap_or_else(|| "Unnamed issuer".into()),
                id: text(profile.id),
                url: text(profile.url),
                email: text(profile.email),
                description: text(profile.description),
                linkedin_organization_id: None,
            },
            recipient: Some(Recipient {
                identity_type: Some(assertion.recipient.identity_type),
                identity: Some(assertion.recipient.identity),
                hashed: assertion.recipient.hashed,
                salt: assertion.recipient.salt,
                subject_id: None,
            }),
            issued_on: Some(issued_on.clone()),
            valid_from: Some(issued_on),
            valid_until: expires,
            evidence: list(assertion.evidence)
                .into_iter()
                .map(|e| match e {
                    IdOr::Id(id) => Evidence { id: Some(id), ..Evidence::default() },
                    IdOr::Object(e) => Evidence {
                        id: text(e.id),
                        name: text(e.name),
                        description: text(e.description),
                        narrative: text(e.narrative),
                        genre: text(e.genre),
                    },
                })
                .collect(),
            results: Vec::new(),
            endorsements: list(assertion.endorsement)
                .iter()
                .map(|v| Endorsement {
                    id: v.as_str().or_else(|| v.get("id").and_then(Value::as_str)).map(str::to_owned),
                    issuer_name: None,
                    issuer_id: v.get("issuer").and_then(Value::as_str).map(str::to_owned),
                    comment: v.pointer("/claim/endorsementComment").and_then(Value::as_str).map(str::to_owned),
                })
                .collect(),
            proofs,
        },
        image: inline_image,
        dedupe_key: format!("id:{}", assertion.id),
        related_used: used,
        baked_in: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn assertion(badge: Value) -> Value {
        json!({
            "@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
            "id": "https://example.org/assertions/1",
            "recipient": {"type": "email", "hashed": false, "identity": "a@example.org"},
            "issuedOn": "2024-05-01T10:00:00Z", "verification": {"type": "hosted"},
            "badge": badge
        })
    }

    #[test]
    fn linked_badge_class_and_issuer_come_from_related_documents() {
        let a = assertion(json!("https://example.org/badges/b"));
        let mut related = RelatedDocuments::default();
        let none = RelatedDocuments::default();
        let err = parse(&a, CredentialFormat::Ob2Json, &none).unwrap_err();
        assert_eq!(err, ParseError::MissingRelated { what: "badge class", id: "https://example.org/badges/b".into() });
        related.add(br#"{"type":"BadgeClass","id":"https://example.org/badges/b","name":"B","issuer":"https://example.org/i"}"#).unwrap();
        related.add(br#"{"type":"Issuer","id":"https://example.org/i","name":"Org"}"#).unwrap();
        let parsed = parse(&a, CredentialFormat::Ob2Json, &related).unwrap();
        assert_eq!(parsed.credential.achievement.name, "B");
        assert_eq!(parsed.credential.issuer.name, "Org");
        assert_eq!(parsed.related_used.len(), 2);
    }

    #[test]
    fn hashed_flag_with_plain_identity_is_invalid() {
        let mut a = assertion(json!({"id":"b","name":"B","issuer":{"id":"i","name":"I"}}));
        a["recipient"]["hashed"] = json!(true);
        assert!(parse(&a, CredentialFormat::Ob2Json, &RelatedDocuments::default()).is_err());
    }
}
