//! What the columns of a CSV/TSV file mean: the header row (or `--columns`) mapped to
//! language columns (`ar`, `ar-IQ`, `Arabic`, `العربية`, or `source`/`target` with
//! `--from`/`--to`) and optional metadata columns (note, origin, status, created, …).
//! Anything else is an error naming the column, so a typo never silently drops data.

use crate::error::{Error, Result};
use crate::text::LangTag;

/// The meaning of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Lang(LangTag),
    Source,
    Target,
    SourceLang,
    TargetLang,
    Markup(LangTag),
    SourceMarkup,
    TargetMarkup,
    /// One plain note.
    Note,
    /// Notes as a JSON array of strings (what the CSV writer produces), or one plain note.
    Notes,
    /// Properties as a JSON array of `[type, value]` pairs.
    Props,
    /// One property whose type is the column name (`x-domain`, or `prop:domain`).
    Prop(String),
    Origin,
    Position,
    Status,
    Confidence,
    Created,
    CreatedBy,
    Changed,
    ChangedBy,
    Usage,
    LastUsed,
    Id,
}

/// A column holding text of one language side.
#[derive(Debug, Clone, PartialEq)]
pub struct TextColumn {
    pub index: usize,
    pub name: String,
    /// The language; `None` when it comes per row from a `source_lang`/`target_lang` column.
    pub lang: Option<LangTag>,
    pub markup: Option<usize>,
}

/// The resolved layout of a CSV file.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: usize,
    pub source: TextColumn,
    pub targets: Vec<TextColumn>,
    pub source_lang: Option<usize>,
    pub target_lang: Option<usize>,
    /// Metadata columns (everything but text, language and markup columns).
    pub meta: Vec<(usize, Column)>,
}

