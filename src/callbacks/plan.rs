//! `callbackPlan`: each account and event made a callback to make, with its due date, its
//! questionnaire and its status against today.

use super::{add_working_days, roll_to_working_day, CallbackRules, OnCalendar, Roll, MAX_ITEMS, MAX_REF_CHARS};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::jsonread::Reader;
use crate::params;
use crate::time::{iso, parse_date, WorkingDays};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use serde_json::Value;

// ---- input and output ----

/// The customer's risk level: the shared vocabulary (`crate::vocabulary`), also a questionnaire's
/// `context.riskLevel`.
pub use crate::vocabulary::RiskLevel;

/// Input of `callbackPlan` (read by `parse_input`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanInput {
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub accounts: Vec<PlanAccount>,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub events: Vec<PlanEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanAccount {
    /// Opaque reference chosen by the bank (never an account number or other personal data):
    /// 1–64 visible ASCII characters.
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanEvent {
    /// Opaque reference (1–64 visible ASCII characters).
    #[serde(rename = "ref")]
    pub reference: String,
    /// A key of `callbacks.json` `events`, e.g. `large_transaction`, `complaint`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CallbackEvent"))]
    pub kind: String,
    /// `YYYY-MM-DD` the event happened (or closed, for a complaint).
    pub on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Trigger {
    NewAccount,
    Periodic,
    Event,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum DueStatus {
    Overdue,
    DueToday,
    Upcoming,
    /// The due date falls in a year the calendar does not cover (see the finding).
    NotComputable,
}

/// One callback to make.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanItem {
    #[serde(rename = "ref")]
    pub reference: String,
    pub trigger: Trigger,
    /// The event kind, for `trigger: "event"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "CallbackEvent"))]
    pub event: Option<String>,
    /// The account type, for account triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "AccountType"))]
    pub account_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub risk_level: Option<RiskLevel>,
    /// The questionnaire id to run (`new_account`, `periodic`, `event_*`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "QuestionnaireId"))]
    pub questionnaire: String,
    /// Localized name of the trigger (account type or event kind).
    pub label: String,
    /// The date the due date counts from: opening, last callback or event.
    pub basis_date: String,
    /// Working days after the basis date (new account, event).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub working_days: Option<u32>,
    /// Months after the last callback (periodic).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub interval_months: Option<u32>,
    /// `YYYY-MM-DD`, or `null` when not computable.
    pub due_date: Option<String>,
    pub status: DueStatus,
    /// Calendar days past the due date, when overdue.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub days_overdue: Option<i64>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PlanSummary {
    pub total: usize,
    pub overdue: usize,
    pub due_today: usize,
    pub upcoming: usize,
    pub not_computable: usize,
}

/// Result of `callbackPlan`: items ordered by due date (ties keep input order: accounts, then
/// events), not-computable items last.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CallbackPlan {
    pub today: String,
    pub items: Vec<PlanItem>,
    pub summary: PlanSummary,
}

// ---- computation ----

fn check_ref(r: &str, path: &str) -> Result<(), Error> {
    if r.is_empty() || r.len() > MAX_REF_CHARS || !r.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::argument(format!("ref is 1 to {MAX_REF_CHARS} visible ASCII characters (an opaque reference, never personal data)")).at_path(path));
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

fn after_working_days(cal: &dyn WorkingDays, basis: NaiveDate, n: u32) -> OnCalendar {
    add_working_days(cal, basis, n)
}

fn after_months(cal: &dyn WorkingDays, basis: NaiveDate, months: u32, roll: Roll) -> Result<OnCalendar, Error> {
    let raw = basis
        .checked_add_months(Months::new(months))
        .ok_or_else(|| Error::argument("date out of range"))?;
    Ok(roll_to_working_day(cal, raw, roll == Roll::Following))
}

struct Draft {
    item: PlanItem,
    due: OnCalendar,
}

/// `callbackPlan({ accounts, events })`: each account and event made a plan item with its due
/// date (`account_item`, `event_item`), then every item given its status and put in due order
/// (`schedule`).
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
    Ok(schedule(ctx, drafts))
}

fn new_item(reference: &str, trigger: Trigger, label: &str) -> PlanItem {
    PlanItem {
        reference: reference.to_string(),
        trigger,
        event: None,
        account_type: None,
        risk_level: None,
        questionnaire: String::new(),
        label: label.to_string(),
        basis_date: String::new(),
        working_days: None,
        interval_months: None,
        due_date: None,
        status: DueStatus::NotComputable,
        days_overdue: None,
        findings: Vec::new(),
    }
}

