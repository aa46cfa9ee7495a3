use crate::memory::{AddOutcome, Memory, Side, UnitRecord};

const QUERY: &str = "the minister said in Baghdad on Monday that the talks with the \
    neighbouring countries had gone well and would continue next week";

/// Long enough (≥ `prefix::QUERY_MIN_TOKENS` tokens) for the prefix probe; the short
/// [`QUERY`] goes through the full lists.
const LONG: &str = "the minister said in Baghdad on Monday that the talks with the \
    neighbouring countries had gone well and would continue next week after a pause of \
    several days during which the delegations returned home to consult their governments \
    about the water sharing agreement the border crossings the electricity grid and the \
    pilgrims who travel every year to the holy cities of Najaf and Karbala while the \
    spokesman added that a final text could be signed before the end of the month";

fn added(outcome: AddOutcome) -> i64 {
    match outcome {
        AddOutcome::Added(id) | AddOutcome::Merged(id) | AddOutcome::Alternative(id) => id,
    }
}

fn answer(m: &Memory, text: &str, to: &str) -> Vec<(i64, u8)> {
    crate::memory::verify::tests::ids(m, text, "en", to)
}

fn add(m: &mut Memory, en: &str, other: (&str, &str)) -> i64 {
    let mut w = m.writer().unwrap();
    let id = added(
        w.add(&UnitRecord::new(
            Side::new("en", en),
            Side::new(other.0, other.1),
        ))
        .unwrap(),
    );
    w.commit().unwrap();
    id
}

fn remove(m: &mut Memory, id: i64) {
    let mut w = m.writer().unwrap();
    assert!(w.remove_unit(id).unwrap());
    w.commit().unwrap();
}

