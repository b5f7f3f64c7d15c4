//! `whitelistEligibility`: can this account join a signed-service whitelist (salary, social
//! security, loan repayment, utilities, this bank's wealth products), what is missing, who approves
//! it and by when; for a whitelisted account, whether its review is due or an exit condition applies.

use super::{date_at, department_name, fill, World};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::loader::{invalid, Loader};
use crate::params;
use crate::time::iso;
use chrono::{Months, NaiveDate};
use serde_json::Value;

pub const FILE: &str = "lifecycle/whitelist.json";
const MAX_DATES: usize = 100;
const MAX_LIST: usize = 20;
const RISKS: [&str; 3] = ["low", "medium", "high"];
const DIRECTIONS: [&str; 3] = ["inbound", "outbound", "any"];

#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub id: String,
    pub name: Text,
    pub signed_service: Text,
    pub history_min_count: u32,
    pub history_months: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub text: Text,
    pub status_in: Vec<String>,
    pub risk_in: Vec<String>,
    pub flags_none: Vec<String>,
    pub tiers_in: Vec<String>,
    pub or_face_to_face_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    pub name: Text,
    pub department: String,
    pub working_days: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WhitelistRules {
    pub categories: Vec<Category>,
    pub criteria: Vec<Criterion>,
    pub apply_channels: Vec<String>,
    pub apply_text: Text,
    pub steps: Vec<Step>,
    pub review_every_months: u32,
    pub exit_triggers: Vec<(String, Text)>,
    /// What the floor means for the customer (`{level}`: the floor level, `tiers.json`
    /// `whitelistFloor` — one place for the fact `checkTransaction` applies).
    pub effect_text: Text,
}

const CRITERIA: [&str; 6] = [
    "signed_active",
    "history",
    "status_ok",
    "risk_ok",
    "not_listed",
    "identity_verified",
];
const TRIGGERS: [&str; 6] = [
    "service_terminated",
    "no_recent_use",
    "risk_high",
    "listed_or_measure",
    "status_changed",
    "customer_request",
];

fn read(o: &Obj) -> WhitelistRules {
    o.fields(
        &[
            "source",
            "categories",
            "criteria",
            "approval",
            "review",
            "exitTriggers",
            "exitSource",
            "effect",
        ],
        &[],
    );
    let mut categories = Vec::new();
    for (id, c) in o.obj("categories").entries() {
        c.fields(&["name", "tiersWhitelist", "signedService", "history"], &[]);
        let h = c.obj("history");
        h.fields(&["kinds", "direction", "minCount", "months"], &[]);
        let _ = (
            h.strings("kinds"),
            h.choice("direction", &DIRECTIONS),
            c.str("tiersWhitelist"),
        );
        categories.push(Category {
            id: id.to_string(),
            name: c.text("name"),
            signed_service: c.text("signedService"),
            history_min_count: h.u32("minCount", 1000),
            history_months: h.u32("months", 60),
        });
    }
    let criteria = o.list("criteria", |c| {
        c.fields(&["id", "text", "source"], &["statusIn", "riskLevelIn", "flagsNone", "tiersIn", "orFaceToFaceIn"]);
        let id = c.str("id");
        if !CRITERIA.contains(&id.as_str()) {
            c.fail("id", "unknown criterion (the core evaluates signed_active, history, status_ok, risk_ok, not_listed, identity_verified)");
        }
        Criterion {
            id,
            text: c.text("text"),
            status_in: c.strings("statusIn"),
            risk_in: c.strings("riskLevelIn"),
            flags_none: c.strings("flagsNone"),
            tiers_in: c.strings("tiersIn"),
            or_face_to_face_in: c.strings("orFaceToFaceIn"),
        }
    });
    let approval = o.obj("approval");
    approval.fields(&["apply", "steps", "source"], &[]);
    let apply = approval.obj("apply");
    apply.fields(&["channels", "text"], &[]);
    let steps = approval.list("steps", |s| {
        s.fields(&["id", "name", "department", "due"], &[]);
        let due = s.obj("due");
        due.fields(&["unit", "amount"], &[]);
        due.choice("unit", &["working_days"]);
        Step {
            id: s.str("id"),
            name: s.text("name"),
            department: s.str("department"),
            working_days: due.u32("amount", 60),
        }
    });
    let review = o.obj("review");
    review.fields(&["everyMonths", "source"], &[]);
    let exit_triggers = o.list("exitTriggers", |t| {
        t.fields(&["id", "text"], &[]);
        let id = t.str("id");
        if !TRIGGERS.contains(&id.as_str()) {
            t.fail("id", "unknown exit trigger");
        }
        (id, t.text("text"))
    });
    let effect = o.obj("effect");
    effect.fields(&["text", "source"], &[]);
    WhitelistRules {
        categories,
        criteria,
        apply_channels: super::read_channels(&apply, "channels", &super::SERVICE_CHANNELS),
        apply_text: apply.text("text"),
        steps,
        review_every_months: review.u32("everyMonths", 120).max(1),
        exit_triggers,
        effect_text: effect.text("text"),
    }
}

