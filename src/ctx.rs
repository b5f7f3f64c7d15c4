//! `Ctx`: the little every capability reads besides its own rules — the injected "now" and
//! today's date in Asia/Shanghai (the core never reads a clock), the locale and the message
//! catalog that findings and texts are rendered from, and the pack manifest (version, global
//! settings such as the ID mask style). `crate::desk` builds one per call from the desk; a unit test
//! builds one from a small catalog of its own.
//!
//! Also the manifest itself (`pack.json`), which every build loads.

use crate::error::Error;
use crate::finding::{Finding, Params, Severity};
use crate::i18n::{Catalog, Locale, Text};
use crate::jsonread::Obj;
use crate::loader::{invalid, Loader};
use crate::mask::IdMaskStyle;
use crate::time::parse_instant;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

/// `pack.json`: identity and global settings of the pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// The pack's version, e.g. `2026.11.1`; recorded in tickets, records and saved states.
    pub version: String,
    pub name: Text,
    pub settings: Settings,
}

/// Global settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// How ID-document numbers are masked wherever they are shown (domain brief §8).
    pub id_mask_style: IdMaskStyle,
    /// Kiosk mode: after this many seconds without input the page clears every personal value and
    /// returns to the start (a kiosk is shared). 30 to 1800.
    pub kiosk_idle_seconds: u32,
    /// Kiosk mode: how many seconds before the reset a warning with a "continue" button shows.
    pub kiosk_warning_seconds: u32,
    /// The bank's departments a follow-up is handed to (issue 16 §1.6): stable id → name. A bank
    /// renames them; every capability names a department by id and shows its name from here.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub departments: std::collections::BTreeMap<String, Department>,
}

/// One department of `pack.json settings.departments`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    pub name: Text,
}

impl Settings {
    /// A department's name in `locale`, when the pack names it.
    pub fn department_name(&self, id: &str, locale: Locale) -> Option<String> {
        self.departments
            .get(id)
            .map(|d| d.name.get(locale).to_string())
    }
}

impl Manifest {
    pub const FILE: &'static str = "pack.json";

    fn read(o: &Obj) -> Manifest {
        o.fields(&["version", "name", "settings"], &[]);
        let st = o.obj("settings");
        const SETTINGS: &[&str] = &["idMaskStyle", "kioskIdleSeconds", "kioskWarningSeconds"];
        st.fields(SETTINGS, &["departments"]);
        // Inserted one by one: `collect()` into a `BTreeMap` sorts first, and that stable sort of
        // `(String, Department)` pairs alone cost the WASM module ~4 KB raw.
        let mut departments = std::collections::BTreeMap::new();
        for (id, o) in st
            .opt_obj("departments")
            .map(|d| d.entries())
            .unwrap_or_default()
        {
            o.fields(&["name"], &[]);
            departments.insert(
                id.to_string(),
                Department {
                    name: o.text("name"),
                },
            );
        }
        Manifest {
            version: o.str("version"),
            name: o.text("name"),
            settings: Settings {
                id_mask_style: st.named("idMaskStyle", IdMaskStyle::parse, IdMaskStyle::default()),
                kiosk_idle_seconds: st.u32("kioskIdleSeconds", u32::MAX),
                kiosk_warning_seconds: st.u32("kioskWarningSeconds", u32::MAX),
                departments,
            },
        }
    }

    /// Load and check `pack.json`.
    pub fn load(loader: &Loader) -> Result<Manifest, Error> {
        const FILE: &str = Manifest::FILE;
        let manifest = loader.read(FILE, Manifest::read)?;
        if !is_version(&manifest.version) {
            return Err(invalid(
                FILE,
                "version",
                "version is 1 to 64 letters, digits and . _ + - starting with a letter or digit \
                 (e.g. 2026.12.1)",
            ));
        }
        let st = &manifest.settings;
        if !(30..=1800).contains(&st.kiosk_idle_seconds) {
            return Err(invalid(
                FILE,
                "settings.kioskIdleSeconds",
                "must be 30 to 1800",
            ));
        }
        if !(5..st.kiosk_idle_seconds).contains(&st.kiosk_warning_seconds) {
            return Err(invalid(
                FILE,
                "settings.kioskWarningSeconds",
                "must be at least 5 and below kioskIdleSeconds",
            ));
        }
        for (id, d) in &st.departments {
            if !is_department_id(id) {
                return Err(invalid(
                    FILE,
                    format!("settings.departments.{id}"),
                    "a department id is 1 to 40 lower-case letters, digits and _, starting with a letter",
                ));
            }
            if !d.name.is_complete() {
                return Err(invalid(
                    FILE,
                    format!("settings.departments.{id}.name"),
                    "a department needs a zh-CN and an en name",
                ));
            }
        }
        if !manifest.name.is_complete() {
            return Err(invalid(FILE, "name", "name needs a zh-CN and an en text"));
        }
        Ok(manifest)
    }
}

/// A pack version: 1 to 64 ASCII letters, digits and `.` `_` `+` `-`, starting with a letter or
/// digit (`2026.12.1`, `bank-7`). It is recorded in tickets (QR bytes), records and saved states and
/// compared as written, so no spaces or look-alike characters.
pub fn is_version(v: &str) -> bool {
    v.len() <= 64
        && v.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
}

