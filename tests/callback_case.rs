//! `callbackCase` (issue 16 §1.4, §1.6, fixtures §1.10 "callbackCase"): the agent's record of one
//! callback through `api::call`, with real questionnaire records from `runQuestionnaire`.
#![cfg(all(feature = "callbacks", feature = "questionnaire"))]

use frontdesk::{api, FrontDesk, Locale};
use serde_json::{json, Value};

fn desk(now: &str) -> FrontDesk {
    FrontDesk::with_default_pack(now, Locale::ZhCn).unwrap()
}

fn call(d: &FrontDesk, input: Value) -> Result<Value, frontdesk::Error> {
    api::call(d, "callbackCase", &input)
}

fn open() -> Value {
    json!({ "ref": "B-0042", "customerRef": "C-77", "trigger": "periodic", "questionnaire": "periodic", "segment": "business" })
}

/// A periodic run by phone with a satisfaction answer: the record `finish()` produced.
fn record(d: &FrontDesk, satisfaction: u32) -> Value {
    let run = api::call(d, "runQuestionnaire", &json!({ "id": "periodic", "channel": "in_app",
        "context": { "customerRef": "C-77", "accountType": "business_basic" },
        "answers": { "mobile_same": true, "address_changed": false, "email_status": "none", "id_long_term": true,
                     "still_used": true, "unrecognised_txn": false, "mb_features": ["transfer"], "notice_codes": true,
                     "notice_no_renting": true, "others_asked": false, "satisfaction": satisfaction,
                     "satisfaction_reason": "排队时间太长", "product_consent": false } })).unwrap();
    assert_eq!(run["complete"], true, "{run}");
    run["record"].clone()
}

#[test]
fn attempts_keep_the_agent_masked_and_say_what_next() {
    let d = desk("2026-11-23T10:00:00+08:00");
    let r = call(&d, json!({ "open": open(), "action": { "type": "attempt", "at": "2026-11-23T09:30:00+08:00", "channel": "phone", "outcome": "no_answer", "agentId": "A100293" } })).unwrap();
    assert_eq!(r["case"]["attempts"][0]["agent"], "A1***93");
    assert_eq!(r["case"]["state"], "in_progress");
    assert_eq!(r["nextStep"]["action"], "call");
    assert_eq!(r["nextStep"]["notBefore"], "2026-11-23T12:30:00+08:00");
    let text = r.to_string();
    assert!(
        !text.contains("A100293"),
        "the raw agent id never leaves the core: {text}"
    );
    // Two more unanswered calls (on the next days, within the window): the SMS is next.
    let mut saved = r["saved"].as_str().unwrap().to_string();
    for (now, at) in [
        ("2026-11-24T10:00:00+08:00", "2026-11-24T09:00:00+08:00"),
        ("2026-11-25T10:00:00+08:00", "2026-11-25T09:00:00+08:00"),
    ] {
        let r = call(&desk(now), json!({ "saved": saved, "action": { "type": "attempt", "at": at, "channel": "phone", "outcome": "no_answer", "agentId": "A100293" } })).unwrap();
        saved = r["saved"].as_str().unwrap().to_string();
        assert!(!saved.contains("A100293"));
    }
    let r = call(
        &desk("2026-11-25T10:00:00+08:00"),
        json!({ "saved": saved, "action": { "type": "follow_up_done", "at": "2026-11-25T10:00:00+08:00", "followUpId": "x" } }),
    );
    assert_eq!(r.unwrap_err().path.as_deref(), Some("action.followUpId"));
    let r = call(&desk("2026-11-25T10:00:00+08:00"), json!({ "saved": saved, "action": { "type": "attempt", "at": "2026-11-25T09:59:00+08:00", "channel": "sms", "outcome": "sent" } })).unwrap();
    assert_eq!(r["case"]["attempts"].as_array().unwrap().len(), 4);
    assert_eq!(r["nextStep"]["action"], "wait_reply");
}

#[test]
fn agent_ids_that_look_like_personal_data_are_refused() {
    let d = desk("2026-11-23T10:00:00+08:00");
    let e = call(&d, json!({ "open": open(), "action": { "type": "attempt", "at": "2026-11-23T09:30:00+08:00", "channel": "phone", "outcome": "no_answer", "agentId": "13800138000" } })).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_deref()),
        ("argument.invalid", Some("action.agentId"))
    );
    assert!(!e.message.contains("138"));
    let e = call(&d, json!({ "open": { "ref": "13800138000", "trigger": "periodic", "questionnaire": "periodic", "segment": "personal" }, "action": { "type": "close", "at": "2026-11-23T09:30:00+08:00", "reason": "cancelled" } })).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("open.ref"));
}

