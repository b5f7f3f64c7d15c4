//! Call any capability by its JS method name with JSON in and JSON out. This is how a bank's server
//! re-checks what a client submitted (`frontdesk::api::call(&desk, "validateDocument", &input)`),
//! and how the shared fixtures in `tests/fixtures/` drive the native layer.

use crate::desk::FrontDesk;
use crate::error::Error;
use crate::jsonout::to_json;
use crate::jsonread::string_arg;
use serde_json::Value;

pub use crate::jsonread::{exceeds, MAX_ARGUMENT_BYTES};

#[cfg(all(feature = "precheck", feature = "service"))]
mod errands;
#[cfg(all(feature = "callbacks", feature = "questionnaire"))]
mod sms;
#[cfg(feature = "lifecycle")]
mod world;

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
    #[cfg(feature = "questionnaire")]
    "satisfactionSummary",
    #[cfg(feature = "calendar")]
    "isWorkingDay",
    #[cfg(feature = "calendar")]
    "addWorkingDays",
    #[cfg(feature = "calendar")]
    "workingDaysBetween",
    #[cfg(feature = "callbacks")]
    "callbackPlan",
    #[cfg(all(feature = "callbacks", feature = "questionnaire"))]
    "callbackCase",
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
    #[cfg(feature = "service")]
    "serviceGuide",
    #[cfg(feature = "lifecycle")]
    "whitelistEligibility",
    #[cfg(feature = "lifecycle")]
    "explainAccountLevel",
    #[cfg(feature = "lifecycle")]
    "dormantWakeUp",
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
    dispatch(desk, method, input).unwrap_or_else(|| Err(unknown_method()))
}

