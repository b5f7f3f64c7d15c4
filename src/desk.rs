//! `FrontDesk`: one rule pack, one "now", one locale: the object a host creates. It is the one
//! place with `impl FrontDesk`. Capabilities do not know it: each is a set of functions taking
//! the small context it reads (`Ctx`, built here by `ctx()`), its own rules and the input. The
//! desk hands them out — `crate::api::call` dispatches a JS method name to the capability's
//! `api::call`, and the methods below are the typed Rust entry points a server or a test uses
//! (`validate_document`, `check_transaction`, the questionnaire session steps, …).

use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Params, Severity};
use crate::i18n::Locale;
use crate::jsonout::WriteJson;
use crate::rulepack::RulePack;
use crate::time::parse_instant;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::documents::DocumentInput;
/// The largest rule pack a desk takes (the bindings bound a `rulePack` argument by it, not by the
/// general argument bound: a whole pack is larger than any other argument).
pub use crate::rulepack::MAX_PACK_BYTES;

/// A questionnaire session (a plain value the desk answers for).
#[cfg(feature = "questionnaire")]
pub use crate::questionnaire::Session;

/// Options for `new FrontDesk(options)`.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DeskOptions {
    /// The host's current time, RFC 3339 with offset (`2026-11-23T09:30:00+08:00`). The core never
    /// reads a clock.
    pub now: String,
    /// `zh-CN` (default) or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "Locale"))]
    pub locale: Option<String>,
    /// A bank's own rule pack replacing the embedded default: a versioned bundle made by
    /// `frontdesk-pack bundle` (`{ format, name, version, sha256, files }`, its digest checked) or a
    /// plain object of file path → file content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "Record<string, unknown>")
    )]
    pub rule_pack: Option<Value>,
    /// The key for change-request idempotency keys (HMAC-SHA256), base64 of at least 32 random
    /// bytes, shared with the bank's server. A host secret: never put it in a rule pack or a log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub idempotency_secret: Option<String>,
    /// Without a secret: a per-desk random value (base64 of at least 16 bytes) the host generates
    /// and keeps (per install or session); the key is derived from it. Neither given: requests
    /// carry no idempotency key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub desk_nonce: Option<String>,
}

/// What `desk.info()` tells about the desk.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DeskInfo {
    pub package_version: String,
    pub rule_pack_version: String,
    pub rule_pack_name: String,
    pub locale: Locale,
    /// `now` as the desk holds it, in +08:00.
    pub now: String,
    pub today: String,
    /// Host-page settings from the rule pack.
    pub kiosk_idle_seconds: u32,
    pub kiosk_warning_seconds: u32,
    /// From this age the host page suggests elderly mode (the pack's elderly age group).
    pub elderly_age: i32,
    /// The capabilities this build has: all of `documents`, `precheck`, `tiers`, `questionnaire`,
    /// `calendar`, `contact`, `qr` in the default package; fewer in a lean one.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Capability[]"))]
    pub capabilities: Vec<&'static str>,
}

impl DeskOptions {
    /// `new FrontDesk(options)`'s argument, read with the shared reader.
    pub fn from_json(v: &Value) -> Result<DeskOptions, Error> {
        crate::jsonread::Reader::read(None, v, |o| {
            o.only(&[
                "now",
                "locale",
                "rulePack",
                "idempotencySecret",
                "deskNonce",
            ]);
            o.require(&["now"]);
            DeskOptions {
                now: o.str("now"),
                locale: o.opt_str("locale"),
                rule_pack: o.get("rulePack").cloned(),
                idempotency_secret: o.opt_str("idempotencySecret"),
                desk_nonce: o.opt_str("deskNonce"),
            }
        })
    }
}

#[derive(Debug, Clone)]
pub struct FrontDesk {
    pub(crate) pack: Arc<RulePack>,
    now: DateTime<FixedOffset>,
    today: NaiveDate,
    locale: Locale,
    /// HMAC key for idempotency keys (`DeskOptions`); `Debug` prints it redacted.
    idempotency_key: Option<HostKey>,
}

/// A host secret held by the desk: its `Debug` never shows the bytes.
#[derive(Clone)]
struct HostKey([u8; 32]);

impl std::fmt::Debug for HostKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HostKey(redacted)")
    }
}

/// Label of the key derived from a desk nonce (HMAC-SHA256(nonce, label)).
const NONCE_LABEL: &[u8] = b"frontdesk.idempotency.v1";

