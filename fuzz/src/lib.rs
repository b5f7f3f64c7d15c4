//! Shared driver of the fuzz targets: the raw bytes become one call of a public method through
//! `frontdesk::api::call`, exactly as a bank's server would make it. The native test
//! `fuzz_regressions` in tests/documents.rs decodes kept crash inputs the same way.

use frontdesk::{api, FrontDesk, Locale};
use serde_json::json;
use std::sync::OnceLock;

fn desk() -> &'static FrontDesk {
    static DESK: OnceLock<FrontDesk> = OnceLock::new();
    DESK.get_or_init(|| FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", Locale::ZhCn).expect("default desk"))
}

/// `number\nissueDate\nexpiryDate` (dates optional) → `validateDocument` of `kind`.
pub fn document(kind: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let number = parts.next().unwrap_or("");
    let mut input = json!({ "kind": kind, "number": number });
    if let Some(issue) = parts.next() {
        input["issueDate"] = json!(issue);
    }
    if let Some(expiry) = parts.next() {
        input["expiryDate"] = json!(expiry);
    }
    let out = api::call(desk(), "validateDocument", &input).expect("validateDocument never fails on a well-typed input");
    // A valid answer always carries a normalized number and a masked one.
    if out["valid"] == json!(true) {
        assert!(out["normalized"].is_string() && out["masked"].is_string());
    }
}

/// The bytes as MRZ text → `parseMrz`.
pub fn mrz(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let out = api::call(desk(), "parseMrz", &json!(text)).expect("parseMrz never fails on a string");
    if out["valid"] == json!(true) {
        assert!(out["format"].is_string());
    }
}