const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("arabic", "ar"),
    ("العربية", "ar"),
    ("عربي", "ar"),
    ("عربية", "ar"),
    ("ara", "ar"),
    ("arb", "ar"),
    ("english", "en"),
    ("الإنجليزية", "en"),
    ("الانجليزية", "en"),
    ("الإنكليزية", "en"),
    ("الانكليزية", "en"),
    ("انجليزي", "en"),
    ("إنجليزي", "en"),
    ("eng", "en"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("الفرنسية", "fr"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("german", "de"),
    ("deu", "de"),
    ("ger", "de"),
    ("spanish", "es"),
    ("spa", "es"),
    ("turkish", "tr"),
    ("tur", "tr"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("fas", "fa"),
    ("per", "fa"),
    ("kurdish", "ku"),
    ("kur", "ku"),
    ("ckb", "ckb"),
    ("urdu", "ur"),
    ("urd", "ur"),
    ("hebrew", "he"),
    ("heb", "he"),
    ("russian", "ru"),
    ("rus", "ru"),
];

/// The metadata or generic column a squashed header name (lowercase, no spaces, `_` or
/// `-`) stands for.
fn field_column(squashed: &str) -> Option<Column> {
    Some(match squashed {
        "source" | "src" | "sourcetext" => Column::Source,
        "target" | "tgt" | "targettext" | "translation" => Column::Target,
        "sourcelang" | "sourcelanguage" | "srclang" => Column::SourceLang,
        "targetlang" | "targetlanguage" | "tgtlang" => Column::TargetLang,
        "sourcemarkup" => Column::SourceMarkup,
        "targetmarkup" => Column::TargetMarkup,
        "note" | "comment" | "comments" => Column::Note,
        "notes" => Column::Notes,
        "props" | "properties" => Column::Props,
        "origin" | "url" | "article" => Column::Origin,
        "position" => Column::Position,
        "status" => Column::Status,
        "confidence" => Column::Confidence,
        "created" | "createdat" | "creationdate" | "date" => Column::Created,
        "author" | "createdby" | "creationid" | "translator" => Column::CreatedBy,
        "changed" | "changedat" | "changedate" | "modified" => Column::Changed,
        "changedby" | "changeid" | "modifiedby" => Column::ChangedBy,
        "usagecount" | "usage" => Column::Usage,
        "lastused" | "lastusedat" | "lastusagedate" => Column::LastUsed,
        "id" | "tuid" => Column::Id,
        _ => return None,
    })
}

/// The accepted metadata column names, for error messages.
pub const KNOWN_FIELDS: &str = "source, target, source_lang, target_lang, note, notes, props, \
origin, position, status, confidence, created, author, changed, changed_by, usage_count, last_used, id";

/// The language a header cell names (`ar-IQ`, `Arabic`, `العربية`, `eng`), if any.
pub fn language_of(name: &str) -> Option<LangTag> {
    let lower = name.trim().to_lowercase();
    if let Some((_, code)) = LANGUAGE_NAMES.iter().find(|(n, _)| *n == lower) {
        return LangTag::parse(code);
    }
    let tag = LangTag::parse(name)?;
    let primary = tag.primary();
    (primary.len() == 2 || primary.contains('-') || crate::text::lang_allow::is_allowed(primary))
        .then_some(tag)
}

/// Why a header cell shaped like a language tag (`xx`, `x-klingon`) is no language.
fn refused_language(name: &str) -> Option<crate::text::LangTagError> {
    let shaped = LangTag::well_formed(name).ok()?;
    let primary = shaped.primary();
    (primary.len() == 2 || primary.contains('-'))
        .then(|| LangTag::validate(name).err())
        .flatten()
}

/// Classifies one header cell; `None` if it means nothing to tarjama.
pub fn classify(name: &str) -> Option<Column> {
    let trimmed = name.trim();
    if let Some(prop) = trimmed.strip_prefix("prop:") {
        return Some(Column::Prop(prop.trim().to_string()));
    }
    let x_prefixed = trimmed
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("x-"));
    if x_prefixed && trimmed.len() > 2 {
        if let Some(tag) = language_of(trimmed) {
            return Some(Column::Lang(tag)); // private use, allowed with --allow-language
        }
        return Some(Column::Prop(trimmed.to_string()));
    }
    let squashed: String = trimmed
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect();
    if let Some(column) = field_column(&squashed) {
        return Some(column);
    }
    if let Some(lang) = markup_language(trimmed) {
        return Some(Column::Markup(lang));
    }
    language_of(trimmed).map(Column::Lang)
}

/// `ar markup`, `en-US_markup` → the language.
fn markup_language(name: &str) -> Option<LangTag> {
    let lower = name.to_lowercase();
    let stem = lower.strip_suffix("markup")?;
    language_of(stem.trim_end_matches([' ', '_', '-']))
}

impl Layout {
    /// Resolves the meaning of every column; `display` names the file in errors.
    pub fn build(
        names: &[String],
        from: Option<&LangTag>,
        to: Option<&LangTag>,
        display: &str,
    ) -> Result<Layout> {
        let bad = |message: String| Error::BadFile {
            path: display.to_string(),
            message,
        };
        let mut classified = Vec::with_capacity(names.len());
        let mut unknown = Vec::new();
        for (i, name) in names.iter().enumerate() {
            match classify(name) {
                Some(column) => classified.push((i, column)),
                None => match refused_language(name) {
                    Some(refusal) => {
                        return Err(bad(format!(
                            "column {} '{}': {refusal}",
                            i + 1,
                            name.trim()
                        )))
                    }
                    None => unknown.push(format!("'{}' (column {})", name.trim(), i + 1)),
                },
            }
        }
        if classified.is_empty() {
            return Err(bad(format!(
                "the first row does not name any column ({}); if the file has no header \
                 row, give the columns with --columns (for example --columns ar,en)",
                shorten(&names.join(", "), 80)
            )));
        }
        if !unknown.is_empty() {
            return Err(bad(format!(
                "unknown column {}: not a language code (ar, en-US), a language name \
                 (Arabic, English, العربية) or one of: {KNOWN_FIELDS}; name a column x-… to \
                 keep it as a property",
                unknown.join(", ")
            )));
        }
        check_duplicates(names, &classified).map_err(&bad)?;
        let (source, targets) = text_columns(names, &classified, from, to).map_err(&bad)?;
        let find = |wanted: &Column| {
            classified
                .iter()
                .find(|(_, c)| c == wanted)
                .map(|(i, _)| *i)
        };
        let source_lang = find(&Column::SourceLang);
        let target_lang = find(&Column::TargetLang);
        if source.lang.is_none() && source_lang.is_none() {
            return Err(bad(
                "column 'source' needs --from (or a source_lang column) to know its language"
                    .into(),
            ));
        }
        if targets.iter().any(|t| t.lang.is_none()) && target_lang.is_none() {
            return Err(bad(
                "column 'target' needs --to (or a target_lang column) to know its language".into(),
            ));
        }
        let meta = classified.into_iter().filter(|(_, c)| is_meta(c)).collect();
        Ok(Layout {
            width: names.len(),
            source,
            targets,
            source_lang,
            target_lang,
            meta,
        })
    }
}

/// `text` cut to about `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn is_meta(column: &Column) -> bool {
    !matches!(
        column,
        Column::Lang(_)
            | Column::Source
            | Column::Target
            | Column::SourceLang
            | Column::TargetLang
            | Column::Markup(_)
            | Column::SourceMarkup
            | Column::TargetMarkup
    )
}

