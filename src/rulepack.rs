//! The rule pack: every bank-editable fact (limits, checklists, questionnaires, calendars, message
//! catalogs) as JSON files. The default pack is `pkg-config/`, embedded at build time; a bank replaces
//! it at run time with its own bundle. Loading validates every file: unknown fields, missing files,
//! unknown files and bad values are refused with an error naming the file and the field.
//!
//! This module only composes: each capability owns its rules type and loads it from the files
//! (`XRules::load(&loader)`); `RulePack` holds one of each this build has, and knows which files
//! belong to which capability (`CAPABILITY_FILES`) so a lean build skips the others' files.

use crate::error::{scrub_serde_message, Error};
use crate::i18n::Catalog;
use serde_json::Value;
use std::sync::{Arc, OnceLock};

pub use crate::ctx::{Manifest, Settings};
pub use crate::loader::{invalid, Files, Loader};

pub mod bundle;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_pack.rs"));
}

/// Largest rule-pack bundle accepted, in bytes of JSON text.
pub const MAX_PACK_BYTES: usize = 4 * 1024 * 1024;
/// Most files one bundle may hold.
pub const MAX_PACK_FILES: usize = 256;

/// A loaded, validated rule pack. Each capability's rules are read through its accessor
/// (`pack.documents()`, `pack.tiers()`, …). A bank's pack is decoded and checked whole when it is
/// loaded (`from_files`, `from_bundle_json`). The embedded default pack, checked when the package
/// is built (build.rs checks its catalogs; the `embedded_*` tests below load it whole and compare),
/// is trusted at run time: its catalog is a table decoded at build time and each capability's rules
/// are decoded from its own files on first use, so a desk starts without reading the whole pack.
#[derive(Debug, Clone)]
pub struct RulePack {
    pub manifest: Manifest,
    pub messages: Catalog,
    documents: OnceLock<crate::documents::DocumentRules>,
    #[cfg(feature = "precheck")]
    precheck: OnceLock<crate::precheck::PrecheckRules>,
    #[cfg(feature = "calendar")]
    calendar: OnceLock<crate::calendar::Calendar>,
    #[cfg(feature = "callbacks")]
    callbacks: OnceLock<crate::callbacks::CallbackRules>,
    #[cfg(feature = "questionnaire")]
    questionnaires: OnceLock<crate::questionnaire::QuestionnaireRules>,
    #[cfg(feature = "contact")]
    contact: OnceLock<crate::contact::ContactRules>,
    #[cfg(feature = "tiers")]
    tiers: OnceLock<crate::tiers::TierRules>,
    #[cfg(feature = "service")]
    service: OnceLock<crate::service::ServiceRules>,
    #[cfg(feature = "lifecycle")]
    lifecycle: OnceLock<crate::lifecycle::LifecycleRules>,
}

impl PartialEq for RulePack {
    /// The same rules (lazily decoded parts are decoded to compare).
    fn eq(&self, other: &RulePack) -> bool {
        let same = self.manifest == other.manifest
            && self.messages == other.messages
            && self.documents() == other.documents();
        #[cfg(feature = "precheck")]
        let same = same && self.precheck() == other.precheck();
        #[cfg(feature = "calendar")]
        let same = same && self.calendar() == other.calendar();
        #[cfg(feature = "callbacks")]
        let same = same && self.callbacks() == other.callbacks();
        #[cfg(feature = "questionnaire")]
        let same = same && self.questionnaires() == other.questionnaires();
        #[cfg(feature = "contact")]
        let same = same && self.contact() == other.contact();
        #[cfg(feature = "tiers")]
        let same = same && self.tiers() == other.tiers();
        #[cfg(feature = "service")]
        let same = same && self.service() == other.service();
        #[cfg(feature = "lifecycle")]
        let same = same && self.lifecycle() == other.lifecycle();
        same
    }
}

/// `OnceLock` holding `value`.
fn set<T>(value: T) -> OnceLock<T> {
    let cell = OnceLock::new();
    let _ = cell.set(value);
    cell
}

