//! E-mail addresses: practical syntax (what banks' systems and mail servers accept), the RFC 5321
//! length limits, and internationalized domain names.
//!
//! What is checked: one `@`; local part of 1–64 bytes in dot-atom form (ASCII letters, digits and
//! ``!#$%&'*+/=?^_`{|}~-``, dots not first, last or doubled; quoted local parts are refused as
//! impractical); domain of at least two labels, each 1–63 characters of letters, digits and `-`
//! (not first or last), where a label may also hold non-ASCII characters (an IDN U-label) other
//! than spaces, controls and punctuation (General Punctuation, CJK Symbols and Punctuation,
//! full-width forms). Its punycode A-label is not computed, so the 63-octet limit is applied to the
//! characters typed, and IDNA's per-script rules (UTS #46 mapping, bidi, joiners) are not checked.
//! An ASCII top-level label must not be all digits; IP-address literals are refused; the whole
//! address is at most 254 bytes. Full-width characters and the ideographic full stop (`。`) are
//! folded first. ASCII letters of the domain are lower-cased (non-ASCII letters are kept as typed:
//! Unicode case tables would cost about 15 KB of WASM, and Chinese labels have no case); the local
//! part is kept as typed (servers may treat its case as significant).

use super::{checks, DocumentFields};
use crate::ctx::Ctx;
use crate::finding::{Finding, Severity};
use crate::params;

/// RFC 5321 §4.5.3.1.3 path limit minus the angle brackets.
pub const MAX_ADDRESS_BYTES: usize = 254;
/// RFC 5321 §4.5.3.1.1.
pub const MAX_LOCAL_BYTES: usize = 64;
/// RFC 1035 label limit.
pub const MAX_LABEL_CHARS: usize = 63;
/// Longest raw input accepted before any processing (address plus surrounding space).
pub const MAX_INPUT_CHARS: usize = 320;

fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&b)
}

fn label_ok(label: &str) -> bool {
    let n = label.chars().count();
    (1..=MAX_LABEL_CHARS).contains(&n)
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .chars()
            .all(|c| c == '-' || c.is_ascii_alphanumeric() || idn_char(c))
}

/// A non-ASCII character allowed in a U-label: not a space, control or punctuation mark from the
/// blocks people meet when typing on a Chinese keyboard (checked by range, without Unicode tables).
fn idn_char(c: char) -> bool {
    !c.is_ascii()
        && !c.is_whitespace()
        && !matches!(c as u32, 0x80..=0xBF | 0x2000..=0x206F | 0x2E00..=0x2E7F | 0x3000..=0x303F | 0xFE10..=0xFE6F | 0xFF00..=0xFF65 | 0xFFF0..=0xFFFF)
}

pub fn check(
    ctx: &Ctx,
    raw: &str,
    findings: &mut Vec<Finding>,
    fields: &mut DocumentFields,
) -> Option<String> {
    let (folded, widened) = checks::fold_width(raw.trim());
    if widened {
        findings.push(ctx.finding(
            Severity::Info,
            "document.full_width_folded",
            "number",
            params![],
        ));
    }
    // IDNA label separators (U+3002 ideographic, U+FF61 halfwidth ideographic full stop).
    let s: String = folded
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '\u{3002}' | '\u{FF61}') {
                '.'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() {
        findings.push(ctx.finding(Severity::Error, "document.empty", "number", params![]));
        return None;
    }
    let err = |findings: &mut Vec<Finding>, code: &str| {
        findings.push(ctx.finding(Severity::Error, code, "number", params![]));
    };
    let Some((local, domain)) = s.rsplit_once('@') else {
        err(findings, "email.missing_at");
        return None;
    };
    if local.contains('@') {
        err(findings, "email.local_part");
        return None;
    }
    let mut ok = true;
    if local.is_empty()
        || local.len() > MAX_LOCAL_BYTES
        || !local.bytes().all(|b| b == b'.' || is_atext(b))
        || local.starts_with('.')
        || local.ends_with('.')
        || local.as_bytes().windows(2).any(|w| w == b"..")
    {
        if local.len() > MAX_LOCAL_BYTES {
            findings.push(ctx.finding(
                Severity::Error,
                "email.local_too_long",
                "number",
                params![("max", MAX_LOCAL_BYTES as u64)],
            ));
        } else {
            err(findings, "email.local_part");
        }
        ok = false;
    }
    let domain = domain.to_ascii_lowercase();
    let domain = domain.strip_suffix('.').unwrap_or(&domain).to_string();
    let labels: Vec<&str> = domain.split('.').collect();
    if domain.starts_with('[') {
        err(findings, "email.ip_literal");
        ok = false;
    } else if labels.len() < 2 || !labels.iter().all(|l| label_ok(l)) {
        err(findings, "email.domain");
        ok = false;
    } else if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        err(findings, "email.domain");
        ok = false;
    }
    let address = format!("{local}@{domain}");
    if address.len() > MAX_ADDRESS_BYTES {
        findings.push(ctx.finding(
            Severity::Error,
            "email.too_long",
            "number",
            params![("max", MAX_ADDRESS_BYTES as u64)],
        ));
        ok = false;
    }
    if !ok {
        return None;
    }
    if !domain.is_ascii() {
        findings.push(ctx.finding(Severity::Info, "email.idn", "number", params![]));
    }
    fields.domain = Some(domain);
    Some(address)
}
