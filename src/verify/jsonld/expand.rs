//! JSON-LD 1.1 expansion (Processing Algorithms §5.1–5.3) in safe mode: whatever a
//! processor would silently drop (an undefined term, a relative IRI, a null value object,
//! a free-floating value) is an error instead, so nothing shown to the user can sit
//! outside the signed graph. The events refused are those jsonld.js refuses in safe mode.

use super::context::{
    container, expand_iri, has_iri_scheme, is_absolute_iri, is_blank_node_id, is_keyword, is_well_formed_language,
    process, process_document_context, ActiveContext, Direction, Flags,
};
use super::JsonLdError;
use serde_json::{Map, Value};
use std::sync::Arc;

/// Deeper documents are refused (each level costs stack in three recursive walks).
const MAX_DEPTH: usize = 96;

/// The expanded form of a whole document: a list of top-level node objects.
pub(super) fn expand_document(document: &Value) -> Result<Vec<Value>, JsonLdError> {
    let expanded = expand(&ActiveContext::initial(), None, document, false, 0)?;
    let expanded = match expanded {
        Value::Object(mut map) if map.len() == 1 && map.contains_key("@graph") => {
            map.remove("@graph").unwrap_or(Value::Null)
        }
        other => other,
    };
    Ok(match expanded {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        one => vec![one],
    })
}

fn as_array(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

fn push_values(result: &mut Map<String, Value>, key: &str, values: Vec<Value>) {
    match result.get_mut(key) {
        Some(Value::Array(existing)) => existing.extend(values),
        _ => {
            result.insert(key.to_owned(), Value::Array(values));
        }
    }
}

fn is_list_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@list"))
}

fn is_value_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@value"))
}

fn is_graph_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.contains_key("@graph") && m.keys().all(|k| matches!(k.as_str(), "@graph" | "@id" | "@index" | "@context"))
    })
}

/// A node reference IRI (from `@id`, an `@id`-typed value, an `@id` map key): absolute or
/// a blank node identifier, never relative (the base IRI is null).
fn node_iri(ctx: &ActiveContext, value: &str, vocab: bool) -> Result<String, JsonLdError> {
    match expand_iri(ctx, value, vocab, true) {
        // (White space is looked for once, when the RDF is written.)
        Some(iri) if has_iri_scheme(&iri) || is_blank_node_id(&iri) => Ok(iri),
        Some(_) => Err(JsonLdError::RelativeIri { what: "the identifier", iri: value.to_owned() }),
        None => Err(JsonLdError::Invalid(format!(
            "\"{value}\" is reserved for JSON-LD keywords and cannot be an identifier"
        ))),
    }
}

/// The expansion algorithm (§5.1.2). `Value::Null` means "nothing".
fn expand(
    ctx: &Arc<ActiveContext>,
    active_property: Option<&str>,
    element: &Value,
    from_map: bool,
    depth: usize,
) -> Result<Value, JsonLdError> {
    if depth > MAX_DEPTH {
        return Err(JsonLdError::TooDeep);
    }
    let property_scoped = active_property.and_then(|p| ctx.term(p)).and_then(|d| d.context.clone());
    match element {
        Value::Null => Ok(Value::Null),
        Value::Array(items) => {
            let list = active_property.and_then(|p| ctx.term(p)).is_some_and(|d| d.container & container::LIST != 0);
            let mut result = Vec::with_capacity(items.len());
            for item in items {
                let mut expanded = expand(ctx, active_property, item, from_map, depth + 1)?;
                if list && expanded.is_array() {
                    expanded = Value::Object(Map::from_iter([("@list".to_owned(), expanded)]));
                }
                match expanded {
                    Value::Array(inner) => result.extend(inner),
                    Value::Null => {}
                    other => result.push(other),
                }
            }
            Ok(Value::Array(result))
        }
        Value::Object(map) => expand_map(ctx, active_property, map, from_map, property_scoped, depth),
        scalar => {
            let is_graph = active_property.is_none_or(|p| expand_iri(ctx, p, true, false).as_deref() == Some("@graph"));
            if is_graph {
                return Err(JsonLdError::Dropped(format!("the value {scalar}, which belongs to no property,")));
            }
            let ctx = match &property_scoped {
                Some(local) => process(ctx, local, Flags::PROPERTY_SCOPED)?,
                None => Arc::clone(ctx),
            };
            expand_value(&ctx, active_property.unwrap_or_default(), scalar)
        }
    }
}

