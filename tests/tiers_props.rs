//! Property tests of `checkTransaction` (native): accepting transactions one by one through the
//! check never lets a window's total exceed its limit, remaining quota is never negative, and
//! extreme amounts never overflow or panic.
#![cfg(feature = "tiers")]

use frontdesk::tiers::check::TransactionCheckInput;
use frontdesk::{FrontDesk, Locale};
use proptest::prelude::*;
use serde_json::{json, Value};

fn desk() -> FrontDesk {
    FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", Locale::En).unwrap()
}

const KINDS: &[(&str, &str)] = &[
    ("outbound", "transfer"),
    ("outbound", "consumption"),
    ("outbound", "cash"),
    ("outbound", "wm_purchase"),
    ("inbound", "transfer"),
    ("inbound", "cash"),
    ("inbound", "payroll"),
];
const CHANNELS: &[&str] = &["counter", "mobile_banking", "atm"];

/// A generated attempt: minutes after the start, kind index, bound?, channel index, amount.
type Attempt = (i64, usize, bool, usize, i64);

fn attempt_strategy() -> impl Strategy<Value = Vec<Attempt>> {
    // Gaps up to ~5 days so both day and year (calendar 2026→2027) boundaries are crossed.
    prop::collection::vec(
        (
            0i64..7_200,
            0..KINDS.len(),
            any::<bool>(),
            0..CHANNELS.len(),
            1i64..800_000,
        ),
        1..60,
    )
}

/// 2026-12-20 00:00 +08:00 as seconds since the epoch; attempts run into January 2027.
const START: i64 = 1_797_696_000;

fn rfc(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .with_timezone(&frontdesk::time::shanghai())
        .to_rfc3339()
}

fn day_key(secs: i64) -> (i64, i64) {
    let t = chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .with_timezone(&frontdesk::time::shanghai());
    use chrono::Datelike;
    (t.year() as i64, t.ordinal() as i64)
}

/// Class II buckets, defined independently of the implementation (brief §1.3).
fn class2_bucket(direction: &str, kind: &str, bound: bool) -> Option<&'static str> {
    match (direction, kind, bound) {
        ("inbound", "transfer" | "payroll", false) | ("inbound", "cash", _) => Some("in"),
        ("outbound", "consumption" | "cash", _) | ("outbound", "transfer", false) => Some("out"),
        _ => None,
    }
}

