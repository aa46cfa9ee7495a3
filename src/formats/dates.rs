//! Dates in interchange files: TMX's `YYYYMMDDThhmmssZ` (always UTC) and the forms people
//! put in CSV columns (RFC 3339, `YYYY-MM-DD hh:mm:ss`, `YYYY-MM-DD`, or the TMX form).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

const TMX_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// `20240131T154500Z`.
pub fn format_tmx(date: &DateTime<Utc>) -> String {
    date.format(TMX_FORMAT).to_string()
}

/// RFC 3339 in UTC with seconds: `2024-01-31T15:45:00Z`.
pub fn format_csv(date: &DateTime<Utc>) -> String {
    date.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Parses a TMX date; `None` if it is not `YYYYMMDDThhmmssZ`.
pub fn parse_tmx(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text.trim(), TMX_FORMAT)
        .ok()
        .map(|d| d.and_utc())
}

/// Parses any of the date forms accepted in CSV columns.
pub fn parse_any(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(d.with_timezone(&Utc));
    }
    if let Some(d) = parse_tmx(text) {
        return Some(d);
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(text, format) {
            return Some(d.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let cases = [
            ("20240131T154500Z", Some("2024-01-31T15:45:00Z")),
            ("2024-01-31T15:45:00Z", Some("2024-01-31T15:45:00Z")),
            ("2024-01-31T18:45:00+03:00", Some("2024-01-31T15:45:00Z")),
            ("2024-01-31 15:45:00", Some("2024-01-31T15:45:00Z")),
            ("2024-01-31", Some("2024-01-31T00:00:00Z")),
            ("31/01/2024", None),
            ("", None),
        ];
        for (input, expected) in cases {
            let got = parse_any(input).map(|d| format_csv(&d));
            assert_eq!(got.as_deref(), expected, "{input}");
        }
        let d = parse_tmx("20240131T154500Z").unwrap();
        assert_eq!(format_tmx(&d), "20240131T154500Z");
        assert_eq!(parse_tmx("2024-01-31"), None);
    }
}
