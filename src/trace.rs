//! Developer tracing: with `ZHEN_DEBUG` set, phases print their time since
//! the first trace point to standard error.

use std::sync::OnceLock;
use std::time::Instant;

fn state() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("ZHEN_DEBUG").map(|_| Instant::now()))
}

/// Whether tracing is on (`ZHEN_DEBUG` set).
pub(crate) fn enabled() -> bool {
    state().is_some()
}

/// Prints `what` with the milliseconds since the first trace point.
pub(crate) fn phase(what: &str) {
    if let Some(t0) = state() {
        eprintln!("[{:7.1} ms] {what}", t0.elapsed().as_secs_f64() * 1e3);
    }
}
