//! Native tests of the account-opening pre-check beyond the shared fixtures: personal data never
//! appears in any text or ticket, every one-character change of a ticket is rejected, tickets stay
//! QR-sized and round-trip, random applications never panic, and the rule data is validated.
#![cfg(all(feature = "precheck", feature = "qr"))]

mod common;

use frontdesk::precheck::{AccountKind, ApplicantKind, Purpose};
use frontdesk::rulepack::default_files;
use frontdesk::{api, FrontDesk, Locale, RulePack};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::Arc;

const NOW: &str = "2026-11-23T10:00:00+08:00";

fn desk(locale: Locale) -> FrontDesk {
    FrontDesk::with_default_pack(NOW, locale).unwrap()
}

fn precheck_cases() -> Vec<common::Case> {
    common::cases()
        .into_iter()
        .filter(|c| c.method == "precheck" && c.expect_error.is_none())
        .collect()
}

/// Every personal value of an application: ID numbers, MRZ document numbers and names, mobile
/// numbers and people's names, in the forms they could leak in.
fn personal_values(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| personal_values(x, k, out)),
        Value::Array(a) => a.iter().for_each(|x| personal_values(x, key, out)),
        Value::String(s) => match key {
            "number" | "mobile" | "uscc" => {
                let compact: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                out.push(compact.to_ascii_uppercase());
                // The part a mask hides must never show: the middle 8 characters.
                if compact.len() >= 11 {
                    out.push(compact[3..11].to_ascii_uppercase());
                }
            }
            "name" => {
                out.push(s.clone());
                // A Chinese given name is hidden by the mask: it must not appear either.
                let given: String = s.chars().skip(1).collect();
                if given.chars().count() >= 2 {
                    out.push(given);
                }
                // Latin names: the surname.
                if let Some(last) = s.split_whitespace().nth(1) {
                    out.push(last.to_string());
                }
            }
            "mrz" => {
                for line in s.lines() {
                    out.push(line.to_string());
                }
                // Document number and names as printed in the zone.
                if let Some(l2) = s.lines().nth(1) {
                    out.push(
                        l2.chars()
                            .take(9)
                            .collect::<String>()
                            .trim_end_matches('<')
                            .to_string(),
                    );
                }
                // The surname (the name mask keeps a Latin given name and the surname's initial).
                if let Some(surname) = s
                    .lines()
                    .next()
                    .and_then(|l1| l1.get(5..))
                    .and_then(|n| n.split("<<").next())
                {
                    out.push(surname.replace('<', " "));
                }
            }
            _ => {}
        },
        _ => {}
    }
}

