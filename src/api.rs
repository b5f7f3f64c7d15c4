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

/// A result as JSON text, straight from its `Serialize` impl (object keys in declaration order).
/// No intermediate `serde_json::Value`: one serializer per result type in the package.
pub(crate) fn to_json<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v)
        .map_err(|_| Error::new("internal.serialize", "result could not be serialized"))
}

/// The method names `call` knows, in the order the README lists them.
pub const METHODS: &[&str] = &[
    "info",
    "messages",
    "validateDocument",
    "parseMrz",
    "parseCount",
    "inputLimits",
    #[cfg(feature = "questionnaire")]
    "listQuestionnaires",
    #[cfg(feature = "questionnaire")]
    "lintQuestionnaire",
    #[cfg(feature = "questionnaire")]
    "runQuestionnaire",
    #[cfg(feature = "questionnaire")]
    "questionnaireStart",
    #[cfg(feature = "questionnaire")]
    "questionnaireStep",
    #[cfg(feature = "questionnaire")]
    "questionnaireView",
    #[cfg(feature = "questionnaire")]
    "verifyQuestionnaireRecord",
    #[cfg(feature = "questionnaire")]
    "renderScript",
    #[cfg(feature = "questionnaire")]
    "renderSms",
    #[cfg(feature = "calendar")]
    "isWorkingDay",
    #[cfg(feature = "calendar")]
    "addWorkingDays",
    #[cfg(feature = "calendar")]
    "workingDaysBetween",
    #[cfg(feature = "calendar")]
    "callbackPlan",
    #[cfg(feature = "qr")]
    "qrCode",
    #[cfg(feature = "contact")]
    "prepareContactUpdate",
    #[cfg(feature = "contact")]
    "saveContactDraft",
    #[cfg(feature = "contact")]
    "resumeContactDraft",
    #[cfg(feature = "contact")]
    "contactOptions",
    #[cfg(feature = "precheck")]
    "precheck",
    #[cfg(feature = "precheck")]
    "precheckForm",
    #[cfg(feature = "precheck")]
    "readTicket",
    #[cfg(feature = "tiers")]
    "listTiers",
    #[cfg(feature = "tiers")]
    "explainTier",
    #[cfg(feature = "tiers")]
    "compareTiers",
    #[cfg(feature = "tiers")]
    "checkTransaction",
    #[cfg(feature = "tiers")]
    "requestLimitAdjustment",
    #[cfg(feature = "tiers")]
    "parseAmount",
];

/// True when this build has `method` (capabilities left out of a lean build have no methods).
pub fn method_known(method: &str) -> bool {
    METHODS.contains(&method)
}

/// An argument that is one string.
fn string_arg(method: &str, input: &Value) -> Result<String, Error> {
    input
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::argument(format!("{method}: expected a string")))
}

fn unknown_method() -> Error {
    Error::argument("unknown method").at_path("method")
}

/// True when `v` written as JSON would take more than `limit` bytes (an upper estimate that stops
/// as soon as the limit is passed, so a huge argument costs no more than the limit to refuse).
pub fn exceeds(v: &Value, limit: usize) -> bool {
    fn walk(v: &Value, budget: &mut isize) -> bool {
        *budget -= 8;
        match v {
            Value::String(s) => *budget -= s.len() as isize * 2 + 2,
            Value::Array(a) => {
                for x in a {
                    if walk(x, budget) {
                        return true;
                    }
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    *budget -= k.len() as isize + 4;
                    if walk(x, budget) {
                        return true;
                    }
                }
            }
            _ => {}
        }
        *budget < 0
    }
    let mut budget = limit as isize;
    walk(v, &mut budget)
}

/// Dispatch `method` with `input` (the JSON the JS method takes as its argument). Arguments larger
/// than `MAX_ARGUMENT_BYTES` are refused before any work, natively as in WASM. The answer as a
/// `serde_json::Value` (see `call_json` for the exact text the WASM package returns).
pub fn call(desk: &FrontDesk, method: &str, input: &Value) -> Result<Value, Error> {
    let text = call_json(desk, method, input)?;
    serde_json::from_str(&text)
        .map_err(|_| Error::new("internal.serialize", "result could not be serialized"))
}

