//! One TMX `<tu>` as read (attributes, props, notes, tuvs) and its conversion into units:
//! the source-language tuv against each other tuv, one unit per target language.
//!
//! tarjama's own fields travel as `x-` props (`x-status`, `x-origin`, `x-confidence`,
//! `x-position`) and are read back into the unit instead of staying free properties.
//!
//! Dates and authors (`creationdate`, `creationid`, `changedate`, `changeid`) may sit on the
//! `<tu>` or, as OmegaT, Trados and memoQ write them, on the target `<tuv>`: each is taken
//! from the tu, else the target tuv, else the source tuv, and the unit remembers where they
//! were so export puts them back there.
//!
//! `usagecount` and `lastusagedate` (TMX 1.4b, on a `<tu>` or a `<tuv>`; Trados writes
//! them on the tu) are taken the same way: the tu's, else the target tuv's, else the source
//! tuv's. Export writes them on the `<tu>`.

use crate::memory::{DatesOn, Prop, Side, Status, UnitRecord};
use crate::text::LangTag;

use super::dates;
use super::skipped::SkipKind;

/// Which tuv is the source: a language, or (`srclang="*all*"`) the first tuv of each tu.
#[derive(Debug, Clone, PartialEq)]
pub enum SrcLang {
    Lang(LangTag),
    All,
}

impl SrcLang {
    pub fn parse(value: &str) -> Option<SrcLang> {
        if value.trim() == "*all*" {
            return Some(SrcLang::All);
        }
        LangTag::parse(value).map(SrcLang::Lang)
    }
}

/// The props that carry tarjama's own unit fields.
pub const PROP_STATUS: &str = "x-status";
pub const PROP_ORIGIN: &str = "x-origin";
pub const PROP_CONFIDENCE: &str = "x-confidence";
pub const PROP_POSITION: &str = "x-position";

/// The dates and authors a `<tu>` or a `<tuv>` may carry, as written.
#[derive(Debug, Default, Clone)]
pub struct Stamps {
    pub creationdate: Option<String>,
    pub creationid: Option<String>,
    pub changedate: Option<String>,
    pub changeid: Option<String>,
}

impl Stamps {
    /// Takes the attribute if it is one of the four; returns whether it was.
    pub fn set_attr(&mut self, name: &[u8], value: &str) -> bool {
        let slot = match name {
            b"creationdate" => &mut self.creationdate,
            b"creationid" => &mut self.creationid,
            b"changedate" => &mut self.changedate,
            b"changeid" => &mut self.changeid,
            _ => return false,
        };
        *slot = Some(value.to_string());
        true
    }

    fn is_empty(&self) -> bool {
        self.creationdate.is_none()
            && self.creationid.is_none()
            && self.changedate.is_none()
            && self.changeid.is_none()
    }

    /// Each field from `self`, else from `other`.
    fn or(&self, other: &Stamps) -> Stamps {
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        Stamps {
            creationdate: pick(&self.creationdate, &other.creationdate),
            creationid: pick(&self.creationid, &other.creationid),
            changedate: pick(&self.changedate, &other.changedate),
            changeid: pick(&self.changeid, &other.changeid),
        }
    }
}

/// How often and when a unit was last used, as written on a `<tu>` or a `<tuv>`.
#[derive(Debug, Default, Clone)]
pub struct Usage {
    pub usagecount: Option<String>,
    pub lastusagedate: Option<String>,
}

impl Usage {
    /// Takes the attribute if it is one of the two; returns whether it was.
    pub fn set_attr(&mut self, name: &[u8], value: &str) -> bool {
        let slot = match name {
            b"usagecount" => &mut self.usagecount,
            b"lastusagedate" => &mut self.lastusagedate,
            _ => return false,
        };
        *slot = Some(value.to_string());
        true
    }

