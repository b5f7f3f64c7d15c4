//! See `native.rs` and `js/`; this crate only hosts benchmarks.
