//! Drafts of a contact update, saved and resumed like a questionnaire session, so a customer who
//! leaves half-way loses nothing.
//!
//! A saved draft is canonical JSON text (keys sorted): `{ checksum, format, input, rulePackVersion,
//! savedAt, version }`, where `checksum` is `crate::digest::checksum` of the canonical JSON of the
//! same object without `checksum`. It
//! holds the customer's own values (it is theirs, kept on their device): the host page stores it
//! only outside kiosk mode, and clears it on finish.

use super::{check_bounds, Channel, ContactUpdateInput, MAX_INPUT_BYTES};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::jsonout::WriteJson;
use crate::jsonread::Reader;

/// The draft format name.
pub const DRAFT_FORMAT: &str = "frontdesk.contact_draft";
/// The draft format version this build writes and reads.
pub const DRAFT_VERSION: u32 = 1;
/// Largest saved draft accepted by `resumeContactDraft`, in bytes.
pub const MAX_DRAFT_BYTES: usize = MAX_INPUT_BYTES + 1024;

/// The checksummed part of a draft, in a fixed field order.
#[derive(WriteJson)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    format: &'a str,
    version: u32,
    rule_pack_version: &'a str,
    saved_at: &'a str,
    input: &'a ContactUpdateInput,
}

#[derive(WriteJson)]
#[serde(rename_all = "camelCase")]
struct Saved {
    format: String,
    version: u32,
    rule_pack_version: String,
    saved_at: String,
    input: ContactUpdateInput,
    checksum: String,
}

fn body_checksum(body: &Body) -> String {
    body_checksum_as_written(body, None)
}

/// The checksum of `body` with the channel spelled as the draft wrote it: a draft saved before
/// the shared channel vocabulary says `app` or `phone_callback`, and its checksum covers that text.
fn body_checksum_as_written(body: &Body, channel: Option<&str>) -> String {
    let mut v = crate::jsonout::to_value(body);
    if let (Some(c), Some(input)) = (channel, v.get_mut("input")) {
        input["channel"] = serde_json::Value::from(c);
    }
    crate::digest::checksum(crate::jsonout::text(&v).as_bytes())
}

/// `saveContactDraft`: the input as a versioned, checksummed string.
pub fn save(ctx: &Ctx, input: &ContactUpdateInput) -> Result<String, Error> {
    check_bounds(input)?;
    let saved_at = crate::time::rfc3339(ctx.now());
    let version = ctx.pack_version();
    let body = Body {
        format: DRAFT_FORMAT,
        version: DRAFT_VERSION,
        rule_pack_version: version,
        saved_at: &saved_at,
        input,
    };
    let saved = Saved {
        format: DRAFT_FORMAT.to_string(),
        version: DRAFT_VERSION,
        rule_pack_version: version.to_string(),
        saved_at: saved_at.clone(),
        input: input.clone(),
        checksum: body_checksum(&body),
    };
    super::canonical_json(&saved)
}

fn corrupt() -> Error {
    Error::new(
        "contact_draft.corrupt",
        "not a complete contact draft (truncated or not a draft)",
    )
}

fn read_saved(value: &serde_json::Value) -> Result<Saved, Error> {
    let rd = Reader::capped(super::max_chars);
    let o = rd.root(value);
    o.only(&[
        "format",
        "version",
        "rulePackVersion",
        "savedAt",
        "input",
        "checksum",
    ]);
    o.require(&["format", "rulePackVersion", "savedAt", "input", "checksum"]);
    let s = Saved {
        format: o.str("format"),
        version: o
            .get("version")
            .and_then(|v| v.as_u64())
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0),
        rule_pack_version: o.str("rulePackVersion"),
        saved_at: o.str("savedAt"),
        input: ContactUpdateInput::read(&o.obj("input")),
        checksum: o.str("checksum"),
    };
    rd.done(s)
}

/// `resumeContactDraft`: the input back, after checking format, version, checksum and rule pack.
pub fn resume(ctx: &Ctx, saved: &str) -> Result<ContactUpdateInput, Error> {
    if saved.len() > MAX_DRAFT_BYTES {
        return Err(Error::new(
            "argument.too_large",
            format!("a contact draft is at most {MAX_DRAFT_BYTES} bytes"),
        ));
    }
    let value: serde_json::Value = crate::jsonread::parse(saved).map_err(|_| corrupt())?;
    if value.get("format").and_then(|f| f.as_str()) != Some(DRAFT_FORMAT) {
        return Err(corrupt());
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(DRAFT_VERSION) => {}
        Some(_) => {
            return Err(Error::new(
                "contact_draft.format_version",
                "the draft was written in another draft format version",
            ))
        }
        None => return Err(corrupt()),
    }
    let s = read_saved(&value).map_err(|_| corrupt())?;
    let body = Body {
        format: &s.format,
        version: s.version,
        rule_pack_version: &s.rule_pack_version,
        saved_at: &s.saved_at,
        input: &s.input,
    };
    let written = value
        .get("input")
        .and_then(|i| i.get("channel"))
        .and_then(|c| c.as_str())
        .filter(|c| Channel::is_deprecated(c));
    if body_checksum_as_written(&body, written) != s.checksum {
        return Err(Error::new(
            "contact_draft.tampered",
            "the draft's checksum does not match its content",
        ));
    }
    if s.rule_pack_version != ctx.pack_version() {
        return Err(Error::new(
            "contact_draft.rule_pack_version",
            "the draft was saved under another rule-pack version; start again with the current rules",
        ));
    }
    check_bounds(&s.input)?;
    Ok(s.input)
}
