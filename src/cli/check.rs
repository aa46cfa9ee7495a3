//! `tarjama check FILE [--source FILE] [--fix [--in-place]]`: the editor's linter.
//!
//! Streams the file line by line (a 50 MB file never sits in memory), prints each finding as
//! a compiler-style diagnostic or a JSON line, and with `--fix` writes the text back with the
//! unambiguous forbidden variants replaced — to stdout, or over the file with a `.bak` copy.
//! Exit 0 clean, 1 errors found, 2 usage or input error.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use clap::{Args, ValueEnum};
use encoding_rs::Encoding;

use super::Context;
use tarjama::bilingual;
use tarjama::glossary::check::{Finding, Seen, Severity, SourceTerm};
use tarjama::glossary::files::read_glossary_file;
use tarjama::glossary::report::{render_human, render_json};
use tarjama::glossary::{prepare_import, Checker, Glossary, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The text to check (`-` for standard input).
    #[arg(required_unless_present = "origin")]
    pub file: Option<PathBuf>,
    /// Check an aligned article stored in the memory instead of a file: every unit of this
    /// origin, pair by pair — variants in the --lang side, and terms of the other side
    /// missing from it. Locations are ORIGIN:N:COL, N the pair's place in the article.
    #[arg(
        long,
        value_name = "ORIGIN",
        conflicts_with_all = ["file", "source", "fix", "glossaries", "encoding"]
    )]
    pub origin: Option<String>,
    /// With --origin: the side to check, ar or en (the other side is its source).
    #[arg(long, value_name = "LANG", default_value = "en", requires = "origin")]
    pub lang: String,
    /// The text it translates: a term of the source whose preferred translation is missing
    /// from FILE is an error ("missing term"). Either direction, Arabic or English.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// With --source: align the two texts sentence by sentence and require each source term
    /// in the target sentences aligned with its sentence (default: anywhere in the text).
    #[arg(long, requires = "source")]
    pub by_sentence: bool,
    /// Check against these glossary files instead of the memory's glossary.
    #[arg(long = "glossary", value_name = "FILE")]
    pub glossaries: Vec<PathBuf>,
    /// Rewrite unambiguous forbidden variants to the preferred form (to stdout).
    #[arg(long)]
    pub fix: bool,
    /// With --fix: rewrite FILE itself, keeping the original as FILE.bak.
    #[arg(long, requires = "fix")]
    pub in_place: bool,
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// The same as --format json (as with the other commands).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// The text's encoding (utf-8, windows-1256, ...).
    #[arg(long, default_value = "utf-8")]
    pub encoding: String,
}

pub fn run(args: &CheckArgs, ctx: &Context) -> anyhow::Result<i32> {
    if let Some(origin) = &args.origin {
        return check_origin(args, ctx, origin);
    }
    let encoding = Encoding::for_label(args.encoding.as_bytes())
        .with_context(|| format!("unknown encoding \"{}\"", args.encoding))?;
    if args.in_place && file(args) == Path::new("-") {
        bail!("--in-place needs a file, not standard input");
    }
    let checker = Checker::new(load_glossary(args, ctx)?);
    let source = match &args.source {
        Some(path) => Some(scan(&checker, path, encoding)?),
        None => None,
    };
    let mut out = Output::new(args)?;
    let result = check_target(&checker, args, encoding, &mut out);
    let target = match result {
        Ok(t) => t,
        Err(e) => {
            out.abandon();
            return Err(e);
        }
    };
    if let (Some(src), Some(src_path)) = (&source, &args.source) {
        let missing = if args.by_sentence {
            missing_by_sentence(&checker, args, encoding, src.lang(), target.lang())?
        } else {
            missing_terms(&checker, src, &target)
        };
        for (finding, text) in missing {
            out.emit(&src_path.display().to_string(), &finding, &text)?;
        }
    }
    out.finish(args)
}

/// The file to check (clap requires it unless --origin is given).
fn file(args: &CheckArgs) -> &Path {
    args.file.as_deref().unwrap_or(Path::new("-"))
}

