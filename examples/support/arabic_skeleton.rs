//! The consonant skeleton of an Arabic name: what its Latin spellings can tell apart. The
//! name evaluations (`variant_eval`, `name_eval`) judge "the same name" on it.

/// The Arabic key reduced to what Latin letters can show: article, long vowels, ع and hamza
/// seats dropped; letters that share a transliteration merged (field-notes §2: ظ ذ ض د ز →
/// d/dh/z; ق غ ك گ ج → q/g/k/j; ث س ص → th/s; ت ط → t; ح ه → h; پ ب; چ ش); doubles collapsed;
/// a final ة/ه dropped (-a, -ah, -eh).
pub fn arabic_skeleton(key: &str) -> String {
    let key = tarjama::text::match_key(key).replace(' ', "");
    let key = key.strip_prefix("ال").unwrap_or(&key).to_string();
    let mut out = String::new();
    for c in key.chars() {
        let m = match c {
            'ا' | 'و' | 'ي' | 'ى' | 'ء' | 'ئ' | 'ؤ' | 'ع' | 'ۆ' | 'ې' | 'ی' | 'ے' => {
                continue
            }
            'ذ' | 'د' | 'ض' | 'ظ' | 'ز' | 'ڈ' | 'ژ' => 'D',
            'ق' | 'غ' | 'ك' | 'گ' | 'ج' | 'ک' => 'K',
            'ث' | 'س' | 'ص' => 'S',
            'ت' | 'ط' | 'ٹ' => 'T',
            'ح' | 'ه' | 'ھ' | 'ة' => 'H',
            'پ' | 'ب' => 'B',
            'چ' | 'ش' => 'C',
            'ں' => 'ن',
            'ڑ' => 'ر',
            other => other,
        };
        if !out.ends_with(m) {
            out.push(m);
        }
    }
    // A final ة / ه (feminine -a, -ah, -eh, -at) is a vowel in Latin letters.
    if out.len() > 1 && out.ends_with('H') {
        out.pop();
    }
    out
}
