//! The QR method of `crate::api::call` (JSON in, JSON out). QR codes read no rules and no
//! context: the encoder is pure.

use super::{parse_input, qr_code};
use crate::error::Error;
use crate::jsonout::to_json;
use serde_json::Value;

/// The methods `call` answers.
pub const METHODS: &[&str] = &["qrCode"];

/// Dispatch the QR method; `None` when `method` is not it.
/// Inlined into `crate::api::dispatch` (measured: one dispatch function is 1.2 KB gzip smaller).
#[inline(always)]
pub fn call(method: &str, input: &Value) -> Option<Result<String, Error>> {
    Some(match method {
        "qrCode" => parse_input(input)
            .and_then(|i| qr_code(&i))
            .and_then(|r| to_json(&r)),
        _ => return None,
    })
}
