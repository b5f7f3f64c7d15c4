//! `callbackPlan`: each account and event made a callback to make, with its due date (exact, or
//! bounds when the calendar lacks the year), its questionnaire by segment and account status, its
//! status against today, and the agent's next step from the attempts so far.

use super::attempts::{self, Action, Attempt, CallbackProgress, NextStep, Task};
use super::sms::{self, SendAdvice};
use super::{
    due_from, roll_to_working_day, CallbackDue, CallbackDueUnit, CallbackRules, OnCalendar, Roll,
    Segment, MAX_ITEMS, MAX_REF_CHARS,
};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::params;
use crate::time::{iso, parse_date, parse_instant, rfc3339, shanghai, WorkingDays};
use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, Weekday};
use serde_json::Value;

/// The customer's risk level: the shared vocabulary (`crate::vocabulary`), also a questionnaire's
/// `context.riskLevel`.
pub use crate::vocabulary::RiskLevel;

type Instant = DateTime<FixedOffset>;

/// Input of `callbackPlan` (read by `parse_input`).
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanInput {
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub accounts: Vec<PlanAccount>,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub events: Vec<PlanEvent>,
    /// The month's completed callbacks to draw the quality sample from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub quality: Option<super::quality::QualityInput>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanAccount {
    /// Opaque reference chosen by the bank (never an account number or other personal data):
    /// 1–64 visible ASCII characters, refused when it looks like a mobile, ID or card number.
    #[serde(rename = "ref")]
    pub reference: String,
    /// A key of `callbacks.json` `accountTypes`, e.g. `personal_class_1`, `business_basic`.
    #[serde(rename = "type")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "AccountType"))]
    pub account_type: String,
    pub risk_level: RiskLevel,
    /// `YYYY-MM-DD`.
    pub opened_on: String,
    /// `YYYY-MM-DD` of the last completed callback; absent when none happened yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub last_callback_on: Option<String>,
    /// A `callbacks.json` `statuses` key (a `tiers.json` status id); default `active`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub status: Option<String>,
    /// Opaque customer reference: groups the SMS caps across a customer's items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub customer_ref: Option<String>,
    /// Attempts for the callback now due (at most 50).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub attempts: Vec<Attempt>,
    /// RFC 3339 times of callback and reminder texts sent to this customer (at most 50).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sms_sent_at: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanEvent {
    /// Opaque reference (1–64 visible ASCII characters, not personal data).
    #[serde(rename = "ref")]
    pub reference: String,
    /// A key of `callbacks.json` `events`, e.g. `large_transaction`, `suspected_fraud`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CallbackEvent"))]
    pub kind: String,
    /// `YYYY-MM-DD` the event happened (or closed, for a complaint).
    pub on: String,
    /// RFC 3339 time of the event; required for events due in hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub customer_ref: Option<String>,
    /// The account type the event is about (gives the segment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "AccountType"))]
    pub account_type: Option<String>,
    /// Personal or business, when no account type is given (default personal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub segment: Option<Segment>,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub attempts: Vec<Attempt>,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sms_sent_at: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Trigger {
    NewAccount,
    Periodic,
    Event,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum DueStatus {
    Overdue,
    DueToday,
    Upcoming,
    /// The due date may fall before or after today in a year the calendar does not cover.
    NotComputable,
}

/// What set a periodic interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum IntervalBasis {
    RiskLevel,
    AccountStatus,
}

/// One callback to make.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanItem {
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub customer_ref: Option<String>,
    pub trigger: Trigger,
    /// The event kind, for `trigger: "event"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "CallbackEvent"))]
    pub event: Option<String>,
    pub segment: Segment,
    /// The account type, for account triggers (and events that name one).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "AccountType"))]
    pub account_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub risk_level: Option<RiskLevel>,
    /// The account's status, for account triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub account_status: Option<String>,
    /// The questionnaire id to run.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "QuestionnaireId"))]
    pub questionnaire: String,
    /// Localized name of the trigger (account type or event kind).
    pub label: String,
    /// The date the due date counts from: opening, last callback or event.
    pub basis_date: String,
    /// The due rule (new account, event): `{ unit, amount }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub due: Option<CallbackDue>,
    /// Months after the last callback (periodic), after the account status's cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub interval_months: Option<u32>,
    /// The account type's interval for the risk level, before the status's cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub regular_interval_months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub interval_basis: Option<IntervalBasis>,
    /// `YYYY-MM-DD`, or `null` when not known exactly.
    pub due_date: Option<String>,
    /// RFC 3339, for callbacks due within hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub due_at: Option<String>,
    pub due_date_exact: bool,
    /// Bounds of a due date in a year the calendar does not cover.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub due_not_before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub due_not_after: Option<String>,
    pub status: DueStatus,
    /// Calendar days past the due date (past `dueNotAfter`, a certain minimum, when inexact).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub days_overdue: Option<i64>,
    pub urgent: bool,
    pub progress: CallbackProgress,
    pub next_step: NextStep,
    pub sms: SendAdvice,
    pub tasks: Vec<Task>,
    pub findings: Vec<Finding>,
}