fn expand_map(
    ctx: &Arc<ActiveContext>,
    active_property: Option<&str>,
    element: &Map<String, Value>,
    from_map: bool,
    property_scoped: Option<super::context::LocalContext>,
    depth: usize,
) -> Result<Value, JsonLdError> {
    let mut ctx = Arc::clone(ctx);
    let mut keys: Vec<&String> = element.keys().collect();
    keys.sort_unstable();

    // Step 7: a type-scoped context does not reach into new node objects.
    if let Some(previous) = ctx.previous.clone() {
        if !from_map {
            let mut keep = false;
            for key in &keys {
                match expand_iri(&ctx, key, true, false).as_deref() {
                    Some("@value") => keep = true,
                    Some("@id") if keys.len() == 1 => keep = true,
                    _ => {}
                }
            }
            if !keep {
                ctx = previous;
            }
        }
    }
    if let Some(local) = &property_scoped {
        ctx = process(&ctx, local, Flags::PROPERTY_SCOPED)?;
    }
    if let Some(local) = element.get("@context") {
        ctx = process_document_context(&ctx, local)?;
    }
    let type_scoped = Arc::clone(&ctx);
    let mut input_type = None;
    for key in &keys {
        if expand_iri(&ctx, key, true, false).as_deref() != Some("@type") {
            continue;
        }
        let value = &element[key.as_str()];
        let mut terms: Vec<&str> = match value {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::String(s) => vec![s.as_str()],
            _ => Vec::new(),
        };
        if input_type.is_none() {
            input_type = terms.last().and_then(|t| expand_iri(&ctx, t, true, false));
        }
        terms.sort_unstable();
        for term in terms {
            if let Some(local) = type_scoped.term(term).and_then(|d| d.context.as_ref()) {
                ctx = process(&ctx, local, Flags::TYPE_SCOPED)?;
            }
        }
    }

    let expanded_active_property = active_property.and_then(|p| expand_iri(&ctx, p, true, false));
    let mut result = Map::new();
    let state = ObjectState {
        ctx: &ctx,
        type_scoped: &type_scoped,
        active_property,
        expanded_active_property: expanded_active_property.as_deref(),
        input_type: input_type.as_deref(),
        depth,
    };
    expand_object(&state, element, &keys, &mut result)?;
    finish_object(&ctx, active_property, expanded_active_property.as_deref(), result)
}

struct ObjectState<'a> {
    ctx: &'a Arc<ActiveContext>,
    type_scoped: &'a Arc<ActiveContext>,
    active_property: Option<&'a str>,
    expanded_active_property: Option<&'a str>,
    input_type: Option<&'a str>,
    depth: usize,
}

