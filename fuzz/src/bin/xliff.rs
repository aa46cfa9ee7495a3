//! afl target: `cargo afl fuzz -i corpus/xliff -o out/xliff target/debug/xliff` (see fuzz/README.md).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tarjama_fuzz::xliff(data);
    });
}