/// The embedded default pack's files that `wanted` names, parsed: what one capability's rules are
/// decoded from on first use. Only reached for the embedded pack (a loaded pack fills every part
/// when it is loaded).
fn embedded_files(wanted: &dyn Fn(&str) -> bool) -> Files {
    let mut files = Files::new();
    for (path, text) in embedded::DEFAULT_PACK_FILES {
        if wanted(path) {
            if let Ok(value) = crate::jsonread::parse(text) {
                files.insert(path.to_string(), value);
            }
        }
    }
    files
}

/// A part of the embedded default pack, decoded. The tests below decode every part and compare it
/// with the pack on disk loaded whole: a failure here is a build that shipped without its tests,
/// never an input.
fn trusted<T>(decoded: Result<T, Error>) -> T {
    match decoded {
        Ok(rules) => rules,
        Err(e) => panic!("the embedded default pack does not load: {e}"),
    }
}

/// Whether `path` is one of the files (or under one of the folders) of `paths`.
fn in_paths(path: &str, paths: &[&str]) -> bool {
    paths.iter().any(|p| {
        if p.ends_with('/') {
            path.starts_with(p)
        } else {
            path == *p
        }
    })
}

/// The files of `capability` (see `CAPABILITY_FILES`).
#[cfg(any(
    feature = "precheck",
    feature = "tiers",
    feature = "questionnaire",
    feature = "calendar",
    feature = "callbacks",
    feature = "contact",
    feature = "service",
    feature = "lifecycle"
))]
fn files_of(capability: &str) -> &'static [&'static str] {
    CAPABILITY_FILES
        .iter()
        .find(|(c, _)| *c == capability)
        .map_or(&[], |(_, paths)| paths)
}

/// The files no capability but `documents` owns (`documents.json`, `mobile.json`, `mrz.json`, …).
/// Not the message catalogs (embedded as a build-time table, never parsed at run time) nor the
/// manifest: parsing every `messages/*.json` here made the first `validateDocument` 2–3 ms slower.
fn shared_file(path: &str) -> bool {
    !path.starts_with("messages/")
        && path != "pack.json"
        && !CAPABILITY_FILES
            .iter()
            .any(|(_, paths)| in_paths(path, paths))
}

impl RulePack {
    pub fn documents(&self) -> &crate::documents::DocumentRules {
        self.documents.get_or_init(|| {
            trusted(crate::documents::DocumentRules::load(&Loader::new(
                &embedded_files(&shared_file),
            )))
        })
    }
    #[cfg(feature = "precheck")]
    pub fn precheck(&self) -> &crate::precheck::PrecheckRules {
        self.precheck.get_or_init(|| {
            trusted(crate::precheck::PrecheckRules::load(&Loader::new(
                &embedded_files(&|p| in_paths(p, files_of("precheck"))),
            )))
        })
    }
    #[cfg(feature = "calendar")]
    pub fn calendar(&self) -> &crate::calendar::Calendar {
        self.calendar.get_or_init(|| {
            trusted(crate::calendar::Calendar::load(&Loader::new(
                &embedded_files(&|p| in_paths(p, files_of("calendar"))),
            )))
        })
    }
    #[cfg(feature = "callbacks")]
    pub fn callbacks(&self) -> &crate::callbacks::CallbackRules {
        self.callbacks.get_or_init(|| {
            trusted(crate::callbacks::CallbackRules::load(&Loader::new(
                &embedded_files(&|p| in_paths(p, files_of("callbacks"))),
            )))
        })
    }
    #[cfg(feature = "questionnaire")]
    pub fn questionnaires(&self) -> &crate::questionnaire::QuestionnaireRules {
        self.questionnaires.get_or_init(|| {
            trusted(crate::questionnaire::QuestionnaireRules::load(
                &Loader::new(&embedded_files(&|p| in_paths(p, files_of("questionnaire")))),
                &self.manifest.settings.departments,
                &self.messages,
            ))
        })
    }
    #[cfg(feature = "contact")]
    pub fn contact(&self) -> &crate::contact::ContactRules {
        self.contact.get_or_init(|| {
            trusted(crate::contact::ContactRules::load(
                &Loader::new(&embedded_files(&|p| in_paths(p, files_of("contact")))),
                &self.messages,
            ))
        })
    }
    #[cfg(feature = "tiers")]
    pub fn tiers(&self) -> &crate::tiers::TierRules {
        self.tiers.get_or_init(|| {
            trusted(crate::tiers::TierRules::load(&Loader::new(
                &embedded_files(&|p| in_paths(p, files_of("tiers"))),
            )))
        })
    }
    #[cfg(feature = "service")]
    pub fn service(&self) -> &crate::service::ServiceRules {
        self.service.get_or_init(|| {
            trusted(crate::service::ServiceRules::load(&Loader::new(
                &embedded_files(&|p| in_paths(p, files_of("service"))),
            )))
        })
    }
    #[cfg(feature = "lifecycle")]
    pub fn lifecycle(&self) -> &crate::lifecycle::LifecycleRules {
        self.lifecycle.get_or_init(|| {
            trusted(crate::lifecycle::LifecycleRules::load(&Loader::new(
                &embedded_files(&|p| in_paths(p, files_of("lifecycle"))),
            )))
        })
    }
}

