//! Developer diagnostics through the `log` facade: phases of an alignment and
//! what the search did, at `debug` level under the target `zhen_align`. The
//! library prints nothing itself; a program that wants them installs a logger
//! (the `align` example's `--timings` prints each with its time).

/// Whether diagnostics are wanted (a logger takes `debug` records).
pub(crate) fn enabled() -> bool {
    log::log_enabled!(log::Level::Debug)
}

/// Marks the end of a phase of the alignment.
pub(crate) fn phase(what: &str) {
    log::debug!("{what}");
}
