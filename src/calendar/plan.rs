//! `callbackPlan`: when each callback (回访) falls due and with which questionnaire (domain brief
//! §7). New accounts are called back N working days after opening, existing accounts periodically
//! (interval by account type and risk level), and customers after events. All numbers live in
//! `pkg-config/callbacks.json`: §7 found no national rule fixing them, so they are bank settings.

use super::{add_working_days, working_day_on_or_after, working_day_on_or_before, Calendar};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::i18n::Text;
use crate::jsonread::{Obj, Reader};
use crate::loader::Loader;
use crate::params;
use crate::time::iso;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use serde_json::Value;

/// Most accounts, and most events, in one `callbackPlan` call.
pub const MAX_ITEMS: usize = 2000;
/// Longest opaque reference, in characters.
pub const MAX_REF_CHARS: usize = 64;
/// Largest `workingDays` a rule may set.
pub const MAX_RULE_WORKING_DAYS: u32 = 60;
/// Largest periodic interval, in months.
pub const MAX_INTERVAL_MONTHS: u32 = 120;

const FILE: &str = "callbacks.json";

/// `callbacks.json`:
///
/// ```json
/// { "source": "…§7…",
///   "newAccount": { "workingDays": 5, "questionnaire": "new_account" },
///   "periodic": { "questionnaire": "periodic", "roll": "following" },
///   "accountTypes": { "personal_class_1": { "name": {…}, "intervalMonths": { "low": 24, "medium": 12, "high": 6 } }, … },
///   "events": { "complaint": { "name": {…}, "workingDays": 2, "questionnaire": "event_complaint" }, … } }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackRules {
    pub source: String,
    pub new_account: DueRule,
    pub periodic: PeriodicRule,
    /// Account types (the `type` values callers send) with their periodic intervals, in key order.
    pub account_types: Vec<(String, AccountTypeRule)>,
    /// Event kinds (the `kind` values callers send), in key order.
    pub events: Vec<(String, EventRule)>,
}

