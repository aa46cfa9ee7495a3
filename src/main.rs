//! The `tarjama` binary: parses arguments, calls the library, prints, picks the exit code.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
