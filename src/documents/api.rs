//! The documents methods of `crate::api::call` (JSON in, JSON out).

use super::{parse_mrz, validate, DocumentInput, DocumentRules};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::jsonout::text;
use crate::jsonread::string_arg;
use serde_json::Value;

/// The methods `call` answers.
pub const METHODS: &[&str] = &[
    "validateDocument",
    "parseMrz",
    "parseCount",
    #[cfg(feature = "tiers")]
    "parseAmount",
];

/// Dispatch one documents method; `None` when `method` is not one of them.
/// Inlined into `crate::api::dispatch` (measured: one dispatch function is 1.2 KB gzip smaller).
#[inline(always)]
pub fn call(
    ctx: &Ctx,
    rules: &DocumentRules,
    method: &str,
    input: &Value,
) -> Option<Result<String, Error>> {
    Some(match method {
        "validateDocument" => {
            DocumentInput::from_json(input).map(|i| text(&validate(ctx, rules, &i)))
        }
        "parseMrz" => string_arg("parseMrz", input).map(|t| text(&parse_mrz(ctx, rules, &t))),
        "parseCount" => super::amount::count_input(input)
            .map(|(t, max)| text(&super::amount::parse_count(ctx, &t, max))),
        #[cfg(feature = "tiers")]
        "parseAmount" => {
            super::amount::amount_text(input).map(|t| text(&super::amount::parse_amount(ctx, &t)))
        }
        _ => return None,
    })
}