/// Step 13 (and 14, `@nest`): the entries of one map into `result`.
fn expand_object(
    state: &ObjectState<'_>,
    element: &Map<String, Value>,
    keys: &[&String],
    result: &mut Map<String, Value>,
) -> Result<(), JsonLdError> {
    let ctx = state.ctx;
    let depth = state.depth + 1;
    let mut nests: Vec<&String> = Vec::new();
    let mut reverse: Map<String, Value> = Map::new();
    for &key in keys {
        let value = &element[key.as_str()];
        if key == "@context" {
            continue;
        }
        let property = match expand_iri(ctx, key, true, false) {
            Some(p) if is_keyword(&p) || is_absolute_iri(&p) => p,
            Some(p) if ctx.term(key).is_some() || p != *key => {
                return Err(JsonLdError::RelativeIri { what: "the property", iri: key.clone() })
            }
            _ => return Err(JsonLdError::UndefinedTerm(key.clone())),
        };
        if is_keyword(&property) {
            if state.expanded_active_property == Some("@reverse") {
                return Err(JsonLdError::Invalid(format!("the keyword {property} cannot be a reverse property")));
            }
            if result.contains_key(&property) && !matches!(property.as_str(), "@included" | "@type") {
                return Err(JsonLdError::Invalid(format!("the keyword {property} appears twice (through an alias)")));
            }
            match property.as_str() {
                "@id" => {
                    let Value::String(id) = value else {
                        return Err(JsonLdError::Invalid(format!("the identifier {value} is not a string")));
                    };
                    result.insert("@id".into(), Value::String(node_iri(ctx, id, false)?));
                }
                "@type" => {
                    let types: Vec<&str> = match value {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(items) if items.iter().all(Value::is_string) => {
                            items.iter().filter_map(Value::as_str).collect()
                        }
                        _ => {
                            return Err(JsonLdError::Invalid(format!(
                                "the type {value} is not a string or a list of strings"
                            )))
                        }
                    };
                    let mut expanded = Vec::with_capacity(types.len());
                    for t in types {
                        match expand_iri(state.type_scoped, t, true, true) {
                            Some(iri) if iri == "@json" || is_absolute_iri(&iri) => expanded.push(Value::String(iri)),
                            _ => return Err(JsonLdError::RelativeIri { what: "the type", iri: t.to_owned() }),
                        }
                    }
                    let new = if value.is_string() && !result.contains_key("@type") {
                        expanded.pop().unwrap_or(Value::Null)
                    } else {
                        let mut all = result.remove("@type").map(as_array).unwrap_or_default();
                        all.extend(expanded);
                        Value::Array(all)
                    };
                    result.insert("@type".into(), new);
                }
                "@graph" => {
                    let expanded = expand(ctx, Some("@graph"), value, false, depth)?;
                    result.insert("@graph".into(), Value::Array(as_array(expanded)));
                }
                "@included" => {
                    let expanded = as_array(expand(ctx, None, value, false, depth)?);
                    if expanded.iter().any(|v| !v.is_object() || is_value_object(v) || is_list_object(v)) {
                        return Err(JsonLdError::Invalid("@included must hold node objects".into()));
                    }
                    push_values(result, "@included", expanded);
                }
                "@value" => {
                    if state.input_type != Some("@json") && (value.is_object() || value.is_array()) {
                        return Err(JsonLdError::Invalid(format!("the @value {value} is not a plain value")));
                    }
                    result.insert("@value".into(), value.clone());
                }
                "@language" => match value {
                    Value::Null => {}
                    Value::String(tag) => {
                        if !is_well_formed_language(tag) {
                            return Err(JsonLdError::InvalidLanguage(tag.clone()));
                        }
                        result.insert("@language".into(), Value::String(tag.to_lowercase()));
                    }
                    _ => return Err(JsonLdError::Invalid(format!("the @language {value} is not a string"))),
                },
                "@direction" => {
                    if let Some(direction) = Direction::parse(value)? {
                        result.insert("@direction".into(), Value::String(direction.as_str().into()));
                    }
                }
                "@index" => {
                    if !value.is_string() {
                        return Err(JsonLdError::Invalid(format!("the @index {value} is not a string")));
                    }
                    result.insert("@index".into(), value.clone());
                }
                "@list" => {
                    if state.active_property.is_none() || state.expanded_active_property == Some("@graph") {
                        return Err(JsonLdError::Dropped("a list that belongs to no property".into()));
                    }
                    let expanded = expand(ctx, state.active_property, value, false, depth)?;
                    result.insert("@list".into(), Value::Array(as_array(expanded)));
                }
                "@set" => {
                    let expanded = expand(ctx, state.active_property, value, false, depth)?;
                    result.insert("@set".into(), expanded);
                }
                "@reverse" => {
                    if !value.is_object() {
                        return Err(JsonLdError::Invalid("@reverse must be an object".into()));
                    }
                    let Value::Object(expanded) = expand(ctx, Some("@reverse"), value, false, depth)? else {
                        return Err(JsonLdError::Invalid("@reverse must be an object".into()));
                    };
                    for (p, items) in expanded {
                        if p == "@reverse" {
                            if let Value::Object(forward) = items {
                                for (fp, fitems) in forward {
                                    push_values(result, &fp, as_array(fitems));
                                }
                            }
                            continue;
                        }
                        let items = as_array(items);
                        if items.iter().any(|i| is_value_object(i) || is_list_object(i)) {
                            return Err(JsonLdError::Invalid(format!("the reverse property {p} holds a value")));
                        }
                        push_values(&mut reverse, &p, items);
                    }
                }
                "@nest" => nests.push(key),
                other => {
                    return Err(JsonLdError::Invalid(format!("the keyword {other} cannot be used in a credential")))
                }
            }
            continue;
        }

        let definition = ctx.term(key);
        let containers = definition.map_or(0, |d| d.container);
        let mut expanded = if definition.and_then(|d| d.type_mapping.as_deref()) == Some("@json") {
            Value::Object(Map::from_iter([
                ("@value".to_owned(), value.clone()),
                ("@type".to_owned(), Value::String("@json".into())),
            ]))
        } else if containers & container::LANGUAGE != 0 && value.is_object() {
            expand_language_map(ctx, key, value)?
        } else if containers & (container::INDEX | container::TYPE | container::ID) != 0 && value.is_object() {
            expand_index_map(ctx, key, value, containers, depth)?
        } else {
            expand(ctx, Some(key), value, false, depth)?
        };
        if expanded.is_null() {
            continue;
        }
        if containers & container::LIST != 0 && !is_list_object(&expanded) {
            expanded = Value::Object(Map::from_iter([("@list".to_owned(), Value::Array(as_array(expanded)))]));
        }
        if containers & container::GRAPH != 0 && containers & (container::ID | container::INDEX) == 0 {
            expanded = Value::Array(
                as_array(expanded)
                    .into_iter()
                    .map(|ev| Value::Object(Map::from_iter([("@graph".to_owned(), Value::Array(as_array(ev)))])))
                    .collect(),
            );
        }
        if definition.is_some_and(|d| d.reverse) {
            let items = as_array(expanded);
            if items.iter().any(|i| is_value_object(i) || is_list_object(i)) {
                return Err(JsonLdError::Invalid(format!("the reverse property {key} holds a value")));
            }
            push_values(&mut reverse, &property, items);
        } else {
            push_values(result, &property, as_array(expanded));
        }
    }
    if !reverse.is_empty() {
        match result.get_mut("@reverse") {
            Some(Value::Object(existing)) => {
                for (p, items) in reverse {
                    push_values(existing, &p, as_array(items));
                }
            }
            _ => {
                result.insert("@reverse".into(), Value::Object(reverse));
            }
        }
    }
    nests.sort_unstable();
    for nest in nests {
        for nested in as_array(element[nest.as_str()].clone()) {
            let Value::Object(nested) = nested else {
                return Err(JsonLdError::Invalid(format!("the @nest value under {nest} is not an object")));
            };
            if nested.keys().any(|k| expand_iri(ctx, k, true, false).as_deref() == Some("@value")) {
                return Err(JsonLdError::Invalid(format!("the @nest value under {nest} is a value object")));
            }
            let mut nested_keys: Vec<&String> = nested.keys().collect();
            nested_keys.sort_unstable();
            expand_object(state, &nested, &nested_keys, result)?;
        }
    }
    Ok(())
}

