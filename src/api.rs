//! Call any capability by its JS method name with JSON in and JSON out. This is how a bank's server
//! re-checks what a client submitted (`frontdesk::api::call(&desk, "validateDocument", &input)`),
//! and how the shared fixtures in `tests/fixtures/` drive the native layer.

use crate::desk::FrontDesk;
use crate::error::Error;
use crate::jsonread::{string_arg, to_json};
use serde_json::Value;

pub use crate::jsonread::{exceeds, MAX_ARGUMENT_BYTES};

/// The method names `call` knows, in the order the README lists them.
pub const METHODS: &[&str] = &[
    "info",
    "messages",
    "validateDocument",
    "parseMrz",
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
];

/// True when this build has `method` (capabilities left out of a lean build have no methods).
pub fn method_known(method: &str) -> bool {
    METHODS.contains(&method)
}

fn unknown_method() -> Error {
    Error::argument("unknown method").at_path("method")
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
        _ => {
            let ctx = desk.ctx();
            let pack = desk.pack();
            if let Some(out) = crate::documents::api::call(&ctx, &pack.documents, method, input) {
                return out;
            }
            #[cfg(feature = "calendar")]
            if let Some(out) = crate::calendar::api::call(&ctx, &pack.calendar, method, input) {
                return out;
            }
            #[cfg(feature = "tiers")]
            if let Some(out) = crate::tiers::api::call(&ctx, &pack.tiers, method, input) {
                return out;
            }
            #[cfg(feature = "qr")]
            if let Some(out) = crate::qr::api::call(method, input) {
                return out;
            }
            #[cfg(feature = "precheck")]
            if let Some(out) =
                crate::precheck::api::call(&ctx, &pack.precheck, &pack.documents, method, input)
            {
                return out;
            }
            #[cfg(feature = "contact")]
            if let Some(out) =
                crate::contact::api::call(&ctx, &pack.contact, &pack.documents, method, input)
            {
                return out;
            }
            #[cfg(feature = "questionnaire")]
            if let Some(out) = crate::questionnaire::api::call(
                &ctx,
                &pack.questionnaires,
                &pack.documents,
                method,
                input,
            ) {
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
        assert_eq!(
            call(&desk, "noSuchMethod", &Value::Null).unwrap_err().code,
            "argument.invalid"
        );
    }
}
