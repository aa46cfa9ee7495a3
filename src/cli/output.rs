//! Helpers shared by the reading commands (`suggest`, `concordance`, `stats`): opening an
//! existing memory with a helpful error, reading input text, and human-readable printing.
//!
//! Arabic is always printed in logical order, exactly as stored; the terminal's bidi
//! algorithm displays it right to left. Each text goes on its own line after a short Latin
//! label, so a line never mixes two long runs of opposite directions.

use std::io::{self, Read, Write};
use std::path::Path;

use anyhow::Context as _;
use tarjama::memory::{Memory, Reads, Span};

/// Opens the memory for reading; a missing file says how to create one.
pub fn open_memory(path: &Path) -> anyhow::Result<Memory> {
    open_memory_for(path, Reads::Many)
}

/// [`open_memory`] for a process that reads the memory as `reads` says.
pub fn open_memory_for(path: &Path, reads: Reads) -> anyhow::Result<Memory> {
    if !path.exists() {
        anyhow::bail!(
            "{}: no memory here; import units first (tarjama import FILE) or point --tm / TARJAMA_TM at a memory",
            path.display()
        );
    }
    Ok(Memory::open_existing_for(path, reads)?)
}

/// Reads a whole file (or standard input for `-`) as UTF-8, naming the line of the first
/// invalid byte.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    }
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        anyhow::anyhow!("{name}:{line}: not valid UTF-8 (convert the file to UTF-8 first)")
    })
}

/// Marks spans of `text` with ⟦ ⟧ (spans sorted, non-overlapping, on char boundaries).
pub fn mark(text: &str, spans: &[Span]) -> String {
    let mut out = String::with_capacity(text.len() + spans.len() * 6);
    let mut pos = 0;
    for s in spans {
        if s.start < pos || s.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..s.start]);
        out.push('⟦');
        out.push_str(&text[s.start..s.end]);
        out.push('⟧');
        pos = s.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// One labelled text line: `      ar  نص`.
pub fn text_line(out: &mut impl Write, indent: usize, label: &str, text: &str) -> io::Result<()> {
    writeln!(out, "{:indent$}{label:<5} {}", "", one_line(text))
}

/// Newlines and tabs inside a text shown as spaces, so one text stays one line.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Writes `value` as pretty JSON followed by a newline.
pub fn json(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
