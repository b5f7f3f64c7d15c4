//! Running a questionnaire: a session holds the answers and the current page; `view()` tells the
//! host what to show; `save()` / `resume` carry a session across a reload; `finish()` builds the
//! callback record and the follow-ups.

use super::expr::{self, Env, Val};
use super::pattern::Pattern;
use super::QuestionnaireRules;
use super::{
    CallbackContext, Compiled, DueUnit, FollowUpAction, Priority, Question, QuestionType,
    Validator, ValidatorKind,
};
use crate::ctx::Ctx;
use crate::documents::DocumentRules;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity};
use crate::jsonout::WriteJson;
use crate::params;
use crate::time::WorkingDays;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Document kinds whose basic format the `mobile` and `email` question types already check, so a
/// build whose documents module does not know them yet still runs.
pub const BUILTIN_FORMAT_KINDS: &[&str] = &["cn_mobile", "email"];
pub const STATE_FORMAT: &str = "frontdesk.questionnaire.state";
pub const STATE_VERSION: u32 = 1;
/// Largest saved state accepted by `resume`, in bytes.
pub const MAX_STATE_BYTES: usize = 64 * 1024;
/// Largest single answer, in bytes of JSON.
pub const MAX_ANSWER_BYTES: usize = 8 * 1024;

/// Where a callback happens: the shared vocabulary (`crate::vocabulary`), of which a questionnaire
/// runs `in_app`, at a `kiosk`, by `phone` or by `sms`.
pub use crate::vocabulary::Channel;

/// The channels a questionnaire runs on.
pub const CHANNELS: [Channel; 4] = [Channel::InApp, Channel::Kiosk, Channel::Phone, Channel::Sms];

/// What a bad `channel` argument is told.
pub const CHANNEL_EXPECTED: &str = "expected in_app, kiosk, phone or sms";

/// A `channel` argument (`in_app`, `kiosk`, `phone`, `sms`; the deprecated `phone_callback` reads
/// as `phone`, `app` as `in_app`).
pub fn channel_from_json(v: &Value) -> Result<Channel, Error> {
    v.as_str()
        .and_then(|s| Channel::parse_in(s, &CHANNELS))
        .ok_or_else(|| Error::argument(CHANNEL_EXPECTED).at_path("channel"))
}

impl State {
    /// A session state as `save()` writes it under `state` (unknown fields refused).
    pub fn from_json(v: &Value) -> Result<State, Error> {
        crate::jsonread::Reader::read(None, v, State::read)
    }

    fn read(o: &crate::jsonread::Obj) -> State {
        o.fields(
            &[
                "format",
                "v",
                "questionnaire",
                "version",
                "channel",
                "context",
                "answers",
                "page",
                "startedAt",
            ],
            &["showRequired"],
        );
        State {
            format: o.str("format"),
            v: o.u32("v", u32::MAX),
            questionnaire: o.str("questionnaire"),
            version: o.str("version"),
            channel: Channel::read(o, "channel", &CHANNELS, CHANNEL_EXPECTED).unwrap_or_default(),
            context: CallbackContext::read(&o.obj("context")),
            answers: o.obj("answers").raw_map(),
            page: o.u32("page", u32::MAX) as usize,
            show_required: o.bool("showRequired"),
            started_at: o.str("startedAt"),
        }
    }
}

/// Everything a session holds; what `save()` writes.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub format: String,
    pub v: u32,
    pub questionnaire: String,
    pub version: String,
    pub channel: Channel,
    pub context: CallbackContext,
    pub answers: BTreeMap<String, Value>,
    pub page: usize,
    pub show_required: bool,
    pub started_at: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
struct Saved {
    state: State,
    checksum: String,
}

/// `state` as saved text with its checksum.
fn saved_text(state: State) -> String {
    let body = crate::jsonout::text(&state).into_bytes();
    let saved = Saved {
        checksum: crate::digest::checksum(&body),
        state,
    };
    crate::jsonout::text(&saved)
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct OptionView {
    pub value: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct QuestionView {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub help: Option<String>,
    pub options: Vec<OptionView>,
    pub required: bool,
    /// The current answer as given (the customer's own input on their own screen), or null.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub value: Value,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PageView {
    pub id: String,
    pub title: String,
    /// 1-based position among the pages currently shown.
    pub number: usize,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Progress {
    pub answered: usize,
    pub total: usize,
    pub percent: u32,
}

/// What to show now.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct View {
    pub questionnaire_id: String,
    pub version: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub intro: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "QuestionnaireChannel"))]
    pub channel: Channel,
    pub page: PageView,
    pub questions: Vec<QuestionView>,
    pub progress: Progress,
    pub can_back: bool,
    pub can_next: bool,
    pub can_finish: bool,
}

/// A residential address answer (also the contact-update flow's `residentialAddress`).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AddressAnswer {
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    pub postcode: String,
}

#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Proposed {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub mobile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub residential_address: Option<AddressAnswer>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Prefill {
    pub proposed: Proposed,
}

/// Work the answers call for. `contact_update` carries `prefill.proposed` for the contact-update
/// flow (the customer's own new details, handed over on their device).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FollowUp {
    pub id: String,
    pub action: FollowUpAction,
    pub priority: Priority,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub guidance: Option<String>,
    /// Show the guidance at once (before anything else).
    pub show_now: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub prefill: Option<Prefill>,
    /// The department that owns it (`pack.json settings.departments`), from the rule or the
    /// action's default route (`questionnaire.json followUpRouting`); absent when neither names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub department_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub due: Option<super::Due>,
    /// When the department must act, counted from the completion time: a date `YYYY-MM-DD` for
    /// working and calendar days, an RFC 3339 instant for hours; `null` when the calendar does
    /// not cover the days it must look at (warning `questionnaire.followup.due_not_computable`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "string | null"))]
    pub due_by: Option<Option<String>>,
    /// For calendar days: how the date was counted (Civil Code Arts. 201, 203).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub deadline_rule: Option<crate::time::DeadlineRule>,
    /// For `contact_update`: the contact field the update screen opens at.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub focus: Option<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RecordAnswer {
    pub question_id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The answer; phone numbers, e-mail addresses, addresses and ID numbers are masked.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub value: Value,
    pub masked: bool,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RecordFollowUp {
    pub id: String,
    pub action: FollowUpAction,
    pub priority: Priority,
    /// Issue 16 §1.6 (absent in records written before it; the checksum covers what is there).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "string | null"))]
    pub due_by: Option<Option<String>>,
}

