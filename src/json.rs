//! Strict JSON reading for attacker-controlled documents.
//!
//! `serde_json` silently keeps the last of two members with the same name; a signed
//! document read that way could show the user a value other than the one a verifier
//! checked. Here a duplicate member is an error, nesting is bounded (serde_json's own
//! recursion limit of 128 levels), and the input size is capped by the caller.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};
use std::fmt;

/// A `serde_json::Value` that refuses duplicate object members while it is read.
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // One lookup per member: the entry says whether the name was seen.
            match out.entry(key) {
                Entry::Occupied(seen) => {
                    let key = seen.key();
                    return Err(de::Error::custom(format_args!("duplicate member \"{key}\" in a JSON object")));
                }
                Entry::Vacant(slot) => {
                    let StrictValue(v) = map.next_value()?;
                    slot.insert(v);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// Parses JSON text, refusing duplicate members and nesting deeper than 128 levels.
/// The error is one readable sentence.
pub(crate) fn parse_strict(bytes: &[u8]) -> Result<Value, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictValue::deserialize(&mut de).map_err(describe)?;
    de.end().map_err(describe)?;
    Ok(value.0)
}

fn describe(e: serde_json::Error) -> String {
    let text = e.to_string();
    if text.starts_with("recursion limit exceeded") {
        format!("JSON nested more than 128 levels deep (line {}, column {})", e.line(), e.column())
    } else if e.is_eof() {
        format!("JSON ends too early (line {}, column {})", e.line(), e.column())
    } else {
        format!("malformed JSON: {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::parse_strict;

    #[test]
    fn refuses_duplicate_members_at_any_depth() {
        let err = parse_strict(br#"{"a":{"b":1,"b":2}}"#).unwrap_err();
        assert!(err.contains("duplicate member \"b\""), "{err}");
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        let err = parse_strict(deep.as_bytes()).unwrap_err();
        assert!(err.contains("nested more than 128"), "{err}");
    }

    #[test]
    fn reports_truncation_and_trailing_garbage() {
        assert!(parse_strict(br#"{"a":"#).unwrap_err().contains("ends too early"));
        assert!(parse_strict(br#"{"a":1} x"#).unwrap_err().contains("malformed"));
    }

    #[test]
    fn keeps_ordinary_documents_intact() {
        let v = parse_strict(br#"{"a":[1,2.5,"x",null,true],"b":{}}"#).unwrap();
        assert_eq!(v["a"][1], 2.5);
    }
}
