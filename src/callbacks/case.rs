//! `callbackCase`: the agent's record of one callback (seed §八.1: 回访时间、回访方式、回访人员…处理
//! 结果; §九.2–九.3: 转办, 跟踪, 直至客户满意为止). A reducer over a checksummed state the host keeps
//! (`saved`, masked data only): attempts with their outcomes, the completed questionnaire's record
//! (its checksum, follow-ups and lowest rating — never its answers), the second contact and
//! whether the customer was satisfied in the end. Agent ids are kept masked only.

use super::attempts::{self, Attempt, CallbackProgress, NextStep};
use super::plan::check_ref;
use super::quality::mask_agent;
use super::{CallbackChannel, CallbackRules, Segment};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::params;
use crate::time::{parse_instant, rfc3339, WorkingDays};
use serde_json::Value;

/// Most follow-ups one case carries.
pub const MAX_FOLLOW_UPS: usize = 32;
/// Most second contacts.
pub const MAX_SECOND_CONTACTS: u32 = 3;
/// Largest saved state, in bytes.
pub const MAX_SAVED_BYTES: usize = 32 * 1024;

/// Checks a questionnaire record's integrity (the questionnaire capability's checksum), supplied
/// by the api layer.
pub trait RecordCheck {
    fn is_valid(&self, record: &Value) -> Result<bool, Error>;
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CaseAttempt {
    pub at: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CallbackChannel"))]
    pub channel: String,
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub call_back_at: Option<String>,
    /// The agent, masked (`A1***93`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub agent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CaseFollowUp {
    pub id: String,
    pub action: String,
    pub priority: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub due_by: Option<String>,
    /// The department's name in the desk's language (`pack.json settings.departments`), added to
    /// every answer (not kept in `saved`, so it follows the language).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub department_name: Option<String>,
    pub done: bool,
}

#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Satisfaction {
    /// The lowest rating answer of the completed questionnaire.
    pub lowest: Option<u32>,
    /// `none`, `open` (a second-contact follow-up is waiting) or `done`.
    pub second_contact: String,
    /// After the second contact: satisfied (`satisfiedValues`) or not; `null` before.
    pub satisfied_in_end: Option<bool>,
}

/// The case as the agent sees it (and as `saved` keeps it).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CaseView {
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub customer_ref: Option<String>,
    /// `new_account`, `periodic`, `event` or `dormant`.
    pub trigger: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "QuestionnaireId"))]
    pub questionnaire: String,
    pub segment: Segment,
    pub urgent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub due_date: Option<String>,
    pub opened_at: String,
    /// `open`, `in_progress`, `completed`, `refused`, `unreachable` or `closed`.
    pub state: String,
    pub attempts: Vec<CaseAttempt>,
    pub record_checksum: Option<String>,
    pub completed_at: Option<String>,
    pub follow_ups: Vec<CaseFollowUp>,
    pub satisfaction: Satisfaction,
    pub second_contacts: u32,
    /// `completed`, `refused`, `unreachable` or `cancelled` once closed.
    pub final_outcome: Option<String>,
}

/// `callbackCase` result.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CaseResult {
    /// Keep this and pass it back with the next action (masked data only, checksummed).
    pub saved: String,
    pub case: CaseView,
    pub next_step: NextStep,
    pub findings: Vec<Finding>,
}

fn invalid_state() -> Error {
    Error::new(
        "callback_case.invalid",
        "the saved case is damaged or from another rule-pack version; open the case again",
    )
    .at_path("saved")
}

fn record_invalid(msg: &str) -> Error {
    Error::new("callback_case.record_invalid", msg).at_path("action.record")
}

fn state_text(v: &Value) -> String {
    crate::jsonout::text(v)
}

/// The saved state's checksum: SHA-256 in Crockford base32 (letters and digits mixed, so a host's
/// scan for card-like digit runs never trips on it, as it can on hex).
fn state_sum(text: &str) -> String {
    format!(
        "b32:{}",
        crate::digest::base32(&crate::digest::sha256(text.as_bytes()))
    )
}

