//! Issue and expiry dates of a document (domain brief §0.3, §4.2, §6): expired, expiring soon,
//! long-term, and whether the validity period fits the holder's age at issue.

use super::DocumentRules;
use super::{DocumentFields, DocumentInput, DocumentKind};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::jsonread::Obj;
use crate::loader::invalid;
use crate::params;
use crate::time::{add_years, age_on, parse_date};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// `validity` in `documents.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidityRules {
    pub source: String,
    /// Document kind → validity bands by age at issue, ascending `fromAge`, the first from 0.
    pub bands: BTreeMap<String, Vec<Band>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Band {
    pub from_age: i32,
    /// Years of validity; `null` = long-term (长期).
    pub years: Option<i32>,
}

impl ValidityRules {
    /// `validity` of `documents.json`: document kind → bands `{ fromAge, years }`.
    pub fn read(o: &Obj) -> ValidityRules {
        o.fields(&["source", "bands"], &[]);
        let b = o.obj("bands");
        let mut bands = BTreeMap::new();
        for kind in b.keys() {
            let list = b
                .objs(kind)
                .iter()
                .map(|band| {
                    band.only(&["fromAge", "years"]);
                    band.require(&["fromAge"]);
                    Band {
                        from_age: band.i32("fromAge"),
                        years: band.has("years").then(|| band.i32("years")),
                    }
                })
                .collect();
            bands.insert(kind.to_string(), list);
        }
        ValidityRules {
            source: o.str("source"),
            bands,
        }
    }
    pub fn check(&self, file: &str) -> Result<(), Error> {
        for (kind, bands) in &self.bands {
            let path = format!("validity.bands.{kind}");
            if DocumentKind::parse(kind).is_none_or(|k| !k.has_validity()) {
                return Err(invalid(
                    file,
                    path,
                    "not a document kind with a validity period",
                ));
            }
            if bands.first().map(|b| b.from_age) != Some(0) {
                return Err(invalid(file, path, "the first band starts at fromAge 0"));
            }
            if bands.windows(2).any(|w| w[0].from_age >= w[1].from_age) {
                return Err(invalid(file, path, "fromAge must ascend"));
            }
            if bands
                .iter()
                .any(|b| b.years.is_some_and(|y| !(1..=50).contains(&y)))
            {
                return Err(invalid(
                    file,
                    path,
                    "years must be 1 to 50 or null (long-term)",
                ));
            }
        }
        Ok(())
    }

    /// Expected validity in years (`None` = long-term) for `kind` at `age` at issue.
    pub fn expected(&self, kind: DocumentKind, age: i32) -> Option<Option<i32>> {
        let bands = self.bands.get(kind.name())?;
        bands
            .iter()
            .rev()
            .find(|b| age >= b.from_age)
            .map(|b| b.years)
    }
}

/// How an expiry date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    Date(chrono::NaiveDate),
    LongTerm,
}

/// `YYYY-MM-DD`, or `long_term` / `长期` (also the traditional `長期`) for documents valid for life.
pub fn parse_expiry(s: &str) -> Option<Expiry> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("long_term") || t == "长期" || t == "長期" {
        return Some(Expiry::LongTerm);
    }
    parse_date(t).map(Expiry::Date)
}

/// Date findings for `input`, appended after the number's own findings: the issue and expiry
/// dates read, their order against the birth date and each other, expired or expiring soon, and
/// whether the validity period fits the holder's age at issue.
pub fn check(
    ctx: &Ctx,
    rules: &DocumentRules,
    kind: DocumentKind,
    input: &DocumentInput,
    fields: &DocumentFields,
    findings: &mut Vec<Finding>,
) {
    let issue = issue_date(ctx, input, findings);
    let expiry = expiry_date(ctx, input, findings);
    let birth = fields.birth_date.as_deref().and_then(parse_date);
    if let (Some(i), Some(b)) = (issue, birth) {
        if i < b {
            findings.push(ctx.finding(
                Severity::Error,
                "document.issue_before_birth",
                "issueDate",
                params![],
            ));
            return;
        }
    }
    if let Some(Expiry::Date(e)) = expiry {
        if issue.is_some_and(|i| e <= i) {
            findings.push(ctx.finding(
                Severity::Error,
                "document.expiry_before_issue",
                "expiryDate",
                params![],
            ));
            return;
        }
        in_force(ctx, rules, kind, e, findings);
    }
    if let (Some(issue), Some(expiry), Some(birth)) = (issue, expiry, birth) {
        period_fits_age(ctx, rules, kind, (issue, expiry, birth), findings);
    }
}

/// The issue date: a real date, not after today.
fn issue_date(ctx: &Ctx, input: &DocumentInput, findings: &mut Vec<Finding>) -> Option<NaiveDate> {
    let s = input
        .issue_date
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())?;
    let code = match Some(s).filter(|s| s.len() <= 32).and_then(parse_date) {
        Some(d) if d > ctx.today() => "document.issue_in_future",
        Some(d) => return Some(d),
        None => "document.issue_date_invalid",
    };
    findings.push(ctx.finding(Severity::Error, code, "issueDate", params![]));
    None
}

/// The expiry date: a real date or long-term.
fn expiry_date(ctx: &Ctx, input: &DocumentInput, findings: &mut Vec<Finding>) -> Option<Expiry> {
    let s = input
        .expiry_date
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())?;
    let expiry = (s.len() <= 32).then(|| parse_expiry(s)).flatten();
    if expiry.is_none() {
        findings.push(ctx.finding(
            Severity::Error,
            "document.expiry_date_invalid",
            "expiryDate",
            params![],
        ));
    }
    expiry
}

/// Expired, or expiring within the pack's `expiringSoonDays`.
fn in_force(
    ctx: &Ctx,
    rules: &DocumentRules,
    kind: DocumentKind,
    expiry: NaiveDate,
    findings: &mut Vec<Finding>,
) {
    let prefix = kind.code_prefix();
    let days = (expiry - ctx.today()).num_days();
    if days < 0 {
        findings.push(ctx.finding(
            Severity::Error,
            &format!("{prefix}.expired"),
            "expiryDate",
            params![("daysAgo", -days), ("expiredOn", crate::time::iso(expiry))],
        ));
    } else if days <= i64::from(rules.expiring_soon_days) {
        findings.push(ctx.finding(
            Severity::Warning,
            &format!("{prefix}.expiring_soon"),
            "expiryDate",
            params![("days", days)],
        ));
    }
}

/// The period must fit the holder's age at issue (§0.3, §4.2), when the pack has bands for the
/// kind.
fn period_fits_age(
    ctx: &Ctx,
    rules: &DocumentRules,
    kind: DocumentKind,
    (issue, expiry, birth): (NaiveDate, Expiry, NaiveDate),
    findings: &mut Vec<Finding>,
) {
    let prefix = kind.code_prefix();
    let Some(expected) = rules.validity.expected(kind, age_on(birth, issue)) else {
        return;
    };
    let fits = match (&expiry, expected) {
        (Expiry::LongTerm, None) => true,
        (Expiry::Date(e), Some(years)) => add_years(issue, years) == Some(*e),
        _ => false,
    };
    if !fits {
        let expected_text = match expected {
            Some(y) => ctx.render("document.validity.years", &params![("years", y)]),
            None => ctx.text("document.validity.long_term"),
        };
        findings.push(ctx.finding(
            Severity::Warning,
            &format!("{prefix}.validity_period"),
            "expiryDate",
            params![
                ("ageAtIssue", age_on(birth, issue)),
                ("expected", expected_text)
            ],
        ));
    }
}
