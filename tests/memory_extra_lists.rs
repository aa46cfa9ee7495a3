//! The full-list search's extra lists (`search::extra_list_factor`): with the sides' tokens
//! held in RAM a verification is cheap, so the search stops reading lists to bound its
//! candidates sooner than from the file — on a query sharing a run of frequent words with
//! many units (a dense tally) and on a long query among rarer words (a sparse tally, where
//! one list moves a bound by one word in n) — and both ways give exactly the brute-force
//! scan's answers. Its own test binary, one test: the work counters it reads are
//! process-wide.

mod search_support;

use search_support::Rng;
use tarjama::memory::{Memory, SearchWork, Side, SuggestOptions, Suggestion, UnitRecord};

fn memory_of(english: &[Vec<String>]) -> Memory {
    let units: Vec<UnitRecord> = english
        .iter()
        .enumerate()
        .map(|(i, w)| {
            UnitRecord::new(
                Side::new("en", w.join(" ")),
                Side::new("ar", format!("ترجمة {i}")),
            )
        })
        .collect();
    let mut memory = Memory::in_memory().unwrap();
    let mut w = memory.writer().unwrap();
    w.add_all(&units).unwrap();
    w.commit().unwrap();
    memory
}

/// A memory whose English sides mostly open with one run of `run` frequent words followed by
/// a tail of `tail` words, the rest unrelated; and a query made the same way.
fn boilerplate(run: usize, tail: usize, vocab_size: usize) -> (Memory, String) {
    let mut rng = Rng(0xB0_11E2_F1A7);
    let vocab: Vec<String> = (0..vocab_size).map(|i| format!("w{i}")).collect();
    let opening: Vec<String> = (0..run).map(|i| format!("run{i}")).collect();
    let english: Vec<Vec<String>> = (0..1500)
        .map(|i| {
            if i % 4 == 3 {
                rng.words(&vocab, run + tail)
            } else {
                let mut w = opening.clone();
                w.extend(rng.words(&vocab, tail));
                w
            }
        })
        .collect();
    let mut query = opening;
    query.extend(rng.words(&vocab, tail));
    (memory_of(&english), query.join(" "))
}

/// The suggestions for `query` and the search's work, from the file and then from RAM;
/// leaves the memory verifying from RAM.
fn both_ways(
    memory: &Memory,
    query: &str,
    opts: &SuggestOptions,
) -> [(Vec<Suggestion>, SearchWork); 2] {
    let run = || {
        let before = SearchWork::now();
        let got = memory.suggest(query, opts).unwrap();
        (got, SearchWork::now().since(before))
    };
    memory.use_side_tokens(None);
    let from_file = run();
    memory.use_side_tokens(Some(memory.load_side_tokens().unwrap()));
    [from_file, run()]
}

#[test]
fn with_tokens_in_ram_fewer_extra_lists_are_read_for_the_same_answers() {
    // A dense tally: a run shared by 1,125 of the 1,500 units, whose lists the search reads
    // to bound them when verifying is dear. (run, tail, vocabulary, threshold)
    for (run, tail, vocab, threshold) in [(30, 10, 60, 80), (36, 6, 30, 90)] {
        let (memory, query) = boilerplate(run, tail, vocab);
        let mut opts = SuggestOptions::new("en", "ar");
        opts.threshold = threshold;
        let scan = memory.suggest_brute_force(&query, &opts).unwrap();
        assert_eq!(scan.len(), 5, "the case must have answers to compare");
        let [(file, file_work), (ram, ram_work)] = both_ways(&memory, &query, &opts);
        assert_eq!((&file, &ram), (&scan, &scan));
        // Fewer of the run's entries read, more (cheap) verifications instead.
        assert!(
            ram_work.postings * 2 < file_work.postings,
            "{ram_work:?} against {file_work:?}"
        );
        assert!(ram_work.verified >= file_work.verified, "{ram_work:?}");
        // Other bars and cut-offs: the same as the scan with the tokens in RAM too.
        for (threshold, top) in [(70, 1), (70, 50), (85, 5), (90, 3)] {
            opts.threshold = threshold;
            opts.top = top;
            let fast = memory.suggest(&query, &opts).unwrap();
            assert_eq!(fast, memory.suggest_brute_force(&query, &opts).unwrap());
        }
    }

    // A sparse tally: 3,000 units of 60 words drawn by Zipf's law over 20,000; the queries
    // are units with 3, 6 and 9 words replaced (60 tokens: under the prefix index's 64).
    let mut rng = Rng(0x5_EED0_F5CA_1E00);
    let english: Vec<Vec<String>> = (0..3000)
        .map(|_| (0..60).map(|_| rng.zipf(20_000)).collect())
        .collect();
    let memory = memory_of(&english);
    for (k, edits) in [3, 6, 9].into_iter().enumerate() {
        let mut words = english[7 * (k + 1)].clone();
        for _ in 0..edits {
            let at = rng.below(words.len());
            words[at] = rng.zipf(20_000);
        }
        let query = words.join(" ");
        let opts = SuggestOptions::new("en", "ar");
        let scan = memory.suggest_brute_force(&query, &opts).unwrap();
        assert!(!scan.is_empty(), "the unit edited must be found");
        let [(file, file_work), (ram, ram_work)] = both_ways(&memory, &query, &opts);
        assert_eq!((&file, &ram), (&scan, &scan), "{edits} edits");
        assert!(
            ram_work.postings * 2 < file_work.postings,
            "{edits} edits: {ram_work:?} against {file_work:?}"
        );
    }
}
