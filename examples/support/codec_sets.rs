//! Real texts for measuring the unit-text codec (`text_codec_ratio`, `text_codec_train`), each
//! set in two halves: NTREX-128 (ar–en news, split by article): sentences, and paragraphs of 6
//! consecutive sentences of one article; Tatoeba (ar–en short sentences, split by line
//! parity). Read from ../shared/data by path.

use std::collections::BTreeMap;

fn shared() -> std::path::PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.join("../shared/data")
}

/// Texts of each half: (name, [half 0, half 1]).
pub fn sets() -> Vec<(&'static str, [Vec<String>; 2])> {
    let d = shared();
    let read = |p: &str| std::fs::read_to_string(d.join(p)).expect("read ../shared/data");
    let en = read("ntrex128-en-ar/newstest2019-src.eng.txt");
    let ar = read("ntrex128-en-ar/newstest2019-ref.arb.txt");
    let ids = read("ntrex128-en-ar/DOCUMENT_IDS.tsv");
    let lines = |s: &str| -> Vec<String> { s.lines().map(|l| l.trim_end().to_owned()).collect() };
    let (en, ar, ids) = (lines(&en), lines(&ar), lines(&ids));
    // Articles in order of first appearance; half = article index parity.
    let mut article: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order = Vec::new();
    for id in &ids {
        let n = article.len();
        let a = *article.entry(id.as_str()).or_insert(n);
        order.push(a);
    }
    let mut sent: [Vec<String>; 2] = Default::default();
    let mut para: [Vec<String>; 2] = Default::default();
    let mut i = 0;
    while i < ids.len().min(en.len()).min(ar.len()) {
        let a = order[i];
        let mut j = i;
        while j < ids.len() && order[j] == a {
            j += 1;
        }
        let half = a % 2;
        for k in i..j {
            sent[half].push(en[k].clone());
            sent[half].push(ar[k].clone());
        }
        for at in (i..j).step_by(6) {
            let end = (at + 6).min(j);
            para[half].push(en[at..end].join(" "));
            para[half].push(ar[at..end].join(" "));
        }
        i = j;
    }
    let tat = read("tatoeba-ara-eng/ara.txt");
    let mut short: [Vec<String>; 2] = Default::default();
    for (n, l) in tat.lines().enumerate() {
        let mut f = l.split('\t');
        if let (Some(e), Some(a)) = (f.next(), f.next()) {
            short[n % 2].push(e.to_owned());
            short[n % 2].push(a.to_owned());
        }
    }
    vec![
        ("NTREX paragraphs (6 sentences)", para),
        ("NTREX sentences", sent),
        ("Tatoeba sentences", short),
    ]
}

pub fn cpu() -> f64 {
    // User + system CPU of this process, from /proc/self/stat (ticks of 10 ms).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let f: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}
