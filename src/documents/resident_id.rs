//! Resident Identity Card numbers (GB 11643-1999; domain brief §4.2, §0.2).

use super::{checks, DocumentFields, DocumentRules, Sex};
use crate::ctx::Ctx;
use crate::finding::{Finding, Params, Severity};
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
    ctx: &Ctx,
    rules: &DocumentRules,
    number: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<Decoded> {
    let citizen = Citizen {
        ctx,
        rules,
        prefix: "resident_id",
        regions: Regions::Mainland,
    };
    citizen.check(number, findings, fields)
}

/// Check an 18-character citizen number (GB 11643 layout, §4.2/§4.4). `prefix` is the finding-code
/// prefix (`resident_id`, `hmt_permit`), `number` the folded, separator-free, upper-cased input.
pub fn check_citizen(
    ctx: &Ctx,
    rules: &DocumentRules,
    prefix: &str,
    regions: Regions,
    number: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<Decoded> {
    let citizen = Citizen {
        ctx,
        rules,
        prefix,
        regions,
    };
    citizen.check(number, findings, fields)
}

/// One citizen-number check: what it reads and which kind of number it expects.
struct Citizen<'a> {
    ctx: &'a Ctx<'a>,
    rules: &'a DocumentRules,
    prefix: &'a str,
    regions: Regions,
}

impl Citizen<'_> {
    fn code(&self, c: &str) -> String {
        format!("{}.{c}", self.prefix)
    }

    fn error(&self, findings: &mut Vec<Finding>, code: &str, params: Params) {
        findings.push(self.ctx.finding(Severity::Error, code, "number", params));
    }

    /// The steps: a legacy 15-digit number upgraded, the layout, the region code, the birth date,
    /// the check character; then the fields the number tells. Each step reports what it finds;
    /// a broken layout stops the check.
    fn check(
        &self,
        number: &str,
        findings: &mut Vec<Finding>,
        fields: &mut DocumentFields,
    ) -> Option<Decoded> {
        let n = self.upgrade_legacy(number, findings)?;
        self.layout(&n, findings)?;
        let mut ok = self.region(&n, findings);
        let birth = parse_compact_date(&n[6..14]);
        ok &= self.birth(birth, findings);
        ok &= self.check_character(n.as_bytes(), findings);
        let birth = birth?;
        let sex = self.fill_fields(&n, birth, fields);
        ok.then_some(Decoded {
            normalized: n,
            birth,
            sex,
        })
    }

    /// A 15-digit first-generation resident ID becomes its 18-character form, with a warning.
    fn upgrade_legacy(&self, number: &str, findings: &mut Vec<Finding>) -> Option<String> {
        let n = number.to_string();
        if self.regions == Regions::Mainland
            && n.len() == 15
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            let up = upgrade_15(&n)?;
            findings.push(self.ctx.finding(
                Severity::Warning,
                "resident_id.legacy_15",
                "number",
                params![],
            ));
            return Some(up);
        }
        Some(n)
    }

    /// 18 characters: 17 digits and a digit or `X`.
    fn layout(&self, n: &str, findings: &mut Vec<Finding>) -> Option<()> {
        if n.chars().count() != 18 {
            let params = params![("length", n.chars().count() as u64), ("expected", 18)];
            self.error(findings, &self.code("length"), params);
            return None;
        }
        let b = n.as_bytes();
        if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            self.error(findings, &self.code("characters"), params![]);
            return None;
        }
        Some(())
    }

    /// The region code fits the kind of number: a known province for a resident ID (not a
    /// foreign permanent residence or HK/Macao/Taiwan permit number), 810000/820000/830000 for a
    /// residence permit.
    fn region(&self, n: &str, findings: &mut Vec<Finding>) -> bool {
        let province = &n[..2];
        let hmt = is_hmt(n);
        let code = match self.regions {
            Regions::Mainland if n.starts_with('9') => "resident_id.foreign_pr_number",
            Regions::Mainland if hmt => "resident_id.hmt_permit_number",
            Regions::Mainland if !self.rules.provinces.contains_key(province) => {
                self.error(
                    findings,
                    "resident_id.province",
                    params![("code", province)],
                );
                return false;
            }
            Regions::HongKongMacaoTaiwan if !hmt => "hmt_permit.region",
            _ => return true,
        };
        self.error(findings, code, params![]);
        false
    }

    /// A real date, not after today, not implausibly long ago.
    fn birth(&self, birth: Option<NaiveDate>, findings: &mut Vec<Finding>) -> bool {
        let today = self.ctx.today();
        let max_age = self.rules.max_age_years;
        let (code, params) = match birth {
            None => ("birth_date", params![]),
            Some(d) if d > today => ("birth_in_future", params![]),
            Some(d) if age_on(d, today) > max_age => {
                ("birth_too_early", params![("maxAge", max_age)])
            }
            _ => return true,
        };
        self.error(findings, &self.code(code), params);
        false
    }

    /// The 18th character is the ISO 7064 MOD 11-2 check of the first 17.
    fn check_character(&self, b: &[u8], findings: &mut Vec<Finding>) -> bool {
        match checks::mod11_2(&b[..17]) {
            Some(expected) if expected != b[17] => {
                self.error(findings, &self.code("checksum"), params![]);
                false
            }
            _ => true,
        }
    }

    /// Birth date, sex, region and age; the sex is returned for `Decoded`.
    fn fill_fields(&self, n: &str, birth: NaiveDate, fields: &mut DocumentFields) -> Sex {
        let b = n.as_bytes();
        let sex = if (b[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        };
        fields.birth_date = Some(iso(birth));
        fields.sex = Some(sex);
        match self.regions {
            Regions::Mainland => {
                fields.province_code = Some(n[..2].to_string());
                fields.region_code = Some(n[..6].to_string());
            }
            Regions::HongKongMacaoTaiwan => {
                let region = match &n[..2] {
                    "81" => "HK",
                    "82" => "MO",
                    _ => "TW",
                };
                if is_hmt(n) {
                    fields.region = Some(region.to_string());
                }
            }
        }
        if birth <= self.ctx.today() {
            super::age_fields(self.ctx, self.rules, birth, fields);
        }
        sex
    }
}

/// The region code of an HK/Macao/Taiwan residence permit.
fn is_hmt(n: &str) -> bool {
    matches!(&n[..6], "810000" | "820000" | "830000")
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
