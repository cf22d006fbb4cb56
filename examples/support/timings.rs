//! `--timings`: a logger for the library's `debug` diagnostics (phases of an
//! alignment, what the search did), each printed on standard error with the
//! milliseconds since the logger was installed.

use std::time::Instant;

struct Timings {
    start: Instant,
}

impl log::Log for Timings {
    fn enabled(&self, meta: &log::Metadata<'_>) -> bool {
        meta.target().starts_with("zhen_align")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let ms = self.start.elapsed().as_secs_f64() * 1e3;
            eprintln!("[{ms:8.1} ms] {}", record.args());
        }
    }

    fn flush(&self) {}
}

/// Installs the logger (once; later calls do nothing).
pub fn install() {
    static LOGGER: std::sync::OnceLock<Timings> = std::sync::OnceLock::new();
    let logger = LOGGER.get_or_init(|| Timings {
        start: Instant::now(),
    });
    if log::set_logger(logger).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
}