/// `check --origin`: the stored pairs of an aligned article, in article order.
fn check_origin(args: &CheckArgs, ctx: &Context, origin: &str) -> anyhow::Result<i32> {
    let Some(lang) = Lang::from_tag(&args.lang) else {
        bail!("--lang: expected ar or en, not \"{}\"", args.lang);
    };
    let memory = super::output::open_memory(&ctx.tm)?;
    let units = memory.units_of_origin(origin)?;
    if units.is_empty() {
        bail!("no unit has origin '{origin}' in {}", ctx.tm.display());
    }
    let checker = Checker::new(load_glossary(args, ctx)?);
    let mut out = Output::new(args)?;
    let mut document = checker.document();
    for (i, unit) in units.iter().enumerate() {
        let (source, target) = (&unit.record.source, &unit.record.target);
        let (checked, original) = if Lang::from_tag(&target.lang) == Some(lang) {
            (target, source)
        } else {
            (source, target)
        };
        let line = i + 1;
        let report = document.follow(checker.check_line(&checked.text, line));
        for f in &report.findings {
            let mut f = f.clone();
            f.message.push_str(&format!(" [unit {}]", unit.id));
            out.emit(origin, &f, &checked.text)?;
        }
        let present = report.seen.iter().map(|s| s.entry).collect();
        let missing = bilingual::missing_in(&checker, &original.text, lang.other(), lang, &present);
        for m in missing {
            let term = SourceTerm {
                entry: m.entry,
                found: &m.found,
                line,
                line_text: &original.text,
                start: m.start,
                end: m.end,
            };
            let place = format!("in the translation [unit {}]", unit.id);
            if let Some(finding) = checker.missing_term(&term, lang, &place) {
                out.emit(origin, &finding, &original.text)?;
            }
        }
    }
    out.finish(args)
}

fn load_glossary(args: &CheckArgs, ctx: &Context) -> anyhow::Result<Glossary> {
    if args.glossaries.is_empty() {
        return super::glossary::load_glossary(ctx);
    }
    let mut items = Vec::new();
    for path in &args.glossaries {
        items.extend(read_glossary_file(path)?);
    }
    Ok(Glossary::new(prepare_import(&Glossary::default(), items)?))
}

/// Lines checked together (see [`Lines::next_batch`]).
const BATCH_LINES: usize = 1024;
const BATCH_BYTES: usize = 1 << 20;

/// Consecutive lines of a text, with their endings.
struct Batch {
    first_line_no: usize,
    texts: Vec<String>,
    endings: Vec<Vec<u8>>,
}

/// A text file read line by line, decoded; keeps each line's ending for byte-exact output.
struct Lines {
    reader: Box<dyn BufRead>,
    path: String,
    encoding: &'static Encoding,
    line_no: usize,
    buf: Vec<u8>,
    /// Whether the first line began with a UTF-8 byte-order mark (given back by `--fix`).
    bom: bool,
}

impl Lines {
    fn open(path: &Path, encoding: &'static Encoding) -> anyhow::Result<Lines> {
        let reader: Box<dyn BufRead> = if path == Path::new("-") {
            Box::new(BufReader::new(io::stdin()))
        } else {
            let f = File::open(path).with_context(|| path.display().to_string())?;
            Box::new(BufReader::with_capacity(1 << 16, f))
        };
        Ok(Lines {
            reader,
            path: path.display().to_string(),
            encoding,
            line_no: 0,
            buf: Vec::new(),
            bom: false,
        })
    }

    /// The next lines (up to [`BATCH_LINES`], or [`BATCH_BYTES`] of text): checked together on
    /// several threads, while memory stays bounded however large the file.
    fn next_batch(&mut self) -> anyhow::Result<Option<Batch>> {
        let mut batch = Batch {
            first_line_no: self.line_no + 1,
            texts: Vec::new(),
            endings: Vec::new(),
        };
        let mut bytes = 0;
        while batch.texts.len() < BATCH_LINES && bytes < BATCH_BYTES {
            let Some((text, ending)) = self.next_line()? else {
                break;
            };
            bytes += text.len();
            batch.texts.push(text);
            batch.endings.push(ending);
        }
        Ok((!batch.texts.is_empty()).then_some(batch))
    }

    /// The next line without its ending, and the ending bytes.
    fn next_line(&mut self) -> anyhow::Result<Option<(String, Vec<u8>)>> {
        self.buf.clear();
        if self
            .reader
            .read_until(b'\n', &mut self.buf)
            .with_context(|| self.path.clone())?
            == 0
        {
            return Ok(None);
        }
        self.line_no += 1;
        let body_len = self.buf.len() - ending_len(&self.buf);
        let ending = self.buf[body_len..].to_vec();
        let mut body = &self.buf[..body_len];
        if self.line_no == 1 && body.starts_with(b"\xEF\xBB\xBF") {
            body = &body[3..];
            self.bom = true;
        }
        Ok(Some((self.decode(body)?, ending)))
    }

