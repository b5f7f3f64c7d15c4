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
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("to JS")
}

fn json_of(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).expect("from JS")
}

fn error_code(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"code".into())
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

fn desk(now: &str, locale: &str) -> Result<JsFrontDesk, JsValue> {
    JsFrontDesk::new(js(&json!({ "now": now, "locale": locale })))
}

/// The desk of a fixture case: now, locale and its `desk` options.
fn case_desk(case: &common::Case) -> Result<JsFrontDesk, JsValue> {
    JsFrontDesk::new(js(&common::desk_options(case)))
}

/// Call the binding method that carries `method`'s JS name.
fn dispatch(desk: &JsFrontDesk, method: &str, input: &Value) -> Result<JsValue, JsValue> {
    let arg = js(input);
    match method {
        "validateDocument" => desk.validate_document(arg),
        "precheck" => desk.precheck(arg),
        "precheckForm" => desk.precheck_form(),
        "readTicket" => desk.read_ticket(arg),
        "parseMrz" => desk.parse_mrz(arg),
        "prepareContactUpdate" => desk.prepare_contact_update(arg),
        "saveContactDraft" => desk.save_contact_draft(arg),
        "resumeContactDraft" => desk.resume_contact_draft(arg),
        "contactOptions" => desk.contact_options(),
        "info" => desk.info(),
        "messages" => desk.messages(JsValue::from_str(input.as_str().unwrap_or(""))),
        "listQuestionnaires" => desk.list_questionnaires(),
        "lintQuestionnaire" => desk.lint_questionnaire(arg),
        "runQuestionnaire" => desk.run_questionnaire(arg),
        "questionnaireStart" => desk.questionnaire_start(arg),
        "questionnaireStep" => desk.questionnaire_step(arg),
        "questionnaireView" => desk.questionnaire_view(arg),
        "verifyQuestionnaireRecord" => desk.verify_questionnaire_record(arg),
        "renderScript" => desk.render_script(
            JsValue::from_str(input["id"].as_str().unwrap_or("")),
            input["locale"].as_str().map(str::to_string),
        ),
        "renderSms" => desk.render_sms(arg, None, None),
        "satisfactionSummary" => desk.satisfaction_summary(arg),
        "isWorkingDay" => desk.is_working_day(arg),
        "addWorkingDays" => desk.add_working_days(js(&input["date"]), js(&input["days"])),
        "workingDaysBetween" => desk.working_days_between(js(&input["from"]), js(&input["to"])),
        "callbackPlan" => desk.callback_plan(arg),
        "callbackCase" => desk.callback_case(arg),
        "satisfactionSummary" => desk.satisfaction_summary(arg),
        "qrCode" => desk.qr_code(
            js(&input["text"]),
            input.get("ecc").map(|e| js(&json!({ "ecc": e }))),
        ),
        "listTiers" => desk.list_tiers(),
        "explainTier" => desk.explain_tier(JsValue::from_str(input.as_str().unwrap_or(""))),
        "compareTiers" => desk.compare_tiers(arg),
        "checkTransaction" => desk.check_transaction(arg),
        "requestLimitAdjustment" => desk.request_limit_adjustment(arg),
        "parseAmount" => desk.parse_amount(arg),
        "parseCount" => desk.parse_count(arg),
        "inputLimits" => desk.input_limits(),
        "serviceGuide" => desk.service_guide(arg),
        "whitelistEligibility" => desk.whitelist_eligibility(arg),
        "explainAccountLevel" => desk.explain_account_level(arg),
        "dormantWakeUp" => desk.dormant_wake_up(arg),
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
        let d = match case_desk(case) {
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
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn bad_now_and_locale_throw_coded_errors() {
    let e = desk("yesterday", "en").err().expect("bad now refused");
    assert_eq!(error_code(&e), "argument.invalid");
    let e = desk("2026-11-23T10:00:00+08:00", "fr")
        .err()
        .expect("bad locale refused");
    assert_eq!(error_code(&e), "locale.unsupported");
    let e = JsFrontDesk::new(JsValue::from_str("now"))
        .err()
        .expect("non-object refused");
    assert_eq!(error_code(&e), "argument.invalid");
}

#[wasm_bindgen_test]
fn rule_pack_round_trip_and_bad_pack_names_file_and_field() {
    let bundle = JsFrontDesk::default_rule_pack().expect("default pack");
    let version = JsFrontDesk::validate_rule_pack(bundle.clone()).expect("default pack is valid");
    let mut files = json_of(bundle);
    assert_eq!(files["pack.json"]["version"], json!(version));
    files["documents.json"]["expiringSoonDays"] = json!("soon");
    let e = JsFrontDesk::validate_rule_pack(js(&files))
        .err()
        .expect("bad pack refused");
    assert_eq!(error_code(&e), "rule_pack.invalid");
    let get = |k: &str| {
        js_sys::Reflect::get(&e, &k.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    assert_eq!(get("file").as_deref(), Some("documents.json"));
    assert_eq!(get("path").as_deref(), Some("expiringSoonDays"));
    let e = JsFrontDesk::new(js(
        &json!({ "now": "2026-11-23T10:00:00+08:00", "rulePack": files }),
    ))
    .err()
    .expect("desk refuses it");
    assert_eq!(error_code(&e), "rule_pack.invalid");
}

#[wasm_bindgen_test]
fn versioned_bundles_are_verified_through_the_bindings() {
    // A bundle as `frontdesk-pack bundle` writes it (the library's own envelope of the default pack).
    let files = frontdesk::rulepack::default_files().unwrap();
    let mut envelope = frontdesk::rulepack::bundle::envelope(&files);
    let d = JsFrontDesk::new(js(
        &json!({ "now": "2026-11-23T10:00:00+08:00", "locale": "en", "rulePack": envelope }),
    ))
    .expect("an envelope loads");
    assert_eq!(
        json_of(d.info().unwrap())["rulePackVersion"],
        envelope["version"]
    );
    envelope["files"]["pack.json"]["settings"]["kioskIdleSeconds"] = json!(1800);
    let e = JsFrontDesk::validate_rule_pack(js(&envelope))
        .err()
        .expect("tampered bundle refused");
    assert_eq!(error_code(&e), "rule_pack.digest_mismatch");
    // The shared bundle fixtures (tests/fixtures/packs/bundles.json), as natively.
    let (_, text) = common::FIXTURE_FILES
        .iter()
        .find(|(f, _)| *f == "packs/bundles.json")
        .expect("bundle fixtures");
    let doc: Value = serde_json::from_str(text).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let e = JsFrontDesk::validate_rule_pack(js(&case["bundle"]))
            .err()
            .unwrap_or_else(|| panic!("{} loads", case["name"]));
        assert_eq!(
            error_code(&e),
            case["expectError"]["code"].as_str().unwrap(),
            "{}",
            case["name"]
        );
    }
}

#[wasm_bindgen_test]
fn a_bank_pack_replaces_messages() {
    let mut files = json_of(JsFrontDesk::default_rule_pack().unwrap());
    files["pack.json"]["version"] = json!("bank-7");
    files["messages/documents.json"]["resident_id.checksum"]["en"] =
        json!("Bank wording: check digit wrong.");
    let d = JsFrontDesk::new(js(
        &json!({ "now": "2026-11-23T10:00:00+08:00", "locale": "en", "rulePack": files }),
    ))
    .unwrap();
    let out = json_of(
        d.validate_document(js(
            &json!({ "kind": "cn_resident_id", "number": "110105194912310021" }),
        ))
        .unwrap(),
    );
    assert_eq!(
        out["findings"][0]["message"],
        json!("Bank wording: check digit wrong.")
    );
    assert_eq!(
        json_of(d.info().unwrap())["rulePackVersion"],
        json!("bank-7")
    );
}

#[wasm_bindgen_test]
fn wrong_argument_types_throw_instead_of_corrupting_memory() {
    let mut d = desk("2026-11-23T10:00:00+08:00", "en").unwrap();
    let obj = js(&json!({ "locale": "en" }));
    assert_eq!(
        error_code(&d.set_locale(obj.clone()).unwrap_err()),
        "argument.invalid"
    );
    assert_eq!(
        error_code(&d.set_now(JsValue::from_f64(1.5)).unwrap_err()),
        "argument.invalid"
    );
    assert_eq!(
        error_code(&d.messages(JsValue::NULL).unwrap_err()),
        "argument.invalid"
    );
    assert_eq!(
        error_code(&d.call_method(obj.clone(), Some(JsValue::NULL)).unwrap_err()),
        "argument.invalid"
    );
    assert_eq!(
        error_code(&d.resume_questionnaire(obj, None).err().unwrap()),
        "argument.invalid"
    );
    // The module is still alive and answers.
    assert!(d
        .validate_document(js(
            &json!({ "kind": "cn_resident_id", "number": "11010519491231002X" })
        ))
        .is_ok());
}

#[wasm_bindgen_test]
fn set_locale_and_now() {
    let mut d = desk("2026-11-23T10:00:00+08:00", "en").unwrap();
    let input = js(&json!({ "kind": "cn_resident_id", "number": "110105194912310021" }));
    let en = json_of(d.validate_document(input.clone()).unwrap());
    d.set_locale("zh-CN".into()).unwrap();
    let zh = json_of(d.validate_document(input).unwrap());
    assert_ne!(en["findings"][0]["message"], zh["findings"][0]["message"]);
    assert_eq!(
        error_code(&d.set_now("not a time".into()).unwrap_err()),
        "argument.invalid"
    );
    d.set_now("2030-01-01T00:00:00+08:00".into()).unwrap();
    assert_eq!(json_of(d.info().unwrap())["today"], json!("2030-01-01"));
}

#[wasm_bindgen_test]
fn questionnaire_session_class_saves_resumes_and_finishes() {
    let d = desk("2026-11-23T10:00:00+08:00", "en").unwrap();
    let ctx_json = json!({ "mobileOnFile": "13812345678", "accountRef": "6228480402564890018" });
    let ctx = js(&ctx_json);
    let mut s = d
        .start_questionnaire(
            JsValue::from_str("event_large_transaction"),
            Some(ctx),
            Some(JsValue::from_str("kiosk")),
        )
        .unwrap();
    let v = json_of(s.view().unwrap());
    assert_eq!(v["page"]["id"], json!("transaction"));
    assert_eq!(v["channel"], json!("kiosk"));
    let v = json_of(s.answer("txn_mine".into(), JsValue::FALSE).unwrap());
    let ids: Vec<&str> = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "txn_mine",
            "txn_not_me_notice",
            "card_with_me",
            "code_shared"
        ]
    );
    let v = json_of(s.next().unwrap());
    assert_eq!(
        v["page"]["id"],
        json!("transaction"),
        "incomplete page stays"
    );
    assert_eq!(
        v["questions"][1]["findings"][0]["code"],
        json!("questionnaire.answer.acknowledge")
    );
    // Save, resume in a new session object: same view.
    let saved = s.save();
    let mut r = d.resume_questionnaire(saved.clone().into(), None).unwrap();
    assert_eq!(json_of(r.view().unwrap()), v);
    // A draft for the customer's device holds the answers, not the numbers on file; resumed with
    // the host's context it gives the same view.
    let draft = s.save_draft();
    assert!(
        !draft.contains("6228480402564890018"),
        "no account number in a draft"
    );
    assert!(draft.contains("\"txn_mine\":false"), "answers kept");
    let again = d
        .resume_questionnaire(draft.clone().into(), Some(js(&ctx_json)))
        .unwrap();
    assert_eq!(json_of(again.view().unwrap()), v);
    for (q, val) in [
        ("txn_not_me_notice", true),
        ("card_with_me", true),
        ("code_shared", false),
    ] {
        r.answer((*q).into(), JsValue::from_bool(val)).unwrap();
    }
    let v = json_of(r.next().unwrap());
    assert_eq!(v["page"]["id"], json!("safety"));
    r.answer("notice_codes".into(), JsValue::TRUE).unwrap();
    r.answer("notice_no_renting".into(), JsValue::TRUE).unwrap();
    let out = json_of(r.finish().unwrap());
    assert_eq!(out["followUps"][0]["action"], json!("fraud_report"));
    assert_eq!(out["followUps"][0]["priority"], json!("urgent"));
    assert_eq!(out["record"]["accountRef"], json!("622848*********0018"));
    let ok = json_of(d.verify_questionnaire_record(js(&out["record"])).unwrap());
    assert_eq!(ok["valid"], json!(true));
    // Tampered and truncated states throw coded errors.
    let bad = saved.replace("\"txn_mine\":false", "\"txn_mine\":true");
    assert_eq!(
        error_code(
            &d.resume_questionnaire(bad.clone().into(), None)
                .err()
                .unwrap()
        ),
        "questionnaire.state_tampered"
    );
    assert_eq!(
        error_code(
            &d.resume_questionnaire(saved[..40].into(), None)
                .err()
                .unwrap()
        ),
        "questionnaire.state_corrupt"
    );
    // A custom definition object is linted first.
    let e = d
        .start_questionnaire(js(&json!({ "id": "x" })), None, None)
        .err()
        .unwrap();
    assert_eq!(error_code(&e), "questionnaire.invalid");
}

#[wasm_bindgen_test]
fn contact_draft_round_trip_and_same_key_twice() {
    // Idempotency keys need the host's key (issue 15 item 16): a desk nonce.
    let d = JsFrontDesk::new(js(
        &json!({ "now": "2026-11-23T10:00:00+08:00", "locale": "en",
        "deskNonce": "AAECAwQFBgcICQoLDA0ODw==" }),
    ))
    .unwrap();
    let input = json!({ "channel": "in_app", "oldMobileReachable": true,
        "current": { "mobile": "13800001234" }, "proposed": { "mobile": "13900005678" } });
    let saved = d
        .save_contact_draft(js(&input))
        .unwrap()
        .as_string()
        .expect("a string");
    assert_eq!(
        json_of(d.resume_contact_draft(JsValue::from_str(&saved)).unwrap()),
        input
    );
    let cut = &saved[..saved.len() - 10];
    assert_eq!(
        error_code(&d.resume_contact_draft(JsValue::from_str(cut)).unwrap_err()),
        "contact_draft.corrupt"
    );
    let a = json_of(d.prepare_contact_update(js(&input)).unwrap());
    let b = json_of(d.prepare_contact_update(js(&input)).unwrap());
    assert_eq!(
        a["request"]["idempotencyKey"],
        b["request"]["idempotencyKey"]
    );
    // h1. + 26 base32 characters of HMAC-SHA256 (was 20 of an unkeyed SHA-256).
    assert_eq!(
        a["request"]["idempotencyKey"].as_str().map(str::len),
        Some(29)
    );
    assert!(a["request"]["idempotencyKey"]
        .as_str()
        .is_some_and(|k| k.starts_with("h1.")));
}
