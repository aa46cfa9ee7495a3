//! The `tarjama` binary: parses arguments, calls the library, prints, picks the exit code.

mod cli;
mod huge_pages;

/// Imports allocate and free many small buffers across the reading and storing threads, where
/// glibc's allocator spends a quarter of the time; mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