#[test]
fn holds_each_units_two_sides_as_stored_and_nothing_for_ids_without_a_unit() {
    let mut m = Memory::in_memory().unwrap();
    let a = add(&mut m, "first sentence here", ("ar", "الجملة الأولى"));
    let b = add(&mut m, "second sentence here", ("ar", "الجملة الثانية"));
    let c = add(&mut m, "third sentence here", ("ar", "الجملة الثالثة"));
    remove(&mut m, b);
    let sides = m.load_side_tokens().unwrap();
    assert_eq!((sides.units(), sides.upto()), (2, c));
    for id in [a, c] {
        let (src, tgt): (Vec<u8>, Vec<u8>) = m
            .conn()
            .query_row(
                "SELECT src_toks, tgt_toks FROM units WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(!src.is_empty() && !tgt.is_empty());
        assert_eq!(sides.get((2 * id) as u32), Some(&src[..]));
        assert_eq!(sides.get((2 * id + 1) as u32), Some(&tgt[..]));
    }
    // The deleted unit, side 0 and 1 (no unit 0), and ids past the last.
    for side in [2 * b, 2 * b + 1, 0, 1, 2 * c + 2, 2 * c + 9] {
        assert_eq!(sides.get(side as u32), None, "side {side}");
    }
    // Fetching ahead is a hint for any side id, held or not, even past every array.
    for side in (0..2 * c as u32 + 9).chain([u32::MAX - 1, u32::MAX]) {
        sides.prefetch_start(side);
        sides.prefetch_tokens(side);
    }
}

/// Answers with the tokens in RAM are those read from the file, after units were deleted
/// (exact copies among them: an exact match reads the side's text) and added since the load,
/// for a short query (full lists) and a long one (prefix probe), in both target languages.
#[test]
fn answers_equal_the_files_after_deletes_and_adds_since_the_load() {
    let mut m = Memory::in_memory().unwrap();
    let mut gone = Vec::new();
    let mut kept = Vec::new();
    for text in [QUERY, LONG] {
        gone.push(add(&mut m, text, ("ar", "نص")));
        gone.push(add(&mut m, &text.replace("Monday", "Sunday"), ("ar", "نص")));
        kept.push(add(
            &mut m,
            &text.replace("Baghdad", "Basra"),
            ("ar", "قال"),
        ));
        kept.push(add(&mut m, text, ("fr", "le ministre a dit")));
        kept.push(add(
            &mut m,
            &text.replace("talks", "meetings"),
            ("ar", "قال"),
        ));
    }
    add(&mut m, "an unrelated sentence about rain", ("ar", "مطر"));
    let stale = m.load_side_tokens().unwrap();
    for id in &gone {
        remove(&mut m, *id);
    }
    let mut later = Vec::new();
    for text in [QUERY, LONG] {
        later.push(add(&mut m, &text.replace("week", "month"), ("ar", "قال")));
    }
    assert!(later.iter().all(|id| *id > stale.upto()));
    let fresh = m.load_side_tokens().unwrap();
    for (i, text) in [QUERY, LONG].into_iter().enumerate() {
        for to in ["ar", "fr"] {
            m.use_side_tokens(None);
            let from_file = answer(&m, text, to);
            m.use_side_tokens(Some(stale.clone()));
            assert_eq!(answer(&m, text, to), from_file, "held before, {to}: {text}");
            m.use_side_tokens(Some(fresh.clone()));
            assert_eq!(answer(&m, text, to), from_file, "held after, {to}: {text}");
            let ids: Vec<i64> = from_file.iter().map(|a| a.0).collect();
            assert!(ids.iter().all(|id| !gone.contains(id)), "{to}: {text}");
            if to == "ar" {
                assert!(
                    ids.contains(&later[i]) && ids.contains(&kept[3 * i]),
                    "{ids:?}"
                );
            } else {
                assert_eq!(from_file, vec![(kept[3 * i + 1], 100)]);
            }
        }
    }
}

/// Blocks far smaller than the sides (16 to 256 bytes, one with a single side, every side
/// ending or starting a block somewhere): each side held is the stored one, the sides larger
/// than a block are not held (read from the file), and the answers are the file's.
#[test]
fn sides_are_whole_at_every_block_boundary() {
    let mut m = Memory::in_memory().unwrap();
    let mut ids = Vec::new();
    for i in 0..40 {
        let words: Vec<String> = (0..(i % 13 + 1))
            .map(|k| format!("w{}x{k}", i * 7))
            .collect();
        let text = format!("{} {}", words.join(" "), "the minister said");
        ids.push(add(&mut m, &text, ("ar", &format!("قال {i}"))));
        if i % 9 == 4 {
            remove(&mut m, ids[i - 2]);
        }
    }
    ids.push(add(&mut m, QUERY, ("ar", "قال الوزير")));
    ids.push(add(&mut m, LONG, ("ar", "قال الوزير")));
    let rows: Vec<(i64, Vec<u8>, Vec<u8>)> = m
        .conn()
        .prepare("SELECT id, src_toks, tgt_toks FROM units ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let from_file: Vec<Vec<(i64, u8)>> = [QUERY, LONG, "the minister said w21x0 w21x1"]
        .iter()
        .map(|t| answer(&m, t, "ar"))
        .collect();
    for bits in [4, 5, 6, 8] {
        let sides = super::SideTokens::load_in_blocks(m.conn(), bits).unwrap();
        let mut held = 0;
        for (id, src, tgt) in &rows {
            for (which, toks) in [src, tgt].into_iter().enumerate() {
                let side = (2 * id) as u32 + which as u32;
                let want = (toks.len() <= 1 << bits).then_some(&toks[..]);
                assert_eq!(sides.get(side), want, "bits {bits}, side {side}");
                held += usize::from(want.is_some());
            }
        }
        assert!(held > rows.len() / 2, "bits {bits}: {held} held");
        assert!(sides.blocks.len() > 2, "bits {bits}");
        let deleted = ids[2];
        assert_eq!(sides.get((2 * deleted) as u32), None);
        m.use_side_tokens(Some(std::sync::Arc::new(sides)));
        for (t, want) in [QUERY, LONG, "the minister said w21x0 w21x1"]
            .iter()
            .zip(&from_file)
        {
            assert_eq!(&answer(&m, t, "ar"), want, "bits {bits}: {t}");
        }
    }
}

/// The rule the store relies on is the database's: a statement that would change a stored
/// unit's id or tokens fails and changes nothing; other columns still change.
#[test]
fn a_stored_units_id_and_tokens_cannot_change() {
    let mut m = Memory::in_memory().unwrap();
    let id = add(&mut m, QUERY, ("ar", "قال الوزير"));
    let tokens = |m: &Memory| stored_rows(m).into_iter().find(|r| r.0 == id).unwrap();
    let before = tokens(&m);
    for sql in [
        "UPDATE units SET src_toks = x'01' WHERE id = ?1",
        "UPDATE units SET tgt_toks = x'' WHERE id = ?1",
        "UPDATE units SET id = id + 100 WHERE id = ?1",
    ] {
        let err = m.conn().execute(sql, [id]).unwrap_err().to_string();
        assert!(err.contains("never change"), "{sql}: {err}");
    }
    assert_eq!(tokens(&m), before);
    // Setting them to what they are, and changing other columns, is allowed.
    m.conn()
        .execute(
            "UPDATE units SET src_toks = src_toks, status = 1 WHERE id = ?1",
            [id],
        )
        .unwrap();
}

/// The stored (src, tgt) token blobs of every unit, in id order.
fn stored_rows(m: &Memory) -> Vec<(i64, Vec<u8>, Vec<u8>)> {
    m.conn()
        .prepare("SELECT id, src_toks, tgt_toks FROM units ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// Whether `sides` holds exactly the stored sides of `rows` that fit a block of 2^`bits`.
fn holds_exactly(sides: &super::SideTokens, rows: &[(i64, Vec<u8>, Vec<u8>)], bits: u32) {
    for (id, src, tgt) in rows {
        for (which, toks) in [src, tgt].into_iter().enumerate() {
            let side = (2 * id) as u32 + which as u32;
            let want = (!toks.is_empty() && toks.len() <= 1 << bits).then_some(&toks[..]);
            assert_eq!(sides.get(side), want, "bits {bits}, side {side}");
        }
    }
}

/// An extended store holds the units added since the load (at any block size, after
/// deletes, twice over) and shares what it held; the store it came from is unchanged, and
/// with nothing added there is nothing to extend.
#[test]
fn an_extended_store_holds_the_units_added_since_and_the_old_one_is_unchanged() {
    for bits in [5, 7, super::BLOCK_BITS] {
        let mut m = Memory::in_memory().unwrap();
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(add(
                &mut m,
                &format!("first batch {i} of words"),
                ("ar", "كلمات"),
            ));
        }
        // A side without key tokens (punctuation only) is not held.
        ids.push(add(&mut m, "— … !", ("ar", "نص بلا علامات")));
        let first = super::SideTokens::load_in_blocks(m.conn(), bits).unwrap();
        let first_rows = stored_rows(&m);
        assert!(
            first_rows.iter().any(|r| r.1.is_empty()),
            "no side without tokens"
        );
        assert!(first.extended(m.conn()).unwrap().is_none());
        remove(&mut m, ids[11]);
        ids.remove(12);
        for i in 0..9 {
            let long = if i == 4 { LONG } else { "short" };
            ids.push(add(
                &mut m,
                &format!("second batch {i} {long}"),
                ("ar", "ثانية"),
            ));
        }
        remove(&mut m, ids[13]);
        let second = first.extended(m.conn()).unwrap().expect("units were added");
        assert_eq!((second.upto(), second.units()), (*ids.last().unwrap(), 21));
        holds_exactly(&first, &first_rows, bits);
        let rows = stored_rows(&m);
        holds_exactly(&second, &rows, bits);
        // The deleted unit of the first load is still held (the verifier checks the file).
        assert!(second.get((2 * ids[11]) as u32).is_some());
        assert!(second.get((2 * ids[13]) as u32).is_none());
        let third_id = add(&mut m, QUERY, ("ar", "قال الوزير"));
        let third = second.extended(m.conn()).unwrap().expect("one unit added");
        holds_exactly(&third, &stored_rows(&m), bits);
        assert_eq!(third.upto(), third_id);
        m.use_side_tokens(None);
        let from_file = answer(&m, QUERY, "ar");
        m.use_side_tokens(Some(std::sync::Arc::new(third)));
        assert_eq!(answer(&m, QUERY, "ar"), from_file);
        assert!(from_file.iter().any(|(id, _)| *id == third_id));
    }
}
