//! Contact updates: property tests of masking (names of 1–4 CJK characters with compound
//! surnames, short e-mail local parts, mobiles, ID numbers) alone and through
//! `prepareContactUpdate`, draft round trips and tampering, idempotency keys, and rule-pack
//! validation of `contact.json`.
#![cfg(feature = "contact")]

use frontdesk::mask::{self, IdMaskStyle};
use frontdesk::rulepack::{default_files, RulePack};
use frontdesk::{api, FrontDesk, Locale};
use proptest::prelude::*;
use serde_json::{json, Value};

const NOW: &str = "2026-11-23T10:00:00+08:00";
const COMPOUND: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "司徒", "令狐", "夏侯",
];

fn desk() -> FrontDesk {
    FrontDesk::with_default_pack(NOW, Locale::ZhCn).unwrap()
}

/// A desk with a per-desk nonce, so change requests carry an idempotency key.
fn keyed_desk() -> FrontDesk {
    let o = frontdesk::DeskOptions::from_json(
        &json!({ "now": NOW, "deskNonce": "AAECAwQFBgcICQoLDA0ODw==" }),
    )
    .unwrap();
    FrontDesk::from_options(&o).unwrap()
}

#[test]
fn the_idempotency_secret_is_checked_and_never_echoed() {
    // Issue 15 item 16: too short, or not base64 → argument.invalid naming the option only.
    for (k, v) in [
        ("idempotencySecret", "AQID"),
        ("deskNonce", "AQID"),
        ("idempotencySecret", "not base64!"),
    ] {
        let o = frontdesk::DeskOptions::from_json(&json!({ "now": NOW, k: v })).unwrap();
        let e = FrontDesk::from_options(&o).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_deref()),
            ("argument.invalid", Some(k))
        );
        assert!(!e.to_string().contains(v), "{e}");
    }
    // The desk's Debug form never shows the key.
    let secret = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
    let o = frontdesk::DeskOptions::from_json(&json!({ "now": NOW, "idempotencySecret": secret }))
        .unwrap();
    let d = FrontDesk::from_options(&o).unwrap();
    let shown = format!("{d:?}");
    assert!(
        shown.contains("redacted") && !shown.contains("[1, 1, 1"),
        "{shown}"
    );
    // A pack holding a secret is refused (the file and path named, not the value).
    let mut files = default_files().unwrap();
    files.get_mut("contact.json").unwrap()["verification"]["deskNonce"] = json!("AAECAwQF");
    let e = RulePack::from_files(&files).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("verification.deskNonce"));
    assert!(!e.to_string().contains("AAECAwQF"));
}

fn cjk() -> impl Strategy<Value = char> {
    (0x4E00u32..=0x9FA5).prop_map(|c| char::from_u32(c).unwrap_or('一'))
}

/// (surname, given name) with 1–4 characters in all: a single-character surname or a compound one.
fn cjk_name() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (cjk(), prop::collection::vec(cjk(), 0..=3))
            .prop_map(|(s, g)| (s.to_string(), g.into_iter().collect())),
        (
            prop::sample::select(COMPOUND),
            prop::collection::vec(cjk(), 1..=2)
        )
            .prop_map(|(s, g)| (s.to_string(), g.into_iter().collect())),
    ]
}

fn mobile() -> impl Strategy<Value = String> {
    (3u8..=9, 0u64..1_000_000_000).prop_map(|(second, rest)| format!("1{second}{rest:09}"))
}

/// A resident ID number with a correct check character, born 1930–2025.
fn resident_id() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["110105", "440306", "310115", "510104"][..]),
        1930u32..=2025,
        1u32..=12,
        1u32..=28,
        0u32..1000,
    )
        .prop_map(|(region, y, m, d, seq)| {
            let s17 = format!("{region}{y:04}{m:02}{d:02}{seq:03}");
            const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let sum: u32 = s17
                .bytes()
                .zip(W)
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            let check = b"10X98765432"[(sum % 11) as usize] as char;
            format!("{s17}{check}")
        })
}

