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
