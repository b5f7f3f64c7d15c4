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
pub mod attempts;
pub mod case;
pub mod plan;
pub mod quality;
pub mod sms;

use crate::error::Error;
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::jsonread::Obj;
use crate::loader::Loader;
use crate::time::WorkingDays;
use chrono::{Datelike, NaiveDate};

/// Most accounts, and most events, in one `callbackPlan` call.
pub const MAX_ITEMS: usize = 2000;
/// Longest opaque reference, in characters.
pub const MAX_REF_CHARS: usize = 64;
/// Largest `amount` of a `working_days` or `calendar_days` due rule.
pub const MAX_DUE_DAYS: u32 = 60;
/// Largest `amount` of an `hours` due rule.
pub const MAX_DUE_HOURS: u32 = 72;
/// Largest periodic interval, in months.
pub const MAX_INTERVAL_MONTHS: u32 = 120;

const FILE: &str = "callbacks.json";

/// Personal (个人) or business (对公) customers: which questionnaire a callback uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Segment {
    Personal,
    Business,
}

impl Segment {
    pub const NAMES: &'static [&'static str] = &["personal", "business"];
    pub const ALL: [Segment; 2] = [Segment::Personal, Segment::Business];
    pub fn as_str(self) -> &'static str {
        Segment::NAMES[self as usize]
    }
}

/// The questionnaire of a callback by segment: `{ personal, business }`, or one id for both (the
/// string form of packs written before business questionnaires existed).
#[derive(Debug, Clone, PartialEq, WriteJson)]
pub struct Route {
    pub personal: String,
    pub business: String,
    /// Written as one string (both segments): the composition check refuses it when the id is
    /// written for personal customers only.
    #[serde(skip)]
    pub one_id: bool,
}

impl Route {
    pub fn get(&self, segment: Segment) -> &str {
        match segment {
            Segment::Personal => &self.personal,
            Segment::Business => &self.business,
        }
    }
}

/// How a due time is counted from its basis (issue 15 item 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum CallbackDueUnit {
    WorkingDays,
    CalendarDays,
    Hours,
}

/// When a due date that is not a working day moves (calendar days only): not at all, to the next
/// working day or to the last one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Roll {
    None,
    Following,
    Preceding,
}

/// `{ unit, amount, roll? }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CallbackDue {
    pub unit: CallbackDueUnit,
    pub amount: u32,
    #[serde(skip_serializing_if = "is_no_roll")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub roll: Roll,
}

fn is_no_roll(r: &Roll) -> bool {
    *r == Roll::None
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct NewAccountRule {
    pub due: CallbackDue,
    pub questionnaire: Route,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct PeriodicRule {
    pub questionnaire: Route,
    /// When "last callback + interval" is not a working day: the next working day (`following`)
    /// or the last one before it (`preceding`).
    pub roll: Roll,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct AccountTypeRule {
    pub segment: Segment,
    pub name: Text,
    /// Months between periodic callbacks, by risk level.
    pub interval_months: ByRisk,
}

#[derive(Debug, Clone, Copy, PartialEq, WriteJson)]
pub struct ByRisk {
    pub low: u32,
    pub medium: u32,
    pub high: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, WriteJson)]
pub struct BySegment {
    pub personal: u32,
    pub business: u32,
}

/// An account status (a `tiers.json` status id) and what it does to callbacks.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct StatusRule {
    pub name: Text,
    /// The longest periodic interval while the account has this status (seed §六.2: 账户状态异常的
    /// 客户，适当缩短回访周期).
    pub max_interval_months: Option<BySegment>,
    /// Replaces the periodic questionnaire (a dormant account gets the wake-up flow).
    pub questionnaire: Option<Route>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct EventRule {
    pub name: Text,
    pub due: CallbackDue,
    /// Sorted first on equal due dates; runs the urgent attempt sequence.
    pub urgent: bool,
    pub questionnaire: Route,
}

/// One stage of an attempt sequence (`attempts.sequence`).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    pub channel: CallbackChannel,
    pub max_attempts: u32,
    pub min_gap_minutes: u32,
    pub max_per_day: u32,
    pub reply_wait_hours: u32,
}

/// The channels a callback uses (the questionnaire vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum CallbackChannel {
    Phone,
    Sms,
    InApp,
}