    /// Each field from `self`, else from `other`.
    fn or(&self, other: &Usage) -> Usage {
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        Usage {
            usagecount: pick(&self.usagecount, &other.usagecount),
            lastusagedate: pick(&self.lastusagedate, &other.lastusagedate),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Tuv {
    /// `xml:lang` / `lang` as written.
    pub lang: Option<String>,
    pub text: String,
    pub markup: Option<String>,
    pub has_seg: bool,
    pub stamps: Stamps,
    pub usage: Usage,
}

#[derive(Debug, Default)]
pub struct Tu {
    pub line: usize,
    pub tuid: Option<String>,
    pub srclang: Option<String>,
    pub stamps: Stamps,
    pub usage: Usage,
    pub props: Vec<Prop>,
    pub notes: Vec<String>,
    pub tuvs: Vec<Tuv>,
}

/// Why a tu gives no unit: a kind that is skipped, or a broken record.
#[derive(Debug, Clone, PartialEq)]
pub enum TuProblem {
    Skip(SkipKind),
    Bad(String),
}

impl From<String> for TuProblem {
    fn from(message: String) -> Self {
        TuProblem::Bad(message)
    }
}

impl Tu {
    /// Sets a `<tu>` attribute by name; unknown attributes are ignored.
    pub fn set_attr(&mut self, name: &[u8], value: String) {
        if self.stamps.set_attr(name, &value) || self.usage.set_attr(name, &value) {
            return;
        }
        let slot = match name {
            b"tuid" => &mut self.tuid,
            b"srclang" => &mut self.srclang,
            _ => return,
        };
        *slot = Some(value);
    }

    /// The units of this tu, or why it has none. With `to`, a tu that has no tuv in that
    /// language is not wrong, it just gives no unit.
    pub fn units(
        &self,
        srclang: &SrcLang,
        to: Option<&LangTag>,
    ) -> Result<Vec<UnitRecord>, TuProblem> {
        let langs = self.tuv_langs()?;
        if self.tuvs.len() == 1 {
            return Err(TuProblem::Skip(SkipKind::OneTuv));
        }
        let srclang = match self.srclang.as_deref().and_then(SrcLang::parse) {
            Some(own) => own,
            None => srclang.clone(),
        };
        let source_index = match &srclang {
            SrcLang::All => 0,
            SrcLang::Lang(want) => {
                find_lang(&langs, want, None).ok_or(TuProblem::Skip(SkipKind::NoSourceTuv))?
            }
        };
        let source = &self.tuvs[source_index];
        if source.text.trim().is_empty() {
            return Err(TuProblem::Skip(SkipKind::TagOnlySource));
        }
        let base = self.base_unit()?;
        let mut units = Vec::new();
        for (i, tuv) in self.tuvs.iter().enumerate() {
            let wanted = to.is_none_or(|t| langs[i].primary() == t.primary());
            if i == source_index || !wanted || tuv.text.trim().is_empty() {
                continue;
            }
            let mut unit = base.clone();
            unit.source = side(source, &langs[source_index]);
            unit.target = side(tuv, &langs[i]);
            stamp(&mut unit, &self.stamps, &tuv.stamps, &source.stamps)?;
            usage(&mut unit, &self.usage.or(&tuv.usage).or(&source.usage))?;
            units.push(unit);
        }
        let lacks_to = to.is_some_and(|t| !self.tuvs.iter().any(|v| lang_matches(v, t)));
        if units.is_empty() && !lacks_to {
            return Err(TuProblem::Skip(SkipKind::EmptyTarget));
        }
        Ok(units)
    }

    /// Every tuv's language, checking each tuv has a language and a seg.
    fn tuv_langs(&self) -> Result<Vec<LangTag>, String> {
        if self.tuvs.is_empty() {
            return Err("tu has no tuv".into());
        }
        self.tuvs
            .iter()
            .map(|tuv| {
                let raw = tuv.lang.as_deref().ok_or("tuv without xml:lang")?;
                let lang = LangTag::validate(raw).map_err(|e| format!("tuv xml:lang {e}"))?;
                if !tuv.has_seg {
                    return Err(format!("tuv {lang} has no seg"));
                }
                Ok(lang)
            })
            .collect()
    }

    /// Everything but the two sides.
    fn base_unit(&self) -> Result<UnitRecord, String> {
        let mut unit = UnitRecord::new(Side::new("", ""), Side::new("", ""));
        unit.external_id = self.tuid.clone();
        for prop in &self.props {
            apply_prop(&mut unit, prop)?;
        }
        unit.notes = self.notes.clone();
        Ok(unit)
    }
}

/// Sets the unit's dates and authors, each from the tu, else the target tuv, else the
/// source tuv, and records where they were.
fn stamp(
    unit: &mut UnitRecord,
    tu: &Stamps,
    target: &Stamps,
    source: &Stamps,
) -> Result<(), String> {
    unit.dates_on = if !tu.is_empty() {
        DatesOn::Tu
    } else if !target.is_empty() {
        DatesOn::Target
    } else if !source.is_empty() {
        DatesOn::Source
    } else {
        DatesOn::Tu
    };
    let stamps = tu.or(target).or(source);
    unit.created_at = tmx_date(stamps.creationdate.as_deref(), "creationdate")?;
    unit.changed_at = tmx_date(stamps.changedate.as_deref(), "changedate")?;
    unit.created_by = stamps.creationid;
    unit.changed_by = stamps.changeid;
    Ok(())
}

/// Sets the unit's usage count and last use.
fn usage(unit: &mut UnitRecord, usage: &Usage) -> Result<(), String> {
    if let Some(count) = &usage.usagecount {
        unit.usage_count = count
            .trim()
            .parse()
            .map_err(|_| format!("usagecount '{count}' is not a whole number"))?;
    }
    unit.last_used_at = tmx_date(usage.lastusagedate.as_deref(), "lastusagedate")?;
    Ok(())
}

fn lang_matches(tuv: &Tuv, want: &LangTag) -> bool {
    tuv.lang
        .as_deref()
        .and_then(LangTag::parse)
        .is_some_and(|l| l.primary() == want.primary())
}

/// The tuv whose language is `want` exactly, else the first with the same primary language.
fn find_lang(langs: &[LangTag], want: &LangTag, skip: Option<usize>) -> Option<usize> {
    let candidates = || (0..langs.len()).filter(|i| Some(*i) != skip);
    candidates()
        .find(|&i| langs[i] == *want)
        .or_else(|| candidates().find(|&i| langs[i].primary() == want.primary()))
}

fn side(tuv: &Tuv, lang: &LangTag) -> Side {
    Side {
        lang: lang.as_str().to_string(),
        text: tuv.text.clone(),
        markup: tuv.markup.clone(),
    }
}

fn tmx_date(
    value: Option<&str>,
    name: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, String> {
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    dates::parse_tmx(value)
        .or_else(|| dates::parse_any(value))
        .map(Some)
        .ok_or_else(|| format!("{name} '{value}' is not a TMX date (YYYYMMDDThhmmssZ)"))
}

/// Takes tarjama's own `x-` props into unit fields; keeps the rest as props.
fn apply_prop(unit: &mut UnitRecord, prop: &Prop) -> Result<(), String> {
    let value = prop.value.trim();
    match prop.kind.as_str() {
        PROP_STATUS => {
            unit.status = Status::parse(value).ok_or_else(|| {
                format!("unknown {PROP_STATUS} '{value}' (reviewed or unreviewed)")
            })?
        }
        PROP_ORIGIN => unit.origin = Some(prop.value.clone()),
        PROP_CONFIDENCE => {
            unit.confidence = Some(
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|c| (0.0..=1.0).contains(c))
                    .ok_or_else(|| format!("{PROP_CONFIDENCE} '{value}' is not between 0 and 1"))?,
            )
        }
        PROP_POSITION => {
            unit.position = Some(
                value
                    .parse()
                    .map_err(|_| format!("{PROP_POSITION} '{value}' is not a number"))?,
            )
        }
        _ => unit.props.push(prop.clone()),
    }
    Ok(())
}
