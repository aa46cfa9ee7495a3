//! What the search tests that read the process-wide work counters share (each is its own test
//! binary): a deterministic word generator.

#![allow(dead_code)] // each test binary uses its own subset

/// A deterministic generator (xorshift), so a test's memory is the same on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// A word drawn by Zipf's law over `vocab` words (word i about as often as 1/(i+1)):
    /// a few very frequent words and a long tail, as in running text.
    pub fn zipf(&mut self, vocab: usize) -> String {
        let u = self.below(1_000_000) as f64 / 1_000_000.0;
        let i = ((vocab as f64).ln() * u).exp() as usize - 1;
        format!("z{}", i.min(vocab - 1))
    }

    /// `count` words drawn evenly from `vocab`.
    pub fn words(&mut self, vocab: &[String], count: usize) -> Vec<String> {
        (0..count)
            .map(|_| vocab[self.below(vocab.len())].clone())
            .collect()
    }
}
