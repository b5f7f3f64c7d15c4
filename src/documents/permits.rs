//! Residence permits and travel permits for Hong Kong, Macao and Taiwan residents, and the Foreign
//! Permanent Resident ID card (domain brief §4.3–§4.5).

use super::resident_id::{check_citizen, Regions};
use super::DocumentRules;
use super::{checks, DocumentFields, Sex};
use crate::ctx::Ctx;
use crate::finding::{Finding, Severity};
use crate::params;
use crate::time::{age_on, iso, parse_compact_date};

fn all_digits(s: &[u8]) -> bool {
    s.iter().all(u8::is_ascii_digit)
}

/// HK/Macao/Taiwan residence permit: a citizen number with region 810000/820000/830000 (§4.4).
pub fn hmt_residence(
    ctx: &Ctx,
    rules: &DocumentRules,
    n: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<String> {
    check_citizen(
        ctx,
        rules,
        "hmt_permit",
        Regions::HongKongMacaoTaiwan,
        n,
        findings,
        fields,
    )
    .map(|d| d.normalized)
}

/// Foreign Permanent Resident ID card (§4.3): the 2023 18-digit number (9…, MOD 11-2) or the
/// 2017-and-earlier 15-character number (3 letters + 12 digits, format only).
pub fn foreign_pr(
    ctx: &Ctx,
    rules: &DocumentRules,
    n: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<String> {
    let b = n.as_bytes();
    let states = &rules.states;
    if b.len() == 15 && b[..3].iter().all(u8::is_ascii_uppercase) && all_digits(&b[3..]) {
        fields.format = Some("2017".into());
        let nat = &n[..3];
        if states.is_known(nat) {
            fields.nationality = Some(nat.to_string());
        } else {
            findings.push(ctx.finding(
                Severity::Warning,
                "foreign_pr.nationality_unknown",
                "number",
                params![],
            ));
        }
        findings.push(ctx.finding(
            Severity::Info,
            "foreign_pr.legacy_check_unknown",
            "number",
            params![],
        ));
        return Some(n.to_string());
    }
    if b.len() != 18 && b.len() != 15 {
        findings.push(ctx.finding(
            Severity::Error,
            "foreign_pr.length",
            "number",
            params![("length", n.chars().count() as u64)],
        ));
        return None;
    }
    if b.len() == 15 || !all_digits(&b[..17]) || !(b[17].is_ascii_digit() || b[17] == b'X') {
        findings.push(ctx.finding(
            Severity::Error,
            "foreign_pr.characters",
            "number",
            params![],
        ));
        return None;
    }
    if b[0] != b'9' {
        findings.push(ctx.finding(Severity::Error, "foreign_pr.prefix", "number", params![]));
        return None;
    }
    if checks::mod11_2(&b[..17]) != Some(b[17]) {
        findings.push(ctx.finding(Severity::Error, "foreign_pr.checksum", "number", params![]));
        return None;
    }
    fields.format = Some("2023".into());
    // Inner layout (§4.3, community sources [C]): 9 + province of the accepting office (2) +
    // ISO 3166 numeric nationality (3) + birth date (8) + sequence (3, parity = sex) + check.
    // As the layout is not official, what does not fit it is a warning and the field is left out.
    let mut layout_ok = true;
    let province = &n[1..3];
    if rules.provinces.contains_key(province) {
        fields.province_code = Some(province.to_string());
    } else {
        layout_ok = false;
    }
    let numeric = &n[3..6];
    fields.nationality_code = Some(numeric.to_string());
    match states.alpha_for_numeric(numeric) {
        Some(alpha) => fields.nationality = Some(alpha.to_string()),
        None => layout_ok = false,
    }
    match parse_compact_date(&n[6..14]) {
        Some(birth)
            if birth <= ctx.today() && age_on(birth, ctx.today()) <= rules.max_age_years =>
        {
            fields.birth_date = Some(iso(birth));
            fields.sex = Some(if (b[16] - b'0') % 2 == 1 {
                Sex::Male
            } else {
                Sex::Female
            });
            super::age_fields(ctx, rules, birth, fields);
        }
        _ => layout_ok = false,
    }
    if !layout_ok {
        findings.push(ctx.finding(Severity::Warning, "foreign_pr.layout", "number", params![]));
    }
    Some(n.to_string())
}

/// Mainland Travel Permit for Hong Kong and Macao residents (§4.5): `H`/`M` + 8 digits (+ 2-digit
/// renewal count on the 1999–2010 booklet), or `HA`/`MA` + 7 digits for non-Chinese permanent
/// residents. Compared on the first 9 characters (the lifetime number).
pub fn hk_macao(
    ctx: &Ctx,
    n: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<String> {
    let b = n.as_bytes();
    let region = match b.first() {
        Some(b'H') => "HK",
        Some(b'M') => "MO",
        _ => {
            findings.push(ctx.finding(
                Severity::Error,
                "hk_macao_permit.prefix",
                "number",
                params![],
            ));
            return None;
        }
    };
    let format = match b.len() {
        9 if b[1] == b'A' && all_digits(&b[2..]) => "non_chinese",
        9 if all_digits(&b[1..]) => "electronic",
        11 if all_digits(&b[1..]) => "booklet_1999",
        9 | 11 => {
            findings.push(ctx.finding(
                Severity::Error,
                "hk_macao_permit.characters",
                "number",
                params![],
            ));
            return None;
        }
        len => {
            findings.push(ctx.finding(
                Severity::Error,
                "hk_macao_permit.length",
                "number",
                params![("length", len as u64)],
            ));
            return None;
        }
    };
    fields.region = Some(region.into());
    fields.format = Some(format.into());
    fields.lifetime_number = Some(n[..9].to_string());
    if b.len() == 11 {
        fields.issue_count = Some(n[9..].to_string());
    }
    Some(n.to_string())
}

/// Mainland Travel Permit for Taiwan residents (§4.5): an 8-digit lifetime number since
/// 2008-09-25; the older form appended a 2-digit issue count and sometimes a bracketed code of the
/// issuing office, e.g. `12345678(B)`.
pub fn taiwan(
    ctx: &Ctx,
    n: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<String> {
    let (main, office) = match n.find('(') {
        Some(open) => {
            let tail = &n[open..];
            let code = tail.strip_prefix('(').and_then(|t| t.strip_suffix(')'));
            match code {
                Some(c)
                    if (1..=2).contains(&c.len())
                        && c.bytes().all(|b| b.is_ascii_alphanumeric()) =>
                {
                    (&n[..open], Some(c))
                }
                _ => {
                    findings.push(ctx.finding(
                        Severity::Error,
                        "taiwan_permit.characters",
                        "number",
                        params![],
                    ));
                    return None;
                }
            }
        }
        None => (n, None),
    };
    let b = main.as_bytes();
    if !all_digits(b) {
        findings.push(ctx.finding(
            Severity::Error,
            "taiwan_permit.characters",
            "number",
            params![],
        ));
        return None;
    }
    if b.len() != 8 && b.len() != 10 {
        findings.push(ctx.finding(
            Severity::Error,
            "taiwan_permit.length",
            "number",
            params![("length", b.len() as u64)],
        ));
        return None;
    }
    fields.region = Some("TW".into());
    fields.lifetime_number = Some(main[..8].to_string());
    fields.format = Some(
        if b.len() == 8 && office.is_none() {
            "lifetime_2008"
        } else {
            "with_issue_count"
        }
        .into(),
    );
    if b.len() == 10 {
        fields.issue_count = Some(main[8..].to_string());
    }
    if let Some(o) = office {
        fields.issuing_office = Some(o.to_string());
    }
    Some(n.to_string())
}
