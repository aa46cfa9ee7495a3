//! afl target: `cargo afl fuzz -i corpus/csv -o out/csv target/debug/csv` (see fuzz/README.md).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tarjama_fuzz::csv(data);
    });
}