/// How many items want each next action.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct NextActions {
    pub call: usize,
    pub send_sms: usize,
    pub send_in_app: usize,
    pub wait_reply: usize,
    pub escalate: usize,
}

#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanSummary {
    pub total: usize,
    pub overdue: usize,
    pub due_today: usize,
    pub upcoming: usize,
    pub not_computable: usize,
    pub in_progress: usize,
    pub completed: usize,
    pub refused: usize,
    pub unreachable: usize,
    pub next_actions: NextActions,
}

/// Result of `callbackPlan`: items ordered by due date, urgent first on equal dates, then input
/// order (accounts, then events); inexact items by `dueNotBefore`; not-computable items last.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CallbackPlan {
    pub today: String,
    pub items: Vec<PlanItem>,
    pub summary: PlanSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub quality_sample: Option<super::quality::QualitySample>,
}

// ---- computation ----

/// Whether `s` holds what looks like a mobile number (11 digits from `1[3-9]`), a resident ID
/// number (15 digits, or 17 digits and a digit or X) or a card number (16–19 digits).
pub fn looks_like_personal_data(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let n = i - start;
        let x_after = n == 17 && matches!(b.get(i), Some(b'X' | b'x'));
        let mobile = n == 11 && b[start] == b'1' && matches!(b[start + 1], b'3'..=b'9');
        if mobile || n == 15 || x_after || (16..=19).contains(&n) {
            return true;
        }
    }
    false
}

/// An opaque reference (ref, customerRef, agent id): 1–64 visible ASCII characters that do not
/// look like personal data. The message never repeats the value.
pub fn check_ref(r: &str, path: &str) -> Result<(), Error> {
    if r.is_empty() || r.len() > MAX_REF_CHARS || !r.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::argument(format!("ref is 1 to {MAX_REF_CHARS} visible ASCII characters (an opaque reference, never personal data)")).at_path(path));
    }
    if looks_like_personal_data(r) {
        return Err(
            Error::argument("ref looks like personal data; pass an opaque reference").at_path(path),
        );
    }
    Ok(())
}

fn past_date(s: &str, path: &str, today: NaiveDate) -> Result<NaiveDate, Error> {
    let d = Some(s)
        .filter(|s| s.len() <= 32)
        .and_then(parse_date)
        .ok_or_else(|| Error::argument("expected a real date YYYY-MM-DD").at_path(path))?;
    if d > today {
        return Err(Error::argument("date is after today").at_path(path));
    }
    Ok(d)
}

/// `n` Monday–Friday days after `d` (the calendar-free estimate of `n` working days).
fn weekdays_after(d: NaiveDate, n: u32) -> NaiveDate {
    let mut d = d;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

/// When the callback falls due.
enum When {
    /// Exact date (and moment, for hours).
    Exact(NaiveDate, Option<Instant>),
    /// The calendar lacks `year`: the due date lies in `[not_before, not_after]`, around `approx`.
    Bounds {
        year: i32,
        approx: NaiveDate,
        not_before: NaiveDate,
        not_after: NaiveDate,
    },
}

struct Draft {
    item: PlanItem,
    when: When,
    attempts: Vec<attempts::Checked>,
    /// SMS caps are per customer: `customerRef`, else `ref`.
    customer: String,
    sms_sent: Vec<Instant>,
}

fn exact_or_bounds(
    r: OnCalendar,
    at: Option<Instant>,
    approx: NaiveDate,
    lo: NaiveDate,
    hi: NaiveDate,
) -> When {
    match r {
        Ok(d) => When::Exact(d, at),
        Err(year) => When::Bounds {
            year,
            approx,
            not_before: lo,
            not_after: hi,
        },
    }
}

/// A due rule from a date (new accounts, events): exact when the calendar covers it, else bounds.
fn due_when(
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    due: CallbackDue,
    basis: NaiveDate,
    at: Option<Instant>,
) -> When {
    let from = at.unwrap_or_else(|| {
        basis
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(shanghai()).single())
            .unwrap_or_default()
    });
    let (date, due_at) = due_from(cal, due, from);
    let late = i64::from(rules.latest_extra_days);
    let (approx, lo, hi) = match due.unit {
        CallbackDueUnit::WorkingDays => {
            let w = weekdays_after(basis, due.amount);
            let floor = basis + Duration::days(i64::from(due.amount));
            let lo = (w - Duration::days(i64::from(rules.earliest_earlier_days))).max(floor);
            (w, lo, w + Duration::days(late))
        }
        _ => {
            let raw = basis + Duration::days(i64::from(due.amount));
            match due.roll {
                Roll::Preceding => (raw, raw - Duration::days(late), raw),
                _ => (raw, raw, raw + Duration::days(late)),
            }
        }
    };
    exact_or_bounds(date, due_at, approx, lo, hi)
}

