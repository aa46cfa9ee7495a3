//! Memories in which real names carry their real variant spellings, for `mine_eval`: real
//! full names (`../shared/data/names/arabic_name_romanizer_full_names_dev.tsv.xz`: Arabic
//! key, Latin spelling, …) put into templated news sentence pairs — the Arabic name on the
//! Arabic side (sometimes behind a proclitic و ل ب), one of its spellings on the English
//! side, with one dominant spelling and a tail; titles before some names, mostly rendered one
//! way with injected minority renderings; units without names; doubtful beads whose English
//! belongs to another unit (low confidence).

use std::collections::HashMap;
use std::process::Command;

use tarjama::memory::{Memory, Side, Status, UnitRecord};
use tarjama::text::match_key;

pub const DATA: &str = "../shared/data/names/arabic_name_romanizer_full_names_dev.tsv.xz";

/// One Arabic name with its distinct spellings (by match key), in file order.
#[derive(Debug, Clone)]
pub struct Name {
    pub arabic: String,
    pub spellings: Vec<String>,
}

/// Reads the names (with `agreeing`, only spellings that write as many name words as the
/// Arabic); `None` when the file or `xz` is missing. The file is looked for beside
/// the repository (`../shared`), or beside the folder holding it (a git worktree).
pub fn load_names(path: &str, agreeing: bool) -> Option<Vec<Name>> {
    let path = [path.to_string(), format!("../{path}")]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    let out = Command::new("xz").args(["-dc", &path]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 || cols[1].trim().is_empty() {
            continue;
        }
        let (arabic, latin) = (cols[0].trim(), cols[1].trim());
        // Names in Latin letters with a capital, as a news English would write them.
        if !latin.chars().next().is_some_and(char::is_uppercase)
            || (agreeing && !words_agree(arabic, latin))
        {
            continue;
        }
        let list = by_key.entry(arabic.to_string()).or_insert_with(|| {
            order.push(arabic.to_string());
            Vec::new()
        });
        if !list.iter().any(|s| match_key(s) == match_key(latin)) {
            list.push(latin.to_string());
        }
    }
    Some(
        order
            .into_iter()
            .map(|a| Name {
                spellings: by_key.remove(&a).unwrap_or_default(),
                arabic: a,
            })
            .collect(),
    )
}

/// Name words, with a compound head (Abd, Abu, bin…) joined to the next word, a tail
/// (Allah, Din) to the one before, and articles standing alone left out.
fn name_units(words: &[String], heads: &[&str], tails: &[&str], articles: &[&str]) -> usize {
    let mut n = 0;
    let mut joined = false;
    for w in words {
        if articles.contains(&w.as_str()) {
            continue;
        }
        let tail = n > 0 && tails.contains(&w.as_str());
        if !joined && !tail {
            n += 1;
        }
        joined = heads.contains(&w.as_str());
    }
    n
}

/// Whether a Latin spelling writes as many name words as the Arabic (compounds counted once):
/// "Ali Bagheri Kani" is not a spelling of علي باقري but a longer name.
pub fn words_agree(arabic: &str, latin: &str) -> bool {
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect()
    };
    let ar = name_units(
        &split(arabic),
        &["عبد", "ابو", "ابي", "بن", "ابن", "بنت", "ام"],
        &["الله", "الدين"],
        &[],
    );
    let en = name_units(
        &split(latin),
        &[
            "abd", "abdul", "abdel", "abdal", "abu", "abou", "bin", "ben", "ibn", "bint", "umm",
        ],
        &["allah", "ullah", "din", "eddine", "uddin", "deen"],
        &[
            "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "ed", "es", "er",
        ],
    );
    ar == en
}

/// FNV-1a: which half a name belongs to.
pub fn half_of(arabic: &str) -> usize {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in arabic.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (h >> 33) as usize % 2
}