fn check_duplicates(names: &[String], classified: &[(usize, Column)]) -> Result<(), String> {
    for (n, (i, a)) in classified.iter().enumerate() {
        if matches!(a, Column::Note | Column::Prop(_)) {
            continue;
        }
        if let Some((j, _)) = classified[n + 1..].iter().find(|(_, b)| b == a) {
            return Err(format!(
                "columns {} '{}' and {} '{}' mean the same thing",
                i + 1,
                names[*i].trim(),
                j + 1,
                names[*j].trim()
            ));
        }
    }
    Ok(())
}

/// Picks the source column and the target column(s).
fn text_columns(
    names: &[String],
    classified: &[(usize, Column)],
    from: Option<&LangTag>,
    to: Option<&LangTag>,
) -> Result<(TextColumn, Vec<TextColumn>), String> {
    let markup_of = |lang: &LangTag| {
        classified
            .iter()
            .find(|(_, c)| matches!(c, Column::Markup(l) if l == lang))
            .map(|(i, _)| *i)
    };
    let langs: Vec<(usize, &LangTag)> = classified
        .iter()
        .filter_map(|(i, c)| match c {
            Column::Lang(l) => Some((*i, l)),
            _ => None,
        })
        .collect();
    let make = |(i, lang): (usize, &LangTag)| TextColumn {
        index: i,
        name: names[i].trim().to_string(),
        lang: Some(lang.clone()),
        markup: markup_of(lang),
    };
    if langs.is_empty() {
        return generic_columns(names, classified, from, to);
    }
    let listed = || {
        langs
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let source = match from {
        Some(want) => pick(&langs, want).ok_or_else(|| {
            format!(
                "no column for source language '{want}' (language columns: {})",
                listed()
            )
        })?,
        None => langs[0],
    };
    let others: Vec<(usize, &LangTag)> = langs
        .iter()
        .copied()
        .filter(|(i, _)| *i != source.0)
        .collect();
    let targets = match to {
        Some(want) => vec![pick(&others, want).ok_or_else(|| {
            format!(
                "no column for target language '{want}' (language columns: {})",
                listed()
            )
        })?],
        None => others,
    };
    if targets.is_empty() {
        return Err(format!(
            "only one language column ({}); a translation memory needs two",
            listed()
        ));
    }
    Ok((make(source), targets.into_iter().map(make).collect()))
}

/// The column whose tag is `want`, else the only one with the same primary language.
fn pick<'a>(langs: &[(usize, &'a LangTag)], want: &LangTag) -> Option<(usize, &'a LangTag)> {
    if let Some(found) = langs.iter().find(|(_, l)| *l == want) {
        return Some(*found);
    }
    let same: Vec<_> = langs
        .iter()
        .filter(|(_, l)| l.primary() == want.primary())
        .collect();
    (same.len() == 1).then(|| *same[0])
}

