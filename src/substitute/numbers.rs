//! Numbers in the three digit systems news uses: Western 0–9, Arabic-Indic ٠–٩ (with ٫ for
//! the decimal point and ٬ for thousands) and Eastern (Persian) ۰–۹. A number is compared by
//! value (digits folded, thousands separators dropped) and written back in the digit system
//! and grouping of the number it replaces.

/// A digit system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    Western,
    ArabicIndic,
    Eastern,
}

impl Digits {
    /// The digit system a written number uses (Western when it has no other digits).
    pub fn of(text: &str) -> Digits {
        for c in text.chars() {
            match c {
                '\u{0660}'..='\u{0669}' => return Digits::ArabicIndic,
                '\u{06F0}'..='\u{06F9}' => return Digits::Eastern,
                _ => {}
            }
        }
        Digits::Western
    }

    fn zero(self) -> u32 {
        match self {
            Digits::Western => '0' as u32,
            Digits::ArabicIndic => 0x0660,
            Digits::Eastern => 0x06F0,
        }
    }
}

/// The value of a written number: ASCII digits, `.` for a decimal point, other separators
/// (`/`, `:`) kept; thousands separators (`,` `٬` between groups of three) dropped.
pub fn value(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        folded.push(match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            c => c,
        });
    }
    if is_grouped(&folded) {
        folded.retain(|c| c != ',');
    }
    folded
}

/// `1,000` `12,345.5`: commas between groups of exactly three digits.
fn is_grouped(folded: &str) -> bool {
    let int = folded.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split(',').collect();
    groups.len() > 1
        && !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[0].chars().all(|c| c.is_ascii_digit())
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// `value` (as [`value`] gives it) written like `like`: same digit system, and grouped in
/// thousands when `like` is.
pub fn write_like(value: &str, like: &str) -> String {
    let digits = Digits::of(like);
    let grouped = is_grouped(&self::value_keep_groups(like));
    let arabic = digits != Digits::Western;
    let (int, frac) = match value.split_once('.') {
        Some((i, f)) if i.chars().all(|c| c.is_ascii_digit()) => (i.to_string(), Some(f)),
        _ => (value.to_string(), None),
    };
    let int = if grouped && int.len() > 3 && int.chars().all(|c| c.is_ascii_digit()) {
        group(&int, if arabic { '\u{066C}' } else { ',' })
    } else {
        int
    };
    let mut out = String::new();
    // Arabic digits take the Arabic decimal separator unless the number replaced used '.'.
    let decimal = if arabic && !like.contains('.') {
        '\u{066B}'
    } else {
        '.'
    };
    for c in int.chars() {
        out.push(digit(c, digits));
    }
    if let Some(frac) = frac {
        out.push(decimal);
        for c in frac.chars() {
            out.push(digit(c, digits));
        }
    }
    out
}

/// Folded digits, thousands separators kept (to see whether a number is grouped).
fn value_keep_groups(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            c => c,
        })
        .collect()
}

fn group(int: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn digit(c: char, digits: Digits) -> char {
    match c {
        '0'..='9' => char::from_u32(digits.zero() + (c as u32 - '0' as u32)).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_ignore_digit_system_and_grouping() {
        assert_eq!(value("١٬٥٠٠"), "1500");
        assert_eq!(value("1,500"), "1500");
        assert_eq!(value("۱۲"), "12");
        assert_eq!(value("٣٫٥"), "3.5");
        assert_eq!(value("31/12/2021"), "31/12/2021");
        assert_eq!(value("1,5"), "1,5");
    }

    #[test]
    fn writes_in_the_system_and_grouping_it_replaces() {
        assert_eq!(write_like("2500", "1,500"), "2,500");
        assert_eq!(write_like("2500", "1500"), "2500");
        assert_eq!(write_like("2500", "١٬٥٠٠"), "٢٬٥٠٠");
        assert_eq!(write_like("2500", "١٥٠٠"), "٢٥٠٠");
        assert_eq!(write_like("4.5", "٣٫٥"), "٤٫٥");
        assert_eq!(write_like("4.5", "3.5"), "4.5");
        assert_eq!(write_like("14", "۱۲"), "۱۴");
        assert_eq!(write_like("1/1/2022", "٣١/١٢/٢٠٢١"), "١/١/٢٠٢٢");
    }
}