/// `call`, with the answer as JSON text: exactly the text the WASM package hands to `JSON.parse`
/// (object keys in the order the result types declare them).
pub fn call_json(desk: &FrontDesk, method: &str, input: &Value) -> Result<String, Error> {
    if exceeds(input, MAX_ARGUMENT_BYTES) {
        return Err(Error::new(
            "argument.too_large",
            format!("argument is larger than {MAX_ARGUMENT_BYTES} bytes of JSON"),
        ));
    }
    match method {
        "info" => to_json(&desk.info()),
        "messages" => {
            let prefix = string_arg("messages", input)?;
            to_json(&desk.messages(&prefix))
        }
        "validateDocument" => {
            let input = crate::documents::DocumentInput::from_json(input)?;
            to_json(&desk.validate_document(&input))
        }
        "parseMrz" => {
            let text = string_arg("parseMrz", input)?;
            to_json(&crate::documents::parse_mrz(desk, &text))
        }
        "parseCount" => {
            let (text, max) = crate::amount::count_input(input)?;
            to_json(&crate::amount::parse_count(desk, &text, max))
        }
        "inputLimits" => to_json(&crate::limits::input_limits(desk)),
        #[cfg(feature = "tiers")]
        "parseAmount" => to_json(&crate::amount::parse_amount(
            desk,
            &crate::amount::amount_text(input)?,
        )),
        #[cfg(feature = "precheck")]
        "precheck" => to_json(&crate::precheck::precheck_value(desk, input)?),
        #[cfg(feature = "precheck")]
        "precheckForm" => to_json(&crate::precheck::form(desk)),
        #[cfg(feature = "precheck")]
        "readTicket" => {
            let code = input
                .as_str()
                .ok_or_else(|| Error::argument("readTicket: invalid type, expected a string"))?;
            to_json(&crate::precheck::ticket::read(desk, code))
        }
        #[cfg(feature = "calendar")]
        "isWorkingDay" => {
            let date = crate::calendar::parse_date_input(input)?;
            to_json(&desk.is_working_day(&date)?)
        }
        #[cfg(feature = "calendar")]
        "addWorkingDays" => {
            let input = crate::calendar::parse_add_input(input)?;
            to_json(&desk.add_working_days(&input)?)
        }
        #[cfg(feature = "calendar")]
        "workingDaysBetween" => {
            let input = crate::calendar::parse_between_input(input)?;
            to_json(&desk.working_days_between(&input)?)
        }
        #[cfg(feature = "calendar")]
        "callbackPlan" => {
            let input = crate::calendar::plan::parse_input(input)?;
            to_json(&desk.callback_plan(&input)?)
        }
        #[cfg(feature = "qr")]
        "qrCode" => {
            let input = crate::qr::parse_input(input)?;
            to_json(&crate::qr::qr_code(&input)?)
        }
        #[cfg(feature = "contact")]
        "prepareContactUpdate" => to_json(&crate::contact::prepare(
            desk,
            &crate::contact::decode_input(input)?,
        )?),
        #[cfg(feature = "contact")]
        "saveContactDraft" => to_json(&crate::contact::draft::save(
            desk,
            &crate::contact::decode_input(input)?,
        )?),
        #[cfg(feature = "contact")]
        "resumeContactDraft" => {
            let saved = string_arg("resumeContactDraft", input)?;
            to_json(&crate::contact::draft::resume(desk, &saved)?)
        }
        #[cfg(feature = "contact")]
        "contactOptions" => to_json(&crate::contact::options(desk)),
        #[cfg(feature = "tiers")]
        "listTiers" => to_json(&crate::tiers::explain::list_tiers(desk)),
        #[cfg(feature = "tiers")]
        "explainTier" => {
            let id = string_arg("explainTier", input)?;
            to_json(&crate::tiers::explain::explain_tier(desk, &id)?)
        }
        #[cfg(feature = "tiers")]
        "compareTiers" => {
            let ids: Vec<String> = match input {
                Value::Null => Vec::new(),
                Value::Array(items) => {
                    let mut ids = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let id = item.as_str().ok_or_else(|| {
                            Error::argument("compareTiers: expected a list of tier ids")
                                .at_path(format!("[{i}]"))
                        })?;
                        ids.push(id.to_string());
                    }
                    ids
                }
                _ => return Err(Error::argument("compareTiers: expected a list of tier ids")),
            };
            to_json(&crate::tiers::explain::compare_tiers(desk, &ids)?)
        }
        #[cfg(feature = "tiers")]
        "checkTransaction" => {
            let input = crate::tiers::check::TransactionCheckInput::from_json(input)?;
            to_json(&crate::tiers::check::check_transaction(desk, &input)?)
        }
        #[cfg(feature = "tiers")]
        "requestLimitAdjustment" => {
            let input = crate::tiers::adjust::AdjustmentInput::from_json(input)?;
            to_json(&crate::tiers::adjust::request_limit_adjustment(
                desk, &input,
            )?)
        }
        _ => {
            #[cfg(feature = "questionnaire")]
            if let Some(out) = crate::questionnaire::api::call(desk, method, input) {
                return out;
            }
            Err(unknown_method())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_arguments_are_refused_natively() {
        let desk =
            FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", crate::Locale::En).unwrap();
        let big = serde_json::json!({ "kind": "cn_resident_id", "number": "x".repeat(MAX_ARGUMENT_BYTES) });
        assert_eq!(
            call(&desk, "validateDocument", &big).unwrap_err().code,
            "argument.too_large"
        );
        let many = Value::Array(vec![Value::Null; MAX_ARGUMENT_BYTES]);
        assert!(exceeds(&many, MAX_ARGUMENT_BYTES));
        assert!(!exceeds(&serde_json::json!({ "a": [1, 2, "three"] }), 100));
        assert_eq!(
            call(&desk, "noSuchMethod", &Value::Null).unwrap_err().code,
            "argument.invalid"
        );
    }
}
