//! The `anchang` binary: parses the command line and hands it to [`anchang::cli`].

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    keep_large_allocations_out_of_the_heap();
    actix_web::rt::System::new().block_on(anchang::cli::run(anchang::cli::Cli::parse()))
}

/// glibc serves a large allocation from its own mapping, returned to the system when freed,
/// but raises that threshold to the size of each such block freed: after one password hash
/// (Argon2id, 19 MiB) the next ones come from a thread's arena, which keeps the memory, and
/// sign-ins run on one blocking thread after another, each with its own arena. The server
/// sat at ~145 MB after 200 sign-ins; with the threshold fixed at 1 MiB it stays under 50 MB
/// at the same speed (limiting the arenas to two instead cost ~8 % of the lead page's
/// throughput; the benchmark section of the README).
fn keep_large_allocations_out_of_the_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other
    // thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
