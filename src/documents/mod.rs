//! Identity and registration documents: every number a Chinese branch accepts, checked for form
//! and check characters (domain brief §4). Client-side checks are syntax only: the bank verifies
//! identity against the public-security system at the counter (brief §4.1).

pub mod checks;
pub mod resident_id;

use crate::desk::FrontDesk;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity};
use crate::i18n::Text;
use crate::params;
use crate::rulepack::{invalid, Loader};
use crate::time::age_on;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest document number accepted before any processing (characters).
pub const MAX_NUMBER_CHARS: usize = 64;

/// `documents.json` of the rule pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentRules {
    /// Where these facts come from (domain brief sections).
    pub source: String,
    /// A document expiring within this many days gets an `*.expiring_soon` warning.
    pub expiring_soon_days: u32,
    /// A birth date implying an age above this is refused as implausible.
    pub max_age_years: i32,
    /// Age groups: under `minorGuardianAge` a guardian acts; under `adultAge` proof of own income
    /// may stand in; from `elderlyAge` the elderly-friendly flows are offered (brief §6).
    pub age_groups: AgeGroups,
    /// Province-level codes (first two digits of a citizen number, GB/T 2260) → name.
    pub provinces: BTreeMap<String, Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgeGroups {
    pub minor_guardian_age: i32,
    pub adult_age: i32,
    pub elderly_age: i32,
}

impl DocumentRules {
    pub fn load(loader: &mut Loader) -> Result<Self, Error> {
        const FILE: &str = "documents.json";
        let rules: DocumentRules = loader.section(FILE)?;
        if !(1..=365).contains(&rules.expiring_soon_days) {
            return Err(invalid(FILE, "expiringSoonDays", "must be 1 to 365"));
        }
        if !(100..=150).contains(&rules.max_age_years) {
            return Err(invalid(FILE, "maxAgeYears", "must be 100 to 150"));
        }
        let g = &rules.age_groups;
        if !(0 < g.minor_guardian_age && g.minor_guardian_age <= g.adult_age && g.adult_age < g.elderly_age && g.elderly_age <= 100) {
            return Err(invalid(FILE, "ageGroups", "need 0 < minorGuardianAge ≤ adultAge < elderlyAge ≤ 100"));
        }
        for (code, name) in &rules.provinces {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) || !code.starts_with(['1', '2', '3', '4', '5', '6', '7', '8']) {
                return Err(invalid(FILE, format!("provinces.{code}"), "province codes are two digits starting 1–8"));
            }
            if !name.is_complete() {
                return Err(invalid(FILE, format!("provinces.{code}"), "needs a zh-CN and an en name"));
            }
        }
        Ok(rules)
    }
}

/// The document kinds the desk checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum DocumentKind {
    CnResidentId,
}

impl DocumentKind {
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
    /// Finding-code prefix for this kind.
    pub fn code_prefix(self) -> &'static str {
        match self {
            DocumentKind::CnResidentId => "resident_id",
        }
    }
}

/// Input of `validateDocument`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DocumentInput {
    /// One of the `DocumentKind` values, e.g. `cn_resident_id`.
    pub kind: String,
    pub number: String,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub issue_date: Option<String>,
    /// `YYYY-MM-DD`, or `long_term` / `长期` for documents valid for life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub expiry_date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Sex {
    Male,
    Female,
}

/// Age group at `now` (brief §6): under 16 a guardian acts; 16–17 may act with proof of own income.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum AgeGroup {
    #[serde(rename = "minor_under_16")]
    MinorUnder16,
    #[serde(rename = "minor_16_17")]
    Minor16To17,
    Adult,
    Elderly,
}

/// What the number tells, when the format confirms it. Absent keys are unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DocumentFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub birth_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sex: Option<Sex>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub province_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub region_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub age: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub age_group: Option<AgeGroup>,
}

/// Result of `validateDocument`. `valid` means the number itself is well-formed with correct check
/// characters at `now`; whether the document is still in force is told by findings
/// (`*.expired`, `*.expiring_soon`), so a caller can tell a typo from an expired card.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DocumentResult {
    pub valid: bool,
    pub kind: String,
    /// The number in canonical form (upper case, no separators, 15-digit IDs upgraded), when valid.
    /// This is the caller's own input handed back; show `masked` instead.
    pub normalized: Option<String>,
    /// The normalized number masked per the pack's `idMaskStyle`, safe to display.
    pub masked: Option<String>,
    pub fields: DocumentFields,
    pub findings: Vec<Finding>,
}

impl FrontDesk {
    /// Fill `age` and `ageGroup` for a birth date not after today.
    pub(crate) fn age_fields(&self, birth: NaiveDate, fields: &mut DocumentFields) {
        let age = age_on(birth, self.today());
        let g = &self.pack.documents.age_groups;
        fields.age = Some(age);
        fields.age_group = Some(if age < g.minor_guardian_age {
            AgeGroup::MinorUnder16
        } else if age < g.adult_age {
            AgeGroup::Minor16To17
        } else if age >= g.elderly_age {
            AgeGroup::Elderly
        } else {
            AgeGroup::Adult
        });
    }
}

/// Fold widths, strip separators, upper-case; report what was changed as info findings.
fn normalize_number(desk: &FrontDesk, raw: &str, findings: &mut Vec<Finding>) -> String {
    let (folded, widened) = checks::fold_width(raw);
    if widened {
        findings.push(desk.finding(Severity::Info, "document.full_width_folded", "number", params![]));
    }
    let stripped = checks::strip_separators(&folded);
    if stripped.ends_with('x') && stripped.len() == 18 {
        findings.push(desk.finding(Severity::Info, "resident_id.lowercase_x", "number", params![]));
    }
    stripped.to_ascii_uppercase()
}

/// `validateDocument`.
pub fn validate(desk: &FrontDesk, input: &DocumentInput) -> DocumentResult {
    let mut findings = Vec::new();
    let mut fields = DocumentFields::default();
    let result = |valid: bool, normalized: Option<String>, findings: Vec<Finding>, fields: DocumentFields| {
        let masked = normalized.as_deref().map(|n| crate::mask::id_number(n, desk.pack.manifest.settings.id_mask_style));
        DocumentResult { valid, kind: input.kind.clone(), normalized, masked, fields, findings }
    };
    let Some(kind) = DocumentKind::parse(&input.kind) else {
        findings.push(desk.finding(Severity::Error, "document.unknown_kind", "kind", params![]));
        return result(false, None, findings, fields);
    };
    let len = input.number.chars().count();
    if len > MAX_NUMBER_CHARS {
        findings.push(desk.finding(Severity::Error, "document.too_long", "number", params![("max", MAX_NUMBER_CHARS)]));
        return result(false, None, findings, fields);
    }
    let number = normalize_number(desk, &input.number, &mut findings);
    if number.is_empty() {
        findings.push(desk.finding(Severity::Error, "document.empty", "number", params![]));
        return result(false, None, findings, fields);
    }
    let decoded = match kind {
        DocumentKind::CnResidentId => resident_id::check(desk, &number, &mut findings, &mut fields),
    };
    let valid = decoded.is_some() && no_errors(&findings);
    let normalized = decoded.map(|d| d.normalized);
    result(valid, normalized, findings, fields)
}
