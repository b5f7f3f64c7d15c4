//! The service methods of `crate::api::call` (JSON in, JSON out).

use super::{guide, parse_guide_input, ServiceRules};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::jsonout::to_json;
use serde_json::Value;

/// The methods `call` answers.
pub const METHODS: &[&str] = &["serviceGuide"];

/// Dispatch one service method; `None` when `method` is not one of them.
#[inline(always)]
pub fn call(
    ctx: &Ctx,
    rules: &ServiceRules,
    method: &str,
    input: &Value,
) -> Option<Result<String, Error>> {
    Some(match method {
        "serviceGuide" => parse_guide_input(input)
            .and_then(|i| guide(ctx, rules, &i))
            .and_then(|r| to_json(&r)),
        _ => return None,
    })
}
