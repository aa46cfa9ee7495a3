//! The count filter's stall rule (`probe::Stall`): a long query with hundreds of
//! near-duplicates in the memory stops reading full lists once they no longer remove
//! candidates, and still gives exactly the brute-force scan's answers. Its own test binary:
//! the work counters it reads are process-wide.

mod search_support;

use search_support::Rng;
use tarjama::memory::{Memory, SearchWork, Side, SuggestOptions, UnitRecord};

/// `base` with `edits` random substitutions, insertions or deletions.
fn variant(rng: &mut Rng, vocab: &[String], base: &[String], edits: usize) -> Vec<String> {
    let mut w = base.to_vec();
    for _ in 0..edits {
        let at = rng.below(w.len());
        let word = vocab[rng.below(vocab.len())].clone();
        match rng.below(3) {
            0 => w[at] = word,
            1 => {
                w.remove(at);
            }
            _ => w.insert(at, word),
        }
    }
    w
}

#[test]
fn near_duplicates_stop_the_count_filter_without_changing_answers() {
    let mut rng = Rng(0x05EE_D0F5_7A11);
    let vocab: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
    let base = rng.words(&vocab, 120);
    let mut units = Vec::new();
    for i in 0..400 {
        let v = variant(&mut rng, &vocab, &base, 1 + i % 3);
        units.push(UnitRecord::new(
            Side::new("en", v.join(" ")),
            Side::new("ar", format!("ترجمة {i}")),
        ));
    }
    for i in 0..300 {
        let other = rng.words(&vocab, 120);
        units.push(UnitRecord::new(
            Side::new("en", other.join(" ")),
            Side::new("ar", format!("نص {i}")),
        ));
    }
    let mut memory = Memory::in_memory().unwrap();
    let mut w = memory.writer().unwrap();
    w.add_all(&units).unwrap();
    w.commit().unwrap();

    let query = variant(&mut rng, &vocab, &base, 2).join(" ");
    let mut opts = SuggestOptions::new("en", "ar");
    let before = SearchWork::now();
    let fast = memory.suggest(&query, &opts).unwrap();
    let work = SearchWork::now().since(before);
    assert_eq!(work.stalled, 1, "{work:?}");
    assert_eq!(fast, memory.suggest_brute_force(&query, &opts).unwrap());
    assert!(fast.len() >= 5, "{}", fast.len());

    // Other bars and cut-offs, and a query far from every unit: the same as the scan.
    let far = rng.words(&vocab, 90).join(" ");
    for q in [&query, &far] {
        for (threshold, top) in [(70, 1), (80, 5), (90, 3), (70, 50)] {
            opts.threshold = threshold;
            opts.top = top;
            let fast = memory.suggest(q, &opts).unwrap();
            let slow = memory.suggest_brute_force(q, &opts).unwrap();
            assert_eq!(fast, slow, "threshold {threshold} top {top}");
        }
    }
}