#[test]
fn completing_copies_the_follow_ups_and_the_lowest_rating() {
    let d = desk("2026-11-23T10:00:00+08:00");
    let rec = record(&d, 2);
    let r = call(&d, json!({ "open": open(), "action": { "type": "complete", "at": "2026-11-23T10:00:00+08:00", "record": rec, "agentId": "A100293" } })).unwrap();
    assert_eq!(r["case"]["state"], "completed");
    assert_eq!(r["case"]["satisfaction"]["lowest"], 2);
    assert_eq!(r["case"]["recordChecksum"], rec["checksum"]);
    let ids: Vec<&str> = r["case"]["followUps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = rec["followUps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected);
    assert!(
        !r["case"].to_string().contains("satisfaction_reason"),
        "the case keeps no answers"
    );
    assert_eq!(r["nextStep"]["action"], "none");
    // A rating of 2 opens the second contact: customer service, 3 working days (§1.10 callbackCase).
    let sc = r["case"]["followUps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["action"] == "second_contact")
        .expect("a second_contact follow-up");
    assert_eq!(
        (sc["department"].as_str(), sc["dueBy"].as_str()),
        (Some("customer_service"), Some("2026-11-26"))
    );
    // The department's name in the desk's language (for the agent's task list), never kept in saved.
    assert_eq!(sc["departmentName"], "客户服务中心");
    assert!(!r["saved"].as_str().unwrap().contains("departmentName"));
    assert_eq!(r["case"]["satisfaction"]["secondContact"], "open");
    assert_eq!(r["findings"][0]["code"], "callback.second_contact_open");
    // A record with one answer changed does not verify.
    let mut bad = rec.clone();
    bad["answers"][0]["value"] = json!(false);
    let e = call(&d, json!({ "open": open(), "action": { "type": "complete", "at": "2026-11-23T10:00:00+08:00", "record": bad } })).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_deref()),
        ("callback_case.record_invalid", Some("action.record"))
    );
    // A record of another questionnaire than the case's.
    let mut other = open();
    other["questionnaire"] = json!("new_account");
    let e = call(&d, json!({ "open": other, "action": { "type": "complete", "at": "2026-11-23T10:00:00+08:00", "record": rec } })).unwrap_err();
    assert_eq!(e.code, "callback_case.record_invalid");
    // A record completed before the case was opened.
    let later = desk("2026-11-23T11:00:00+08:00");
    let e = call(&later, json!({ "open": open(), "action": { "type": "complete", "at": "2026-11-23T11:00:00+08:00", "record": rec } })).unwrap_err();
    assert_eq!(e.code, "callback_case.record_invalid");
}

#[test]
fn closed_and_damaged_cases_are_refused() {
    let d = desk("2026-11-23T10:00:00+08:00");
    let r = call(&d, json!({ "open": open(), "action": { "type": "close", "at": "2026-11-23T10:00:00+08:00", "reason": "refused" } })).unwrap();
    assert_eq!(
        (
            r["case"]["state"].as_str(),
            r["case"]["finalOutcome"].as_str()
        ),
        (Some("closed"), Some("refused"))
    );
    let saved = r["saved"].as_str().unwrap();
    let e = call(&d, json!({ "saved": saved, "action": { "type": "attempt", "at": "2026-11-23T10:00:00+08:00", "channel": "phone", "outcome": "no_answer" } })).unwrap_err();
    assert_eq!(e.code, "callback_case.closed");
    let tampered = saved.replace("\"refused\"", "\"completed\"");
    let e = call(&d, json!({ "saved": tampered, "action": { "type": "close", "at": "2026-11-23T10:00:00+08:00", "reason": "cancelled" } })).unwrap_err();
    assert_eq!(e.code, "callback_case.invalid");
    let e = call(&d, json!({ "saved": saved, "open": open(), "action": { "type": "close", "at": "2026-11-23T10:00:00+08:00", "reason": "cancelled" } })).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("open"));
}

/// A `second_contact` run by phone (the bundled definition): its record.
fn second_contact_record(d: &FrontDesk, satisfied: &str, formal_complaint: bool) -> Value {
    let mut answers = json!({ "ok_to_talk": true, "issue_detail": "排队时间长", "resolution_status": "resolved", "satisfied_now": satisfied });
    if satisfied == "not_satisfied" {
        answers["formal_complaint"] = json!(formal_complaint);
    }
    let run = api::call(d, "runQuestionnaire", &json!({ "id": "second_contact", "channel": "in_app", "context": { "customerRef": "C-77" }, "answers": answers })).unwrap();
    assert_eq!(run["complete"], true, "{run}");
    run["record"].clone()
}

#[test]
fn the_second_contact_decides_satisfied_in_the_end() {
    let d = desk("2026-11-23T10:00:00+08:00");
    let start = call(&d, json!({ "open": open(), "action": { "type": "attempt", "at": "2026-11-23T09:00:00+08:00", "channel": "phone", "outcome": "no_answer" } })).unwrap();
    let saved = start["saved"].as_str().unwrap();
    // 基本满意 counts as satisfied (callbacks.json secondContact.satisfiedValues).
    let r = call(&d, json!({ "saved": saved, "action": { "type": "second_contact", "at": "2026-11-23T10:00:00+08:00", "record": second_contact_record(&d, "partly", false) } })).unwrap();
    assert_eq!(r["case"]["satisfaction"]["satisfiedInEnd"], true);
    assert_eq!(r["findings"][0]["code"], "callback.satisfied_in_end");
    // Not satisfied, formal complaint: the complaint follow-up is copied.
    // Not satisfied, formal complaint: the complaint follow-up is copied with its department and due date.
    let r = call(&d, json!({ "saved": saved, "action": { "type": "second_contact", "at": "2026-11-23T10:00:00+08:00", "record": second_contact_record(&d, "not_satisfied", true) } })).unwrap();
    assert_eq!(r["case"]["satisfaction"]["satisfiedInEnd"], false);
    assert_eq!(r["findings"][0]["code"], "callback.not_satisfied_in_end");
    let f = r["case"]["followUps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["action"] == "complaint")
        .expect("a complaint follow-up");
    assert_eq!(
        (f["department"].as_str(), f["dueBy"].as_str()),
        (Some("consumer_protection"), Some("2026-12-08"))
    );
    // A periodic record is not a second contact.
    let e = call(&d, json!({ "saved": saved, "action": { "type": "second_contact", "at": "2026-11-23T10:00:00+08:00", "record": record(&d, 4) } })).unwrap_err();
    assert_eq!(e.code, "callback_case.record_invalid");
}
