//! Personal data never leaks: every shared fixture goes through its method, and every message,
//! finding, record, ticket, script and error string that comes back is scanned for the unmasked ID
//! numbers, mobile numbers, e-mail addresses and names the input carried. They may appear only in
//! the fields where the caller's own value is handed back on purpose (listed per method below).

mod common;

use frontdesk::{api, FrontDesk, Locale};
use serde_json::Value;

/// Input keys whose string values are personal data.
const SENSITIVE_KEYS: &[&str] = &[
    "number", "mobile", "landline", "email", "name", "idNumber", "surname", "givenNames", "detail", "text",
];

/// Output paths (dotted, `*` for any array index or key) where the caller's own value is handed back.
fn echo_allowed(method: &str) -> &'static [&'static str] {
    match method {
        "validateDocument" => &["normalized", "fields.national", "fields.lifetimeNumber"],
        _ => &[],
    }
}

fn collect_sensitive(v: &Value, key: Option<&str>, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                collect_sensitive(v, Some(k), out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_sensitive(x, key, out)),
        Value::String(s) if key.is_some_and(|k| SENSITIVE_KEYS.contains(&k)) => {
            let compact: String = s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
            let upper = compact.to_uppercase();
            let digits: String = compact.chars().filter(char::is_ascii_digit).collect();
            // Short values (a 1-char name, "x") would match everywhere: only scan for ≥ 2 CJK
            // characters or ≥ 6 other characters, and for runs of ≥ 7 digits.
            let cjk = compact.chars().filter(|c| (*c as u32) >= 0x3400).count();
            if cjk >= 2 || compact.chars().count() >= 6 {
                out.push(upper.clone());
                out.push(compact.clone());
            }
            if digits.len() >= 7 {
                out.push(digits.clone());
                if digits.len() == 13 && digits.starts_with("86") {
                    out.push(digits[2..].to_string());
                }
            }
        }
        _ => {}
    }
}

/// Remove the allowed echo paths from `v`.
fn strip(v: &mut Value, path: &[&str]) {
    let Some((head, rest)) = path.split_first() else { return };
    match v {
        Value::Object(m) => {
            if rest.is_empty() {
                if *head == "*" {
                    m.clear();
                } else {
                    m.remove(*head);
                }
            } else if *head == "*" {
                m.values_mut().for_each(|x| strip(x, rest));
            } else if let Some(x) = m.get_mut(*head) {
                strip(x, rest);
            }
        }
        Value::Array(a) if *head == "*" => a.iter_mut().for_each(|x| strip(x, rest)),
        _ => {}
    }
}

#[test]
fn no_personal_data_in_any_output() {
    let mut leaks = Vec::new();
    let mut scanned = 0;
    for case in common::cases() {
        let mut sensitive = Vec::new();
        collect_sensitive(&case.input, None, &mut sensitive);
        sensitive.sort();
        sensitive.dedup();
        if sensitive.is_empty() {
            continue;
        }
        let Ok(desk) = Locale::parse(&case.locale).and_then(|l| FrontDesk::with_default_pack(&case.now, l)) else {
            continue;
        };
        scanned += 1;
        let text = match api::call(&desk, &case.method, &case.input) {
            Ok(mut out) => {
                for p in echo_allowed(&case.method) {
                    strip(&mut out, &p.split('.').collect::<Vec<_>>());
                }
                serde_json::to_string(&out).unwrap()
            }
            Err(e) => e.to_string(),
        };
        for s in &sensitive {
            if text.contains(s.as_str()) {
                leaks.push(format!("{} :: {}: output contains an input value ({} chars)", case.file, case.name, s.chars().count()));
            }
        }
    }
    assert!(scanned > 0, "no fixture carried personal data to scan");
    leaks.dedup();
    assert!(leaks.is_empty(), "personal data leaked:\n{}", leaks.join("\n"));
}

#[test]
fn the_scan_detects_a_leak() {
    // Self-check of the scanner: an output that repeats the input's number must be caught.
    let input = serde_json::json!({ "kind": "cn_resident_id", "number": "11010519491231002X" });
    let mut sensitive = Vec::new();
    collect_sensitive(&input, None, &mut sensitive);
    let mut out = serde_json::json!({ "normalized": "11010519491231002X", "findings": [{ "message": "bad 11010519491231002X" }] });
    strip(&mut out, &["normalized"]);
    let text = out.to_string();
    assert!(sensitive.iter().any(|s| text.contains(s.as_str())));
    strip(&mut out, &["findings", "*", "message"]);
    let text = out.to_string();
    assert!(!sensitive.iter().any(|s| text.contains(s.as_str())));
}
