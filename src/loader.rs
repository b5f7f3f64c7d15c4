//! Reading a rule pack's files: each capability loads its own rules type from the files through a
//! `Loader` (`XRules::load(&loader)`), and `crate::rulepack` composes them. The loader remembers
//! which files were read, so that leftovers (a typo in a file name, a file from another product)
//! are refused rather than silently ignored.
//!
//! Every file may carry a top-level `"$schema"` string (the address of its JSON Schema, for
//! editors and the pack tooling): the shared reader every decoder uses checks it is a string and
//! leaves it out (`jsonread::SCHEMA_KEY`).

use crate::error::Error;
use crate::jsonread::{Obj, Reader};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A rule pack as files: path (relative to the pack root, `/`-separated) → parsed JSON.
pub type Files = BTreeMap<String, Value>;

/// Reads sections out of a set of files (see the module comment).
pub struct Loader<'a> {
    files: &'a Files,
    /// The paths read (a list, not a set: a pack has a few dozen files, and a `BTreeSet<String>`
    /// cost the WASM module its own B-tree code, ~1 KB gzip).
    used: RefCell<Vec<String>>,
}

impl<'a> Loader<'a> {
    pub fn new(files: &'a Files) -> Self {
        Loader {
            files,
            used: RefCell::new(Vec::new()),
        }
    }

    /// A required file as it is (its decoder reads it with `crate::jsonread`).
    pub fn raw(&self, file: &str) -> Result<&Value, Error> {
        let value = self.files.get(file).ok_or_else(|| {
            Error::new(
                "rule_pack.missing_file",
                "required rule-pack file is missing",
            )
            .in_file(file)
        })?;
        self.mark(file);
        Ok(value)
    }

    /// A required file read by `f` with the shared reader (`crate::jsonread`).
    pub fn read<T>(&self, file: &str, f: impl FnOnce(&Obj) -> T) -> Result<T, Error> {
        let value = self.raw(file)?;
        Reader::read(Some(file), value, f)
    }

    /// Every file directly under `dir/` ending in `.json`, in path order, as it is.
    pub fn raw_dir(&self, dir: &str) -> Vec<(String, &Value)> {
        let prefix = format!("{dir}/");
        let mut out = Vec::new();
        for (path, value) in self.files.range(prefix.clone()..) {
            if !path.starts_with(&prefix) {
                break;
            }
            if path[prefix.len()..].contains('/') || !path.ends_with(".json") {
                continue;
            }
            self.mark(path);
            out.push((path.clone(), value));
        }
        out
    }

    /// Mark every file matching one of `paths` as read without reading it (a path ending in `/`
    /// is a folder): the files of a capability this build leaves out.
    pub fn skip(&self, paths: &[&str]) {
        for file in self.files.keys() {
            if paths.iter().any(|p| {
                if p.ends_with('/') {
                    file.starts_with(p)
                } else {
                    file == p
                }
            }) {
                self.mark(file);
            }
        }
    }

    /// Note `file` as read.
    #[inline(never)]
    fn mark(&self, file: &str) {
        let mut used = self.used.borrow_mut();
        if !used.iter().any(|u| u == file) {
            used.push(file.to_string());
        }
    }

    /// Every file must have been read by some section.
    pub fn finish(self) -> Result<(), Error> {
        let used = self.used.into_inner();
        match self.files.keys().find(|k| !used.contains(k)) {
            Some(extra) => Err(Error::new(
                "rule_pack.unknown_file",
                "file is not part of the rule-pack format",
            )
            .in_file(extra)),
            None => Ok(()),
        }
    }
}

/// A semantic check failure inside a file.
pub fn invalid(file: &str, path: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new("rule_pack.invalid", message)
        .in_file(file)
        .at_path(path)
}

