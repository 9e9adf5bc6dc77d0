//! Open Badges 3.0: credentials as JSON (Data Integrity) and as VC-JWT, validated into
//! the model. Signatures are not checked here.

mod wire;

use super::wire::{list, IdOr, OneOrMany};
use super::{decode_data_uri, optional_date, text, ParseError, ParsedCredential};
use crate::model::{
    Achievement, AchievementResult, Alignment, Credential, CredentialFormat, Endorsement, Evidence, ImageRef, Issuer,
    ProofSummary, Recipient,
};
use serde::Deserialize as _;
use serde_json::Value;

const VERSION: &str = "3.0";

fn invalid(message: impl Into<String>) -> ParseError {
    ParseError::Invalid { version: VERSION, message: message.into() }
}

/// Parses an OB 3.0 credential given as JSON.
pub(super) fn parse(value: &Value, format: CredentialFormat) -> Result<ParsedCredential, ParseError> {
    let wire = wire::Credential::deserialize(value).map_err(|e| invalid(e.to_string()))?;
    from_wire(wire, format)
}

/// Parses a VC-JWT: the credential is the `vc` claim (VC 1.1 JWT) or the claims set
/// itself (VC 2.0); registered claims fill members the credential leaves out.
pub(super) fn parse_jwt(
    _header: &Value,
    payload: &Value,
    format: CredentialFormat,
) -> Result<ParsedCredential, ParseError> {
    let credential = payload.get("vc").unwrap_or(payload);
    let Some(object) = credential.as_object() else {
        return Err(invalid("the JWT's credential is not an object"));
    };
    let claim = |name: &str| payload.get(name).filter(|v| !v.is_null());
    let mut fills = vec![("id", claim("jti")), ("issuer", claim("iss"))];
    if payload.get("vc").is_some() {
        let seconds = |name: &str| claim(name).filter(|v| v.is_number());
        fills.extend([("issuanceDate", seconds("nbf")), ("expirationDate", seconds("exp"))]);
    }
    // The credential is read in place unless a claim fills a member it leaves out (a
    // copy of a whole credential costs more than reading it).
    let read = if fills.iter().any(|(member, value)| value.is_some() && !object.contains_key(*member)) {
        let mut filled = object.clone();
        for (member, value) in fills {
            if let Some(v) = value {
                filled.entry(member).or_insert_with(|| v.clone());
            }
        }
        wire::Credential::deserialize(&Value::Object(filled))
    } else {
        wire::Credential::deserialize(credential)
    };
    from_wire(read.map_err(|e| invalid(e.to_string()))?, format)
}

