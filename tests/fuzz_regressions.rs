//! Every fuzz target's kept inputs replayed natively: the crashing inputs `cargo xtask fuzz` copied
//! to `tests/fixtures/fuzz-regressions/<target>/` and the seeds in `fuzz/seeds/<target>/`, decoded
//! by the fuzz driver itself (`fuzz/src/lib.rs`, included here), so the replay is exactly the call
//! the fuzzer made. `cargo test --test fuzz_regressions -- --ignored write_fuzz_seeds` rebuilds the
//! seeds from the shared fixture corpus.
// The fuzz driver calls every capability: the full build only.
#![cfg(all(
    feature = "precheck",
    feature = "tiers",
    feature = "questionnaire",
    feature = "calendar",
    feature = "contact",
    feature = "qr"
))]

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod driver;

mod common;

use frontdesk::{api, FrontDesk, Locale};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn replay_dir(dir: &Path) -> usize {
    let mut n = 0;
    let Ok(targets) = std::fs::read_dir(dir) else {
        return 0;
    };
    for target in targets.flatten() {
        let name = target.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(target.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let data = std::fs::read(file.path()).unwrap();
            assert!(
                driver::run(&name, &data),
                "{}: no fuzz target named {name}",
                dir.display()
            );
            n += 1;
        }
    }
    n
}

#[test]
fn every_target_file_is_driven() {
    let dir = root().join("fuzz/fuzz_targets");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".rs"))
                .map(str::to_string)
        })
        .collect();
    files.sort();
    let mut known: Vec<String> = driver::TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    known.sort();
    assert_eq!(files, known);
    for t in &known {
        assert!(
            root().join("fuzz/seeds").join(t).is_dir(),
            "{t} has no seeds"
        );
    }
}

#[test]
fn fuzz_regressions() {
    replay_dir(&root().join("tests/fixtures/fuzz-regressions"));
}

#[test]
fn fuzz_seeds() {
    assert!(replay_dir(&root().join("fuzz/seeds")) > 100);
}

fn write(target: &str, name: &str, data: &[u8]) {
    let dir = root().join("fuzz/seeds").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), data).unwrap();
}

/// Seeds for the targets that take API arguments, from the fixture corpus and from real outputs
/// (saved states, drafts, tickets, records), plus the default rule pack's files and the bundled
/// questionnaires' expressions.
#[test]
#[ignore]
fn write_fuzz_seeds() {
    let desk = FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", Locale::ZhCn).unwrap();
    let mut n = 0usize;
    for c in common::cases() {
        let Some((target, decode)) = driver::TARGETS.iter().find(|(_, d)| match d {
            driver::Decode::Json(m) | driver::Decode::Text(m) => *m == c.method,
            _ => false,
        }) else {
            continue;
        };
        n += 1;
        let bytes = match decode {
            driver::Decode::Text(_) => c
                .input
                .as_str()
                .map(|s| s.as_bytes().to_vec())
                .unwrap_or_else(|| c.input.to_string().into_bytes()),
            _ => serde_json::to_vec(&c.input).unwrap(),
        };
        write(target, &format!("fx{n:03}"), &bytes);
        // Real outputs as seeds of the loaders that read them back.
        let Ok(out) = api::call(&desk, &c.method, &c.input) else {
            continue;
        };
        match c.method.as_str() {
            "precheck" => {
                if let Some(t) = out["ticket"]["code"].as_str() {
                    write("read_ticket", &format!("out{n:03}"), t.as_bytes());
                    // The body alone (the driver seals bodies that lack the prefix).
                    let prefix = &desk.pack().precheck().ticket.prefix;
                    if let Some(p) = t
                        .strip_prefix(prefix.as_str())
                        .and_then(frontdesk::digest::base32_decode)
                    {
                        let keep = p.len().saturating_sub(usize::from(
                            desk.pack().precheck().ticket.checksum_bytes,
                        ));
                        write("read_ticket", &format!("body{n:03}"), &p[..keep]);
                    }
                }
            }
            "saveContactDraft" => {
                if let Some(s) = out.as_str() {
                    write("resume_contact_draft", &format!("out{n:03}"), s.as_bytes());
                }
            }
            "prepareContactUpdate" => {
                if let Ok(Value::String(s)) = api::call(&desk, "saveContactDraft", &c.input) {
                    write("resume_contact_draft", &format!("out{n:03}"), s.as_bytes());
                }
            }
            "runQuestionnaire" => {
                if out["record"].is_object() {
                    write(
                        "verify_questionnaire_record",
                        &format!("out{n:03}"),
                        out["record"].to_string().as_bytes(),
                    );
                }
                if let Some(d) = c.input.get("definition") {
                    write(
                        "lint_questionnaire",
                        &format!("def{n:03}"),
                        d.to_string().as_bytes(),
                    );
                }
            }
            _ => {}
        }
    }
    let list = api::call(&desk, "listQuestionnaires", &Value::Null).unwrap();
    for q in list.as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        let ctx = json!({ "customerRef": "C0012345678", "accountType": "class_i", "mobileOnFile": "13812345678" });
        if let Ok(start) = api::call(
            &desk,
            "questionnaireStart",
            &json!({ "id": id, "context": ctx }),
        ) {
            if let Some(saved) = start["saved"].as_str() {
                write(
                    "questionnaire_view",
                    &id.to_string(),
                    json!({ "saved": saved }).to_string().as_bytes(),
                );
                let actions = json!([{ "do": "next" }, { "do": "back" }, { "do": "answer", "questionId": "x", "value": true }, { "do": "finish" }]);
                write(
                    "questionnaire_step",
                    &id.to_string(),
                    json!({ "saved": saved, "actions": actions })
                        .to_string()
                        .as_bytes(),
                );
            }
        }
    }
    let files = frontdesk::rulepack::default_files().unwrap();
    for (i, (path, v)) in files.iter().enumerate() {
        write(
            "rule_pack",
            &format!("file{i:03}"),
            format!("{path}\n{v}").as_bytes(),
        );
        if path.starts_with("questionnaires/") {
            write(
                "lint_questionnaire",
                &format!("bundled{i:03}"),
                v.to_string().as_bytes(),
            );
            write(
                "run_questionnaire",
                &format!("bundled{i:03}"),
                json!({ "definition": v, "answers": {} })
                    .to_string()
                    .as_bytes(),
            );
            let mut exprs = Vec::new();
            collect_exprs(v, &mut exprs);
            for (j, e) in exprs.iter().enumerate() {
                write("expr", &format!("q{i:03}-{j:03}"), e.as_bytes());
            }
        }
    }
}

/// Strings under the keys the questionnaire format uses for conditions.
fn collect_exprs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    (
                        "when" | "showIf" | "visibleIf" | "requiredIf" | "condition" | "if",
                        Value::String(s),
                    ) => out.push(s.clone()),
                    _ => collect_exprs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_exprs(x, out)),
        _ => {}
    }
}
