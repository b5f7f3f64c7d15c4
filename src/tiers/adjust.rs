//! `requestLimitAdjustment`: the payload of a remote limit-adjustment / objection request (brief §2:
//! the bank must offer an appeal channel). Each reason carries its own reply deadline and basis
//! (`adjustment.deadlines`, issue 15 item 3): AML Law Art. 39 (15 days) for objections to AML
//! measures, "promptly" where basic services are hit or for anti-fraud measures (ATFL Art. 32),
//! the 2020 complaint measures for complaints, a bank commitment for ordinary limit raises. Dates
//! count calendar days from the day after today and roll past rest days (Civil Code Arts. 201,
//! 203) on the pack's calendar. Nothing is sent: the app submits the payload.

use super::check::AccountInput;
use super::{AdjustmentReason, TierRules, MAX_ID_CHARS, MAX_LIST};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity};
use crate::jsonout::WriteJson;
use crate::params;
use crate::time::WorkingDays;

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AdjustmentInput {
    pub account: AccountInput,
    /// A reason id (`limit_too_low`, `payroll_or_benefits_blocked`, `measure_disputed`, `business_need`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "AdjustmentReason"))]
    pub reason: String,
    /// Evidence ids the customer will supply (`valid_id`, `account_purpose`, …).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "EvidenceId[]"))]
    pub evidence: Vec<String>,
    /// The bank level asked for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "BankLevelId"))]
    pub requested_level: Option<String>,
}

impl AdjustmentInput {
    /// The `requestLimitAdjustment` argument, read with the shared reader.
    pub fn from_json(v: &serde_json::Value) -> Result<AdjustmentInput, Error> {
        crate::jsonread::Reader::read(None, v, |o| {
            o.only(&["account", "reason", "evidence", "requestedLevel"]);
            o.require(&["account", "reason"]);
            AdjustmentInput {
                account: AccountInput::read_as(&o.obj("account"), false),
                reason: o.str("reason"),
                evidence: o.strings("evidence"),
                requested_level: o.opt_str("requestedLevel"),
            }
        })
    }
}

/// What the app submits. Field order is fixed: the reference code hashes this as JSON.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AdjustmentPayload {
    #[serde(rename = "type")]
    pub kind: String,
    pub rule_pack_version: String,
    pub created_at: String,
    pub tier: String,
    pub status: String,
    pub bank_level: Option<String>,
    pub requested_level: Option<String>,
    pub face_to_face_verified: bool,
    pub whitelist: Vec<String>,
    pub reason: String,
    pub evidence: Vec<String>,
    pub reply_due_by: Option<String>,
}

