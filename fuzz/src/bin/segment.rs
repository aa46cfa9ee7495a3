//! afl target: `cargo afl fuzz -i corpus/segment -o out/segment target/debug/segment` (see fuzz/README.md).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tarjama_fuzz::segment(data);
    });
}