impl CallbackChannel {
    pub const NAMES: &'static [&'static str] = &["phone", "sms", "in_app"];
    pub const ALL: [CallbackChannel; 3] = [
        CallbackChannel::Phone,
        CallbackChannel::Sms,
        CallbackChannel::InApp,
    ];
    pub fn as_str(self) -> &'static str {
        CallbackChannel::NAMES[self as usize]
    }
}

/// What an attempt's outcome means (`attempts.outcomes`).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeRule {
    /// Ends the callback: `completed` or `refused`.
    pub final_state: Option<String>,
    /// Counts against the stage's `maxAttempts`.
    pub counts: bool,
    pub needs_call_back_at: bool,
    /// How many of these in a row are honoured before a further one counts like no answer.
    pub max_in_a_row: u32,
    /// Channels this outcome uses up (a wrong number: no more calls or texts to it).
    pub exhausts: Vec<CallbackChannel>,
    /// The task it opens at once (`contact_check`).
    pub opens: Option<String>,
    pub awaits_reply: bool,
}

/// A hand-off: `{ action, department, due }`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
pub struct Handoff {
    pub action: String,
    pub department: String,
    pub due: CallbackDue,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct AttemptRules {
    pub sequence: Vec<Stage>,
    pub urgent_sequence: Vec<Stage>,
    pub outcomes: Vec<(String, OutcomeRule)>,
    /// The outcomes each channel may record.
    pub channel_outcomes: Vec<(CallbackChannel, Vec<String>)>,
    pub unreachable: Handoff,
    pub urgent_unreachable: Handoff,
}

impl AttemptRules {
    pub fn outcome(&self, id: &str) -> Option<&OutcomeRule> {
        self.outcomes.iter().find(|(k, _)| k == id).map(|(_, r)| r)
    }
    pub fn allows(&self, channel: CallbackChannel, outcome: &str) -> bool {
        self.channel_outcomes
            .iter()
            .any(|(c, list)| *c == channel && list.iter().any(|o| o == outcome))
    }
}

/// A contact window `[start, end)` in minutes after midnight, Asia/Shanghai.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
pub struct Window {
    pub start: u32,
    pub end: u32,
}

impl Window {
    /// `HH:MM`.
    pub fn hhmm(minutes: u32) -> String {
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// SMS sending rules: the window and the caps per customer.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct SmsPolicy {
    pub window: Window,
    pub max_per_day: u32,
    pub rolling_count: u32,
    pub rolling_days: u32,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct SecondContactRule {
    pub questionnaire: String,
    pub result_question: String,
    pub satisfied_values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct QualityRule {
    pub rate_percent: u32,
    pub min_per_agent: u32,
    pub min_total: u32,
    pub max_total: u32,
    pub always_include: Vec<String>,
    pub checklist: Vec<(String, Text)>,
}

/// `callbacks.json` (full shape: `pkg-config/schema/callbacks.schema.json`).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct CallbackRules {
    pub source: String,
    pub segments: Vec<(Segment, Text)>,
    pub new_account: NewAccountRule,
    pub periodic: PeriodicRule,
    /// Account types (the `type` values callers send), in key order.
    pub account_types: Vec<(String, AccountTypeRule)>,
    /// Account statuses (`tiers.json` status ids), in key order.
    pub statuses: Vec<(String, StatusRule)>,
    /// Event kinds (the `kind` values callers send), in key order.
    pub events: Vec<(String, EventRule)>,
    pub attempts: AttemptRules,
    /// Calls: `None` when not limited.
    pub phone_window: Option<Window>,
    pub sms: SmsPolicy,
    pub second_contact: SecondContactRule,
    pub quality: QualityRule,
    /// Margins for due dates in years the calendar does not cover (`uncoveredYears`).
    pub latest_extra_days: u32,
    pub earliest_earlier_days: u32,
}

/// Lowercase letters, digits and `_`, starting with a letter, 1 to `max` bytes.
pub fn is_key(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn id_at(o: &Obj, key: &str, s: String) -> String {
    if !is_key(&s, 64) {
        o.fail(key, "ids are lowercase letters, digits and _");
    }
    s
}

/// `questionnaire`: `{ personal, business }` or one id for both.
fn route(o: &Obj) -> Route {
    match o.get("questionnaire") {
        Some(serde_json::Value::String(s)) => {
            let id = id_at(o, "questionnaire", s.clone());
            Route {
                personal: id.clone(),
                business: id,
                one_id: true,
            }
        }
        _ => {
            let q = o.obj("questionnaire");
            q.fields(Segment::NAMES, &[]);
            Route {
                personal: id_at(&q, "personal", q.str("personal")),
                business: id_at(&q, "business", q.str("business")),
                one_id: false,
            }
        }
    }
}

/// `due`: `{ unit, amount, roll? }` (roll only for calendar days).
fn due(o: &Obj) -> CallbackDue {
    let d = o.obj("due");
    d.fields(&["unit", "amount"], &["roll"]);
    let unit = d.pick(
        "unit",
        &[
            ("working_days", CallbackDueUnit::WorkingDays),
            ("calendar_days", CallbackDueUnit::CalendarDays),
            ("hours", CallbackDueUnit::Hours),
        ],
    );
    let (min, max) = match unit {
        CallbackDueUnit::Hours => (1, MAX_DUE_HOURS),
        _ => (0, MAX_DUE_DAYS),
    };
    let amount = d.int_in("amount", i64::from(min), i64::from(max)) as u32;
    let roll = d
        .opt_pick(
            "roll",
            &[
                ("none", Roll::None),
                ("following", Roll::Following),
                ("preceding", Roll::Preceding),
            ],
        )
        .unwrap_or(Roll::None);
    if roll != Roll::None && unit != CallbackDueUnit::CalendarDays {
        d.fail("roll", "only a calendar-day due date rolls");
    }
    CallbackDue { unit, amount, roll }
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

fn source(o: &Obj, key: &str) {
    if o.str(key).trim().is_empty() {
        o.fail(key, "cite where the rules come from");
    }
}

/// `HH:MM` → minutes after midnight.
fn hhmm(o: &Obj, key: &str) -> u32 {
    let s = o.str(key);
    let b = s.as_bytes();
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    let parsed = match (b.len(), b.get(2)) {
        (5, Some(b':')) => (|| Some((digit(0)? * 10 + digit(1)?, digit(3)? * 10 + digit(4)?)))(),
        _ => None,
    };
    match parsed {
        Some((h, m)) if h < 24 && m < 60 => h * 60 + m,
        _ => {
            o.fail(key, "a time HH:MM (00:00 to 23:59)");
            0
        }
    }
}

fn window(o: &Obj) -> Window {
    o.fields(&["start", "end"], &[]);
    let w = Window {
        start: hhmm(o, "start"),
        end: hhmm(o, "end"),
    };
    if w.start >= w.end {
        o.fail("end", "the window ends after it starts");
    }
    w
}

fn stages(o: &Obj, key: &str) -> Vec<Stage> {
    let list = o.list(key, |s| {
        s.fields(
            &["channel", "maxAttempts"],
            &["minGapMinutes", "maxPerDay", "replyWaitHours"],
        );
        Stage {
            channel: CallbackChannel::ALL[s.choice("channel", CallbackChannel::NAMES)],
            max_attempts: s.int_in("maxAttempts", 1, 10) as u32,
            min_gap_minutes: s
                .opt_i64("minGapMinutes")
                .map_or(0, |_| s.int_in("minGapMinutes", 0, 1440) as u32),
            max_per_day: s
                .opt_i64("maxPerDay")
                .map_or(10, |_| s.int_in("maxPerDay", 1, 10) as u32),
            reply_wait_hours: s
                .opt_i64("replyWaitHours")
                .map_or(0, |_| s.int_in("replyWaitHours", 0, 720) as u32),
        }
    });
    if list.is_empty() || list.len() > 6 {
        o.fail(key, "1 to 6 stages");
    }
    list
}

fn handoff(o: &Obj, key: &str) -> Handoff {
    let h = o.obj(key);
    h.fields(&["action", "department", "due"], &[]);
    Handoff {
        action: id_at(&h, "action", h.str("action")),
        department: id_at(&h, "department", h.str("department")),
        due: due(&h),
    }
}

fn attempts(o: &Obj) -> AttemptRules {
    let a = o.obj("attempts");
    a.fields(
        &[
            "source",
            "sequence",
            "urgentSequence",
            "outcomes",
            "channelOutcomes",
            "unreachable",
            "urgentUnreachable",
        ],
        &["urgentSource"],
    );
    source(&a, "source");
    let mut outcomes = Vec::new();
    for (k, r) in a.obj("outcomes").entries() {
        r.only(&[
            "final",
            "counts",
            "needsCallBackAt",
            "maxInARow",
            "exhausts",
            "opens",
            "awaitsReply",
        ]);
        let final_state = r.opt_pick(
            "final",
            &[("completed", "completed"), ("refused", "refused")],
        );
        outcomes.push((
            id_at(&a, "outcomes", k.to_string()),
            OutcomeRule {
                final_state: final_state.map(str::to_string),
                counts: r.opt_bool("counts").unwrap_or(false),
                needs_call_back_at: r.opt_bool("needsCallBackAt").unwrap_or(false),
                max_in_a_row: r
                    .opt_i64("maxInARow")
                    .map_or(0, |_| r.int_in("maxInARow", 1, 10) as u32),
                exhausts: r
                    .strings("exhausts")
                    .iter()
                    .filter_map(|c| {
                        CallbackChannel::NAMES
                            .iter()
                            .position(|n| n == c)
                            .map(|i| CallbackChannel::ALL[i])
                    })
                    .collect(),
                opens: r.opt_str("opens"),
                awaits_reply: r.opt_bool("awaitsReply").unwrap_or(false),
            },
        ));
    }
    let co = a.obj("channelOutcomes");
    co.fields(CallbackChannel::NAMES, &[]);
    let mut channel_outcomes = Vec::new();
    for c in CallbackChannel::ALL {
        let list = co.strings(c.as_str());
        if let Some(bad) = list.iter().find(|x| !outcomes.iter().any(|(k, _)| k == *x)) {
            co.fail(
                c.as_str(),
                &format!("'{bad}' is not one of attempts.outcomes"),
            );
        }
        channel_outcomes.push((c, list));
    }
    AttemptRules {
        sequence: stages(&a, "sequence"),
        urgent_sequence: stages(&a, "urgentSequence"),
        outcomes,
        channel_outcomes,
        unreachable: handoff(&a, "unreachable"),
        urgent_unreachable: handoff(&a, "urgentUnreachable"),
    }
}

impl CallbackRules {
    /// Read and check `callbacks.json`.
    pub fn load(loader: &Loader) -> Result<Self, Error> {
        loader.read(FILE, CallbackRules::read)
    }

    fn read(o: &Obj) -> CallbackRules {
        o.fields(
            &[
                "source",
                "segments",
                "newAccount",
                "periodic",
                "accountTypes",
                "statuses",
                "events",
                "attempts",
                "contactWindows",
                "smsCaps",
                "secondContact",
                "qualitySample",
                "uncoveredYears",
            ],
            &["intervalSource", "statusSource", "eventSource"],
        );
        source(o, "source");
        let so = o.obj("segments");
        so.fields(Segment::NAMES, &[]);
        let segments = Segment::ALL
            .iter()
            .map(|s| {
                let e = so.obj(s.as_str());
                e.fields(&["name"], &[]);
                (*s, name(&e))
            })
            .collect();
        let na = o.obj("newAccount");
        na.fields(&["due", "questionnaire"], &["source"]);
        let new_account = NewAccountRule {
            due: due(&na),
            questionnaire: route(&na),
        };
        let pe = o.obj("periodic");
        pe.fields(&["questionnaire", "roll"], &["source"]);
        let periodic = PeriodicRule {
            roll: [Roll::Following, Roll::Preceding]
                [pe.choice("roll", &["following", "preceding"])],
            questionnaire: route(&pe),
        };
        let mut account_types = Vec::new();
        for (key, t) in table(o, "accountTypes") {
            t.fields(&["name", "intervalMonths"], &["segment"]);
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
            // `segment` may be left out of a bank's pack: inferred from the key.
            let segment = t.opt_pick(
                "segment",
                &[
                    ("personal", Segment::Personal),
                    ("business", Segment::Business),
                ],
            );
            let segment = segment.unwrap_or(if key.starts_with("business_") {
                Segment::Business
            } else {
                Segment::Personal
            });
            account_types.push((
                key.to_string(),
                AccountTypeRule {
                    segment,
                    name: name(&t),
                    interval_months: i,
                },
            ));
        }
        let mut statuses = Vec::new();
        for (key, s) in table(o, "statuses") {
            s.fields(&["name"], &["maxIntervalMonths", "questionnaire"]);
            let max_interval_months = s.opt_obj("maxIntervalMonths").map(|m| {
                m.fields(Segment::NAMES, &[]);
                BySegment {
                    personal: m.int_in("personal", 1, i64::from(MAX_INTERVAL_MONTHS)) as u32,
                    business: m.int_in("business", 1, i64::from(MAX_INTERVAL_MONTHS)) as u32,
                }
            });
            let questionnaire = s.has("questionnaire").then(|| route(&s));
            statuses.push((
                key.to_string(),
                StatusRule {
                    name: name(&s),
                    max_interval_months,
                    questionnaire,
                },
            ));
        }
        if !statuses.iter().any(|(k, _)| k == "active") {
            o.fail(
                "statuses",
                "define the status 'active' (an account without a status)",
            );
        }
        let mut events = Vec::new();
        for (key, e) in table(o, "events") {
            e.fields(&["name", "due", "questionnaire"], &["urgent"]);
            events.push((
                key.to_string(),
                EventRule {
                    name: name(&e),
                    due: due(&e),
                    urgent: e.opt_bool("urgent").unwrap_or(false),
                    questionnaire: route(&e),
                },
            ));
        }
        let attempts = attempts(o);
        let cw = o.obj("contactWindows");
        cw.fields(&["source", "timeZone", "phone", "sms"], &["in_app"]);
        source(&cw, "source");
        if cw.str("timeZone") != "+08:00" {
            cw.fail("timeZone", "windows are in Asia/Shanghai time: +08:00");
        }
        let phone_window = cw.opt_obj("phone").map(|w| window(&w));
        let sms_window = window(&cw.obj("sms"));
        let caps = o.obj("smsCaps");
        caps.fields(&["source", "maxPerDay", "maxPerRolling"], &[]);
        source(&caps, "source");
        let rolling = caps.obj("maxPerRolling");
        rolling.fields(&["count", "days"], &[]);
        let sms = SmsPolicy {
            window: sms_window,
            max_per_day: caps.int_in("maxPerDay", 1, 20) as u32,
            rolling_count: rolling.int_in("count", 1, 100) as u32,
            rolling_days: rolling.int_in("days", 1, 31) as u32,
        };
        let sc = o.obj("secondContact");
        sc.fields(
            &[
                "questionnaire",
                "resultQuestion",
                "satisfiedValues",
                "source",
            ],
            &[],
        );
        source(&sc, "source");
        let second_contact = SecondContactRule {
            questionnaire: id_at(&sc, "questionnaire", sc.str("questionnaire")),
            result_question: id_at(&sc, "resultQuestion", sc.str("resultQuestion")),
            satisfied_values: sc.strings("satisfiedValues"),
        };
        let qs = o.obj("qualitySample");
        qs.fields(
            &[
                "source",
                "period",
                "ratePercent",
                "minPerAgent",
                "minTotal",
                "maxTotal",
                "alwaysInclude",
                "checklist",
            ],
            &[],
        );
        source(&qs, "source");
        qs.choice("period", &["calendar_month"]);
        let quality = QualityRule {
            rate_percent: qs.int_in("ratePercent", 1, 100) as u32,
            min_per_agent: qs.int_in("minPerAgent", 0, 100) as u32,
            min_total: qs.int_in("minTotal", 0, 10_000) as u32,
            max_total: qs.int_in("maxTotal", 1, 10_000) as u32,
            always_include: qs.strings("alwaysInclude"),
            checklist: qs.list("checklist", |c| {
                c.fields(&["id", "text"], &[]);
                (id_at(c, "id", c.str("id")), c.text("text"))
            }),
        };
        if quality.min_total > quality.max_total {
            qs.fail("minTotal", "minTotal is at most maxTotal");
        }
        let uy = o.obj("uncoveredYears");
        uy.fields(&["latestExtraDays", "earliestEarlierDays", "source"], &[]);
        source(&uy, "source");
        CallbackRules {
            source: o.str("source"),
            segments,
            new_account,
            periodic,
            account_types,
            statuses,
            events,
            attempts,
            phone_window,
            sms,
            second_contact,
            quality,
            latest_extra_days: uy.int_in("latestExtraDays", 0, 60) as u32,
            earliest_earlier_days: uy.int_in("earliestEarlierDays", 0, 60) as u32,
        }
    }

    pub fn account_type(&self, key: &str) -> Option<&AccountTypeRule> {
        self.account_types
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| r)
    }

    pub fn status(&self, key: &str) -> Option<&StatusRule> {
        self.statuses.iter().find(|(k, _)| k == key).map(|(_, r)| r)
    }

    pub fn event(&self, key: &str) -> Option<&EventRule> {
        self.events.iter().find(|(k, _)| k == key).map(|(_, r)| r)
    }

    /// Every questionnaire route with its path in `callbacks.json` (for the composition check).
    pub fn routes(&self) -> Vec<(String, &Route)> {
        let mut all = vec![
            (
                "newAccount.questionnaire".to_string(),
                &self.new_account.questionnaire,
            ),
            (
                "periodic.questionnaire".to_string(),
                &self.periodic.questionnaire,
            ),
        ];
        for (k, s) in &self.statuses {
            if let Some(r) = &s.questionnaire {
                all.push((format!("statuses.{k}.questionnaire"), r));
            }
        }
        for (k, e) in &self.events {
            all.push((format!("events.{k}.questionnaire"), &e.questionnaire));
        }
        all
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

/// When a `due` rule counted from `basis` (a moment in Asia/Shanghai) falls: the date, and for
/// hours the moment as well. `Err(year)` when the calendar lacks a year it needs.
pub fn due_from(
    cal: &dyn WorkingDays,
    due: CallbackDue,
    basis: chrono::DateTime<chrono::FixedOffset>,
) -> (OnCalendar, Option<chrono::DateTime<chrono::FixedOffset>>) {
    let day = basis.date_naive();
    match due.unit {
        CallbackDueUnit::WorkingDays => (add_working_days(cal, day, due.amount), None),
        CallbackDueUnit::CalendarDays => {
            let raw = day + chrono::Duration::days(i64::from(due.amount));
            let d = match due.roll {
                Roll::None => Ok(raw),
                r => roll_to_working_day(cal, raw, r == Roll::Following),
            };
            (d, None)
        }
        CallbackDueUnit::Hours => {
            let at = basis + chrono::Duration::hours(i64::from(due.amount));
            (Ok(at.date_naive()), Some(at))
        }
    }
}

/// A moment as people read it in texts: `2026-11-24 08:00` (Beijing time). Fields keep RFC 3339.
pub fn display_time(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    let r = crate::time::rfc3339(t);
    format!("{} {}", &r[..10], &r[11..16])
}