fn visible(masked: &str) -> usize {
    masked.chars().filter(|&c| c != '*').count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Only the surname stays visible; a one-character name is fully masked; the length is kept.
    #[test]
    fn names_show_only_the_surname((surname, given) in cjk_name()) {
        let name = format!("{surname}{given}");
        let masked = mask::name(&name);
        let n = name.chars().count();
        prop_assert_eq!(masked.chars().count(), n);
        let kept = if n == 1 { 0 } else if COMPOUND.contains(&surname.as_str()) && n >= 3 { 2 } else { 1 };
        let expected: String = name.chars().take(kept).chain(std::iter::repeat_n('*', n - kept)).collect();
        prop_assert_eq!(&masked, &expected);
        // Every given-name position is starred, so no given-name character is shown there.
        for (i, c) in masked.chars().enumerate() {
            if i >= surname.chars().count() {
                prop_assert_eq!(c, '*');
            }
        }
        prop_assert!(visible(&masked) <= surname.chars().count());
    }

    /// First character of the local part (none for a one-character part), domain kept.
    #[test]
    fn emails_show_one_local_character(local in "[a-z0-9]{1,3}", domain in "[a-z]{1,8}\\.(cn|com|net)") {
        let masked = mask::email(&format!("{local}@{domain}"));
        let (l, d) = masked.rsplit_once('@').unwrap();
        prop_assert_eq!(d, domain.as_str());
        prop_assert_eq!(visible(l), if local.len() == 1 { 0 } else { 1 });
        prop_assert!(local.len() < 2 || !l.contains(local.as_str()));
    }

    /// 3 + 4 digits of a mobile, never more; anything else keeps at most 2 characters.
    #[test]
    fn mobiles_show_three_and_four(m in mobile(), junk in "\\PC{0,32}") {
        let masked = mask::mobile(&m);
        prop_assert_eq!(visible(&masked), 7);
        prop_assert_eq!(&masked[..3], &m[..3]);
        prop_assert_eq!(&masked[7..], &m[7..]);
        prop_assert!(visible(&mask::mobile(&junk)) <= 7);
        prop_assert!(junk.chars().count() == 11 || visible(&mask::mobile(&junk)) <= 2);
    }

    /// ID numbers: the configured head and the last 4; the birth date (digits 7–14) never shows.
    #[test]
    fn id_numbers_hide_the_birth_date(id in resident_id()) {
        for (style, head) in [(IdMaskStyle::First3Last4, 3), (IdMaskStyle::First6Last4, 6), (IdMaskStyle::First1Last1, 1)] {
            let masked = mask::id_number(&id, style);
            let tail = if style == IdMaskStyle::First1Last1 { 1 } else { 4 };
            prop_assert_eq!(visible(&masked), head + tail);
            prop_assert!(masked[6..14].chars().all(|c| c == '*'));
        }
    }

    /// Through the whole method: nothing shown (everything but the request's raw `proposed`)
    /// carries the full name, the given name, the e-mail address, the mobile or the ID number.
    #[test]
    fn prepare_never_shows_personal_data(
        (surname, given) in cjk_name(),
        local in "[a-z0-9]{1,3}",
        m in mobile(),
        own in mobile(),
        id in resident_id(),
        channel in prop::sample::select(&["in_app", "kiosk", "counter", "phone", "app", "phone_callback"][..]),
    ) {
        let name = format!("{surname}{given}");
        let email = format!("{local}@example.cn");
        let input = json!({
            "channel": channel, "oldMobileReachable": true,
            "current": { "mobile": own, "idDocument": { "kind": "cn_resident_id", "number": id, "expiryDate": "2020-01-01" } },
            "proposed": { "email": email, "mobile": m,
                "emergencyContact": { "name": name, "relationship": "friend", "mobile": m },
                "idDocument": { "kind": "cn_resident_id", "number": id, "expiryDate": "长期" } }
        });
        let mut out = api::call(&desk(), "prepareContactUpdate", &input).unwrap();
        out["request"]["proposed"] = Value::Null;
        let text = out.to_string();
        prop_assert!(!text.contains(&m), "mobile shown");
        prop_assert!(!text.contains(&own), "own mobile shown");
        prop_assert!(!text.contains(&id), "ID number shown");
        prop_assert!(!text.contains(&email), "e-mail shown");
        if name.chars().count() >= 2 {
            prop_assert!(!text.contains(&name), "name shown");
        }
        if given.chars().count() >= 2 {
            prop_assert!(!text.contains(&given), "given name shown");
        }
    }

    /// Arbitrary text in every field: an answer or a coded error, never a panic; the same input
    /// always gives the same idempotency key.
    #[test]
    fn arbitrary_text_never_panics(values in prop::collection::vec("\\PC{0,40}", 12)) {
        let v = |i: usize| values[i].clone();
        let input = json!({
            "channel": "in_app",
            "current": { "mobile": v(0), "email": v(1), "idDocument": { "kind": "cn_resident_id", "number": v(2), "expiryDate": v(3) } },
            "proposed": { "mobile": v(4), "landline": v(5), "email": v(6), "occupation": v(7),
                "mailingAddress": { "province": v(8), "city": v(9), "district": v(8), "detail": v(9), "postcode": v(10) },
                "emergencyContact": { "name": v(11), "relationship": v(7), "mobile": v(0) },
                "idDocument": { "kind": v(7), "number": v(2), "expiryDate": v(10) } }
        });
        let d = desk();
        match (api::call(&d, "prepareContactUpdate", &input), api::call(&d, "prepareContactUpdate", &input)) {
            (Ok(a), Ok(b)) => prop_assert_eq!(&a["request"]["idempotencyKey"], &b["request"]["idempotencyKey"]),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            _ => prop_assert!(false, "not deterministic"),
        }
    }

    /// A saved draft resumes to the same input; any one-character change is refused or (if it
    /// leaves the JSON meaning the same) gives the same input back, never a different one.
    #[test]
    fn drafts_round_trip_and_refuse_changes(m in mobile(), (surname, given) in cjk_name(), pos in any::<prop::sample::Index>(), c in any::<char>()) {
        let d = desk();
        let input = json!({ "channel": "kiosk", "proposed": { "mobile": m,
            "emergencyContact": { "name": format!("{surname}{given}"), "relationship": "sibling" } } });
        let saved = api::call(&d, "saveContactDraft", &input).unwrap();
        prop_assert_eq!(api::call(&d, "resumeContactDraft", &saved).unwrap(), input.clone());
        let s = saved.as_str().unwrap();
        let chars: Vec<char> = s.chars().collect();
        let i = pos.index(chars.len());
        let mut changed = chars.clone();
        changed[i] = c;
        let changed: String = changed.into_iter().collect();
        if changed != s {
            match api::call(&d, "resumeContactDraft", &Value::from(changed)) {
                Ok(back) => prop_assert_eq!(back, input),
                Err(e) => prop_assert!(e.code.starts_with("contact_draft.") || e.code.starts_with("argument."), "{}", e.code),
            }
        }
    }
}