#[test]
fn no_id_phone_or_name_in_any_message_checklist_or_ticket() {
    let mut checked = 0;
    let mut leaks = Vec::new();
    for case in precheck_cases() {
        let mut secrets = Vec::new();
        personal_values(&case.input, "", &mut secrets);
        secrets.retain(|s| s.chars().count() >= 4);
        for locale in [Locale::En, Locale::ZhCn] {
            let d = desk(locale);
            let out = api::call(&d, "precheck", &case.input).unwrap();
            let code = out["ticket"]["code"].as_str().unwrap().to_string();
            let read = api::call(&d, "readTicket", &Value::from(code.clone())).unwrap();
            assert_eq!(
                read["valid"],
                json!(true),
                "{}: own ticket must verify",
                case.name
            );
            let text = format!("{out}{read}");
            for s in &secrets {
                if text.contains(s.as_str()) || text.to_uppercase().contains(&s.to_uppercase()) {
                    leaks.push(format!(
                        "{} ({locale:?}): output contains an input value of {} chars",
                        case.name,
                        s.chars().count()
                    ));
                }
            }
            // Masked identifiers never keep more than 7 characters of a number visible.
            for id in read["ticket"]["identifiers"].as_array().unwrap() {
                let masked = id["masked"].as_str().unwrap();
                if id["role"] != json!("name") {
                    assert!(
                        masked.chars().filter(|c| *c != '*').count() <= 7,
                        "{}: {masked}",
                        case.name
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} outputs scanned");
    assert!(
        leaks.is_empty(),
        "personal data leaked:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn the_leak_scan_catches_a_leak() {
    let input = json!({ "applicant": { "name": "李小龙", "document": { "number": "440305200005010010" } } });
    let mut secrets = Vec::new();
    personal_values(&input, "", &mut secrets);
    assert!(secrets
        .iter()
        .any(|s| "message 440305200005010010".contains(s.as_str())));
    assert!(secrets.iter().any(|s| "小龙".contains(s.as_str())));
    assert!(secrets
        .iter()
        .any(|s| "440305200005****".contains(s.as_str())));
}

#[test]
fn every_ticket_is_qr_sized_and_alphanumeric() {
    let d = desk(Locale::En);
    for case in precheck_cases() {
        let out = api::call(&d, "precheck", &case.input).unwrap();
        let code = out["ticket"]["code"].as_str().unwrap();
        assert!(
            code.len() <= 300,
            "{}: ticket of {} chars",
            case.name,
            code.len()
        );
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
            "{}: {code}",
            case.name
        );
        assert!(code.starts_with("FD1"));
        // It goes into a QR code in alphanumeric mode at a version a phone camera reads easily.
        let qr = frontdesk::qr::qr_code(&frontdesk::qr::QrInput {
            text: code.to_string(),
            ecc: None,
        })
        .unwrap();
        assert_eq!(qr.mode, frontdesk::qr::Mode::Alphanumeric, "{}", case.name);
        assert!(qr.version <= 10, "{}: QR version {}", case.name, qr.version);
        // The ticket says what the result says.
        let read = api::call(&d, "readTicket", &Value::from(code)).unwrap();
        let t = &read["ticket"];
        assert_eq!(t["ready"], out["ready"], "{}", case.name);
        assert_eq!(
            t["applicantKind"], case.input["applicant"]["kind"],
            "{}",
            case.name
        );
        assert_eq!(t["account"], case.input["account"]["kind"], "{}", case.name);
        assert_eq!(t["reference"], out["ticket"]["reference"], "{}", case.name);
        assert_eq!(t["checksum"], out["ticket"]["checksum"], "{}", case.name);
        assert_eq!(t["now"], json!(NOW));
        assert_eq!(t["ageDays"], json!(0));
        // What staff must still check: the originals always, "go through the checklist first"
        // exactly when the customer was not ready, every text from the catalog.
        let checks: Vec<&str> = t["staffChecks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(checks.first(), Some(&"originals"), "{}", case.name);
        assert_eq!(
            checks.contains(&"not_ready"),
            out["ready"] == json!(false),
            "{}",
            case.name
        );
        for c in t["staffChecks"].as_array().unwrap() {
            let text = c["text"].as_str().unwrap();
            assert!(
                !text.is_empty() && !text.starts_with("precheck."),
                "{}: {text}",
                case.name
            );
        }
        let a: Vec<_> = out["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["id"].clone(), i["need"].clone(), i["status"].clone()))
            .collect();
        let b: Vec<_> = t["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["id"].clone(), i["need"].clone(), i["status"].clone()))
            .collect();
        assert_eq!(a, b, "{}", case.name);
    }
}

#[test]
fn every_one_character_change_of_a_ticket_is_rejected() {
    let d = desk(Locale::En);
    let samples: Vec<String> = precheck_cases()
        .iter()
        .step_by(9)
        .map(|c| {
            api::call(&d, "precheck", &c.input).unwrap()["ticket"]["code"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(samples.len() >= 5);
    let alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut tried = 0;
    for code in &samples {
        for (i, original) in code.char_indices() {
            for c in alphabet
                .chars()
                .chain("OILU-".chars())
                .filter(|c| *c != original)
            {
                let mut t = code.clone();
                t.replace_range(i..i + 1, &c.to_string());
                let read = api::call(&d, "readTicket", &Value::from(t.clone())).unwrap();
                assert_eq!(
                    read["valid"],
                    json!(false),
                    "position {i} changed to {c} accepted: {t}"
                );
                assert_eq!(read["ticket"], Value::Null);
                tried += 1;
            }
        }
        // Dropping or adding a character is rejected too.
        for i in 0..code.len() {
            let mut t = code.clone();
            t.remove(i);
            assert_eq!(
                api::call(&d, "readTicket", &Value::from(t)).unwrap()["valid"],
                json!(false),
                "deletion at {i}"
            );
        }
        let longer = format!("{code}0");
        assert_eq!(
            api::call(&d, "readTicket", &Value::from(longer)).unwrap()["valid"],
            json!(false)
        );
    }
    assert!(tried > 10_000, "{tried}");
}

#[test]
fn a_ticket_from_another_pack_version_is_flagged() {
    let code = api::call(&desk(Locale::En), "precheck", &precheck_cases()[0].input).unwrap()
        ["ticket"]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let mut files = default_files().unwrap();
    files.get_mut("pack.json").unwrap()["version"] = json!("bank-2027.1");
    let other = FrontDesk::new(
        Arc::new(RulePack::from_files(&files).unwrap()),
        NOW,
        Locale::En,
    )
    .unwrap();
    let read = api::call(&other, "readTicket", &Value::from(code)).unwrap();
    assert_eq!(read["valid"], json!(true));
    assert_eq!(read["findings"][0]["code"], json!("ticket.pack_version"));
    assert_eq!(read["ticket"]["rulePackVersion"], json!("2026.11.1"));
}

#[test]
fn every_rule_text_exists_in_both_locales() {
    let pack = RulePack::embedded().unwrap();
    let r = &pack.precheck();
    let mut codes = Vec::new();
    for m in &r.materials.materials {
        codes.push(format!("precheck.material.{}", m.id));
        codes.push(format!("precheck.why.{}", m.id));
    }
    for (signal, rule) in &r.due_diligence.signals {
        codes.push(format!("precheck.signal.{}", signal.name()));
        codes.extend(
            rule.questions
                .iter()
                .map(|q| format!("precheck.question.{q}")),
        );
    }
    codes.extend(
        r.advice
            .items
            .iter()
            .map(|a| format!("precheck.advice.{}", a.id)),
    );
    codes.extend(r.rules.purpose_rules.iter().map(|p| p.code.clone()));
    codes.extend(
        r.ticket
            .staff_checks
            .iter()
            .map(|c| format!("precheck.staff_check.{}", c.id)),
    );
    let missing: Vec<_> = codes
        .iter()
        .filter(|c| !pack.messages.contains(c))
        .collect();
    assert!(missing.is_empty(), "no catalog text for {missing:?}");
    // And the emitted finding codes of the module itself.
    let src = include_str!("../src/precheck/mod.rs").to_string()
        + include_str!("../src/precheck/ticket.rs")
        + include_str!("../src/precheck/mrz.rs");
    for part in src.split('"').skip(1).step_by(2) {
        if (part.starts_with("precheck.") || part.starts_with("ticket."))
            && part.split('.').count() >= 3
            && !part.contains('{')
        {
            assert!(pack.messages.contains(part), "code {part} has no message");
        }
    }
}

#[test]
fn rule_data_errors_name_file_and_field() {
    let mut files = default_files().unwrap();
    files.get_mut("precheck/materials.json").unwrap()["materials"][1]["tag"] = json!(1);
    let e = RulePack::from_files(&files).unwrap_err();
    assert_eq!(
        (e.file.as_deref(), e.path.as_deref()),
        (Some("precheck/materials.json"), Some("materials[1].tag"))
    );

    let mut files = default_files().unwrap();
    files.get_mut("precheck/applicants.json").unwrap()["applicants"]["elderly"]["color"] =
        json!("red");
    let e = RulePack::from_files(&files).unwrap_err();
    assert_eq!(e.file.as_deref(), Some("precheck/applicants.json"));
    assert!(e.message.contains("unknown field"), "{e}");

    let mut files = default_files().unwrap();
    files.get_mut("precheck/applicants.json").unwrap()["applicants"]
        .as_object_mut()
        .unwrap()
        .remove("hmt_resident");
    let e = RulePack::from_files(&files).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("applicants.hmt_resident"));

    let mut files = default_files().unwrap();
    files.get_mut("precheck/ticket.json").unwrap()["prefix"] = json!("fd-1");
    assert_eq!(
        RulePack::from_files(&files).unwrap_err().path.as_deref(),
        Some("prefix")
    );

    let mut files = default_files().unwrap();
    files.get_mut("precheck/materials.json").unwrap()["materials"][0]["documentKinds"] =
        json!(["library_card"]);
    assert_eq!(
        RulePack::from_files(&files).unwrap_err().path.as_deref(),
        Some("materials[0].documentKinds[0]")
    );

    let mut files = default_files().unwrap();
    files.remove("precheck/advice.json");
    assert_eq!(
        RulePack::from_files(&files).unwrap_err().code,
        "rule_pack.missing_file"
    );
}

#[test]
fn a_bank_edits_data_not_code() {
    // A bank that requires proof of address from foreign nationals adds one material in data.
    let mut files = default_files().unwrap();
    let materials = files.get_mut("precheck/materials.json").unwrap()["materials"]
        .as_array_mut()
        .unwrap();
    materials.push(
        json!({ "id": "address_proof", "tag": 99, "source": "declared", "basis": "bank policy",
        "rules": [{ "need": "required", "when": { "applicants": ["foreign_national"] } }] }),
    );
    files.get_mut("messages/precheck.json").unwrap()["precheck.material.address_proof"] =
        json!({ "zh-CN": "住址证明", "en": "Proof of address" });
    files.get_mut("messages/precheck.json").unwrap()["precheck.why.address_proof"] =
        json!({ "zh-CN": "本行要求。", "en": "Required by this bank." });
    // …and lowers the Class II count.
    files.get_mut("precheck/applicants.json").unwrap()["accounts"]["personal_class_2"]
        ["maxPerBank"] = json!(2);
    // …and makes it a hard limit (the default pack holds it "in principle": a warning).
    files.get_mut("precheck/applicants.json").unwrap()["accounts"]["personal_class_2"]
        ["inPrinciple"] = json!(false);
    let d = FrontDesk::new(
        Arc::new(RulePack::from_files(&files).unwrap()),
        NOW,
        Locale::En,
    )
    .unwrap();
    let foreign = precheck_cases()
        .into_iter()
        .find(|c| c.input["applicant"]["kind"] == json!("foreign_national"))
        .unwrap();
    let out = api::call(&d, "precheck", &foreign.input).unwrap();
    let item = out["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == json!("address_proof"))
        .cloned()
        .unwrap();
    assert_eq!(
        (item["status"].clone(), item["label"].clone()),
        (json!("missing"), json!("Proof of address"))
    );
    assert_eq!(out["ready"], json!(false));
    let mut class2 = precheck_cases()[0].input.clone();
    class2["account"]["kind"] = json!("personal_class_2");
    class2["held"] = json!({ "personal_class_2": 2 });
    let out = api::call(&d, "precheck", &class2).unwrap();
    assert_eq!(
        out["findings"][0]["code"],
        json!("precheck.account.count_limit")
    );
    assert_eq!(out["findings"][0]["severity"], json!("error"));
    assert_eq!(out["findings"][0]["params"]["max"], json!(2));
}

fn arb_doc() -> impl Strategy<Value = Value> {
    let kinds = prop::sample::select(vec![
        "cn_resident_id",
        "household_register",
        "hmt_residence_permit",
        "foreign_permanent_residence_id",
        "hk_macao_travel_permit",
        "taiwan_travel_permit",
        "passport",
        "library_card",
    ]);
    let numbers = prop::sample::select(vec![
        "440305200005010010",
        "11010519491231002X",
        "310115201503010029",
        "110108200903150017",
        "810000199001010027",
        "932682198501010017",
        "H12345678",
        "12345678",
        "",
        "x",
        "１１０１０５１９４９１２３１００２ｘ",
    ]);
    (
        kinds,
        numbers,
        prop::option::of("[0-9A-Z<\n ]{0,120}"),
        prop::option::of("[0-9-]{0,12}|长期"),
    )
        .prop_map(
            |(k, n, mrz, exp)| json!({ "kind": k, "number": n, "mrz": mrz, "expiryDate": exp }),
        )
}

fn arb_application() -> impl Strategy<Value = Value> {
    let kind = prop::sample::select(
        ApplicantKind::ALL
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>(),
    );
    let account = prop::sample::select(
        AccountKind::ALL
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>(),
    );
    let purpose = prop::option::of(prop::sample::select(
        Purpose::ALL.iter().map(|k| k.name()).collect::<Vec<_>>(),
    ));
    let held = (0u32..8, 0u32..8, 0u32..8, 0u32..3);
    let place = prop::option::of((
        prop::sample::select(vec!["11", "44", "35", "99", ""]),
        "\\PC{0,6}",
    ));
    let materials = prop::collection::vec(
        prop::sample::select(vec![
            "relationship_proof",
            "business_licence",
            "company_seal",
            "beneficial_owner",
            "authorization_letter",
            "nonsense",
        ]),
        0..6,
    );
    (
        (kind, account, purpose, "\\PC{0,30}", held),
        (arb_doc(), prop::option::of(arb_doc()), prop::option::of(arb_doc()), prop::option::of(arb_doc())),
        (place.clone(), place, prop::option::of("[0-9+ -]{0,16}"), materials, prop::option::of("\\PC{0,12}")),
        (prop::option::of("[0-9A-Z]{0,20}"), prop::option::of(prop::sample::select(vec!["commercial", "cluster", "home"])), prop::option::of(0u32..50)),
    )
        .prop_map(|((kind, account, purpose, text, held), (doc, guardian, rep, agent), (home, branch, mobile, materials, occupation), (uscc, addr, staff))| {
            let place = |p: Option<(&str, String)>| p.map(|(pr, city)| json!({ "province": pr, "city": city }));
            json!({
                "applicant": { "kind": kind, "name": text.clone(), "document": doc, "occupation": occupation },
                "guardian": guardian.map(|g| json!({ "document": g })),
                "business": { "uscc": uscc, "legalRepresentative": rep.map(|r| json!({ "document": r })), "agent": agent.map(|a| json!({ "document": a })),
                              "registeredAddress": addr, "staffCount": staff },
                "account": { "kind": account, "purpose": purpose, "purposeText": text },
                "held": { "personal_class_1": held.0, "personal_class_2": held.1, "personal_class_3": held.2, "business_basic": held.3 },
                "contact": { "mobile": mobile, "address": place(home) },
                "branch": place(branch),
                "materials": materials,
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Any application gives a result (never a panic); `ready` means no error finding and every
    /// required item ok; the ticket verifies and agrees.
    #[test]
    fn random_applications_are_consistent(app in arb_application()) {
        let d = desk(Locale::En);
        let out = api::call(&d, "precheck", &app).unwrap();
        let errors = out["findings"].as_array().unwrap().iter().any(|f| f["severity"] == json!("error"));
        let required_ok = out["checklist"].as_array().unwrap().iter().all(|i| i["need"] == json!("optional") || i["status"] == json!("ok"));
        prop_assert_eq!(out["ready"].as_bool().unwrap(), !errors && required_ok);
        for f in out["findings"].as_array().unwrap() {
            prop_assert!(d.pack().messages.contains(f["code"].as_str().unwrap()), "no message for {}", f["code"]);
        }
        let code = out["ticket"]["code"].as_str().unwrap();
        prop_assert!(code.len() <= 300);
        let read = api::call(&d, "readTicket", &Value::from(code)).unwrap();
        prop_assert_eq!(&read["valid"], &json!(true));
        prop_assert_eq!(&read["ticket"]["ready"], &out["ready"]);
    }

    /// Arbitrary text never panics `readTicket` and is never accepted.
    #[test]
    fn arbitrary_ticket_text_is_rejected(s in "(FD1)?[0-9A-Za-z]{0,200}|\\PC{0,50}") {
        let read = api::call(&desk(Locale::En), "readTicket", &Value::from(s)).unwrap();
        prop_assert_eq!(&read["valid"], &json!(false));
    }
}