/// A department id: `[a-z][a-z0-9_]{0,39}`.
pub fn is_department_id(id: &str) -> bool {
    id.len() <= 40
        && id.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Load every `messages/*.json` file into one catalog.
pub fn load_catalog(loader: &Loader) -> Result<Catalog, Error> {
    let mut messages = Catalog::default();
    for (file, value) in loader.raw_dir("messages") {
        messages.add_file(
            &file,
            crate::jsonread::Reader::read(Some(&file), value, |o| o.as_texts())?,
        )?;
    }
    Ok(messages)
}

/// What a capability reads besides its own rules (see the module comment). Cheap to build and to
/// copy: two references and three small values.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    now: DateTime<FixedOffset>,
    today: NaiveDate,
    locale: Locale,
    catalog: &'a Catalog,
    manifest: &'a Manifest,
    /// The host's idempotency key (`DeskOptions.idempotencySecret`, or derived from its
    /// `deskNonce`); never from the rule pack.
    idempotency_key: Option<&'a [u8; 32]>,
}

impl<'a> Ctx<'a> {
    /// `now` in Shanghai time (see `crate::time::parse_instant`); today is its date.
    pub fn new(
        now: DateTime<FixedOffset>,
        locale: Locale,
        catalog: &'a Catalog,
        manifest: &'a Manifest,
    ) -> Ctx<'a> {
        Ctx {
            now,
            today: now.date_naive(),
            locale,
            catalog,
            manifest,
            idempotency_key: None,
        }
    }

    /// The same context with the host's idempotency key.
    pub fn with_idempotency_key(self, key: Option<&'a [u8; 32]>) -> Ctx<'a> {
        Ctx {
            idempotency_key: key,
            ..self
        }
    }

    /// The host's idempotency key, if it gave one (see `with_idempotency_key`).
    pub fn idempotency_key(&self) -> Option<&'a [u8; 32]> {
        self.idempotency_key
    }

    /// The same context in another locale (`renderScript(id, locale)`).
    pub fn in_locale(self, locale: Locale) -> Ctx<'a> {
        Ctx { locale, ..self }
    }

    /// The same context at another instant given as RFC 3339 text.
    pub fn at(self, now: &str) -> Result<Ctx<'a>, Error> {
        let now = parse_instant(now, "now")?;
        Ok(Ctx {
            now,
            today: now.date_naive(),
            ..self
        })
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }
    /// Today's date in Asia/Shanghai.
    pub fn today(&self) -> NaiveDate {
        self.today
    }
    pub fn locale(&self) -> Locale {
        self.locale
    }
    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }
    pub fn manifest(&self) -> &'a Manifest {
        self.manifest
    }
    pub fn settings(&self) -> &'a Settings {
        &self.manifest.settings
    }
    /// The rule pack's version, recorded in tickets, records and saved states.
    pub fn pack_version(&self) -> &'a str {
        &self.manifest.version
    }

    /// A finding with its message rendered in the context's locale.
    pub fn finding(&self, severity: Severity, code: &str, field: &str, params: Params) -> Finding {
        let message = self.catalog.render(code, self.locale, &params);
        Finding {
            code: code.to_string(),
            severity,
            field: if field.is_empty() {
                None
            } else {
                Some(field.to_string())
            },
            params,
            message,
        }
    }

    /// A catalog text in the context's locale.
    pub fn text(&self, code: &str) -> String {
        self.catalog.plain(code, self.locale)
    }

    /// A catalog text with parameters, in the context's locale.
    pub fn render(&self, code: &str, params: &Params) -> String {
        self.catalog.render(code, self.locale, params)
    }
}

/// A context for unit tests: the default pack's manifest and catalog read from `pkg-config/` (so
/// messages render as in the product), at `now`, in `locale`.
#[cfg(test)]
pub(crate) fn test_ctx(now: &str, locale: Locale) -> Ctx<'static> {
    use std::sync::OnceLock;
    static PARTS: OnceLock<(Catalog, Manifest)> = OnceLock::new();
    let (catalog, manifest) = PARTS.get_or_init(|| {
        let files = crate::loader::disk_files();
        let loader = Loader::new(&files);
        (
            load_catalog(&loader).unwrap(),
            Manifest::load(&loader).unwrap(),
        )
    });
    Ctx::new(
        parse_instant(now, "now").unwrap(),
        locale,
        catalog,
        manifest,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params;

    #[test]
    fn findings_and_texts_render_in_the_context_locale() {
        let ctx = test_ctx("2026-11-22T16:10:00Z", Locale::En);
        assert_eq!(crate::time::iso(ctx.today()), "2026-11-23");
        let f = ctx.finding(Severity::Error, "resident_id.checksum", "number", params![]);
        assert_eq!(f.field.as_deref(), Some("number"));
        assert!(!f.message.is_empty() && f.message != f.code);
        let zh = ctx.in_locale(Locale::ZhCn);
        assert_ne!(
            zh.text("resident_id.checksum"),
            ctx.text("resident_id.checksum")
        );
        assert_eq!(ctx.text("no.such.code"), "no.such.code");
        let later = ctx.at("2026-12-01T09:00:00+08:00").unwrap();
        assert_eq!(crate::time::iso(later.today()), "2026-12-01");
        assert!(!ctx.pack_version().is_empty());
    }
}
