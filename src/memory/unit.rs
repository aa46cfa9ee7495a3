//! What a translation unit holds, as readers produce it and writers consume it.
//! (The stored form adds an id, match keys and index entries.)

use chrono::{DateTime, Utc};
use serde::Serialize;

/// One language side of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// BCP 47 tag exactly as canonicalized from the input (`ar-IQ`).
    pub lang: String,
    /// The text without inline markup, exactly as given otherwise.
    pub text: String,
    /// The original inline markup of a TMX `<seg>` (inner XML) when it had tags, so that
    /// export can give it back unchanged.
    pub markup: Option<String>,
}

impl Side {
    pub fn new(lang: impl Into<String>, text: impl Into<String>) -> Side {
        Side {
            lang: lang.into(),
            text: text.into(),
            markup: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Unreviewed,
    Reviewed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Reviewed => "reviewed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_ascii_lowercase().as_str() {
            "reviewed" | "approved" | "translated" | "final" => Some(Status::Reviewed),
            "unreviewed" | "draft" | "new" | "" => Some(Status::Unreviewed),
            _ => None,
        }
    }
}

/// Where a TMX file carried a unit's dates and authors, so export can put them back there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DatesOn {
    /// On the `<tu>` (tarjama, Okapi; also every unit not read from TMX).
    #[default]
    Tu,
    /// On the source `<tuv>`.
    Source,
    /// On the target `<tuv>` (OmegaT, Trados, memoQ).
    Target,
}

impl DatesOn {
    pub fn is_tu(&self) -> bool {
        *self == DatesOn::Tu
    }

    /// The same place seen from a unit whose sides are swapped.
    pub fn swapped(self) -> DatesOn {
        match self {
            DatesOn::Tu => DatesOn::Tu,
            DatesOn::Source => DatesOn::Target,
            DatesOn::Target => DatesOn::Source,
        }
    }
}

/// A free property: TMX `<prop type="…">` (kind = type) or a `<note>` (kind = "note").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prop {
    pub kind: String,
    pub value: String,
}

/// A unit as read from a file or produced by alignment, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRecord {
    pub source: Side,
    pub target: Side,
    /// Where it came from: file name, article id or URL.
    pub origin: Option<String>,
    /// Position in the origin (sentence index of an aligned article, data row of a CSV).
    pub position: Option<i64>,
    /// The id the unit had in its file (TMX `tuid`), kept for round trips.
    pub external_id: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
    pub changed_at: Option<DateTime<Utc>>,
    pub changed_by: Option<String>,
    /// Where the dates and authors were in the TMX file the unit came from.
    #[serde(skip_serializing_if = "DatesOn::is_tu")]
    pub dates_on: DatesOn,
    pub status: Status,
    /// Alignment confidence in [0, 1] when the unit came from the aligner.
    pub confidence: Option<f64>,
    pub usage_count: u32,
    /// When a tool last used the unit (TMX `lastusagedate`), as the file said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<DateTime<Utc>>,
    pub props: Vec<Prop>,
    pub notes: Vec<String>,
}

impl UnitRecord {
    pub fn new(source: Side, target: Side) -> UnitRecord {
        UnitRecord {
            source,
            target,
            origin: None,
            position: None,
            external_id: None,
            created_at: None,
            created_by: None,
            changed_at: None,
            changed_by: None,
            dates_on: DatesOn::Tu,
            status: Status::Unreviewed,
            confidence: None,
            usage_count: 0,
            last_used_at: None,
            props: Vec::new(),
            notes: Vec::new(),
        }
    }
}
