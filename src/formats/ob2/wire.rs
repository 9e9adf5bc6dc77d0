//! Open Badges 2.0 wire types: Assertion, BadgeClass, Profile as the specification
//! names their members. Linked objects may be embedded or given by their IRI.

use crate::formats::wire::{IdOr, OneOrMany};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Assertion {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) types: OneOrMany<String>,
    pub(crate) recipient: IdentityObject,
    pub(crate) badge: IdOr<Value>,
    pub(crate) issued_on: Value,
    pub(crate) expires: Option<Value>,
    pub(crate) image: Option<IdOr<Image>>,
    pub(crate) evidence: Option<OneOrMany<IdOr<Evidence>>>,
    pub(crate) verification: Option<Verification>,
    pub(crate) endorsement: Option<OneOrMany<Value>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct IdentityObject {
    #[serde(rename = "type")]
    pub(crate) identity_type: String,
    pub(crate) identity: String,
    #[serde(default)]
    pub(crate) hashed: bool,
    pub(crate) salt: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Verification {
    #[serde(rename = "type")]
    pub(crate) verification_type: String,
    pub(crate) creator: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct BadgeClass {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) image: Option<IdOr<Image>>,
    pub(crate) criteria: Option<IdOr<Criteria>>,
    pub(crate) issuer: IdOr<Value>,
    pub(crate) alignment: Option<OneOrMany<Alignment>>,
    pub(crate) tags: Option<OneOrMany<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Profile {
    pub(crate) id: Option<String>,
    pub(crate) name: String,
    pub(crate) url: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Image {
    pub(crate) id: String,
    pub(crate) caption: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Criteria {
    pub(crate) id: Option<String>,
    pub(crate) narrative: Option<String>,
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
    pub(crate) name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) narrative: Option<String>,
    pub(crate) genre: Option<String>,
}
