//! Threads that read ahead: work a later stage needs, done beside the stage that runs now.

/// Lowers the priority of the calling thread, so that it takes a core only when the build's
/// own stage leaves one idle.
///
/// An edit build at 10,000 pages starts with the content folder's stamps and the read cache,
/// which the next stage waits for, while the build manifest and the Markdown index are read
/// on threads of their own for later stages: four threads on two cores, each slowed by the
/// others. Read at a lower priority, the two caches take the core that is idle later, while
/// one thread places the pages.
pub fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
    // A new thread may have taken the core of the thread that started it; at its new
    // priority it gives it back now rather than at the scheduler's next tick (4 ms at 250 Hz).
    std::thread::yield_now();
}