/// The idempotency HMAC key from the host's options: the secret (≥ 32 bytes) as given, hashed to
/// 32 bytes when longer; else derived from the desk nonce (≥ 16 bytes). Errors name the option,
/// never its value.
fn idempotency_key(options: &DeskOptions) -> Result<Option<[u8; 32]>, Error> {
    let read = |name: &str, v: &str, min: usize| {
        crate::digest::base64_decode(v)
            .filter(|b| b.len() >= min && b.len() <= 1024)
            .ok_or_else(|| {
                Error::new(
                    "argument.invalid",
                    format!("{name}: base64 of {min} to 1024 bytes"),
                )
                .at_path(name)
            })
    };
    if let Some(s) = &options.idempotency_secret {
        let b = read("idempotencySecret", s, 32)?;
        let mut k = [0u8; 32];
        if b.len() == 32 {
            k.copy_from_slice(&b);
        } else {
            k = crate::digest::sha256(&b);
        }
        return Ok(Some(k));
    }
    if let Some(n) = &options.desk_nonce {
        let b = read("deskNonce", n, 16)?;
        return Ok(Some(crate::digest::hmac_sha256(&b, NONCE_LABEL)));
    }
    Ok(None)
}

impl FrontDesk {
    /// Build a desk from options; a bank pack in `rulePack` is validated here.
    pub fn from_options(options: &DeskOptions) -> Result<FrontDesk, Error> {
        let pack = match &options.rule_pack {
            Some(bundle) => Arc::new(RulePack::from_bundle_value(bundle.clone())?),
            None => RulePack::embedded()?,
        };
        let locale = match &options.locale {
            Some(tag) => Locale::parse(tag)?,
            None => Locale::ZhCn,
        };
        let mut desk = FrontDesk::new(pack, &options.now, locale)?;
        desk.idempotency_key = idempotency_key(options)?.map(HostKey);
        Ok(desk)
    }

    pub fn new(pack: Arc<RulePack>, now: &str, locale: Locale) -> Result<FrontDesk, Error> {
        let now = parse_instant(now, "now")?;
        Ok(FrontDesk {
            pack,
            today: now.date_naive(),
            now,
            locale,
            idempotency_key: None,
        })
    }

    /// The embedded default pack at `now` in `locale`.
    pub fn with_default_pack(now: &str, locale: Locale) -> Result<FrontDesk, Error> {
        FrontDesk::new(RulePack::embedded()?, now, locale)
    }

    pub fn set_now(&mut self, now: &str) -> Result<(), Error> {
        self.now = parse_instant(now, "now")?;
        self.today = self.now.date_naive();
        Ok(())
    }

    pub fn set_locale(&mut self, tag: &str) -> Result<(), Error> {
        self.locale = Locale::parse(tag)?;
        Ok(())
    }