/// `callbackPlan({ accounts, events, quality? })`: each account and event made a plan item
/// (`account_item`, `event_item`), its next step from its attempts, then every item given its
/// status and put in due order (`schedule`); the quality sample when asked.
pub fn callback_plan(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    input: &PlanInput,
) -> Result<CallbackPlan, Error> {
    if input.accounts.len() > MAX_ITEMS || input.events.len() > MAX_ITEMS {
        return Err(Error::new(
            "argument.too_large",
            format!("at most {MAX_ITEMS} accounts and {MAX_ITEMS} events per call"),
        ));
    }
    let mut drafts = Vec::with_capacity(input.accounts.len() + input.events.len());
    for (i, a) in input.accounts.iter().enumerate() {
        drafts.push(account_item(ctx, rules, cal, i, a)?);
    }
    for (i, e) in input.events.iter().enumerate() {
        drafts.push(event_item(ctx, rules, cal, i, e)?);
    }
    let quality = match &input.quality {
        Some(q) => Some(super::quality::sample(ctx, rules, q)?),
        None => None,
    };
    let mut plan = schedule(ctx, rules, cal, drafts);
    plan.quality_sample = quality;
    Ok(plan)
}

fn new_item(
    reference: &str,
    customer_ref: &Option<String>,
    trigger: Trigger,
    segment: Segment,
    label: &str,
) -> PlanItem {
    PlanItem {
        reference: reference.to_string(),
        customer_ref: customer_ref.clone(),
        trigger,
        event: None,
        segment,
        account_type: None,
        risk_level: None,
        account_status: None,
        questionnaire: String::new(),
        label: label.to_string(),
        basis_date: String::new(),
        due: None,
        interval_months: None,
        regular_interval_months: None,
        interval_basis: None,
        due_date: None,
        due_at: None,
        due_date_exact: false,
        due_not_before: None,
        due_not_after: None,
        status: DueStatus::NotComputable,
        days_overdue: None,
        urgent: false,
        progress: CallbackProgress::NotStarted,
        next_step: NextStep::default(),
        sms: SendAdvice::default(),
        tasks: Vec::new(),
        findings: Vec::new(),
    }
}

/// Refs, attempts and texts shared by accounts and events.
fn common(
    ctx: &Ctx,
    rules: &CallbackRules,
    p: &dyn Fn(&str) -> String,
    reference: &str,
    customer_ref: &Option<String>,
    list: &[Attempt],
    sent: &[String],
) -> Result<(Vec<attempts::Checked>, Vec<Instant>), Error> {
    check_ref(reference, &p("ref"))?;
    if let Some(c) = customer_ref {
        check_ref(c, &p("customerRef"))?;
    }
    let checked = attempts::check(rules, ctx.now(), list, &p("attempts"))?;
    let sent = sms::read_sent(sent, ctx.now(), &p("smsSentAt"))?;
    Ok((checked, sent))
}

