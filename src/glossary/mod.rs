//! Glossary of names and titles: terms, variants, recognition in text, checks.
