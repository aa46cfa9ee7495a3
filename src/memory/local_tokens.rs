//! The table a [`Keyer`](super::keys::Keyer) interns key tokens into: token string → dense
//! local id, ids given in the order the tokens are first seen.
//!
//! Why not a map from `String`: on the import's reading thread that map cost about a third
//! of the thread (the hash of the string, then a cache miss on the string's own allocation
//! to compare it on a hit). Most key tokens are short (an English word, an Arabic word of a
//! few letters), so a token of up to [`INLINE`] bytes is its own key, packed with its length
//! into one `u128`: hashing and comparing it touch only the table. Longer tokens keep a
//! map from their string.

use rustc_hash::FxHashMap as FxMap;

/// Tokens of at most this many bytes are packed into a `u128` key (the 16th byte holds the
/// length, so two tokens that differ only in trailing NUL bytes stay apart).
const INLINE: usize = 15;

#[derive(Default)]
pub(super) struct LocalTokens {
    short: FxMap<u128, u32>,
    long: FxMap<Box<str>, u32>,
}

impl LocalTokens {
    /// How many tokens have an id (the next id to give).
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// The id of `token`, and whether it is new (it then gets the next id).
    pub fn intern(&mut self, token: &str) -> (u32, bool) {
        let next = self.len() as u32;
        if let Some(key) = packed(token) {
            match self.short.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => (*e.get(), false),
                std::collections::hash_map::Entry::Vacant(e) => (*e.insert(next), true),
            }
        } else if let Some(&id) = self.long.get(token) {
            (id, false)
        } else {
            self.long.insert(token.into(), next);
            (next, true)
        }
    }
}

/// `token` packed with its length, when it is short enough.
fn packed(token: &str) -> Option<u128> {
    let bytes = token.as_bytes();
    if bytes.len() > INLINE {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf[INLINE] = bytes.len() as u8;
    Some(u128::from_le_bytes(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids come in first-seen order whatever the length, and tokens that pack alike but
    /// differ (a trailing NUL, a prefix, 15 against 16 bytes) get ids of their own.
    #[test]
    fn ids_in_first_seen_order_and_distinct_tokens_apart() {
        let mut t = LocalTokens::default();
        let tokens = [
            "the",
            "a_token_of_over_fifteen_bytes",
            "the\0",
            "th",
            "",
            "فلسطين",
            "exactly15bytes!",
            "exactly16bytes!!",
            "the",
            "a_token_of_over_fifteen_bytes",
            "فلسطين",
            "exactly15bytes!",
            "exactly16bytes!!",
        ];
        let got: Vec<(u32, bool)> = tokens.iter().map(|k| t.intern(k)).collect();
        let want = [
            (0, true),
            (1, true),
            (2, true),
            (3, true),
            (4, true),
            (5, true),
            (6, true),
            (7, true),
            (0, false),
            (1, false),
            (5, false),
            (6, false),
            (7, false),
        ];
        assert_eq!(got, want);
        assert_eq!(t.len(), 8);
    }
}