/// An account: the new-account callback until a callback happened, then the periodic one after
/// the interval of its type and risk level, capped by its status.
fn account_item(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    i: usize,
    a: &PlanAccount,
) -> Result<Draft, Error> {
    let today = ctx.today();
    let p = |f: &str| format!("accounts[{i}].{f}");
    let (checked, sent) = common(
        ctx,
        rules,
        &p,
        &a.reference,
        &a.customer_ref,
        &a.attempts,
        &a.sms_sent_at,
    )?;
    let t = rules.account_type(&a.account_type).ok_or_else(|| {
        Error::argument("unknown account type (see accountTypes in callbacks.json)")
            .at_path(p("type"))
    })?;
    let status_id = a.status.as_deref().unwrap_or("active");
    let status = rules.status(status_id).ok_or_else(|| {
        Error::argument("unknown status (see statuses in callbacks.json)").at_path(p("status"))
    })?;
    let opened = past_date(&a.opened_on, &p("openedOn"), today)?;
    let last = match &a.last_callback_on {
        Some(s) => {
            let d = past_date(s, &p("lastCallbackOn"), today)?;
            if d < opened {
                return Err(Error::argument("lastCallbackOn is before openedOn")
                    .at_path(p("lastCallbackOn")));
            }
            Some(d)
        }
        None => None,
    };
    let seg = t.segment;
    let mut item = new_item(
        &a.reference,
        &a.customer_ref,
        Trigger::NewAccount,
        seg,
        t.name.get(ctx.locale()),
    );
    item.account_type = Some(a.account_type.clone());
    item.risk_level = Some(a.risk_level);
    item.account_status = Some(status_id.to_string());
    let when = match last {
        None => {
            let due = rules.new_account.due;
            item.questionnaire = rules.new_account.questionnaire.get(seg).to_string();
            item.basis_date = iso(opened);
            item.due = Some(due);
            due_when(rules, cal, due, opened, None)
        }
        Some(last) => {
            let regular = match a.risk_level {
                RiskLevel::Low => t.interval_months.low,
                RiskLevel::Medium => t.interval_months.medium,
                RiskLevel::High => t.interval_months.high,
            };
            let cap = status.max_interval_months.map(|m| match seg {
                Segment::Personal => m.personal,
                Segment::Business => m.business,
            });
            let months = cap.map_or(regular, |c| c.min(regular));
            item.trigger = Trigger::Periodic;
            item.questionnaire = match &status.questionnaire {
                Some(r) => {
                    item.findings.push(ctx.finding(
                        Severity::Info,
                        "callback.dormant_route",
                        "questionnaire",
                        params![],
                    ));
                    r.get(seg).to_string()
                }
                None => rules.periodic.questionnaire.get(seg).to_string(),
            };
            item.basis_date = iso(last);
            item.interval_months = Some(months);
            item.regular_interval_months = Some(regular);
            item.interval_basis = Some(if months < regular {
                item.findings.push(ctx.finding(
                    Severity::Info,
                    "callback.interval_shortened",
                    "intervalMonths",
                    params![
                        ("status", status.name.get(ctx.locale())),
                        ("months", months),
                        ("regularMonths", regular)
                    ],
                ));
                IntervalBasis::AccountStatus
            } else {
                IntervalBasis::RiskLevel
            });
            let raw = last
                .checked_add_months(Months::new(months))
                .ok_or_else(|| Error::argument("date out of range").at_path(p("lastCallbackOn")))?;
            let forward = rules.periodic.roll != Roll::Preceding;
            let late = Duration::days(i64::from(rules.latest_extra_days));
            let (lo, hi) = if forward {
                (raw, raw + late)
            } else {
                (raw - late, raw)
            };
            exact_or_bounds(roll_to_working_day(cal, raw, forward), None, raw, lo, hi)
        }
    };
    let customer = a
        .customer_ref
        .clone()
        .unwrap_or_else(|| a.reference.clone());
    Ok(Draft {
        item,
        when,
        attempts: checked,
        customer,
        sms_sent: sent,
    })
}

/// An event: its callback by the event kind's due rule (working days, calendar days or hours
/// from the event's time).
fn event_item(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    i: usize,
    e: &PlanEvent,
) -> Result<Draft, Error> {
    let p = |f: &str| format!("events[{i}].{f}");
    let (checked, sent) = common(
        ctx,
        rules,
        &p,
        &e.reference,
        &e.customer_ref,
        &e.attempts,
        &e.sms_sent_at,
    )?;
    let rule = rules.event(&e.kind).ok_or_else(|| {
        Error::argument("unknown event kind (see events in callbacks.json)").at_path(p("kind"))
    })?;
    let on = past_date(&e.on, &p("on"), ctx.today())?;
    let at = match &e.at {
        Some(s) => {
            let t = parse_instant(s, &p("at"))?;
            if t > ctx.now() {
                return Err(Error::argument("the event's time is after now").at_path(p("at")));
            }
            if t.date_naive() != on {
                return Err(Error::argument("at falls on another day than on").at_path(p("at")));
            }
            Some(t)
        }
        None if rule.due.unit == CallbackDueUnit::Hours => {
            return Err(Error::argument(
                "this event is due within hours: give its time (at, RFC 3339)",
            )
            .at_path(p("at")))
        }
        None => None,
    };
    let seg = match &e.account_type {
        Some(t) => {
            rules
                .account_type(t)
                .ok_or_else(|| {
                    Error::argument("unknown account type (see accountTypes in callbacks.json)")
                        .at_path(p("accountType"))
                })?
                .segment
        }
        None => e.segment.unwrap_or(Segment::Personal),
    };
    let mut item = new_item(
        &e.reference,
        &e.customer_ref,
        Trigger::Event,
        seg,
        rule.name.get(ctx.locale()),
    );
    item.event = Some(e.kind.clone());
    item.account_type = e.account_type.clone();
    item.questionnaire = rule.questionnaire.get(seg).to_string();
    item.basis_date = iso(on);
    item.due = Some(rule.due);
    item.urgent = rule.urgent;
    let when = due_when(
        rules,
        cal,
        rule.due,
        on,
        at.filter(|_| rule.due.unit == CallbackDueUnit::Hours),
    );
    let customer = e
        .customer_ref
        .clone()
        .unwrap_or_else(|| e.reference.clone());
    Ok(Draft {
        item,
        when,
        attempts: checked,
        customer,
        sms_sent: sent,
    })
}

