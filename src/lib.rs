//! # frontdesk
//!
//! A Chinese bank's front desk in the customer's hand: pre-checks of account-opening materials,
//! account tiers and limits, callback questionnaires and contact-detail updates. A pure Rust core
//! (this crate) that runs natively on a bank's server and, through the thin `bindings` module, as
//! WebAssembly in a browser, web view or kiosk. Rules are data (the rule pack in `pkg-config/`),
//! the host passes "now", money is integer fen, every check returns findings, and personal data is
//! masked in anything shown.

// Modules by layer; a module imports only from its own layer and those below (the table and its
// test: docs/design.md, tests/layering.rs).

// Base: no capability, no composition.
pub mod ctx;
pub mod digest;
pub mod error;
pub mod finding;
#[cfg(any(target_arch = "wasm32", test))]
pub mod heap;
pub mod i18n;
pub mod jsonout;
pub mod jsonread;
pub mod loader;
pub mod mask;
pub mod money;
pub mod time;
pub mod vocabulary;

// Capabilities: each owns its rules and its JSON dispatch (`<capability>/api.rs`).
#[cfg(feature = "calendar")]
pub mod calendar;
#[cfg(feature = "callbacks")]
pub mod callbacks;
#[cfg(feature = "contact")]
pub mod contact;
pub mod documents;
#[cfg(feature = "lifecycle")]
pub mod lifecycle;
#[cfg(feature = "precheck")]
pub mod precheck;
#[cfg(feature = "qr")]
pub mod qr;
#[cfg(feature = "questionnaire")]
pub mod questionnaire;
#[cfg(feature = "service")]
pub mod service;
#[cfg(feature = "tiers")]
pub mod tiers;

// Composition: the rule pack, the desk, the JSON API.
pub mod api;
pub mod desk;
pub mod limits;
pub mod rulepack;

#[cfg(target_arch = "wasm32")]
pub mod bindings;

/// The WASM module's allocator (see `heap`): ~4 KB gzip smaller than the standard dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new();

pub use desk::{DeskOptions, FrontDesk};
pub use error::Error;
pub use finding::{Finding, Severity};
pub use i18n::Locale;
pub use rulepack::RulePack;
