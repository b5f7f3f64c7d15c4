//! The lifecycle methods of `crate::api::call` (JSON in, JSON out).

use super::{
    eligibility, explain_level, parse_level_input, parse_whitelist_input, LifecycleRules, World,
};
use super::{parse_dormant_input, wake_up};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::jsonout::to_json;
use serde_json::Value;

/// The methods `call` answers.
pub const METHODS: &[&str] = &[
    "whitelistEligibility",
    "explainAccountLevel",
    "dormantWakeUp",
];

/// Dispatch one lifecycle method; `None` when `method` is not one of them.
#[inline(always)]
pub fn call(
    ctx: &Ctx,
    rules: &LifecycleRules,
    world: &dyn World,
    method: &str,
    input: &Value,
) -> Option<Result<String, Error>> {
    Some(match method {
        "whitelistEligibility" => parse_whitelist_input(input)
            .and_then(|i| eligibility(ctx, &rules.whitelist, world, &i))
            .and_then(|r| to_json(&r)),
        "explainAccountLevel" => parse_level_input(input)
            .and_then(|i| explain_level(ctx, &rules.levels, world, &i))
            .and_then(|r| to_json(&r)),
        "dormantWakeUp" => parse_dormant_input(input)
            .and_then(|i| wake_up(ctx, &rules.dormant, world, &i))
            .and_then(|r| to_json(&r)),
        _ => return None,
    })
}
