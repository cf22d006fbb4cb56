//! One integration test binary; each module a concern.

mod api;
mod batch;
mod cli;
mod eval;
mod export;
mod properties;
mod robustness;
mod seeds;
mod segment;
