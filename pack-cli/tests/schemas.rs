//! The JSON Schemas of pkg-config/schema/ against the library's loader, with a real draft 2020-12
//! validator (`boon`, through `frontdesk_pack::schema`): the default pack passes both; every broken
//! pack of tests/fixtures/packs/broken/ fails both, at the place the fixture names; the accepted
//! variations of tests/fixtures/packs/accepted/ pass both; the loader-only cases of
//! tests/fixtures/packs/loader-only/ are refused by the loader and (as documented) not by a schema.
//!
//! A fixture is `{ "description", "changes": [...], "loader": { code, file, path }, "schema":
//! [{ file, path }] }`; a change is `{ "file", "set": "/json/pointer", "value" }`,
//! `{ "file", "remove": "/json/pointer" }` or `{ "file", "value" }` (a whole file added).

use frontdesk::rulepack::Files;
use frontdesk::RulePack;
use frontdesk_pack::problem::display;
use frontdesk_pack::schema::{schema_name, schema_ref, Validator, SCHEMA_FILES};
use frontdesk_pack::Source;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn default_pack() -> Files {
    Source::open(&root().join("pkg-config")).unwrap().files
}

fn fixtures(kind: &str) -> Vec<(String, Value)> {
    let dir = root().join("tests/fixtures/packs").join(kind);
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let v = serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap())
                .unwrap_or_else(|err| panic!("{name}: {err}"));
            (name, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!out.is_empty(), "no fixtures in {}", dir.display());
    out
}

fn apply(files: &mut Files, changes: &Value, case: &str) {
    for c in changes.as_array().unwrap() {
        let file = c["file"].as_str().unwrap();
        if let Some(ptr) = c["set"].as_str().or(c["remove"].as_str()) {
            let (parent, key) = ptr.rsplit_once('/').unwrap();
            let key = key.replace("~1", "/").replace("~0", "~");
            let target = files
                .get_mut(file)
                .and_then(|v| v.pointer_mut(parent))
                .unwrap_or_else(|| panic!("{case}: {file}{parent} does not exist"));
            match (target, c.get("set")) {
                (Value::Object(m), Some(_)) => {
                    m.insert(key, c["value"].clone());
                }
                (Value::Object(m), None) => {
                    m.remove(&key)
                        .unwrap_or_else(|| panic!("{case}: nothing at {ptr}"));
                }
                (Value::Array(a), Some(_)) => a[key.parse::<usize>().unwrap()] = c["value"].clone(),
                (Value::Array(a), None) => {
                    a.remove(key.parse::<usize>().unwrap());
                }
                _ => panic!("{case}: {file}{parent} is not an object or array"),
            }
        } else {
            files.insert(file.to_string(), c["value"].clone());
        }
    }
}

/// Every schema problem of the pack: (file, path as the library writes it).
fn schema_problems(v: &Validator, files: &Files) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (file, value) in files {
        for (path, message) in v.validate(file, value) {
            out.push((file.clone(), display(&path), message));
        }
    }
    out
}

#[test]
fn the_default_pack_passes_every_schema_and_names_it() {
    let v = Validator::new().unwrap();
    let files = default_pack();
    assert!(files.len() > 30);
    assert_eq!(schema_problems(&v, &files), vec![]);
    for (file, value) in &files {
        assert!(schema_name(file).is_some(), "{file} has no schema");
        assert_eq!(
            value.get("$schema").and_then(Value::as_str),
            schema_ref(file).as_deref(),
            "{file}: \"$schema\" should name its schema for editors"
        );
    }
    RulePack::from_files(&files).expect("and the loader loads it");
}

