//! One integration test binary; each module a concern.

mod api;
mod cli;
mod eval;
mod export;
mod properties;
mod seeds;
mod segment;
