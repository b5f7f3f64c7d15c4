//! `check`: every problem of a pack, each with its file, JSON path, line and what is wrong.
//!
//! The library's loader stops at the first error, and its callers (a host page, a bank's server)
//! want exactly that. To report every problem without changing it, `check` combines two passes:
//!
//! 1. **Schemas.** Every file is validated against the JSON Schema of its kind
//!    (`pkg-config/schema/`, a real draft 2020-12 validator): all structural problems of all files
//!    at once — unknown and missing keys, types, enums, ranges, forms, per-year calendar dates.
//! 2. **The loader, file by file.** The pack is loaded exactly as the library loads it
//!    (`RulePack::from_files`, whose reader skips the editor's `$schema` keys; a bundle through
//!    `RulePack::from_bundle_json`). When it refuses,
//!    the problem is recorded, the file it names is set aside — replaced by the default pack's copy
//!    of that file, or left out when the default has none — and the pack is loaded again, until it
//!    loads or no file can be set aside. So one broken file does not hide another, and semantic
//!    problems the schemas cannot express (references between files, uniqueness, lint of
//!    questionnaire expressions) are found in every file. A problem found after setting files aside
//!    says so: it may follow from the stand-in. Within one file the loader still reports its first
//!    semantic problem only; the schemas report all structural ones.
//!
//! A problem found by both at the same place is shown once, naming both.

use crate::problem::{Finder, Problem};
use crate::schema::{schema_ref, Validator};
use crate::source::Source;
use frontdesk::rulepack::{default_files, Files};
use frontdesk::{Error, RulePack};

/// What `check` found.
pub struct Outcome {
    /// Every problem, by file and line.
    pub problems: Vec<Problem>,
    /// Things worth knowing that do not stop the pack from working (a `$schema` that points
    /// elsewhere, files left out).
    pub warnings: Vec<String>,
    /// The pack as the library loads it, when it loads.
    pub pack: Option<RulePack>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.pack.is_some()
    }
}

/// Check the pack read into `src`.
pub fn check(src: &Source, validator: &Validator) -> Outcome {
    let mut problems = src.problems.clone();
    let mut warnings = Vec::new();
    for f in &src.ignored {
        warnings.push(format!("{f}: left out (not a .json file)"));
    }
    for (file, value) in &src.files {
        for (path, message) in validator.validate(file, value) {
            problems.push(Problem::new(file, path, message, Finder::Schema));
        }
        if let (Some(given), Some(want)) = (
            value.get("$schema").and_then(|s| s.as_str()),
            schema_ref(file),
        ) {
            if given != want {
                warnings.push(format!(
                    "{file}: \"$schema\" is {given:?}; the schema of this file kind is {want:?} (editors check against the one named)"
                ));
            }
        }
    }
    let pack = load_each(src, &mut problems);
    for p in &mut problems {
        if p.line.is_none() {
            p.line = src.line(&p.file, &p.path);
        }
    }
    problems.sort_by(|a, b| {
        (&a.file, a.line, &a.path, &a.message).cmp(&(&b.file, b.line, &b.path, &b.message))
    });
    Outcome {
        problems,
        warnings,
        pack,
    }
}

/// Load the pack as the library does; on each refusal record it, set the file aside and load
/// again. Returns the pack when it loads as given.
fn load_each(src: &Source, problems: &mut Vec<Problem>) -> Option<RulePack> {
    let defaults = default_files().unwrap_or_default();
    let mut files: Files = src.files.clone();
    let mut set_aside: Vec<String> = Vec::new();
    let first = match &src.bundle_text {
        Some(text) => RulePack::from_bundle_json(text),
        None => RulePack::from_files(&files),
    };
    let mut result = first;
    let mut tried_files = false;
    // Each round sets one more file aside (or stops), so this ends; the bound is a safeguard.
    for _ in 0..=files.len() + defaults.len() + 1 {
        let e = match result {
            Ok(pack) => {
                return (set_aside.is_empty() && !tried_files).then_some(pack);
            }
            Err(e) => e,
        };
        let note = (!set_aside.is_empty()).then(|| {
            format!(
                "found with {} set aside: it may follow from the stand-in",
                set_aside.join(", ")
            )
        });
        record(src, problems, &e, note);
        let Some(file) = e.file.clone() else {
            if src.is_bundle() && set_aside.is_empty() && !tried_files {
                // The envelope was refused (its digest, say): check the files it carries anyway.
                tried_files = true;
                result = RulePack::from_files(&files);
                continue;
            }
            break;
        };
        if !aside(&mut files, &defaults, &e.code, &file) || set_aside.contains(&file) {
            break;
        }
        set_aside.push(file);
        result = RulePack::from_files(&files);
    }
    None
}

/// Set `file` aside after the loader refused it: the default's copy stands in, or it is left out.
/// False when nothing can be done.
fn aside(files: &mut Files, defaults: &Files, code: &str, file: &str) -> bool {
    if code == "rule_pack.unknown_file" {
        return files.remove(file).is_some();
    }
    if file.contains('<') {
        // A missing kind of file ("calendar/<year>.json"): every default file of that folder.
        let dir = file.split('/').next().unwrap_or("");
        let mut any = false;
        for (k, v) in defaults.range(format!("{dir}/")..) {
            if !k.starts_with(&format!("{dir}/")) {
                break;
            }
            any |= files.insert(k.clone(), v.clone()).is_none();
        }
        return any;
    }
    match defaults.get(file) {
        Some(d) if files.get(file) != Some(d) => {
            files.insert(file.to_string(), d.clone());
            true
        }
        Some(_) => false,
        None => files.remove(file).is_some(),
    }
}

fn record(src: &Source, problems: &mut Vec<Problem>, e: &Error, note: Option<String>) {
    let file = e.file.clone().unwrap_or_default();
    let path = src.resolve(&file, e.path.as_deref().unwrap_or(""));
    // The same place, or (the loader names an object, the schema the field inside it, or the other
    // way round) a place inside the other's.
    let related =
        |p: &Problem| p.file == file && (p.path.starts_with(&path) || path.starts_with(&p.path));
    let found = problems
        .iter()
        .position(|p| p.file == file && p.path == path)
        .or_else(|| {
            problems
                .iter()
                .position(|p| related(p) && p.found_by.contains(&Finder::Schema))
        });
    if let Some(p) = found.and_then(|i| problems.get_mut(i)) {
        p.found_by.insert(Finder::Loader);
        p.code = Some(e.code.clone());
        if !p.message.contains(&e.message) {
            p.message = format!("{} (loader: {})", p.message, e.message);
        }
        return;
    }
    let mut p = Problem::new(&file, path, e.message.clone(), Finder::Loader);
    p.code = Some(e.code.clone());
    p.note = note;
    problems.push(p);
}

/// The one-line summary of a pack that loads.
pub fn summary(pack: &RulePack, src: &Source) -> String {
    format!(
        "ok: {} / {} — version {}; {} files, {} questionnaires, {} tiers{}",
        pack.manifest.name.en,
        pack.manifest.name.zh_cn,
        pack.version(),
        src.files.len(),
        pack.questionnaires().definitions.len(),
        pack.tiers().tiers.len(),
        if src.is_bundle() { " (bundle)" } else { "" }
    )
}
