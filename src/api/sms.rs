//! What the callbacks capability needs from the questionnaire's: `renderSms` with the sending advice (issue 16 §1.5): the questionnaire renders the text, the
//! callbacks capability says when it may go (`callbacks::sms::next_allowed`). Composed here because
//! a capability imports no other capability.

use crate::callbacks::{sms, CallbackRules};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::questionnaire::QuestionnaireRules;
use crate::time::parse_instant;
use serde_json::Value;

/// `renderSms({ id, locale?, at?, sentAt? })`: the SMS text; with `at`, also `send` (when it may
/// go: the window and the caps over `sentAt`) and the finding that says why not now.
pub fn render_sms(
    ctx: &Ctx,
    questionnaires: &QuestionnaireRules,
    documents: &crate::documents::DocumentRules,
    callbacks: &CallbackRules,
    input: &Value,
) -> Result<String, Error> {
    let mut text_input = input.clone();
    let (at, sent) = match text_input.as_object_mut() {
        Some(o) => (o.remove("at"), o.remove("sentAt")),
        None => (None, None),
    };
    // The text needs no calendar.
    let (q, d, cal) = (questionnaires, documents, None);
    let text = crate::questionnaire::api::call(ctx, q, d, cal, "renderSms", &text_input)
        .unwrap_or_else(|| Err(Error::argument("renderSms")))?;
    let Some(at) = at else {
        if sent.is_some() {
            return Err(
                Error::argument("sentAt needs at (the time the text would go)").at_path("sentAt"),
            );
        }
        return Ok(text);
    };
    let at = parse_instant(at.as_str().unwrap_or(""), "at")?;
    let sent: Vec<String> = match sent {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| {
                Error::argument("sentAt is a list of RFC 3339 times").at_path("sentAt")
            })?,
        Some(_) => {
            return Err(Error::argument("sentAt is a list of RFC 3339 times").at_path("sentAt"))
        }
    };
    let sent = sms::read_sent(&sent, at, "sentAt")?;
    let advice = sms::next_allowed(&callbacks.sms, at, &sent);
    let mut out: Value = crate::jsonread::parse(&text)
        .map_err(|_| Error::new("internal.serialize", "result could not be serialized"))?;
    if let Some(f) = sms::finding(ctx, &advice, "send") {
        if let Some(Value::Array(list)) = out.get_mut("findings") {
            list.push(crate::jsonout::to_value(&f));
        }
    }
    if let Some(o) = out.as_object_mut() {
        o.insert("send".into(), crate::jsonout::to_value(&advice));
    }
    crate::jsonout::to_json(&out)
}

/// Questionnaire records checked with the questionnaire capability's checksum (`callbackCase`).
pub struct Records;

impl crate::callbacks::case::RecordCheck for Records {
    fn is_valid(&self, record: &Value) -> Result<bool, Error> {
        crate::questionnaire::engine::verify_record(record)
    }
}
