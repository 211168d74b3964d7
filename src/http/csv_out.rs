//! CSV the API writes (exports) is opened in spreadsheets, which run a cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return as a formula. Every text cell goes through
//! [`text_cell`]; numbers are written as numbers and left alone.

use std::borrow::Cow;

/// The cell as a spreadsheet shows it, never as a formula: `'` before a dangerous start.
pub fn text_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::text_cell;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_kept() {
        for formula in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"] {
            assert_eq!(text_cell(formula), format!("'{formula}"));
        }
        assert_eq!(text_cell("王丽"), "王丽");
        assert_eq!(text_cell("a=b"), "a=b");
        assert_eq!(text_cell(""), "");
    }
}
