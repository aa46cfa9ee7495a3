//! The review page of an alignment (`--report FILE.html`): one self-contained HTML file with
//! the Arabic side right-to-left and the English side left-to-right, one row per bead,
//! coloured by confidence; merges show each sentence separately and a shape badge (2-1),
//! omissions show an empty striped cell.

use std::fmt::Write;

use super::Bead;

/// What the page shows besides the beads.
pub struct ReportInfo<'a> {
    pub title: &'a str,
    pub source_lang: &'a str,
    pub target_lang: &'a str,
    /// Beads below this confidence are marked "held back".
    pub min_confidence: f64,
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans','Noto Naskh Arabic',sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{border:1px solid #ccc;padding:.4em .6em;vertical-align:top}
th{background:#f2f2f2}col.n{width:3.5em}col.c{width:6.5em}
.rtl{direction:rtl;text-align:right;font-size:1.08em}
.ltr{direction:ltr;text-align:left}.s{display:block}
.s+.s{border-top:1px dashed #999;margin-top:.3em;padding-top:.3em}
.id{color:#777;font-size:.8em;margin:0 .3em}
.omit{background:repeating-linear-gradient(45deg,#fff,#fff 6px,#eee 6px,#eee 12px);color:#a00;text-align:center}
.badge{display:inline-block;border-radius:.6em;padding:0 .5em;font-size:.8em;background:#333;color:#fff}
.merge{background:#6a3d9a}.held{outline:2px solid #c00}
.legend span{display:inline-block;padding:.2em .6em;margin-right:.4em;border:1px solid #ccc}";

/// Background colour for a confidence: red (0) through yellow to green (1).
fn colour(confidence: f64) -> String {
    let hue = (confidence.clamp(0.0, 1.0) * 120.0).round();
    format!("hsl({hue},70%,88%)")
}

/// Escapes text for HTML element content and quoted attributes (`< > & " '`); shared by every
/// page tarjama writes (this report, the pretranslate page).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One side of a bead: its sentences, each in its own block, or an omission marker.
fn cell(sentences: &[String], ids: &[usize], dir: &str, lang: &str) -> String {
    if ids.is_empty() {
        return "<td class=\"omit\">— omitted —</td>".to_string();
    }
    let mut html = format!("<td class=\"{dir}\" lang=\"{lang}\" dir=\"{dir}\">");
    for &i in ids {
        let text = sentences.get(i).map_or("", String::as_str);
        let _ = write!(
            html,
            "<span class=\"s\"><span class=\"id\">{}</span>{}</span>",
            i + 1,
            escape(text)
        );
    }
    html.push_str("</td>");
    html
}

/// Renders the page.
pub fn html_report(
    src: &[String],
    tgt: &[String],
    beads: &[Bead],
    info: &ReportInfo<'_>,
) -> String {
    let merges = beads
        .iter()
        .filter(|b| b.src.len() > 1 || b.tgt.len() > 1)
        .count();
    let omissions = beads.iter().filter(|b| b.is_omission()).count();
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n\
         <h1>{title}</h1>\n<p>{n}: {pairs} (of which {merges}), {omissions}; \
         {s} {sl} and {t} {tl} sentences.</p>\n<p class=\"legend\">Confidence: \
         <span style=\"background:{c0}\">0</span><span style=\"background:{c5}\">0.5</span>\
         <span style=\"background:{c1}\">1</span> <span class=\"badge merge\">2-1</span> merge \
         <span class=\"omit\">— omitted —</span> no counterpart \
         <span class=\"held\">held back</span> below {min}</p>\n",
        title = escape(info.title),
        n = counted(beads.len(), "bead"),
        pairs = counted(beads.len() - omissions, "pair"),
        merges = counted(merges, "merge"),
        omissions = counted(omissions, "omission"),
        s = src.len(),
        t = tgt.len(),
        sl = escape(info.source_lang),
        tl = escape(info.target_lang),
        c0 = colour(0.0),
        c5 = colour(0.5),
        c1 = colour(1.0),
        min = info.min_confidence,
    );
    html.push_str(
        "<table><colgroup><col class=\"n\"><col><col><col class=\"c\"></colgroup>\n\
         <tr><th>#</th><th>Arabic</th><th>English</th><th>confidence</th></tr>\n",
    );
    for (k, b) in beads.iter().enumerate() {
        row(&mut html, k, b, src, tgt, info);
    }
    html.push_str("</table>\n</body></html>\n");
    html
}

fn row(
    html: &mut String,
    k: usize,
    b: &Bead,
    src: &[String],
    tgt: &[String],
    info: &ReportInfo<'_>,
) {
    let shape = format!("{}-{}", b.src.len(), b.tgt.len());
    let badge_class = if shape == "1-1" {
        "badge"
    } else {
        "badge merge"
    };
    let held = !b.is_omission() && b.confidence < info.min_confidence;
    let _ = writeln!(
        html,
        "<tr style=\"background:{bg}\"{held}><td>{n}<br><span class=\"{badge_class}\">{shape}</span></td>\
         {s}{t}<td>{conf:.2}{note}</td></tr>",
        bg = colour(b.confidence),
        held = if held { " class=\"held\"" } else { "" },
        n = k + 1,
        s = cell(src, &b.src, "rtl", info.source_lang),
        t = cell(tgt, &b.tgt, "ltr", info.target_lang),
        conf = b.confidence,
        note = if held { "<br>held back" } else { "" },
    );
}

/// "1 merge", "2 merges", "0 merges".
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_has_directions_merges_and_omissions_and_escapes() {
        let src = vec!["جملة <أولى>.".to_string(), "ثانية.".to_string()];
        let tgt = vec!["First & only.".to_string()];
        let beads = vec![
            Bead {
                src: vec![0, 1],
                tgt: vec![0],
                confidence: 0.9,
                fit: 0.9,
            },
            Bead {
                src: vec![],
                tgt: vec![],
                confidence: 0.1,
                fit: 0.1,
            },
        ];
        let info = ReportInfo {
            title: "t",
            source_lang: "ar",
            target_lang: "en",
            min_confidence: 0.5,
        };
        let html = html_report(&src, &tgt, &beads, &info);
        assert!(html.contains("dir=\"rtl\""));
        assert!(html.contains("dir=\"ltr\""));
        assert!(html.contains("2-1"));
        assert!(html.contains("— omitted —"));
        assert!(html.contains("&lt;أولى&gt;"));
        assert!(html.contains("First &amp; only."));
        assert!(html.contains("2 beads: 1 pair (of which 1 merge), 1 omission;"));
    }
}