#[test]
fn same_change_same_key_different_change_different_key() {
    // Keys need the host's key (issue 15 item 16): a desk nonce here.
    let d = keyed_desk();
    let base = json!({ "channel": "in_app", "oldMobileReachable": true,
        "current": { "mobile": "13800001234", "email": "demo@example.com" }, "proposed": { "mobile": "13900005678" } });
    let key = |v: &Value| {
        api::call(&d, "prepareContactUpdate", v).unwrap()["request"]["idempotencyKey"].clone()
    };
    let k = key(&base);
    assert!(
        k.as_str()
            .is_some_and(|s| s.starts_with("h1.") && s.len() == 29),
        "{k}"
    );
    assert_eq!(k, key(&base));
    // A field on file that is not being changed does not enter the key.
    let mut other_email = base.clone();
    other_email["current"]["email"] = json!("other@example.com");
    assert_eq!(k, key(&other_email));
    let mut other_number = base.clone();
    other_number["proposed"]["mobile"] = json!("13900005679");
    assert_ne!(k, key(&other_number));
    let mut kiosk = base.clone();
    kiosk["channel"] = json!("kiosk");
    assert_ne!(k, key(&kiosk));
}

#[test]
fn whole_input_is_bounded() {
    use frontdesk::contact::{
        check_bounds, Address, Channel, ContactFields, ContactUpdateInput, EmergencyContact,
        IdDocument,
    };
    // Each string within its own bound, but control characters serialize as 6 bytes each.
    let s = |n: usize| Some("\u{1}".repeat(n));
    let addr = || {
        Some(Address {
            province: s(40),
            city: s(40),
            district: s(40),
            detail: s(120),
            postcode: s(16),
        })
    };
    let side = ContactFields {
        mobile: s(32),
        landline: s(32),
        email: s(320),
        residential_address: addr(),
        mailing_address: addr(),
        emergency_contact: Some(EmergencyContact {
            name: s(40),
            relationship: s(40),
            mobile: s(32),
        }),
        id_document: Some(IdDocument {
            kind: s(40),
            number: s(64),
            expiry_date: s(40),
        }),
        occupation: s(40),
    };
    let input = ContactUpdateInput {
        current: side.clone(),
        proposed: side,
        channel: Channel::InApp,
        old_mobile_reachable: None,
    };
    assert_eq!(check_bounds(&input).unwrap_err().code, "argument.too_large");
    let d = desk();
    let as_json = frontdesk::jsonout::to_value(&input);
    assert_eq!(
        api::call(&d, "prepareContactUpdate", &as_json)
            .unwrap_err()
            .code,
        "argument.too_large"
    );
    assert_eq!(
        api::call(&d, "saveContactDraft", &as_json)
            .unwrap_err()
            .code,
        "argument.too_large"
    );
    // One string over its bound: refused with its path, never its value, as the argument is read.
    let long = json!({ "channel": "in_app", "proposed": { "email": "a".repeat(321) } });
    for method in ["prepareContactUpdate", "saveContactDraft"] {
        let e = api::call(&d, method, &long).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_deref()),
            ("argument.too_long", Some("proposed.email"))
        );
        assert!(!e.to_string().contains("aaaa"));
    }
}

