//! Personal data never leaks: every shared fixture goes through its method, and every message,
//! finding, record, ticket, script and error string that comes back is scanned for the unmasked ID
//! numbers, mobile numbers, e-mail addresses and names the input carried. They may appear only in
//! the fields where the caller's own value is handed back on purpose (listed per method below).

mod common;

use frontdesk::{api, FrontDesk, Locale};
use serde_json::{json, Value};

/// Input keys whose string values are personal data.
const SENSITIVE_KEYS: &[&str] = &[
    "number",
    "mobile",
    "landline",
    "email",
    "name",
    "idNumber",
    "surname",
    "givenNames",
    "detail",
    "text",
    // Questionnaire context and answers, pre-check free text, other holder/guardian spellings.
    "mobileOnFile",
    "emailOnFile",
    "accountRef",
    "customerRef",
    "new_mobile",
    "new_email",
    "value",
    "purposeText",
    "holderName",
    "guardianName",
    "guardianIdNumber",
    "idNo",
    "phone",
    "address",
    // Callback agents' ids (工号): never in an output, shown masked.
    "agentId",
];

/// Output paths (dotted, `*` for any array index or key; `$` the whole output) where the caller's own
/// value is handed back.
fn echo_allowed(method: &str) -> &'static [&'static str] {
    match method {
        "validateDocument" => &["normalized", "fields.national", "fields.lifetimeNumber"],
        // The customer's own answers shown back on their screen, and their new details handed to
        // the contact-update flow (records keep them masked).
        "runQuestionnaire" => &["followUps.*.prefill", "view.questions.*.value"],
        "questionnaireStep" => &[
            "saved",
            "view.questions.*.value",
            "result.followUps.*.prefill",
        ],
        "questionnaireStart" => &["saved", "view.questions.*.value"],
        "questionnaireView" => &["questions.*.value"],
        // The request carries the caller's proposed values for the server; everything shown is masked.
        "prepareContactUpdate" => &["request.proposed"],
        // The saved draft is the caller's own input handed back.
        "saveContactDraft" => &["$"],
        // The number typed, read back as a number (its findings carry no typed value).
        "parseAmount" => &["fen", "display"],
        "parseCount" => &["value"],
        // Dimension ids are the pack's (products … attitude); a survey's "which areas" answer uses
        // the same words as option values, which the scan would otherwise count as typed input.
        "satisfactionSummary" => &["dimensions.*.id"],
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
            let compact: String = s
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect();
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
    let Some((head, rest)) = path.split_first() else {
        return;
    };
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

/// `method` on `input`: the output with the allowed echo paths removed, or the error string.
fn shown(desk: &FrontDesk, method: &str, input: &Value) -> (String, Option<Value>) {
    match api::call(desk, method, input) {
        Ok(out) => {
            let mut shown = out.clone();
            for p in echo_allowed(method) {
                if *p == "$" {
                    shown = Value::Null;
                }
                strip(&mut shown, &p.split('.').collect::<Vec<_>>());
            }
            (serde_json::to_string(&shown).unwrap(), Some(out))
        }
        Err(e) => (format!("{e} {e:?}"), None),
    }
}

fn scan(sensitive: &[String], text: &str, label: &str, leaks: &mut Vec<String>) {
    for s in sensitive {
        if text.contains(s.as_str()) {
            leaks.push(format!(
                "{label}: output contains an input value ({} chars)",
                s.chars().count()
            ));
        }
    }
}

/// Every fixture input goes through its own method and through every other public method (so
/// error strings of mistyped arguments are scanned too), and the outputs that are read back —
/// tickets (`readTicket`), saved questionnaire states (`questionnaireView`), callback records
/// (`verifyQuestionnaireRecord`) — are followed one step further.
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
        let Ok(desk) =
            Locale::parse(&case.locale).and_then(|l| FrontDesk::with_default_pack(&case.now, l))
        else {
            continue;
        };
        for method in api::METHODS {
            let label = format!("{} :: {} via {method}", case.file, case.name);
            scanned += 1;
            let (text, out) = shown(&desk, method, &case.input);
            scan(&sensitive, &text, &label, &mut leaks);
            let Some(out) = out else { continue };
            let mut follow = Vec::new();
            if let Some(code) = out["ticket"]["code"].as_str() {
                follow.push(("readTicket", json!(code)));
            }
            if let Some(saved) = out["saved"].as_str() {
                follow.push(("questionnaireView", json!({ "saved": saved })));
            }
            if out["record"].is_object() {
                follow.push(("verifyQuestionnaireRecord", out["record"].clone()));
            }
            for (m, input) in follow {
                let (text, _) = shown(&desk, m, &input);
                scan(&sensitive, &text, &format!("{label} then {m}"), &mut leaks);
            }
        }
    }
    assert!(scanned > 0, "no fixture carried personal data to scan");
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "personal data leaked:\n{}",
        leaks.join("\n")
    );
}