/// Steps 15–19: checks of value, list and set objects, and the refusal of what a
/// processor would drop.
fn finish_object(
    ctx: &ActiveContext,
    active_property: Option<&str>,
    expanded_active_property: Option<&str>,
    mut result: Map<String, Value>,
) -> Result<Value, JsonLdError> {
    if result.contains_key("@value") {
        if result.keys().any(|k| !matches!(k.as_str(), "@direction" | "@index" | "@language" | "@type" | "@value")) {
            return Err(JsonLdError::Invalid(
                "a value object has entries other than @type, @language or @index".into(),
            ));
        }
        if result.contains_key("@type") && (result.contains_key("@language") || result.contains_key("@direction")) {
            return Err(JsonLdError::Invalid("a value object has both a @type and a @language or @direction".into()));
        }
        let ty = result.get("@type");
        if ty.and_then(Value::as_str) == Some("@json") {
            // Any JSON is a valid @json value.
        } else if result["@value"].is_null() {
            return Err(JsonLdError::Dropped("a value object whose @value is null".into()));
        } else if !result["@value"].is_string() && result.contains_key("@language") {
            return Err(JsonLdError::Invalid(format!(
                "the value {} has a language but is not a string",
                result["@value"]
            )));
        } else if let Some(ty) = ty {
            match ty.as_str() {
                Some(t) if is_absolute_iri(t) && !is_blank_node_id(t) => {}
                _ => return Err(JsonLdError::RelativeIri { what: "the value type", iri: ty.to_string() }),
            }
        }
    } else if let Some(ty) = result.get_mut("@type") {
        if !ty.is_array() {
            *ty = Value::Array(vec![ty.take()]);
        }
    } else if result.contains_key("@set") || result.contains_key("@list") {
        if result.len() > 1 && !(result.len() == 2 && result.contains_key("@index")) {
            return Err(JsonLdError::Invalid("a @list or @set object has entries other than @index".into()));
        }
        if let Some(set) = result.remove("@set") {
            return Ok(set);
        }
    }
    if result.len() == 1 && result.contains_key("@language") {
        return Err(JsonLdError::Dropped("an object with only a @language".into()));
    }
    let graph_container =
        active_property.and_then(|p| ctx.term(p)).is_some_and(|d| d.container & container::GRAPH != 0);
    if active_property.is_none() || expanded_active_property == Some("@graph") || graph_container {
        if result.is_empty() {
            return Err(JsonLdError::Dropped("an empty object that belongs to no property".into()));
        }
        if result.contains_key("@value") || result.contains_key("@list") {
            return Err(JsonLdError::Dropped("a value that belongs to no property".into()));
        }
        if result.len() == 1 && result.contains_key("@id") {
            return Err(JsonLdError::Dropped(format!("the object with only an identifier ({})", result["@id"])));
        }
    }
    Ok(Value::Object(result))
}

