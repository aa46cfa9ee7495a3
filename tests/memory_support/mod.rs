//! Helpers shared by tests/memory.rs: unit builders, foreign and too-new memory files,
//! running the real binary.

#![allow(dead_code)]

use std::path::Path;

use chrono::{TimeZone, Utc};
use tarjama::memory::{Memory, Prop, Side, Status, UnitRecord};

pub fn pair(ar: &str, en: &str) -> UnitRecord {
    UnitRecord::new(Side::new("ar", ar), Side::new("en", en))
}

pub fn full_unit() -> UnitRecord {
    let mut u = UnitRecord::new(
        Side {
            lang: "ar-IQ".into(),
            text: "قالَ الكاظمي إنّ ٣٫٥ مليار".into(),
            markup: Some("قالَ <b>الكاظمي</b> إنّ ٣٫٥ مليار".into()),
        },
        Side::new("en-US", "Kadhimi said 3.5 billion"),
    );
    u.origin = Some("https://ina.iq/123".into());
    u.position = Some(4);
    u.external_id = Some("tu-7".into());
    u.created_at = Some(Utc.with_ymd_and_hms(2021, 12, 31, 10, 30, 0).unwrap());
    u.created_by = Some("huda".into());
    u.changed_at = Some(Utc.with_ymd_and_hms(2022, 1, 2, 8, 0, 5).unwrap());
    u.changed_by = Some("sam".into());
    u.status = Status::Reviewed;
    u.confidence = Some(0.875);
    u.usage_count = 2;
    u.props = vec![Prop {
        kind: "x-domain".into(),
        value: "politics".into(),
    }];
    u.notes = vec!["checked against INA".into()];
    u
}

pub fn foreign_sqlite(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('x');")
        .unwrap();
}

pub fn make_newer_schema(path: &Path) {
    Memory::open_or_create(path).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
}