/// Scripts and SMS texts of every bundled questionnaire, in both locales, and the message
/// catalogs: none carries any personal value of the whole corpus.
#[test]
fn scripts_and_catalogs_carry_no_personal_data() {
    let mut sensitive = Vec::new();
    for case in common::cases() {
        collect_sensitive(&case.input, None, &mut sensitive);
    }
    sensitive.sort();
    sensitive.dedup();
    // Values that are also ordinary words or sample digits of the catalog (a fixture's "Demo Road 1",
    // "12345678", a purpose like "领取养老金") are not a customer's data; scanned here are numbers of
    // 11+ digits (mobiles, ID and account numbers), e-mail addresses and CJK names (2–4 characters).
    sensitive.retain(|s| {
        let cjk = s.chars().all(|c| (c as u32) >= 0x3400);
        s.contains('@')
            || (s.len() >= 11 && s.chars().all(|c| c.is_ascii_digit()))
            || (cjk && (2..=4).contains(&s.chars().count()))
    });
    assert!(sensitive.len() > 20);
    let mut leaks = Vec::new();
    for locale in ["zh-CN", "en"] {
        let desk = FrontDesk::with_default_pack(
            "2026-11-23T10:00:00+08:00",
            Locale::parse(locale).unwrap(),
        )
        .unwrap();
        let mut texts = vec![(
            "messages".to_string(),
            api::call(&desk, "messages", &json!(""))
                .unwrap()
                .to_string(),
        )];
        // A lean build without questionnaires has no scripts to scan (`listQuestionnaires` unknown).
        let listed =
            api::call(&desk, "listQuestionnaires", &Value::Null).unwrap_or_else(|_| json!([]));
        for q in listed.as_array().unwrap() {
            let id = q["id"].as_str().unwrap();
            for m in ["renderScript", "renderSms"] {
                let out = api::call(&desk, m, &json!({ "id": id, "locale": locale }))
                    .map(|v| v.to_string())
                    .unwrap_or_else(|e| e.to_string());
                texts.push((format!("{m} {id}"), out));
            }
        }
        for (label, text) in texts {
            scan(&sensitive, &text, &format!("{locale} {label}"), &mut leaks);
        }
    }
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "personal data in scripts or catalogs:\n{}",
        leaks.join("\n")
    );
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

/// A customer's number, phone or name used as an unknown *key* of an argument (a mis-built form)
/// must not come back in the error either: every fixture input that is an object gets such keys,
/// at the top and one level down, and each method's error is scanned.
#[test]
fn unknown_keys_that_are_personal_data_stay_out_of_errors() {
    let keys = [
        "11010519491231002X",
        "13800138000",
        "张三丰",
        "someone@example.com",
        "E12345678",
    ];
    let sensitive: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let mut leaks = Vec::new();
    let mut refused = 0;
    for case in common::cases() {
        let Value::Object(top) = &case.input else {
            continue;
        };
        let Ok(desk) =
            Locale::parse(&case.locale).and_then(|l| FrontDesk::with_default_pack(&case.now, l))
        else {
            continue;
        };
        let mut inputs = Vec::new();
        for k in keys {
            let mut at_top = top.clone();
            at_top.insert(k.to_string(), json!(1));
            inputs.push(Value::Object(at_top));
            // One level down: into the first member that is an object.
            if let Some((name, Value::Object(inner))) = top.iter().find(|(_, v)| v.is_object()) {
                let mut inner = inner.clone();
                inner.insert(k.to_string(), json!(1));
                let mut nested = top.clone();
                nested.insert(name.clone(), Value::Object(inner));
                inputs.push(Value::Object(nested));
            }
        }
        for input in inputs {
            if let Err(e) = api::call(&desk, &case.method, &input) {
                refused += 1;
                scan(
                    &sensitive,
                    &e.to_string(),
                    &format!("{} {}", case.method, case.name),
                    &mut leaks,
                );
            }
        }
    }
    assert!(
        refused > 100,
        "the extra keys should be refused (got {refused} errors)"
    );
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "personal data in error strings:\n{}",
        leaks.join("\n")
    );
}