/// The callback record (seed text §8: time, channel, customer, account, content, feedback,
/// handling), kept under the retention rules it carries (AML Law Art. 34: the period runs from the
/// end of the relationship or the transaction, not from the callback), with an integrity checksum
/// over its canonical JSON (every field but `checksum`, in this order).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CallbackRecord {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "QuestionnaireId"))]
    pub questionnaire_id: String,
    pub version: String,
    pub rule_pack_version: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "QuestionnaireChannel"))]
    pub channel: Channel,
    pub started_at: String,
    pub completed_at: String,
    pub customer_ref: Option<String>,
    pub account_ref: Option<String>,
    pub answers: Vec<RecordAnswer>,
    /// Questions answered earlier but hidden at the end: their answers were dropped.
    pub dropped_answers: Vec<String>,
    pub follow_ups: Vec<RecordFollowUp>,
    pub retention: RecordRetention,
    pub checksum: String,
}

/// How long a record is kept: the rules that apply (identity data always; transaction data when
/// the callback is about a transaction), and the date it may be deleted at the earliest once every
/// period's start is known — `null` while the relationship is open (never a date that could end
/// while the account is still in use).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RecordRetention {
    pub rules: Vec<RecordRetentionRule>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub retain_at_least_until: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RecordRetentionRule {
    pub kind: String,
    pub min_years: u32,
    pub from: String,
    /// The day the period starts after, when known.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub start: Option<String>,
}

impl CallbackRecord {
    /// The checksum of this record (see `record_checksum`).
    pub fn compute_checksum(&self) -> String {
        record_checksum(&crate::jsonout::to_value(self))
    }
}

/// `sha256:<hex>` over the canonical JSON of a record: every field but `checksum`, keys sorted
/// (serde_json's map is ordered), no whitespace. The same on the client and on the server.
pub fn record_checksum(record: &Value) -> String {
    let mut copy = record.clone();
    if let Some(o) = copy.as_object_mut() {
        o.remove("checksum");
    }
    crate::digest::checksum(crate::jsonout::text(&copy).as_bytes())
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FinishResult {
    pub record: CallbackRecord,
    pub follow_ups: Vec<FollowUp>,
    /// Warnings about the follow-ups (`questionnaire.followup.due_not_computable`).
    pub findings: Vec<Finding>,
}

/// A running questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub def: Arc<Compiled>,
    pub state: State,
}

/// Visibility and requiredness of every question, and of every page.
struct Vis {
    pages: Vec<bool>,
    questions: Vec<bool>,
    required: Vec<bool>,
}

struct SessionEnv<'a> {
    session: &'a Session,
    today: NaiveDate,
    hidden: &'a [bool],
    max_text: usize,
}

impl Env for SessionEnv<'_> {
    fn answer(&self, q: &str) -> Val {
        let Some((i, question)) = self.session.def.question(q) else {
            return Val::Null;
        };
        if self.hidden.get(i).copied().unwrap_or(false) {
            return Val::Null;
        }
        match self.session.state.answers.get(q) {
            Some(v) if shape_ok(question, v, self.max_text) => to_val(v),
            _ => Val::Null,
        }
    }
    fn context(&self, name: &str) -> Val {
        self.session.state.context.value(name)
    }
    fn today(&self) -> NaiveDate {
        self.today
    }
}

fn to_val(v: &Value) -> Val {
    match v {
        Value::Bool(b) => Val::Bool(*b),
        Value::Number(n) => n.as_i64().map(Val::Int).unwrap_or(Val::Null),
        Value::String(s) => Val::Str(s.clone()),
        Value::Array(a) => Val::List(a.iter().map(to_val).collect()),
        Value::Object(_) => Val::Str("address".into()),
        Value::Null => Val::Null,
    }
}

/// The mobile number as 11 digits (full-width digits folded by the package's one width normalizer;
/// spaces, dashes and a +86 / 0086 prefix removed), if it is one.
pub fn normalize_mobile(s: &str) -> Option<String> {
    let (folded, _) = crate::documents::checks::fold_width(s);
    let digits: String = folded.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    (digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.to_string())
}

