//! Call any capability by its JS method name with JSON in and JSON out. This is how a bank's server
//! re-checks what a client submitted (`frontdesk::api::call(&desk, "validateDocument", &input)`),
//! and how the shared fixtures in `tests/fixtures/` drive the native layer.

use crate::desk::FrontDesk;
use crate::error::Error;
use serde::Serialize;
use serde_json::Value;

/// Largest JSON argument accepted by `call`, in bytes when serialized (inputs are bounded before
/// any work is done).
pub const MAX_ARGUMENT_BYTES: usize = 256 * 1024;

fn to_json<T: Serialize>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|_| Error::new("internal.serialize", "result could not be serialized"))
}

/// The method names `call` knows, in the order the README lists them.
pub const METHODS: &[&str] = &[
    "info",
    "messages",
    "validateDocument",
    "listTiers",
    "explainTier",
    "compareTiers",
    "checkTransaction",
    "requestLimitAdjustment",
];

/// Dispatch `method` with `input` (the JSON the JS method takes as its argument).
pub fn call(desk: &FrontDesk, method: &str, input: &Value) -> Result<Value, Error> {
    match method {
        "info" => to_json(&desk.info()),
        "messages" => {
            let prefix: String = Error::decode_argument("messages", input)?;
            to_json(&desk.messages(&prefix))
        }
        "validateDocument" => {
            let input = Error::decode_argument("validateDocument", input)?;
            to_json(&desk.validate_document(&input))
        }
        "listTiers" => to_json(&crate::tiers::explain::list_tiers(desk)),
        "explainTier" => {
            let id: String = Error::decode_argument("explainTier", input)?;
            to_json(&crate::tiers::explain::explain_tier(desk, &id)?)
        }
        "compareTiers" => {
            let ids: Vec<String> = if input.is_null() { Vec::new() } else { Error::decode_argument("compareTiers", input)? };
            to_json(&crate::tiers::explain::compare_tiers(desk, &ids)?)
        }
        "checkTransaction" => {
            let input = Error::decode_argument("checkTransaction", input)?;
            to_json(&crate::tiers::check::check_transaction(desk, &input)?)
        }
        "requestLimitAdjustment" => {
            let input = Error::decode_argument("requestLimitAdjustment", input)?;
            to_json(&crate::tiers::adjust::request_limit_adjustment(desk, &input)?)
        }
        _ => Err(Error::argument("unknown method").at_path("method")),
    }
}
