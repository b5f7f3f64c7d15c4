//! `explainAccountLevel`: the bank's non-counter level that the due-diligence result leads to
//! (first matching row of `lifecycle/levels.json`), a change against the current level with the
//! notice the customer is owed (a routine re-grading: prior notice, a bank setting; a risk
//! measure: at once, with the reason, the remedy channel and the documents — 反电信网络诈骗法
//! Art. 32 ¶3), how to object (the remote adjustment path: a ready `requestLimitAdjustment` input)
//! and what would raise the level.

use super::{date_at, World};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::loader::{invalid, Loader};
use crate::params;
use crate::time::iso;
use crate::vocabulary::Channel;
use chrono::Duration;
use serde_json::{json, Value};

pub const FILE: &str = "lifecycle/levels.json";
const VERIFICATION: [&str; 5] = [
    "face_to_face",
    "kiosk_with_staff",
    "remote_bound_account",
    "remote_face",
    "none",
];
const PURPOSE: [&str; 3] = ["documented", "stated", "none"];
const RISKS: [&str; 3] = ["low", "medium", "high"];
const FLAGS: [&str; 6] = [
    "model_alert",
    "reactivated_after_dormancy",
    "fraud_measure",
    "aml_measure",
    "punishment_list",
    "whitelisted",
];
/// Where a downgrade notice may be sent: any channel of the shared vocabulary.
const ALL_CHANNELS: [Channel; 5] = [
    Channel::InApp,
    Channel::Kiosk,
    Channel::Counter,
    Channel::Phone,
    Channel::Sms,
];
const BASES: [&str; 3] = ["routine", "fraud_measure", "aml_measure"];
/// Flags that mean a risk measure is in force: the whitelist floor does not lift them.
const MEASURES: [&str; 3] = ["fraud_measure", "aml_measure", "punishment_list"];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct When {
    pub flags_any: Vec<String>,
    pub flags_none: Vec<String>,
    pub verification_in: Vec<String>,
    pub purpose_in: Vec<String>,
    pub risk_in: Vec<String>,
    pub contact_verified: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevelRule {
    pub id: String,
    pub when: When,
    pub level: String,
    pub why: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRule {
    pub prior_days: Option<u32>,
    pub channels: Vec<String>,
    pub must_state: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevelRules {
    pub rules: Vec<LevelRule>,
    pub whitelist_floor: bool,
    /// By basis, in `BASES` order.
    pub notices: Vec<NoticeRule>,
    pub objection_path: String,
    pub objection_channels: Vec<String>,
    /// `requestLimitAdjustment` reason by basis, in `BASES` order.
    pub reasons: Vec<String>,
}

fn names_in(o: &Obj, key: &str, allowed: &[&str]) -> Vec<String> {
    let list = o.strings(key);
    if list.iter().any(|x| !allowed.contains(&x.as_str())) {
        o.fail(key, "unknown variant");
    }
    list
}

fn read(o: &Obj) -> LevelRules {
    o.fields(
        &[
            "source",
            "inputs",
            "rules",
            "whitelistFloor",
            "rulesNote",
            "downgradeNotice",
            "objection",
        ],
        &[],
    );
    let _ = o.obj("inputs").raw_map();
    let rules = o.list("rules", |r| {
        r.fields(&["id", "when", "level", "why"], &[]);
        let w = r.obj("when");
        w.only(&[
            "flagsAny",
            "flagsNone",
            "verificationIn",
            "purposeIn",
            "riskLevelIn",
            "contactVerified",
        ]);
        LevelRule {
            id: r.str("id"),
            when: When {
                flags_any: names_in(&w, "flagsAny", &FLAGS),
                flags_none: names_in(&w, "flagsNone", &FLAGS),
                verification_in: names_in(&w, "verificationIn", &VERIFICATION),
                purpose_in: names_in(&w, "purposeIn", &PURPOSE),
                risk_in: names_in(&w, "riskLevelIn", &RISKS),
                contact_verified: w.opt_bool("contactVerified"),
            },
            level: r.str("level"),
            why: r.text("why"),
        }
    });
    let n = o.obj("downgradeNotice");
    n.fields(&BASES, &[]);
    let notices = BASES
        .iter()
        .map(|b| {
            let x = n.obj(b);
            x.fields(
                &["channels", "mustState", "source"],
                &["priorNotice", "atOnce"],
            );
            let prior_days = x.opt_obj("priorNotice").map(|p| {
                p.fields(&["unit", "amount"], &[]);
                p.choice("unit", &["calendar_days"]);
                p.u32("amount", 90)
            });
            NoticeRule {
                prior_days,
                channels: super::read_channels(&x, "channels", &ALL_CHANNELS),
                must_state: x.strings("mustState"),
            }
        })
        .collect();
    let obj = o.obj("objection");
    obj.fields(
        &["path", "method", "reasonByBasis", "channels", "source"],
        &[],
    );
    let by = obj.obj("reasonByBasis");
    by.fields(&BASES, &[]);
    LevelRules {
        rules,
        whitelist_floor: o.bool("whitelistFloor"),
        notices,
        objection_path: obj.str("path"),
        objection_channels: super::read_channels(&obj, "channels", &super::SERVICE_CHANNELS),
        reasons: BASES.iter().map(|b| by.str(b)).collect(),
    }
}

impl LevelRules {
    pub fn load(loader: &Loader) -> Result<LevelRules, Error> {
        let r = loader.read(FILE, read)?;
        match r.rules.last() {
            Some(last) if last.when == When::default() => Ok(r),
            _ => Err(invalid(
                FILE,
                "rules",
                "the last rule must match everything (an empty when)",
            )),
        }
    }
}

// ---- input ----

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LevelInput {
    pub account: LevelAccount,
    pub due_diligence: LevelDueDiligence,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub change: Option<LevelChange>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LevelAccount {
    pub tier: String,
    /// The current bank level, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub bank_level: Option<String>,
    /// Whitelist categories the account is on.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub whitelist: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LevelDueDiligence {
    /// `face_to_face`, `kiosk_with_staff`, `remote_bound_account`, `remote_face`, `none`.
    pub verification: String,
    /// `documented`, `stated`, `none`.
    pub purpose_evidence: String,
    /// `low`, `medium`, `high`.
    pub risk_level: String,
    pub contact_verified: bool,
    /// `model_alert`, `reactivated_after_dormancy`, `fraud_measure`, `aml_measure`, `punishment_list`.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LevelChange {
    /// `routine`, `fraud_measure` or `aml_measure`.
    pub basis: String,
    /// `YYYY-MM-DD` the bank sends (or sent) the notice; default today.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub notice_sent_on: Option<String>,
}

/// The JSON argument of `explainAccountLevel`.
pub fn parse_level_input(v: &Value) -> Result<LevelInput, Error> {
    Reader::read(None, v, |o| {
        o.fields(&["account", "dueDiligence"], &["change"]);
        let a = o.obj("account");
        a.fields(&["tier"], &["bankLevel", "whitelist", "status"]);
        a.at_most("whitelist", 20);
        let d = o.obj("dueDiligence");
        d.fields(
            &[
                "verification",
                "purposeEvidence",
                "riskLevel",
                "contactVerified",
            ],
            &["flags"],
        );
        d.at_most("flags", 10);
        let flags = d.strings("flags");
        if flags.iter().any(|f| !FLAGS[..5].contains(&f.as_str())) {
            d.fail("flags", "unknown variant");
        }
        LevelInput {
            account: LevelAccount {
                tier: a.str("tier"),
                bank_level: a.opt_str("bankLevel"),
                whitelist: a.strings("whitelist"),
            },
            due_diligence: LevelDueDiligence {
                verification: VERIFICATION[d.choice("verification", &VERIFICATION)].to_string(),
                purpose_evidence: PURPOSE[d.choice("purposeEvidence", &PURPOSE)].to_string(),
                risk_level: RISKS[d.choice("riskLevel", &RISKS)].to_string(),
                contact_verified: d.opt_bool("contactVerified").unwrap_or(false),
                flags,
            },
            change: o.opt_obj("change").map(|c| {
                c.fields(&["basis"], &["noticeSentOn"]);
                LevelChange {
                    basis: BASES[c.choice("basis", &BASES)].to_string(),
                    notice_sent_on: c.opt_str("noticeSentOn"),
                }
            }),
        }
    })
}

// ---- output ----

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LevelAnswer {
    /// `null` for a tier without bank levels (business accounts).
    pub level: Option<super::LevelInfo>,
    pub matched_rule: Option<MatchedRule>,
    pub current_level: Option<super::LevelInfo>,
    /// `upgrade`, `downgrade` or `same`.
    pub change: String,
    pub notice: Option<Notice>,
    pub objection: Option<Objection>,
    pub upgrade_path: Vec<UpgradeStep>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct MatchedRule {
    pub id: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Notice {
    pub basis: String,
    /// Days of prior notice (a bank setting for routine re-grading); `null` for measures.
    pub prior_notice_days: Option<u32>,
    pub at_once: bool,
    pub notice_sent_on: String,
    pub effective_on: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Channel[]"))]
    pub channels: Vec<String>,
    /// What the notice must say (`reason`, `new_limits`, `effective_date`, `how_to_object`, …).
    pub must_state: Vec<String>,
    /// The notice in plain words.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Objection {
    pub path: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ServiceChannel[]"))]
    pub channels: Vec<String>,
    /// `{ method: "requestLimitAdjustment", input }`: what the host passes, one tap.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "{ method: string; input: unknown }")
    )]
    pub request: Value,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct UpgradeStep {
    pub to_level: String,
    pub to_level_name: String,
    /// `verification:face_to_face`, `purposeEvidence:documented`, `contactVerified`, `riskLevel:medium`.
    pub needs: Vec<String>,
    pub text: String,
}

fn matches(w: &When, dd: &LevelDueDiligence, flags: &[String]) -> bool {
    let has = |f: &String| flags.contains(f);
    (w.flags_any.is_empty() || w.flags_any.iter().any(has))
        && !w.flags_none.iter().any(has)
        && (w.verification_in.is_empty() || w.verification_in.contains(&dd.verification))
        && (w.purpose_in.is_empty() || w.purpose_in.contains(&dd.purpose_evidence))
        && (w.risk_in.is_empty() || w.risk_in.contains(&dd.risk_level))
        && w.contact_verified.is_none_or(|c| c == dd.contact_verified)
}

/// What `dd` lacks to meet `w` (flags are never something to gain).
fn needs(ctx: &Ctx, w: &When, dd: &LevelDueDiligence) -> (Vec<String>, Vec<String>) {
    let (mut ids, mut texts) = (Vec::new(), Vec::new());
    let mut need = |key: &str, want: Option<&String>| {
        if let Some(v) = want {
            ids.push(format!("{key}:{v}"));
            texts.push(ctx.text(&format!("lifecycle.level.need.{v}")));
        } else {
            ids.push(key.to_string());
            texts.push(ctx.text("lifecycle.level.need.contact_verified"));
        }
    };
    if !w.verification_in.is_empty() && !w.verification_in.contains(&dd.verification) {
        need("verification", w.verification_in.first());
    }
    if !w.purpose_in.is_empty() && !w.purpose_in.contains(&dd.purpose_evidence) {
        need("purposeEvidence", w.purpose_in.first());
    }
    if w.contact_verified == Some(true) && !dd.contact_verified {
        need("contactVerified", None);
    }
    if !w.risk_in.is_empty() && !w.risk_in.contains(&dd.risk_level) {
        need("riskLevel", w.risk_in.last());
    }
    (ids, texts)
}

/// `explainAccountLevel`. The whitelist's floor level is the tiers' (`tiers.json` `whitelistFloor`,
/// through `World`), the same `checkTransaction` applies.
pub fn explain_level(
    ctx: &Ctx,
    r: &LevelRules,
    world: &dyn World,
    input: &LevelInput,
) -> Result<LevelAnswer, Error> {
    let a = &input.account;
    let dd = &input.due_diligence;
    let segment = world
        .tier_segment(&a.tier)
        .ok_or_else(|| Error::argument("unknown tier (see listTiers)").at_path("account.tier"))?;
    let current =
        match &a.bank_level {
            Some(l) => Some(world.level(l).ok_or_else(|| {
                Error::argument("unknown bank level").at_path("account.bankLevel")
            })?),
            None => None,
        };
    let sent_on = match input
        .change
        .as_ref()
        .and_then(|c| c.notice_sent_on.as_ref())
    {
        Some(s) => date_at(s, "change.noticeSentOn")?,
        None => ctx.today(),
    };
    let mut findings = Vec::new();
    let applies = |id: &str| world.level(id).filter(|l| l.applies_to.contains(&a.tier));
    if segment == "business" {
        return Ok(not_applicable(ctx, current, findings));
    }
    let whitelisted = !a.whitelist.is_empty();
    let mut flags = dd.flags.clone();
    if whitelisted {
        flags.push("whitelisted".to_string());
    }
    let mut found = None;
    for (i, rule) in r.rules.iter().enumerate() {
        if let Some(level) = applies(&rule.level).filter(|_| matches(&rule.when, dd, &flags)) {
            found = Some((i, rule, level));
            break;
        }
    }
    let Some((rank, rule, mut level)) = found else {
        return Ok(not_applicable(ctx, current, findings));
    };
    let measure = flags.iter().any(|f| MEASURES.contains(&f.as_str()));
    if r.whitelist_floor && whitelisted && !measure {
        if let Some(fl) = world.whitelist_floor().and_then(|f| applies(&f)) {
            if fl.day_limit_fen.unwrap_or(0) > level.day_limit_fen.unwrap_or(0) {
                findings.push(ctx.finding(
                    Severity::Info,
                    "lifecycle.level.whitelist_floor",
                    "account.whitelist",
                    params![("level", fl.name.clone())],
                ));
                level = fl;
            }
        }
    }
    let day = |l: &super::LevelInfo| l.day_limit_fen.unwrap_or(i64::MAX);
    let change = match &current {
        Some(c) if day(&level) < day(c) => "downgrade",
        Some(c) if day(&level) > day(c) => "upgrade",
        _ => "same",
    };
    let basis = input
        .change
        .as_ref()
        .map_or("routine", |c| c.basis.as_str());
    let bi = BASES.iter().position(|b| *b == basis).unwrap_or(0);
    let nr = &r.notices[bi.min(r.notices.len().saturating_sub(1))];
    let limits_text = level.limits.join(&ctx.text("lifecycle.list_separator"));
    let notice = (change == "downgrade").then(|| {
        let effective = match nr.prior_days {
            Some(d) => sent_on + Duration::days(i64::from(d)),
            None => sent_on,
        };
        Notice {
            basis: basis.to_string(),
            prior_notice_days: nr.prior_days,
            at_once: nr.prior_days.is_none(),
            notice_sent_on: iso(sent_on),
            effective_on: iso(effective),
            channels: nr.channels.clone(),
            must_state: nr.must_state.clone(),
            text: ctx.render(
                &format!("lifecycle.level.notice.{basis}"),
                &params![
                    ("level", level.name.clone()),
                    ("limits", limits_text.clone()),
                    ("effectiveOn", iso(effective)),
                    ("why", rule.why.get(ctx.locale()))
                ],
            ),
        }
    });
    match (&notice, &current) {
        (Some(n), Some(c)) if n.at_once => findings.push(ctx.finding(
            Severity::Warning,
            "lifecycle.level.downgrade_at_once",
            "account.bankLevel",
            params![("to", level.name.clone()), ("from", c.name.clone())],
        )),
        (Some(n), Some(c)) => findings.push(ctx.finding(
            Severity::Warning,
            "lifecycle.level.downgrade",
            "account.bankLevel",
            params![
                ("to", level.name.clone()),
                ("from", c.name.clone()),
                ("effectiveOn", n.effective_on.clone())
            ],
        )),
        (None, Some(c)) if change == "upgrade" => findings.push(ctx.finding(
            Severity::Info,
            "lifecycle.level.upgrade",
            "account.bankLevel",
            params![("to", level.name.clone()), ("from", c.name.clone())],
        )),
        _ => findings.push(ctx.finding(
            Severity::Info,
            "lifecycle.level.same",
            "account.bankLevel",
            params![("level", level.name.clone())],
        )),
    }
    let objection = (change == "downgrade" || basis != "routine").then(|| {
        let reason = r.reasons.get(bi).cloned().unwrap_or_default();
        Objection {
            path: r.objection_path.clone(),
            channels: r.objection_channels.clone(),
            request: json!({ "method": "requestLimitAdjustment", "input": { "account": { "tier": a.tier, "bankLevel": level.id }, "reason": reason } }),
            text: ctx.text(&format!("lifecycle.level.objection.{basis}")),
        }
    });
    let mut upgrade_path: Vec<UpgradeStep> = Vec::new();
    for better in r.rules[..rank]
        .iter()
        .filter(|x| x.when.flags_any.is_empty())
    {
        let Some(to) = applies(&better.level) else {
            continue;
        };
        if day(&to) <= day(&level) || upgrade_path.iter().any(|u| u.to_level == to.id) {
            continue;
        }
        let (ids, texts) = needs(ctx, &better.when, dd);
        if ids.is_empty() {
            continue;
        }
        let sep = ctx.text("lifecycle.list_separator");
        upgrade_path.push(UpgradeStep {
            text: ctx.render(
                "lifecycle.level.upgrade_path",
                &params![("to", to.name.clone()), ("needs", texts.join(&sep))],
            ),
            to_level: to.id.clone(),
            to_level_name: to.name.clone(),
            needs: ids,
        });
    }
    Ok(LevelAnswer {
        matched_rule: Some(MatchedRule {
            id: rule.id.clone(),
            why: rule.why.get(ctx.locale()).to_string(),
        }),
        level: Some(level),
        current_level: current,
        change: change.to_string(),
        notice,
        objection,
        upgrade_path,
        findings,
    })
}
/// The answer when no level of the pack applies (a business account, or no rule matches).
fn not_applicable(
    ctx: &Ctx,
    current: Option<super::LevelInfo>,
    mut findings: Vec<Finding>,
) -> LevelAnswer {
    findings.push(ctx.finding(
        Severity::Info,
        "lifecycle.level.not_applicable",
        "account.tier",
        params![],
    ));
    LevelAnswer {
        level: None,
        matched_rule: None,
        current_level: current,
        change: "same".into(),
        notice: None,
        objection: None,
        upgrade_path: Vec::new(),
        findings,
    }
}