/// The first year the calendar covers after `year` (for the "before the calendar" finding).
fn first_covered_after(cal: &dyn WorkingDays, year: i32) -> i32 {
    (year + 1..year + 200)
        .find(|y| {
            NaiveDate::from_ymd_opt(*y, 7, 1)
                .and_then(|d| cal.is_working(d))
                .is_some()
        })
        .unwrap_or(year + 1)
}

/// Each item's status against today with its finding, its next step, the summary, and the
/// items in due order.
fn schedule(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    drafts: Vec<Draft>,
) -> CallbackPlan {
    let today = ctx.today();
    let now = ctx.now();
    let mut summary = PlanSummary {
        total: drafts.len(),
        ..PlanSummary::default()
    };
    // Texts per customer: the caps count every text to one customer, whichever item sent it.
    let mut by_customer: Vec<(String, Vec<Instant>)> = Vec::new();
    for d in &drafts {
        match by_customer.iter_mut().find(|(c, _)| *c == d.customer) {
            Some((_, list)) => list.extend(d.sms_sent.iter().copied()),
            None => by_customer.push((d.customer.clone(), d.sms_sent.clone())),
        }
    }
    // (not computable, date, inexact, not urgent, input index)
    let mut keyed: Vec<(bool, NaiveDate, bool, bool, usize)> = Vec::with_capacity(drafts.len());
    let mut items: Vec<PlanItem> = Vec::with_capacity(drafts.len());
    for (
        n,
        Draft {
            mut item,
            when,
            attempts: tried,
            customer,
            ..
        },
    ) in drafts.into_iter().enumerate()
    {
        let mut due_findings = Vec::new();
        let key = match when {
            When::Exact(d, at) => {
                item.due_date = Some(iso(d));
                item.due_date_exact = true;
                item.due_at = at.map(rfc3339);
                let late = (today - d).num_days();
                let overdue = match at {
                    Some(at) => now > at,
                    None => late > 0,
                };
                if overdue {
                    item.status = DueStatus::Overdue;
                    item.days_overdue = Some(late.max(0));
                    due_findings.push(match at {
                        Some(at) => ctx.finding(
                            Severity::Warning,
                            "callback.overdue_since",
                            "dueAt",
                            params![("dueAt", super::display_time(at))],
                        ),
                        None => ctx.finding(
                            Severity::Warning,
                            "callback.overdue",
                            "dueDate",
                            params![("days", late)],
                        ),
                    });
                    summary.overdue += 1;
                } else if late == 0 {
                    item.status = DueStatus::DueToday;
                    due_findings.push(ctx.finding(
                        Severity::Info,
                        "callback.due_today",
                        "dueDate",
                        params![],
                    ));
                    summary.due_today += 1;
                } else {
                    item.status = DueStatus::Upcoming;
                    summary.upcoming += 1;
                }
                if let (Some(at), false) = (at, overdue) {
                    due_findings.push(ctx.finding(
                        Severity::Info,
                        "callback.due_within_hours",
                        "dueAt",
                        params![("dueAt", super::display_time(at))],
                    ));
                }
                (false, d, false, !item.urgent, n)
            }
            When::Bounds {
                year,
                approx,
                not_before,
                not_after,
            } => {
                if not_after < today {
                    let days = (today - not_after).num_days();
                    item.status = DueStatus::Overdue;
                    item.days_overdue = Some(days);
                    due_findings.push(ctx.finding(
                        Severity::Warning,
                        "callback.due_before_calendar",
                        "dueDate",
                        params![
                            ("approxDate", iso(approx)),
                            ("firstYear", first_covered_after(cal, year)),
                            ("days", days)
                        ],
                    ));
                    summary.overdue += 1;
                } else if not_before > today {
                    item.status = DueStatus::Upcoming;
                    due_findings.push(ctx.finding(
                        Severity::Info,
                        "callback.due_after_calendar",
                        "dueDate",
                        params![("approxDate", iso(approx)), ("year", year)],
                    ));
                    summary.upcoming += 1;
                } else {
                    due_findings.push(ctx.finding(
                        Severity::Warning,
                        "callback.calendar_not_covered",
                        "dueDate",
                        params![("year", year)],
                    ));
                    summary.not_computable += 1;
                }
                item.due_not_before = Some(iso(not_before));
                item.due_not_after = Some(iso(not_after));
                let nc = item.status == DueStatus::NotComputable;
                (
                    nc,
                    if nc { NaiveDate::MIN } else { not_before },
                    true,
                    !item.urgent,
                    n,
                )
            }
        };
        let sent = by_customer
            .iter()
            .find(|(c, _)| *c == customer)
            .map_or(&[][..], |(_, l)| l.as_slice());
        let out = attempts::next_step(ctx, rules, cal, item.urgent, &tried, sent);
        match out.progress {
            CallbackProgress::InProgress => summary.in_progress += 1,
            CallbackProgress::Completed => summary.completed += 1,
            CallbackProgress::Refused => summary.refused += 1,
            CallbackProgress::Unreachable => summary.unreachable += 1,
            CallbackProgress::NotStarted => {}
        }
        let na = &mut summary.next_actions;
        match out.step.action {
            Action::Call => na.call += 1,
            Action::SendSms => na.send_sms += 1,
            Action::SendInApp => na.send_in_app += 1,
            Action::WaitReply => na.wait_reply += 1,
            Action::Escalate => na.escalate += 1,
            Action::None => {}
        }
        item.findings.splice(0..0, due_findings);
        item.findings.extend(out.findings);
        item.progress = out.progress;
        item.next_step = out.step;
        item.sms = out.sms;
        item.tasks = out.tasks;
        keyed.insert(keyed.partition_point(|k| *k < key), key);
        items.push(item);
    }
    let mut slots: Vec<Option<PlanItem>> = items.into_iter().map(Some).collect();
    let items = keyed
        .iter()
        .filter_map(|k| slots.get_mut(k.4).and_then(Option::take))
        .collect();
    CallbackPlan {
        today: iso(today),
        items,
        summary,
        quality_sample: None,
    }
}

