//! The shared fixture format, read by the native layer (`tests/fixtures.rs`) and the WASM layer
//! (`tests/wasm.rs`) alike. One file holds cases for one area:
//!
//! ```json
//! { "description": "…", "now": "2026-11-23T10:00:00+08:00", "locale": "en",
//!   "cases": [ { "name": "…", "method": "validateDocument", "input": { … },
//!                "now"?: "…", "locale"?: "…", "desk"?: { "deskNonce": "…" },
//!                "expect"?: { …partial result… }, "expectError"?: "argument.invalid" } ] }
//! ```
//!
//! `expect` is matched partially: every key it names must be present and equal (recursively);
//! arrays must have the same length. Inside an object, the pseudo-key `findingCodes` lists the codes
//! of that object's `findings` array in order, and `findingCodesInclude` codes that must be among
//! them; `<key>Contains` / `<key>Lacks` list strings the text at `<key>` must contain / must not
//! contain. An object with only index keys (`{ "0": … }`) matches those items of an array.
#![allow(dead_code)]

use serde_json::Value;

include!(concat!(env!("OUT_DIR"), "/fixture_files.rs"));

/// The `DeskOptions` JSON of a case: now, locale and its `desk` options.
pub fn desk_options(case: &Case) -> Value {
    let mut o = serde_json::json!({ "now": case.now, "locale": case.locale });
    if let (Some(m), Some(extra)) = (o.as_object_mut(), case.desk.as_object()) {
        for (k, v) in extra {
            m.insert(k.clone(), v.clone());
        }
    }
    o
}

#[derive(Debug, Clone)]
pub struct Case {
    pub file: String,
    pub name: String,
    pub method: String,
    pub now: String,
    pub locale: String,
    /// Further `DeskOptions` for this case's desk (`idempotencySecret`, `deskNonce`): the file's
    /// `"desk"` object overridden by the case's.
    pub desk: Value,
    pub input: Value,
    pub expect: Option<Value>,
    pub expect_error: Option<String>,
}

/// Every case of every fixture file, in file order, for the capabilities of this build: a fixture
/// folder is named after its capability (`tests/fixtures/tiers/…`; `tiers+calendar/` needs both),
/// and a lean build
/// (`--no-default-features --features …`) runs the folders of the capabilities it has.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (file, text) in FIXTURE_FILES {
        // A folder named `a+b` holds cases that need both capabilities (e.g. `tiers+calendar`:
        // reply dates rolled on the pack's calendar).
        let area = file.split('/').next().unwrap_or_default();
        if !area
            .split('+')
            .all(|a| frontdesk::rulepack::CAPABILITIES.contains(&a))
        {
            continue;
        }
        let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let now = doc["now"]
            .as_str()
            .unwrap_or("2026-11-23T10:00:00+08:00")
            .to_string();
        let locale = doc["locale"].as_str().unwrap_or("zh-CN").to_string();
        let file_desk = doc
            .get("desk")
            .cloned()
            .unwrap_or_else(|| serde_json::json!({}));
        let list = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no cases array"));
        for c in list {
            out.push(Case {
                file: file.to_string(),
                name: c["name"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{file}: case without name"))
                    .to_string(),
                method: c["method"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{file}: case without method"))
                    .to_string(),
                now: c["now"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| now.clone()),
                locale: c["locale"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| locale.clone()),
                desk: {
                    let mut d = file_desk.clone();
                    if let (Some(o), Some(extra)) = (d.as_object_mut(), c["desk"].as_object()) {
                        for (k, v) in extra {
                            o.insert(k.clone(), v.clone());
                        }
                    }
                    d
                },
                input: c.get("input").cloned().unwrap_or(Value::Null),
                expect: c.get("expect").cloned(),
                expect_error: c
                    .get("expectError")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            });
        }
    }
    out
}

/// Compare `actual` against the partial `expected`; returns the paths that differ.
pub fn mismatches(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(expected, actual, "$", &mut out);
    out
}

fn codes_of(actual: &Value) -> Vec<Value> {
    actual["findings"]
        .as_array()
        .map(|f| f.iter().map(|x| x["code"].clone()).collect())
        .unwrap_or_default()
}

fn walk(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(_)) => {
            for (k, v) in e {
                match k.as_str() {
                    "findingCodes" => {
                        let got = Value::Array(codes_of(actual));
                        if &got != v {
                            out.push(format!("{path}.findings codes: expected {v}, got {got}"));
                        }
                    }
                    "findingCodesInclude" => {
                        let got = codes_of(actual);
                        for code in v.as_array().into_iter().flatten() {
                            if !got.contains(code) {
                                out.push(format!(
                                    "{path}.findings: expected to include {code}, got {}",
                                    Value::Array(got.clone())
                                ));
                            }
                        }
                    }
                    _ if actual.get(k).is_none()
                        && (k.ends_with("Contains") || k.ends_with("Lacks")) =>
                    {
                        let (field, want) = match k.strip_suffix("Contains") {
                            Some(f) => (f, true),
                            None => (k.strip_suffix("Lacks").unwrap_or(k), false),
                        };
                        let text = actual.get(field).and_then(Value::as_str).unwrap_or("");
                        for part in v.as_array().into_iter().flatten() {
                            let part = part.as_str().unwrap_or("");
                            if text.contains(part) != want {
                                out.push(format!(
                                    "{path}.{field}: expected {} {part:?}, got {text:?}",
                                    if want { "to contain" } else { "not to contain" }
                                ));
                            }
                        }
                    }
                    _ => match actual.get(k) {
                        Some(a) => walk(v, a, &format!("{path}.{k}"), out),
                        None if v.is_null() => {}
                        None => out.push(format!("{path}.{k}: missing (expected {v})")),
                    },
                }
            }
        }
        (Value::Object(e), Value::Array(a))
            if !e.is_empty() && e.keys().all(|k| k.parse::<usize>().is_ok()) =>
        {
            for (k, v) in e {
                match k.parse::<usize>().ok().and_then(|i| a.get(i)) {
                    Some(item) => walk(v, item, &format!("{path}[{k}]"), out),
                    None => out.push(format!("{path}[{k}]: missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: expected {} items, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                walk(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => {}
        _ if expected == actual => {}
        _ => out.push(format!("{path}: expected {expected}, got {actual}")),
    }
}
