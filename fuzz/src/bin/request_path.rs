//! afl target: `cargo afl fuzz -i corpus/request_path -o out/request_path target/debug/request_path` (see fuzz/README.md).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        tarjama_fuzz::request_path(data);
    });
}
