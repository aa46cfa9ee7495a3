//! Rewrites every compressed unit text of a memory as plain TEXT, in place (not a test; for
//! measuring): a copy of a bench memory unpacked this way has the same index and gives the
//! same answers, so querying both back to back isolates what decoding costs a query.
//!
//! `cargo run --release --example unpack_texts -- COPY.db`

use tarjama::memory::text_codec::Texts;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: unpack_texts MEMORY.db");
    let mut conn = rusqlite::Connection::open(&path).expect("open");
    let tx = conn.transaction().expect("transaction");
    let ids: Vec<i64> = tx
        .prepare(
            "SELECT id FROM units
             WHERE typeof(src_text) = 'blob' OR typeof(tgt_text) = 'blob' ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    {
        let texts = Texts::new(&tx);
        let mut read = tx
            .prepare("SELECT src_text, tgt_text FROM units WHERE id = ?1")
            .unwrap();
        let mut write = tx
            .prepare("UPDATE units SET src_text = ?2, tgt_text = ?3 WHERE id = ?1")
            .unwrap();
        for &id in &ids {
            let (s, t): (String, String) = read
                .query_row([id], |r| Ok((texts.get(r, 0)?, texts.get(r, 1)?)))
                .unwrap();
            write.execute(rusqlite::params![id, s, t]).unwrap();
        }
    }
    tx.commit().unwrap();
    conn.execute_batch("VACUUM").unwrap();
    println!("{}: {} units unpacked", path, ids.len());
}