pub use crate::time::DeadlineRule;

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct EvidenceLine {
    pub id: String,
    pub name: String,
    pub supplied: bool,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AdjustmentRequest {
    /// Short reference code over the payload (Crockford base32 of its SHA-256).
    pub reference: String,
    /// True when nothing is missing and no finding is an error.
    pub ready_to_submit: bool,
    pub findings: Vec<Finding>,
    pub payload: AdjustmentPayload,
    /// What the customer must supply for this reason.
    pub required: Vec<EvidenceLine>,
    pub missing: Vec<String>,
    /// The reason's deadline id (`aml_objection`, `aml_basic_services`, `fraud_measure_appeal`,
    /// `consumer_complaint`, `bank_service`).
    pub deadline_id: String,
    /// Set by a law (else the bank's own commitment).
    pub statutory: bool,
    /// The law says "promptly" (及时) without a number of days.
    pub promptly: bool,
    /// Days of the deadline (the outer limit when `promptly`); `null` when none applies.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | null"))]
    pub reply_days: Option<u32>,
    /// `YYYY-MM-DD` in +08:00, rolled past rest days; `null` without a number of days or when the
    /// pack's calendar does not cover it.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub reply_due_by: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "DeadlineRule | null"))]
    pub deadline_rule: Option<DeadlineRule>,
    /// `aml_regulator` where a law names where to complain; else `null`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub complain_to: Option<String>,
    /// What the bank must do and by when, in the desk's locale.
    pub reply_text: String,
    /// The deadline's legal basis.
    pub source: String,
}

fn check_len(s: &str, path: &str) -> Result<(), Error> {
    if s.chars().count() > MAX_ID_CHARS {
        return Err(Error::new(
            "argument.too_long",
            format!("at most {MAX_ID_CHARS} characters"),
        )
        .at_path(path));
    }
    Ok(())
}

pub fn request_limit_adjustment(
    ctx: &Ctx,
    rules: &TierRules,
    cal: Option<&dyn WorkingDays>,
    input: &AdjustmentInput,
) -> Result<AdjustmentRequest, Error> {
    check_bounds(input)?;
    let mut findings = Vec::new();
    let reason = check_ids(ctx, rules, input, &mut findings);
    let evidence = supplied_evidence(ctx, rules, input, &mut findings);
    let required = required_evidence(ctx, rules, reason, &evidence);
    let missing: Vec<String> = required
        .iter()
        .filter(|e| !e.supplied)
        .map(|e| e.id.clone())
        .collect();
    if !missing.is_empty() {
        let names: Vec<&str> = required
            .iter()
            .filter(|e| !e.supplied)
            .map(|e| e.name.as_str())
            .collect();
        let sep = if ctx.locale() == crate::Locale::ZhCn {
            "、"
        } else {
            "; "
        };
        findings.push(ctx.finding(
            Severity::Warning,
            "tiers.adjustment_evidence_missing",
            "evidence",
            params![("items", names.join(sep))],
        ));
    }
    let deadline = reason.and_then(|r| {
        rules
            .adjustment
            .deadlines
            .iter()
            .find(|d| d.id == r.deadline)
    });
    let days = deadline.and_then(|d| d.days.or(d.outer_limit_days));
    let period = days.map(|n| crate::time::civil_period(ctx.today(), n, cal));
    let reply_due_by = period.and_then(|p| p.last).map(crate::time::iso);
    if let Some(p) = period.filter(|p| p.last.is_none()) {
        findings.push(ctx.finding(
            Severity::Warning,
            "tiers.deadline_not_covered",
            "reason",
            params![("date", crate::time::iso(p.raw_last))],
        ));
    }
    let a = &input.account;
    let mut whitelist = a.whitelist.clone();
    whitelist.sort();
    whitelist.dedup();
    let payload = AdjustmentPayload {
        kind: "limit_adjustment".into(),
        rule_pack_version: ctx.pack_version().to_string(),
        created_at: ctx.now().to_rfc3339(),
        tier: a.tier.clone(),
        status: a.status.clone(),
        bank_level: a.bank_level.clone(),
        requested_level: input.requested_level.clone(),
        face_to_face_verified: a.face_to_face_verified,
        whitelist,
        reason: input.reason.clone(),
        evidence,
        reply_due_by: reply_due_by.clone(),
    };
    let bytes = crate::jsonout::text(&payload).into_bytes();
    let reference = crate::digest::short_code(&bytes, 10);
    let mut reply_text = String::new();
    if let Some(d) = deadline {
        let mut p = params![
            ("date", reply_due_by.clone().unwrap_or_default()),
            ("extendedDays", d.extended_days.unwrap_or_default()),
            (
                "furtherExtendedDays",
                d.further_extended_days.unwrap_or_default()
            )
        ];
        if let Some(n) = days {
            crate::finding::put(&mut p, "days", n.into());
        }
        reply_text = ctx.render(&format!("tiers.adjustment_reply.{}", d.id), &p);
        if let Some(pr) = period.filter(|p| p.rolled) {
            reply_text.push(' ');
            reply_text.push_str(&ctx.render(
                "tiers.deadline_rolled",
                &params![
                    ("rawLastDay", crate::time::iso(pr.raw_last)),
                    ("lastDay", reply_due_by.clone().unwrap_or_default())
                ],
            ));
        }
    }
    let deadline_rule = period.zip(days).map(|(p, n)| p.rule(ctx.today(), n, None));
    Ok(AdjustmentRequest {
        reference,
        ready_to_submit: no_errors(&findings) && missing.is_empty(),
        findings,
        payload,
        required,
        missing,
        deadline_id: deadline.map(|d| d.id.clone()).unwrap_or_default(),
        statutory: deadline.is_some_and(|d| d.statutory),
        promptly: deadline.is_some_and(|d| d.promptly),
        reply_days: days,
        reply_due_by,
        deadline_rule,
        complain_to: deadline.and_then(|d| d.complain_to.clone()),
        reply_text,
        source: deadline.map(|d| d.source.clone()).unwrap_or_default(),
    })
}

/// Every id and list of the argument within its bound (errors: the caller got it wrong).
fn check_bounds(input: &AdjustmentInput) -> Result<(), Error> {
    let a = &input.account;
    check_len(&input.reason, "reason")?;
    check_len(&a.tier, "account.tier")?;
    check_len(&a.status, "account.status")?;
    for (path, v) in [
        ("account.bankLevel", &a.bank_level),
        ("requestedLevel", &input.requested_level),
    ] {
        if let Some(v) = v {
            check_len(v, path)?;
        }
    }
    for (path, list) in [
        ("evidence", &input.evidence),
        ("account.whitelist", &a.whitelist),
    ] {
        if list.len() > MAX_LIST {
            return Err(
                Error::new("argument.too_large", format!("at most {MAX_LIST} entries"))
                    .at_path(path),
            );
        }
        for (i, s) in list.iter().enumerate() {
            check_len(s, &format!("{path}[{i}]"))?;
        }
    }
    Ok(())
}

/// The tier, status, requested level and reason known to the rules (findings otherwise); the
/// reason's rule.
fn check_ids<'r>(
    ctx: &Ctx,
    rules: &'r TierRules,
    input: &AdjustmentInput,
    findings: &mut Vec<Finding>,
) -> Option<&'r AdjustmentReason> {
    let a = &input.account;
    let mut error = |code: &str, field: &str| {
        findings.push(ctx.finding(Severity::Error, code, field, params![]));
    };
    if rules.tier(&a.tier).is_none() {
        error("tiers.unknown_tier", "account.tier");
    }
    if rules.status(&a.status).is_none() {
        error("tiers.unknown_status", "account.status");
    }
    if let Some(l) = &input.requested_level {
        match rules.level(l) {
            None => error("tiers.unknown_bank_level", "requestedLevel"),
            Some(level) if !level.applies_to.contains(&a.tier) => {
                error("tiers.bank_level_not_applicable", "requestedLevel")
            }
            Some(_) => {}
        }
    }
    let reason = rules
        .adjustment
        .reasons
        .iter()
        .find(|x| x.id == input.reason);
    if reason.is_none() {
        error("tiers.adjustment_unknown_reason", "reason");
    }
    reason
}

