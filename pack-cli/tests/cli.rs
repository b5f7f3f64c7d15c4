//! The built `frontdesk-pack` binary, every command, with good and bad input: exit status, the
//! lines a person reads, and never a panic.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-23T10:00:00+08:00";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn default_pack() -> PathBuf {
    root().join("pkg-config")
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn run(args: &[&str]) -> Run {
    run_with_input(args, None)
}

fn run_with_input(args: &[&str], stdin: Option<&str>) -> Run {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontdesk-pack"));
    cmd.args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdin(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("start frontdesk-pack");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    let r = Run {
        code: status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&stdout).into_owned(),
        err: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(
        !r.err.contains("panicked") && !r.out.contains("panicked"),
        "{args:?} panicked: {}",
        r.err
    );
    r
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("frontdesk-pack-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A copy of the default pack under `dir`, with `edit` applied to parsed files (written back
/// indented by serde_json).
/// A file of the pack and a change to its parsed content.
type Edit<'a> = (&'a str, &'a dyn Fn(&mut Value));

fn edited_pack(dir: &Path, edits: &[Edit]) -> PathBuf {
    let pack = dir.join("pack");
    copy_dir(&default_pack(), &pack);
    for (file, edit) in edits {
        let path = pack.join(file);
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        edit(&mut v);
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }
    pack
}

/// The 1-based line of the first line of `file` containing `needle`.
fn line_of(file: &Path, needle: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {}", file.display()))
        + 1
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn usage_and_unknown_commands() {
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("no command given") && r.err.contains("usage:"));
    let r = run(&["frobnicate"]);
    assert_eq!(r.code, 2);
    assert!(
        r.err.contains("unknown command \"frobnicate\""),
        "{}",
        r.err
    );
    let r = run(&["help"]);
    assert_eq!(r.code, 0);
    assert!(r.out.contains("exit status:"));
    assert_eq!(run(&["--version"]).code, 0);
    let r = run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("check takes one pack"));
    let r = run(&["check", s(&default_pack()), "--strict"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("unknown option \"--strict\""));
}

#[test]
fn check_the_default_pack() {
    let r = run(&["check", s(&default_pack())]);
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    let last = r.out.lines().last().unwrap();
    assert!(last.starts_with("ok: frontdesk default rules"), "{last}");
    assert!(
        last.contains("version 2026.")
            && last.contains("12 questionnaires")
            && last.contains("5 tiers"),
        "{last}"
    );
}

#[test]
fn check_reports_every_problem_with_file_path_and_line() {
    let dir = scratch("every");
    let pack = edited_pack(
        &dir,
        &[
            ("pack.json", &|v| v["settings"]["colour"] = "red".into()),
            ("tiers.json", &|v| {
                v["settings"]["yearWindow"] = "fiscal".into();
                v["tiers"][1]["buckets"][0]["limits"][0]["amountFen"] = 0.into();
            }),
            ("calendar/2026.json", &|v| {
                v["holidays"][0]["off"][1] = "2025-12-31".into()
            }),
            ("questionnaires/periodic.json", &|v| {
                v["pages"][0]["questions"][1]["visibleIf"] = "mobile_same = false".into()
            }),
            // Loader-only: a reference the schemas cannot check, in a file of its own.
            ("precheck/materials.json", &|v| {
                v["materials"][1]["id"] = v["materials"][0]["id"].clone()
            }),
        ],
    );
    std::fs::write(
        pack.join("precheck/ticket.json"),
        "{\n  \"prefix\": \"FD1\",\n  oops\n}\n",
    )
    .unwrap();
    let r = run(&["check", s(&pack)]);
    assert_eq!(r.code, 1, "{}{}", r.out, r.err);
    let has = |prefix: String| {
        assert!(
            r.out.lines().any(|l| l.starts_with(&prefix)),
            "no line starting {prefix:?} in\n{}",
            r.out
        )
    };
    has(format!(
        "pack.json:{}: settings.colour: unknown field",
        line_of(&pack.join("pack.json"), "\"colour\"")
    ));
    has(format!(
        "tiers.json:{}: settings.yearWindow: must be one of",
        line_of(&pack.join("tiers.json"), "\"yearWindow\"")
    ));
    // The second problem of the same file, which the loader alone would not reach.
    has("tiers.json:".to_string());
    assert!(r
        .out
        .contains("tiers[1].buckets[0].limits[0].amountFen: must be at least 1"));
    has(format!(
        "calendar/2026.json:{}: holidays[0].off[1]: \"2025-12-31\" must match ^2026-",
        line_of(&pack.join("calendar/2026.json"), "2025-12-31")
    ));
    has(format!(
        "questionnaires/periodic.json:{}: pages[0].questions[1].visibleIf:",
        line_of(
            &pack.join("questionnaires/periodic.json"),
            "mobile_same = false"
        )
    ));
    has("precheck/materials.json:".to_string());
    assert!(
        r.out
            .contains("duplicate material id [loader rule_pack.invalid]"),
        "{}",
        r.out
    );
    has("precheck/ticket.json:3: not JSON".to_string());
    assert!(
        r.out
            .lines()
            .last()
            .unwrap()
            .ends_with("problems in 6 files"),
        "{}",
        r.out
    );
}

#[test]
fn check_bad_input() {
    let dir = scratch("bad");
    // A missing folder.
    let r = run(&["check", s(&dir.join("nope"))]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("cannot read it"), "{}", r.err);
    // A folder without pack.json.
    let r = run(&["check", s(&root().join("src"))]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("no pack.json"), "{}", r.err);
    // A file that is not JSON, given as a bundle.
    std::fs::write(dir.join("notes.txt"), "pack version 7\n").unwrap();
    let r = run(&["check", s(&dir.join("notes.txt"))]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("not JSON"), "{}", r.err);
    // A 5 MB file.
    let big = dir.join("big.json");
    std::fs::write(
        &big,
        format!("{{\"pack.json\": \"{}\"}}", "x".repeat(5 * 1024 * 1024)),
    )
    .unwrap();
    let r = run(&["check", s(&big)]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("at most 4.0 MB"), "{}", r.err);
    // The same 5 MB as a file of a pack folder; and a file that is not UTF-8.
    let pack = edited_pack(&dir, &[]);
    std::fs::copy(&big, pack.join("messages/huge.json")).unwrap();
    std::fs::write(pack.join("messages/latin1.json"), b"{\"a\": \"caf\xe9\"}").unwrap();
    let r = run(&["check", s(&pack)]);
    assert_eq!(r.code, 1, "{}{}", r.out, r.err);
    assert!(r.out.contains("messages/huge.json: too large"), "{}", r.out);
    assert!(
        r.out.contains("messages/latin1.json: not UTF-8"),
        "{}",
        r.out
    );
    // A README beside the pack is left out, with a warning.
    let pack2 = edited_pack(&scratch("readme"), &[]);
    std::fs::write(pack2.join("README.md"), "our pack\n").unwrap();
    let r = run(&["check", s(&pack2)]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("warning: README.md: left out"));
}

#[test]
fn bundle_then_check_and_load_it() {
    let dir = scratch("bundle");
    let out = dir.join("bank-pack.json");
    let r = run(&["bundle", s(&default_pack()), "-o", s(&out)]);
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    assert!(r.out.starts_with("wrote "), "{}", r.out);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("{\"format\":\"frontdesk-pack/1\",\"name\":"));
    assert!(!text.contains("$schema"));
    let pack = frontdesk::RulePack::from_bundle_json(&text).expect("the library loads it");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], pack.version());
    assert!(r.out.contains(v["sha256"].as_str().unwrap()));
    // check accepts the bundle.
    let r = run(&["check", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("(bundle)"));
    // To standard output.
    let r = run(&["bundle", s(&default_pack()), "-o", "-"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.out, text);
    // A tampered bundle: one limit raised by hand.
    let tampered = dir.join("tampered.json");
    std::fs::write(
        &tampered,
        text.replacen("\"amountFen\":1000000", "\"amountFen\":9000000", 1),
    )
    .unwrap();
    let r = run(&["check", s(&tampered)]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(
        r.out.contains("sha256: the files do not match"),
        "{}",
        r.out
    );
    assert!(r.out.contains("rule_pack.digest_mismatch"), "{}", r.out);
    assert!(
        frontdesk::RulePack::from_bundle_json(&std::fs::read_to_string(&tampered).unwrap())
            .is_err()
    );
    // A broken pack is not bundled.
    let broken = edited_pack(&dir, &[("pack.json", &|v| v["version"] = "".into())]);
    let refused = dir.join("refused.json");
    let r = run(&["bundle", s(&broken), "-o", s(&refused)]);
    assert_eq!(r.code, 1);
    assert!(r.out.contains("not bundled"), "{}", r.out);
    assert!(!refused.exists());
    // Usage.
    let r = run(&["bundle", s(&default_pack())]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("needs -o"));
}

#[test]
fn diff_in_words_and_the_version_bump() {
    let dir = scratch("diff");
    let r = run(&["diff", s(&default_pack()), s(&default_pack())]);
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("No content changes."));
    let raise = |v: &mut Value| {
        // Class II, money out, per day.
        v["tiers"][1]["buckets"][1]["limits"][0]["amountFen"] = 2_000_000.into();
    };
    let unbumped = edited_pack(&scratch("diff-a"), &[("tiers.json", &raise)]);
    let r = run(&["diff", s(&default_pack()), s(&unbumped)]);
    assert_eq!(r.code, 3, "{}", r.out);
    assert!(
        r.out.contains("changed  Class II account — Money out")
            && r.out.contains("¥10,000 → ¥20,000"),
        "{}",
        r.out
    );
    assert!(r
        .out
        .contains("WARNING: the content changed but the version did not change"));
    let bumped = edited_pack(
        &dir,
        &[
            ("tiers.json", &raise),
            ("pack.json", &|v| v["version"] = "2099.1.1".into()),
            ("questionnaires/periodic.json", &|v| {
                v["version"] = "2099.1.1".into();
                v["pages"][0]["questions"][0]["text"]["en"] = "Still your number?".into();
            }),
            ("calendar/2026.json", &|v| {
                v["holidays"][0]["off"].as_array_mut().unwrap().pop();
            }),
            ("messages/ui.json", &|v| {
                v["ui.app.title"]["en"] = "Front desk".into()
            }),
        ],
    );
    let r = run(&["diff", s(&default_pack()), s(&bumped)]);
    assert_eq!(r.code, 1, "{}", r.out);
    for want in [
        "Version: 2026.11.1 → 2099.1.1 (bumped)",
        "changed  questionnaire periodic (version 2026.12.1 → 2099.1.1)",
        "question changed: mobile_same: text.en:",
        "removed  2026-01-03 day off (New Year's Day)",
        "changed  ui.app.title (en): \"Bank front desk\" → \"Front desk\"",
    ] {
        assert!(r.out.contains(want), "{want:?} not in\n{}", r.out);
    }
    // A pack that does not load is not compared.
    let broken = edited_pack(
        &scratch("diff-b"),
        &[("pack.json", &|v| v["version"] = "".into())],
    );
    let r = run(&["diff", s(&default_pack()), s(&broken)]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("does not pass check"), "{}", r.err);
    assert_eq!(run(&["diff", s(&default_pack())]).code, 2);
}

#[test]
fn explain_runs_a_method_natively() {
    let dir = scratch("explain");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let default = default_pack();
    let explain = |pack: &Path, method: &str, input: &Path, options: &[&str]| {
        run(&[&["explain", s(pack), method, s(input)][..], options].concat())
    };
    let at_now = ["--now", NOW];
    let input = write(
        "doc.json",
        r#"{ "kind": "cn_resident_id", "number": "11010519491231002X" }"#,
    );
    let r = explain(
        &default,
        "validateDocument",
        &input,
        &["--now", NOW, "--locale", "en"],
    );
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    let v: Value = serde_json::from_str(&r.out).expect("pretty JSON");
    assert!(v["findings"].is_array());
    assert!(r.err.is_empty(), "{}", r.err);
    // The library's key order is kept (DeskInfo declares packageVersion, rulePackVersion, …).
    let info = explain(&default, "info", &write("null.json", "null"), &at_now);
    assert_eq!(info.code, 0, "{}", info.err);
    let keys: Vec<&str> = info
        .out
        .lines()
        .filter(|l| l.starts_with("  \""))
        .map(|l| l.trim())
        .collect();
    assert!(
        keys[0].starts_with("\"packageVersion\"") && keys[1].starts_with("\"rulePackVersion\""),
        "{keys:?}"
    );
    // Without --now the tool reads the clock itself, and says so.
    let r = explain(&default, "validateDocument", &input, &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.err
            .contains("no --now given: using this computer's clock"),
        "{}",
        r.err
    );
    // From standard input, refused by the method: the error, exit 1.
    let r = run_with_input(
        &[
            "explain",
            s(&default),
            "validateDocument",
            "-",
            "--now",
            NOW,
        ],
        Some(r#"{ "kind": "cn_resident_id" }"#),
    );
    assert_eq!(r.code, 1);
    assert!(
        r.out.contains("\"code\": \"argument.invalid\""),
        "{}",
        r.out
    );
    // Bad input: unknown method, not JSON, bad --now, bad locale, missing input.
    let r = explain(&default, "teleport", &input, &at_now);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("unknown method \"teleport\""), "{}", r.err);
    let r = explain(
        &default,
        "validateDocument",
        &write("bad.json", "{ kind: x }"),
        &at_now,
    );
    assert_eq!(r.code, 2);
    assert!(r.err.contains("not JSON"), "{}", r.err);
    let r = explain(&default, "validateDocument", &input, &["--now", "tomorrow"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("--now"), "{}", r.err);
    let r = explain(
        &default,
        "validateDocument",
        &input,
        &["--now", NOW, "--locale", "fr"],
    );
    assert_eq!(r.code, 2);
    let r = explain(
        &default,
        "validateDocument",
        &dir.join("missing.json"),
        &at_now,
    );
    assert_eq!(r.code, 2);
    assert!(r.err.contains("cannot read the input"), "{}", r.err);
    // A changed pack changes the answer: a bank's own message wording.
    let pack = edited_pack(
        &dir,
        &[("messages/documents.json", &|v| {
            v["resident_id.checksum"]["en"] = "Bank wording: the last character is wrong.".into()
        })],
    );
    let bad_id = write(
        "bad-id.json",
        r#"{ "kind": "cn_resident_id", "number": "110105194912310021" }"#,
    );
    let r = explain(
        &pack,
        "validateDocument",
        &bad_id,
        &["--now", NOW, "--locale", "en"],
    );
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.out.contains("Bank wording: the last character is wrong."),
        "{}",
        r.out
    );
}
