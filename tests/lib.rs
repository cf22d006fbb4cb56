//! The integration tests, one binary with a module per area.

mod segment;
