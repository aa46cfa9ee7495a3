//! The match analysis translators and agencies bill by: segments and words per band
//! (context 101, 100, 95–99, 85–94, 75–84, 50–74, no match) and repetitions (a segment
//! repeating an earlier one of the same document, counted once in its band).

use serde::Serialize;

use super::Segment;

/// The bands, best first.
pub const BANDS: [&str; 8] = [
    "101",
    "100",
    "95-99",
    "85-94",
    "75-84",
    "50-74",
    "no match",
    "repetitions",
];

/// One band's count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub band: &'static str,
    pub segments: usize,
    pub words: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub bands: Vec<Band>,
    pub segments: usize,
    pub words: usize,
}

/// The band of a best score.
pub fn band_of(best: Option<u8>) -> &'static str {
    match best {
        Some(101..) => "101",
        Some(100) => "100",
        Some(95..=99) => "95-99",
        Some(85..=94) => "85-94",
        Some(75..=84) => "75-84",
        Some(50..=74) => "50-74",
        _ => "no match",
    }
}

impl Analysis {
    pub fn of(segments: &[Segment]) -> Analysis {
        let mut bands: Vec<Band> = BANDS
            .iter()
            .map(|&band| Band {
                band,
                segments: 0,
                words: 0,
            })
            .collect();
        for s in segments {
            let name = if s.repeats.is_some() {
                "repetitions"
            } else {
                band_of(s.best)
            };
            if let Some(band) = bands.iter_mut().find(|b| b.band == name) {
                band.segments += 1;
                band.words += s.words;
            }
        }
        Analysis {
            segments: segments.len(),
            words: segments.iter().map(|s| s.words).sum(),
            bands,
        }
    }

    /// The analysis as a small aligned table, for stderr.
    pub fn render(&self) -> String {
        let mut out = format!("{:<12} {:>8} {:>8}\n", "match", "segments", "words");
        for b in &self.bands {
            out.push_str(&format!(
                "{:<12} {:>8} {:>8}\n",
                b.band, b.segments, b.words
            ));
        }
        out.push_str(&format!(
            "{:<12} {:>8} {:>8}\n",
            "total", self.segments, self.words
        ));
        out
    }
}
