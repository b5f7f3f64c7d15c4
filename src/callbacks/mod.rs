//! Callbacks (回访) as banks run them (domain brief §7): when each callback falls due and with
//! which questionnaire (`plan`, the `callbackPlan` method). New accounts are called back N working
//! days after opening, existing accounts periodically (interval by account type and risk level), and
//! customers after events. All numbers live in `pkg-config/callbacks.json`: §7 found no national
//! rule fixing them, so they are bank settings.
//!
//! The capability reads the working-day calendar only through the base's
//! `crate::time::WorkingDays` (the api layer hands it the pack's calendar), so it imports no other
//! capability.

pub mod api;
pub mod plan;

use crate::error::Error;
use crate::i18n::Text;
use crate::jsonread::Obj;
use crate::loader::Loader;
use crate::time::WorkingDays;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

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
    /// Read and check `callbacks.json`.
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
                    name: name(&t),
                    interval_months: i,
                },
            ));
        }
        let mut events = Vec::new();
        for (key, e) in table(o, "events") {
            e.fields(&["name", "workingDays", "questionnaire"], &[]);
            let rule = EventRule {
                name: name(&e),
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


/// The `name` of an account type or event: a zh-CN and an en text of 1 to 200 bytes.
fn name(o: &Obj) -> Text {
    let name = o.text("name");
    if !name.is_complete() || name.zh_cn.len() > 200 || name.en.len() > 200 {
        o.fail("name", "needs a zh-CN and an en text of 1 to 200 bytes");
    }
    name
}

// ---- the working-day calendar, read through `WorkingDays` ----

/// A date the calendar cannot place: `Err(year)` names the first year it lacks.
pub type OnCalendar = Result<NaiveDate, i32>;

/// The longest walk over consecutive rest days (a holiday block is a few weeks at most).
const MAX_REST_RUN: usize = 60;

fn working(cal: &dyn WorkingDays, d: NaiveDate) -> Result<bool, i32> {
    cal.is_working(d).ok_or(d.year())
}

/// The `n`-th working day after `date` (counting from the next day; `n = 0` is `date` itself).
/// `date`'s year and every year the walk enters must be covered.
pub fn add_working_days(cal: &dyn WorkingDays, date: NaiveDate, n: u32) -> OnCalendar {
    working(cal, date)?;
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d = d.succ_opt().ok_or(d.year())?;
        if working(cal, d)? {
            left -= 1;
        }
    }
    Ok(d)
}

/// `date` if it is a working day, else the nearest one after (`forward`) or before it.
pub fn roll_to_working_day(cal: &dyn WorkingDays, date: NaiveDate, forward: bool) -> OnCalendar {
    let mut d = date;
    for _ in 0..MAX_REST_RUN {
        if working(cal, d)? {
            return Ok(d);
        }
        d = if forward { d.succ_opt() } else { d.pred_opt() }.ok_or(d.year())?;
    }
    Err(d.year())
}