    fn decode(&self, bytes: &[u8]) -> anyhow::Result<String> {
        if self.encoding == encoding_rs::UTF_8 {
            return match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.to_string()),
                Err(_) => bail!(
                    "{}:{}: not valid UTF-8; if the file is in a legacy encoding such as Windows-1256, pass --encoding windows-1256",
                    self.path,
                    self.line_no
                ),
            };
        }
        let (text, _, bad) = self.encoding.decode(bytes);
        if bad {
            bail!(
                "{}:{}: not valid {}",
                self.path,
                self.line_no,
                self.encoding.name()
            );
        }
        Ok(text.into_owned())
    }
}

fn ending_len(buf: &[u8]) -> usize {
    match buf {
        [.., b'\r', b'\n'] => 2,
        [.., b'\n'] => 1,
        _ => 0,
    }
}

/// What a whole text contained: the first place of each entry, and its language.
#[derive(Default)]
struct Scan {
    first: HashMap<usize, (Seen, String)>,
    arabic_letters: usize,
    latin_letters: usize,
}

impl Scan {
    fn add_line(&mut self, text: &str, seen: Vec<Seen>) {
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            if c.is_ascii_alphabetic() {
                self.latin_letters += 1;
            } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
                self.arabic_letters += 1;
            }
        }
        for s in seen {
            // The first place a translation owes the entry, else its first place at all.
            match self.first.entry(s.entry) {
                Entry::Vacant(place) => {
                    place.insert((s, text.to_string()));
                }
                Entry::Occupied(mut place) if s.owed && !place.get().0.owed => {
                    place.insert((s, text.to_string()));
                }
                Entry::Occupied(_) => {}
            }
        }
    }

    fn lang(&self) -> Lang {
        if self.arabic_letters > self.latin_letters {
            Lang::Ar
        } else {
            Lang::En
        }
    }
}

fn scan(checker: &Checker, path: &Path, encoding: &'static Encoding) -> anyhow::Result<Scan> {
    let mut lines = Lines::open(path, encoding)?;
    let mut result = Scan::default();
    let mut document = checker.document();
    while let Some(batch) = lines.next_batch()? {
        let reports = checker.check_lines(&batch.texts, batch.first_line_no);
        for (text, report) in batch.texts.iter().zip(reports) {
            result.add_line(text, document.follow(report).seen);
        }
    }
    Ok(result)
}

fn check_target(
    checker: &Checker,
    args: &CheckArgs,
    encoding: &'static Encoding,
    out: &mut Output,
) -> anyhow::Result<Scan> {
    let mut lines = Lines::open(file(args), encoding)?;
    let path = file(args).display().to_string();
    let mut scan = Scan::default();
    let mut document = checker.document();
    while let Some(batch) = lines.next_batch()? {
        let reports = checker.check_lines(&batch.texts, batch.first_line_no);
        let lines_of_batch = batch.texts.iter().zip(&batch.endings).zip(reports);
        for (i, ((text, ending), report)) in lines_of_batch.enumerate() {
            let report = document.follow(report);
            for f in &report.findings {
                out.emit(&path, f, text)?;
            }
            if args.fix {
                if batch.first_line_no + i == 1 && lines.bom {
                    out.write_text(encoding, "\u{feff}", b"")?;
                }
                let fixed = checker.fix_line(text, &report.findings);
                out.write_text(encoding, &fixed, ending)?;
            }
            scan.add_line(text, report.seen);
        }
    }
    Ok(scan)
}

/// Source terms whose entry never appears in the target (in any spelling), with the
/// source line they were found on.
fn missing_terms(checker: &Checker, source: &Scan, target: &Scan) -> Vec<(Finding, String)> {
    let (src_lang, tgt_lang) = (source.lang(), target.lang());
    let mut out: Vec<(Finding, String)> = source
        .first
        .values()
        .filter(|(s, _)| s.owed && s.lang == src_lang && !target.first.contains_key(&s.entry))
        .filter_map(|(s, text)| {
            let start = text.find(&s.found).unwrap_or(0);
            let term = SourceTerm {
                entry: s.entry,
                found: &s.found,
                line: s.line,
                line_text: text,
                start,
                end: start + s.found.len(),
            };
            let finding = checker.missing_term(&term, tgt_lang, "in the translation")?;
            Some((finding, text.clone()))
        })
        .collect();
    out.sort_by_key(|(f, _)| (f.line, f.col));
    out
}

