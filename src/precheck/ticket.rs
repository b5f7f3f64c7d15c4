//! The hand-off ticket: what the branch needs to pick up a pre-check, small enough for a QR code.
//!
//! Code = `<prefix><Crockford base32 of body ‖ checksum>`: upper-case letters and digits only, so a
//! QR code carries it in alphanumeric mode. Body (format 1):
//!
//! | bytes | content |
//! |---|---|
//! | 1 | format version (1) |
//! | 4 | `now`, Unix seconds, big-endian |
//! | 3 | applicant kind, account kind, purpose (255 = none) as indexes of the API's lists |
//! | 1 | bit 0: ready |
//! | 1+n | rule-pack version (UTF-8, length-prefixed) |
//! | 1+2n | checklist: material tag, `need << 2 \| status` |
//! | 1+… | masked identifiers: role, length, masked text with runs of `*` stored as `0, count` |
//!
//! The checksum is the first `checksumBytes` of SHA-256 over prefix ‖ body. This protects against
//! corruption and casual tampering; the branch re-verifies the customer in person anyway.
//!
//! The reference code is the first `referenceChars` base32 characters of SHA-256 over the day
//! (+08:00), the applicant and account kinds and the masked identifiers: it stays the same while the
//! customer ticks the materials they have or checks again that day, so the number they noted still
//! finds them. A ticket without an identifier has no stable person to name: its reference is taken
//! over the whole payload.

use super::rules::{Need, PrecheckRules};
use super::{AccountKind, ApplicantKind, Purpose, Status};
use crate::ctx::Ctx;
use crate::digest;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity};
use crate::jsonout::WriteJson;
use crate::params;

const FORMAT: u8 = 1;
/// Longest masked identifier kept in a ticket (characters).
const MAX_ID_CHARS: usize = 32;
const MAX_ITEMS: usize = 60;
const MAX_IDS: usize = 8;

/// Whose identifier a ticket carries (masked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum IdRole {
    /// The applicant's ID document number, or the business's USCC.
    Document,
    Name,
    Mobile,
    /// The guardian's ID document number.
    Guardian,
}

const ROLES: [IdRole; 4] = [
    IdRole::Document,
    IdRole::Name,
    IdRole::Mobile,
    IdRole::Guardian,
];

/// What goes into a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketContent {
    pub now: i64,
    pub applicant: ApplicantKind,
    pub account: AccountKind,
    pub purpose: Option<Purpose>,
    pub ready: bool,
    pub checklist: Vec<(u8, Need, Status)>,
    /// Already masked.
    pub identifiers: Vec<(IdRole, String)>,
    pub pack_version: String,
}

/// The ticket in a `precheck` result.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Ticket {
    /// The code to show as a QR code (or read out): upper-case letters and digits only.
    pub code: String,
    /// Short reference for staff and the customer.
    pub reference: String,
    /// The integrity checksum inside the code, hex.
    pub checksum: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TicketItem {
    /// Material id, or `#<tag>` when this desk's pack does not know the tag.
    pub id: String,
    pub label: String,
    pub need: Need,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TicketIdentifier {
    pub role: IdRole,
    pub masked: String,
}

/// Something staff must still check before opening the account (rule-pack data,
/// `precheck/ticket.json` `staffChecks`): originals, the online ID check, …
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct StaffCheck {
    pub id: String,
    pub text: String,
}

/// A decoded, verified ticket.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TicketView {
    pub reference: String,
    pub applicant_kind: ApplicantKind,
    pub account: AccountKind,
    pub purpose: Option<Purpose>,
    pub ready: bool,
    pub checklist: Vec<TicketItem>,
    pub identifiers: Vec<TicketIdentifier>,
    /// When the pre-check ran (+08:00).
    pub now: String,
    /// Whole days (24 h) from when the pre-check ran to the desk's now; negative when the ticket
    /// says it was made later than now (`ticket.from_future`). Older than the pack's `maxAgeDays`
    /// is expired (`ticket.old`).
    pub age_days: i64,
    pub rule_pack_version: String,
    pub checksum: String,
    /// What staff must still check, whatever the checklist says (the ticket carries masked
    /// numbers only and proves nothing about the person in front of them).
    pub staff_checks: Vec<StaffCheck>,
}

/// Result of `readTicket`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ReadTicketResult {
    /// The code is well-formed and its checksum matches.
    pub valid: bool,
    /// Present when `valid`.
    pub ticket: Option<TicketView>,
    pub findings: Vec<Finding>,
}

