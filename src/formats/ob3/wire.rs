//! Open Badges 3.0 wire types: the JSON members of an `OpenBadgeCredential` /
//! `AchievementCredential` as the specification names them (VC 1.1 and VC 2.0 shapes).
//! Unknown members are allowed (extensions) and ignored here.

use crate::formats::wire::{lang_text, lang_text_required, IdOr, OneOrMany};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Credential {
    #[serde(rename = "@context")]
    pub(crate) context: OneOrMany<Value>,
    pub(crate) id: Option<String>,
    #[serde(rename = "type")]
    pub(crate) types: OneOrMany<String>,
    pub(crate) issuer: IdOr<Profile>,
    #[serde(default, deserialize_with = "lang_text")]
    pub(crate) name: Option<String>,
    pub(crate) credential_subject: OneOrMany<AchievementSubject>,
    pub(crate) valid_from: Option<Value>,
    pub(crate) valid_until: Option<Value>,
    pub(crate) issuance_date: Option<Value>,
    pub(crate) expiration_date: Option<Value>,
    pub(crate) awarded_date: Option<Value>,
    pub(crate) image: Option<IdOr<Image>>,
    pub(crate) evidence: Option<OneOrMany<Evidence>>,
    pub(crate) endorsement: Option<OneOrMany<Value>>,
    pub(crate) endorsement_jwt: Option<OneOrMany<String>>,
    pub(crate) proof: Option<OneOrMany<Proof>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Profile {
    pub(crate) id: Option<String>,
    #[serde(default, deserialize_with = "lang_text")]
    pub(crate) name: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) email: Option<String>,
    #[serde(default, deserialize_with = "lang_text")]
    pub(crate) description: Option<String>,
    pub(crate) other_identifier: Option<OneOrMany<IdentifierEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IdentifierEntry {
    pub(crate) identifier: String,
    pub(crate) identifier_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AchievementSubject {
    pub(crate) id: Option<String>,
    pub(crate) identifier: Option<OneOrMany<IdentityObject>>,
    pub(crate) achievement: Option<Achievement>,
    pub(crate) result: Option<OneOrMany<AchievementResult>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IdentityObject {
    pub(crate) identity_hash: String,
    pub(crate) identity_type: Option<String>,
    pub(crate) hashed: bool,
    pub(crate) salt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Achievement {
    pub(crate) id: Option<String>,
    #[serde(deserialize_with = "lang_text_required")]
    pub(crate) name: String,
    #[serde(default, deserialize_with = "lang_text")]
    pub(crate) description: Option<String>,
    pub(crate) criteria: Option<Criteria>,
    pub(crate) image: Option<IdOr<Image>>,
    pub(crate) achievement_type: Option<String>,
    pub(crate) alignment: Option<OneOrMany<Alignment>>,
    pub(crate) tag: Option<OneOrMany<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Criteria {
    pub(crate) id: Option<String>,
    #[serde(default, deserialize_with = "lang_text")]
    pub(crate) narrative: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Image {
    pub(crate) id: String,
    pub(crate) caption: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Alignment {
    pub(crate) target_name: String,
    pub(crate) target_url: Option<String>,
    pub(crate) target_description: Option<String>,
    pub(crate) target_framework: Option<String>,
    pub(crate) target_code: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Evidence {
    pub(crate) id: Option<String>,
    #[serde(default, deserialize_with = "lang_text")]
    pub(crate) name: Option<String>,
    #[serde(default, deserialize_with = "lang_text")]
    pub(crate) description: Option<String>,
    #[serde(default, deserialize_with = "lang_text")]
    pub(crate) narrative: Option<String>,
    pub(crate) genre: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AchievementResult {
    pub(crate) value: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) achieved_level: Option<String>,
    pub(crate) result_description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Proof {
    #[serde(rename = "type")]
    pub(crate) proof_type: String,
    pub(crate) cryptosuite: Option<String>,
    pub(crate) verification_method: Option<String>,
    pub(crate) created: Option<String>,
}
