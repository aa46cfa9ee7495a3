//! `say!`: the examples' `println!`, stopping quietly when stdout is closed (`| head`).

macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}
