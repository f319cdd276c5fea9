//! How the C allocator gives memory back. Photos pass through as buffers of
//! tens of megabytes on many threads (workers, the blocking pool). By
//! default glibc keeps an arena per thread and raises its threshold for
//! `mmap` each time a large block is freed, so after a burst of uploads
//! those blocks live on in the arenas and the server's resident memory
//! stays at the burst's high-water mark, far above what it holds. Here
//! large blocks always get their own mapping, returned to the system when
//! freed, and the arenas are few.

/// Blocks from this size up are mapped on their own and unmapped when
/// freed. A fixed value also stops glibc raising it on its own.
const MAP_FROM: libc::c_int = 256 * 1024;
/// Arenas for all threads: enough that the workers rarely wait on one.
const ARENAS: libc::c_int = 4;

/// Sets both; call it first thing, before any thread starts. Logs a
/// warning if the allocator refuses (another C library); serving goes on.
pub fn give_large_blocks_back() {
    // SAFETY: mallopt takes two integers and changes only the allocator's
    // own settings; no thread is allocating yet.
    let mapped = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MAP_FROM) } == 1;
    // SAFETY: as above.
    let arenas = unsafe { libc::mallopt(libc::M_ARENA_MAX, ARENAS) } == 1;
    if !(mapped && arenas) {
        tracing::warn!("the allocator's settings could not be changed");
    }
}
