//! The published schema is the one source of every limit a request must keep.
//!
//! A DTO declares its limits once, as `#[schema(max_length = …, minimum = …)]` (or
//! `#[param(…)]` on query structs); that declaration is what the spec publishes, and these
//! rules enforce the very same schema on the raw request before serde reads it. The spec and
//! the server therefore cannot disagree about a length, a range or an array size. What JSON
//! Schema cannot say (cross-field rules, a time zone name) stays with `validator`'s `custom`.
//!
//! Besides the declared limits, every string of every request — body fields, object keys,
//! query values — is refused when it holds NUL or another control character (tab and newline
//! are text). The spec says so with [`TEXT_PATTERN`] on every free-text string.
//!
//! Integral JSON numbers written with a fraction (`-43.0`) are integers to JSON Schema, so
//! they are read as integers where the schema says `integer`.

use regex::Regex;
use serde_json::{Map, Number, Value};
use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};
use utoipa::openapi::path::ParameterIn;
use utoipa::{IntoParams, ToSchema};

use crate::error::FieldError;

/// The pattern the spec puts on free-text strings: anything but control characters other
/// than tab and newline. [`is_text`] is its implementation.
pub const TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*$";

/// The message of a string refused by [`TEXT_PATTERN`].
pub const TEXT_MESSAGE: &str = "must not contain control characters (tab and newline are allowed)";

/// Whether `text` keeps [`TEXT_PATTERN`].
pub fn is_text(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() && c != '\t' && c != '\n')
}

/// One type's schema, with the component schemas it refers to, as JSON.
#[derive(Debug)]
pub struct SchemaRules {
    root: Value,
    components: HashMap<String, Value>,
}

type Cache = RwLock<HashMap<TypeId, Arc<SchemaRules>>>;

/// The rules of a body type, built once per type (schemas are built by utoipa on demand).
pub fn body_rules<T: ToSchema + 'static>() -> Arc<SchemaRules> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    cached::<T>(&CACHE, || {
        let mut referenced = Vec::new();
        T::schemas(&mut referenced);
        SchemaRules {
            root: to_json(&T::schema()),
            components: referenced.into_iter().map(|(name, schema)| (name, to_json(&schema))).collect(),
        }
    })
}

/// The rules of a query struct: one property per parameter.
pub fn query_rules<T: IntoParams + 'static>() -> Arc<SchemaRules> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    cached::<T>(&CACHE, || {
        let properties: Map<String, Value> = T::into_params(|| Some(ParameterIn::Query))
            .into_iter()
            .filter_map(|p| Some((p.name.clone(), to_json(p.schema.as_ref()?))))
            .collect();
        SchemaRules {
            root: serde_json::json!({ "type": "object", "properties": properties }),
            components: HashMap::new(),
        }
    })
}

fn cached<T: 'static>(cache: &'static OnceLock<Cache>, build: impl FnOnce() -> SchemaRules) -> Arc<SchemaRules> {
    let cache = cache.get_or_init(Default::default);
    let key = TypeId::of::<T>();
    if let Some(rules) = cache.read().ok().and_then(|map| map.get(&key).cloned()) {
        return rules;
    }
    let rules = Arc::new(build());
    if let Ok(mut map) = cache.write() {
        map.insert(key, rules.clone());
    }
    rules
}

fn to_json(schema: &impl serde::Serialize) -> Value {
    serde_json::to_value(schema).unwrap_or(Value::Null)
}

impl SchemaRules {
    /// Checks `value` (and normalises integral numbers), adding one error per failing field,
    /// sorted by field. Shape errors (a string where a number belongs) are left to serde,
    /// which names them.
    pub fn check(&self, value: &mut Value, errors: &mut Vec<FieldError>) {
        refuse_control_characters(value, "", errors);
        self.walk(&self.root, value, "", errors, 0);
        errors.sort_by(|a, b| a.field.cmp(&b.field));
    }

