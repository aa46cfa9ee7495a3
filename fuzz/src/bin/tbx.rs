//! afl target: `cargo afl fuzz -i corpus/tbx -o out/tbx target/debug/tbx` (see fuzz/README.md).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tarjama_fuzz::tbx(data);
    });
}
