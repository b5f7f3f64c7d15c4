//! The callback methods of `crate::api::call` (JSON in, JSON out).

use super::{plan, CallbackRules};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::jsonout::to_json;
use crate::time::WorkingDays;
use serde_json::Value;

/// The methods `call` answers.
pub const METHODS: &[&str] = &["callbackPlan"];

/// Dispatch one callback method; `None` when `method` is not one of them. `cal` is the pack's
/// working-day calendar (the api layer passes it).
#[inline(always)]
pub fn call(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    method: &str,
    input: &Value,
) -> Option<Result<String, Error>> {
    Some(match method {
        "callbackPlan" => plan::parse_input(input)
            .and_then(|i| plan::callback_plan(ctx, rules, cal, &i))
            .and_then(|r| to_json(&r)),
        _ => return None,
    })
}