fn push_masked(out: &mut Vec<u8>, s: &str) {
    let mut run = 0u8;
    let flush = |out: &mut Vec<u8>, run: &mut u8| {
        if *run > 0 {
            out.push(0);
            out.push(*run);
            *run = 0;
        }
    };
    for c in s.chars().take(MAX_ID_CHARS) {
        if c == '*' {
            run += 1;
        } else {
            flush(out, &mut run);
            let c = if c.is_control() { '?' } else { c };
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    flush(out, &mut run);
}

fn unpack_masked(bytes: &[u8]) -> Option<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == 0 {
            let n = *bytes.get(i + 1)?;
            if n == 0 {
                return None;
            }
            out.extend(std::iter::repeat_n(b'*', usize::from(n)));
            i += 2;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn checksum_of(prefix: &str, body: &[u8], n: usize) -> Vec<u8> {
    let mut data = prefix.as_bytes().to_vec();
    data.extend_from_slice(body);
    digest::sha256(&data).iter().take(n).copied().collect()
}

/// Build the ticket code for `content`.
pub fn encode(rules: &PrecheckRules, content: &TicketContent) -> Result<Ticket, Error> {
    let settings = &rules.ticket;
    let mut body = vec![FORMAT];
    let now = u32::try_from(content.now).map_err(|_| {
        Error::argument("now is outside the ticket's range (1970–2106)").at_path("now")
    })?;
    body.extend_from_slice(&now.to_be_bytes());
    body.push(content.applicant.index());
    body.push(content.account.index());
    body.push(content.purpose.map(Purpose::index).unwrap_or(255));
    body.push(u8::from(content.ready));
    let version = content.pack_version.as_bytes();
    let vlen = version.len().min(64);
    body.push(vlen as u8);
    body.extend_from_slice(version.get(..vlen).unwrap_or_default());
    let items: Vec<_> = content.checklist.iter().take(MAX_ITEMS).collect();
    body.push(items.len() as u8);
    for (tag, need, status) in items {
        body.push(*tag);
        body.push((u8::from(*need == Need::Optional) << 2) | status.bits());
    }
    let ids: Vec<_> = content.identifiers.iter().take(MAX_IDS).collect();
    let ids_at = body.len();
    body.push(ids.len() as u8);
    for (role, masked) in ids {
        body.push(ROLES.iter().position(|r| r == role).unwrap_or(0) as u8);
        let mut packed = Vec::new();
        push_masked(&mut packed, masked);
        body.push(packed.len().min(255) as u8);
        body.extend_from_slice(packed.get(..packed.len().min(255)).unwrap_or_default());
    }
    let check = checksum_of(
        &settings.prefix,
        &body,
        usize::from(settings.checksum_bytes),
    );
    let stable = stable_part(now, &body[5..7], &body[ids_at..]);
    let mut payload = body;
    payload.extend_from_slice(&check);
    let code = format!("{}{}", settings.prefix, digest::base32(&payload));
    Ok(Ticket {
        reference: digest::short_code(
            stable.as_deref().unwrap_or(&payload),
            usize::from(settings.reference_chars),
        ),
        checksum: digest::hex(&check),
        code,
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn u8(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
}

/// What the reference is taken over: the day (+08:00), the applicant and account kind bytes and the
/// identifiers section (count first); `None` when the ticket carries no identifier.
fn stable_part(now: u32, kinds: &[u8], ids: &[u8]) -> Option<Vec<u8>> {
    if ids.first().is_none_or(|n| *n == 0) {
        return None;
    }
    let day = (u64::from(now) + 8 * 3600) / 86_400;
    let mut out = (day as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kinds);
    out.extend_from_slice(ids);
    Some(out)
}

fn parse_body(
    ctx: &Ctx,
    rules: &PrecheckRules,
    body: &[u8],
    findings: &mut Vec<Finding>,
) -> Option<TicketView> {
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    if r.u8()? != FORMAT {
        return None;
    }
    let now = u32::from_be_bytes(r.take(4)?.try_into().ok()?);
    let applicant = ApplicantKind::from_index(r.u8()?)?;
    let account = AccountKind::from_index(r.u8()?)?;
    let purpose = match r.u8()? {
        255 => None,
        i => Some(Purpose::from_index(i)?),
    };
    let flags = r.u8()?;
    if flags > 1 {
        return None;
    }
    let vlen = usize::from(r.u8()?);
    let version = String::from_utf8(r.take(vlen)?.to_vec()).ok()?;
    let n = usize::from(r.u8()?);
    let mut checklist = Vec::new();
    for _ in 0..n {
        let tag = r.u8()?;
        let bits = r.u8()?;
        if bits > 0b110 {
            return None;
        }
        let need = if bits & 0b100 != 0 {
            Need::Optional
        } else {
            Need::Required
        };
        let status = Status::from_bits(bits & 0b11)?;
        let (id, label) = match rules.material_by_tag(tag) {
            Some(m) => (
                m.id.clone(),
                ctx.text(&format!("precheck.material.{}", m.id)),
            ),
            None => {
                if !findings.iter().any(|f| f.code == "ticket.unknown_material") {
                    findings.push(ctx.finding(
                        Severity::Warning,
                        "ticket.unknown_material",
                        "code",
                        params![],
                    ));
                }
                (format!("#{tag}"), format!("#{tag}"))
            }
        };
        checklist.push(TicketItem {
            id,
            label,
            need,
            status,
        });
    }
    let ids_at = r.pos;
    let n = usize::from(r.u8()?);
    let mut identifiers = Vec::new();
    for _ in 0..n {
        let role = *ROLES.get(usize::from(r.u8()?))?;
        let len = usize::from(r.u8()?);
        let masked = unpack_masked(r.take(len)?)?;
        identifiers.push(TicketIdentifier { role, masked });
    }
    if r.pos != body.len() {
        return None;
    }
    let at = chrono::DateTime::from_timestamp(i64::from(now), 0)?
        .with_timezone(&crate::time::shanghai());
    let age_days = (ctx.now() - at).num_days();
    if age_days < 0 {
        findings.push(ctx.finding(Severity::Warning, "ticket.from_future", "code", params![]));
    } else if age_days > i64::from(rules.ticket.max_age_days) {
        findings.push(ctx.finding(
            Severity::Warning,
            "ticket.old",
            "code",
            params![("days", age_days), ("maxDays", rules.ticket.max_age_days)],
        ));
    }
    if version != ctx.pack_version() {
        findings.push(ctx.finding(Severity::Warning, "ticket.pack_version", "code", params![]));
    }
    let ready = flags & 1 == 1;
    let facts = super::Facts {
        applicant,
        account,
        purpose,
        occupation: None,
        flags: vec![if ready {
            super::Flag::Ready
        } else {
            super::Flag::NotReady
        }],
    };
    let staff_checks = rules
        .ticket
        .staff_checks
        .iter()
        .filter(|c| super::matches(&c.when, &facts))
        .map(|c| StaffCheck {
            id: c.id.clone(),
            text: ctx.text(&format!("precheck.staff_check.{}", c.id)),
        })
        .collect();
    let reference = stable_part(now, body.get(5..7)?, body.get(ids_at..)?)
        .map(|b| digest::short_code(&b, usize::from(rules.ticket.reference_chars)))
        .unwrap_or_default();
    Some(TicketView {
        reference,
        applicant_kind: applicant,
        account,
        purpose,
        ready,
        checklist,
        identifiers,
        now: crate::time::rfc3339(at),
        age_days,
        rule_pack_version: version,
        checksum: String::new(),
        staff_checks,
    })
}

/// `readTicket`: decode and verify a ticket code (the branch side).
pub fn read(ctx: &Ctx, rules: &PrecheckRules, code: &str) -> ReadTicketResult {
    let settings = &rules.ticket;
    let mut findings = Vec::new();
    let fail = |findings: Vec<Finding>| ReadTicketResult {
        valid: false,
        ticket: None,
        findings,
    };
    // As a scanner or a person hands it over: surrounding spaces and a scanner's CR/LF, spaces
    // inside (a code read out in groups) and full-width letters and digits (typed with a Chinese
    // input method) are not part of the code.
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    if code.is_empty() {
        findings.push(ctx.finding(Severity::Error, "ticket.empty", "code", params![]));
        return fail(findings);
    }
    if code.chars().count() > usize::from(settings.max_chars) {
        findings.push(ctx.finding(
            Severity::Error,
            "ticket.too_long",
            "code",
            params![("max", settings.max_chars)],
        ));
        return fail(findings);
    }
    let upper = code.to_ascii_uppercase();
    let Some(rest) = upper.strip_prefix(settings.prefix.as_str()) else {
        findings.push(ctx.finding(Severity::Error, "ticket.prefix", "code", params![]));
        return fail(findings);
    };
    // Only the canonical alphabet: Crockford's reading aliases (O, I, L) would let two codes mean
    // the same ticket, and a one-character change must never go unnoticed.
    let payload = match digest::base32_decode(rest) {
        Some(p)
            if rest.bytes().all(|b| digest::BASE32.contains(&b)) && digest::base32(&p) == rest =>
        {
            p
        }
        _ => {
            findings.push(ctx.finding(Severity::Error, "ticket.characters", "code", params![]));
            return fail(findings);
        }
    };
    let n = usize::from(settings.checksum_bytes);
    let Some(split) = payload.len().checked_sub(n).filter(|s| *s > 0) else {
        findings.push(ctx.finding(Severity::Error, "ticket.malformed", "code", params![]));
        return fail(findings);
    };
    let (body, check) = payload.split_at(split);
    if checksum_of(&settings.prefix, body, n) != check {
        findings.push(ctx.finding(Severity::Error, "ticket.checksum", "code", params![]));
        return fail(findings);
    }
    match parse_body(ctx, rules, body, &mut findings) {
        Some(mut view) => {
            if view.reference.is_empty() {
                view.reference =
                    digest::short_code(&payload, usize::from(settings.reference_chars));
            }
            view.checksum = digest::hex(check);
            ReadTicketResult {
                valid: no_errors(&findings),
                ticket: Some(view),
                findings,
            }
        }
        None => {
            findings.push(ctx.finding(Severity::Error, "ticket.malformed", "code", params![]));
            fail(findings)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_runs_round_trip() {
        for s in [
            "110***********002X",
            "138****1234",
            "张*",
            "欧阳**",
            "Zhang S**",
            "",
            "*",
        ] {
            let mut b = Vec::new();
            push_masked(&mut b, s);
            assert_eq!(unpack_masked(&b).as_deref(), Some(s));
        }
        assert_eq!(unpack_masked(&[0]), None);
        assert_eq!(unpack_masked(&[0, 0]), None);
    }
}