pub fn email_ok(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    s.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An address answer: an object of exactly the five string parts.
fn address_of(v: &Value) -> Option<AddressAnswer> {
    let o = v.as_object()?;
    const PARTS: [&str; 5] = ["province", "city", "district", "detail", "postcode"];
    if o.len() != PARTS.len() || !o.keys().all(|k| PARTS.contains(&k.as_str())) {
        return None;
    }
    let part = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    Some(AddressAnswer {
        province: part("province")?,
        city: part("city")?,
        district: part("district")?,
        detail: part("detail")?,
        postcode: part("postcode")?,
    })
}

/// Whether `v` has the shape of an answer to `q` (no validators).
fn shape_ok(q: &Question, v: &Value, max_text: usize) -> bool {
    shape_findings(q, v, max_text).is_empty()
}

/// Shape problems as (code, params).
fn shape_findings(
    q: &Question,
    v: &Value,
    max_text: usize,
) -> Vec<(&'static str, crate::finding::Params)> {
    let mut out = Vec::new();
    let ty = || ("questionnaire.answer.type", params![]);
    match q.kind {
        QuestionType::SingleChoice => match v.as_str() {
            Some(s) if q.options.iter().any(|o| o.value == s) => {}
            Some(_) => out.push(("questionnaire.answer.invalid_option", params![])),
            None => out.push(ty()),
        },
        QuestionType::MultipleChoice => match v.as_array() {
            Some(a) => {
                let mut seen = Vec::new();
                for x in a {
                    match x.as_str() {
                        Some(s) if q.options.iter().any(|o| o.value == s) && !seen.contains(&s) => {
                            seen.push(s)
                        }
                        _ => {
                            out.push(("questionnaire.answer.invalid_option", params![]));
                            break;
                        }
                    }
                }
            }
            None => out.push(ty()),
        },
        QuestionType::YesNo | QuestionType::Notice => {
            if !v.is_boolean() {
                out.push(ty());
            }
        }
        QuestionType::Text => match v.as_str() {
            Some(s) if s.chars().count() > max_text => {
                out.push(("questionnaire.answer.too_long", params![("max", max_text)]))
            }
            Some(_) => {}
            None => out.push(ty()),
        },
        QuestionType::Mobile => match v.as_str() {
            Some(s) if normalize_mobile(s).is_some() => {}
            Some(_) => out.push(("questionnaire.answer.mobile_format", params![])),
            None => out.push(ty()),
        },
        QuestionType::Email => match v.as_str() {
            Some(s) if email_ok(s) => {}
            Some(_) => out.push(("questionnaire.answer.email_format", params![])),
            None => out.push(ty()),
        },
        QuestionType::Date => match v.as_str() {
            Some(s) if crate::time::parse_date(s).is_some() => {}
            Some(_) => out.push(("questionnaire.answer.date_format", params![])),
            None => out.push(ty()),
        },
        QuestionType::Rating => match v.as_i64() {
            Some(n) if (1..=5).contains(&n) => {}
            Some(_) => out.push(("questionnaire.answer.rating_range", params![])),
            None => out.push(ty()),
        },
        QuestionType::Address => match address_of(v) {
            Some(a) => {
                let parts = [&a.province, &a.city, &a.district, &a.detail];
                if parts.iter().any(|p| p.trim().is_empty()) {
                    out.push(("questionnaire.answer.address_incomplete", params![]));
                } else if parts.iter().any(|p| p.chars().count() > 120) {
                    out.push(("questionnaire.answer.too_long", params![("max", 120)]));
                }
                if !(a.postcode.len() == 6 && a.postcode.bytes().all(|b| b.is_ascii_digit())) {
                    out.push(("questionnaire.answer.address_postcode", params![]));
                }
            }
            None => out.push(ty()),
        },
    }
    out
}

/// An empty answer: null, an empty string, an empty list, or an unacknowledged notice.
fn is_empty(q: &Question, v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Bool(false)) => q.kind == QuestionType::Notice,
        _ => false,
    }
}

/// An answer as the record keeps it, and whether it was masked: mobile numbers, e-mail addresses,
/// addresses and document numbers (by the question's document validator) masked, text trimmed.
fn masked_answer(q: &Question, v: &Value, style: crate::mask::IdMaskStyle) -> (Value, bool) {
    let doc = q.validators.iter().find_map(|v| v.document.as_deref());
    match (q.kind, v.as_str()) {
        (QuestionType::Mobile, Some(s)) => (
            Value::from(crate::mask::mobile(
                &normalize_mobile(s).unwrap_or_default(),
            )),
            true,
        ),
        (QuestionType::Email, Some(s)) => (Value::from(crate::mask::email(s.trim())), true),
        (QuestionType::Address, _) => match address_of(v) {
            Some(a) => (
                Value::from(crate::mask::address(
                    &a.province,
                    &a.city,
                    &a.district,
                    &a.detail,
                )),
                true,
            ),
            None => (Value::Null, true),
        },
        (QuestionType::Text, Some(s))
            if doc == Some("cn_resident_id")
                || doc.is_some_and(|d| {
                    d.ends_with("_id") || d.contains("passport") || d.contains("permit")
                }) =>
        {
            (Value::from(crate::mask::id_number(s.trim(), style)), true)
        }
        (QuestionType::Text, Some(s)) if doc == Some("cn_mobile") => {
            (Value::from(crate::mask::mobile(s.trim())), true)
        }
        (QuestionType::Text, Some(s)) if doc == Some("email") => {
            (Value::from(crate::mask::email(s.trim())), true)
        }
        (QuestionType::Text, Some(s)) => (Value::from(s.trim()), false),
        _ => (v.clone(), false),
    }
}

/// The finding of a length, pattern or range validator on an answer, if it fails.
fn validator_finding(
    ctx: &Ctx,
    q: &Question,
    v: &Validator,
    pattern: Option<&Pattern>,
    value: &Value,
) -> Option<Finding> {
    let field = q.id.as_str();
    let outside = |n: i64| v.min.is_some_and(|m| n < m) || v.max.is_some_and(|m| n > m);
    let (code, params) = match v.kind {
        ValidatorKind::Length => {
            let n = value
                .as_str()
                .map(|s| s.trim().chars().count() as i64)
                .unwrap_or(0);
            if !outside(n) {
                return None;
            }
            let params = params![
                ("min", v.min.unwrap_or(0)),
                ("max", v.max.unwrap_or(i64::MAX))
            ];
            ("questionnaire.answer.length", params)
        }
        ValidatorKind::Pattern => {
            let (Some(p), Some(s)) = (pattern, value.as_str()) else {
                return None;
            };
            if p.matches(s.trim()) {
                return None;
            }
            ("questionnaire.answer.pattern", params![])
        }
        ValidatorKind::Range => {
            let n = match q.kind {
                QuestionType::MultipleChoice => value.as_array().map(|a| a.len() as i64),
                _ => value.as_i64(),
            };
            if !n.is_some_and(outside) {
                return None;
            }
            let params = params![("min", v.min.unwrap_or(0)), ("max", v.max.unwrap_or(0))];
            ("questionnaire.answer.range", params)
        }
        ValidatorKind::Required | ValidatorKind::Document => return None,
    };
    Some(ctx.finding(Severity::Error, code, field, params))
}