    /// Checks query parameters, given as decoded `(name, value)` pairs; numbers are compared
    /// as numbers.
    pub fn check_query(&self, pairs: &[(String, String)], errors: &mut Vec<FieldError>) {
        let properties = self.root.get("properties").and_then(Value::as_object);
        for (name, raw) in pairs {
            // A parameter the operation does not take is read by nothing: it is ignored.
            let Some(schema) = properties.and_then(|p| p.get(name)) else { continue };
            if !is_text(raw) {
                errors.push(FieldError::new(name.clone(), TEXT_MESSAGE));
                continue;
            }
            let mut value = if allows(schema, "integer") || allows(schema, "number") {
                match raw.parse::<f64>() {
                    Ok(_) => serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.clone())),
                    Err(_) => continue, // not a number: serde says so, naming the parameter
                }
            } else {
                Value::String(raw.clone())
            };
            self.walk(schema, &mut value, name, errors, 0);
        }
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                reference.rsplit('/').next().and_then(|name| self.components.get(name)).unwrap_or(&Value::Null)
            }
            None => schema,
        }
    }

    fn walk(&self, schema: &Value, value: &mut Value, path: &str, errors: &mut Vec<FieldError>, depth: usize) {
        // Deeper than any DTO nests: a self-referring schema must not loop.
        if depth > 32 {
            return;
        }
        let schema = self.resolve(schema);
        for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            self.walk(part, value, path, errors, depth + 1);
        }
        for key in ["oneOf", "anyOf"] {
            let branches = schema.get(key).and_then(Value::as_array).into_iter().flatten();
            // The first branch of the value's own kind; an `Option<T>` is `null` or `T`.
            if let Some(branch) = branches.map(|b| self.resolve(b)).find(|b| kind_matches(b, value)) {
                self.walk(branch, value, path, errors, depth + 1);
            }
        }
        match value {
            Value::String(text) => check_string(schema, text, path, errors),
            Value::Number(number) => {
                if allows(schema, "integer") && !allows(schema, "number") {
                    if let Some(integral) = integral(number) {
                        *number = integral;
                    }
                }
                check_number(schema, number, path, errors);
            }
            Value::Array(items) => {
                check_count(schema, items.len(), path, errors);
                if let Some(item_schema) = schema.get("items") {
                    for (index, item) in items.iter_mut().enumerate() {
                        self.walk(item_schema, item, &format!("{path}[{index}]"), errors, depth + 1);
                    }
                }
            }
            Value::Object(fields) => {
                let properties = schema.get("properties").and_then(Value::as_object);
                let additional = schema.get("additionalProperties").filter(|s| s.is_object());
                for (name, field) in fields.iter_mut() {
                    let child = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                    if let Some(field_schema) = properties.and_then(|p| p.get(name)).or(additional) {
                        self.walk(field_schema, field, &child, errors, depth + 1);
                    }
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }
}

/// The `type` of a schema includes `kind` (an absent `type` allows everything).
fn allows(schema: &Value, kind: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == kind,
        Some(Value::Array(types)) => types.iter().any(|t| t == kind),
        _ => false,
    }
}

fn kind_matches(schema: &Value, value: &Value) -> bool {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => return allows(schema, "number") || allows(schema, "integer"),
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    allows(schema, kind) || (kind == "object" && schema.get("properties").is_some())
}

/// `43.0` as the integer 43; `None` for a number with a fraction or out of range.
fn integral(number: &Number) -> Option<Number> {
    if number.is_i64() || number.is_u64() {
        return None;
    }
    let float = number.as_f64()?;
    // Past 2^53 a float no longer says which integer was written: leave it for serde to refuse.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let fits = float.fract() == 0.0 && (-EXACT..=EXACT).contains(&float);
    fits.then(|| Number::from(float as i64))
}

fn check_string(schema: &Value, text: &str, path: &str, errors: &mut Vec<FieldError>) {
    if !allows(schema, "string") {
        return;
    }
    // The text pattern is checked natively for every string (see `check`); the phone's is
    // left to its parser, which answers with its own code.
    let pattern = schema
        .get("pattern")
        .and_then(Value::as_str)
        .filter(|p| *p != TEXT_PATTERN && *p != super::schema_types::mobile_phone_pattern());
    if let Some(pattern) = pattern {
        if !matches_pattern(pattern, text) {
            errors.push(FieldError::new(field_name(path), format!("must match {pattern}")));
            return;
        }
    }
    let chars = text.chars().count() as u64;
    let min = schema.get("minLength").and_then(Value::as_u64);
    let max = schema.get("maxLength").and_then(Value::as_u64);
    if min.is_some_and(|m| chars < m) || max.is_some_and(|m| chars > m) {
        let message = match (min, max) {
            (Some(min), Some(max)) if min == max => format!("must be exactly {min} characters"),
            (Some(min), Some(max)) => format!("must be {min} to {max} characters"),
            (Some(min), None) => format!("must be at least {min} characters"),
            (_, Some(max)) => format!("must be at most {max} characters"),
            (None, None) => unreachable_message(),
        };
        errors.push(FieldError::new(field_name(path), message));
    }
}

