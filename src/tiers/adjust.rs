//! `requestLimitAdjustment`: the payload of a remote limit-adjustment / objection request (brief §2:
//! the bank must offer an appeal channel and, under AML Law Art. 39, reply within 15 days — the
//! pack's `appealReplyDays`). Nothing is sent: the app submits the payload.

use super::check::AccountInput;
use super::{MAX_ID_CHARS, MAX_LIST};
use crate::desk::FrontDesk;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity};
use crate::params;
use chrono::Days;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AdjustmentInput {
    pub account: AccountInput,
    /// A reason id (`limit_too_low`, `payroll_or_benefits_blocked`, `measure_disputed`, `business_need`).
    pub reason: String,
    /// Evidence ids the customer will supply (`valid_id`, `account_purpose`, …).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub evidence: Vec<String>,
    /// The bank level asked for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub requested_level: Option<String>,
}

impl AdjustmentInput {
    /// The `requestLimitAdjustment` argument, read with the shared reader.
    pub fn from_json(v: &serde_json::Value) -> Result<AdjustmentInput, Error> {
        crate::jsonread::Reader::read(None, v, |o| {
            o.only(&["account", "reason", "evidence", "requestedLevel"]);
            o.require(&["account", "reason"]);
            AdjustmentInput {
                account: AccountInput::read(&o.obj("account")),
                reason: o.str("reason"),
                evidence: o.strings("evidence"),
                requested_level: o.opt_str("requestedLevel"),
            }
        })
    }
}

/// What the app submits. Field order is fixed: the reference code hashes this as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    pub reply_due_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct EvidenceLine {
    pub id: String,
    pub name: String,
    pub supplied: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
    pub reply_days: u32,
    /// `YYYY-MM-DD` in +08:00.
    pub reply_due_by: String,
    /// "The bank must reply within 15 days…", in the desk's locale.
    pub reply_text: String,
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
    desk: &FrontDesk,
    input: &AdjustmentInput,
) -> Result<AdjustmentRequest, Error> {
    let r = &desk.pack().tiers;
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
    let loc = desk.locale();
    let mut findings = Vec::new();
    if r.tier(&a.tier).is_none() {
        findings.push(desk.finding(
            Severity::Error,
            "tiers.unknown_tier",
            "account.tier",
            params![],
        ));
    }
    if r.status(&a.status).is_none() {
        findings.push(desk.finding(
            Severity::Error,
            "tiers.unknown_status",
            "account.status",
            params![],
        ));
    }
    if let Some(l) = &input.requested_level {
        match r.level(l) {
            None => findings.push(desk.finding(
                Severity::Error,
                "tiers.unknown_bank_level",
                "requestedLevel",
                params![],
            )),
            Some(level) if !level.applies_to.contains(&a.tier) => findings.push(desk.finding(
                Severity::Error,
                "tiers.bank_level_not_applicable",
                "requestedLevel",
                params![],
            )),
            Some(_) => {}
        }
    }
    let reason = r.adjustment.reasons.iter().find(|x| x.id == input.reason);
    if reason.is_none() {
        findings.push(desk.finding(
            Severity::Error,
            "tiers.adjustment_unknown_reason",
            "reason",
            params![],
        ));
    }
    let mut evidence: Vec<String> = Vec::new();
    for (i, e) in input.evidence.iter().enumerate() {
        if r.adjustment.evidence.iter().any(|d| &d.id == e) {
            if !evidence.contains(e) {
                evidence.push(e.clone());
            }
        } else {
            findings.push(desk.finding(
                Severity::Warning,
                "tiers.adjustment_unknown_evidence",
                &format!("evidence[{i}]"),
                params![],
            ));
        }
    }
    evidence.sort();
    let required: Vec<EvidenceLine> = reason
        .map(|x| x.evidence.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|id| r.adjustment.evidence.iter().find(|d| &d.id == id))
        .map(|d| EvidenceLine {
            id: d.id.clone(),
            name: d.name.get(loc).into(),
            supplied: evidence.contains(&d.id),
        })
        .collect();
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
        let sep = if loc == crate::Locale::ZhCn {
            "、"
        } else {
            "; "
        };
        findings.push(desk.finding(
            Severity::Warning,
            "tiers.adjustment_evidence_missing",
            "evidence",
            params![("items", names.join(sep))],
        ));
    }
    let days = r.settings.appeal_reply_days;
    let due = desk
        .today()
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(desk.today());
    let reply_due_by = crate::time::iso(due);
    let mut whitelist = a.whitelist.clone();
    whitelist.sort();
    whitelist.dedup();
    let payload = AdjustmentPayload {
        kind: "limit_adjustment".into(),
        rule_pack_version: desk.pack().version().to_string(),
        created_at: desk.now().to_rfc3339(),
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
    let bytes = serde_json::to_vec(&payload)
        .map_err(|_| Error::new("internal.serialize", "payload could not be serialized"))?;
    let reference = crate::digest::short_code(&bytes, 10);
    let reply_text = desk.pack().messages.render(
        "tiers.adjustment_reply",
        loc,
        &params![("days", days), ("date", reply_due_by.clone())],
    );
    Ok(AdjustmentRequest {
        reference,
        ready_to_submit: no_errors(&findings) && missing.is_empty(),
        findings,
        payload,
        required,
        missing,
        reply_days: days,
        reply_due_by,
        reply_text,
        source: format!("{} {}", r.adjustment.source, r.settings.appeal_reply_source),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;
    use serde_json::json;

    fn run(v: serde_json::Value) -> AdjustmentRequest {
        let desk = FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", Locale::En).unwrap();
        request_limit_adjustment(&desk, &AdjustmentInput::from_json(&v).unwrap()).unwrap()
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
        let desk = FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", Locale::En).unwrap();
        let many: Vec<String> = (0..40).map(|i| format!("e{i}")).collect();
        let input = AdjustmentInput::from_json(&json!({ "account": { "tier": "personal_class_1", "balanceFen": 0 }, "reason": "x", "evidence": many })).unwrap();
        assert_eq!(
            request_limit_adjustment(&desk, &input)
                .unwrap_err()
                .path
                .as_deref(),
            Some("evidence")
        );
        let input = AdjustmentInput::from_json(&json!({ "account": { "tier": "personal_class_1", "balanceFen": 0 }, "reason": "r".repeat(49) })).unwrap();
        assert_eq!(
            request_limit_adjustment(&desk, &input).unwrap_err().code,
            "argument.too_long"
        );
    }
}