/// A document validator: the answer checked by the documents module as the validator's kind
/// (a mobile number normalized first), its findings moved to the question.
fn document_findings(
    ctx: &Ctx,
    docs: &DocumentRules,
    q: &Question,
    v: &Validator,
    value: &Value,
) -> Vec<Finding> {
    let (Some(kind), Some(s)) = (&v.document, value.as_str()) else {
        return Vec::new();
    };
    let number = match q.kind {
        QuestionType::Mobile => normalize_mobile(s).unwrap_or_else(|| s.to_string()),
        _ => s.trim().to_string(),
    };
    let res = crate::documents::validate(
        ctx,
        docs,
        &crate::documents::DocumentInput {
            kind: kind.clone(),
            number,
            issue_date: None,
            expiry_date: None,
        },
    );
    let mut out = Vec::new();
    for mut f in res.findings {
        if f.code == "document.unknown_kind" && BUILTIN_FORMAT_KINDS.contains(&kind.as_str()) {
            continue;
        }
        f.field = Some(q.id.clone());
        out.push(f);
    }
    out
}

impl Session {
    pub fn start(
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        def: Arc<Compiled>,
        context: CallbackContext,
        channel: Channel,
    ) -> Result<Session, Error> {
        context.check()?;
        let def = rules.for_channel(def, channel)?;
        let state = State {
            format: STATE_FORMAT.into(),
            v: STATE_VERSION,
            questionnaire: def.def.id.clone(),
            version: def.def.version.clone(),
            channel,
            context,
            answers: BTreeMap::new(),
            page: 0,
            show_required: false,
            started_at: ctx.now().to_rfc3339(),
        };
        let mut s = Session { def, state };
        let vis = s.visibility(ctx, rules)?;
        s.state.page = vis.pages.iter().position(|v| *v).unwrap_or(0);
        Ok(s)
    }

    fn max_text(&self, rules: &QuestionnaireRules) -> usize {
        rules.settings.max_text_chars as usize
    }

    fn eval(
        &self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        e: &expr::Expr,
        hidden: &[bool],
        field: &str,
    ) -> Result<bool, Error> {
        let env = SessionEnv {
            session: self,
            today: ctx.today(),
            hidden,
            max_text: self.max_text(rules),
        };
        let mut budget = rules.settings.max_steps;
        e.eval(&env, &mut budget)
            .map(|v| expr::truthy(&v))
            .map_err(|_| {
                Error::new(
                    "questionnaire.expression_limit",
                    "a condition exceeded its step budget and was stopped",
                )
                .at_path(field.to_string())
            })
    }

    fn visibility(&self, ctx: &Ctx, rules: &QuestionnaireRules) -> Result<Vis, Error> {
        let n = self.def.questions.len();
        let mut hidden = vec![false; n];
        let mut pages = vec![true; self.def.def.pages.len()];
        let mut questions = vec![false; n];
        let mut required = vec![false; n];
        let mut i = 0;
        for (pi, page) in self.def.def.pages.iter().enumerate() {
            let page_visible = match self.def.page_visible_if.get(pi).and_then(Option::as_ref) {
                Some(e) => self.eval(ctx, rules, e, &hidden, &format!("pages[{pi}].visibleIf"))?,
                None => true,
            };
            pages[pi] = page_visible;
            for (qi, _q) in page.questions.iter().enumerate() {
                let cq = &self.def.questions[i];
                let visible = page_visible
                    && match &cq.visible_if {
                        Some(e) => self.eval(
                            ctx,
                            rules,
                            e,
                            &hidden,
                            &format!("pages[{pi}].questions[{qi}].visibleIf"),
                        )?,
                        None => true,
                    };
                hidden[i] = !visible;
                questions[i] = visible;
                i += 1;
            }
        }
        // Requiredness after visibility is known everywhere.
        let mut i = 0;
        for (pi, page) in self.def.def.pages.iter().enumerate() {
            for (qi, q) in page.questions.iter().enumerate() {
                let cq = &self.def.questions[i];
                let mut req = q.required
                    || q.validators
                        .iter()
                        .any(|v| v.kind == ValidatorKind::Required);
                if !req {
                    if let Some(e) = &cq.required_if {
                        req = self.eval(
                            ctx,
                            rules,
                            e,
                            &hidden,
                            &format!("pages[{pi}].questions[{qi}].requiredIf"),
                        )?;
                    }
                }
                required[i] = questions[i] && req;
                i += 1;
            }
        }
        // A page with no visible question is skipped.
        let mut i = 0;
        for (pi, page) in self.def.def.pages.iter().enumerate() {
            let any = (i..i + page.questions.len()).any(|k| questions[k]);
            pages[pi] = pages[pi] && any;
            i += page.questions.len();
        }
        Ok(Vis {
            pages,
            questions,
            required,
        })
    }

