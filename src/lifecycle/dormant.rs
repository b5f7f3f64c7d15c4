//! `dormantWakeUp`: a dormant (sleeping) account's notice, the customer's choices and what each
//! takes — wake it up (which checks, on which channel), close it (what to bring, the fee), change
//! its level, or leave it. A dormant business account has 30 days from the day the bank SENT its
//! notice (人民币银行结算账户管理办法 Art. 56) before it is treated as closed by choice; a last day on
//! a rest day rolls to the next working day (民法典 Arts. 201, 203).

use super::{date_at, fill, World};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::loader::Loader;
use crate::params;
use crate::time::iso;
use crate::vocabulary::Channel;
use chrono::{Duration, NaiveDate};
use serde_json::Value;
use std::collections::BTreeMap;

pub const FILE: &str = "lifecycle/dormant.json";
const CHOICES: [&str; 4] = ["keep", "close", "change_level", "later"];
/// Characters of one SMS in UCS-2, and of each part of a long one.
const SMS_SINGLE: usize = 70;
const SMS_PART: usize = 67;
const SMS_MAX_PARTS: usize = 2;

#[derive(Debug, Clone, PartialEq)]
pub struct WayRule {
    pub channel: String,
    /// Tiers it is open to (empty: all of the segment); `all_personal` opens it to every personal tier.
    pub tiers: Vec<String>,
    pub all_personal: bool,
    pub verification: Vec<String>,
    pub steps: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub ways: Vec<WayRule>,
    pub fees: Vec<String>,
    pub text: Option<Text>,
    pub after: Option<(String, Text)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub inactive_years: u32,
    pub requires_balance: bool,
    pub definition: Text,
    pub sms: Text,
    pub in_app: Option<(Text, Text)>,
    pub call: Vec<Text>,
    pub letter: Option<Text>,
    pub rules: Vec<Text>,
    pub notice_days: u32,
    /// In `CHOICES` order; `None` where the segment has no such choice.
    pub outcomes: Vec<Option<Outcome>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DormantRules {
    pub personal: Segment,
    pub business: Segment,
    pub verification: BTreeMap<String, Text>,
}

fn way(w: &Obj) -> WayRule {
    w.fields(
        &["channel", "verification", "steps", "source"],
        &["appliesToTiers", "bankAllowsClass1"],
    );
    WayRule {
        channel: {
            let s = w.str("channel");
            match Channel::parse_in(&s, &super::SERVICE_CHANNELS) {
                Some(c) => c.id().to_string(),
                None => {
                    w.fail("channel", "expected in_app, kiosk, counter or phone");
                    s
                }
            }
        },
        tiers: w.strings("appliesToTiers"),
        all_personal: w.bool("bankAllowsClass1"),
        verification: w.strings("verification"),
        steps: w.objs("steps").iter().map(|s| s.as_text()).collect(),
    }
}

fn outcome(o: &Obj) -> Outcome {
    o.only(&["channels", "fees", "text", "source", "afterWakeUp"]);
    Outcome {
        ways: o.list("channels", way),
        fees: o.strings("fees"),
        text: o.opt_obj("text").map(|t| t.as_text()),
        after: o.opt_obj("afterWakeUp").map(|a| {
            a.fields(&["levelFlag", "text", "source"], &[]);
            (a.str("levelFlag"), a.text("text"))
        }),
    }
}

fn segment(o: &Obj, business: bool) -> Segment {
    if business {
        o.fields(&["definition", "notice", "noticePeriod", "outcomes"], &[]);
    } else {
        o.fields(&["definition", "notice", "outcomes"], &[]);
    }
    let d = o.obj("definition");
    d.fields(&["inactiveYears", "text", "source"], &["requiresBalance"]);
    let n = o.obj("notice");
    if business {
        n.fields(&["letter", "sms", "source"], &[]);
    } else {
        n.fields(&["sms", "inApp", "call", "rules"], &[]);
    }
    let notice_days = o.opt_obj("noticePeriod").map_or(0, |p| {
        p.fields(&["days", "from", "roll", "source"], &[]);
        p.choice("from", &["sent"]);
        p.choice("roll", &["next_working_day"]);
        p.u32("days", 365)
    });
    let outs = o.obj("outcomes");
    outs.only(&CHOICES);
    Segment {
        inactive_years: d.u32("inactiveYears", 50),
        requires_balance: d.bool("requiresBalance"),
        definition: d.text("text"),
        sms: n.text("sms"),
        in_app: n.opt_obj("inApp").map(|a| {
            a.fields(&["title", "body"], &[]);
            (a.text("title"), a.text("body"))
        }),
        call: n.objs("call").iter().map(|t| t.as_text()).collect(),
        letter: n.opt_obj("letter").map(|t| t.as_text()),
        rules: n.list("rules", |r| {
            r.fields(&["id", "text", "source"], &[]);
            r.text("text")
        }),
        notice_days,
        outcomes: CHOICES
            .iter()
            .map(|c| outs.opt_obj(c).map(|x| outcome(&x)))
            .collect(),
    }
}

fn read(o: &Obj) -> DormantRules {
    o.fields(
        &["source", "personal", "business", "verificationSteps"],
        &[],
    );
    DormantRules {
        personal: segment(&o.obj("personal"), false),
        business: segment(&o.obj("business"), true),
        verification: o.texts("verificationSteps"),
    }
}

impl DormantRules {
    pub fn load(loader: &Loader) -> Result<DormantRules, Error> {
        let r = loader.read(FILE, read)?;
        for (si, s) in [&r.personal, &r.business].into_iter().enumerate() {
            for (ci, o) in s.outcomes.iter().enumerate() {
                for (wi, w) in o.iter().flat_map(|o| o.ways.iter()).enumerate() {
                    if let Some(v) = w
                        .verification
                        .iter()
                        .find(|v| !r.verification.contains_key(*v))
                    {
                        let _ = v;
                        let seg = ["personal", "business"][si];
                        return Err(crate::loader::invalid(
                            FILE,
                            format!("{seg}.outcomes.{}.channels[{wi}].verification", CHOICES[ci]),
                            "unknown verification step (see verificationSteps)",
                        ));
                    }
                }
            }
        }
        Ok(r)
    }
}

// ---- input ----

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DormantInput {
    pub account: DormantAccount,
    /// `keep`, `close`, `change_level` or `later`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub choice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DormantAccount {
    pub tier: String,
    pub status: String,
    /// The account number or a reference ending in it: only its last four characters are used
    /// (never echoed otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub account_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub last_active_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub balance_fen: Option<i64>,
    /// Business: the day the bank SENT its notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub notice_sent_on: Option<String>,
    /// Business: Art. 56 covers only accounts owing the bank nothing.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub owes_bank: bool,
}

pub fn parse_dormant_input(v: &Value) -> Result<DormantInput, Error> {
    Reader::read(None, v, |o| {
        o.fields(&["account"], &["choice"]);
        let a = o.obj("account");
        a.fields(
            &["tier", "status"],
            &[
                "accountRef",
                "lastActiveOn",
                "balanceFen",
                "noticeSentOn",
                "owesBank",
            ],
        );
        DormantInput {
            account: DormantAccount {
                tier: a.str("tier"),
                status: a.str("status"),
                account_ref: a.opt_str("accountRef"),
                last_active_on: a.opt_str("lastActiveOn"),
                balance_fen: a.opt_i64("balanceFen"),
                notice_sent_on: a.opt_str("noticeSentOn"),
                owes_bank: a.bool("owesBank"),
            },
            choice: o
                .opt_str("choice")
                .map(|_| CHOICES[o.choice("choice", &CHOICES)].to_string()),
        }
    })
}

// ---- output ----

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DormantAnswer {
    /// `personal` or `business`.
    pub segment: String,
    pub dormant: Definition,
    pub notice: NoticeTexts,
    /// Business: the notice period; `null` without `noticeSentOn`.
    pub period: Option<DormantPeriod>,
    pub options: Vec<DormantOption>,
    pub outcome: Option<OutcomeView>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Definition {
    /// By the regulator's definition; `null` when the facts were not given.
    pub qualifies: Option<bool>,
    pub definition: String,
    pub inactive_years: u32,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct NoticeTexts {
    pub sms: Sms,
    pub in_app: Option<InApp>,
    pub call: Vec<String>,
    pub letter: Option<String>,
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Sms {
    pub text: String,
    pub chars: usize,
    pub segments: usize,
    pub within_limit: bool,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct InApp {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DormantPeriod {
    pub notice_sent_on: String,
    pub days: u32,
    /// Sent-on + days (the sending day is not counted, 民法典 Art. 201).
    pub raw_last_day: String,
    /// The last day, rolled past rest days (Art. 203); `null` beyond the calendar.
    pub close_by: Option<String>,
    pub rolled: bool,
    pub days_left: Option<i64>,
    pub deemed_closed: bool,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DormantOption {
    pub choice: String,
    pub title: String,
    pub available: bool,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct OutcomeView {
    pub choice: String,
    pub channels: Vec<WayView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub after_wake_up: Option<AfterWakeUp>,
    /// What happens when nothing is done (`later`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub text: Option<String>,
    /// The fees of this errand (builds with the service capability).
    pub fees: Vec<super::FeeLine>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WayView {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ServiceChannel"))]
    pub channel: String,
    pub available: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub why: Option<String>,
    pub verification: Vec<Step>,
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Step {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AfterWakeUp {
    /// The due-diligence flag the level rules read (`reactivated_after_dormancy`).
    pub level_flag: String,
    pub text: String,
}

/// UCS-2 parts of an SMS of `chars` characters.
fn sms_segments(chars: usize) -> usize {
    if chars <= SMS_SINGLE {
        1
    } else {
        chars.div_ceil(SMS_PART)
    }
}

fn period(
    ctx: &Ctx,
    world: &dyn World,
    days: u32,
    sent: NaiveDate,
    findings: &mut Vec<Finding>,
) -> DormantPeriod {
    let raw = sent + Duration::days(i64::from(days));
    let close_by = world.working_day_on_or_after(raw);
    if close_by.is_none() {
        findings.push(ctx.finding(
            Severity::Warning,
            "lifecycle.dormant.not_covered",
            "account.noticeSentOn",
            params![("date", iso(raw))],
        ));
    }
    let today = ctx.today();
    let deemed = close_by.is_some_and(|c| today > c);
    if let Some(c) = close_by {
        if deemed {
            findings.push(ctx.finding(
                Severity::Warning,
                "lifecycle.dormant.deemed_closed",
                "account.noticeSentOn",
                params![("closeBy", iso(c))],
            ));
        } else {
            findings.push(ctx.finding(
                Severity::Warning,
                "lifecycle.dormant.close_by",
                "account.noticeSentOn",
                params![("closeBy", iso(c)), ("days", (c - today).num_days())],
            ));
        }
        if c != raw {
            findings.push(ctx.finding(
                Severity::Info,
                "lifecycle.dormant.rolled",
                "account.noticeSentOn",
                params![("raw", iso(raw)), ("closeBy", iso(c))],
            ));
        }
    }
    DormantPeriod {
        notice_sent_on: iso(sent),
        days,
        raw_last_day: iso(raw),
        rolled: close_by.is_some_and(|c| c != raw),
        days_left: close_by.filter(|_| !deemed).map(|c| (c - today).num_days()),
        close_by: close_by.map(iso),
        deemed_closed: deemed,
    }
}

/// `dormantWakeUp`.
pub fn wake_up(
    ctx: &Ctx,
    r: &DormantRules,
    world: &dyn World,
    input: &DormantInput,
) -> Result<DormantAnswer, Error> {
    let a = &input.account;
    let seg_id = world
        .tier_segment(&a.tier)
        .ok_or_else(|| Error::argument("unknown tier (see listTiers)").at_path("account.tier"))?;
    let business = seg_id == "business";
    let s = if business { &r.business } else { &r.personal };
    let today = ctx.today();
    let l = ctx.locale();
    let mut findings = Vec::new();
    let last_active = match &a.last_active_on {
        Some(d) => Some(date_at(d, "account.lastActiveOn")?),
        None => None,
    };
    let sent = match &a.notice_sent_on {
        Some(d) => {
            let d = date_at(d, "account.noticeSentOn")?;
            if d > today {
                return Err(Error::argument("the notice cannot be sent after today")
                    .at_path("account.noticeSentOn"));
            }
            Some(d)
        }
        None => None,
    };
    if a.account_ref
        .as_ref()
        .is_some_and(|r| r.chars().count() > 64)
    {
        return Err(Error::argument("at most 64 characters").at_path("account.accountRef"));
    }
    if a.balance_fen.is_some_and(|b| b < 0) {
        return Err(Error::argument("balance cannot be negative").at_path("account.balanceFen"));
    }
    let tail: String = {
        let chars: Vec<char> = a
            .account_ref
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if chars.len() >= 4 {
            chars[chars.len() - 4..].iter().collect()
        } else {
            "****".to_string()
        }
    };
    let qualifies = last_active.map(|d| {
        let years_ago = crate::time::add_years(today, -(s.inactive_years as i32)).unwrap_or(today);
        d <= years_ago && (!s.requires_balance || a.balance_fen.is_some_and(|b| b > 0))
    });
    let qualifies = if s.requires_balance && a.balance_fen.is_none() {
        None
    } else {
        qualifies
    };
    let dormant = a.status == "dormant";
    if !dormant {
        findings.push(ctx.finding(
            Severity::Info,
            "lifecycle.dormant.not_dormant",
            "account.status",
            params![],
        ));
    } else if qualifies == Some(false) {
        findings.push(ctx.finding(
            Severity::Info,
            "lifecycle.dormant.bank_rule",
            "account.lastActiveOn",
            params![("years", s.inactive_years)],
        ));
    }
    if business && a.owes_bank {
        findings.push(ctx.finding(
            Severity::Info,
            "lifecycle.dormant.owes_bank",
            "account.owesBank",
            params![],
        ));
    }
    let per = match (business && dormant && !a.owes_bank, sent) {
        (true, Some(d)) => Some(period(ctx, world, s.notice_days, d, &mut findings)),
        (true, None) => {
            findings.push(ctx.finding(
                Severity::Warning,
                "lifecycle.dormant.notice_not_sent",
                "account.noticeSentOn",
                params![],
            ));
            None
        }
        _ => None,
    };
    let close_by = per
        .as_ref()
        .and_then(|p| p.close_by.clone())
        .unwrap_or_else(|| ctx.text("lifecycle.dormant.date_unknown"));
    let p = params![
        ("tail", tail.clone()),
        ("years", s.inactive_years),
        ("days", s.notice_days),
        ("closeBy", close_by),
        ("noticeSentOn", sent.map(iso).unwrap_or_default())
    ];
    let sms_text = fill(ctx, &s.sms, &p);
    let chars = sms_text.chars().count();
    let segments = sms_segments(chars);
    let notice = NoticeTexts {
        sms: Sms {
            text: sms_text,
            chars,
            segments,
            within_limit: segments <= SMS_MAX_PARTS,
        },
        in_app: s.in_app.as_ref().map(|(t, b)| InApp {
            title: fill(ctx, t, &p),
            body: fill(ctx, b, &p),
        }),
        call: s.call.iter().map(|t| fill(ctx, t, &p)).collect(),
        letter: s.letter.as_ref().map(|t| fill(ctx, t, &p)),
        rules: s.rules.iter().map(|t| t.get(l).to_string()).collect(),
    };
    let deemed = per.as_ref().is_some_and(|p| p.deemed_closed);
    let options: Vec<DormantOption> = if dormant && !deemed {
        CHOICES
            .iter()
            .zip(&s.outcomes)
            .filter(|(_, o)| o.is_some())
            .map(|(c, _)| DormantOption {
                choice: c.to_string(),
                title: ctx.text(&format!("lifecycle.dormant.choice.{c}")),
                available: true,
            })
            .collect()
    } else {
        Vec::new()
    };
    let outcome = match input.choice.as_deref() {
        None => None,
        Some(c) => {
            let i = CHOICES.iter().position(|x| *x == c).unwrap_or(0);
            let o = s.outcomes[i].as_ref().filter(|_| dormant).ok_or_else(|| {
                Error::argument("not a choice for this account").at_path("choice")
            })?;
            let ways = o
                .ways
                .iter()
                .map(|w| {
                    let open = w.tiers.is_empty()
                        || w.tiers.contains(&a.tier)
                        || (w.all_personal && !business);
                    WayView {
                        channel: w.channel.clone(),
                        available: open,
                        why: (!open).then(|| ctx.text("lifecycle.dormant.app_unavailable")),
                        verification: w
                            .verification
                            .iter()
                            .map(|v| Step {
                                id: v.clone(),
                                text: r
                                    .verification
                                    .get(v)
                                    .map(|t| t.get(l).to_string())
                                    .unwrap_or_default(),
                            })
                            .collect(),
                        steps: w.steps.iter().map(|t| fill(ctx, t, &p)).collect(),
                    }
                })
                .collect();
            Some(OutcomeView {
                choice: c.to_string(),
                channels: ways,
                after_wake_up: o.after.as_ref().map(|(f, t)| AfterWakeUp {
                    level_flag: f.clone(),
                    text: t.get(l).to_string(),
                }),
                text: o.text.as_ref().map(|t| fill(ctx, t, &p)),
                fees: o.fees.iter().filter_map(|f| world.fee(f)).collect(),
            })
        }
    };
    Ok(DormantAnswer {
        segment: seg_id.to_string(),
        dormant: Definition {
            qualifies,
            definition: fill(ctx, &s.definition, &p),
            inactive_years: s.inactive_years,
        },
        notice,
        period: per,
        options,
        outcome,
        findings,
    })
}
