//! # frontdesk
//!
//! A Chinese bank's front desk in the customer's hand: pre-checks of account-opening materials,
//! account tiers and limits, callback questionnaires and contact-detail updates. A pure Rust core
//! (this crate) that runs natively on a bank's server and, through the thin `bindings` module, as
//! WebAssembly in a browser, web view or kiosk. Rules are data (the rule pack in `pkg-config/`),
//! the host passes "now", money is integer fen, every check returns findings, and personal data is
//! masked in anything shown.

pub mod amount;
pub mod api;
#[cfg(feature = "calendar")]
pub mod calendar;
#[cfg(feature = "contact")]
pub mod contact;
pub mod desk;
pub mod digest;
pub mod documents;
pub mod error;
pub mod finding;
pub mod i18n;
pub mod jsonread;
pub mod limits;
pub mod mask;
#[cfg(feature = "precheck")]
pub mod precheck;
#[cfg(feature = "qr")]
pub mod qr;
#[cfg(feature = "questionnaire")]
pub mod questionnaire;
pub mod rulepack;
#[cfg(feature = "tiers")]
pub mod tiers;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod bindings;

pub use desk::{DeskOptions, FrontDesk};
pub use error::Error;
pub use finding::{Finding, Severity};
pub use i18n::Locale;
pub use rulepack::RulePack;
