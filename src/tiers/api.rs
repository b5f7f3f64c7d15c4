//! The tiers methods of `crate::api::call` (JSON in, JSON out).

use super::adjust::{request_limit_adjustment, AdjustmentInput};
use super::check::{check_transaction_with, TransactionCheckInput};
use super::explain::{compare_tiers, explain_tier, list_tiers};
use super::TierRules;
use crate::ctx::Ctx;
use crate::error::Error;
use crate::jsonout::to_json;
use crate::jsonread::string_arg;
use serde_json::Value;

/// The methods `call` answers.
pub const METHODS: &[&str] = &[
    "listTiers",
    "explainTier",
    "compareTiers",
    "checkTransaction",
    "requestLimitAdjustment",
];

/// `compareTiers`' argument: a list of tier ids (`null`: none).
fn tier_ids(input: &Value) -> Result<Vec<String>, Error> {
    match input {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => {
            let mut ids = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let id = item.as_str().ok_or_else(|| {
                    Error::argument("compareTiers: expected a list of tier ids")
                        .at_path(format!("[{i}]"))
                })?;
                ids.push(id.to_string());
            }
            Ok(ids)
        }
        _ => Err(Error::argument("compareTiers: expected a list of tier ids")),
    }
}

/// Dispatch one tiers method; `None` when `method` is not one of them.
/// Inlined into `crate::api::dispatch` (measured: one dispatch function is 1.2 KB gzip smaller).
#[inline(always)]
/// `cal`: the pack's calendar, when this build has one (reply dates roll past rest days).
pub fn call(
    ctx: &Ctx,
    rules: &TierRules,
    cal: Option<&dyn crate::time::WorkingDays>,
    method: &str,
    input: &Value,
) -> Option<Result<String, Error>> {
    Some(match method {
        "listTiers" => to_json(&list_tiers(ctx, rules)),
        "explainTier" => string_arg("explainTier", input)
            .and_then(|id| explain_tier(ctx, rules, &id))
            .and_then(|r| to_json(&r)),
        "compareTiers" => tier_ids(input)
            .and_then(|ids| compare_tiers(ctx, rules, &ids))
            .and_then(|r| to_json(&r)),
        "checkTransaction" => TransactionCheckInput::from_json(input)
            .and_then(|i| check_transaction_with(ctx, rules, cal, &i))
            .and_then(|r| to_json(&r)),
        "requestLimitAdjustment" => AdjustmentInput::from_json(input)
            .and_then(|i| request_limit_adjustment(ctx, rules, cal, &i))
            .and_then(|r| to_json(&r)),
        _ => return None,
    })
}