/// The first dispatcher that knows `method`: the desk's own (`info`, `messages`, `inputLimits`), then each
/// capability's `api::call` with the context and the rules it reads. The capabilities' dispatchers
/// are `#[inline(always)]` into this one function: as seven separate functions the same code
/// compressed 1.2 KB gzip worse in the full package.
fn dispatch(desk: &FrontDesk, method: &str, input: &Value) -> Option<Result<String, Error>> {
    let (ctx, pack) = (desk.ctx(), desk.pack());
    let out = match method {
        "info" => return Some(to_json(&desk.info())),
        "messages" => {
            return Some(string_arg("messages", input).and_then(|p| to_json(&desk.messages(&p))))
        }
        "inputLimits" => return Some(to_json(&crate::limits::input_limits(desk))),
        // The questionnaire's text and the callbacks' sending advice (issue 16 §1.5).
        #[cfg(all(feature = "callbacks", feature = "questionnaire"))]
        "renderSms" => {
            let (q, d, c) = (pack.questionnaires(), pack.documents(), pack.callbacks());
            return Some(sms::render_sms(&ctx, q, d, c, input));
        }
        // The case verifies questionnaire records with the questionnaire's checksum.
        #[cfg(all(feature = "callbacks", feature = "questionnaire"))]
        "callbackCase" => {
            let (c, cal) = (pack.callbacks(), pack.calendar());
            let out = crate::callbacks::case::callback_case(&ctx, c, cal, &sms::Records, input);
            return Some(out.and_then(|r| to_json(&r)));
        }
        _ => crate::documents::api::call(&ctx, &pack.documents(), method, input),
    };
    #[cfg(feature = "precheck")]
    let out = out.or_else(|| {
        #[cfg(feature = "service")]
        let errands = errands::DeskErrands {
            ctx: &ctx,
            service: pack.service(),
        };
        #[cfg(feature = "service")]
        let services: crate::precheck::Services = &errands;
        #[cfg(not(feature = "service"))]
        let services = std::marker::PhantomData;
        let (rules, docs) = (&pack.precheck(), &pack.documents());
        crate::precheck::api::call(&ctx, rules, docs, services, method, input)
    });
    #[cfg(feature = "tiers")]
    let out = out.or_else(|| {
        #[cfg(feature = "calendar")]
        let cal: Option<&dyn crate::time::WorkingDays> = Some(pack.calendar());
        #[cfg(not(feature = "calendar"))]
        let cal: Option<&dyn crate::time::WorkingDays> = None;
        crate::tiers::api::call(&ctx, pack.tiers(), cal, method, input)
    });
    #[cfg(feature = "questionnaire")]
    let out = out.or_else(|| {
        let rules = &pack.questionnaires();
        #[cfg(feature = "calendar")]
        let cal: Option<&dyn crate::time::WorkingDays> = Some(pack.calendar());
        #[cfg(not(feature = "calendar"))]
        let cal: Option<&dyn crate::time::WorkingDays> = None;
        crate::questionnaire::api::call(&ctx, rules, &pack.documents(), cal, method, input)
    });
    #[cfg(feature = "calendar")]
    let out = out.or_else(|| crate::calendar::api::call(&ctx, &pack.calendar(), method, input));
    #[cfg(feature = "callbacks")]
    let out = out.or_else(|| {
        crate::callbacks::api::call(&ctx, pack.callbacks(), pack.calendar(), method, input)
    });
    #[cfg(feature = "contact")]
    let out = out.or_else(|| {
        crate::contact::api::call(&ctx, &pack.contact(), &pack.documents(), method, input)
    });
    #[cfg(feature = "qr")]
    let out = out.or_else(|| crate::qr::api::call(method, input));
    #[cfg(feature = "service")]
    let out = out.or_else(|| crate::service::api::call(&ctx, pack.service(), method, input));
    #[cfg(feature = "lifecycle")]
    let out = out.or_else(|| {
        let (tiers, calendar, ctx) = (pack.tiers(), pack.calendar(), &ctx);
        let world = world::DeskWorld {
            ctx,
            tiers,
            calendar,
            #[cfg(feature = "service")]
            service: pack.service(),
        };
        crate::lifecycle::api::call(ctx, pack.lifecycle(), &world, method, input)
    });
    out
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

    /// Every capability's own list of methods, in one place.
    fn capability_methods() -> Vec<&'static str> {
        let mut all: Vec<&str> = vec!["info", "messages", "inputLimits"];
        all.extend(crate::documents::api::METHODS);
        #[cfg(feature = "precheck")]
        all.extend(crate::precheck::api::METHODS);
        #[cfg(feature = "tiers")]
        all.extend(crate::tiers::api::METHODS);
        #[cfg(feature = "questionnaire")]
        all.extend(crate::questionnaire::api::METHODS);
        #[cfg(feature = "calendar")]
        all.extend(crate::calendar::api::METHODS);
        #[cfg(feature = "callbacks")]
        all.extend(crate::callbacks::api::METHODS);
        #[cfg(all(feature = "callbacks", feature = "questionnaire"))]
        all.push("callbackCase");
        #[cfg(feature = "contact")]
        all.extend(crate::contact::api::METHODS);
        #[cfg(feature = "qr")]
        all.extend(crate::qr::api::METHODS);
        #[cfg(feature = "service")]
        all.extend(crate::service::api::METHODS);
        #[cfg(feature = "lifecycle")]
        all.extend(crate::lifecycle::api::METHODS);
        all
    }

    #[test]
    fn methods_lists_exactly_what_the_dispatchers_answer() {
        let mut listed: Vec<&str> = METHODS.to_vec();
        let mut dispatched = capability_methods();
        listed.sort_unstable();
        dispatched.sort_unstable();
        assert_eq!(listed, dispatched);
        // Each one is dispatched (a wrong argument, never an unknown method).
        let desk =
            FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", crate::Locale::En).unwrap();
        for m in METHODS {
            if let Err(e) = call(&desk, m, &Value::Bool(true)) {
                assert_ne!(e.path.as_deref(), Some("method"), "{m}");
            }
        }
    }
}
