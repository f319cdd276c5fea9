//! What the process does to itself at start so that its memory stays its
//! own: no core dump is ever written (memory holds the fair-share key and
//! table, sessions and passphrases in flight), and the process is not
//! dumpable, so other processes of the same user cannot read its memory
//! through `/proc` or attach a debugger.

/// Forbids core dumps and makes the process undumpable. Logs a warning if
/// the system refuses; serving goes on.
pub fn forbid_core_dumps() {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls with valid arguments; they touch no memory
    // of ours but the `rlimit` passed by reference.
    let limited = unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) } == 0;
    // SAFETY: as above; PR_SET_DUMPABLE takes its flag by value.
    let undumpable = unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } == 0;
    if !(limited && undumpable) {
        tracing::warn!("core dumps could not be forbidden");
    }
}