fn run(
    account: Value,
    attempts: &[Attempt],
) -> Vec<(i64, &'static str, &'static str, bool, &'static str, i64)> {
    let desk = desk();
    let mut history: Vec<Value> = Vec::new();
    let mut accepted = Vec::new();
    let mut t = START;
    let mut balance = account["balanceFen"].as_i64().unwrap();
    for &(gap, k, bound, ch, amount) in attempts {
        t += gap * 60;
        let (dir, kind) = KINDS[k];
        let tx = json!({ "at": rfc(t), "direction": dir, "kind": kind, "counterparty": if bound { "bound" } else { "non_bound" },
                         "channel": CHANNELS[ch], "amountFen": amount });
        let mut acct = account.clone();
        acct["balanceFen"] = json!(balance);
        let input = TransactionCheckInput::from_json(
            &json!({ "account": acct, "history": history, "transaction": tx }),
        )
        .unwrap();
        let r = desk.check_transaction(&input).unwrap();
        for l in &r.limits {
            assert!(l.remaining_fen >= 0, "negative remaining {l:?}");
        }
        for v in [
            r.remaining.day_fen,
            r.remaining.year_fen,
            r.remaining.balance_room_fen,
        ]
        .into_iter()
        .flatten()
        {
            assert!(v >= 0);
        }
        assert_eq!(
            r.allowed,
            r.findings
                .iter()
                .all(|f| f.severity != frontdesk::Severity::Error)
        );
        if r.allowed {
            balance = if dir == "inbound" {
                balance + amount
            } else {
                balance - amount
            };
            assert!(balance >= 0);
            history.push(tx);
            accepted.push((t, dir, kind, bound, CHANNELS[ch], amount));
        }
    }
    accepted
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Class II: per bucket, per Shanghai day ≤ ¥10,000 and per calendar year ≤ ¥200,000.
    #[test]
    fn class2_windows_never_exceed_limits(attempts in attempt_strategy()) {
        let accepted = run(json!({ "tier": "personal_class_2", "balanceFen": 50_000_000, "faceToFaceVerified": true }), &attempts);
        let mut day = std::collections::BTreeMap::new();
        let mut year = std::collections::BTreeMap::new();
        for (t, dir, kind, bound, _, amount) in accepted {
            if let Some(b) = class2_bucket(dir, kind, bound) {
                let (y, d) = day_key(t);
                *day.entry((b, y, d)).or_insert(0i64) += amount;
                *year.entry((b, y)).or_insert(0i64) += amount;
            }
        }
        for (k, v) in day { prop_assert!(v <= 1_000_000, "day {k:?}: {v}"); }
        for (k, v) in year { prop_assert!(v <= 20_000_000, "year {k:?}: {v}"); }
    }

    /// A bank level (basic_1000) on Class I: non-counter outflow per day ≤ ¥1,000, per year ≤ ¥50,000.
    #[test]
    fn bank_level_windows_never_exceed_limits(attempts in attempt_strategy()) {
        let accepted = run(json!({ "tier": "personal_class_1", "balanceFen": 50_000_000, "bankLevel": "basic_1000" }), &attempts);
        let mut day = std::collections::BTreeMap::new();
        let mut year = std::collections::BTreeMap::new();
        // Basic services (tiers.json basicServices, issue 15 item 9) are not counted against a
        // bank level: own-bank wealth management, transfers with the bound account.
        for (t, dir, kind, bound, ch, amount) in accepted {
            let basic = kind == "wm_purchase" || (kind == "transfer" && bound);
            if dir == "outbound" && ch != "counter" && !basic {
                let (y, d) = day_key(t);
                *day.entry((y, d)).or_insert(0i64) += amount;
                *year.entry(y).or_insert(0i64) += amount;
            }
        }
        for (k, v) in day { prop_assert!(v <= 100_000, "day {k:?}: {v}"); }
        for (k, v) in year { prop_assert!(v <= 5_000_000, "year {k:?}: {v}"); }
    }

    /// Class III: the balance never goes over ¥2,000 and outflow per day ≤ ¥2,000.
    #[test]
    fn class3_balance_cap_holds(attempts in attempt_strategy()) {
        let accepted = run(json!({ "tier": "personal_class_3", "balanceFen": 0, "faceToFaceVerified": true }), &attempts);
        let mut balance = 0i64;
        let mut day = std::collections::BTreeMap::new();
        for (t, dir, kind, bound, _, amount) in accepted {
            balance += if dir == "inbound" { amount } else { -amount };
            prop_assert!((0..=200_000).contains(&balance));
            if dir == "outbound" && (kind == "consumption" || (kind == "transfer" && !bound)) {
                *day.entry(day_key(t)).or_insert(0i64) += amount;
            }
        }
        for (k, v) in day { prop_assert!(v <= 200_000, "day {k:?}: {v}"); }
    }

    /// Extreme amounts anywhere: no panic, no overflow, remaining never negative.
    #[test]
    fn extreme_amounts_never_panic(
        amounts in prop::collection::vec(prop_oneof![Just(i64::MAX), Just(i64::MAX - 1), Just(0i64), 1i64..i64::MAX], 0..20),
        tx_amount in prop_oneof![Just(i64::MAX), Just(i64::MIN), Just(0i64), any::<i64>()],
        balance in prop_oneof![Just(i64::MAX), Just(0i64), 0i64..i64::MAX],
        tier in prop::sample::select(vec!["personal_class_1", "personal_class_2", "personal_class_3", "business_simple_opening"]),
        level in prop::sample::select(vec![None, Some("restricted_500"), Some("basic_1000")]),
        dir in prop::sample::select(vec!["inbound", "outbound"]),
    ) {
        let desk = desk();
        let history: Vec<Value> = amounts.iter().map(|a| json!({ "at": "2026-11-23T08:00:00+08:00", "direction": dir, "kind": "cash",
            "counterparty": "non_bound", "channel": "atm", "amountFen": a })).collect();
        let mut account = json!({ "tier": tier, "balanceFen": balance, "faceToFaceVerified": true });
        if let Some(l) = level { account["bankLevel"] = json!(l); }
        let input = TransactionCheckInput::from_json(&json!({ "account": account, "history": history,
            "transaction": { "direction": dir, "kind": "cash", "counterparty": "non_bound", "channel": "atm", "amountFen": tx_amount } })).unwrap();
        let r = desk.check_transaction(&input).unwrap();
        for l in &r.limits { prop_assert!(l.remaining_fen >= 0 && l.used_fen >= 0); }
        if tx_amount <= 0 { prop_assert!(!r.allowed); }
        let any_used = amounts.iter().any(|&a| a > 0);
        if r.allowed && tier != "personal_class_1" && tier != "business_simple_opening" && any_used && amounts.iter().any(|&a| a > 20_000_000) {
            prop_assert!(false, "a limited tier allowed a transaction after an over-limit history");
        }
    }
}
