//! Gregorian month names as news writes them: English (full and abbreviated), the
//! Levantine-Iraqi names (كانون الثاني … كانون الأول, two words for four of them) and the
//! Egyptian/Gulf ones (يناير … ديسمبر). Names are found by match key (hamza and taa marbuta
//! folded); a month is written back in the naming system it replaces.

/// A way of naming months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    English,
    EnglishShort,
    Levantine,
    Egyptian,
}

const ENGLISH: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ENGLISH_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
];
const LEVANTINE: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];
const EGYPTIAN: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// Spellings read besides the written forms (keys): إبريل, يونيه, يوليه, Sep.
const EXTRA: [(&str, Naming, usize); 4] = [
    ("ابريل", Naming::Egyptian, 4),
    ("يونيه", Naming::Egyptian, 6),
    ("يوليه", Naming::Egyptian, 7),
    ("sep", Naming::EnglishShort, 9),
];

fn table(naming: Naming) -> &'static [&'static str; 12] {
    match naming {
        Naming::English => &ENGLISH,
        Naming::EnglishShort => &ENGLISH_SHORT,
        Naming::Levantine => &LEVANTINE,
        Naming::Egyptian => &EGYPTIAN,
    }
}

/// Every name's key tokens with its month and naming, longest names first.
fn keyed() -> &'static [(Vec<String>, usize, Naming)] {
    static KEYED: std::sync::OnceLock<Vec<(Vec<String>, usize, Naming)>> =
        std::sync::OnceLock::new();
    KEYED.get_or_init(|| {
        let namings = [
            Naming::English,
            Naming::EnglishShort,
            Naming::Levantine,
            Naming::Egyptian,
        ];
        let mut out: Vec<(Vec<String>, usize, Naming)> = Vec::new();
        for naming in namings {
            for (i, written) in table(naming).iter().enumerate() {
                out.push((crate::text::key_tokens(written), i + 1, naming));
            }
        }
        for (key, naming, month) in EXTRA {
            out.push((vec![key.to_string()], month, naming));
        }
        // "May" is in both English tables: the full name wins (it comes first).
        out.sort_by_key(|(parts, _, _)| std::cmp::Reverse(parts.len()));
        out
    })
}

/// A month name found at the start of a run of token keys: month (1–12), its naming, and
/// how many tokens it covers.
pub fn month_at(keys: &[&str]) -> Option<(usize, Naming, usize)> {
    keyed()
        .iter()
        .find(|(parts, _, _)| {
            keys.len() >= parts.len() && parts.iter().zip(keys).all(|(p, k)| p == k)
        })
        .map(|(parts, month, naming)| (*month, *naming, parts.len()))
}

/// Month `month` (1–12) written in `naming`.
pub fn name(month: usize, naming: Naming) -> &'static str {
    table(naming)[month - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_and_two_word_names_in_every_naming() {
        assert_eq!(
            month_at(&["كانون", "الاول", "2021"]),
            Some((12, Naming::Levantine, 2))
        );
        assert_eq!(
            month_at(&["كانون", "الثاني"]),
            Some((1, Naming::Levantine, 2))
        );
        assert_eq!(month_at(&["اذار"]), Some((3, Naming::Levantine, 1)));
        assert_eq!(month_at(&["ديسمبر"]), Some((12, Naming::Egyptian, 1)));
        assert_eq!(month_at(&["ابريل"]), Some((4, Naming::Egyptian, 1)));
        assert_eq!(
            month_at(&["december", "31"]),
            Some((12, Naming::English, 1))
        );
        assert_eq!(month_at(&["sept"]), Some((9, Naming::EnglishShort, 1)));
        assert_eq!(month_at(&["كانون"]), None);
        assert_eq!(month_at(&["minister"]), None);
    }

    #[test]
    fn writes_in_the_naming_asked() {
        assert_eq!(name(1, Naming::Levantine), "كانون الثاني");
        assert_eq!(name(1, Naming::Egyptian), "يناير");
        assert_eq!(name(1, Naming::English), "January");
    }
}