/// splitmix64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// (Arabic, English) with {N}/{E} for the name, {T}/{TE} for a title, {N2}/{E2} for a second
/// name.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "قال {N} إن الحكومة ستواصل دعم الإصلاحات الاقتصادية.",
        "{E} said the government would continue to support economic reforms.",
    ),
    (
        "وأكد {N} أن المحادثات ستستأنف الأسبوع المقبل.",
        "{E} stressed that the talks would resume next week.",
    ),
    (
        "التقى وزير الخارجية في بغداد مع {N} لبحث العلاقات الثنائية.",
        "The foreign minister met {E} in Baghdad to discuss bilateral relations.",
    ),
    (
        "وصل {N} إلى القاهرة صباح اليوم في زيارة رسمية.",
        "{E} arrived in Cairo this morning on an official visit.",
    ),
    (
        "أعلن {N} عن خطة جديدة لمكافحة الفساد.",
        "{E} announced a new plan to fight corruption.",
    ),
    (
        "وفي بيان صدر اليوم، دعا {N} إلى ضبط النفس.",
        "In a statement issued today, {E} called for restraint.",
    ),
    (
        "أجرى رئيس الوزراء اتصالا هاتفيا مع {N}.",
        "The prime minister held a phone call with {E}.",
    ),
    (
        "قالت مصادر مقربة من {N} إنه سيزور عمان الشهر المقبل.",
        "Sources close to {E} said he would visit Amman next month.",
    ),
    (
        "واستقبل {N} وفدا من رجال الأعمال في الرياض.",
        "{E} received a delegation of businessmen in Riyadh.",
    ),
    (
        "ونفى {N} صحة التقارير التي تحدثت عن استقالته.",
        "{E} denied reports that he had resigned.",
    ),
    (
        "وشارك {N} في المؤتمر الذي عقد في بيروت يوم الثلاثاء.",
        "{E} took part in the conference held in Beirut on Tuesday.",
    ),
    (
        "وأشار {N} إلى أن الوضع الأمني في دمشق مستقر.",
        "{E} pointed out that the security situation in Damascus is stable.",
    ),
    (
        "وجه الرئيس رسالة شكر {L} على جهوده.",
        "The president sent a letter of thanks to {E} for his efforts.",
    ),
    (
        "وأشاد الوزير {B} ودوره في المفاوضات.",
        "The minister praised {E} and his role in the negotiations.",
    ),
    (
        "اجتمع المبعوث الأممي مع {N} و{N2} في تونس.",
        "The UN envoy met {E} and {E2} in Tunis.",
    ),
    (
        "وقال {T} {N} للصحفيين إن القوات أحكمت سيطرتها على المنطقة.",
        "{TE} {E} told reporters that the forces had taken control of the area.",
    ),
    (
        "وأوضح {T} {N} أن العملية ستستمر حتى تحقيق أهدافها.",
        "{TE} {E} explained that the operation would continue until its goals were met.",
    ),
    (
        "وترأس {T} {N} اجتماعا أمنيا في مقر القيادة.",
        "{TE} {E} chaired a security meeting at the headquarters.",
    ),
];

/// Sentences without names.
const FILLERS: &[(&str, &str)] = &[
    (
        "وارتفعت أسعار النفط بنسبة ثلاثة في المئة.",
        "Oil prices rose by three percent.",
    ),
    (
        "ومن المتوقع أن تستمر الأمطار حتى نهاية الأسبوع.",
        "Rain is expected to continue until the end of the week.",
    ),
    (
        "وقالت الوزارة إن الامتحانات ستجرى في موعدها.",
        "The Ministry said the exams would be held on time.",
    ),
];

/// The places the templates name, with their one English form (correct if mined).
pub const PLACES: &[(&str, &str)] = &[
    ("بغداد", "Baghdad"),
    ("القاهرة", "Cairo"),
    ("عمان", "Amman"),
    ("الرياض", "Riyadh"),
    ("بيروت", "Beirut"),
    ("دمشق", "Damascus"),
    ("تونس", "Tunis"),
];

/// Arabic title, its usual rendering, and minority renderings.
pub const TITLES: &[(&str, &str, &[&str])] = &[
    ("اللواء", "Major General", &["Maj. Gen.", "General"]),
    ("الفريق", "Lieutenant General", &["Lt. Gen.", "General"]),
    ("العميد", "Brigadier General", &["Brig. Gen.", "Brigadier"]),
    ("الشيخ", "Sheikh", &["Shaikh"]),
    ("الدكتور", "Dr.", &["Doctor"]),
];

/// Share of title renderings that are not the usual one.
pub const MINORITY_TITLE_RATE: f64 = 0.08;

/// A name as it appears in the memory: which spellings, how often each.
#[derive(Debug, Clone)]
pub struct Planted {
    pub arabic: String,
    /// Spelling index (into `Name::spellings`) of each occurrence, in unit order.
    pub spellings: Vec<String>,
}

/// What was written where, for scoring.
#[derive(Debug, Default)]
pub struct Truth {
    /// Unit id → (Arabic name, English spelling) written in it.
    pub names: HashMap<i64, Vec<(String, String)>>,
    pub reviewed: HashMap<i64, bool>,
    /// Units whose title rendering is not the usual one.
    pub minority_titles: Vec<i64>,
    /// Units with a low-confidence bead (their English is another unit's).
    pub doubtful: Vec<i64>,
}

/// Occurrences per name: log-uniform between 1 and `max`; the dominant spelling takes 60–85 %
/// of them, the rest go round the tail.
pub fn plant(names: &[Name], rng: &mut Rng, max: f64) -> Vec<Planted> {
    names
        .iter()
        .map(|n| {
            let total = (max.ln() * rng.unit()).exp().round().max(1.0) as usize;
            let tail = n.spellings.len().min(4) - 1;
            let mut counts = vec![0usize; tail + 1];
            if tail == 0 {
                counts[0] = total;
            } else {
                let share = 0.6 + 0.25 * rng.unit();
                counts[0] = ((total as f64 * share).ceil() as usize).max(1);
                for k in 0..total - counts[0].min(total) {
                    counts[1 + k % tail] += 1;
                }
            }
            let mut spellings = Vec::new();
            for (i, c) in counts.iter().enumerate() {
                spellings.extend(std::iter::repeat_n(n.spellings[i].clone(), *c));
            }
            // Occurrences in random order.
            for i in (1..spellings.len()).rev() {
                spellings.swap(i, rng.below(i + 1));
            }
            Planted {
                arabic: n.arabic.clone(),
                spellings,
            }
        })
        .collect()
}

