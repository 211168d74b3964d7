//! The funnel as CSV (the daily report writes its own beside it).

use crate::analytics::dto::{DaysTaken, FunnelReport, FunnelRow};
use crate::error::{ApiError, ApiResult};
use crate::http::csv_out::text_cell;

const HEADER: [&str; 20] = [
    "key",
    "name",
    "leads",
    "visited",
    "subscribed",
    "reserved",
    "signed",
    "cancelled",
    "signed_fen",
    "visit_rate",
    "conversion",
    "average_deal_fen",
    "days_to_first_visit_p50",
    "days_to_first_visit_p75",
    "days_to_signing_p50",
    "days_to_signing_p75",
    "cost_fen",
    "cost_per_lead_fen",
    "cost_per_deal_fen",
    "roi",
];

fn cell<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn cells(row: &FunnelRow) -> Vec<String> {
    let s = row.stages;
    let p = |d: Option<DaysTaken>, f: fn(DaysTaken) -> f64| cell(d.map(f));
    vec![
        row.key.clone(),
        row.name.clone(),
        s.leads.to_string(),
        s.visited.to_string(),
        s.subscribed.to_string(),
        s.reserved.to_string(),
        s.signed.to_string(),
        s.cancelled.to_string(),
        s.signed_fen.to_string(),
        cell(row.visit_rate),
        cell(row.conversion),
        cell(row.average_deal_fen),
        p(row.days_to_first_visit, |d| d.p50),
        p(row.days_to_first_visit, |d| d.p75),
        p(row.days_to_signing, |d| d.p50),
        p(row.days_to_signing, |d| d.p75),
        cell(row.cost_fen),
        cell(row.cost_per_lead_fen),
        cell(row.cost_per_deal_fen),
        cell(row.roi),
    ]
}

/// The funnel as CSV: a row per group, then the total.
pub fn funnel_csv(report: &FunnelReport) -> ApiResult<String> {
    table_csv(&HEADER, report.rows.iter().chain(std::iter::once(&report.total)).map(cells))
}

/// A table as CSV text: the header, then each row. A cell that is not a number is text,
/// and goes through [`text_cell`] so a spreadsheet never runs it as a formula (a channel or
/// a salesperson named `=…`); numbers, negative ones included, are left as they are.
pub(crate) fn table_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> ApiResult<String> {
    let write = || -> csv::Result<Vec<u8>> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(header)?;
        for row in rows {
            writer.write_record(row.iter().map(|cell| safe(cell).into_owned()))?;
        }
        writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    };
    let bytes = write().map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    String::from_utf8(bytes).map_err(|e| ApiError::internal(anyhow::anyhow!(e)))
}

fn safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.parse::<f64>().is_ok() {
        std::borrow::Cow::Borrowed(cell)
    } else {
        text_cell(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_reads_as_a_formula_is_neutralised_and_numbers_are_kept() {
        let rows = vec![vec!["=HYPERLINK(\"x\")".to_owned(), "-2+3".to_owned(), "-500".to_owned(), "0.25".to_owned()]];
        let csv = table_csv(&["a", "b", "c", "d"], rows).expect("csv");
        assert_eq!(csv, "a,b,c,d\n\"'=HYPERLINK(\"\"x\"\")\",'-2+3,-500,0.25\n");
    }
}