fn read_attempts(o: &Obj) -> Vec<Attempt> {
    o.at_most("attempts", attempts::MAX_ATTEMPTS);
    o.list("attempts", |a| {
        a.fields(&["at", "channel", "outcome"], &["callBackAt"]);
        Attempt {
            at: a.str("at"),
            channel: a.str("channel"),
            outcome: a.str("outcome"),
            call_back_at: a.opt_str("callBackAt"),
        }
    })
}

fn read_sent(o: &Obj) -> Vec<String> {
    o.at_most("smsSentAt", sms::MAX_SENT);
    o.strings("smsSentAt")
}

/// The JSON argument of `callbackPlan`: `{ accounts?, events?, quality? }`.
pub fn parse_input(v: &Value) -> Result<PlanInput, Error> {
    Reader::read(None, v, |o| {
        o.only(&["accounts", "events", "quality"]);
        o.at_most("accounts", MAX_ITEMS);
        o.at_most("events", MAX_ITEMS);
        PlanInput {
            accounts: o.list("accounts", |a| {
                a.fields(
                    &["ref", "type", "riskLevel", "openedOn"],
                    &[
                        "lastCallbackOn",
                        "status",
                        "customerRef",
                        "attempts",
                        "smsSentAt",
                    ],
                );
                PlanAccount {
                    reference: a.str("ref"),
                    account_type: a.str("type"),
                    risk_level: [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High]
                        [a.choice("riskLevel", &["low", "medium", "high"])],
                    opened_on: a.str("openedOn"),
                    last_callback_on: a.opt_str("lastCallbackOn"),
                    status: a.opt_str("status"),
                    customer_ref: a.opt_str("customerRef"),
                    attempts: read_attempts(a),
                    sms_sent_at: read_sent(a),
                }
            }),
            events: o.list("events", |e| {
                e.fields(
                    &["ref", "kind", "on"],
                    &[
                        "at",
                        "customerRef",
                        "accountType",
                        "segment",
                        "attempts",
                        "smsSentAt",
                    ],
                );
                PlanEvent {
                    reference: e.str("ref"),
                    kind: e.str("kind"),
                    on: e.str("on"),
                    at: e.opt_str("at"),
                    customer_ref: e.opt_str("customerRef"),
                    account_type: e.opt_str("accountType"),
                    segment: e.opt_pick(
                        "segment",
                        &[
                            ("personal", Segment::Personal),
                            ("business", Segment::Business),
                        ],
                    ),
                    attempts: read_attempts(e),
                    sms_sent_at: read_sent(e),
                }
            }),
            quality: o.opt_obj("quality").map(|q| super::quality::read_input(&q)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use crate::loader::{disk_files, Loader};
    use crate::time::WorkingDays;
    use serde_json::json;

    /// The default pack's calendar as `WorkingDays`: the real 2024–2026 arrangements, read from
    /// `pkg-config/calendar/` without the calendar capability (a stand-in of the api layer's).
    pub(crate) struct TestCalendar(Vec<(NaiveDate, bool)>, Vec<i32>);

    impl WorkingDays for TestCalendar {
        fn is_working(&self, d: NaiveDate) -> Option<bool> {
            use chrono::Datelike;
            if !self.1.contains(&d.year()) {
                return None;
            }
            Some(match self.0.iter().find(|(x, _)| *x == d) {
                Some((_, w)) => *w,
                None => d.weekday().number_from_monday() <= 5,
            })
        }
    }

    pub(crate) fn test_calendar() -> TestCalendar {
        let mut days = Vec::new();
        let mut years = Vec::new();
        for (path, v) in disk_files() {
            if !path.starts_with("calendar/") {
                continue;
            }
            years.push(v["year"].as_i64().unwrap() as i32);
            for h in v["holidays"].as_array().unwrap() {
                for (key, working) in [("off", false), ("work", true)] {
                    for d in h[key].as_array().into_iter().flatten() {
                        days.push((parse_date(d.as_str().unwrap()).unwrap(), working));
                    }
                }
            }
        }
        TestCalendar(days, years)
    }

    fn rules() -> CallbackRules {
        CallbackRules::load(&Loader::new(&disk_files())).unwrap()
    }

    fn plan(v: serde_json::Value) -> Result<CallbackPlan, Error> {
        let input = parse_input(&v)?;
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        callback_plan(&ctx, &rules(), &test_calendar(), &input)
    }

    #[test]
    fn new_account_over_national_day() {
        // Opened Wed 2026-09-30; 5 working days: Oct 8, 9, 10 (adjusted Sat), 12, 13.
        let p = plan(json!({ "accounts": [{ "ref": "A1", "type": "personal_class_1", "riskLevel": "low", "openedOn": "2026-09-30" }] })).unwrap();
        let it = &p.items[0];
        assert_eq!(it.trigger, Trigger::NewAccount);
        assert_eq!(it.questionnaire, "new_account");
        assert_eq!(it.due_date.as_deref(), Some("2026-10-13"));
        assert_eq!(it.status, DueStatus::Overdue);
        assert_eq!(it.days_overdue, Some(41));
        assert_eq!(p.summary.overdue, 1);
    }

    #[test]
    fn periodic_rolls_and_uncovered_year_is_not_guessed() {
        let p = plan(json!({ "accounts": [
            { "ref": "B1", "type": "personal_class_1", "riskLevel": "high", "openedOn": "2024-01-10", "lastCallbackOn": "2026-04-04" },
            { "ref": "B2", "type": "personal_class_1", "riskLevel": "low", "openedOn": "2024-01-10", "lastCallbackOn": "2026-05-01" }
        ] })).unwrap();
        let high = p.items.iter().find(|i| i.reference == "B1").unwrap();
        // +6 months = Sun 2026-10-04, in the National Day break → next working day Thu Oct 8.
        assert_eq!(high.due_date.as_deref(), Some("2026-10-08"));
        // +24 months = 2028-05-01, a year the calendar lacks but certainly in the future.
        let low = p.items.iter().find(|i| i.reference == "B2").unwrap();
        assert_eq!(low.status, DueStatus::Upcoming);
        assert_eq!(low.due_date, None);
        assert_eq!(low.due_not_before.as_deref(), Some("2028-05-01"));
        assert_eq!(low.findings[0].code, "callback.due_after_calendar");
        assert_eq!(low.findings[0].params["year"], json!(2028));
        assert_eq!(p.items.last().unwrap().reference, "B2");
    }

    #[test]
    fn refs_that_look_like_personal_data_are_refused() {
        for bad in [
            "13800138000",
            "11010519491231002X",
            "110105491231002",
            "6222020200112233445",
            "acct-13912345678",
        ] {
            assert!(looks_like_personal_data(bad), "{bad}");
        }
        for ok in [
            "A1",
            "B-0042",
            "C-77",
            "acct-12345678",
            "2026-11-23",
            "12800138000",
        ] {
            assert!(!looks_like_personal_data(ok), "{ok}");
        }
    }

    #[test]
    fn new_inputs_are_refused_with_paths() {
        let acct = |extra: serde_json::Value| {
            let mut a = json!({ "ref": "x", "type": "personal_class_1", "riskLevel": "low", "openedOn": "2026-01-05" });
            a.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            json!({ "accounts": [a] })
        };
        let e = plan(acct(json!({ "status": "frozen" }))).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("accounts[0].status"));
        let e = plan(acct(json!({ "ref": "13800138000" }))).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("accounts[0].ref"));
        assert!(!e.message.contains("138"), "{}", e.message);
        let e = plan(acct(json!({ "attempts": [{ "at": "2026-11-22T10:00:00+08:00", "channel": "phone", "outcome": "sent" }] }))).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("accounts[0].attempts[0].outcome"));
        let e = plan(acct(json!({ "smsSentAt": ["2026-11-23T11:00:00+08:00"] }))).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("accounts[0].smsSentAt[0]"));
        let e = plan(
            json!({ "events": [{ "ref": "x", "kind": "suspected_fraud", "on": "2026-11-23" }] }),
        )
        .unwrap_err();
        assert_eq!(e.path.as_deref(), Some("events[0].at"));
    }

    fn quality(seed: &str) -> super::super::quality::QualitySample {
        let mut completed = Vec::new();
        for (agent, n) in [("A100293", 30), ("B200451", 8), ("C3", 2)] {
            for k in 0..n {
                let mut c = json!({ "ref": format!("{agent}-{k}"), "agentId": agent, "outcome": "completed",
                    "completedAt": format!("2026-11-{:02}T10:00:00+08:00", 1 + k % 28) });
                if agent == "A100293" && k == 7 {
                    c["lowestRating"] = json!(1);
                }
                if agent == "B200451" && k == 3 {
                    c["outcome"] = json!("refused");
                }
                completed.push(c);
            }
        }
        completed.push(json!({ "ref": "DEC-1", "agentId": "A100293", "outcome": "completed", "completedAt": "2026-12-01T09:00:00+08:00" }));
        plan(json!({ "quality": { "month": "2026-11", "seed": seed, "completed": completed } }))
            .unwrap()
            .quality_sample
            .unwrap()
    }

    #[test]
    fn quality_sample_is_stratified_and_redrawn_identically() {
        let q = quality("QA-2026-11");
        assert_eq!(
            q.population, 40,
            "the December completion is not in November's population"
        );
        let random = q
            .items
            .iter()
            .filter(|i| i.reasons.iter().any(|r| r == "random"))
            .count();
        assert_eq!(random, 20);
        for a in &q.by_agent {
            assert!(a.sampled >= 2.min(a.population), "{a:?}");
        }
        let c = q.by_agent.iter().find(|a| a.agent == "***").unwrap();
        assert_eq!((c.population, c.sampled), (2, 2));
        for must in ["A100293-7", "B200451-3"] {
            assert!(
                q.items.iter().any(|i| i.reference == must),
                "{must} is always sampled"
            );
        }
        assert!(
            q.items.iter().all(|i| !i.agent.contains("100293")),
            "agents are masked"
        );
        assert_eq!(q.by_agent[0].agent, "A1***93");
        assert_eq!(
            q,
            quality("QA-2026-11"),
            "the same seed draws the same sample"
        );
        assert_ne!(
            q.items,
            quality("QA-x").items,
            "another seed draws another sample"
        );
        assert_eq!(q.checklist.len(), 6);
    }

    #[test]
    fn bad_inputs_are_refused_with_paths() {
        let e = plan(json!({ "accounts": [{ "ref": "13800138000 张三", "type": "personal_class_1", "riskLevel": "low", "openedOn": "2026-01-05" }] })).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("accounts[0].ref"));
        assert!(!e.message.contains("138"));
        let e = plan(json!({ "accounts": [{ "ref": "x", "type": "gold", "riskLevel": "low", "openedOn": "2026-01-05" }] })).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("accounts[0].type"));
        let e =
            plan(json!({ "events": [{ "ref": "x", "kind": "complaint", "on": "2026-12-01" }] }))
                .unwrap_err();
        assert_eq!(e.path.as_deref(), Some("events[0].on"));
        let e = plan(json!({ "accounts": [{ "ref": "x", "type": "personal_class_2", "riskLevel": "low", "openedOn": "2026-01-05", "lastCallbackOn": "2025-01-05" }] })).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("accounts[0].lastCallbackOn"));
    }

    #[test]
    fn rules_are_validated() {
        const FILE: &str = "callbacks.json";
        let load = |f: &crate::loader::Files| CallbackRules::load(&Loader::new(f));
        let mut files = disk_files();
        files.get_mut(FILE).unwrap()["accountTypes"]["personal_class_1"]["intervalMonths"]
            ["high"] = json!(48);
        let e = load(&files).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (
                Some(FILE),
                Some("accountTypes.personal_class_1.intervalMonths")
            )
        );
        let mut files = disk_files();
        files.get_mut(FILE).unwrap()["events"]["complaint"]["questionnaire"] =
            json!("Event Complaint");
        let e = load(&files).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("events.complaint.questionnaire"));
        let mut files = disk_files();
        files.get_mut(FILE).unwrap()["newAccount"]["due"]["amount"] = json!(61);
        assert_eq!(
            load(&files).unwrap_err().path.as_deref(),
            Some("newAccount.due.amount")
        );
        let mut files = disk_files();
        files.get_mut(FILE).unwrap()["events"]["suspected_fraud"]["due"] =
            json!({ "unit": "hours", "amount": 2, "roll": "following" });
        assert_eq!(
            load(&files).unwrap_err().path.as_deref(),
            Some("events.suspected_fraud.due.roll")
        );
        let mut files = disk_files();
        files.get_mut(FILE).unwrap()["contactWindows"]["sms"] =
            json!({ "start": "21:00", "end": "08:00" });
        assert_eq!(
            load(&files).unwrap_err().path.as_deref(),
            Some("contactWindows.sms.end")
        );
        let mut files = disk_files();
        files.get_mut(FILE).unwrap()["attempts"]["channelOutcomes"]["sms"] =
            json!(["sent", "posted"]);
        assert_eq!(
            load(&files).unwrap_err().path.as_deref(),
            Some("attempts.channelOutcomes.sms")
        );
    }
}
