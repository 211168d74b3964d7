//! The `anchang` binary: parses the command line and hands it to [`anchang::cli`].

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    limit_malloc_arenas();
    actix_web::rt::System::new().block_on(anchang::cli::run(anchang::cli::Cli::parse()))
}

/// glibc gives each thread that allocates its own arena, up to eight per core, and an
/// arena keeps what it once held: a password hash (19 MiB for Argon2id) run on one blocking
/// thread after another leaves a copy in each, and the server sat at ~145 MB where two
/// arenas keep it under 80 MB at the same speed (the benchmark section of the README).
/// Per-thread caches still serve the small allocations of a request without a lock.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other
    // thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
