//! Free labels (tags, layouts, concerns): short strings kept as a JSON array in one text
//! column, the portable way to store a small list on both backends.

use crate::error::FieldError;

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 32;

/// Cleans labels for storage: trimmed, 1–32 characters each, no repeats, order kept.
/// Each bad label adds an error naming `field[index]`.
pub fn clean(field: &str, items: &[String], errors: &mut Vec<FieldError>) -> String {
    let mut kept: Vec<String> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let item = item.trim();
        if item.is_empty() || item.chars().count() > MAX_LABEL_CHARS {
            errors.push(FieldError::new(format!("{field}[{index}]"), "must be 1 to 32 characters"));
        } else if !kept.iter().any(|k| k == item) {
            kept.push(item.to_owned());
        }
    }
    serde_json::to_string(&kept).unwrap_or_else(|_| "[]".into())
}

/// Reads a stored list back; a damaged column reads as empty rather than failing a page.
pub fn read(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// A `LIKE` pattern (against the lower-cased column) matching rows whose stored list
/// holds exactly `label`, in any case.
pub fn contains_pattern(label: &str) -> String {
    let quoted = serde_json::to_string(label.trim()).unwrap_or_default();
    crate::db::like_pattern(&quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_trimmed_deduplicated_and_checked() {
        let mut errors = Vec::new();
        let items = ["多孩家庭".into(), " 改善 ".into(), "多孩家庭".into(), " ".into(), "x".repeat(33)];
        assert_eq!(clean("tags", &items, &mut errors), r#"["多孩家庭","改善"]"#);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["tags[3]", "tags[4]"]);
        assert_eq!(read(r#"["a","b"]"#), vec!["a", "b"]);
        assert!(read("not json").is_empty());
    }
}