/// Refuse a pack holding a host secret: no object key in any file may name one (`*secret*`,
/// `deskNonce`). The idempotency secret and the desk nonce are `DeskOptions` a host passes at run
/// time; a rule pack is published data (issue 15 item 16). The error names the file and the path,
/// never the value.
pub fn refuse_secrets(files: &Files) -> Result<(), Error> {
    fn walk(v: &Value, path: &str, depth: u32) -> Option<String> {
        match v {
            Value::Object(m) if depth < 64 => {
                for (k, x) in m {
                    let lower = k.to_ascii_lowercase();
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    // (a byte window, not `contains("secret")`: a `&str` needle costs the WASM
                    // module the two-way string searcher)
                    if lower.as_bytes().windows(6).any(|w| w == b"secret") || lower == "desknonce" {
                        return Some(p);
                    }
                    if let Some(found) = walk(x, &p, depth + 1) {
                        return Some(found);
                    }
                }
                None
            }
            Value::Array(a) if depth < 64 => {
                for (i, x) in a.iter().enumerate() {
                    if let Some(found) = walk(x, &format!("{path}[{i}]"), depth + 1) {
                        return Some(found);
                    }
                }
                None
            }
            _ => None,
        }
    }
    for (file, v) in files {
        if let Some(path) = walk(v, "", 0) {
            return Err(invalid(
                file,
                &path,
                "a host secret (idempotencySecret, deskNonce) never goes in a rule pack: pass it in the desk options",
            ));
        }
    }
    Ok(())
}

/// Files from `(path, JSON text)` pairs, for unit tests that load one capability's rules from a
/// small inline snippet.
#[cfg(test)]
pub(crate) fn files(list: &[(&str, &str)]) -> Files {
    let mut out = Files::new();
    for (path, text) in list {
        let value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        out.insert(path.to_string(), value);
    }
    out
}

/// Every `*.json` of `pkg-config/` read from disk (the full default pack, whatever this build
/// embeds), for unit tests that load one capability's rules from the real files.
#[cfg(test)]
pub(crate) fn disk_files() -> Files {
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Files) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() && rel != "schema" {
                walk(&path, root, out);
            } else if rel.ends_with(".json") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.insert(rel, serde_json::from_str(&text).unwrap());
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg-config");
    let mut files = Files::new();
    walk(&root, &root, &mut files);
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_key_is_accepted_and_hidden_from_decoders() {
        let f = files(&[
            ("a.json", r#"{ "$schema": "./schema/a.json", "n": 1 }"#),
            (
                "m/b.json",
                r#"{ "$schema": "../schema/b.json", "x.y": { "zh-CN": "甲", "en": "A" } }"#,
            ),
        ]);
        let loader = Loader::new(&f);
        let n = loader.read("a.json", |o| {
            o.fields(&["n"], &[]);
            o.u32("n", 9)
        });
        assert_eq!(n.unwrap(), 1);
        for (file, value) in loader.raw_dir("m") {
            let texts = Reader::read(Some(&file), value, |o| o.as_texts()).unwrap();
            assert_eq!(texts.keys().collect::<Vec<_>>(), ["x.y"]);
        }
        loader.finish().unwrap();
        // Not a string: refused, naming the file and the key.
        let f = files(&[("a.json", r#"{ "$schema": 3, "n": 1 }"#)]);
        let e = Loader::new(&f)
            .read("a.json", |o| o.fields(&["n"], &[]))
            .unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.file.as_deref(), e.path.as_deref()),
            ("rule_pack.invalid", Some("a.json"), Some("$schema"))
        );
        // Only at the top of a file: deeper, or in a call's argument, it is an unknown field.
        let e = Reader::read(None, &json!({ "$schema": "x" }), |o| o.only(&[])).unwrap_err();
        assert_eq!(e.code, "argument.invalid");
        let deep = json!({ "o": { "$schema": "x" } });
        let e = Reader::read(Some("a.json"), &deep, |o| o.obj("o").only(&[])).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("o.$schema"));
    }

    #[test]
    fn unread_files_are_refused_and_skipped_ones_are_not() {
        let f = files(&[("a.json", "{}"), ("x/b.json", "{}"), ("c.json", "{}")]);
        let loader = Loader::new(&f);
        loader.raw("a.json").unwrap();
        loader.skip(&["x/"]);
        let e = loader.finish().unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.file.as_deref()),
            ("rule_pack.unknown_file", Some("c.json"))
        );
        let loader = Loader::new(&f);
        assert_eq!(
            loader.raw("nope.json").unwrap_err().code,
            "rule_pack.missing_file"
        );
    }
}
