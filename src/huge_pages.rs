//! Transparent huge pages, per process (the binary's concern, not the library's).
//! mimalloc asks for them on its heap: a long run (import, server) gains from them, but a
//! process that makes one lookup and exits uses a few MB, and each huge page it touches is
//! 2 MiB to zero first — the first one before `main`.
//! So they start off (a constructor, run before the runtime's first allocation) and
//! [`allow`] turns them back on once the command is known to be a long one.

#[cfg(target_os = "linux")]
mod imp {
    use std::ffi::c_int;

    extern "C" {
        fn prctl(option: c_int, ...) -> c_int;
    }

    /// `PR_SET_THP_DISABLE` from <linux/prctl.h>.
    const PR_SET_THP_DISABLE: c_int = 41;

    pub fn set_disabled(disabled: bool) {
        // SAFETY: prctl with PR_SET_THP_DISABLE reads its integer arguments only; an
        // error (an old kernel) leaves the setting as it was, which is only slower.
        unsafe {
            prctl(PR_SET_THP_DISABLE, c_int::from(disabled), 0, 0, 0);
        }
    }

    extern "C" fn disable_at_start() {
        set_disabled(true);
    }

    #[used]
    #[link_section = ".init_array"]
    static DISABLE_AT_START: extern "C" fn() = disable_at_start;
}

/// Lets the allocator's huge pages back in (commands that run long).
pub fn allow() {
    #[cfg(target_os = "linux")]
    imp::set_disabled(false);
}
