//! Native tests of the questionnaire capability beyond the shared fixtures: bundled definitions lint
//! clean (their JSON Schema is tested in pack-cli/tests/schemas.rs), save/resume at every step gives identical
//! records, tampered and truncated states are refused, a pack with a bad definition is refused.
#![cfg(feature = "questionnaire")]

use frontdesk::questionnaire::engine::{Channel, Session};
use frontdesk::questionnaire::CallbackContext;
use frontdesk::{api, FrontDesk, Locale, RulePack};
use serde_json::{json, Value};

const NOW: &str = "2026-11-23T10:00:00+08:00";

fn desk(locale: Locale) -> FrontDesk {
    FrontDesk::with_default_pack(NOW, locale).unwrap()
}

fn bundled_files() -> Vec<(String, Value)> {
    frontdesk::rulepack::default_files()
        .unwrap()
        .into_iter()
        .filter(|(k, _)| k.starts_with("questionnaires/"))
        .collect()
}

#[test]
fn bundled_definitions_lint_clean() {
    // Their conformance to pkg-config/schema/questionnaire.schema.json, and the schema's agreement
    // with the linter on mistakes, are tested with a real JSON Schema validator in
    // pack-cli/tests/schemas.rs.
    let d = desk(Locale::En);
    let files = bundled_files();
    let ids: Vec<String> = files
        .iter()
        .map(|(_, v)| v["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "business_event_info_change",
            "business_event_transaction",
            "business_new_account",
            "business_periodic",
            "dormant_wake_up",
            "event_complaint",
            "event_info_change",
            "event_large_transaction",
            "new_account",
            "periodic",
            "satisfaction",
            "second_contact"
        ]
    );
    for (file, def) in &files {
        let lint = api::call(&d, "lintQuestionnaire", def).unwrap();
        assert_eq!(lint["valid"], json!(true), "{file}: {lint}");
        assert_eq!(lint["findings"], json!([]), "{file}: lint clean");
    }
}

#[test]
fn a_pack_with_a_lint_error_is_refused_naming_file_and_path() {
    let mut files = frontdesk::rulepack::default_files().unwrap();
    let def = files.get_mut("questionnaires/periodic.json").unwrap();
    def["pages"][0]["questions"][1]["visibleIf"] = json!("mobile_same == 'maybe'");
    let e = RulePack::from_files(&files).unwrap_err();
    assert_eq!(e.code, "rule_pack.invalid");
    assert_eq!(e.file.as_deref(), Some("questionnaires/periodic.json"));
    assert_eq!(e.path.as_deref(), Some("pages[0].questions[1].visibleIf"));
    assert!(
        e.message.contains("questionnaire.lint.type_mismatch"),
        "{e}"
    );

    let mut files = frontdesk::rulepack::default_files().unwrap();
    let def = files.get_mut("questionnaires/periodic.json").unwrap();
    def["pages"][0]["questions"][1]["visibleIf"] =
        json!("mobile_same == false and mobile_same == true");
    let e = RulePack::from_files(&files).unwrap_err();
    assert!(e.message.contains("questionnaire.lint.never_true"), "{e}");

    let mut files = frontdesk::rulepack::default_files().unwrap();
    let v = files.remove("questionnaires/periodic.json").unwrap();
    files.insert("questionnaires/other.json".into(), v);
    let e = RulePack::from_files(&files).unwrap_err();
    assert_eq!(
        (e.file.as_deref(), e.path.as_deref()),
        (Some("questionnaires/other.json"), Some("id"))
    );
}

fn ctx() -> CallbackContext {
    CallbackContext::from_json(&json!({
        "customerRef": "C0012345678", "accountRef": "6228480402564890018", "accountType": "class_i",
        "mobileOnFile": "13812345678", "transactionAmountFen": 5_000_000, "transactionDate": "2026-11-20"
    }))
    .unwrap()
}

