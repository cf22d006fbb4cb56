//! Fuzz target `decode`: the input as `tests/support/fuzz_checks.rs` reads it
//! for this target, checked against every invariant there.
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
#[allow(dead_code)]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::run("decode", data));