    /// Findings of one question's current answer: an unanswered question is an error when
    /// `require`; otherwise the answer's shape, then each of its validators.
    fn question_findings(
        &self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        docs: &DocumentRules,
        q: &Question,
        idx: usize,
        require: bool,
    ) -> Vec<Finding> {
        let value = self.state.answers.get(&q.id);
        let field = q.id.as_str();
        if is_empty(q, value) {
            if require {
                let code = if q.kind == QuestionType::Notice {
                    "questionnaire.answer.acknowledge"
                } else {
                    "questionnaire.answer.required"
                };
                return vec![ctx.finding(Severity::Error, code, field, params![])];
            }
            return Vec::new();
        }
        let Some(value) = value else {
            return Vec::new();
        };
        let shape = shape_findings(q, value, self.max_text(rules));
        if !shape.is_empty() {
            return shape
                .into_iter()
                .map(|(c, p)| ctx.finding(Severity::Error, c, field, p))
                .collect();
        }
        let mut out = Vec::new();
        let cq = self.def.questions.get(idx);
        for (vi, v) in q.validators.iter().enumerate() {
            let custom = |mut f: Finding| {
                if let Some(m) = &v.message {
                    f.message = m.get(ctx.locale()).to_string();
                }
                f
            };
            if v.kind == ValidatorKind::Document {
                for f in document_findings(ctx, docs, q, v, value) {
                    out.push(custom(f));
                }
            } else {
                let pattern = cq.and_then(|c| c.patterns.get(vi)).and_then(Option::as_ref);
                if let Some(f) = validator_finding(ctx, q, v, pattern, value) {
                    out.push(custom(f));
                }
            }
        }
        out
    }

    fn answered_ok(
        &self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        docs: &DocumentRules,
        q: &Question,
        idx: usize,
    ) -> bool {
        !is_empty(q, self.state.answers.get(&q.id))
            && no_errors(&self.question_findings(ctx, rules, docs, q, idx, false))
    }

    fn page_range(&self, page: usize) -> std::ops::Range<usize> {
        let start: usize = self
            .def
            .def
            .pages
            .iter()
            .take(page)
            .map(|p| p.questions.len())
            .sum();
        let len = self
            .def
            .def
            .pages
            .get(page)
            .map(|p| p.questions.len())
            .unwrap_or(0);
        start..start + len
    }

    fn page_ok(
        &self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        docs: &DocumentRules,
        vis: &Vis,
        page: usize,
    ) -> bool {
        let questions: Vec<&Question> = self.def.questions().collect();
        self.page_range(page).all(|i| {
            !vis.questions[i]
                || questions.get(i).is_some_and(|q| {
                    no_errors(&self.question_findings(ctx, rules, docs, q, i, vis.required[i]))
                })
        })
    }