/// "Due `workingDays` working days after the trigger, with this questionnaire."
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueRule {
    pub working_days: u32,
    pub questionnaire: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodicRule {
    pub questionnaire: String,
    /// When "last callback + interval" is not a working day: the next working day (`following`)
    /// or the last one before it (`preceding`).
    pub roll: Roll,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Roll {
    Following,
    Preceding,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountTypeRule {
    pub name: Text,
    /// Months between periodic callbacks, by risk level.
    pub interval_months: ByRisk,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ByRisk {
    pub low: u32,
    pub medium: u32,
    pub high: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventRule {
    pub name: Text,
    pub working_days: u32,
    pub questionnaire: String,
}

/// Lowercase letters, digits and `_`, starting with a letter, 1 to `max` bytes.
fn is_key(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn questionnaire(o: &Obj) -> String {
    let q = o.str("questionnaire");
    if !is_key(&q, 64) {
        o.fail(
            "questionnaire",
            "questionnaire ids are lowercase letters, digits and _",
        );
    }
    q
}

fn working_days(o: &Obj) -> u32 {
    o.int_in("workingDays", 0, i64::from(MAX_RULE_WORKING_DAYS)) as u32
}

/// An object keyed by rule keys (`accountTypes`, `events`): 1 to 50 entries, each key lowercase.
fn table<'a, 'f>(o: &Obj<'a, 'f>, key: &str) -> Vec<(&'a str, Obj<'a, 'f>)> {
    let entries = o.obj(key).entries();
    if entries.is_empty() || entries.len() > 50 {
        o.fail(key, "define 1 to 50 entries");
    }
    if let Some((k, _)) = entries.iter().find(|(k, _)| !is_key(k, 40)) {
        o.fail_at(
            o.path(&format!("{key}.{k}")),
            "keys are lowercase letters, digits and _, at most 40",
        );
    }
    entries
}

impl CallbackRules {
    pub fn load(loader: &Loader) -> Result<Self, Error> {
        loader.read(FILE, CallbackRules::read)
    }

    fn read(o: &Obj) -> CallbackRules {
        const KEYS: &[&str] = &["source", "newAccount", "periodic", "accountTypes", "events"];
        o.fields(KEYS, &[]);
        let source = o.str("source");
        if source.trim().is_empty() {
            o.fail("source", "cite where the rules come from");
        }
        let na = o.obj("newAccount");
        na.fields(&["workingDays", "questionnaire"], &[]);
        let new_account = DueRule {
            working_days: working_days(&na),
            questionnaire: questionnaire(&na),
        };
        let pe = o.obj("periodic");
        pe.fields(&["questionnaire", "roll"], &[]);
        let periodic = PeriodicRule {
            roll: [Roll::Following, Roll::Preceding]
                [pe.choice("roll", &["following", "preceding"])],
            questionnaire: questionnaire(&pe),
        };
        let mut account_types = Vec::new();
        for (key, t) in table(o, "accountTypes") {
            t.fields(&["name", "intervalMonths"], &[]);
            let im = t.obj("intervalMonths");
            im.fields(&["low", "medium", "high"], &[]);
            let months = |level: &str| im.int_in(level, 1, i64::from(MAX_INTERVAL_MONTHS)) as u32;
            let i = ByRisk {
                low: months("low"),
                medium: months("medium"),
                high: months("high"),
            };
            if !(i.high <= i.medium && i.medium <= i.low) {
                t.fail(
                    "intervalMonths",
                    "higher risk needs an interval no longer than lower risk",
                );
            }
            account_types.push((
                key.to_string(),
                AccountTypeRule {
                    name: super::name(&t),
                    interval_months: i,
                },
            ));
        }
        let mut events = Vec::new();
        for (key, e) in table(o, "events") {
            e.fields(&["name", "workingDays", "questionnaire"], &[]);
            let rule = EventRule {
                name: super::name(&e),
                working_days: working_days(&e),
                questionnaire: questionnaire(&e),
            };
            events.push((key.to_string(), rule));
        }
        CallbackRules {
            source,
            new_account,
            periodic,
            account_types,
            events,
        }
    }

    pub fn account_type(&self, key: &str) -> Option<&AccountTypeRule> {
        self.account_types
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| r)
    }

    pub fn event(&self, key: &str) -> Option<&EventRule> {
        self.events.iter().find(|(k, _)| k == key).map(|(_, r)| r)
    }
}

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
    let d = super::date_arg(s, path)?;
    if d > today {
        return Err(Error::argument("date is after today").at_path(path));
    }
    Ok(d)
}

/// The first year the calendar lacks, walking from `from` in one direction.
fn missing_year(cal: &Calendar, from: i32, forward: bool) -> i32 {
    let mut y = from;
    for _ in 0..200 {
        if !cal.covers(y) {
            return y;
        }
        y = if forward { y + 1 } else { y - 1 };
    }
    from
}

/// Ok(Some(date)) — computed; Ok(None) with the missing year — not covered; Err — other failure.
type Due = Result<Result<NaiveDate, i32>, Error>;

fn covered(r: Result<NaiveDate, Error>, year: impl FnOnce() -> i32) -> Due {
    match r {
        Ok(d) => Ok(Ok(d)),
        Err(e) if e.code == "calendar.year_not_covered" => Ok(Err(year())),
        Err(e) => Err(e),
    }
}

fn after_working_days(cal: &Calendar, basis: NaiveDate, n: u32) -> Due {
    covered(add_working_days(cal, basis, n), || {
        missing_year(cal, basis.year(), true)
    })
}

fn after_months(cal: &Calendar, basis: NaiveDate, months: u32, roll: Roll) -> Due {
    let raw = basis
        .checked_add_months(Months::new(months))
        .ok_or_else(|| Error::argument("date out of range"))?;
    match roll {
        Roll::Following => covered(working_day_on_or_after(cal, raw), || {
            missing_year(cal, raw.year(), true)
        }),
        Roll::Preceding => covered(working_day_on_or_before(cal, raw), || {
            missing_year(cal, raw.year(), false)
        }),
    }
}

struct Draft {
    item: PlanItem,
    due: Result<NaiveDate, i32>,
}

/// `callbackPlan({ accounts, events })`: each account and event made a plan item with its due
/// date (`account_item`, `event_item`), then every item given its status and put in due order
/// (`schedule`).
pub fn callback_plan(ctx: &Ctx, cal: &Calendar, input: &PlanInput) -> Result<CallbackPlan, Error> {
    if input.accounts.len() > MAX_ITEMS || input.events.len() > MAX_ITEMS {
        return Err(Error::new(
            "argument.too_large",
            format!("at most {MAX_ITEMS} accounts and {MAX_ITEMS} events per call"),
        ));
    }
    let mut drafts = Vec::with_capacity(input.accounts.len() + input.events.len());
    for (i, a) in input.accounts.iter().enumerate() {
        drafts.push(account_item(ctx, cal, i, a)?);
    }
    for (i, e) in input.events.iter().enumerate() {
        drafts.push(event_item(ctx, cal, i, e)?);
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
fn account_item(ctx: &Ctx, cal: &Calendar, i: usize, a: &PlanAccount) -> Result<Draft, Error> {
    let rules = &cal.callbacks;
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
            after_working_days(cal, opened, n)?
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
fn event_item(ctx: &Ctx, cal: &Calendar, i: usize, e: &PlanEvent) -> Result<Draft, Error> {
    let p = |f: &str| format!("events[{i}].{f}");
    check_ref(&e.reference, &p("ref"))?;
    let rule = cal.callbacks.event(&e.kind).ok_or_else(|| {
        Error::argument("unknown event kind (see events in callbacks.json)").at_path(p("kind"))
    })?;
    let on = past_date(&e.on, &p("on"), ctx.today())?;
    let mut item = new_item(&e.reference, Trigger::Event, rule.name.get(ctx.locale()));
    item.event = Some(e.kind.clone());
    item.questionnaire = rule.questionnaire.clone();
    item.basis_date = iso(on);
    item.working_days = Some(rule.working_days);
    let due = after_working_days(cal, on, rule.working_days)?;
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
    use crate::loader::{disk_files, Files};
    use serde_json::json;

    /// The calendar and callback rules alone, from the default pack's files.
    fn load(files: &Files) -> Result<Calendar, Error> {
        Calendar::load(&Loader::new(files))
    }

    fn plan(v: serde_json::Value) -> Result<CallbackPlan, Error> {
        let input = parse_input(&v)?;
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        callback_plan(&ctx, &load(&disk_files())?, &input)
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
