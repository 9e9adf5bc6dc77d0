//! Shapes shared by the Open Badges wire types: JSON-LD lets most properties be one
//! value or a list, and lets a linked object be given by its id or embedded.

use serde::Deserialize;

/// A property that may be a single value or an array.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    pub(crate) fn into_vec(self) -> Vec<T> {
        match self {
            Self::One(one) => vec![one],
            Self::Many(many) => many,
        }
    }
}

/// Helper: an optional one-or-many into a (possibly empty) list.
pub(crate) fn list<T>(value: Option<OneOrMany<T>>) -> Vec<T> {
    value.map(OneOrMany::into_vec).unwrap_or_default()
}

/// A linked object: its IRI, or the object embedded.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum IdOr<T> {
    Id(String),
    Object(T),
}

/// Natural-language text as JSON-LD allows it: a string, a value object (`@value` with an
/// optional `@language` and `@direction`), or a list of those in several languages, of
/// which the first is shown.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum LangText {
    Plain(String),
    Tagged(TaggedText),
    Many(Vec<LangTextOne>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum LangTextOne {
    Plain(String),
    Tagged(TaggedText),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaggedText {
    #[serde(rename = "@value")]
    value: String,
    #[serde(rename = "@language")]
    #[allow(dead_code)]
    language: Option<String>,
    #[serde(rename = "@direction")]
    #[allow(dead_code)]
    direction: Option<String>,
}

impl LangText {
    fn into_text(self) -> Option<String> {
        match self {
            Self::Plain(s) | Self::Tagged(TaggedText { value: s, .. }) => Some(s),
            Self::Many(items) => items.into_iter().next().map(|one| match one {
                LangTextOne::Plain(s) | LangTextOne::Tagged(TaggedText { value: s, .. }) => s,
            }),
        }
    }
}

/// `deserialize_with` for an optional natural-language text member.
pub(crate) fn lang_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<LangText>::deserialize(deserializer)?.and_then(LangText::into_text))
}

/// `deserialize_with` for a required natural-language text member.
pub(crate) fn lang_text_required<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    LangText::deserialize(deserializer)?
        .into_text()
        .ok_or_else(|| serde::de::Error::custom("an empty list where a text was expected"))
}
