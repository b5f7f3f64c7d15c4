//! Resident Identity Card numbers (GB 11643-1999; domain brief §4.2, §0.2).

use super::{checks, DocumentFields, Sex};
use crate::desk::FrontDesk;
use crate::finding::{Finding, Severity};
use crate::params;
use crate::time::{age_on, iso, parse_compact_date};
use chrono::NaiveDate;

/// What the number decodes to when it is well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub normalized: String,
    pub birth: NaiveDate,
    pub sex: Sex,
}

/// Upgrade a 15-digit first-generation number to 18 characters (insert "19", append MOD 11-2).
pub fn upgrade_15(n15: &str) -> Option<String> {
    if n15.len() != 15 || !n15.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut s = String::with_capacity(18);
    s.push_str(&n15[..6]);
    s.push_str("19");
    s.push_str(&n15[6..]);
    let check = checks::mod11_2(s.as_bytes())?;
    s.push(check as char);
    Some(s)
}

/// Which region codes a citizen-number-shaped string may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regions {
    /// Resident ID: a known province (first two digits 1–8), not 9 and not 81/82/83 0000.
    Mainland,
    /// HK/Macao/Taiwan residence permit: exactly 810000, 820000 or 830000 (§4.4).
    HongKongMacaoTaiwan,
}

/// Check a citizen-number-shaped string (18 chars, MOD 11-2) as a resident ID.
pub fn check(
    ctx: &FrontDesk,
    number: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<Decoded> {
    check_citizen(
        ctx,
        "resident_id",
        Regions::Mainland,
        number,
        findings,
        fields,
    )
}

/// Check an 18-character citizen number (GB 11643 layout, §4.2/§4.4). `prefix` is the finding-code
/// prefix (`resident_id`, `hmt_permit`), `number` the folded, separator-free, upper-cased input.
pub fn check_citizen(
    ctx: &FrontDesk,
    prefix: &str,
    regions: Regions,
    number: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<Decoded> {
    let code = |c: &str| format!("{prefix}.{c}");
    let mut n = number.to_string();
    if regions == Regions::Mainland && n.len() == 15 && n.bytes().all(|b| b.is_ascii_digit()) {
        match upgrade_15(&n) {
            Some(up) => {
                findings.push(ctx.finding(
                    Severity::Warning,
                    "resident_id.legacy_15",
                    "number",
                    params![],
                ));
                n = up;
            }
            None => return None,
        }
    }
    if n.chars().count() != 18 {
        findings.push(ctx.finding(
            Severity::Error,
            &code("length"),
            "number",
            params![("length", n.chars().count() as u64), ("expected", 18)],
        ));
        return None;
    }
    let b = n.as_bytes();
    if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
        findings.push(ctx.finding(Severity::Error, &code("characters"), "number", params![]));
        return None;
    }
    let mut ok = true;
    let province = &n[..2];
    let hmt = matches!(&n[..6], "810000" | "820000" | "830000");
    match regions {
        Regions::Mainland => match b[0] {
            b'9' => {
                findings.push(ctx.finding(
                    Severity::Error,
                    "resident_id.foreign_pr_number",
                    "number",
                    params![],
                ));
                ok = false;
            }
            _ if hmt => {
                findings.push(ctx.finding(
                    Severity::Error,
                    "resident_id.hmt_permit_number",
                    "number",
                    params![],
                ));
                ok = false;
            }
            _ if !ctx.pack.documents.provinces.contains_key(province) => {
                findings.push(ctx.finding(
                    Severity::Error,
                    "resident_id.province",
                    "number",
                    params![("code", province)],
                ));
                ok = false;
            }
            _ => {}
        },
        Regions::HongKongMacaoTaiwan => {
            if !hmt {
                findings.push(ctx.finding(
                    Severity::Error,
                    "hmt_permit.region",
                    "number",
                    params![],
                ));
                ok = false;
            }
        }
    }
    let birth = parse_compact_date(&n[6..14]);
    match birth {
        None => {
            findings.push(ctx.finding(Severity::Error, &code("birth_date"), "number", params![]));
            ok = false;
        }
        Some(d) if d > ctx.today() => {
            findings.push(ctx.finding(
                Severity::Error,
                &code("birth_in_future"),
                "number",
                params![],
            ));
            ok = false;
        }
        Some(d) if age_on(d, ctx.today()) > ctx.pack.documents.max_age_years => {
            findings.push(ctx.finding(
                Severity::Error,
                &code("birth_too_early"),
                "number",
                params![("maxAge", ctx.pack.documents.max_age_years)],
            ));
            ok = false;
        }
        _ => {}
    }
    if let Some(expected) = checks::mod11_2(&b[..17]) {
        if expected != b[17] {
            findings.push(ctx.finding(Severity::Error, &code("checksum"), "number", params![]));
            ok = false;
        }
    }
    let birth = birth?;
    let sex = if (b[16] - b'0') % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    fields.birth_date = Some(iso(birth));
    fields.sex = Some(sex);
    match regions {
        Regions::Mainland => {
            fields.province_code = Some(province.to_string());
            fields.region_code = Some(n[..6].to_string());
        }
        Regions::HongKongMacaoTaiwan => {
            let region = match &n[..2] {
                "81" => "HK",
                "82" => "MO",
                _ => "TW",
            };
            if hmt {
                fields.region = Some(region.to_string());
            }
        }
    }
    if birth <= ctx.today() {
        ctx.age_fields(birth, fields);
    }
    if ok {
        Some(Decoded {
            normalized: n,
            birth,
            sex,
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrade_vector() {
        // Domain brief §4.8.
        assert_eq!(
            upgrade_15("150102880730303").as_deref(),
            Some("150102198807303035")
        );
        assert_eq!(upgrade_15("15010288073030"), None);
    }
}