    pub fn pack(&self) -> &RulePack {
        &self.pack
    }
    pub fn locale(&self) -> Locale {
        self.locale
    }
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }
    /// Today's date in Asia/Shanghai.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn info(&self) -> DeskInfo {
        DeskInfo {
            package_version: env!("CARGO_PKG_VERSION").to_string(),
            rule_pack_version: self.pack.manifest.version.clone(),
            rule_pack_name: self.pack.manifest.name.get(self.locale).to_string(),
            locale: self.locale,
            now: crate::time::rfc3339(self.now),
            today: crate::time::iso(self.today),
            kiosk_idle_seconds: self.pack.manifest.settings.kiosk_idle_seconds,
            kiosk_warning_seconds: self.pack.manifest.settings.kiosk_warning_seconds,
            elderly_age: self.pack.documents().age_groups.elderly_age,
            capabilities: crate::rulepack::CAPABILITIES.to_vec(),
        }
    }

    /// What a capability reads besides its rules: now, today, locale, catalog and manifest.
    #[inline]
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx::new(
            self.now,
            self.locale,
            &self.pack.messages,
            &self.pack.manifest,
        )
        .with_idempotency_key(self.idempotency_key.as_ref().map(|k| &k.0))
    }

    /// A finding with its message rendered in the desk's locale.
    pub fn finding(&self, severity: Severity, code: &str, field: &str, params: Params) -> Finding {
        self.ctx().finding(severity, code, field, params)
    }

    /// A catalog text in the desk's locale.
    pub fn text(&self, code: &str) -> String {
        self.ctx().text(code)
    }

    /// Every catalog entry under `prefix` (e.g. `ui.`), for host-page labels.
    pub fn messages(&self, prefix: &str) -> BTreeMap<String, String> {
        self.pack.messages.section(prefix, self.locale)
    }

    /// `validateDocument`.
    pub fn validate_document(
        &self,
        input: &crate::documents::DocumentInput,
    ) -> crate::documents::DocumentResult {
        crate::documents::validate(&self.ctx(), &self.pack.documents(), input)
    }

    /// `parseMrz`.
    pub fn parse_mrz(&self, text: &str) -> crate::documents::mrz::MrzResult {
        crate::documents::parse_mrz(&self.ctx(), &self.pack.documents(), text)
    }

    /// `isWorkingDay(date)`.
    #[cfg(feature = "calendar")]
    pub fn is_working_day(&self, date: &str) -> Result<crate::calendar::DayInfo, Error> {
        crate::calendar::describe_day(&self.ctx(), &self.pack.calendar(), date)
    }

    /// `addWorkingDays({ date, days })`.
    #[cfg(feature = "calendar")]
    pub fn add_working_days(
        &self,
        input: &crate::calendar::AddWorkingDaysInput,
    ) -> Result<crate::calendar::AddedDays, Error> {
        crate::calendar::add_days(&self.ctx(), &self.pack.calendar(), input)
    }

    /// `workingDaysBetween({ from, to })`.
    #[cfg(feature = "calendar")]
    pub fn working_days_between(
        &self,
        input: &crate::calendar::BetweenInput,
    ) -> Result<crate::calendar::Between, Error> {
        crate::calendar::between(&self.pack.calendar(), input)
    }

    /// `callbackPlan({ accounts, events })`.
    #[cfg(feature = "callbacks")]
    pub fn callback_plan(
        &self,
        input: &crate::callbacks::plan::PlanInput,
    ) -> Result<crate::callbacks::plan::CallbackPlan, Error> {
        let pack = &self.pack;
        crate::callbacks::plan::callback_plan(&self.ctx(), pack.callbacks(), pack.calendar(), input)
    }

    /// `checkTransaction({ account, history, transaction })`.
    #[cfg(feature = "tiers")]
    pub fn check_transaction(
        &self,
        input: &crate::tiers::check::TransactionCheckInput,
    ) -> Result<crate::tiers::check::TransactionCheck, Error> {
        #[cfg(feature = "calendar")]
        let cal: Option<&dyn crate::time::WorkingDays> = Some(self.pack.calendar());
        #[cfg(not(feature = "calendar"))]
        let cal: Option<&dyn crate::time::WorkingDays> = None;
        crate::tiers::check::check_transaction_with(&self.ctx(), self.pack.tiers(), cal, input)
    }

    /// A questionnaire session on `def`: the session is a plain value (save it with
    /// `Session::save`), the desk answers for it with its clock, locale and rules.
    #[cfg(feature = "questionnaire")]
    pub fn questionnaire_start(
        &self,
        def: Arc<crate::questionnaire::Compiled>,
        context: crate::questionnaire::CallbackContext,
        channel: crate::questionnaire::engine::Channel,
    ) -> Result<Session, Error> {
        Session::start(
            &self.ctx(),
            &self.pack.questionnaires(),
            def,
            context,
            channel,
        )
    }

    /// `startQuestionnaire(questionnaire, context?, channel?)` with JSON arguments (`null`: not
    /// given): a bundled id or a definition of the caller's own.
    #[cfg(feature = "questionnaire")]
    pub fn questionnaire_start_json(
        &self,
        questionnaire: &Value,
        context: &Value,
        channel: &Value,
    ) -> Result<Session, Error> {
        crate::questionnaire::api::start_session(
            &self.ctx(),
            &self.pack.questionnaires(),
            questionnaire,
            context,
            channel,
        )
    }

    /// `resumeQuestionnaire(saved)`.
    #[cfg(feature = "questionnaire")]
    pub fn questionnaire_resume(&self, saved: &str, context: &Value) -> Result<Session, Error> {
        let rules = &self.pack.questionnaires();
        crate::questionnaire::api::resume_session(&self.ctx(), rules, saved, context)
    }

    #[cfg(feature = "questionnaire")]
    pub fn questionnaire_view(&self, s: &Session) -> Result<crate::questionnaire::View, Error> {
        s.view(
            &self.ctx(),
            &self.pack.questionnaires(),
            &self.pack.documents(),
        )
    }

    #[cfg(feature = "questionnaire")]
    pub fn questionnaire_answer(
        &self,
        s: &mut Session,
        question_id: &str,
        value: Value,
    ) -> Result<(), Error> {
        s.answer(&self.ctx(), &self.pack.questionnaires(), question_id, value)
    }

    #[cfg(feature = "questionnaire")]
    pub fn questionnaire_next(&self, s: &mut Session) -> Result<bool, Error> {
        s.next(
            &self.ctx(),
            &self.pack.questionnaires(),
            &self.pack.documents(),
        )
    }

    #[cfg(feature = "questionnaire")]
    pub fn questionnaire_back(&self, s: &mut Session) -> Result<bool, Error> {
        s.back(&self.ctx(), &self.pack.questionnaires())
    }

    #[cfg(feature = "questionnaire")]
    pub fn questionnaire_finish(
        &self,
        s: &Session,
    ) -> Result<crate::questionnaire::FinishResult, Error> {
        #[cfg(feature = "calendar")]
        let cal: Option<&dyn crate::time::WorkingDays> = Some(self.pack.calendar());
        #[cfg(not(feature = "calendar"))]
        let cal: Option<&dyn crate::time::WorkingDays> = None;
        s.finish(
            &self.ctx(),
            &self.pack.questionnaires(),
            &self.pack.documents(),
            cal,
        )
    }
}

/// The default pack's files (`FrontDesk.defaultRulePack()`).
pub fn default_rule_pack() -> Result<crate::rulepack::Files, Error> {
    crate::rulepack::default_files()
}

/// Validate a bank's pack given as a parsed bundle; its version (`FrontDesk.validateRulePack`).
pub fn validate_rule_pack(bundle: Value) -> Result<String, Error> {
    Ok(RulePack::from_bundle_value(bundle)?.version().to_string())
}