fn check_number(schema: &Value, number: &Number, path: &str, errors: &mut Vec<FieldError>) {
    let bound = |key: &str| schema.get(key).and_then(Value::as_number);
    let (min, max) = (bound("minimum"), bound("maximum"));
    let (above, below) = (bound("exclusiveMinimum"), bound("exclusiveMaximum"));
    let too_low = min.is_some_and(|m| compare(number, m).is_lt()) || above.is_some_and(|m| compare(number, m).is_le());
    let too_high = max.is_some_and(|m| compare(number, m).is_gt()) || below.is_some_and(|m| compare(number, m).is_ge());
    if too_low || too_high {
        let message = match (min.or(above), max.or(below)) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) if above.is_some() => format!("must be more than {min}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            (None, None) => unreachable_message(),
        };
        errors.push(FieldError::new(field_name(path), message));
    }
}

fn check_count(schema: &Value, count: usize, path: &str, errors: &mut Vec<FieldError>) {
    let count = count as u64;
    let min = schema.get("minItems").and_then(Value::as_u64);
    let max = schema.get("maxItems").and_then(Value::as_u64);
    if min.is_some_and(|m| count < m) || max.is_some_and(|m| count > m) {
        let message = match (min, max) {
            (Some(min), Some(max)) => format!("must have {min} to {max} items"),
            (Some(min), None) => format!("must have at least {min} items"),
            (_, Some(max)) => format!("must have at most {max} items"),
            (None, None) => unreachable_message(),
        };
        errors.push(FieldError::new(field_name(path), message));
    }
}

/// Whether `text` matches a published pattern; patterns are compiled once each. A pattern
/// that does not compile is a bug in a declaration, and refuses nothing rather than all.
fn matches_pattern(pattern: &str, text: &str) -> bool {
    static COMPILED: OnceLock<RwLock<HashMap<String, Option<Regex>>>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(Default::default);
    if let Some(found) = compiled.read().ok().and_then(|map| map.get(pattern).cloned()) {
        return found.is_none_or(|regex| regex.is_match(text));
    }
    let regex = Regex::new(pattern).ok();
    if regex.is_none() {
        tracing::error!(pattern, "a published pattern does not compile");
    }
    let result = regex.as_ref().is_none_or(|r| r.is_match(text));
    if let Ok(mut map) = compiled.write() {
        map.insert(pattern.to_owned(), regex);
    }
    result
}

/// Compares exactly where both are integers, as floats otherwise.
fn compare(a: &Number, b: &Number) -> std::cmp::Ordering {
    match (a.as_i64(), b.as_i64()) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => {
            let (a, b) = (a.as_f64().unwrap_or(f64::NAN), b.as_f64().unwrap_or(f64::NAN));
            a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal)
        }
    }
}

/// A failing check always has a bound; this keeps the match total without a panic.
fn unreachable_message() -> String {
    "is out of range".to_owned()
}

fn field_name(path: &str) -> String {
    if path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    }
}

fn refuse_control_characters(value: &Value, path: &str, errors: &mut Vec<FieldError>) {
    match value {
        Value::String(text) if !is_text(text) => errors.push(FieldError::new(field_name(path), TEXT_MESSAGE)),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                refuse_control_characters(item, &format!("{path}[{index}]"), errors);
            }
        }
        Value::Object(fields) => {
            for (name, field) in fields {
                let child = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                if is_text(name) {
                    refuse_control_characters(field, &child, errors);
                } else {
                    errors.push(FieldError::new(field_name(path), "has a field name with control characters"));
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