/// Value expansion (§5.3.2).
fn expand_value(ctx: &ActiveContext, active_property: &str, value: &Value) -> Result<Value, JsonLdError> {
    let definition = ctx.term(active_property);
    let type_mapping = definition.and_then(|d| d.type_mapping.as_deref());
    if let Value::String(s) = value {
        match type_mapping {
            Some("@id") => return Ok(id_object(node_iri(ctx, s, false)?)),
            Some("@vocab") => return Ok(id_object(node_iri(ctx, s, true)?)),
            _ => {}
        }
    }
    let mut result = Map::new();
    result.insert("@value".into(), value.clone());
    match type_mapping {
        Some("@id" | "@vocab" | "@none") => {}
        Some(ty) => {
            result.insert("@type".into(), Value::String(ty.to_owned()));
        }
        None if value.is_string() => {
            let language = match definition.and_then(|d| d.language.as_ref()) {
                Some(explicit) => explicit.as_deref(),
                None => ctx.language.as_deref(),
            };
            let direction = match definition.and_then(|d| d.direction) {
                Some(explicit) => explicit,
                None => ctx.direction,
            };
            if let Some(language) = language {
                result.insert("@language".into(), Value::String(language.to_owned()));
            }
            if let Some(direction) = direction {
                result.insert("@direction".into(), Value::String(direction.as_str().into()));
            }
        }
        None => {}
    }
    Ok(Value::Object(result))
}

fn id_object(iri: String) -> Value {
    Value::Object(Map::from_iter([("@id".to_owned(), Value::String(iri))]))
}