/// Answer every shown question from `answers` page by page, saving and resuming after every step
/// when `roundtrip`; returns the finished result as JSON.
fn walk(d: &FrontDesk, id: &str, answers: &Value, roundtrip: bool) -> Value {
    let def = d
        .pack()
        .questionnaires()
        .definitions
        .get(id)
        .unwrap()
        .clone();
    let mut s = d.questionnaire_start(def, ctx(), Channel::Kiosk).unwrap();
    let cycle = |s: Session| -> Session {
        if !roundtrip {
            return s;
        }
        let saved = s.save();
        let before = d.questionnaire_view(&s).unwrap();
        let r = d.questionnaire_resume(&saved, &Value::Null).unwrap();
        assert_eq!(
            d.questionnaire_view(&r).unwrap(),
            before,
            "resume changes the view"
        );
        assert_eq!(r, s, "resume loses state");
        r
    };
    for _ in 0..20 {
        // Answering may reveal further questions on the same page: repeat until nothing is new.
        loop {
            let view = d.questionnaire_view(&s).unwrap();
            let todo: Vec<(String, Value)> = view
                .questions
                .iter()
                .filter(|q| q.value.is_null())
                .filter_map(|q| answers.get(&q.id).map(|v| (q.id.clone(), v.clone())))
                .collect();
            if todo.is_empty() {
                break;
            }
            for (q, v) in todo {
                d.questionnaire_answer(&mut s, &q, v).unwrap();
                s = cycle(s);
            }
        }
        let moved = d.questionnaire_next(&mut s).unwrap();
        s = cycle(s);
        if !moved {
            let v = d.questionnaire_view(&s).unwrap();
            assert!(
                v.can_finish,
                "stuck on page {}: {:?}",
                v.page.id, v.questions
            );
            let out = d.questionnaire_finish(&s).unwrap();
            return frontdesk::jsonout::to_value(&out);
        }
    }
    panic!("did not finish");
}

#[test]
fn save_at_every_step_then_resume_gives_identical_records() {
    let d = desk(Locale::ZhCn);
    let runs = [
        (
            "new_account",
            json!({ "opened_by_me": true, "account_purpose": "other", "account_purpose_other": "房租收款", "opening_experience": 4,
            "mobile_same": false, "new_mobile": "139 1234 5678", "address_changed": true,
            "new_address": { "province": "北京市", "city": "北京市", "district": "海淀区", "detail": "中关村大街1号", "postcode": "100080" },
            "email_status": "none", "id_long_term": false, "id_expiry": "2026-12-01", "id_update_notice": true,
            "mb_activated": false, "mb_help": true, "notice_codes": true, "notice_no_renting": true, "others_asked": false,
            "satisfaction": 2, "satisfaction_reason": "排队太久", "product_consent": false }),
        ),
        (
            "event_large_transaction",
            json!({ "txn_mine": false, "txn_not_me_notice": true, "card_with_me": true, "code_shared": true,
            "notice_codes": true, "notice_no_renting": true }),
        ),
        (
            "periodic",
            json!({ "mobile_same": true, "address_changed": false, "email_status": "changed", "new_email": "li.si@example.com",
            "id_long_term": true, "still_used": true, "unrecognised_txn": false, "mb_features": ["transfer", "statements"],
            "notice_codes": true, "notice_no_renting": true, "others_asked": false, "satisfaction": 5, "product_consent": true,
            "product_interest": ["deposits"] }),
        ),
    ];
    for (id, answers) in runs {
        let plain = walk(&d, id, &answers, false);
        let round = walk(&d, id, &answers, true);
        assert_eq!(plain, round, "{id}");
        let rec = &plain["record"];
        assert!(
            frontdesk::questionnaire::engine::verify_record(rec).unwrap(),
            "{id}: checksum"
        );
        assert_eq!(rec["channel"], json!("kiosk"));
        assert_eq!(rec["accountRef"], json!("622848*********0018"));
        // Issue 15 item 2 (AML Law Art. 34): the rule, not a date ending while the account is open.
        assert_eq!(
            rec["retention"]["rules"][0]["from"],
            json!("relationship_end")
        );
        assert_eq!(rec["retention"]["rules"][0]["minYears"], json!(10));
        assert_eq!(rec["retention"]["retainAtLeastUntil"], json!(null));
        assert!(rec.get("retainUntil").is_none());
        let text = rec.to_string();
        for personal in [
            "13912345678",
            "139 1234 5678",
            "li.si@",
            "中关村大街",
            "C0012345678",
            "6228480402564890018",
        ] {
            assert!(!text.contains(personal), "{id}: record leaks {personal}");
        }
    }
}

