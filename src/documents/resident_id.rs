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

/// Check a citizen-number-shaped string (18 chars, MOD 11-2) as a resident ID. `code` is the finding
/// prefix (`resident_id`), `number` the folded, separator-free, upper-cased input.
pub fn check(ctx: &FrontDesk, number: &str, findings: &mut Vec<Finding>, fields: &mut DocumentFields) -> Option<Decoded> {
    let mut n = number.to_string();
    if n.len() == 15 && n.bytes().all(|b| b.is_ascii_digit()) {
        match upgrade_15(&n) {
            Some(up) => {
                findings.push(ctx.finding(Severity::Warning, "resident_id.legacy_15", "number", params![]));
                n = up;
            }
            None => return None,
        }
    }
    if n.chars().count() != 18 {
        findings.push(ctx.finding(
            Severity::Error,
            "resident_id.length",
            "number",
            params![("length", n.chars().count() as u64), ("expected", 18)],
        ));
        return None;
    }
    let b = n.as_bytes();
    if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
        findings.push(ctx.finding(Severity::Error, "resident_id.characters", "number", params![]));
        return None;
    }
    let mut ok = true;
    let province = &n[..2];
    match b[0] {
        b'9' => {
            findings.push(ctx.finding(Severity::Error, "resident_id.foreign_pr_number", "number", params![]));
            ok = false;
        }
        _ if matches!(&n[..6], "810000" | "820000" | "830000") => {
            findings.push(ctx.finding(Severity::Error, "resident_id.hmt_permit_number", "number", params![]));
            ok = false;
        }
        _ if !ctx.pack.documents.provinces.contains_key(province) => {
            findings.push(ctx.finding(Severity::Error, "resident_id.province", "number", params![("code", province)]));
            ok = false;
        }
        _ => {}
    }
    let birth = parse_compact_date(&n[6..14]);
    match birth {
        None => {
            findings.push(ctx.finding(Severity::Error, "resident_id.birth_date", "number", params![]));
            ok = false;
        }
        Some(d) if d > ctx.today() => {
            findings.push(ctx.finding(Severity::Error, "resident_id.birth_in_future", "number", params![]));
            ok = false;
        }
        Some(d) if age_on(d, ctx.today()) > ctx.pack.documents.max_age_years => {
            findings.push(ctx.finding(
                Severity::Error,
                "resident_id.birth_too_early",
                "number",
                params![("maxAge", ctx.pack.documents.max_age_years)],
            ));
            ok = false;
        }
        _ => {}
    }
    if let Some(expected) = checks::mod11_2(&b[..17]) {
        if expected != b[17] {
            findings.push(ctx.finding(Severity::Error, "resident_id.checksum", "number", params![]));
            ok = false;
        }
    }
    let birth = birth?;
    let sex = if (b[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
    fields.birth_date = Some(iso(birth));
    fields.sex = Some(sex);
    fields.province_code = Some(province.to_string());
    fields.region_code = Some(n[..6].to_string());
    if birth <= ctx.today() {
        ctx.age_fields(birth, fields);
    }
    if ok {
        Some(Decoded { normalized: n, birth, sex })
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
        assert_eq!(upgrade_15("150102880730303").as_deref(), Some("150102198807303035"));
        assert_eq!(upgrade_15("15010288073030"), None);
    }
}