/// `saved`: the case's JSON with the pack version and a checksum over both.
fn save(ctx: &Ctx, case: &CaseView) -> Result<String, Error> {
    // The keys in the order serde_json's map keeps them (sorted), as `json!` built it before.
    let mut body = serde_json::Map::new();
    body.insert("case".into(), crate::jsonout::to_value(case));
    body.insert("packVersion".into(), Value::from(ctx.pack_version()));
    body.insert("v".into(), Value::from(1));
    let body = Value::Object(body);
    let sum = state_sum(&state_text(&body));
    let mut out = body;
    out["checksum"] = Value::from(sum);
    let text = state_text(&out);
    if text.len() > MAX_SAVED_BYTES {
        return Err(Error::new(
            "argument.too_large",
            "the case is larger than 32 KiB",
        ));
    }
    Ok(text)
}

fn strs(o: &Obj, key: &str) -> Option<String> {
    o.opt_str(key)
}

fn load(ctx: &Ctx, saved: &str) -> Result<CaseView, Error> {
    if saved.len() > MAX_SAVED_BYTES {
        return Err(invalid_state());
    }
    let mut v: Value = crate::jsonread::parse(saved).map_err(|_| invalid_state())?;
    let claimed = v
        .get("checksum")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(o) = v.as_object_mut() {
        o.remove("checksum");
    }
    let ok = claimed.as_deref() == Some(state_sum(&state_text(&v)).as_str())
        && v["packVersion"] == ctx.pack_version()
        && v["v"] == 1;
    if !ok {
        return Err(invalid_state());
    }
    Reader::read(None, &v["case"], |o| {
        let seg = o.opt_pick(
            "segment",
            &[
                ("personal", Segment::Personal),
                ("business", Segment::Business),
            ],
        );
        let sat = o.obj("satisfaction");
        CaseView {
            reference: o.str("ref"),
            customer_ref: strs(o, "customerRef"),
            trigger: o.str("trigger"),
            questionnaire: o.str("questionnaire"),
            segment: seg.unwrap_or(Segment::Personal),
            urgent: o.bool("urgent"),
            due_date: strs(o, "dueDate"),
            opened_at: o.str("openedAt"),
            state: o.str("state"),
            attempts: o.list("attempts", |a| CaseAttempt {
                at: a.str("at"),
                channel: a.str("channel"),
                outcome: a.str("outcome"),
                call_back_at: a.opt_str("callBackAt"),
                agent: a.opt_str("agent"),
            }),
            record_checksum: strs(o, "recordChecksum"),
            completed_at: strs(o, "completedAt"),
            follow_ups: o.list("followUps", read_follow_up),
            satisfaction: Satisfaction {
                lowest: sat.opt_u32("lowest"),
                second_contact: sat.str("secondContact"),
                satisfied_in_end: sat.opt_bool("satisfiedInEnd"),
            },
            second_contacts: o.opt_u32("secondContacts").unwrap_or(0),
            final_outcome: strs(o, "finalOutcome"),
        }
    })
    .map_err(|_| invalid_state())
}

fn read_follow_up(f: &Obj) -> CaseFollowUp {
    CaseFollowUp {
        id: f.str("id"),
        action: f.str("action"),
        priority: f.str("priority"),
        department: f.opt_str("department"),
        due_by: f.opt_str("dueBy"),
        department_name: None,
        done: f.opt_bool("done").unwrap_or(false),
    }
}

/// The agent's masked id, refused when it looks like personal data.
fn agent(o: &Value) -> Result<Option<String>, Error> {
    match o.get("agentId") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(id)) => {
            check_ref(id, "action.agentId")?;
            Ok(Some(mask_agent(id)))
        }
        Some(_) => Err(Error::argument("agentId is a string").at_path("action.agentId")),
    }
}

