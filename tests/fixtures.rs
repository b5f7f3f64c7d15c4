//! Native layer: every shared fixture in `tests/fixtures/` through `frontdesk::api::call`.

mod common;

use frontdesk::{api, DeskOptions, FrontDesk};

#[test]
fn every_fixture_case_natively() {
    let cases = common::cases();
    assert!(!cases.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for case in &cases {
        let label = format!("{} :: {}", case.file, case.name);
        let desk = match DeskOptions::from_json(&common::desk_options(case))
            .and_then(|o| FrontDesk::from_options(&o))
        {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{label}: desk: {e}"));
                continue;
            }
        };
        match (
            api::call(&desk, &case.method, &case.input),
            &case.expect_error,
        ) {
            (Ok(v), None) => {
                if let Some(exp) = &case.expect {
                    for m in common::mismatches(exp, &v) {
                        failures.push(format!("{label}: {m}"));
                    }
                }
            }
            (Ok(v), Some(code)) => {
                failures.push(format!("{label}: expected error {code}, got {v}"))
            }
            (Err(e), Some(code)) if &e.code == code => {}
            (Err(e), _) => failures.push(format!("{label}: unexpected error {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixture cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every finding code a fixture expects exists in the default pack's message catalog, in both
/// locales, so no customer ever sees a raw code.
#[test]
fn every_expected_code_has_messages() {
    let pack = frontdesk::RulePack::embedded().unwrap();
    let mut missing = Vec::new();
    for case in common::cases() {
        let mut stack = vec![case.expect.clone().unwrap_or_default()];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, v) in m {
                        if k == "findingCodes" || k == "findingCodesInclude" {
                            for c in v
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|c| c.as_str())
                            {
                                if !pack.messages.contains(c) {
                                    missing.push(c.to_string());
                                }
                            }
                        } else {
                            stack.push(v);
                        }
                    }
                }
                serde_json::Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "codes without messages: {missing:?}");
}