fn pack_error(edit: impl FnOnce(&mut Value)) -> (String, Option<String>, Option<String>) {
    let mut files = default_files().unwrap();
    edit(files.get_mut("contact.json").unwrap());
    let e = RulePack::from_files(&files).unwrap_err();
    let e = e.into_detail();
    (e.code, e.file, e.path)
}

#[test]
fn bad_contact_rules_name_file_and_field() {
    let (code, file, path) =
        pack_error(|v| v["verification"]["fields"]["mobile"]["in_app"] = json!("carrier_pigeon"));
    assert_eq!(
        (code.as_str(), file.as_deref(), path.as_deref()),
        (
            "rule_pack.invalid",
            Some("contact.json"),
            Some("verification.fields.mobile")
        )
    );
    let (_, _, path) = pack_error(|v| {
        v["verification"]["fields"]["mobile"]
            .as_object_mut()
            .unwrap()
            .remove("kiosk");
    });
    assert_eq!(path.as_deref(), Some("verification.fields.mobile"));
    let (_, _, path) = pack_error(|v| {
        v["relationships"]
            .as_array_mut()
            .unwrap()
            .push(json!("godparent"))
    });
    assert_eq!(
        path.as_deref(),
        Some("relationships"),
        "a relationship without messages is refused"
    );
    let (_, _, path) = pack_error(|v| v["postcodes"]["severity"] = json!("error"));
    assert_eq!(path.as_deref(), Some("postcodes.severity"));
    let (_, _, path) = pack_error(|v| v["postcodes"]["prefixes"]["11"] = json!(["1"]));
    assert_eq!(path.as_deref(), Some("postcodes.prefixes.11"));
    let (_, _, path) =
        pack_error(|v| v["verification"]["escalations"][0]["when"] = json!("full_moon"));
    assert_eq!(path.as_deref(), Some("verification.escalations[0]"));
    let (_, _, path) =
        pack_error(|v| v["addresses"]["mailingAddress"]["required"] = json!(["floor"]));
    assert_eq!(path.as_deref(), Some("addresses.mailingAddress"));
    let (code, file, _) = pack_error(|v| v["colour"] = json!("red"));
    assert_eq!(
        (code.as_str(), file.as_deref()),
        ("rule_pack.invalid", Some("contact.json"))
    );
}

#[test]
fn a_bank_policy_changes_the_decision() {
    // A bank that lets customers change the mobile number at a kiosk only at the counter.
    let mut files = default_files().unwrap();
    files.get_mut("contact.json").unwrap()["verification"]["fields"]["mobile"]["kiosk"] =
        json!("counter");
    let pack = std::sync::Arc::new(RulePack::from_files(&files).unwrap());
    let d = FrontDesk::new(pack, NOW, Locale::En).unwrap();
    let input = json!({ "channel": "kiosk", "oldMobileReachable": true, "proposed": { "mobile": "13900005678" } });
    let out = api::call(&d, "prepareContactUpdate", &input).unwrap();
    assert_eq!(out["verification"]["level"], json!("counter"));
    assert_eq!(out["verification"]["goToCounter"], json!(true));
    assert_eq!(
        api::call(&desk(), "prepareContactUpdate", &input).unwrap()["verification"]["level"],
        json!("sms_old_new_live_face")
    );
}

#[test]
fn every_contact_method_is_listed() {
    for m in [
        "prepareContactUpdate",
        "saveContactDraft",
        "resumeContactDraft",
        "contactOptions",
    ] {
        assert!(api::METHODS.contains(&m), "{m}");
    }
}

/// The questionnaire's follow-up `{ action: "contact_update", prefill: { proposed } }` opens this
/// flow: fixture cases that carry a `followUp` use its `prefill.proposed` as their `proposed`.
#[test]
fn follow_up_fixtures_use_prefill_proposed() {
    let text = include_str!("fixtures/contact/drafts.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    let mut seen = 0;
    for case in doc["cases"].as_array().unwrap() {
        if let Some(f) = case.get("followUp") {
            assert_eq!(f["action"], json!("contact_update"));
            assert_eq!(
                f["prefill"]["proposed"], case["input"]["proposed"],
                "{}",
                case["name"]
            );
            seen += 1;
        }
    }
    assert!(seen > 0);
}