fn instant(action: &Value, key: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, Error> {
    let s = action.get(key).and_then(Value::as_str).unwrap_or("");
    parse_instant(s, &format!("action.{key}"))
}

/// `callbackCase({ saved?, open?, action })`.
pub fn callback_case(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    records: &dyn RecordCheck,
    input: &Value,
) -> Result<CaseResult, Error> {
    // The shared reader refuses unknown keys without repeating one that is not a field name.
    Reader::read(None, input, |o| o.fields(&["action"], &["saved", "open"]))?;
    let o = input
        .as_object()
        .ok_or_else(|| Error::argument("callbackCase: expected { saved?, open?, action }"))?;
    let mut findings = Vec::new();
    let mut case = match (o.get("saved").and_then(Value::as_str), o.get("open")) {
        (Some(_), Some(_)) => {
            return Err(Error::argument("give saved or open, not both").at_path("open"))
        }
        (Some(s), None) => load(ctx, s)?,
        (None, Some(open)) => open_case(ctx, open)?,
        (None, None) => {
            return Err(Error::argument("give open (a new case) or saved").at_path("open"))
        }
    };
    let action = o
        .get("action")
        .ok_or_else(|| Error::argument("action is required").at_path("action"))?;
    Reader::read(None, action, |a| {
        a.fields(
            &["type", "at"],
            &[
                "channel",
                "outcome",
                "callBackAt",
                "agentId",
                "record",
                "followUpId",
                "reason",
            ],
        )
    })
    .map_err(|e| {
        Error::new(&e.code, e.message.clone())
            .at_path(format!("action.{}", e.path.as_deref().unwrap_or("")).trim_end_matches('.'))
    })?;
    let kind = action.get("type").and_then(Value::as_str).unwrap_or("");
    if case.state == "closed" {
        return Err(Error::new("callback_case.closed", "this case is closed").at_path("action"));
    }
    let agent = agent(action)?;
    let at = instant(action, "at")?;
    if at > ctx.now() {
        return Err(Error::argument("the action is after now").at_path("action.at"));
    }
    match kind {
        "attempt" => {
            if case.attempts.len() >= attempts::MAX_ATTEMPTS {
                return Err(
                    Error::new("argument.too_large", "at most 50 attempts").at_path("action")
                );
            }
            let a = Attempt {
                at: rfc3339(at),
                channel: action
                    .get("channel")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                outcome: action
                    .get("outcome")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                call_back_at: action
                    .get("callBackAt")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            };
            attempts::check(rules, ctx.now(), std::slice::from_ref(&a), "action").map_err(|e| {
                Error::new(&e.code, e.message.clone()).at_path(
                    e.path
                        .as_deref()
                        .unwrap_or("action")
                        .replace("action[0]", "action"),
                )
            })?;
            case.attempts.push(CaseAttempt {
                at: a.at,
                channel: a.channel,
                outcome: a.outcome,
                call_back_at: a
                    .call_back_at
                    .map(|t| parse_instant(&t, "").map(rfc3339).unwrap_or(t)),
                agent,
            });
        }
        "complete" => {
            let record = action
                .get("record")
                .ok_or_else(|| record_invalid("record is required"))?;
            let (checksum, completed) =
                verified(records, record, &case.questionnaire, &case.opened_at)?;
            case.record_checksum = Some(checksum);
            case.completed_at = Some(completed);
            case.satisfaction.lowest = lowest_rating(record);
            add_follow_ups(&mut case, record, None)?;
            if let Some(f) = case
                .follow_ups
                .iter()
                .find(|f| f.action == "second_contact" && !f.done)
            {
                case.satisfaction.second_contact = "open".into();
                findings.push(ctx.finding(
                    Severity::Info,
                    "callback.second_contact_open",
                    "followUps",
                    params![("dueBy", f.due_by.clone().unwrap_or_default())],
                ));
            }
            case.state = "completed".into();
        }
        "second_contact" => {
            if case.second_contacts >= MAX_SECOND_CONTACTS {
                return Err(
                    Error::new("argument.too_large", "at most 3 second contacts").at_path("action"),
                );
            }
            let record = action
                .get("record")
                .ok_or_else(|| record_invalid("record is required"))?;
            let sc = &rules.second_contact;
            verified(records, record, &sc.questionnaire, &case.opened_at)?;
            let answer = record["answers"]
                .as_array()
                .and_then(|a| {
                    a.iter()
                        .find(|x| x["questionId"] == sc.result_question.as_str())
                })
                .and_then(|x| x["value"].as_str())
                .ok_or_else(|| {
                    record_invalid("the second-contact record has no answer to its result question")
                })?;
            let satisfied = sc.satisfied_values.iter().any(|v| v == answer);
            case.second_contacts += 1;
            case.satisfaction.satisfied_in_end = Some(satisfied);
            case.satisfaction.second_contact = "done".into();
            for f in case
                .follow_ups
                .iter_mut()
                .filter(|f| f.action == "second_contact")
            {
                f.done = true;
            }
            add_follow_ups(&mut case, record, Some(&["complaint", "service_request"]))?;
            findings.push(if satisfied {
                ctx.finding(
                    Severity::Info,
                    "callback.satisfied_in_end",
                    "satisfaction",
                    params![],
                )
            } else {
                ctx.finding(
                    Severity::Warning,
                    "callback.not_satisfied_in_end",
                    "satisfaction",
                    params![],
                )
            });
        }
        "follow_up_done" => {
            let id = action
                .get("followUpId")
                .and_then(Value::as_str)
                .unwrap_or("");
            let f = case
                .follow_ups
                .iter_mut()
                .find(|f| f.id == id)
                .ok_or_else(|| {
                    Error::argument("no follow-up with this id in the case")
                        .at_path("action.followUpId")
                })?;
            f.done = true;
        }
        "close" => {
            let reason = action.get("reason").and_then(Value::as_str).unwrap_or("");
            if !matches!(
                reason,
                "completed" | "refused" | "unreachable" | "cancelled"
            ) {
                return Err(Error::argument(
                    "reason is completed, refused, unreachable or cancelled",
                )
                .at_path("action.reason"));
            }
            case.final_outcome = Some(reason.to_string());
            case.state = "closed".into();
        }
        _ => {
            return Err(Error::argument(
                "action.type is attempt, complete, second_contact, follow_up_done or close",
            )
            .at_path("action.type"))
        }
    }
    let checked: Vec<attempts::Checked> = case
        .attempts
        .iter()
        .filter_map(|a| {
            Some(attempts::Checked {
                at: parse_instant(&a.at, "").ok()?,
                channel: CallbackChannel::ALL[CallbackChannel::NAMES
                    .iter()
                    .position(|n| *n == a.channel)?],
                outcome: a.outcome.clone(),
                call_back_at: a
                    .call_back_at
                    .as_deref()
                    .and_then(|t| parse_instant(t, "").ok()),
            })
        })
        .collect();
    let done = matches!(case.state.as_str(), "completed" | "closed");
    let out = attempts::next_step(ctx, rules, cal, case.urgent, &checked, &[]);
    let next_step = if done {
        NextStep {
            reason: "completed",
            text: ctx.text("callback.step.completed"),
            ..NextStep::default()
        }
    } else {
        case.state = match out.progress {
            CallbackProgress::NotStarted => "open",
            CallbackProgress::InProgress => "in_progress",
            CallbackProgress::Completed => "completed",
            CallbackProgress::Refused => "refused",
            CallbackProgress::Unreachable => "unreachable",
        }
        .into();
        findings.extend(out.findings);
        out.step
    };
    let saved = save(ctx, &case)?;
    for f in &mut case.follow_ups {
        f.department_name = f
            .department
            .as_deref()
            .map(|d| attempts::ctx_department(ctx, d));
    }
    Ok(CaseResult {
        saved,
        case,
        next_step,
        findings,
    })
}

fn open_case(ctx: &Ctx, open: &Value) -> Result<CaseView, Error> {
    let v = Reader::read(None, open, |o| {
        o.fields(
            &["ref", "trigger", "questionnaire", "segment"],
            &["customerRef", "urgent", "dueDate"],
        );
        (
            o.str("ref"),
            o.opt_str("customerRef"),
            ["new_account", "periodic", "event", "dormant"]
                [o.choice("trigger", &["new_account", "periodic", "event", "dormant"])]
            .to_string(),
            o.str("questionnaire"),
            o.pick(
                "segment",
                &[
                    ("personal", Segment::Personal),
                    ("business", Segment::Business),
                ],
            ),
            o.opt_bool("urgent").unwrap_or(false),
            o.opt_str("dueDate"),
        )
    })
    .map_err(|e| {
        let path = format!("open.{}", e.path.as_deref().unwrap_or(""));
        Error::new(&e.code, e.message.clone()).at_path(path.trim_end_matches('.'))
    })?;
    check_ref(&v.0, "open.ref")?;
    if let Some(c) = &v.1 {
        check_ref(c, "open.customerRef")?;
    }
    if !super::is_key(&v.3, 64) {
        return Err(
            Error::argument("questionnaire ids are lowercase letters, digits and _")
                .at_path("open.questionnaire"),
        );
    }
    if let Some(d) = &v.6 {
        crate::time::parse_date(d).ok_or_else(|| {
            Error::argument("expected a real date YYYY-MM-DD").at_path("open.dueDate")
        })?;
    }
    Ok(CaseView {
        reference: v.0,
        customer_ref: v.1,
        trigger: v.2,
        questionnaire: v.3,
        segment: v.4,
        urgent: v.5,
        due_date: v.6,
        opened_at: rfc3339(ctx.now()),
        state: "open".into(),
        attempts: Vec::new(),
        record_checksum: None,
        completed_at: None,
        follow_ups: Vec::new(),
        satisfaction: Satisfaction {
            lowest: None,
            second_contact: "none".into(),
            satisfied_in_end: None,
        },
        second_contacts: 0,
        final_outcome: None,
    })
}

/// The record's checksum and completion time, when it verifies, is for `questionnaire` and was
/// completed after the case was opened.
fn verified(
    records: &dyn RecordCheck,
    record: &Value,
    questionnaire: &str,
    opened_at: &str,
) -> Result<(String, String), Error> {
    if !records.is_valid(record).unwrap_or(false) {
        return Err(record_invalid(
            "the record does not verify (its checksum does not match its content)",
        ));
    }
    if record["questionnaireId"] != questionnaire {
        return Err(record_invalid(
            "the record is of another questionnaire than this case's",
        ));
    }
    let completed = record["completedAt"].as_str().unwrap_or("");
    let (Ok(done), Ok(opened)) = (parse_instant(completed, ""), parse_instant(opened_at, ""))
    else {
        return Err(record_invalid("the record has no completion time"));
    };
    if done < opened {
        return Err(record_invalid(
            "the record was completed before the case was opened",
        ));
    }
    Ok((
        record["checksum"].as_str().unwrap_or("").to_string(),
        rfc3339(done),
    ))
}

fn lowest_rating(record: &Value) -> Option<u32> {
    record["answers"]
        .as_array()?
        .iter()
        .filter(|a| a["type"] == "rating")
        .filter_map(|a| a["value"].as_u64())
        .min()
        .map(|x| x.min(u64::from(u32::MAX)) as u32)
}

/// Copy the record's follow-ups (only `only`'s actions when given) into the case.
fn add_follow_ups(case: &mut CaseView, record: &Value, only: Option<&[&str]>) -> Result<(), Error> {
    let list = record["followUps"].as_array().cloned().unwrap_or_default();
    for f in &list {
        let follow = Reader::read(None, f, read_follow_up)
            .map_err(|_| record_invalid("a follow-up of the record is malformed"))?;
        if only.is_some_and(|ok| !ok.contains(&follow.action.as_str())) {
            continue;
        }
        if case.follow_ups.len() >= MAX_FOLLOW_UPS {
            return Err(
                Error::new("argument.too_large", "at most 32 follow-ups").at_path("action.record")
            );
        }
        case.follow_ups.push(follow);
    }
    Ok(())
}
