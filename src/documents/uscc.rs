//! Unified Social Credit Code (GB 32100-2015; domain brief §4.7, §0.2).

use super::DocumentFields;
use super::DocumentRules;
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::i18n::Text;
use crate::jsonread::Obj;
use crate::loader::invalid;
use crate::params;
use serde::Serialize;
use std::collections::BTreeMap;

/// The 31-symbol alphabet (no I, O, Z, S, V), in value order.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// W_i = 3^(i−1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// GB 11714 organization-code weights (§4.7).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// One registration authority (position 1) and its entity categories (position 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Authority {
    pub name: Text,
    pub categories: BTreeMap<String, Text>,
}

impl Authority {
    /// One entry of `usccAuthorities` in `documents.json`.
    pub fn read(o: &Obj) -> Authority {
        o.fields(&["name", "categories"], &[]);
        Authority {
            name: o.text("name"),
            categories: o.texts("categories"),
        }
    }
}

pub fn check_authorities(file: &str, map: &BTreeMap<String, Authority>) -> Result<(), Error> {
    let one = |k: &str| k.len() == 1 && ALPHABET.contains(&k.as_bytes()[0]);
    for (code, a) in map {
        if !one(code) {
            return Err(invalid(
                file,
                format!("usccAuthorities.{code}"),
                "one character of the USCC alphabet",
            ));
        }
        if !a.name.is_complete() || a.categories.is_empty() {
            return Err(invalid(
                file,
                format!("usccAuthorities.{code}"),
                "needs a complete name and categories",
            ));
        }
        for (c, t) in &a.categories {
            if !one(c) || !t.is_complete() {
                return Err(invalid(
                    file,
                    format!("usccAuthorities.{code}.categories.{c}"),
                    "one alphabet character with a complete name",
                ));
            }
        }
    }
    Ok(())
}

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters, or `None` if one is outside the alphabet.
pub fn check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (&c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    // C18 = 31 − (Σ mod 31); 31 wraps to 0.
    ALPHABET.get(((31 - sum % 31) % 31) as usize).copied()
}

/// GB 11714 check character of an 8-character organization-code body (digits and letters).
pub fn org_check_char(body: &[u8]) -> Option<u8> {
    if body.len() != 8 {
        return None;
    }
    let mut sum = 0u32;
    for (&c, w) in body.iter().zip(ORG_WEIGHTS) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return None,
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    })
}

pub fn check(
    ctx: &Ctx,
    rules: &DocumentRules,
    n: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<String> {
    let b = n.as_bytes();
    if n.chars().count() != 18 {
        findings.push(ctx.finding(
            Severity::Error,
            "uscc.length",
            "number",
            params![("length", n.chars().count() as u64), ("expected", 18)],
        ));
        return None;
    }
    if !b.iter().all(|&c| value(c).is_some()) {
        findings.push(ctx.finding(Severity::Error, "uscc.characters", "number", params![]));
        return None;
    }
    let mut ok = true;
    if check_char(&b[..17]) != Some(b[17]) {
        findings.push(ctx.finding(Severity::Error, "uscc.checksum", "number", params![]));
        ok = false;
    }
    let locale = ctx.locale();
    match rules.uscc_authorities.get(&n[..1]) {
        None => {
            findings.push(ctx.finding(Severity::Error, "uscc.authority", "number", params![]));
            ok = false;
        }
        Some(a) => {
            fields.registration_authority = Some(n[..1].to_string());
            fields.registration_authority_name = Some(a.name.get(locale).to_string());
            match a.categories.get(&n[1..2]) {
                None => {
                    findings.push(ctx.finding(
                        Severity::Error,
                        "uscc.category",
                        "number",
                        params![],
                    ));
                    ok = false;
                }
                Some(c) => {
                    fields.entity_category = Some(n[1..2].to_string());
                    fields.entity_category_name = Some(c.get(locale).to_string());
                }
            }
        }
    }
    if !b[2..8].iter().all(u8::is_ascii_digit) {
        findings.push(ctx.finding(Severity::Error, "uscc.region", "number", params![]));
        ok = false;
    } else {
        fields.region_code = Some(n[2..8].to_string());
    }
    fields.org_code = Some(n[8..17].to_string());
    if org_check_char(&b[8..16]) != Some(b[16]) {
        findings.push(ctx.finding(
            Severity::Warning,
            "uscc.org_code_checksum",
            "number",
            params![],
        ));
    }
    ok.then(|| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        // Domain brief §4.8.
        assert_eq!(check_char(b"91350100M000100Y4"), Some(b'3'));
        assert_eq!(check_char(b"91110108551385082"), Some(b'Q'));
        assert_eq!(org_check_char(b"55138508"), Some(b'2'));
        assert_eq!(org_check_char(b"M000100Y"), Some(b'4'));
    }
}