/// A whole text (lines joined by `\n`) and its lines, decoded like `check` reads them.
fn whole(path: &Path, encoding: &'static Encoding) -> anyhow::Result<(String, Vec<String>)> {
    let mut lines = Lines::open(path, encoding)?;
    let mut all = Vec::new();
    while let Some((text, _)) = lines.next_line()? {
        all.push(text);
    }
    Ok((all.join("\n"), all))
}

fn missing_by_sentence(
    checker: &Checker,
    args: &CheckArgs,
    encoding: &'static Encoding,
    src_lang: Lang,
    tgt_lang: Lang,
) -> anyhow::Result<Vec<(Finding, String)>> {
    let Some(src_path) = &args.source else {
        return Ok(Vec::new());
    };
    let (source, src_lines) = whole(src_path, encoding)?;
    let (target, _) = whole(file(args), encoding)?;
    let missing = bilingual::missing_findings(checker, &source, src_lang, &target, tgt_lang);
    Ok(missing
        .into_iter()
        .map(|f| {
            let text = src_lines.get(f.line - 1).cloned().unwrap_or_default();
            (f, text)
        })
        .collect())
}

/// Where diagnostics and fixed text go, and the counts for the exit code.
struct Output {
    format: OutputFormat,
    diagnostics: Box<dyn Write>,
    text: Option<Box<dyn Write>>,
    temp: Option<PathBuf>,
    errors: usize,
    warnings: usize,
}

impl Output {
    fn new(args: &CheckArgs) -> anyhow::Result<Output> {
        let stdout = || Box::new(BufWriter::new(io::stdout())) as Box<dyn Write>;
        let stderr = || Box::new(BufWriter::new(io::stderr())) as Box<dyn Write>;
        let (diagnostics, text, temp) = match (args.fix, args.in_place) {
            (false, _) => (stdout(), None, None),
            (true, false) => (stderr(), Some(stdout()), None),
            (true, true) => {
                let temp = temp_path(file(args));
                let f = File::create(&temp).with_context(|| temp.display().to_string())?;
                (
                    stdout(),
                    Some(Box::new(BufWriter::new(f)) as Box<dyn Write>),
                    Some(temp),
                )
            }
        };
        Ok(Output {
            format: if args.json {
                OutputFormat::Json
            } else {
                args.format
            },
            diagnostics,
            text,
            temp,
            errors: 0,
            warnings: 0,
        })
    }

    fn emit(&mut self, path: &str, f: &Finding, line: &str) -> anyhow::Result<()> {
        match f.severity {
            Severity::Error if !(f.fixable && self.text.is_some()) => self.errors += 1,
            Severity::Error => {}
            Severity::Warning => self.warnings += 1,
        }
        let s = match self.format {
            OutputFormat::Human => render_human(path, f, line),
            OutputFormat::Json => render_json(path, f) + "\n",
        };
        self.diagnostics.write_all(s.as_bytes())?;
        Ok(())
    }

    fn write_text(
        &mut self,
        encoding: &'static Encoding,
        text: &str,
        ending: &[u8],
    ) -> anyhow::Result<()> {
        if let Some(w) = &mut self.text {
            let (bytes, _, _) = encoding.encode(text);
            w.write_all(&bytes)?;
            w.write_all(ending)?;
        }
        Ok(())
    }

    fn abandon(&mut self) {
        if let Some(temp) = self.temp.take() {
            self.text = None;
            let _ = std::fs::remove_file(temp);
        }
    }

    fn finish(mut self, args: &CheckArgs) -> anyhow::Result<i32> {
        if let Some(mut w) = self.text.take() {
            w.flush()?;
        }
        if let Some(temp) = self.temp.take() {
            let target = file(args);
            let backup = backup_path(target);
            std::fs::copy(target, &backup).with_context(|| backup.display().to_string())?;
            std::fs::rename(&temp, target).with_context(|| target.display().to_string())?;
        }
        self.diagnostics.flush()?;
        if self.format == OutputFormat::Human && (self.errors + self.warnings) > 0 {
            eprintln!("{} error(s), {} warning(s)", self.errors, self.warnings);
        }
        Ok(if self.errors > 0 { 1 } else { 0 })
    }
}

fn temp_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".tarjama-tmp");
    PathBuf::from(name)
}

fn backup_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}
