//! The contact methods of `crate::api::call` (JSON in, JSON out).

use super::{decode_input, draft, options, prepare, ContactRules};
use crate::ctx::Ctx;
use crate::documents::DocumentRules;
use crate::error::Error;
use crate::jsonout::to_json;
use crate::jsonread::string_arg;
use serde_json::Value;

/// The methods `call` answers.
pub const METHODS: &[&str] = &[
    "prepareContactUpdate",
    "saveContactDraft",
    "resumeContactDraft",
    "contactOptions",
];

/// Dispatch one contact method; `None` when `method` is not one of them. The documents rules
/// check the numbers and the ID document of an update.
/// Inlined into `crate::api::dispatch` (measured: one dispatch function is 1.2 KB gzip smaller).
#[inline(always)]
pub fn call(
    ctx: &Ctx,
    rules: &ContactRules,
    docs: &DocumentRules,
    method: &str,
    input: &Value,
) -> Option<Result<String, Error>> {
    Some(match method {
        "prepareContactUpdate" => decode_input(input)
            .and_then(|i| prepare(ctx, rules, docs, &i))
            .and_then(|r| to_json(&r)),
        "saveContactDraft" => decode_input(input)
            .and_then(|i| draft::save(ctx, &i))
            .and_then(|r| to_json(&r)),
        "resumeContactDraft" => string_arg("resumeContactDraft", input)
            .and_then(|saved| draft::resume(ctx, &saved))
            .and_then(|r| to_json(&r)),
        "contactOptions" => to_json(&options(ctx, rules)),
        _ => return None,
    })
}
