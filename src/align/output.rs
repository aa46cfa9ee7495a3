//! Text renderings of an alignment for `tarjama align --format`: TSV for people and
//! spreadsheets, JSON for programs, and `beads` (`[0]:[0, 1]`) for the evaluation scorer.

use serde::Serialize;

use super::Bead;

/// One bead with its text, as printed.
#[derive(Debug, Serialize)]
pub struct PairView<'a> {
    pub position: usize,
    pub src: &'a [usize],
    pub tgt: &'a [usize],
    pub source_text: String,
    pub target_text: String,
    pub confidence: f64,
    /// "pair", "omission" or "held" (below --min-confidence).
    pub kind: &'static str,
}

/// The joined text of a bead side (sentences separated by one space).
pub fn side_text(sentences: &[String], ids: &[usize]) -> String {
    ids.iter()
        .filter_map(|&i| sentences.get(i).map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Views of all beads; `min_confidence` decides which pairs are held back.
pub fn views<'a>(
    src: &[String],
    tgt: &[String],
    beads: &'a [Bead],
    min_confidence: f64,
) -> Vec<PairView<'a>> {
    beads
        .iter()
        .enumerate()
        .map(|(position, b)| PairView {
            position,
            src: &b.src,
            tgt: &b.tgt,
            source_text: side_text(src, &b.src),
            target_text: side_text(tgt, &b.tgt),
            confidence: (b.confidence * 1000.0).round() / 1000.0,
            kind: kind(b, min_confidence),
        })
        .collect()
}

fn kind(b: &Bead, min_confidence: f64) -> &'static str {
    if b.is_omission() {
        "omission"
    } else if b.confidence < min_confidence {
        "held"
    } else {
        "pair"
    }
}

/// Tab and newline characters inside a cell would break the TSV: they become spaces.
fn tsv_cell(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

pub fn render_tsv(views: &[PairView<'_>], source_lang: &str, target_lang: &str) -> String {
    let mut out = format!("position\tconfidence\tkind\t{source_lang}\t{target_lang}\n");
    for v in views {
        out.push_str(&format!(
            "{}\t{:.3}\t{}\t{}\t{}\n",
            v.position,
            v.confidence,
            v.kind,
            tsv_cell(&v.source_text),
            tsv_cell(&v.target_text)
        ));
    }
    out
}

pub fn render_json(views: &[PairView<'_>]) -> String {
    serde_json::to_string_pretty(views).unwrap_or_else(|_| "[]".to_string()) + "\n"
}

pub fn render_beads(beads: &[Bead]) -> String {
    beads.iter().map(|b| b.to_eval_string() + "\n").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_formats() {
        let src = vec!["أ.".to_string(), "ب\tج.".to_string()];
        let tgt = vec!["A.".to_string()];
        let beads = vec![
            Bead {
                src: vec![0],
                tgt: vec![0],
                confidence: 0.91234,
                fit: 0.91234,
            },
            Bead {
                src: vec![1],
                tgt: vec![],
                confidence: 0.2,
                fit: 0.2,
            },
        ];
        let v = views(&src, &tgt, &beads, 0.5);
        let tsv = render_tsv(&v, "ar", "en");
        assert_eq!(
            tsv,
            "position\tconfidence\tkind\tar\ten\n0\t0.912\tpair\tأ.\tA.\n1\t0.200\tomission\tب ج.\t\n"
        );
        assert_eq!(render_beads(&beads), "[0]:[0]\n[1]:[]\n");
        let json: serde_json::Value = serde_json::from_str(&render_json(&v)).unwrap();
        assert_eq!(json[1]["kind"], "omission");
    }
}