/// The evidence the customer supplies, known ids only (a warning for each other), sorted, once.
fn supplied_evidence(
    ctx: &Ctx,
    rules: &TierRules,
    input: &AdjustmentInput,
    findings: &mut Vec<Finding>,
) -> Vec<String> {
    let mut evidence: Vec<String> = Vec::new();
    for (i, e) in input.evidence.iter().enumerate() {
        if rules.adjustment.evidence.iter().any(|d| &d.id == e) {
            if !evidence.contains(e) {
                evidence.push(e.clone());
            }
        } else {
            findings.push(ctx.finding(
                Severity::Warning,
                "tiers.adjustment_unknown_evidence",
                &format!("evidence[{i}]"),
                params![],
            ));
        }
    }
    evidence.sort();
    evidence
}

/// The evidence the reason needs, each marked supplied or not.
fn required_evidence(
    ctx: &Ctx,
    rules: &TierRules,
    reason: Option<&AdjustmentReason>,
    evidence: &[String],
) -> Vec<EvidenceLine> {
    reason
        .map(|x| x.evidence.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|id| rules.adjustment.evidence.iter().find(|d| &d.id == id))
        .map(|d| EvidenceLine {
            id: d.id.clone(),
            name: d.name.get(ctx.locale()).into(),
            supplied: evidence.contains(&d.id),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use serde_json::json;

    fn request(input: &AdjustmentInput) -> Result<AdjustmentRequest, Error> {
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let rules = super::super::tests::rules_with(|_| {})?;
        request_limit_adjustment(&ctx, &rules, None, input)
    }

    fn run(v: serde_json::Value) -> AdjustmentRequest {
        request(&AdjustmentInput::from_json(&v).unwrap()).unwrap()
    }

    #[test]
    fn reference_is_stable_and_order_independent() {
        let a = run(
            json!({ "account": { "tier": "personal_class_1", "balanceFen": 0 }, "reason": "limit_too_low",
                            "evidence": ["valid_id", "account_purpose", "transaction_explanation"] }),
        );
        let b = run(
            json!({ "account": { "tier": "personal_class_1", "balanceFen": 5 }, "reason": "limit_too_low",
                            "evidence": ["transaction_explanation", "valid_id", "account_purpose", "valid_id"] }),
        );
        assert_eq!(a.reference.len(), 10);
        assert!(a
            .reference
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        // Evidence order and duplicates, and the balance (not part of the request), do not change it.
        assert_eq!(a.reference, b.reference);
        let c = run(
            json!({ "account": { "tier": "personal_class_1", "balanceFen": 0 }, "reason": "measure_disputed",
                            "evidence": ["valid_id", "account_purpose", "transaction_explanation"] }),
        );
        assert_ne!(a.reference, c.reference);
        assert!(a.ready_to_submit && c.ready_to_submit);
    }

    #[test]
    fn bounds_are_errors() {
        let many: Vec<String> = (0..40).map(|i| format!("e{i}")).collect();
        let input = AdjustmentInput::from_json(&json!({ "account": { "tier": "personal_class_1", "balanceFen": 0 }, "reason": "x", "evidence": many })).unwrap();
        assert_eq!(
            request(&input).unwrap_err().path.as_deref(),
            Some("evidence")
        );
        let input = AdjustmentInput::from_json(&json!({ "account": { "tier": "personal_class_1", "balanceFen": 0 }, "reason": "r".repeat(49) })).unwrap();
        assert_eq!(request(&input).unwrap_err().code, "argument.too_long");
    }
}