/// `source`/`target` columns, languages from `--from`/`--to` or per-row columns.
fn generic_columns(
    names: &[String],
    classified: &[(usize, Column)],
    from: Option<&LangTag>,
    to: Option<&LangTag>,
) -> Result<(TextColumn, Vec<TextColumn>), String> {
    let find = |wanted: Column| {
        classified
            .iter()
            .find(|(_, c)| *c == wanted)
            .map(|(i, _)| *i)
    };
    let (Some(s), Some(t)) = (find(Column::Source), find(Column::Target)) else {
        return Err(format!(
            "no language columns: name them by language (ar, en-US, Arabic, English) or \
             source/target with --from/--to; columns are: {}",
            names.join(", ")
        ));
    };
    let make = |i: usize, lang: Option<&LangTag>, markup: Option<usize>| TextColumn {
        index: i,
        name: names[i].trim().to_string(),
        lang: lang.cloned(),
        markup,
    };
    Ok((
        make(s, from, find(Column::SourceMarkup)),
        vec![make(t, to, find(Column::TargetMarkup))],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn tag(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    #[test]
    fn classifies_header_cells() {
        let cases: &[(&str, Option<Column>)] = &[
            ("ar", Some(Column::Lang(tag("ar")))),
            ("ar-IQ", Some(Column::Lang(tag("ar-IQ")))),
            ("en_us", Some(Column::Lang(tag("en-US")))),
            ("Arabic", Some(Column::Lang(tag("ar")))),
            ("العربية", Some(Column::Lang(tag("ar")))),
            ("English", Some(Column::Lang(tag("en")))),
            ("eng", Some(Column::Lang(tag("en")))),
            ("Source", Some(Column::Source)),
            ("source_lang", Some(Column::SourceLang)),
            ("ar markup", Some(Column::Markup(tag("ar")))),
            ("Usage Count", Some(Column::Usage)),
            ("id", Some(Column::Id)),
            ("x-domain", Some(Column::Prop("x-domain".into()))),
            ("prop:domain", Some(Column::Prop("domain".into()))),
            ("Englsh", None),
            ("xyz", None),
            ("Domain", None),
            ("\u{feff}note", None),
            ("ص-", None),
        ];
        for (name, expected) in cases {
            assert_eq!(&classify(name), expected, "{name}");
        }
    }

    #[test]
    fn first_language_is_source_unless_told() {
        let l = Layout::build(&names(&["en", "ar", "note"]), None, None, "f").unwrap();
        assert_eq!(l.source.index, 0);
        assert_eq!(l.targets[0].index, 1);
        let l = Layout::build(&names(&["en", "ar"]), Some(&tag("ar")), None, "f").unwrap();
        assert_eq!(l.source.index, 1);
        let l = Layout::build(
            &names(&["ar-IQ", "en-US"]),
            Some(&tag("ar")),
            Some(&tag("en")),
            "f",
        )
        .unwrap();
        assert_eq!(l.source.lang, Some(tag("ar-IQ")));
    }

    #[test]
    fn rejects_bad_headers() {
        let cases: &[(&[&str], Option<&str>, &str)] = &[
            (
                &["ar", "Englsh"],
                None,
                "unknown column 'Englsh' (column 2)",
            ),
            (
                &["ar", "fr"],
                Some("en"),
                "no column for target language 'en'",
            ),
            (&["ar"], None, "only one language column"),
            (&["source", "target"], None, "needs --from"),
            (&["ar", "en", "note", "comment"], None, ""),
            (&["ar", "en", "origin", "url"], None, "mean the same thing"),
            (&["سلام", "Peace"], None, "give the columns with --columns"),
        ];
        for (header, to, expected) in cases {
            let to = to.map(tag);
            let result = Layout::build(&names(header), None, to.as_ref(), "f.csv");
            match (result, expected.is_empty()) {
                (Ok(_), true) => {}
                (Err(e), false) => assert!(e.to_string().contains(expected), "{e}"),
                (r, _) => panic!("{header:?}: {:?}", r.map(|l| l.width)),
            }
        }
    }

    #[test]
    fn source_target_with_from_to() {
        let l = Layout::build(
            &names(&["source", "target"]),
            Some(&tag("ar")),
            Some(&tag("en")),
            "f",
        )
        .unwrap();
        assert_eq!(l.source.lang, Some(tag("ar")));
        assert_eq!(l.targets[0].lang, Some(tag("en")));
    }
}
