//! afl target: `cargo afl fuzz -i corpus/tmx -o out/tmx target/debug/tmx` (see fuzz/README.md).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tarjama_fuzz::tmx(data);
    });
}