/// The files (or folders, ending in `/`) of each capability that a build may leave out. A lean
/// build (`--no-default-features --features …`) accepts a full bank pack: the files of the
/// capabilities it does not have are recognised and skipped, not refused as unknown.
pub const CAPABILITY_FILES: &[(&str, &[&str])] = &[
    ("precheck", &["precheck/"]),
    ("tiers", &["tiers.json", "tiers/"]),
    ("questionnaire", &["questionnaire.json", "questionnaires/"]),
    ("calendar", &["calendar/"]),
    ("callbacks", &["callbacks.json"]),
    ("contact", &["contact.json"]),
    ("service", &["service/"]),
    ("lifecycle", &["lifecycle/"]),
];

/// The capabilities this build has (`documents` is always there), e.g. for `info()`.
pub const CAPABILITIES: &[&str] = &[
    "documents",
    #[cfg(feature = "precheck")]
    "precheck",
    #[cfg(feature = "tiers")]
    "tiers",
    #[cfg(feature = "questionnaire")]
    "questionnaire",
    #[cfg(feature = "calendar")]
    "calendar",
    #[cfg(feature = "callbacks")]
    "callbacks",
    #[cfg(feature = "contact")]
    "contact",
    #[cfg(feature = "qr")]
    "qr",
    #[cfg(feature = "service")]
    "service",
    #[cfg(feature = "lifecycle")]
    "lifecycle",
];

/// Mark the files of the capabilities this build leaves out as read (see `CAPABILITY_FILES`).
fn skip_absent_capabilities(loader: &Loader) {
    for (capability, paths) in CAPABILITY_FILES {
        if !CAPABILITIES.contains(capability) {
            loader.skip(paths);
        }
    }
}

impl RulePack {
    /// The embedded default pack, parsed once per process (or per WASM instance).
    /// Only its manifest is read here; the catalog is the table build.rs decoded and each
    /// capability's rules are decoded on first use (see `RulePack`). A build without the
    /// `embedded-pack` feature has none: `rule_pack.not_embedded`.
    pub fn embedded() -> Result<Arc<RulePack>, Error> {
        static PACK: OnceLock<Result<Arc<RulePack>, Error>> = OnceLock::new();
        PACK.get_or_init(|| RulePack::embedded_lazy().map(Arc::new))
            .clone()
    }

    fn embedded_lazy() -> Result<RulePack, Error> {
        if !cfg!(feature = "embedded-pack") {
            return Err(Error::new(
                "rule_pack.not_embedded",
                "this package has no embedded default pack: pass a rule pack (rulePack)",
            ));
        }
        let mut files = Files::new();
        for (path, text) in embedded::DEFAULT_PACK_FILES {
            if *path == Manifest::FILE {
                files.insert(path.to_string(), parse_embedded(path, text)?);
            }
        }
        Ok(RulePack {
            manifest: Manifest::load(&Loader::new(&files))?,
            messages: Catalog::fixed(&embedded::DEFAULT_CATALOG),
            documents: OnceLock::new(),
            #[cfg(feature = "precheck")]
            precheck: OnceLock::new(),
            #[cfg(feature = "calendar")]
            calendar: OnceLock::new(),
            #[cfg(feature = "callbacks")]
            callbacks: OnceLock::new(),
            #[cfg(feature = "questionnaire")]
            questionnaires: OnceLock::new(),
            #[cfg(feature = "contact")]
            contact: OnceLock::new(),
            #[cfg(feature = "tiers")]
            tiers: OnceLock::new(),
            #[cfg(feature = "service")]
            service: OnceLock::new(),
            #[cfg(feature = "lifecycle")]
            lifecycle: OnceLock::new(),
        })
    }

