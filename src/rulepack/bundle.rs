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
//! `sha256` is the SHA-256 of the canonical JSON text of `files` (`canonical_files`): it is checked
//! before anything is read, so a bundle changed after bundling (by hand, by a proxy, by a broken
//! copy) is refused as `rule_pack.digest_mismatch`. `name` and `version` repeat `pack.json`'s, so a
//! deployment can be identified without loading it; the version must agree with it. The plain form (an
//! object of file path → content, without `format`) stays accepted. See docs/rule-packs.md.

use super::{Files, RulePack};
use crate::error::Error;
use serde_json::{Map, Value};

/// The envelope format this library reads and `frontdesk-pack bundle` writes.
pub const FORMAT: &str = "frontdesk-pack/1";

/// The canonical JSON text of a pack's files: serde_json's compact text of the map path → content,
/// whose object keys (paths and every key inside the files) come out sorted by their UTF-8 bytes —
/// serde_json's `Map` is a B-tree here (its `preserve_order` feature is off: a test holds it so) —
/// with no whitespace, strings escaped only where JSON requires and integers as written. For keys
/// without characters beyond U+FFFF this is RFC 8785 (JCS) text. It is also the text
/// `frontdesk-pack bundle` writes after `"files":`, and it is serialized through the same code as
/// finding parameters, so checking a bundle costs the WASM module no serializer of its own.
pub fn canonical_files(files: &Files) -> String {
    crate::jsonout::text(files)
}

/// The `sha256` of a bundle holding `files`: lowercase hex SHA-256 of `canonical_files`.
pub fn files_sha256(files: &Files) -> String {
    crate::digest::hex(&crate::digest::sha256(canonical_files(files).as_bytes()))
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

/// Load an envelope: check its format and digest, then load its files and check that its version
/// is `pack.json`'s.
pub(super) fn load(map: Map<String, Value>) -> Result<RulePack, Error> {
    let text = |k: &str| map.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    if text("format") != FORMAT {
        return Err(refuse(
            "rule_pack.unsupported_format",
            "format",
            "unsupported bundle format: this package reads frontdesk-pack/1",
        ));
    }
    let (claimed, version) = (text("sha256"), text("version"));
    let mut files = Files::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("files", Value::Object(object)) => {
                for (path, content) in object {
                    files.insert(path, content);
                }
            }
            ("format" | "name" | "version" | "sha256", _) => {}
            _ => return Err(refuse(
                "rule_pack.syntax",
                &key,
                "the bundle envelope has format, name, version, sha256 and files (an object of \
                     file path → file content)",
            )),
        }
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
    if version != pack.version() {
        return Err(refuse(
            "rule_pack.invalid",
            "version",
            "the bundle's version must be its pack.json version",
        ));
    }
    Ok(pack)
}

fn refuse(code: &str, path: &str, message: &str) -> Error {
    Error::new(code, message).at_path(path)
}
