//! WASM layer: the bindings, run by wasm-bindgen-test in Node and (with WASM_BINDGEN_USE_BROWSER=1)
//! in headless Chromium. Every shared fixture goes through the JS-facing methods, so conversion of
//! inputs, outputs and errors is tested against the same expectations as the native layer.
#![cfg(target_arch = "wasm32")]

mod common;

use frontdesk::bindings::JsFrontDesk;
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn js(v: &Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).expect("to JS")
}

fn json_of(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).expect("from JS")
}

fn error_code(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"code".into()).ok().and_then(|c| c.as_string()).unwrap_or_else(|| format!("{e:?}"))
}

fn desk(now: &str, locale: &str) -> Result<JsFrontDesk, JsValue> {
    JsFrontDesk::new(js(&json!({ "now": now, "locale": locale })))
}

/// Call the binding method that carries `method`'s JS name.
fn dispatch(desk: &JsFrontDesk, method: &str, input: &Value) -> Result<JsValue, JsValue> {
    let arg = js(input);
    match method {
        "validateDocument" => desk.validate_document(arg),
        "info" => desk.info(),
        "listTiers" => desk.list_tiers(),
        "explainTier" => desk.explain_tier(input.as_str().unwrap_or("")),
        "compareTiers" => desk.compare_tiers(arg),
        "checkTransaction" => desk.check_transaction(arg),
        "requestLimitAdjustment" => desk.request_limit_adjustment(arg),
        "messages" => desk.messages(input.as_str().unwrap_or("")),
        other => panic!("tests/wasm.rs has no binding for method {other}: add it to dispatch()"),
    }
}

#[wasm_bindgen_test]
fn every_fixture_case_through_the_bindings() {
    let cases = common::cases();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        let label = format!("{} :: {}", case.file, case.name);
        let d = match desk(&case.now, &case.locale) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{label}: desk: {}", error_code(&e)));
                continue;
            }
        };
        match (dispatch(&d, &case.method, &case.input), &case.expect_error) {
            (Ok(v), None) => {
                if let Some(exp) = &case.expect {
                    for m in common::mismatches(exp, &json_of(v)) {
                        failures.push(format!("{label}: {m}"));
                    }
                }
            }
            (Ok(_), Some(code)) => failures.push(format!("{label}: expected error {code}")),
            (Err(e), Some(code)) if &error_code(&e) == code => {}
            (Err(e), _) => failures.push(format!("{label}: unexpected error {}", error_code(&e))),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[wasm_bindgen_test]
fn bad_now_and_locale_throw_coded_errors() {
    let e = desk("yesterday", "en").err().expect("bad now refused");
    assert_eq!(error_code(&e), "argument.invalid");
    let e = desk("2026-11-23T10:00:00+08:00", "fr").err().expect("bad locale refused");
    assert_eq!(error_code(&e), "locale.unsupported");
    let e = JsFrontDesk::new(JsValue::from_str("now")).err().expect("non-object refused");
    assert_eq!(error_code(&e), "argument.invalid");
}

#[wasm_bindgen_test]
fn rule_pack_round_trip_and_bad_pack_names_file_and_field() {
    let bundle = JsFrontDesk::default_rule_pack().expect("default pack");
    let version = JsFrontDesk::validate_rule_pack(bundle.clone()).expect("default pack is valid");
    let mut files = json_of(bundle);
    assert_eq!(files["pack.json"]["version"], json!(version));
    files["documents.json"]["expiringSoonDays"] = json!("soon");
    let e = JsFrontDesk::validate_rule_pack(js(&files)).err().expect("bad pack refused");
    assert_eq!(error_code(&e), "rule_pack.invalid");
    let get = |k: &str| js_sys::Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_string());
    assert_eq!(get("file").as_deref(), Some("documents.json"));
    assert_eq!(get("path").as_deref(), Some("expiringSoonDays"));
    let e = JsFrontDesk::new(js(&json!({ "now": "2026-11-23T10:00:00+08:00", "rulePack": files }))).err().expect("desk refuses it");
    assert_eq!(error_code(&e), "rule_pack.invalid");
}

#[wasm_bindgen_test]
fn a_bank_pack_replaces_messages() {
    let mut files = json_of(JsFrontDesk::default_rule_pack().unwrap());
    files["pack.json"]["version"] = json!("bank-7");
    files["messages/documents.json"]["resident_id.checksum"]["en"] = json!("Bank wording: check digit wrong.");
    let d = JsFrontDesk::new(js(&json!({ "now": "2026-11-23T10:00:00+08:00", "locale": "en", "rulePack": files }))).unwrap();
    let out = json_of(d.validate_document(js(&json!({ "kind": "cn_resident_id", "number": "110105194912310021" }))).unwrap());
    assert_eq!(out["findings"][0]["message"], json!("Bank wording: check digit wrong."));
    assert_eq!(json_of(d.info().unwrap())["rulePackVersion"], json!("bank-7"));
}

#[wasm_bindgen_test]
fn set_locale_and_now() {
    let mut d = desk("2026-11-23T10:00:00+08:00", "en").unwrap();
    let input = js(&json!({ "kind": "cn_resident_id", "number": "110105194912310021" }));
    let en = json_of(d.validate_document(input.clone()).unwrap());
    d.set_locale("zh-CN").unwrap();
    let zh = json_of(d.validate_document(input).unwrap());
    assert_ne!(en["findings"][0]["message"], zh["findings"][0]["message"]);
    assert_eq!(error_code(&d.set_now("not a time").unwrap_err()), "argument.invalid");
    d.set_now("2030-01-01T00:00:00+08:00").unwrap();
    assert_eq!(json_of(d.info().unwrap())["today"], json!("2030-01-01"));
}
