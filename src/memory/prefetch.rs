//! Hints that bring memory into the cache before it is read.
//!
//! A lookup reads by side id from arrays far larger than the cache (the tally of a full-list
//! search: 4 bytes a side, 8 MB at 1M pairs; the RAM store of the sides' tokens: where each
//! side starts, then its bytes). Each such read is a cache miss the processor waits for,
//! unless the address was asked for a little earlier: the posting entries and the
//! verification queue say which sides come next.

/// Asks the processor to bring `items[i]` into the cache. A hint: it reads nothing for the
/// program and never faults, so `i` may be past the end (nothing is fetched that is used).
#[inline]
pub(crate) fn element<T>(items: &[T], i: usize) {
    cache_line(items.as_ptr().wrapping_add(i).cast());
}

#[inline]
fn cache_line(at: *const u8) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch neither reads for the program nor faults, whatever the address
        // (SSE, which every x86_64 processor has).
        unsafe { _mm_prefetch::<_MM_HINT_T0>(at.cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hint_past_the_end_or_into_an_empty_slice_is_no_fault() {
        let items = [1u32, 2, 3];
        for i in [0, 2, 3, 1 << 20, usize::MAX] {
            super::element(&items, i);
        }
        super::element::<u64>(&[], 0);
        assert_eq!(items, [1, 2, 3]);
    }
}
