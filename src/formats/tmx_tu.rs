//! One TMX `<tu>` as read (attributes, props, notes, tuvs) and its conversion into units:
//! the source-language tuv against each other tuv, one unit per target language.
//!
//! tarjama's own fields travel as `x-` props (`x-status`, `x-origin`, `x-confidence`,
//! `x-position`) and are read back into the unit instead of staying free properties.

use crate::memory::{Prop, Side, Status, UnitRecord};
use crate::text::LangTag;

use super::dates;

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

#[derive(Debug, Default, Clone)]
pub struct Tuv {
    /// `xml:lang` / `lang` as written.
    pub lang: Option<String>,
    pub text: String,
    pub markup: Option<String>,
    pub has_seg: bool,
}

#[derive(Debug, Default)]
pub struct Tu {
    pub line: usize,
    pub tuid: Option<String>,
    pub srclang: Option<String>,
    pub creationdate: Option<String>,
    pub changedate: Option<String>,
    pub creationid: Option<String>,
    pub changeid: Option<String>,
    pub usagecount: Option<String>,
    pub props: Vec<Prop>,
    pub notes: Vec<String>,
    pub tuvs: Vec<Tuv>,
}

impl Tu {
    /// Sets a `<tu>` attribute by name; unknown attributes are ignored.
    pub fn set_attr(&mut self, name: &[u8], value: String) {
        let slot = match name {
            b"tuid" => &mut self.tuid,
            b"srclang" => &mut self.srclang,
            b"creationdate" => &mut self.creationdate,
            b"changedate" => &mut self.changedate,
            b"creationid" => &mut self.creationid,
            b"changeid" => &mut self.changeid,
            b"usagecount" => &mut self.usagecount,
            _ => return,
        };
        *slot = Some(value);
    }

    /// The units of this tu, or what is wrong with it. With `to`, a tu that has no tuv in
    /// that language is not wrong, it just gives no unit.
    pub fn units(
        &self,
        srclang: &SrcLang,
        to: Option<&LangTag>,
    ) -> Result<Vec<UnitRecord>, String> {
        let langs = self.tuv_langs()?;
        let srclang = match self.srclang.as_deref().and_then(SrcLang::parse) {
            Some(own) => own,
            None => srclang.clone(),
        };
        let source_index = match &srclang {
            SrcLang::All => 0,
            SrcLang::Lang(want) => find_lang(&langs, want, None)
                .ok_or_else(|| format!("no tuv in the source language '{want}'"))?,
        };
        let source = &self.tuvs[source_index];
        if source.text.trim().is_empty() {
            return Err(format!("empty source text (tuv {})", langs[source_index]));
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
            units.push(unit);
        }
        let lacks_to = to.is_some_and(|t| !self.tuvs.iter().any(|v| lang_matches(v, t)));
        if units.is_empty() && !lacks_to {
            return Err(self.no_target_message(source_index));
        }
        Ok(units)
    }

    fn no_target_message(&self, source_index: usize) -> String {
        if self.tuvs.len() == 1 {
            return "tu has only one tuv (a translation needs two languages)".into();
        }
        format!(
            "empty target text (every tuv besides the source {} is empty)",
            self.tuvs[source_index].lang.as_deref().unwrap_or("")
        )
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
        unit.created_at = tmx_date(self.creationdate.as_deref(), "creationdate")?;
        unit.changed_at = tmx_date(self.changedate.as_deref(), "changedate")?;
        unit.created_by = self.creationid.clone();
        unit.changed_by = self.changeid.clone();
        if let Some(count) = &self.usagecount {
            unit.usage_count = count
                .trim()
                .parse()
                .map_err(|_| format!("usagecount '{count}' is not a whole number"))?;
        }
        for prop in &self.props {
            apply_prop(&mut unit, prop)?;
        }
        unit.notes = self.notes.clone();
        Ok(unit)
    }
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
