//! The full-list search's extra lists (`search::extra_list_factor`): with the sides' tokens
//! held in RAM a verification is cheap, so a query sharing a run of frequent words with many
//! units (a dense tally) stops reading the run's long lists sooner than from the file — and
//! both give exactly the brute-force scan's answers. Its own test binary: the work counters
//! it reads are process-wide.

use tarjama::memory::{Memory, SearchWork, Side, SuggestOptions, UnitRecord};

/// A deterministic generator (xorshift), so the memory is the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn words(rng: &mut Rng, vocab: &[String], count: usize) -> Vec<String> {
    (0..count)
        .map(|_| vocab[rng.below(vocab.len())].clone())
        .collect()
}

/// A memory whose English sides mostly open with one run of `run` frequent words followed by
/// a tail of `tail` words, the rest unrelated; and a query made the same way.
fn boilerplate(run: usize, tail: usize, vocab_size: usize) -> (Memory, String) {
    let mut rng = Rng(0xB0_11E2_F1A7);
    let vocab: Vec<String> = (0..vocab_size).map(|i| format!("w{i}")).collect();
    let opening: Vec<String> = (0..run).map(|i| format!("run{i}")).collect();
    let mut units = Vec::new();
    for i in 0..1500 {
        let text = if i % 4 == 3 {
            words(&mut rng, &vocab, run + tail)
        } else {
            let mut w = opening.clone();
            w.extend(words(&mut rng, &vocab, tail));
            w
        };
        units.push(UnitRecord::new(
            Side::new("en", text.join(" ")),
            Side::new("ar", format!("ترجمة {i}")),
        ));
    }
    let mut memory = Memory::in_memory().unwrap();
    let mut w = memory.writer().unwrap();
    w.add_all(&units).unwrap();
    w.commit().unwrap();
    let mut query = opening;
    query.extend(words(&mut rng, &vocab, tail));
    (memory, query.join(" "))
}

#[test]
fn with_tokens_in_ram_a_boilerplate_query_reads_fewer_entries_for_the_same_answers() {
    // (run, tail, vocabulary, threshold): a run shared by 1,125 of the 1,500 units, whose
    // lists the search reads to bound them when verifying is dear.
    for (run, tail, vocab, threshold) in [(30, 10, 60, 80), (36, 6, 30, 90)] {
        let (memory, query) = boilerplate(run, tail, vocab);
        let mut opts = SuggestOptions::new("en", "ar");
        opts.threshold = threshold;
        let scan = memory.suggest_brute_force(&query, &opts).unwrap();
        assert_eq!(scan.len(), 5, "the case must have answers to compare");

        let before = SearchWork::now();
        assert_eq!(memory.suggest(&query, &opts).unwrap(), scan);
        let from_file = SearchWork::now().since(before);

        memory.use_side_tokens(Some(memory.load_side_tokens().unwrap()));
        let before = SearchWork::now();
        assert_eq!(memory.suggest(&query, &opts).unwrap(), scan);
        let from_ram = SearchWork::now().since(before);

        // Fewer of the run's entries read, more (cheap) verifications instead.
        assert!(
            from_ram.postings * 2 < from_file.postings,
            "{from_ram:?} against {from_file:?}"
        );
        assert!(from_ram.verified >= from_file.verified, "{from_ram:?}");

        // Other bars and cut-offs: the same as the scan with the tokens in RAM too.
        for (threshold, top) in [(70, 1), (70, 50), (85, 5), (90, 3)] {
            opts.threshold = threshold;
            opts.top = top;
            let fast = memory.suggest(&query, &opts).unwrap();
            assert_eq!(fast, memory.suggest_brute_force(&query, &opts).unwrap());
        }
    }
}
