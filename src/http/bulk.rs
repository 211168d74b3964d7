//! Bulk bodies (imports): a JSON array of objects, or CSV with a header row. Either way a
//! handler gets one JSON object per row, so each row is checked by the same rules as a
//! single create and reported on its own.

use actix_web::{web, HttpMessage, HttpRequest};
use serde_json::{Map, Value};

use super::json::{read_body, BULK_BODY_LIMIT};
use crate::error::{ApiError, ApiResult, FieldError};

/// One CSV record: (header, cell) pairs, empty cells left out.
pub type CsvRecord = Vec<(String, String)>;

/// Reads an import body into rows. CSV records are turned into JSON objects by
/// `from_csv`, which knows the module's fields (numbers, lists).
pub async fn read_rows(
    req: &HttpRequest,
    payload: web::Payload,
    from_csv: impl Fn(CsvRecord) -> Value,
) -> ApiResult<Vec<Value>> {
    let mime = req.mime_type().ok().flatten();
    let is_csv = mime.as_ref().is_some_and(|m| m.type_() == "text" && m.subtype() == "csv");
    let is_json = mime.as_ref().is_some_and(|m| m.type_() == "application" && m.subtype() == "json");
    if !is_csv && !is_json {
        return Err(ApiError::unsupported_media_type("application/json or text/csv"));
    }
    let bytes = read_body(req, &mut payload.into_inner(), BULK_BODY_LIMIT).await?;
    if is_csv {
        Ok(csv_records(&bytes)?.into_iter().map(from_csv).collect())
    } else {
        json_rows(&bytes)
    }
}

/// A JSON array of rows, each an object as the spec says. A row of another type is the
/// request's fault (422 naming it, nothing imported), not a row to report as invalid.
pub fn json_rows(bytes: &[u8]) -> ApiResult<Vec<Value>> {
    let Value::Array(rows) = super::json::parse_value(bytes)? else {
        return Err(ApiError::validation(vec![FieldError::new("body", "must be a JSON array of rows")]));
    };
    let not_objects: Vec<FieldError> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.is_object())
        .map(|(i, _)| FieldError::new(format!("[{i}]"), "must be an object"))
        .collect();
    if not_objects.is_empty() {
        Ok(rows)
    } else {
        Err(ApiError::validation(not_objects))
    }
}

/// The records of UTF-8 CSV with a header row (a BOM is allowed, cells are trimmed).
pub fn csv_records(bytes: &[u8]) -> ApiResult<Vec<CsvRecord>> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| ApiError::bad_request("import.not_utf8", "The CSV must be UTF-8."))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let unreadable = |e: csv::Error| ApiError::bad_request("import.bad_csv", format!("The CSV cannot be read: {e}"));
    let headers = reader.headers().map_err(unreadable)?.clone();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        records.push(
            headers
                .iter()
                .zip(record.iter())
                .filter(|(_, cell)| !cell.is_empty())
                .map(|(h, c)| (h.to_owned(), c.to_owned()))
                .collect(),
        );
    }
    Ok(records)
}

/// A cell as a JSON number when it reads as one, else as text (so the row's own checks
/// name the field that is not a number).
pub fn number_or_text(cell: &str, integer: bool) -> Value {
    let parsed =
        if integer { cell.parse::<i64>().ok().map(Value::from) } else { cell.parse::<f64>().ok().map(Value::from) };
    parsed.unwrap_or_else(|| Value::from(cell))
}

/// Builds a JSON object from converted cells.
pub fn object(cells: impl IntoIterator<Item = (String, Value)>) -> Value {
    Value::Object(cells.into_iter().collect::<Map<String, Value>>())
}