/// An account: the new-account callback until a callback happened, then the periodic one after
/// the interval of its type and risk level.
fn account_item(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    i: usize,
    a: &PlanAccount,
) -> Result<Draft, Error> {
    let today = ctx.today();
    let p = |f: &str| format!("accounts[{i}].{f}");
    check_ref(&a.reference, &p("ref"))?;
    let t = rules.account_type(&a.account_type).ok_or_else(|| {
        Error::argument("unknown account type (see accountTypes in callbacks.json)")
            .at_path(p("type"))
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
    let mut item = new_item(&a.reference, Trigger::NewAccount, t.name.get(ctx.locale()));
    item.account_type = Some(a.account_type.clone());
    item.risk_level = Some(a.risk_level);
    let due = match last {
        None => {
            let n = rules.new_account.working_days;
            item.questionnaire = rules.new_account.questionnaire.clone();
            item.basis_date = iso(opened);
            item.working_days = Some(n);
            after_working_days(cal, opened, n)
        }
        Some(last) => {
            let m = match a.risk_level {
                RiskLevel::Low => t.interval_months.low,
                RiskLevel::Medium => t.interval_months.medium,
                RiskLevel::High => t.interval_months.high,
            };
            item.trigger = Trigger::Periodic;
            item.questionnaire = rules.periodic.questionnaire.clone();
            item.basis_date = iso(last);
            item.interval_months = Some(m);
            after_months(cal, last, m, rules.periodic.roll)?
        }
    };
    Ok(Draft { item, due })
}

/// An event: its callback the event kind's working days after it.
fn event_item(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    i: usize,
    e: &PlanEvent,
) -> Result<Draft, Error> {
    let p = |f: &str| format!("events[{i}].{f}");
    check_ref(&e.reference, &p("ref"))?;
    let rule = rules.event(&e.kind).ok_or_else(|| {
        Error::argument("unknown event kind (see events in callbacks.json)").at_path(p("kind"))
    })?;
    let on = past_date(&e.on, &p("on"), ctx.today())?;
    let mut item = new_item(&e.reference, Trigger::Event, rule.name.get(ctx.locale()));
    item.event = Some(e.kind.clone());
    item.questionnaire = rule.questionnaire.clone();
    item.basis_date = iso(on);
    item.working_days = Some(rule.working_days);
    let due = after_working_days(cal, on, rule.working_days);
    Ok(Draft { item, due })
}

/// Each item's status against today (overdue, due today, upcoming, not computable) with its
/// finding, the summary, and the items ordered by due date (ties keep input order: accounts,
/// then events), not-computable items last.
fn schedule(ctx: &Ctx, drafts: Vec<Draft>) -> CallbackPlan {
    let today = ctx.today();
    let mut summary = PlanSummary {
        total: drafts.len(),
        ..PlanSummary::default()
    };
    let mut keyed: Vec<(bool, NaiveDate, usize)> = Vec::with_capacity(drafts.len());
    let mut items: Vec<PlanItem> = Vec::with_capacity(drafts.len());
    for (n, Draft { mut item, due }) in drafts.into_iter().enumerate() {
        match due {
            Ok(d) => {
                item.due_date = Some(iso(d));
                let late = (today - d).num_days();
                if late > 0 {
                    item.status = DueStatus::Overdue;
                    item.days_overdue = Some(late);
                    item.findings.push(ctx.finding(
                        Severity::Warning,
                        "callback.overdue",
                        "dueDate",
                        params![("days", late)],
                    ));
                    summary.overdue += 1;
                } else if late == 0 {
                    item.status = DueStatus::DueToday;
                    item.findings.push(ctx.finding(
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
                let key = (false, d, n);
                keyed.insert(keyed.partition_point(|k| *k < key), key);
            }
            Err(year) => {
                item.findings.push(ctx.finding(
                    Severity::Warning,
                    "callback.calendar_not_covered",
                    "dueDate",
                    params![("year", year)],
                ));
                summary.not_computable += 1;
                let key = (true, NaiveDate::MIN, n);
                keyed.insert(keyed.partition_point(|k| *k < key), key);
            }
        }
        items.push(item);
    }
    // `keyed` is kept ordered by insertion (no sort instantiation in the package): equal due
    // dates keep input order (the index breaks ties); not computable sorts last.
    let mut slots: Vec<Option<PlanItem>> = items.into_iter().map(Some).collect();
    let items = keyed
        .iter()
        .filter_map(|&(_, _, n)| slots.get_mut(n).and_then(Option::take))
        .collect();
    CallbackPlan {
        today: iso(today),
        items,
        summary,
    }
}

/// The JSON argument of `callbackPlan`: `{ accounts?, events? }`.
pub fn parse_input(v: &Value) -> Result<PlanInput, Error> {
    Reader::read(None, v, |o| {
        o.only(&["accounts", "events"]);
        o.at_most("accounts", MAX_ITEMS);
        o.at_most("events", MAX_ITEMS);
        PlanInput {
            accounts: o.list("accounts", |a| {
                a.fields(
                    &["ref", "type", "riskLevel", "openedOn"],
                    &["lastCallbackOn"],
                );
                PlanAccount {
                    reference: a.str("ref"),
                    account_type: a.str("type"),
                    risk_level: [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High]
                        [a.choice("riskLevel", &["low", "medium", "high"])],
                    opened_on: a.str("openedOn"),
                    last_callback_on: a.opt_str("lastCallbackOn"),
                }
            }),
            events: o.list("events", |e| {
                e.fields(&["ref", "kind", "on"], &[]);
                PlanEvent {
                    reference: e.str("ref"),
                    kind: e.str("kind"),
                    on: e.str("on"),
                }
            }),
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
        let low = p.items.iter().find(|i| i.reference == "B2").unwrap();
        assert_eq!(low.status, DueStatus::NotComputable);
        assert_eq!(low.due_date, None);
        assert_eq!(low.findings[0].code, "callback.calendar_not_covered");
        assert_eq!(low.findings[0].params["year"], json!(2028));
        assert_eq!(p.items.last().unwrap().reference, "B2");
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
        files.get_mut(FILE).unwrap()["newAccount"]["workingDays"] = json!(61);
        assert_eq!(
            load(&files).unwrap_err().path.as_deref(),
            Some("newAccount.workingDays")
        );
    }
}
