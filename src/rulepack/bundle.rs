//! The versioned bundle: one file that carries a whole rule pack, made by `frontdesk-pack bundle`
//! and loaded by a host with `new FrontDesk({ rulePack })` (or `RulePack::from_bundle_json`):
//!
//! ```json
//! { "format": "frontdesk-pack/1",
//!   "name": { "zh-CN": "…", "en": "…" }, "version": "2026.11.1",
//!   "sha256": "<64 lowercase hex digits>",
//!   "files": { "pack.json": { … }, "tiers.json": { … }, … } }
//! ```
//!
//! `sha256` is the SHA-256 of the canonical JSON text of `files` (`canonical_json`): it is checked
//! before anything is read, so a bundle changed after bundling (by hand, by a proxy, by a broken
//! copy) is refused as `rule_pack.digest_mismatch`. `name` and `version` repeat `pack.json`'s, so a
//! deployment can be identified without loading it; they must agree with it. The plain form (an
//! object of file path → content, without `format`) stays accepted. See docs/rule-packs.md.

use super::{Files, RulePack};
use crate::error::Error;
use serde_json::{Map, Value};

/// The envelope format this library reads and `frontdesk-pack bundle` writes.
pub const FORMAT: &str = "frontdesk-pack/1";

/// The canonical JSON text of `v`: no whitespace, object keys sorted by their UTF-16 code units,
/// strings escaped as serde_json escapes them (`"` `\` and control characters only; other
/// characters verbatim as UTF-8), numbers as serde_json writes them. For the values a pack holds
/// (strings, integers, booleans, null, arrays, objects) this is RFC 8785 (JCS) text; the sort does
/// not depend on the order keys were written or parsed in.
pub fn canonical_json(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(k, out);
                out.push(':');
                if let Some(x) = m.get(k) {
                    canonical_json(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(x, out);
            }
            out.push(']');
        }
        Value::String(s) => push_string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn push_string(s: &str, out: &mut String) {
    // serde_json's escaping of a plain string cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// The `sha256` of a bundle holding `files`: lowercase hex SHA-256 of the canonical JSON text of
/// the object path → content.
pub fn files_sha256(files: &Files) -> String {
    let mut object = Map::new();
    for (path, value) in files {
        object.insert(path.clone(), value.clone());
    }
    let mut text = String::new();
    canonical_json(&Value::Object(object), &mut text);
    crate::digest::hex(&crate::digest::sha256(text.as_bytes()))
}

/// The bundle envelope of `files` (their `$schema` keys removed: editor help, not content). Name
/// and version are copied from `pack.json` as they are (null when absent), so that even a pack
/// that does not load can be bundled for a preview that shows its errors.
pub fn envelope(files: &Files) -> Value {
    let mut files = files.clone();
    for value in files.values_mut() {
        if let Value::Object(m) = value {
            m.remove("$schema");
        }
    }
    let manifest = files.get("pack.json");
    let field = |k: &str| manifest.and_then(|m| m.get(k)).cloned();
    let mut out = Map::new();
    out.insert("format".into(), Value::from(FORMAT));
    out.insert("name".into(), field("name").unwrap_or(Value::Null));
    out.insert("version".into(), field("version").unwrap_or(Value::Null));
    out.insert("sha256".into(), Value::from(files_sha256(&files)));
    let mut map = Map::new();
    for (path, value) in files {
        map.insert(path, value);
    }
    out.insert("files".into(), Value::Object(map));
    Value::Object(out)
}

fn refuse(code: &str, path: &str, message: &str) -> Error {
    Error::new(code, message).at_path(path)
}

/// Load an envelope: check its format and digest, then load its files and check that its name and
/// version are `pack.json`'s.
pub(super) fn load(mut map: Map<String, Value>) -> Result<RulePack, Error> {
    const KEYS: &[&str] = &["format", "name", "version", "sha256", "files"];
    if let Some(k) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(refuse(
            "rule_pack.syntax",
            k,
            "unknown key in the bundle envelope (format, name, version, sha256, files)",
        ));
    }
    match map.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        _ => {
            return Err(refuse(
                "rule_pack.unsupported_format",
                "format",
                "unsupported bundle format: this package reads frontdesk-pack/1",
            ))
        }
    }
    let Some(Value::Object(object)) = map.remove("files") else {
        return Err(refuse(
            "rule_pack.syntax",
            "files",
            "a bundle's files is an object of file path → file content",
        ));
    };
    let mut files = Files::new();
    for (path, value) in object {
        files.insert(path, value);
    }
    let claimed = map.get("sha256").and_then(Value::as_str).unwrap_or("");
    if claimed.len() != 64
        || !claimed
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(refuse(
            "rule_pack.syntax",
            "sha256",
            "sha256 is 64 lowercase hex digits",
        ));
    }
    if files_sha256(&files) != claimed {
        return Err(refuse(
            "rule_pack.digest_mismatch",
            "sha256",
            "the bundle's files do not match its sha256: it was changed or damaged after it was \
             made; make it again with `frontdesk-pack bundle`",
        ));
    }
    let pack = RulePack::from_files(&files)?;
    let name_ok = map.get("name").is_some_and(|n| {
        n.get("zh-CN").and_then(Value::as_str) == Some(pack.manifest.name.zh_cn.as_str())
            && n.get("en").and_then(Value::as_str) == Some(pack.manifest.name.en.as_str())
    });
    if map.get("version").and_then(Value::as_str) != Some(pack.version()) || !name_ok {
        return Err(refuse(
            "rule_pack.invalid",
            "version",
            "the bundle's name and version must be those of its pack.json",
        ));
    }
    Ok(pack)
}