    /// Load and validate a pack from its files.
    pub fn from_files(files: &Files) -> Result<RulePack, Error> {
        if files.len() > MAX_PACK_FILES {
            return Err(Error::new(
                "rule_pack.too_large",
                format!("a rule pack holds at most {MAX_PACK_FILES} files"),
            ));
        }
        crate::loader::refuse_secrets(files)?;
        let loader = Loader::new(files);
        let manifest = Manifest::load(&loader)?;
        let messages = crate::ctx::load_catalog(&loader)?;
        let pack = RulePack {
            documents: set(crate::documents::DocumentRules::load(&loader)?),
            #[cfg(feature = "questionnaire")]
            questionnaires: set(crate::questionnaire::QuestionnaireRules::load(
                &loader,
                &manifest.settings.departments,
                &messages,
            )?),
            #[cfg(feature = "precheck")]
            precheck: set(crate::precheck::PrecheckRules::load(&loader)?),
            #[cfg(feature = "calendar")]
            calendar: set(crate::calendar::Calendar::load(&loader)?),
            #[cfg(feature = "callbacks")]
            callbacks: set(crate::callbacks::CallbackRules::load(&loader)?),
            #[cfg(feature = "contact")]
            contact: set(crate::contact::ContactRules::load(&loader, &messages)?),
            #[cfg(feature = "tiers")]
            tiers: set(crate::tiers::TierRules::load(&loader)?),
            #[cfg(feature = "service")]
            service: set(crate::service::ServiceRules::load(&loader)?),
            #[cfg(feature = "lifecycle")]
            lifecycle: set(crate::lifecycle::LifecycleRules::load(&loader)?),
            manifest,
            messages,
        };
        skip_absent_capabilities(&loader);
        loader.finish()?;
        pack.check_composition()?;
        Ok(pack)
    }

    /// What one capability's files say about another's (checked here, never inside a
    /// capability; a lean build skips a check whose other side it lacks).
    fn check_composition(&self) -> Result<(), Error> {
        #[cfg(all(feature = "callbacks", feature = "questionnaire"))]
        for (path, route) in self.callbacks().routes() {
            let defs = &self.questionnaires().definitions;
            for id in [&route.personal, &route.business] {
                if !defs.contains_key(id.as_str()) {
                    return Err(crate::loader::invalid(
                        "callbacks.json",
                        path,
                        format!("questionnaire '{id}' is not bundled (questionnaires/<id>.json)"),
                    ));
                }
            }
        }
        // A business route never lands on a definition written for personal customers, and a
        // personal route never on one written for businesses (issue 16 §1.1).
        #[cfg(all(feature = "callbacks", feature = "questionnaire"))]
        for (path, route) in self.callbacks().routes() {
            use crate::questionnaire::Audience;
            let defs = &self.questionnaires().definitions;
            let audience = |id: &str| defs.get(id).and_then(|c| c.def.audience);
            for (id, wrong, seg, written) in [
                (&route.business, Audience::Personal, "business", "personal"),
                (&route.personal, Audience::Business, "personal", "business"),
            ] {
                if audience(id) == Some(wrong) {
                    return Err(crate::loader::invalid(
                        "callbacks.json",
                        path,
                        format!("{seg} accounts would get '{id}', which is written for {written} customers; give {{ personal, business }}"),
                    ));
                }
            }
        }
        // Every hand-off names a department of pack.json settings.departments.
        #[cfg(feature = "callbacks")]
        {
            let a = &self.callbacks().attempts;
            let departments = &self.manifest.settings.departments;
            for (key, h) in [
                ("unreachable", &a.unreachable),
                ("urgentUnreachable", &a.urgent_unreachable),
            ] {
                if !departments.is_empty() && !departments.contains_key(&h.department) {
                    return Err(crate::loader::invalid(
                        "callbacks.json",
                        format!("attempts.{key}.department"),
                        "not a department of pack.json settings.departments",
                    ));
                }
            }
        }
        #[cfg(all(feature = "callbacks", feature = "tiers"))]
        for (id, _) in &self.callbacks().statuses {
            if self.tiers().status(id).is_none() {
                return Err(crate::loader::invalid(
                    "callbacks.json",
                    format!("statuses.{id}"),
                    "not a status of tiers.json statuses",
                ));
            }
        }
        Ok(())
    }

