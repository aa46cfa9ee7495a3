//! afl target: `cargo afl fuzz -i corpus/normalize -o out/normalize target/debug/normalize` (see fuzz/README.md).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tarjama_fuzz::normalize(data);
    });
}