fn from_wire(wire: wire::Credential, format: CredentialFormat) -> Result<ParsedCredential, ParseError> {
    if list(Some(wire.context)).is_empty() {
        return Err(invalid("\"@context\" is empty"));
    }
    let issuer = match wire.issuer {
        IdOr::Id(id) => Issuer { name: id.clone(), id: Some(id), ..Issuer::default() },
        IdOr::Object(p) => Issuer {
            name: text(p.name).or_else(|| p.id.clone()).unwrap_or_else(|| "Unnamed issuer".into()),
            id: p.id,
            url: text(p.url),
            email: text(p.email),
            description: text(p.description),
            linkedin_organization_id: list(p.other_identifier)
                .into_iter()
                .find(|e| e.identifier_type.eq_ignore_ascii_case("ext:LinkedIn:organizationId"))
                .map(|e| e.identifier.trim().to_owned())
                .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())),
        },
    };
    if issuer.id.is_none() {
        return Err(invalid("the issuer has no \"id\""));
    }
    let subject = match wire.credential_subject {
        OneOrMany::One(s) => s,
        OneOrMany::Many(mut many) if !many.is_empty() => many.remove(0),
        OneOrMany::Many(_) => return Err(invalid("\"credentialSubject\" is empty")),
    };
    let achievement = subject.achievement.ok_or_else(|| invalid("\"credentialSubject\" has no \"achievement\""))?;

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
    // The achievement image is the badge's picture; the credential's own image is a fallback.
    let achievement_image = image_ref(achievement.image)?;
    let credential_image = image_ref(wire.image)?;
    let (criteria_narrative, criteria_url) = match achievement.criteria {
        Some(c) => (text(c.narrative), text(c.id)),
        None => (None, None),
    };

    let identifier = list(subject.identifier).into_iter().next();
    let recipient = match (identifier, subject.id) {
        (None, None) => None,
        (identifier, subject_id) => Some(Recipient {
            identity_type: identifier.as_ref().and_then(|i| i.identity_type.clone()),
            hashed: identifier.as_ref().is_some_and(|i| i.hashed),
            salt: identifier.as_ref().and_then(|i| i.salt.clone()),
            identity: identifier.map(|i| i.identity_hash),
            subject_id,
        }),
    };

    let valid_from = optional_date(VERSION, "validFrom", wire.valid_from.as_ref())?;
    let issuance_date = optional_date(VERSION, "issuanceDate", wire.issuance_date.as_ref())?;
    let awarded = optional_date(VERSION, "awardedDate", wire.awarded_date.as_ref())?;
    let valid_until = optional_date(VERSION, "validUntil", wire.valid_until.as_ref())?;
    let expiration = optional_date(VERSION, "expirationDate", wire.expiration_date.as_ref())?;
    let valid_from = valid_from.or(issuance_date);
    if valid_from.is_none() {
        return Err(invalid("neither \"validFrom\" nor \"issuanceDate\" is given"));
    }

    let endorsements = list(wire.endorsement)
        .iter()
        .map(summarize_endorsement)
        .chain(
            list(wire.endorsement_jwt)
                .into_iter()
                .map(|_| Endorsement { comment: Some("endorsement given as a JWT".into()), ..Endorsement::default() }),
        )
        .collect();

    let id = text(wire.id);
    let dedupe_key = id.as_ref().map(|id| format!("id:{id}")).unwrap_or_default();
    Ok(ParsedCredential {
        credential: Credential {
            format,
            id,
            types: wire.types.into_vec(),
            achievement: Achievement {
                id: text(achievement.id),
                name: text(Some(achievement.name))
                    .or_else(|| text(wire.name))
                    .ok_or_else(|| invalid("the achievement has no name"))?,
                description: text(achievement.description),
                criteria_narrative,
                criteria_url,
                image: achievement_image.or(credential_image),
                achievement_type: text(achievement.achievement_type),
                alignments: list(achievement.alignment)
                    .into_iter()
                    .map(|a| Alignment {
                        target_name: a.target_name,
                        target_url: text(a.target_url),
                        target_description: text(a.target_description),
                        target_framework: text(a.target_framework),
                        target_code: text(a.target_code),
                    })
                    .collect(),
                tags: list(achievement.tag),
            },
            issuer,
            recipient,
            issued_on: awarded.or_else(|| valid_from.clone()),
            valid_from,
            valid_until: valid_until.or(expiration),
            evidence: list(wire.evidence)
                .into_iter()
                .map(|e| Evidence {
                    id: text(e.id),
                    name: text(e.name),
                    description: text(e.description),
                    narrative: text(e.narrative),
                    genre: text(e.genre),
                })
                .collect(),
            results: list(subject.result)
                .into_iter()
                .map(|r| AchievementResult {
                    result_description: text(r.result_description),
                    value: text(r.value),
                    status: text(r.status),
                    achieved_level: text(r.achieved_level),
                })
                .collect(),
            endorsements,
            proofs: list(wire.proof)
                .into_iter()
                .map(|p| ProofSummary {
                    proof_type: p.proof_type,
                    cryptosuite: p.cryptosuite,
                    verification_method: p.verification_method,
                    created: p.created,
                })
                .collect(),
        },
        image: inline_image,
        dedupe_key,
        related_used: Vec::new(),
        baked_in: None,
    })
}

