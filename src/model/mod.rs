//! The spec-neutral badge model.
//!
//! Open Badges 2.0 assertions and 3.0 credentials (JSON or VC-JWT) are validated into
//! these types by `formats`; everything downstream (store, CLI, desktop) reads only
//! these. Text here is attacker-controlled: render it as text, never as HTML.

use serde::{Deserialize, Serialize};

/// How a credential reached us, which decides how it is proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CredentialFormat {
    /// Open Badges 2.0 assertion as JSON (hosted verification).
    Ob2Json,
    /// Open Badges 2.0 signed assertion: compact JWS whose payload is the assertion.
    Ob2Jws,
    /// Open Badges 3.0 credential as JSON (VC 1.1 or VC 2.0 shape, Data Integrity proof).
    Ob3Json,
    /// Open Badges 3.0 credential as VC-JWT (compact JWS).
    Ob3Jwt,
}

impl CredentialFormat {
    /// The Open Badges generation: "2.0" or "3.0".
    pub fn spec_version(self) -> &'static str {
        match self {
            Self::Ob2Json | Self::Ob2Jws => "2.0",
            Self::Ob3Json | Self::Ob3Jwt => "3.0",
        }
    }

    /// Stable name used in the database, manifests and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ob2Json => "ob2-json",
            Self::Ob2Jws => "ob2-jws",
            Self::Ob3Json => "ob3-json",
            Self::Ob3Jwt => "ob3-jwt",
        }
    }

    /// Inverse of [`CredentialFormat::as_str`].
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Ob2Json, Self::Ob2Jws, Self::Ob3Json, Self::Ob3Jwt].into_iter().find(|f| f.as_str() == name)
    }

    /// File extension for the original bytes.
    pub fn file_extension(self) -> &'static str {
        match self {
            Self::Ob2Json | Self::Ob3Json => "json",
            Self::Ob2Jws => "jws",
            Self::Ob3Jwt => "jwt",
        }
    }
}

/// One badge as the earner was given it, in spec-neutral form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    pub format: CredentialFormat,
    /// The credential's (or assertion's) own id, when it has one.
    pub id: Option<String>,
    /// Declared types, e.g. `["VerifiableCredential", "OpenBadgeCredential"]` or `["Assertion"]`.
    pub types: Vec<String>,
    pub achievement: Achievement,
    pub issuer: Issuer,
    pub recipient: Option<Recipient>,
    /// RFC 3339, UTC. OB 2.0 `issuedOn`; OB 3.0 `validFrom`/`issuanceDate` (or `awardedDate`).
    pub issued_on: Option<String>,
    /// RFC 3339, UTC. OB 3.0 `validFrom`/`issuanceDate`.
    pub valid_from: Option<String>,
    /// RFC 3339, UTC. OB 2.0 `expires`; OB 3.0 `validUntil`/`expirationDate`.
    pub valid_until: Option<String>,
    pub evidence: Vec<Evidence>,
    pub results: Vec<AchievementResult>,
    pub endorsements: Vec<Endorsement>,
    /// What the document says about how it is proven (checked by the verifier, not here).
    pub proofs: Vec<ProofSummary>,
}

/// What was achieved.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Achievement {
    pub id: Option<String>,
    pub name: String,
    pub description: Option<String>,
    /// Criteria as markdown text (OB 2.0 and 3.0 both say markdown).
    pub criteria_narrative: Option<String>,
    pub criteria_url: Option<String>,
    pub image: Option<ImageRef>,
    /// OB 3.0 `achievementType` (e.g. "Certificate").
    pub achievement_type: Option<String>,
    pub alignments: Vec<Alignment>,
    /// Tags the issuer put on the achievement (OB 2.0 BadgeClass `tags`, OB 3.0 `tag`).
    pub tags: Vec<String>,
}

/// Where the achievement image is. Inline `data:` images are decoded and stored by the
/// portfolio; remote ones are only named (nothing is fetched without the user acting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageRef {
    /// `https:` address, or `None` when the image was inline.
    pub url: Option<String>,
    pub caption: Option<String>,
    pub inline: bool,
}

/// Who issued the badge: the self-declared name next to the identifier.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Issuer {
    pub id: Option<String>,
    pub name: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub description: Option<String>,
    /// The issuer's LinkedIn organization id, when the credential declares one (OB 3.0
    /// `otherIdentifier` of type `ext:LinkedIn:organizationId`). Stored models written
    /// before this field existed read as `None`.
    #[serde(default)]
    pub linkedin_organization_id: Option<String>,
}

/// To whom the badge was issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    /// e.g. "email", "emailAddress", "url", "did".
    pub identity_type: Option<String>,
    /// The plain identity, or `sha256$…` / `md5$…` when hashed.
    pub identity: Option<String>,
    pub hashed: bool,
    pub salt: Option<String>,
    /// OB 3.0 `credentialSubject.id` (often a DID of the holder).
    pub subject_id: Option<String>,
}

/// An alignment to an external framework or standard.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Alignment {
    pub target_name: String,
    pub target_url: Option<String>,
    pub target_description: Option<String>,
    pub target_framework: Option<String>,
    pub target_code: Option<String>,
}

/// Evidence the earner submitted or the issuer recorded.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub narrative: Option<String>,
    pub genre: Option<String>,
}

/// An OB 3.0 result (a score, a level, a status).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AchievementResult {
    pub result_description: Option<String>,
    pub value: Option<String>,
    pub status: Option<String>,
    pub achieved_level: Option<String>,
}

/// An endorsement attached to the badge, summarized.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Endorsement {
    pub id: Option<String>,
    pub issuer_name: Option<String>,
    pub issuer_id: Option<String>,
    pub comment: Option<String>,
}

/// A proof as declared by the document (type, suite, key reference). Not a verdict.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProofSummary {
    pub proof_type: String,
    pub cryptosuite: Option<String>,
    pub verification_method: Option<String>,
    pub created: Option<String>,
}