    /// Load a bundle given as JSON text: a versioned envelope (`bundle`: format, name, version,
    /// sha256 and files, its digest checked first) or a plain object whose keys are file paths and
    /// whose values are the files' JSON content.
    pub fn from_bundle_json(text: &str) -> Result<RulePack, Error> {
        if text.len() > MAX_PACK_BYTES {
            return Err(Error::new(
                "rule_pack.too_large",
                format!("a rule pack is at most {MAX_PACK_BYTES} bytes"),
            ));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::new(
                "rule_pack.syntax",
                format!(
                    "bundle is not JSON: {}",
                    scrub_serde_message(&e.to_string())
                ),
            )
        })?;
        RulePack::from_bundle_object(value)
    }

    /// Load a bundle already parsed into a JSON value (what the WASM bindings and `DeskOptions`
    /// receive): refused when its JSON would exceed `MAX_PACK_BYTES` (the bounded estimate of
    /// `jsonread::exceeds`, which stops as soon as the cap is passed).
    pub fn from_bundle_value(value: Value) -> Result<RulePack, Error> {
        if crate::jsonread::exceeds(&value, MAX_PACK_BYTES) {
            return Err(Error::new(
                "rule_pack.too_large",
                format!("a rule pack is at most {MAX_PACK_BYTES} bytes"),
            ));
        }
        RulePack::from_bundle_object(value)
    }

    fn from_bundle_object(value: Value) -> Result<RulePack, Error> {
        match value {
            Value::Object(map) if map.contains_key("format") => bundle::load(map),
            Value::Object(map) => {
                let mut files = Files::new();
                for (path, value) in map {
                    files.insert(path, value);
                }
                RulePack::from_files(&files)
            }
            _ => Err(Error::new(
                "rule_pack.syntax",
                "a rule-pack bundle is an object of file path → file content",
            )),
        }
    }

    pub fn version(&self) -> &str {
        &self.manifest.version
    }
}

/// An embedded file (minified by build.rs; the tests below load every one, so this error is for a
/// broken build only) read with the shared parser, not serde's deserializer.
fn parse_embedded(path: &str, text: &str) -> Result<Value, Error> {
    crate::jsonread::parse(text).map_err(|at| {
        Error::new("rule_pack.syntax", format!("not JSON (at byte {at})")).in_file(path)
    })
}