fn summarize_endorsement(value: &Value) -> Endorsement {
    let issuer = value.get("issuer");
    let str_at = |v: Option<&Value>, key: &str| v.and_then(|v| v.get(key)).and_then(Value::as_str).map(str::to_owned);
    Endorsement {
        id: str_at(Some(value), "id"),
        issuer_name: str_at(issuer, "name"),
        issuer_id: issuer.and_then(Value::as_str).map(str::to_owned).or_else(|| str_at(issuer, "id")),
        comment: str_at(value.get("credentialSubject"), "endorsementComment"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn minimal() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:1",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "did:key:z6Mkexample", "type": ["Profile"], "name": "Example"},
            "validFrom": "2025-01-01T00:00:00Z",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
                "id": "https://example.org/a", "type": ["Achievement"], "name": "A", "criteria": {"narrative": "Do *it*"}
            }}
        })
    }

    #[test]
    fn reads_a_minimal_vc2_credential() {
        let parsed = parse(&minimal(), CredentialFormat::Ob3Json).unwrap();
        assert_eq!(parsed.credential.achievement.name, "A");
        assert_eq!(parsed.credential.issuer.name, "Example");
        assert_eq!(parsed.credential.issued_on.as_deref(), Some("2025-01-01T00:00:00Z"));
        assert_eq!(parsed.dedupe_key, "id:urn:uuid:1");
    }

    #[test]
    fn missing_achievement_and_dates_are_named() {
        let mut v = minimal();
        v["credentialSubject"].as_object_mut().unwrap().remove("achievement");
        assert!(parse(&v, CredentialFormat::Ob3Json).unwrap_err().to_string().contains("achievement"));
        let mut v = minimal();
        v.as_object_mut().unwrap().remove("validFrom");
        assert!(parse(&v, CredentialFormat::Ob3Json).unwrap_err().to_string().contains("validFrom"));
    }

    #[test]
    fn reading_in_place_gives_the_errors_of_reading_a_copy() {
        let mut cases = Vec::new();
        for (pointer, bad) in [
            ("/issuer", json!(7)),
            ("/type", json!({"a": 1})),
            ("/credentialSubject", json!([])),
            ("/credentialSubject/achievement/name", json!([1])),
            ("/credentialSubject/achievement/image", json!({"caption": "no id"})),
            ("/credentialSubject/identifier", json!({"identityHash": "x", "hashed": "yes"})),
            ("/validFrom", json!({"not": "a date"})),
            ("/proof", json!([{"type": 1}])),
        ] {
            let mut v = minimal();
            let (parent, member) = pointer.rsplit_once('/').unwrap();
            v.pointer_mut(parent).and_then(Value::as_object_mut).unwrap().insert(member.into(), bad);
            cases.push(v);
        }
        let mut no_issuer = minimal();
        no_issuer.as_object_mut().unwrap().remove("issuer");
        cases.extend([no_issuer, json!([]), json!("text")]);
        let mut refused = 0;
        for v in cases {
            let in_place = wire::Credential::deserialize(&v).map(|_| ()).map_err(|e| e.to_string());
            let copy = serde_json::from_value::<wire::Credential>(v.clone()).map(|_| ()).map_err(|e| e.to_string());
            assert_eq!(in_place, copy, "{v}");
            refused += usize::from(copy.is_err());
        }
        assert_eq!(refused, 9, "all but the free-form date and the empty subject list (refused later)");
    }

    #[test]
    fn jwt_claims_fill_the_credential() {
        let mut vc = minimal();
        vc.as_object_mut().unwrap().remove("id");
        let payload = json!({"vc": vc, "jti": "urn:uuid:2", "iss": "did:key:z6Mkexample", "nbf": 1_700_000_000});
        let parsed = parse_jwt(&json!({"alg":"EdDSA"}), &payload, CredentialFormat::Ob3Jwt).unwrap();
        assert_eq!(parsed.credential.id.as_deref(), Some("urn:uuid:2"));
    }
}