#[test]
fn tampered_truncated_and_foreign_states_are_refused() {
    let d = desk(Locale::En);
    let def = d
        .pack()
        .questionnaires()
        .definitions
        .get("periodic")
        .unwrap()
        .clone();
    let mut s = d.questionnaire_start(def, ctx(), Channel::InApp).unwrap();
    d.questionnaire_answer(&mut s, "mobile_same", json!(true))
        .unwrap();
    let saved = s.save();
    assert!(d.questionnaire_resume(&saved, &Value::Null).is_ok());
    let code = |text: &str| {
        d.questionnaire_resume(text, &Value::Null)
            .unwrap_err()
            .code
            .clone()
    };
    assert_eq!(
        code(&saved.replace("\"mobile_same\":true", "\"mobile_same\":false")),
        "questionnaire.state_tampered"
    );
    assert_eq!(
        code(&saved[..saved.len() / 2]),
        "questionnaire.state_corrupt"
    );
    assert_eq!(code(""), "questionnaire.state_corrupt");
    assert_eq!(code(&"x".repeat(70_000)), "questionnaire.state_corrupt");
    // A state from another version of the definition, re-checksummed so only the version differs.
    let mut other = s.clone();
    other.state.version = "2020.1.1".into();
    assert_eq!(code(&other.save()), "questionnaire.state_version");
}

#[test]
fn hidden_answers_are_dropped_and_named_in_the_record() {
    let d = desk(Locale::En);
    let def = d
        .pack()
        .questionnaires()
        .definitions
        .get("periodic")
        .unwrap()
        .clone();
    let mut s = d.questionnaire_start(def, ctx(), Channel::InApp).unwrap();
    d.questionnaire_answer(&mut s, "mobile_same", json!(false))
        .unwrap();
    d.questionnaire_answer(&mut s, "new_mobile", json!("13912345678"))
        .unwrap();
    d.questionnaire_answer(&mut s, "mobile_same", json!(true))
        .unwrap();
    assert!(d
        .questionnaire_view(&s)
        .unwrap()
        .questions
        .iter()
        .all(|q| q.id != "new_mobile"));
    for (q, v) in [
        ("address_changed", json!(false)),
        ("email_status", json!("none")),
    ] {
        d.questionnaire_answer(&mut s, q, v).unwrap();
    }
    assert!(d.questionnaire_next(&mut s).unwrap());
    {
        let (q, v) = ("id_long_term", json!(true));
        d.questionnaire_answer(&mut s, q, v).unwrap();
    }
    assert!(d.questionnaire_next(&mut s).unwrap());
    for (q, v) in [
        ("still_used", json!(false)),
        ("unrecognised_txn", json!(true)),
    ] {
        d.questionnaire_answer(&mut s, q, v).unwrap();
    }
    assert!(d.questionnaire_next(&mut s).unwrap());
    for (q, v) in [
        ("notice_codes", json!(true)),
        ("notice_no_renting", json!(true)),
        ("others_asked", json!(false)),
    ] {
        d.questionnaire_answer(&mut s, q, v).unwrap();
    }
    assert!(d.questionnaire_next(&mut s).unwrap());
    for (q, v) in [
        ("satisfaction", json!(4)),
        ("product_consent", json!(false)),
    ] {
        d.questionnaire_answer(&mut s, q, v).unwrap();
    }
    let out = frontdesk::jsonout::to_value(&d.questionnaire_finish(&s).unwrap());
    assert_eq!(out["record"]["droppedAnswers"], json!(["new_mobile"]));
    assert_eq!(out["followUps"][0]["action"], json!("fraud_report"));
    assert_eq!(out["followUps"][0]["priority"], json!("urgent"));
    assert_eq!(out["followUps"][0]["showNow"], json!(true));
    assert!(out["followUps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["action"] != json!("contact_update")));
}

#[test]
fn scripts_and_sms_for_every_bundled_questionnaire() {
    for locale in Locale::ALL {
        let d = desk(locale);
        for id in d.pack().questionnaires().definitions.keys() {
            let script = api::call(&d, "renderScript", &json!({ "id": id })).unwrap();
            assert!(script["lines"].as_array().unwrap().len() >= 5, "{id}");
            let sms = api::call(&d, "renderSms", &json!({ "id": id })).unwrap();
            assert_eq!(sms["withinLimit"], json!(true), "{id} {locale:?}: {sms}");
            assert!(sms["segments"].as_u64().unwrap() >= 1);
        }
    }
}
