//! The schema rules on hand-written schemas: what each keyword refuses.

use super::*;
use serde_json::json;

fn rules(schema: Value) -> SchemaRules {
    SchemaRules { root: schema, components: HashMap::new() }
}

fn failures(rules: &SchemaRules, mut value: Value) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    rules.check(&mut value, &mut errors);
    errors.into_iter().map(|e| (e.field, e.message)).collect()
}

#[test]
fn lengths_ranges_and_counts_come_from_the_schema() {
    let rules = rules(json!({"type": "object", "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 3},
        "age": {"type": ["integer", "null"], "minimum": 18, "maximum": 99},
        "area": {"type": "number", "exclusiveMinimum": 0},
        "tags": {"type": "array", "maxItems": 2, "items": {"type": "string", "maxLength": 2}},
    }}));
    assert!(failures(&rules, json!({"name": "王丽", "age": null, "area": 0.5, "tags": ["a"]})).is_empty());
    let found = failures(&rules, json!({"name": "王丽丽丽", "age": 17, "area": 0, "tags": ["abc", "b", "c"]}));
    assert_eq!(
        found,
        vec![
            ("age".into(), "must be between 18 and 99".into()),
            ("area".into(), "must be more than 0".into()),
            ("name".into(), "must be 1 to 3 characters".into()),
            ("tags".into(), "must have at most 2 items".into()),
            ("tags[0]".into(), "must be at most 2 characters".into()),
        ]
    );
}

#[test]
fn control_characters_are_refused_anywhere_but_tab_and_newline_are_text() {
    let rules = rules(json!({}));
    assert!(failures(&rules, json!({"note": "line one\n\tline two"})).is_empty());
    let found = failures(&rules, json!({"note": "a\u{0}b", "nested": {"list": ["ok", "\u{1b}[31m"]}}));
    let fields: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, vec!["nested.list[1]", "note"]);
    assert!(!is_text("\u{85}"), "C1 controls are control characters too");
}

#[test]
fn integral_numbers_with_a_fraction_are_integers() {
    let rules = rules(json!({"type": "object", "properties": {"n": {"type": "integer"}, "x": {"type": "number"}}}));
    let mut value = json!({"n": -43.0, "x": 2.0});
    rules.check(&mut value, &mut Vec::new());
    assert_eq!(value, json!({"n": -43, "x": 2.0}));
    let mut huge = json!({"n": -9.3e18});
    rules.check(&mut huge, &mut Vec::new());
    assert!(huge["n"].is_f64(), "beyond 2^53 the written integer is unknown");
    let mut fractional = json!({"n": 1.5});
    rules.check(&mut fractional, &mut Vec::new());
    assert_eq!(fractional, json!({"n": 1.5}), "left for serde to refuse");
}

#[test]
fn references_and_nullable_branches_are_followed() {
    let rules = SchemaRules {
        root: json!({"type": "object", "properties": {"budget": {"oneOf": [
            {"type": "null"}, {"$ref": "#/components/schemas/Budget"}
        ]}}}),
        components: HashMap::from([(
            "Budget".to_owned(),
            json!({"type": "object", "properties": {"max_fen": {"type": "integer", "maximum": 10}}}),
        )]),
    };
    assert!(failures(&rules, json!({"budget": null})).is_empty());
    assert_eq!(failures(&rules, json!({"budget": {"max_fen": 11}})).len(), 1);
}

#[test]
fn query_values_are_checked_as_their_type() {
    let rules = rules(json!({"type": "object", "properties": {
        "limit": {"type": "integer", "minimum": 1, "maximum": 100},
        "q": {"type": "string", "maxLength": 4},
    }}));
    let mut errors = Vec::new();
    let pairs = |list: &[(&str, &str)]| list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    rules.check_query(&pairs(&[("limit", "100"), ("q", "王")]), &mut errors);
    assert!(errors.is_empty());
    rules.check_query(&pairs(&[("limit", "0"), ("q", "12345"), ("other\u{0}", "\u{0}"), ("q", "\u{0}")]), &mut errors);
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["limit", "q", "q"], "unknown parameters are ignored");
}

#[test]
fn published_patterns_are_enforced() {
    let rules = rules(json!({"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z]{2}$"}}}));
    assert!(failures(&rules, json!({"code": "AB"})).is_empty());
    assert_eq!(failures(&rules, json!({"code": "abc"}))[0].0, "code");
}