/// Step 13.7: a language map.
fn expand_language_map(ctx: &ActiveContext, key: &str, value: &Value) -> Result<Value, JsonLdError> {
    let Value::Object(map) = value else { return Ok(Value::Null) };
    let direction = match ctx.term(key).and_then(|d| d.direction) {
        Some(explicit) => explicit,
        None => ctx.direction,
    };
    let mut languages: Vec<&String> = map.keys().collect();
    languages.sort_unstable();
    let mut result = Vec::new();
    for language in languages {
        let none = language == "@none" || expand_iri(ctx, language, true, false).as_deref() == Some("@none");
        for item in as_array(map[language.as_str()].clone()) {
            let text = match item {
                Value::Null => continue,
                Value::String(text) => text,
                other => {
                    return Err(JsonLdError::Invalid(format!("the language map of {key} holds {other}, not text")))
                }
            };
            let mut v = Map::new();
            v.insert("@value".into(), Value::String(text));
            if !none {
                if !is_well_formed_language(language) {
                    return Err(JsonLdError::InvalidLanguage(language.clone()));
                }
                v.insert("@language".into(), Value::String(language.to_lowercase()));
            }
            if let Some(direction) = direction {
                v.insert("@direction".into(), Value::String(direction.as_str().into()));
            }
            result.push(Value::Object(v));
        }
    }
    Ok(Value::Array(result))
}

/// Step 13.8: index, id and type maps.
fn expand_index_map(
    ctx: &Arc<ActiveContext>,
    key: &str,
    value: &Value,
    containers: u8,
    depth: usize,
) -> Result<Value, JsonLdError> {
    let Value::Object(map) = value else { return Ok(Value::Null) };
    let index_key = ctx.term(key).and_then(|d| d.index.clone()).unwrap_or_else(|| "@index".into());
    let mut indexes: Vec<&String> = map.keys().collect();
    indexes.sort_unstable();
    let mut result = Vec::new();
    for index in indexes {
        let mut map_ctx = if containers & (container::ID | container::TYPE) != 0 {
            ctx.previous.clone().unwrap_or_else(|| Arc::clone(ctx))
        } else {
            Arc::clone(ctx)
        };
        if containers & container::TYPE != 0 {
            if let Some(local) = map_ctx.term(index).and_then(|d| d.context.clone()) {
                map_ctx = process(&map_ctx, &local, Flags::DEFAULT)?;
            }
        }
        let expanded_index = expand_iri(ctx, index, true, false);
        let is_none = expanded_index.as_deref() == Some("@none");
        let items = Value::Array(as_array(map[index.as_str()].clone()));
        for mut item in as_array(expand(&map_ctx, Some(key), &items, true, depth)?) {
            if containers & container::GRAPH != 0 && !is_graph_object(&item) {
                item = Value::Object(Map::from_iter([("@graph".to_owned(), Value::Array(as_array(item)))]));
            }
            let Value::Object(object) = &mut item else { continue };
            if containers & container::INDEX != 0 && index_key != "@index" && !is_none {
                let re_expanded = expand_value(ctx, &index_key, &Value::String(index.clone()))?;
                let property = match expand_iri(ctx, &index_key, true, false) {
                    Some(p) if is_absolute_iri(&p) => p,
                    _ => return Err(JsonLdError::UndefinedTerm(index_key.clone())),
                };
                if object.contains_key("@value") {
                    return Err(JsonLdError::Invalid(format!("the index map {key} holds a value object")));
                }
                let mut values = vec![re_expanded];
                values.extend(object.remove(&property).map(as_array).unwrap_or_default());
                object.insert(property, Value::Array(values));
            } else if containers & container::INDEX != 0 && !object.contains_key("@index") && !is_none {
                object.insert("@index".into(), Value::String(index.clone()));
            } else if containers & container::ID != 0 && !object.contains_key("@id") && !is_none {
                object.insert("@id".into(), Value::String(node_iri(ctx, index, false)?));
            } else if containers & container::TYPE != 0 && !is_none {
                let ty = match expanded_index.clone() {
                    Some(t) if is_absolute_iri(&t) => t,
                    _ => return Err(JsonLdError::RelativeIri { what: "the type", iri: index.clone() }),
                };
                let mut types = vec![Value::String(ty)];
                types.extend(object.remove("@type").map(as_array).unwrap_or_default());
                object.insert("@type".into(), Value::Array(types));
            }
            result.push(item);
        }
    }
    Ok(Value::Array(result))
}