#[test]
fn broken_packs_fail_both_the_schemas_and_the_loader_at_the_same_place() {
    let v = Validator::new().unwrap();
    let base = default_pack();
    let cases = fixtures("broken");
    assert!(cases.len() >= 9);
    for (case, fx) in cases {
        let mut files = base.clone();
        apply(&mut files, &fx["changes"], &case);
        let want = &fx["loader"];
        let e = RulePack::from_files(&files)
            .err()
            .unwrap_or_else(|| panic!("{case}: the loader accepts it"));
        assert_eq!(
            (
                e.code.as_str(),
                e.file.as_deref().unwrap_or(""),
                e.path.as_deref().unwrap_or("")
            ),
            (
                want["code"].as_str().unwrap(),
                want["file"].as_str().unwrap(),
                want["path"].as_str().unwrap()
            ),
            "{case}: loader error {e}"
        );
        let found = schema_problems(&v, &files);
        assert!(!found.is_empty(), "{case}: the schemas accept it");
        for s in fx["schema"].as_array().unwrap() {
            let (file, path) = (s["file"].as_str().unwrap(), s["path"].as_str().unwrap());
            assert!(
                found.iter().any(|(f, p, _)| f == file && p == path),
                "{case}: no schema problem at {file} {path}; found {found:?}"
            );
        }
        // Agreement: what the loader names is what a schema names (or the object around it, or a
        // field inside it), and the schemas find nothing in files the change did not touch.
        let (lf, lp) = (
            want["file"].as_str().unwrap(),
            want["path"].as_str().unwrap(),
        );
        assert!(
            found
                .iter()
                .any(|(f, p, _)| f == lf && (p.starts_with(lp) || lp.starts_with(p.as_str()))),
            "{case}: the schemas do not name the loader's place {lf} {lp}: {found:?}"
        );
        let touched: Vec<&str> = fx["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["file"].as_str().unwrap())
            .collect();
        for (f, p, m) in &found {
            assert!(
                touched.contains(&f.as_str()),
                "{case}: unexpected {f} {p}: {m}"
            );
        }
    }
}

#[test]
fn accepted_variations_pass_both() {
    let v = Validator::new().unwrap();
    let base = default_pack();
    for (case, fx) in fixtures("accepted") {
        let mut files = base.clone();
        apply(&mut files, &fx["changes"], &case);
        assert_eq!(schema_problems(&v, &files), vec![], "{case}");
        if let Err(e) = RulePack::from_files(&files) {
            panic!("{case}: the loader refuses it: {e}");
        }
    }
}

#[test]
fn loader_only_cases_are_refused_by_the_loader_and_named_by_check() {
    let v = Validator::new().unwrap();
    let base = default_pack();
    for (case, fx) in fixtures("loader-only") {
        let mut files = base.clone();
        apply(&mut files, &fx["changes"], &case);
        // The schemas cannot say it (uniqueness, references, weekdays, names inside expressions);
        // if one day they can, move the case to broken/.
        assert_eq!(schema_problems(&v, &files), vec![], "{case}");
        let e = RulePack::from_files(&files)
            .err()
            .unwrap_or_else(|| panic!("{case}: the loader accepts it"));
        let want = &fx["loader"];
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (want["file"].as_str(), want["path"].as_str()),
            "{case}: {e}"
        );
    }
}

#[test]
fn schema_enums_are_the_librarys() {
    use frontdesk::precheck::{AccountKind, ApplicantKind, Flag, Purpose, Signal};
    let v = Validator::new().unwrap();
    let common = v.doc("precheck-common.schema.json").unwrap();
    let names = |e: &Value| -> Vec<String> {
        e["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    let lib = |all: Vec<&str>| all.into_iter().map(str::to_string).collect::<Vec<_>>();
    let defs = &common["$defs"];
    let named: [(&str, Vec<&str>); 5] = [
        (
            "applicantKind",
            ApplicantKind::ALL.iter().map(|k| k.name()).collect(),
        ),
        (
            "accountKind",
            AccountKind::ALL.iter().map(|k| k.name()).collect(),
        ),
        ("purpose", Purpose::ALL.iter().map(|k| k.name()).collect()),
        ("signal", Signal::ALL.iter().map(|k| k.name()).collect()),
        ("flag", Flag::ALL.iter().map(|k| k.name()).collect()),
    ];
    for (def, all) in named {
        assert_eq!(names(&defs[def]), lib(all), "{def}");
    }
    let docs = v.doc("documents.schema.json").unwrap();
    assert_eq!(
        names(&docs["properties"]["validity"]["properties"]["bands"]["propertyNames"]),
        lib(frontdesk::documents::DocumentKind::ALL
            .iter()
            .filter(|k| k.has_validity())
            .map(|k| k.name())
            .collect())
    );
    let contact = v.doc("contact.schema.json").unwrap();
    let fields: Vec<&String> = contact["properties"]["verification"]["properties"]["fields"]
        ["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    let mut rules: Vec<&str> = frontdesk::contact::rules::RULES.to_vec();
    rules.sort();
    assert_eq!(fields, rules);
    // The calendar schema checks dates per year over exactly the years a file may hold.
    let cal = v.doc("calendar-year.schema.json").unwrap();
    let year = &cal["properties"]["year"];
    let (lo, hi) = (
        year["minimum"].as_i64().unwrap(),
        year["maximum"].as_i64().unwrap(),
    );
    let years: Vec<i64> = cal["allOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["if"]["properties"]["year"]["const"].as_i64().unwrap())
        .collect();
    assert_eq!(years, (lo..=hi).collect::<Vec<_>>());
}

#[test]
fn every_schema_file_is_built_in() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("pkg-config/schema"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut built_in: Vec<String> = SCHEMA_FILES.iter().map(|(n, _)| n.to_string()).collect();
    built_in.sort();
    assert_eq!(on_disk, built_in);
}
