//! Sentence alignment of Arabic and English article pairs.