fn with_clitic(clitic: &str, name: &str) -> String {
    match (clitic, name.strip_prefix("ال")) {
        ("ل", Some(rest)) => format!("لل{rest}"),
        _ => format!("{clitic}{name}"),
    }
}

/// A unit, the (Arabic, English) names it writes, whether its title rendering is a minority.
type Drafted = (UnitRecord, Vec<(String, String)>, bool);

/// Writes the planted names into a new memory: one unit per occurrence (two names share a
/// unit now and then), fillers, 70 % reviewed, 4 % doubtful beads.
pub fn build(planted: &[Planted], rng: &mut Rng) -> (Memory, Truth) {
    let mut occurrences: Vec<(String, String)> = planted
        .iter()
        .flat_map(|p| p.spellings.iter().map(|s| (p.arabic.clone(), s.clone())))
        .collect();
    for i in (1..occurrences.len()).rev() {
        occurrences.swap(i, rng.below(i + 1));
    }
    let mut units: Vec<Drafted> = Vec::new();
    let mut k = 0;
    while k < occurrences.len() {
        if rng.below(10) == 0 {
            let (ar, en) = FILLERS[rng.below(FILLERS.len())];
            let story = units.len() + 1;
            let (ar, en) = (format!("{ar} ({story})"), format!("{en} ({story})"));
            units.push((record(&ar, &en), Vec::new(), false));
        }
        let t = rng.below(TEMPLATES.len());
        let (ar_t, en_t) = TEMPLATES[t];
        let (arabic, english) = &occurrences[k];
        let mut written = vec![(arabic.clone(), english.clone())];
        let mut ar = ar_t
            .replace("{N}", arabic)
            .replace("{L}", &with_clitic("ل", arabic))
            .replace("{B}", &with_clitic("ب", arabic));
        let mut en = en_t.replace("{E}", english);
        if ar.contains("{N2}") {
            match occurrences.get(k + 1) {
                Some((a2, e2)) if a2 != arabic => {
                    ar = ar.replace("{N2}", a2);
                    en = en.replace("{E2}", e2);
                    written.push((a2.clone(), e2.clone()));
                    k += 1;
                }
                _ => {
                    ar = ar.replace(" و{N2}", "");
                    en = en.replace(" and {E2}", "");
                }
            }
        }
        let mut minority = false;
        if ar.contains("{T}") {
            let (ta, te, others) = TITLES[rng.below(TITLES.len())];
            let rendering = if rng.unit() < MINORITY_TITLE_RATE {
                minority = true;
                others[rng.below(others.len())]
            } else {
                te
            };
            ar = ar.replace("{T}", ta);
            en = en.replace("{TE}", rendering);
        }
        // A story number keeps equal sentences apart (the memory merges identical pairs).
        let story = units.len() + 1;
        ar = format!("{ar} ({story})");
        en = format!("{en} ({story})");
        units.push((record(&ar, &en), written, minority));
        k += 1;
    }
    let mut truth = Truth::default();
    // Doubtful beads: the English of another unit, at a low confidence.
    let n = units.len();
    for i in 0..n {
        let reviewed = rng.unit() < 0.7;
        units[i].0.status = if reviewed {
            Status::Reviewed
        } else {
            Status::Unreviewed
        };
        units[i].0.confidence = Some(0.8 + 0.2 * rng.unit());
        if rng.unit() < 0.04 {
            let other = units[rng.below(n)].0.target.text.clone();
            units[i].0.target = Side::new("en", other);
            units[i].0.confidence = Some(0.1 + 0.3 * rng.unit());
            units[i].1.clear();
            units[i].2 = false;
            units[i].0.status = Status::Unreviewed;
            units[i].0.origin = Some("doubtful".into());
        }
    }
    let mut memory = Memory::in_memory().expect("memory");
    let mut writer = memory.writer().expect("writer");
    let records: Vec<UnitRecord> = units.iter().map(|u| u.0.clone()).collect();
    let outcomes = writer.add_all(&records).expect("add");
    writer.commit().expect("commit");
    for ((record, written, minority), outcome) in units.into_iter().zip(outcomes) {
        let id = outcome.id();
        if record.origin.as_deref() == Some("doubtful") {
            truth.doubtful.push(id);
            continue;
        }
        truth.reviewed.insert(id, record.status == Status::Reviewed);
        if minority {
            truth.minority_titles.push(id);
        }
        if !written.is_empty() {
            truth.names.entry(id).or_default().extend(written);
        }
    }
    (memory, truth)
}

fn record(ar: &str, en: &str) -> UnitRecord {
    let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
    u.origin = Some("eval".into());
    u
}
