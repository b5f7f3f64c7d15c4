//! Mainland mobile numbers (domain brief §5, §0.2). The ranges are rule-pack data taken from
//! libphonenumber's CN metadata (`mobile.json`), so a bank updates them without a new build.

use super::DocumentRules;
use super::{checks, DocumentFields};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::loader::{invalid, Loader};
use crate::params;
use serde::Serialize;

/// `mobile.json` of the rule pack.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MobileRules {
    pub source: String,
    /// Which libphonenumber metadata the ranges were taken from (recorded, not interpreted).
    pub metadata_version: String,
    /// Country calling code of the mainland, `86`.
    pub country_code: String,
    /// Digits of a national mobile number, 11.
    pub national_length: usize,
    /// Prefixes of numbers that are *possible* mobile numbers (`13`…`19`).
    pub possible_prefixes: Vec<String>,
    /// Prefixes of the ranges libphonenumber classifies as mobile.
    pub mobile_prefixes: Vec<String>,
}

impl MobileRules {
    pub fn load(loader: &Loader) -> Result<Self, Error> {
        const FILE: &str = "mobile.json";
        let rules = loader.read(FILE, |o| {
            const KEYS: &[&str] = &[
                "source",
                "metadataVersion",
                "countryCode",
                "nationalLength",
                "possiblePrefixes",
                "mobilePrefixes",
            ];
            o.fields(KEYS, &[]);
            MobileRules {
                source: o.str("source"),
                metadata_version: o.str("metadataVersion"),
                country_code: o.str("countryCode"),
                national_length: o.u32("nationalLength", u32::MAX) as usize,
                possible_prefixes: o.strings("possiblePrefixes"),
                mobile_prefixes: o.strings("mobilePrefixes"),
            }
        })?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(&rules.country_code) || rules.country_code.len() > 3 {
            return Err(invalid(FILE, "countryCode", "1 to 3 digits"));
        }
        if !(5..=15).contains(&rules.national_length) {
            return Err(invalid(FILE, "nationalLength", "must be 5 to 15"));
        }
        for (name, list) in [
            ("possiblePrefixes", &rules.possible_prefixes),
            ("mobilePrefixes", &rules.mobile_prefixes),
        ] {
            if list.is_empty() {
                return Err(invalid(FILE, name, "must not be empty"));
            }
            for (i, p) in list.iter().enumerate() {
                if !digits(p) || p.len() >= rules.national_length {
                    return Err(invalid(
                        FILE,
                        format!("{name}[{i}]"),
                        "a prefix is digits, shorter than a number",
                    ));
                }
            }
        }
        for (i, p) in rules.mobile_prefixes.iter().enumerate() {
            if !rules
                .possible_prefixes
                .iter()
                .any(|q| p.starts_with(q.as_str()))
            {
                return Err(invalid(
                    FILE,
                    format!("mobilePrefixes[{i}]"),
                    "not inside any possible prefix",
                ));
            }
        }
        Ok(rules)
    }
}

/// Check a mobile number as typed: spaces, dashes, parentheses, `+86`, `0086`, full-width digits.
/// Returns the E.164 form and fills `national`.
pub fn check(
    ctx: &Ctx,
    rules: &DocumentRules,
    raw: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<String> {
    let rules = &rules.mobile;
    let (folded, widened) = checks::fold_width(raw);
    if widened {
        findings.push(ctx.finding(
            Severity::Info,
            "document.full_width_folded",
            "number",
            params![],
        ));
    }
    let compact: String = folded
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')' | '·' | '.'))
        .collect();
    if compact.is_empty() {
        findings.push(ctx.finding(Severity::Error, "document.empty", "number", params![]));
        return None;
    }
    let cc = rules.country_code.as_str();
    let n = rules.national_length;
    let national: &str = if let Some(rest) = compact.strip_prefix('+') {
        match rest.strip_prefix(cc) {
            Some(national) => national,
            None => {
                findings.push(ctx.finding(
                    Severity::Error,
                    "mobile.not_mainland",
                    "number",
                    params![],
                ));
                return None;
            }
        }
    } else if let Some(national) = compact.strip_prefix("00").and_then(|r| r.strip_prefix(cc)) {
        national
    } else if compact.len() == n + cc.len()
        && compact.starts_with(cc)
        && compact[cc.len()..].starts_with('1')
    {
        // "8613812341234": the country code typed without + or 00.
        &compact[cc.len()..]
    } else if compact.len() == n + 1 && compact.starts_with("01") {
        // A national trunk prefix 0 in front of a mobile number (libphonenumber strips it).
        &compact[1..]
    } else {
        &compact
    };
    if !national.bytes().all(|b| b.is_ascii_digit()) {
        findings.push(ctx.finding(Severity::Error, "mobile.characters", "number", params![]));
        return None;
    }
    if national.len() != n {
        findings.push(ctx.finding(
            Severity::Error,
            "mobile.length",
            "number",
            params![("length", national.len() as u64), ("expected", n as u64)],
        ));
        return None;
    }
    if !rules
        .possible_prefixes
        .iter()
        .any(|p| national.starts_with(p.as_str()))
    {
        findings.push(ctx.finding(Severity::Error, "mobile.not_mobile", "number", params![]));
        return None;
    }
    if !rules
        .mobile_prefixes
        .iter()
        .any(|p| national.starts_with(p.as_str()))
    {
        findings.push(ctx.finding(
            Severity::Warning,
            "mobile.unknown_range",
            "number",
            params![("metadata", rules.metadata_version.as_str())],
        ));
    }
    fields.national = Some(national.to_string());
    Some(format!("+{cc}{national}"))
}