impl WhitelistRules {
    pub fn load(loader: &Loader) -> Result<WhitelistRules, Error> {
        let r = loader.read(FILE, read)?;
        if r.categories.is_empty() {
            return Err(invalid(FILE, "categories", "at least one category"));
        }
        Ok(r)
    }
}

// ---- input ----

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WhitelistInput {
    pub account: WlAccount,
    /// The signed services the customer has (by category).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub services: Vec<WlService>,
    /// Dates of the category's transactions (≤ 100 each); only counts are used.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub activity: Vec<WlActivity>,
    /// One category, else every category.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub category: Option<String>,
    /// `YYYY-MM-DD` the application is submitted: each approval step's due date is computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub submitted_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WlAccount {
    pub tier: String,
    /// `active` (default), `dormant`, `suspended`, …
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub status: String,
    /// `low`, `medium` or `high`; absent: not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub risk_level: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub face_to_face_verified: bool,
    /// Categories the account is already whitelisted for.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub whitelist: Vec<WlMembership>,
    /// `punishment_list`, `fraud_measure`, `aml_measure`.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WlMembership {
    pub category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub last_reviewed_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WlService {
    pub category: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WlActivity {
    pub category: String,
    /// The days of the signed service's transactions (only how many fall in the criterion's
    /// window is used).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub dates: Vec<String>,
    /// Or just how many there were in that window, as the customer or the staff counted them
    /// (not with `dates`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub recent_count: Option<u32>,
}

/// The JSON argument of `whitelistEligibility`.
pub fn parse_whitelist_input(v: &Value) -> Result<WhitelistInput, Error> {
    // `account.whitelist` takes category names (as checkTransaction does) or
    // `{ category, since?, lastReviewedOn? }`: names are read as `{ category }`.
    let mut v = v.clone();
    if let Some(list) = v
        .pointer_mut("/account/whitelist")
        .and_then(Value::as_array_mut)
    {
        for item in list.iter_mut() {
            if let Value::String(s) = item {
                let mut o = serde_json::Map::new();
                o.insert("category".into(), Value::String(std::mem::take(s)));
                *item = Value::Object(o);
            }
        }
    }
    let v = &v;
    Reader::read(None, v, |o| {
        o.fields(
            &["account"],
            &["services", "activity", "category", "submittedOn"],
        );
        o.at_most("services", MAX_LIST);
        o.at_most("activity", MAX_LIST);
        let a = o.obj("account");
        a.fields(
            &["tier"],
            &[
                "status",
                "riskLevel",
                "faceToFaceVerified",
                "whitelist",
                "flags",
            ],
        );
        a.at_most("whitelist", MAX_LIST);
        a.at_most("flags", MAX_LIST);
        let risk_level = a
            .opt_str("riskLevel")
            .map(|_| RISKS[a.choice("riskLevel", &RISKS)].to_string());
        let whitelist = a.list("whitelist", |m| {
            m.fields(&["category"], &["since", "lastReviewedOn"]);
            WlMembership {
                category: m.str("category"),
                since: m.opt_str("since"),
                last_reviewed_on: m.opt_str("lastReviewedOn"),
            }
        });
        WhitelistInput {
            account: WlAccount {
                tier: a.str("tier"),
                status: a.opt_str("status").unwrap_or_else(|| "active".to_string()),
                risk_level,
                face_to_face_verified: a.bool("faceToFaceVerified"),
                whitelist,
                flags: a.strings("flags"),
            },
            services: o.list("services", |s| {
                s.fields(&["category", "active"], &["since"]);
                WlService {
                    category: s.str("category"),
                    active: s.bool("active"),
                }
            }),
            activity: o.list("activity", |s| {
                s.fields(&["category"], &["dates", "recentCount"]);
                s.at_most("dates", MAX_DATES);
                if s.has("dates") == s.has("recentCount") {
                    s.fail("dates", "give dates or recentCount (one of them)");
                }
                WlActivity {
                    category: s.str("category"),
                    dates: s.strings("dates"),
                    recent_count: s.opt_u32("recentCount"),
                }
            }),
            category: o.opt_str("category"),
            submitted_on: o.opt_str("submittedOn"),
        }
    })
}

// ---- output ----

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WhitelistAnswer {
    pub categories: Vec<CategoryAnswer>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CategoryAnswer {
    pub category: String,
    pub name: String,
    /// `eligible`, `not_eligible` (a criterion is not met), `incomplete` (none fails but some are
    /// not known), `whitelisted`, `review_due` or `should_exit`.
    pub state: String,
    pub criteria: Vec<CriterionAnswer>,
    /// Criteria not met.
    pub missing: Vec<String>,
    /// Criteria the host passed no facts for (never counted as met).
    pub unknown: Vec<String>,
    pub apply: Apply,
    pub approval: Vec<ApprovalStep>,
    pub review: Review,
    /// Exit conditions that apply now (whitelisted accounts).
    pub triggered: Vec<String>,
    pub exit_triggers: Vec<String>,
    /// The account-level effect: `null` when the pack sets no floor (`tiers.json`
    /// `whitelistFloor`; then a whitelist lifts only the kinds it covers).
    pub effect: Option<Effect>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CriterionAnswer {
    pub id: String,
    /// `null`: not known.
    pub met: Option<bool>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Apply {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ServiceChannel[]"))]
    pub channels: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ApprovalStep {
    pub step: String,
    pub name: String,
    pub department: String,
    pub department_name: String,
    pub working_days: u32,
    /// From `submittedOn`, step after step; `null` without it or beyond the calendar.
    pub due_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Review {
    pub every_months: u32,
    /// For a whitelisted account with a known `since` or `lastReviewedOn`.
    pub next_review_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Effect {
    pub floor_level: String,
    pub text: String,
}

fn criterion_met(
    c: &Criterion,
    cat: &Category,
    input: &WhitelistInput,
    today: NaiveDate,
) -> Result<Option<bool>, Error> {
    let a = &input.account;
    Ok(match c.id.as_str() {
        "signed_active" => input
            .services
            .iter()
            .find(|s| s.category == cat.id)
            .map(|s| s.active),
        "history" => match input
            .activity
            .iter()
            .enumerate()
            .find(|(_, s)| s.category == cat.id)
        {
            None => None,
            Some((i, act)) => {
                let from = today
                    .checked_sub_months(Months::new(cat.history_months))
                    .unwrap_or(today);
                let mut n = act.recent_count.unwrap_or(0);
                for (j, d) in act.dates.iter().enumerate() {
                    let d = date_at(d, &format!("activity[{i}].dates[{j}]"))?;
                    if d > from && d <= today {
                        n += 1;
                    }
                }
                Some(n >= cat.history_min_count)
            }
        },
        "status_ok" => Some(c.status_in.contains(&a.status)),
        "risk_ok" => a.risk_level.as_ref().map(|r| c.risk_in.contains(r)),
        "not_listed" => Some(!a.flags.iter().any(|f| c.flags_none.contains(f))),
        _ => Some(
            c.tiers_in.contains(&a.tier)
                || (a.face_to_face_verified && c.or_face_to_face_in.contains(&a.tier)),
        ),
    })
}

/// `whitelistEligibility`.
pub fn eligibility(
    ctx: &Ctx,
    r: &WhitelistRules,
    world: &dyn World,
    input: &WhitelistInput,
) -> Result<WhitelistAnswer, Error> {
    let today = ctx.today();
    if world.tier_segment(&input.account.tier).is_none() {
        return Err(Error::argument("unknown tier (see listTiers)").at_path("account.tier"));
    }
    let known = |id: &str| r.categories.iter().any(|c| c.id == id);
    if let Some(c) = input.category.as_deref().filter(|c| !known(c)) {
        let _ = c;
        return Err(
            Error::argument("unknown whitelist category (see lifecycle/whitelist.json)")
                .at_path("category"),
        );
    }
    for (i, m) in input.account.whitelist.iter().enumerate() {
        if !known(&m.category) {
            return Err(Error::argument("unknown whitelist category")
                .at_path(format!("account.whitelist[{i}]")));
        }
    }
    let submitted = match &input.submitted_on {
        Some(s) => Some(date_at(s, "submittedOn")?),
        None => None,
    };
    let floor = world.whitelist_floor();
    let effect = floor.as_ref().map(|f| Effect {
        floor_level: f.clone(),
        text: fill(
            ctx,
            &r.effect_text,
            &params![("level", world.level(f).map_or(f.clone(), |l| l.name))],
        ),
    });
    let mut categories = Vec::new();
    let mut findings = Vec::new();
    for cat in r
        .categories
        .iter()
        .filter(|c| input.category.as_ref().is_none_or(|x| *x == c.id))
    {
        let p = params![
            ("service", cat.signed_service.get(ctx.locale())),
            ("months", cat.history_months),
            ("minCount", cat.history_min_count)
        ];
        let mut criteria = Vec::new();
        let (mut missing, mut unknown) = (Vec::new(), Vec::new());
        for c in &r.criteria {
            let met = criterion_met(c, cat, input, today)?;
            match met {
                Some(false) => missing.push(c.id.clone()),
                None => unknown.push(c.id.clone()),
                _ => {}
            }
            criteria.push(CriterionAnswer {
                id: c.id.clone(),
                met,
                text: fill(ctx, &c.text, &p),
            });
        }
        let membership = input
            .account
            .whitelist
            .iter()
            .find(|m| m.category == cat.id);
        let met = |id: &str| criteria.iter().find(|c| c.id == id).and_then(|c| c.met);
        let mut triggered = Vec::new();
        let mut next_review_by = None;
        let name = cat.name.get(ctx.locale()).to_string();
        let state = if let Some(m) = membership {
            for (t, failed) in [
                ("service_terminated", met("signed_active") == Some(false)),
                ("no_recent_use", met("history") == Some(false)),
                (
                    "risk_high",
                    input.account.risk_level.as_deref() == Some("high"),
                ),
                ("listed_or_measure", met("not_listed") == Some(false)),
                ("status_changed", met("status_ok") == Some(false)),
            ] {
                if failed {
                    triggered.push(t.to_string());
                }
            }
            let basis = match m.last_reviewed_on.as_ref().or(m.since.as_ref()) {
                Some(s) => Some(date_at(s, "account.whitelist")?),
                None => None,
            };
            let next = basis.and_then(|b| b.checked_add_months(Months::new(r.review_every_months)));
            next_review_by = next.map(iso);
            if !triggered.is_empty() {
                for t in &triggered {
                    let text = r
                        .exit_triggers
                        .iter()
                        .find(|(id, _)| id == t)
                        .map(|(_, x)| x.get(ctx.locale()).to_string())
                        .unwrap_or_default();
                    findings.push(ctx.finding(
                        Severity::Warning,
                        "lifecycle.whitelist.should_exit",
                        "account.whitelist",
                        params![("category", name.clone()), ("trigger", text)],
                    ));
                }
                "should_exit"
            } else if next.is_some_and(|n| n <= today) {
                findings.push(ctx.finding(
                    Severity::Warning,
                    "lifecycle.whitelist.review_due",
                    "account.whitelist",
                    params![
                        ("category", name.clone()),
                        ("dueOn", next_review_by.clone().unwrap_or_default())
                    ],
                ));
                "review_due"
            } else {
                "whitelisted"
            }
        } else if !missing.is_empty() {
            findings.push(ctx.finding(
                Severity::Info,
                "lifecycle.whitelist.not_eligible",
                "category",
                params![("category", name.clone())],
            ));
            "not_eligible"
        } else if !unknown.is_empty() {
            findings.push(ctx.finding(
                Severity::Info,
                "lifecycle.whitelist.incomplete",
                "category",
                params![("category", name.clone())],
            ));
            "incomplete"
        } else {
            findings.push(ctx.finding(
                Severity::Info,
                "lifecycle.whitelist.eligible",
                "category",
                params![("category", name.clone())],
            ));
            "eligible"
        };
        let mut at = submitted.filter(|_| state == "eligible");
        let approval = r
            .steps
            .iter()
            .map(|s| {
                at = at.and_then(|d| world.add_working_days(d, s.working_days));
                ApprovalStep {
                    step: s.id.clone(),
                    name: s.name.get(ctx.locale()).to_string(),
                    department: s.department.clone(),
                    department_name: department_name(ctx, &s.department),
                    working_days: s.working_days,
                    due_by: at.map(iso),
                }
            })
            .collect();
        categories.push(CategoryAnswer {
            category: cat.id.clone(),
            name,
            state: state.to_string(),
            criteria,
            missing,
            unknown,
            apply: Apply {
                channels: r.apply_channels.clone(),
                text: r.apply_text.get(ctx.locale()).to_string(),
            },
            approval,
            review: Review {
                every_months: r.review_every_months,
                next_review_by,
            },
            triggered,
            exit_triggers: r
                .exit_triggers
                .iter()
                .map(|(_, t)| t.get(ctx.locale()).to_string())
                .collect(),
            effect: effect.clone(),
        });
    }
    Ok(WhitelistAnswer {
        categories,
        findings,
    })
}