/// The default pack's files, parsed (for hosts that want to start from it and change a few values;
/// the message catalogs rebuilt from the table build.rs decoded them into).
pub fn default_files() -> Result<Files, Error> {
    let mut files = Files::new();
    for (path, text) in embedded::DEFAULT_PACK_FILES {
        files.insert(path.to_string(), parse_embedded(path, text)?);
    }
    for (path, value) in Catalog::fixed(&embedded::DEFAULT_CATALOG).fixed_files() {
        files.insert(path.to_string(), value);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_pack_is_the_pack_on_disk_checked_whole() {
        // What build.rs embedded (the catalog table, each capability's files decoded on first use)
        // equals pkg-config/ read from disk and loaded whole, with every check a bank's pack gets.
        let embedded = default_files().unwrap();
        let mut files = Files::new();
        for (path, mut value) in crate::loader::disk_files() {
            if embedded.contains_key(&path) {
                // Editor help build.rs leaves out (a questionnaire keeps the one it reads).
                if let Some(o) = value.as_object_mut() {
                    o.remove("$schema");
                }
                files.insert(path, value);
            }
        }
        assert_eq!(
            files.len(),
            embedded.len(),
            "every embedded file is on disk"
        );
        let whole = RulePack::from_files(&files).expect("the default pack is valid");
        let lazy = RulePack::embedded().unwrap();
        assert_eq!(&whole.messages, &lazy.messages);
        assert_eq!(&whole, lazy.as_ref());
        // And its catalog, rebuilt as files, is the files on disk.
        for (path, value) in &embedded {
            if path.starts_with("messages/") {
                assert_eq!(value, &files[path], "{path}");
            }
        }
    }

    #[test]
    fn embedded_pack_loads() {
        let pack = RulePack::embedded().expect("default pack is valid");
        assert!(!pack.version().is_empty());
        assert!(pack.messages.contains("resident_id.checksum"));
    }

    #[test]
    fn unknown_field_names_file_and_path() {
        let mut files = default_files().unwrap();
        files.get_mut("pack.json").unwrap()["settings"]["colour"] = Value::from("red");
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(e.code, "rule_pack.invalid");
        assert_eq!(e.file.as_deref(), Some("pack.json"));
        assert!(e.message.contains("unknown field"), "{e}");
    }

    #[test]
    fn bad_value_names_field() {
        let mut files = default_files().unwrap();
        files.get_mut("documents.json").unwrap()["expiringSoonDays"] = Value::from(-3);
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("documents.json"));
        assert_eq!(e.path.as_deref(), Some("expiringSoonDays"));
    }

    #[test]
    fn hand_read_files_name_file_and_field() {
        // (file, JSON pointer to change, new value or None to remove, expected path, message part)
        let cases: &[(&str, &str, Option<Value>, &str, &str)] = &[
            (
                "documents.json",
                "/ageGroups/teenAge",
                Some(Value::from(13)),
                "ageGroups.teenAge",
                "unknown field",
            ),
            (
                "documents.json",
                "/mrzExpiryMaxYearsAhead",
                None,
                "mrzExpiryMaxYearsAhead",
                "missing field",
            ),
            (
                "documents.json",
                "/maxAgeYears",
                Some(Value::from("old")),
                "maxAgeYears",
                "integer",
            ),
            (
                "documents.json",
                "/provinces/11/en",
                None,
                "provinces.11.en",
                "missing field",
            ),
            (
                "documents.json",
                "/validity/bands/cn_resident_id/0/yrs",
                Some(Value::from(5)),
                "validity.bands.cn_resident_id[0].yrs",
                "unknown field",
            ),
            (
                "documents.json",
                "/usccAuthorities/1/name",
                Some(Value::from("x")),
                "usccAuthorities.1.name",
                "expected an object",
            ),
            (
                "mobile.json",
                "/nationalLength",
                Some(Value::from(-1)),
                "nationalLength",
                "unsigned integer",
            ),
            (
                "mobile.json",
                "/mobilePrefixes/0",
                Some(Value::from(139)),
                "mobilePrefixes[0]",
                "expected a string",
            ),
            (
                "mrz.json",
                "/states/UTO",
                Some(Value::from(1)),
                "states.UTO",
                "string or null",
            ),
            (
                "pack.json",
                "/settings/idMaskStyle",
                Some(Value::from("all")),
                "settings.idMaskStyle",
                "unknown variant",
            ),
            (
                "pack.json",
                "/name/fr",
                Some(Value::from("x")),
                "name.fr",
                "unknown field",
            ),
            (
                "messages/documents.json",
                "/resident_id.checksum/en",
                Some(Value::from(1)),
                "resident_id.checksum.en",
                "expected a string",
            ),
        ];
        for (file, pointer, value, path, message) in cases {
            let mut files = default_files().unwrap();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let target = files
                .get_mut(*file)
                .unwrap()
                .pointer_mut(parent)
                .unwrap_or_else(|| panic!("{file}{parent}"));
            match (target, value) {
                (Value::Object(m), Some(v)) => {
                    m.insert(key.to_string(), v.clone());
                }
                (Value::Object(m), None) => {
                    m.remove(key);
                }
                (Value::Array(a), Some(v)) => a[key.parse::<usize>().unwrap()] = v.clone(),
                _ => panic!("{file}{pointer}"),
            }
            let e = RulePack::from_files(&files).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.file.as_deref(), e.path.as_deref()),
                ("rule_pack.invalid", Some(*file), Some(*path)),
                "{file}{pointer}: {e}"
            );
            assert!(e.message.contains(message), "{file}{pointer}: {e}");
        }
    }

    #[test]
    fn kiosk_settings_are_bounded() {
        let mut files = default_files().unwrap();
        files.get_mut("pack.json").unwrap()["settings"]["kioskIdleSeconds"] = Value::from(5);
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("settings.kioskIdleSeconds"));
        let mut files = default_files().unwrap();
        files.get_mut("pack.json").unwrap()["settings"]["kioskWarningSeconds"] = Value::from(90);
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("settings.kioskWarningSeconds"));
    }

    #[test]
    fn versions_are_plain_ascii() {
        for ok in ["2026.11.1", "bank-7", "v2+build_3"] {
            assert!(crate::ctx::is_version(ok), "{ok}");
        }
        for bad in [
            "",
            " 2026.12.1",
            "2026.12.1 ",
            "2026年12月",
            "-1",
            &"9".repeat(65),
        ] {
            let mut files = default_files().unwrap();
            files.get_mut("pack.json").unwrap()["version"] = Value::from(bad);
            let e = RulePack::from_files(&files).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.path.as_deref()),
                ("rule_pack.invalid", Some("version")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn missing_and_unknown_files() {
        let mut files = default_files().unwrap();
        files.remove("documents.json");
        assert_eq!(
            RulePack::from_files(&files).unwrap_err().code,
            "rule_pack.missing_file"
        );
        let mut files = default_files().unwrap();
        files.insert("tierz.json".into(), Value::Null);
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.file.as_deref()),
            ("rule_pack.unknown_file", Some("tierz.json"))
        );
    }

    #[test]
    fn a_full_pack_loads_in_every_build() {
        // A lean build (`--no-default-features --features …`) embeds only its own files and still
        // accepts a bank's full pack: the files of the capabilities it lacks are skipped, and a file
        // no capability knows is still refused.
        let mut files = crate::loader::disk_files();
        let embedded = default_files().unwrap();
        assert!(embedded.keys().all(|k| files.contains_key(k)));
        let all_capabilities = CAPABILITIES.len() == 10;
        assert_eq!(
            embedded.len() == files.len(),
            all_capabilities,
            "a lean build embeds fewer files"
        );
        let pack = RulePack::from_files(&files).expect("the full pack loads");
        assert_eq!(pack.version(), RulePack::embedded().unwrap().version());
        files.insert("tierz.json".into(), Value::Null);
        assert_eq!(
            RulePack::from_files(&files).unwrap_err().code,
            "rule_pack.unknown_file"
        );
    }

    #[test]
    fn bundle_round_trip_and_garbage() {
        let text = serde_json::to_string(&default_files().unwrap()).unwrap();
        let pack = RulePack::from_bundle_json(&text).unwrap();
        assert_eq!(&pack, RulePack::embedded().unwrap().as_ref());
        assert_eq!(
            RulePack::from_bundle_json("[1,2]").unwrap_err().code,
            "rule_pack.syntax"
        );
        assert_eq!(
            RulePack::from_bundle_json("{not json").unwrap_err().code,
            "rule_pack.syntax"
        );
        // A parsed bundle (WASM, DeskOptions) is bounded too, before any file is read.
        let huge = serde_json::json!({ "pack.json": "x".repeat(MAX_PACK_BYTES) });
        assert_eq!(
            RulePack::from_bundle_value(huge).unwrap_err().code,
            "rule_pack.too_large"
        );
    }

    #[test]
    #[cfg(all(feature = "callbacks", feature = "questionnaire", feature = "tiers"))]
    fn callbacks_name_bundled_questionnaires_and_tier_statuses() {
        let mut files = crate::loader::disk_files();
        files.get_mut("callbacks.json").unwrap()["events"]["complaint"]["questionnaire"] =
            serde_json::json!({ "personal": "event_complaint", "business": "business_complaint" });
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.file.as_deref(), e.path.as_deref()),
            (
                "rule_pack.invalid",
                Some("callbacks.json"),
                Some("events.complaint.questionnaire")
            )
        );
        assert!(e.message.contains("business_complaint"));
        // The string form routes business accounts too: refused when the id is personal-only.
        let mut files = crate::loader::disk_files();
        files.get_mut("callbacks.json").unwrap()["periodic"]["questionnaire"] =
            serde_json::json!("periodic");
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.file.as_deref(), e.path.as_deref()),
            (
                "rule_pack.invalid",
                Some("callbacks.json"),
                Some("periodic.questionnaire")
            )
        );
        assert!(
            e.message.contains("business accounts would get 'periodic'"),
            "{}",
            e.message
        );
        // event_complaint is written for anyone: one id serves both.
        let mut files = crate::loader::disk_files();
        files.get_mut("callbacks.json").unwrap()["events"]["complaint"]["questionnaire"] =
            serde_json::json!("event_complaint");
        RulePack::from_files(&files).expect("an 'any' definition serves both segments");
        let mut files = crate::loader::disk_files();
        files.get_mut("callbacks.json").unwrap()["attempts"]["unreachable"]["department"] =
            serde_json::json!("helpdesk");
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("attempts.unreachable.department"));
        let mut files = crate::loader::disk_files();
        files.get_mut("callbacks.json").unwrap()["statuses"]["frozen"] =
            serde_json::json!({ "name": { "zh-CN": "冻结", "en": "Frozen" } });
        let e = RulePack::from_files(&files).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("statuses.frozen"));
    }

    #[test]
    fn schema_keys_are_not_embedded() {
        // The `"$schema"` of each pkg-config/ file is editor help: build.rs leaves it out of the
        // embedded copy (by convention it is a file's first key).
        for (path, value) in default_files().unwrap() {
            assert!(value.get("$schema").is_none(), "{path} embeds $schema");
        }
    }

    #[test]
    fn bundle_envelope_is_verified() {
        let files = default_files().unwrap();
        let envelope = bundle::envelope(&files);
        assert_eq!(envelope["format"], "frontdesk-pack/1");
        assert_eq!(envelope["version"], RulePack::embedded().unwrap().version());
        let text = serde_json::to_string(&envelope).unwrap();
        let pack = RulePack::from_bundle_json(&text).expect("an envelope loads");
        assert_eq!(&pack, RulePack::embedded().unwrap().as_ref());
        // The digest does not depend on key order or whitespace.
        let pretty = serde_json::to_string_pretty(&envelope).unwrap();
        assert!(RulePack::from_bundle_json(&pretty).is_ok());

        // One setting changed after bundling (pack.json: every build has it).
        let mut tampered = envelope.clone();
        tampered["files"]["pack.json"]["settings"]["kioskIdleSeconds"] = Value::from(1800);
        let e = RulePack::from_bundle_value(tampered).unwrap_err();
        assert_eq!(e.code, "rule_pack.digest_mismatch");
        assert!(e.to_string().contains("changed or damaged"), "{e}");

        // The envelope's version must be pack.json's.
        let mut relabelled = envelope.clone();
        relabelled["version"] = Value::from("2099.1.1");
        let e = RulePack::from_bundle_value(relabelled).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_deref()),
            ("rule_pack.invalid", Some("version"))
        );

        // `$schema` keys (editor help in a pack folder) are not part of a bundle nor of its digest.
        let mut with_schema = files.clone();
        with_schema.get_mut("pack.json").unwrap()["$schema"] =
            Value::from("schema/pack.schema.json");
        assert_eq!(bundle::envelope(&with_schema), envelope);
    }

    #[test]
    fn bundle_fixtures() {
        // tests/fixtures/packs/bundles.json: the same cases the WASM layer runs (tests/wasm.rs).
        let doc: Value =
            serde_json::from_str(include_str!("../tests/fixtures/packs/bundles.json")).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let text = serde_json::to_string(&case["bundle"]).unwrap();
            let e = RulePack::from_bundle_json(&text).expect_err(name);
            let want = &case["expectError"];
            assert_eq!(e.code, want["code"].as_str().unwrap(), "{name}: {e}");
            for key in ["file", "path"] {
                if let Some(w) = want[key].as_str() {
                    let got = if key == "file" { &e.file } else { &e.path };
                    assert_eq!(got.as_deref(), Some(w), "{name}: {e}");
                }
            }
        }
    }

    #[test]
    fn canonical_text_sorts_keys() {
        // The digest relies on serde_json's Map being a B-tree (keys come out sorted, whatever the
        // order they were written or parsed in): its `preserve_order` feature must stay off.
        let v: Value =
            serde_json::from_str(r#"{"b":[1,true,null,"x\"y\n"],"a":{"z":1,"é":2,"A":3}}"#)
                .unwrap();
        let mut files = Files::new();
        files.insert("z.json".into(), Value::Null);
        files.insert("a.json".into(), v);
        assert_eq!(
            bundle::canonical_files(&files),
            r#"{"a.json":{"a":{"A":3,"z":1,"é":2},"b":[1,true,null,"x\"y\n"]},"z.json":null}"#
        );
    }
}
