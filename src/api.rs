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
    "parseMrz",
    "listQuestionnaires",
    "lintQuestionnaire",
    "runQuestionnaire",
    "questionnaireStart",
    "questionnaireStep",
    "questionnaireView",
    "verifyQuestionnaireRecord",
    "renderScript",
    "renderSms",
    "isWorkingDay",
    "addWorkingDays",
    "workingDaysBetween",
    "callbackPlan",
    "qrCode",
    "prepareContactUpdate",
    "saveContactDraft",
    "resumeContactDraft",
    "contactOptions",
    "precheck",
    "precheckForm",
    "readTicket",
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
        "parseMrz" => {
            let text: String = Error::decode_argument("parseMrz", input)?;
            to_json(&crate::documents::parse_mrz(desk, &text))
        }
        "precheck" => to_json(&crate::precheck::precheck_value(desk, input)?),
        "precheckForm" => to_json(&crate::precheck::form(desk)),
        "readTicket" => {
            let code = input.as_str().ok_or_else(|| Error::argument("readTicket: invalid type, expected a string"))?;
            to_json(&crate::precheck::ticket::read(desk, code))
        }
        "isWorkingDay" => {
            let date = crate::calendar::parse_date_input(input)?;
            to_json(&desk.is_working_day(&date)?)
        }
        "addWorkingDays" => {
            let input = crate::calendar::parse_add_input(input)?;
            to_json(&desk.add_working_days(&input)?)
        }
        "workingDaysBetween" => {
            let input = crate::calendar::parse_between_input(input)?;
            to_json(&desk.working_days_between(&input)?)
        }
        "callbackPlan" => {
            let input = crate::calendar::plan::parse_input(input)?;
            to_json(&desk.callback_plan(&input)?)
        }
        "qrCode" => {
            let input = crate::qr::parse_input(input)?;
            to_json(&crate::qr::qr_code(&input)?)
        }
        "prepareContactUpdate" => {
            to_json(&crate::contact::prepare(desk, &crate::contact::decode_input(input)?)?)
        }
        "saveContactDraft" => {
            to_json(&crate::contact::draft::save(desk, &crate::contact::decode_input(input)?)?)
        }
        "resumeContactDraft" => {
            let saved: String = Error::decode_argument("resumeContactDraft", input)?;
            to_json(&crate::contact::draft::resume(desk, &saved)?)
        }
        "contactOptions" => to_json(&crate::contact::options(desk)),
        _ => match crate::questionnaire::api::call(desk, method, input) {
            Some(out) => out,
            None => Err(Error::argument("unknown method").at_path("method")),
        },
    }
}