    /// The identity check, while it is not yet passed on the phone.
    fn withheld<'r>(
        &self,
        rules: &'r QuestionnaireRules,
    ) -> Option<&'r super::caller::PhoneIdentityCheck> {
        rules
            .phone_check(self.state.channel)
            .filter(|c| self.state.answers.get(&c.question_id) != Some(&Value::Bool(true)))
    }

    pub fn view(
        &self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        docs: &DocumentRules,
    ) -> Result<View, Error> {
        let vis = self.visibility(ctx, rules)?;
        let loc = ctx.locale();
        let mut ph = self.state.context.placeholders();
        for name in super::PLACEHOLDERS {
            ph.entry((*name).to_string())
                .or_insert_with(|| Value::from("—"));
        }
        // Issue 15 item 10: on the phone, nothing on file is read out before the identity check.
        let withheld = self.withheld(rules);
        if let (Some(check), Some(texts)) = (withheld, &rules.check_texts) {
            for p in &check.withhold_placeholders {
                ph.insert(p.clone(), Value::from(texts.withheld.get(loc)));
            }
        }
        let fill = |t: &crate::i18n::Text| crate::i18n::fill(t.get(loc), &ph);
        let page = self
            .state
            .page
            .min(self.def.def.pages.len().saturating_sub(1));
        let questions: Vec<&Question> = self.def.questions().collect();
        let mut qviews = Vec::new();
        for i in self.page_range(page) {
            let Some(q) = questions.get(i) else { continue };
            if !vis.questions[i] {
                continue;
            }
            qviews.push(QuestionView {
                id: q.id.clone(),
                kind: q.kind,
                text: fill(&q.text),
                help: q.help.as_ref().map(fill),
                options: q
                    .options
                    .iter()
                    .map(|o| OptionView {
                        value: o.value.clone(),
                        text: fill(&o.text),
                    })
                    .collect(),
                required: vis.required[i],
                value: self
                    .state
                    .answers
                    .get(&q.id)
                    .cloned()
                    .unwrap_or(Value::Null),
                findings: self.question_findings(
                    ctx,
                    rules,
                    docs,
                    q,
                    i,
                    vis.required[i] && self.state.show_required,
                ),
            });
        }
        let (mut answered, mut total) = (0, 0);
        for (i, q) in questions.iter().enumerate() {
            if vis.questions[i] {
                total += 1;
                if self.answered_ok(ctx, rules, docs, q, i) {
                    answered += 1;
                }
            }
        }
        let visible_pages: Vec<usize> = (0..vis.pages.len()).filter(|p| vis.pages[*p]).collect();
        let number = visible_pages
            .iter()
            .position(|p| *p == page)
            .map(|n| n + 1)
            .unwrap_or(1);
        let can_next = visible_pages.iter().any(|p| *p > page);
        let can_back = visible_pages.iter().any(|p| *p < page);
        let can_finish = !can_next
            && visible_pages
                .iter()
                .all(|p| self.page_ok(ctx, rules, docs, &vis, *p));
        let p = &self.def.def.pages[page];
        Ok(View {
            questionnaire_id: self.def.def.id.clone(),
            version: self.def.def.version.clone(),
            title: fill(&self.def.def.title),
            intro: self.def.def.intro.as_ref().map(|i| {
                match (withheld, &rules.check_texts) {
                    // An intro that reads withheld details gives way to the neutral opening.
                    (Some(check), Some(texts))
                        if super::caller::reads_withheld(check, i.get(loc)) =>
                    {
                        texts.opening.get(loc).to_string()
                    }
                    _ => fill(i),
                }
            }),
            channel: self.state.channel,
            page: PageView {
                id: p.id.clone(),
                title: fill(&p.title),
                number,
                count: visible_pages.len().max(1),
            },
            questions: qviews,
            progress: Progress {
                answered,
                total,
                percent: if total == 0 {
                    100
                } else {
                    (answered * 100 / total) as u32
                },
            },
            can_back,
            can_next,
            can_finish,
        })
    }

    /// Set (or with `null`, clear) the answer to a question shown on the current page.
    pub fn answer(
        &mut self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        question_id: &str,
        value: Value,
    ) -> Result<(), Error> {
        let Some((i, _)) = self.def.question(question_id) else {
            return Err(Error::argument("unknown question").at_path("questionId"));
        };
        let vis = self.visibility(ctx, rules)?;
        if self.def.questions[i].page != self.state.page || !vis.questions[i] {
            return Err(Error::new(
                "questionnaire.not_on_page",
                "the question is not shown on the current page",
            )
            .at_path("questionId"));
        }
        self.set_raw(question_id, value)
    }

    /// Store an answer without the page check (the stateless `runQuestionnaire` form).
    pub fn set_raw(&mut self, question_id: &str, value: Value) -> Result<(), Error> {
        if self.def.question(question_id).is_none() {
            return Err(
                Error::argument("unknown question").at_path(format!("answers.{question_id}"))
            );
        }
        if crate::jsonout::text(&value).len() > MAX_ANSWER_BYTES {
            return Err(Error::new(
                "argument.too_large",
                format!("an answer is at most {MAX_ANSWER_BYTES} bytes of JSON"),
            )
            .at_path(question_id.to_string()));
        }
        if value.is_null() {
            self.state.answers.remove(question_id);
        } else {
            self.state.answers.insert(question_id.to_string(), value);
        }
        Ok(())
    }

    /// Go to the next page if the current one is complete; otherwise stay and show what is missing.
    /// Returns whether the page changed.
    pub fn next(
        &mut self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        docs: &DocumentRules,
    ) -> Result<bool, Error> {
        let vis = self.visibility(ctx, rules)?;
        if !self.page_ok(ctx, rules, docs, &vis, self.state.page) {
            self.state.show_required = true;
            return Ok(false);
        }
        match (self.state.page + 1..vis.pages.len()).find(|p| vis.pages[*p]) {
            Some(p) => {
                self.state.page = p;
                self.state.show_required = false;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    pub fn back(&mut self, ctx: &Ctx, rules: &QuestionnaireRules) -> Result<bool, Error> {
        let vis = self.visibility(ctx, rules)?;
        match (0..self.state.page).rev().find(|p| vis.pages[*p]) {
            Some(p) => {
                self.state.page = p;
                self.state.show_required = false;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The session as a string: versioned, checksummed.
    pub fn save(&self) -> String {
        saved_text(self.state.clone())
    }

    /// A draft a customer keeps on their own device: `save()` without the host's context (account
    /// and mobile on file, …), so the device holds their answers only. The host passes the context
    /// again to `resume_with_context`.
    pub fn save_draft(&self) -> String {
        let mut state = self.state.clone();
        state.context = CallbackContext::default();
        saved_text(state)
    }

    /// `resume`, with the context taken from the host instead of the saved text (a draft from
    /// `save_draft` holds none).
    pub fn resume_with_context(
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        saved: &str,
        context: CallbackContext,
    ) -> Result<Session, Error> {
        let mut s = Session::resume(ctx, rules, saved)?;
        s.state.context = context;
        Session::from_state(ctx, rules, s.def, s.state)
    }

    /// Take up a saved session again; refuses corrupt, truncated, tampered and out-of-date states.
    pub fn resume(ctx: &Ctx, rules: &QuestionnaireRules, saved: &str) -> Result<Session, Error> {
        if saved.len() > MAX_STATE_BYTES {
            return Err(Error::new(
                "questionnaire.state_corrupt",
                format!("a saved state is at most {MAX_STATE_BYTES} bytes"),
            ));
        }
        let corrupt = || {
            Error::new(
                "questionnaire.state_corrupt",
                "the saved state is incomplete or not a saved questionnaire",
            )
        };
        let value: Value = crate::jsonread::parse(saved).map_err(|_| corrupt())?;
        let parsed = crate::jsonread::Reader::read(None, &value, |o| {
            o.fields(&["state", "checksum"], &[]);
            Saved {
                state: State::read(&o.obj("state")),
                checksum: o.str("checksum"),
            }
        })
        .map_err(|_| corrupt())?;
        let body = crate::jsonout::text(&parsed.state).into_bytes();
        if crate::digest::checksum(&body) != parsed.checksum {
            return Err(Error::new(
                "questionnaire.state_tampered",
                "the saved state does not match its checksum",
            ));
        }
        let state = parsed.state;
        if state.format != STATE_FORMAT || state.v != STATE_VERSION {
            return Err(Error::new(
                "questionnaire.state_format",
                "the saved state was written by a different format version",
            )
            .at_path("v"));
        }
        let def = rules
            .definitions
            .get(&state.questionnaire)
            .cloned()
            .ok_or_else(|| {
                Error::new(
                    "questionnaire.unknown",
                    "no questionnaire with this id in the rule pack",
                )
                .at_path("questionnaire")
            })?;
        if def.def.version != state.version {
            return Err(Error::new(
                "questionnaire.state_version",
                "the saved state belongs to a different version of the questionnaire",
            )
            .at_path("version"));
        }
        let def = rules.for_channel(def, state.channel)?;
        Session::from_state(ctx, rules, def, state)
    }

    /// Rebuild a session from a state whose integrity is established.
    pub fn from_state(
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        def: Arc<Compiled>,
        state: State,
    ) -> Result<Session, Error> {
        state.context.check()?;
        if state.page >= def.def.pages.len() {
            return Err(
                Error::new("questionnaire.state_corrupt", "page out of range").at_path("page"),
            );
        }
        let mut s = Session {
            def,
            state: State {
                answers: BTreeMap::new(),
                ..state.clone()
            },
        };
        for (k, v) in state.answers {
            s.set_raw(&k, v)?;
        }
        s.visibility(ctx, rules)?;
        Ok(s)
    }

    /// Build the record and the follow-ups. Refused while a shown question is unanswered or invalid.
    /// `cal`: the pack's working-day calendar, when the build has one (due dates in working or
    /// calendar days need it; without it they are `null` with a warning).
    pub fn finish(
        &self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        docs: &DocumentRules,
        cal: Option<&dyn WorkingDays>,
    ) -> Result<FinishResult, Error> {
        let vis = self.visibility(ctx, rules)?;
        let questions: Vec<&Question> = self.def.questions().collect();
        self.check_complete(ctx, rules, docs, &vis, &questions)?;
        let (answers, dropped) = self.record_answers(ctx, &vis, &questions);
        let mut follow_ups = self.follow_ups(ctx, rules, &vis)?;
        let mut findings = Vec::new();
        for f in &mut follow_ups {
            route(ctx, rules, cal, f, &mut findings);
        }
        let context = &self.state.context;
        let retention = retention(rules, context);
        let mut record = CallbackRecord {
            questionnaire_id: self.def.def.id.clone(),
            version: self.def.def.version.clone(),
            rule_pack_version: ctx.pack_version().to_string(),
            channel: self.state.channel,
            started_at: self.state.started_at.clone(),
            completed_at: ctx.now().to_rfc3339(),
            customer_ref: context
                .customer_ref
                .as_deref()
                .map(|c| crate::mask::keep(c, 0, 4)),
            account_ref: context.account_ref.as_deref().map(crate::mask::card),
            answers,
            dropped_answers: dropped,
            follow_ups: follow_ups
                .iter()
                .map(|f| RecordFollowUp {
                    id: f.id.clone(),
                    action: f.action,
                    priority: f.priority,
                    department: f.department.clone(),
                    due_by: f.due_by.clone(),
                })
                .collect(),
            retention,
            checksum: String::new(),
        };
        record.checksum = record.compute_checksum();
        Ok(FinishResult {
            record,
            follow_ups,
            findings,
        })
    }

    /// Every shown question answered and valid, and no page left after the current one.
    fn check_complete(
        &self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        docs: &DocumentRules,
        vis: &Vis,
        questions: &[&Question],
    ) -> Result<(), Error> {
        for (i, q) in questions.iter().enumerate() {
            if vis.questions[i]
                && !no_errors(&self.question_findings(ctx, rules, docs, q, i, vis.required[i]))
            {
                return Err(Error::new(
                    "questionnaire.incomplete",
                    "a question shown to the customer is unanswered or invalid",
                )
                .at_path(q.id.clone()));
            }
        }
        if (self.state.page + 1..vis.pages.len()).any(|p| vis.pages[p]) {
            return Err(Error::new(
                "questionnaire.incomplete",
                "there are pages after the current one",
            )
            .at_path("page"));
        }
        Ok(())
    }

    /// The answers for the record, personal data masked; the ids of answers to questions that
    /// ended up hidden (dropped, not recorded).
    fn record_answers(
        &self,
        ctx: &Ctx,
        vis: &Vis,
        questions: &[&Question],
    ) -> (Vec<RecordAnswer>, Vec<String>) {
        let style = ctx.settings().id_mask_style;
        let mut answers = Vec::new();
        let mut dropped = Vec::new();
        for (i, q) in questions.iter().enumerate() {
            let Some(v) = self.state.answers.get(&q.id) else {
                continue;
            };
            if !vis.questions[i] {
                dropped.push(q.id.clone());
                continue;
            }
            if is_empty(q, Some(v)) {
                continue;
            }
            let (value, masked) = masked_answer(q, v, style);
            answers.push(RecordAnswer {
                question_id: q.id.clone(),
                kind: q.kind,
                value,
                masked,
            });
        }
        (answers, dropped)
    }

    /// The follow-ups whose condition holds, with what they prefill, most urgent first.
    fn follow_ups(
        &self,
        ctx: &Ctx,
        rules: &QuestionnaireRules,
        vis: &Vis,
    ) -> Result<Vec<FollowUp>, Error> {
        let hidden: Vec<bool> = vis.questions.iter().map(|v| !v).collect();
        let loc = ctx.locale();
        let mut follow_ups = Vec::new();
        for (fi, rule) in self.def.def.follow_ups.iter().enumerate() {
            let Some(when) = self.def.follow_up_when.get(fi) else {
                continue;
            };
            if !self.eval(ctx, rules, when, &hidden, &format!("followUps[{fi}].when"))? {
                continue;
            }
            let prefill = rule.prefill.as_ref().map(|p| {
                let get = |q: &Option<String>| {
                    q.as_ref().and_then(|q| {
                        let (i, _) = self.def.question(q)?;
                        if !vis.questions[i] {
                            return None;
                        }
                        self.state.answers.get(q)
                    })
                };
                Prefill {
                    proposed: Proposed {
                        mobile: get(&p.mobile)
                            .and_then(Value::as_str)
                            .and_then(normalize_mobile),
                        email: get(&p.email)
                            .and_then(Value::as_str)
                            .map(|s| s.trim().to_string()),
                        residential_address: get(&p.residential_address).and_then(address_of),
                    },
                }
            });
            follow_ups.push(FollowUp {
                id: rule.id.clone(),
                action: rule.action,
                priority: rule.priority,
                title: rule.title.get(loc).to_string(),
                guidance: rule.guidance.as_ref().map(|g| g.get(loc).to_string()),
                show_now: rule.show_now,
                prefill,
                department: rule.department.clone(),
                department_name: None,
                due: rule.due,
                due_by: None,
                deadline_rule: None,
                focus: rule.focus.clone(),
            });
        }
        crate::finding::stable_sort_by_key(&mut follow_ups, |f| f.priority as i128);
        Ok(follow_ups)
    }
}

/// A follow-up's department and due time (issue 16 §1.6): the rule's own, else the action's
/// default route; the department's name in the context's locale; the due date from the completion
/// time — working days on the calendar, calendar days under Civil Code Arts. 201/203, hours as an
/// instant (no roll). A day the calendar does not cover gives `dueBy: null` and a warning.
fn route(
    ctx: &Ctx,
    rules: &QuestionnaireRules,
    cal: Option<&dyn WorkingDays>,
    f: &mut FollowUp,
    findings: &mut Vec<Finding>,
) {
    let name = crate::jsonout::to_value(&f.action);
    let default = rules
        .settings
        .follow_up_routing
        .as_ref()
        .and_then(|r| r.actions.get(name.as_str().unwrap_or_default()));
    if f.department.is_none() {
        f.department = default.map(|d| d.department.clone());
    }
    f.department_name = f
        .department
        .as_deref()
        .and_then(|d| ctx.settings().department_name(d, ctx.locale()));
    if f.due.is_none() {
        f.due = default.map(|d| d.due);
    }
    let Some(due) = f.due else {
        return;
    };
    let today = ctx.today();
    let (due_by, missing) = match due.unit {
        DueUnit::Hours => {
            let at = ctx.now() + chrono::Duration::hours(i64::from(due.amount));
            (Some(at.to_rfc3339()), None)
        }
        DueUnit::WorkingDays => match add_working(cal, today, due.amount) {
            Ok(d) => (Some(crate::time::iso(d)), None),
            Err(year) => (None, Some(year)),
        },
        DueUnit::CalendarDays => {
            let p = crate::time::civil_period(today, due.amount, cal);
            f.deadline_rule =
                Some(p.rule(today, due.amount, default.and_then(|d| d.deadline.clone())));
            match p.last {
                Some(d) => (Some(crate::time::iso(d)), None),
                None => (None, Some(chrono::Datelike::year(&p.raw_last))),
            }
        }
    };
    if let Some(year) = missing {
        findings.push(ctx.finding(
            Severity::Warning,
            "questionnaire.followup.due_not_computable",
            &format!("followUps.{}", f.id),
            params![("year", year), ("title", f.title.as_str())],
        ));
    }
    f.due_by = Some(due_by);
}

/// `n` working days after `from` (0: `from` itself when it is a working day, else the next one);
/// the year the calendar lacks when it cannot tell.
fn add_working(cal: Option<&dyn WorkingDays>, from: NaiveDate, n: u32) -> Result<NaiveDate, i32> {
    use chrono::Datelike;
    let cal = cal.ok_or(from.year())?;
    let mut d = from;
    let mut left = n;
    if n == 0 {
        // At most a few weeks of holidays: 60 steps bound the walk.
        for _ in 0..60 {
            match cal.is_working(d) {
                Some(true) => return Ok(d),
                Some(false) => d = d.succ_opt().ok_or(d.year())?,
                None => return Err(d.year()),
            }
        }
        return Err(d.year());
    }
    // 90 working days at most (lint), with holidays: well under 400 calendar days.
    for _ in 0..400 {
        d = d.succ_opt().ok_or(d.year())?;
        match cal.is_working(d) {
            Some(true) => {
                left -= 1;
                if left == 0 {
                    return Ok(d);
                }
            }
            Some(false) => {}
            None => return Err(d.year()),
        }
    }
    Err(d.year())
}

/// The retention of a record (AML Law Art. 34 para 3): identity data always, from the end of the
/// relationship (`context.relationshipEndedOn`); transaction data when the callback is about a
/// transaction (`context.transactionDate`), from that day. The earliest deletion date is the latest
/// start + years (Civil Code Art. 202: the corresponding day, or the month's last), only when every
/// start is known; no holiday roll (a minimum).
fn retention(rules: &QuestionnaireRules, context: &super::CallbackContext) -> RecordRetention {
    let mut out = Vec::new();
    let mut until: Option<chrono::NaiveDate> = None;
    let mut all_known = true;
    for r in &rules.settings.retention {
        let start = match r.kind.as_str() {
            "identity" => context.relationship_ended_on.as_deref(),
            _ => match context.transaction_date.as_deref() {
                Some(d) => Some(d),
                None => continue,
            },
        };
        let start_date = start.and_then(crate::time::parse_date);
        match start_date.and_then(|d| crate::time::add_years(d, r.min_years as i32)) {
            Some(end) => until = Some(until.map_or(end, |u| u.max(end))),
            None => all_known = false,
        }
        out.push(RecordRetentionRule {
            kind: r.kind.clone(),
            min_years: r.min_years,
            from: r.from.clone(),
            start: start_date.map(crate::time::iso),
        });
    }
    let mut source = String::new();
    for r in &rules.settings.retention {
        if !source.contains(&r.source) {
            if !source.is_empty() {
                source.push(' ');
            }
            source.push_str(&r.source);
        }
    }
    RecordRetention {
        rules: out,
        retain_at_least_until: if all_known {
            until.map(crate::time::iso)
        } else {
            None
        },
        source,
    }
}

/// Re-check a record's checksum (e.g. on the bank's server).
pub fn verify_record(record: &Value) -> Result<bool, Error> {
    let claimed = record
        .get("checksum")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::argument("record: checksum missing").at_path("checksum"))?;
    if crate::jsonout::text(record).len() > crate::jsonread::MAX_ARGUMENT_BYTES {
        return Err(Error::new("argument.too_large", "record too large"));
    }
    Ok(record_checksum(record) == claimed)
}
