//! Identity and registration documents: every number a Chinese branch accepts, checked for form
//! and check characters (domain brief §4). Client-side checks are syntax only: the bank verifies
//! identity against the public-security system at the counter (brief §4.1).

pub mod amount;
pub mod api;
pub mod checks;
pub mod email;
pub mod mobile;
pub mod mrz;
pub mod permits;
pub mod resident_id;
pub mod uscc;
pub mod validity;

use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity, SortedFindings};
use crate::i18n::Text;
use crate::jsonout::{JsonOut, WriteJson};
use crate::jsonread::Obj;
use crate::loader::{invalid, Loader};
use crate::params;
use crate::time::age_on;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Longest document number accepted before any processing (characters).
pub const MAX_NUMBER_CHARS: usize = 64;

/// `documents.json` of the rule pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRules {
    /// Where these facts come from (domain brief sections).
    pub source: String,
    /// A document expiring within this many days gets an `*.expiring_soon` warning.
    pub expiring_soon_days: u32,
    /// A birth date implying an age above this is refused as implausible.
    pub max_age_years: i32,
    /// Age groups: under `minorGuardianAge` a guardian acts; under `adultAge` proof of own income
    /// may stand in; from `elderlyAge` the elderly-friendly flows are offered (brief §6).
    pub age_groups: AgeGroups,
    /// Province-level codes (first two digits of a citizen number, GB/T 2260) → name.
    pub provinces: BTreeMap<String, Text>,
    /// Validity periods by age at issue, per document kind (§0.3, §4.2).
    pub validity: validity::ValidityRules,
    /// Where the USCC authority and category tables come from.
    pub uscc_source: String,
    /// GB 32100 registration authorities (position 1) and their entity categories (position 2).
    pub uscc_authorities: BTreeMap<String, uscc::Authority>,
    /// MRZ two-digit expiry years resolve to the latest century not more than this many years after
    /// today (§4.6: "expiry dates within the document's plausible span").
    pub mrz_expiry_max_years_ahead: i32,
    /// `mobile.json`: mainland mobile ranges (§5).
    #[serde(skip)]
    pub mobile: mobile::MobileRules,
    /// `mrz.json`: ICAO state codes (§4.6).
    #[serde(skip)]
    pub states: mrz::StateRules,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgeGroups {
    pub minor_guardian_age: i32,
    pub adult_age: i32,
    pub elderly_age: i32,
}

impl DocumentRules {
    /// `documents.json` (its `mobile` and `states` come from their own files).
    fn read(o: &Obj) -> DocumentRules {
        const KEYS: &[&str] = &[
            "source",
            "expiringSoonDays",
            "maxAgeYears",
            "ageGroups",
            "provinces",
            "validity",
            "usccSource",
            "usccAuthorities",
            "mrzExpiryMaxYearsAhead",
        ];
        o.fields(KEYS, &[]);
        let g = o.obj("ageGroups");
        const AGES: &[&str] = &["minorGuardianAge", "adultAge", "elderlyAge"];
        g.fields(AGES, &[]);
        DocumentRules {
            source: o.str("source"),
            expiring_soon_days: o.u32("expiringSoonDays", u32::MAX),
            max_age_years: o.i32("maxAgeYears"),
            age_groups: AgeGroups {
                minor_guardian_age: g.i32("minorGuardianAge"),
                adult_age: g.i32("adultAge"),
                elderly_age: g.i32("elderlyAge"),
            },
            provinces: o.texts("provinces"),
            validity: validity::ValidityRules::read(&o.obj("validity")),
            uscc_source: o.str("usccSource"),
            uscc_authorities: {
                let mut out = BTreeMap::new();
                for (k, a) in o.obj("usccAuthorities").entries() {
                    out.insert(k.to_string(), uscc::Authority::read(&a));
                }
                out
            },
            mrz_expiry_max_years_ahead: o.i32("mrzExpiryMaxYearsAhead"),
            mobile: mobile::MobileRules::default(),
            states: mrz::StateRules::default(),
        }
    }

    pub fn load(loader: &Loader) -> Result<Self, Error> {
        const FILE: &str = "documents.json";
        let rules = loader.read(FILE, DocumentRules::read)?;
        if !(1..=365).contains(&rules.expiring_soon_days) {
            return Err(invalid(FILE, "expiringSoonDays", "must be 1 to 365"));
        }
        if !(100..=150).contains(&rules.max_age_years) {
            return Err(invalid(FILE, "maxAgeYears", "must be 100 to 150"));
        }
        let g = &rules.age_groups;
        if !(0 < g.minor_guardian_age
            && g.minor_guardian_age <= g.adult_age
            && g.adult_age < g.elderly_age
            && g.elderly_age <= 100)
        {
            return Err(invalid(
                FILE,
                "ageGroups",
                "need 0 < minorGuardianAge ≤ adultAge < elderlyAge ≤ 100",
            ));
        }
        for (code, name) in &rules.provinces {
            if code.len() != 2
                || !code.bytes().all(|b| b.is_ascii_digit())
                || !code.starts_with(['1', '2', '3', '4', '5', '6', '7', '8'])
            {
                return Err(invalid(
                    FILE,
                    format!("provinces.{code}"),
                    "province codes are two digits starting 1–8",
                ));
            }
            if !name.is_complete() {
                return Err(invalid(
                    FILE,
                    format!("provinces.{code}"),
                    "needs a zh-CN and an en name",
                ));
            }
        }
        rules.validity.check(FILE)?;
        uscc::check_authorities(FILE, &rules.uscc_authorities)?;
        if !(1..=50).contains(&rules.mrz_expiry_max_years_ahead) {
            return Err(invalid(FILE, "mrzExpiryMaxYearsAhead", "must be 1 to 50"));
        }
        let mut rules = rules;
        rules.mobile = mobile::MobileRules::load(loader)?;
        rules.states = mrz::StateRules::load(loader)?;
        Ok(rules)
    }
}

/// The document kinds the desk checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum DocumentKind {
    CnResidentId,
    HmtResidencePermit,
    ForeignPermanentResidenceId,
    HkMacaoTravelPermit,
    TaiwanTravelPermit,
    Uscc,
    CnMobile,
    Email,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::CnResidentId,
        DocumentKind::HmtResidencePermit,
        DocumentKind::ForeignPermanentResidenceId,
        DocumentKind::HkMacaoTravelPermit,
        DocumentKind::TaiwanTravelPermit,
        DocumentKind::Uscc,
        DocumentKind::CnMobile,
        DocumentKind::Email,
    ];
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
    /// The `kind` string of the JS API.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::CnResidentId => "cn_resident_id",
            DocumentKind::HmtResidencePermit => "hmt_residence_permit",
            DocumentKind::ForeignPermanentResidenceId => "foreign_permanent_residence_id",
            DocumentKind::HkMacaoTravelPermit => "hk_macao_travel_permit",
            DocumentKind::TaiwanTravelPermit => "taiwan_travel_permit",
            DocumentKind::Uscc => "uscc",
            DocumentKind::CnMobile => "cn_mobile",
            DocumentKind::Email => "email",
        }
    }
    /// Finding-code prefix for this kind.
    pub fn code_prefix(self) -> &'static str {
        match self {
            DocumentKind::CnResidentId => "resident_id",
            DocumentKind::HmtResidencePermit => "hmt_permit",
            DocumentKind::ForeignPermanentResidenceId => "foreign_pr",
            DocumentKind::HkMacaoTravelPermit => "hk_macao_permit",
            DocumentKind::TaiwanTravelPermit => "taiwan_permit",
            DocumentKind::Uscc => "uscc",
            DocumentKind::CnMobile => "mobile",
            DocumentKind::Email => "email",
        }
    }
    /// Longest raw input accepted for this kind, in characters.
    pub fn max_chars(self) -> usize {
        match self {
            DocumentKind::Email => email::MAX_INPUT_CHARS,
            _ => MAX_NUMBER_CHARS,
        }
    }
    /// Whether issue and expiry dates mean anything for this kind (not for contact details).
    pub fn has_validity(self) -> bool {
        !matches!(self, DocumentKind::CnMobile | DocumentKind::Email)
    }
}

/// Input of `validateDocument`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DocumentInput {
    /// One of the `DocumentKind` values, e.g. `cn_resident_id`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "DocumentKind"))]
    pub kind: String,
    pub number: String,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub issue_date: Option<String>,
    /// `YYYY-MM-DD`, or `long_term` / `长期` for documents valid for life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub expiry_date: Option<String>,
}

impl DocumentInput {
    /// The `validateDocument` argument, read with the shared reader.
    pub fn from_json(v: &serde_json::Value) -> Result<DocumentInput, Error> {
        crate::jsonread::Reader::read(None, v, |o| {
            o.only(&["kind", "number", "issueDate", "expiryDate"]);
            o.require(&["kind", "number"]);
            DocumentInput {
                kind: o.str("kind"),
                number: o.str("number"),
                issue_date: o.opt_str("issueDate"),
                expiry_date: o.opt_str("expiryDate"),
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Sex {
    Male,
    Female,
}

/// Age group at `now` (brief §6): under 16 a guardian acts; 16–17 may act with proof of own income.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum AgeGroup {
    #[serde(rename = "minor_under_16")]
    MinorUnder16,
    #[serde(rename = "minor_16_17")]
    Minor16To17,
    Adult,
    Elderly,
}

/// What the number tells, when the format confirms it. Absent keys are unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DocumentFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub age: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub age_group: Option<AgeGroup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub birth_date: Option<String>,
    /// E-mail: the domain, lower-cased.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub domain: Option<String>,
    /// USCC position 2: entity category code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub entity_category: Option<String>,
    /// USCC: the category's name in the desk's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub entity_category_name: Option<String>,
    /// Which edition of the number format matched (`2023`, `2017`, `electronic`, `booklet_1999`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub format: Option<String>,
    /// Travel permits: the renewal / issue count printed after the lifetime number.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub issue_count: Option<String>,
    /// Taiwan travel permits (old style): the bracketed issuing-office code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub issuing_office: Option<String>,
    /// Travel permits: the lifetime number that identifies the holder across renewals.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub lifetime_number: Option<String>,
    /// Mobile: the 11-digit national number.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub national: Option<String>,
    /// Nationality as an ICAO/ISO 3166 alpha-3 code, when the number carries it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub nationality: Option<String>,
    /// ISO 3166-1 numeric nationality code (2023 Foreign Permanent Resident ID).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub nationality_code: Option<String>,
    /// USCC positions 9–17: the GB 11714 organization code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub org_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub province_code: Option<String>,
    /// Region of a Hong Kong / Macao / Taiwan document: `HK`, `MO` or `TW`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "\"HK\" | \"MO\" | \"TW\"")
    )]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub region_code: Option<String>,
    /// USCC position 1: registration authority code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub registration_authority: Option<String>,
    /// USCC: the authority's name in the desk's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub registration_authority_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sex: Option<Sex>,
}

/// Result of `validateDocument`. `valid` means the number itself is well-formed with correct check
/// characters at `now`; whether the document is still in force is told by findings
/// (`*.expired`, `*.expiring_soon`), so a caller can tell a typo from an expired card.
///
/// Fields are declared in the byte order of their JSON names (and findings serialized the same
/// way, see `sorted_findings`), so serializing the struct straight to JSON text gives exactly the
/// text `api::call` gives through a `serde_json::Value` (whose maps are sorted): the bindings skip
/// the `Value` step and stay byte-for-byte equal to the native answer (tests/documents.rs checks).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DocumentResult {
    pub fields: DocumentFields,
    #[serde(serialize_with = "sorted_findings")]
    pub findings: Vec<Finding>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "DocumentKind"))]
    pub kind: String,
    /// The normalized number masked per the pack's `idMaskStyle` (mobile: `138****1234`, e-mail:
    /// `z***@example.com`), safe to display.
    pub masked: Option<String>,
    /// The number in canonical form (upper case, no separators, 15-digit IDs upgraded; mobile in
    /// E.164; e-mail with a lower-case domain), when valid. This is the caller's own input handed
    /// back; show `masked` instead.
    pub normalized: Option<String>,
    pub valid: bool,
}

impl Sex {
    pub fn name(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

impl AgeGroup {
    pub fn name(self) -> &'static str {
        match self {
            AgeGroup::MinorUnder16 => "minor_under_16",
            AgeGroup::Minor16To17 => "minor_16_17",
            AgeGroup::Adult => "adult",
            AgeGroup::Elderly => "elderly",
        }
    }
}

impl WriteJson for DocumentFields {
    /// As the `Serialize` derive writes it (absent fields left out).
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        out.field_some("age", &self.age);
        if let Some(g) = self.age_group {
            out.field_str("ageGroup", g.name());
        }
        let texts: [(&str, &Option<String>); 17] = [
            ("birthDate", &self.birth_date),
            ("domain", &self.domain),
            ("entityCategory", &self.entity_category),
            ("entityCategoryName", &self.entity_category_name),
            ("format", &self.format),
            ("issueCount", &self.issue_count),
            ("issuingOffice", &self.issuing_office),
            ("lifetimeNumber", &self.lifetime_number),
            ("national", &self.national),
            ("nationality", &self.nationality),
            ("nationalityCode", &self.nationality_code),
            ("orgCode", &self.org_code),
            ("provinceCode", &self.province_code),
            ("region", &self.region),
            ("regionCode", &self.region_code),
            ("registrationAuthority", &self.registration_authority),
            (
                "registrationAuthorityName",
                &self.registration_authority_name,
            ),
        ];
        write_some_strs(out, &texts);
        if let Some(s) = self.sex {
            out.field_str("sex", s.name());
        }
        out.close_obj();
    }
}

/// Each `(key, Some(text))` as a field; `None`s left out.
#[inline(never)]
pub(crate) fn write_some_strs(out: &mut JsonOut, fields: &[(&str, &Option<String>)]) {
    for (k, v) in fields {
        if let Some(v) = v {
            out.field_str(k, v);
        }
    }
}

impl WriteJson for DocumentResult {
    /// As the `Serialize` derive writes it: keys in byte order, findings with sorted keys.
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        out.field("fields", &self.fields);
        out.field("findings", &SortedFindings(&self.findings));
        out.field_str("kind", &self.kind);
        out.field("masked", &self.masked);
        out.field("normalized", &self.normalized);
        out.field("valid", &self.valid);
        out.close_obj();
    }
}

/// Fill `age` and `ageGroup` for a birth date not after today.
pub fn age_fields(ctx: &Ctx, rules: &DocumentRules, birth: NaiveDate, fields: &mut DocumentFields) {
    let age = age_on(birth, ctx.today());
    let g = &rules.age_groups;
    fields.age = Some(age);
    fields.age_group = Some(if age < g.minor_guardian_age {
        AgeGroup::MinorUnder16
    } else if age < g.adult_age {
        AgeGroup::Minor16To17
    } else if age >= g.elderly_age {
        AgeGroup::Elderly
    } else {
        AgeGroup::Adult
    });
}

/// Fold widths, strip separators, upper-case; report what was changed as info findings.
fn normalize_number(
    ctx: &Ctx,
    kind: DocumentKind,
    raw: &str,
    findings: &mut Vec<Finding>,
) -> String {
    let (folded, widened) = checks::fold_width(raw);
    if widened {
        findings.push(ctx.finding(
            Severity::Info,
            "document.full_width_folded",
            "number",
            params![],
        ));
    }
    let stripped = checks::strip_separators(&folded);
    let x_checked = matches!(
        kind,
        DocumentKind::CnResidentId
            | DocumentKind::HmtResidencePermit
            | DocumentKind::ForeignPermanentResidenceId
    );
    if x_checked && stripped.ends_with('x') && stripped.len() == 18 {
        let code = format!("{}.lowercase_x", kind.code_prefix());
        findings.push(ctx.finding(Severity::Info, &code, "number", params![]));
    }
    stripped.to_ascii_uppercase()
}

/// The number masked for display, in the way that fits its kind (§8).
fn mask_for(
    ctx: &Ctx,
    kind: Option<DocumentKind>,
    normalized: &str,
    fields: &DocumentFields,
) -> String {
    match kind {
        Some(DocumentKind::CnMobile) => {
            crate::mask::mobile(fields.national.as_deref().unwrap_or(normalized))
        }
        Some(DocumentKind::Email) => crate::mask::email(normalized),
        // Travel-permit numbers are 8–11 characters: the ID styles (e.g. first 3 + last 4) would
        // leave most of them visible, so short numbers keep only their first and last 3.
        _ if normalized.chars().count() < 12 => crate::mask::keep(normalized, 1, 3),
        _ => crate::mask::id_number(normalized, ctx.settings().id_mask_style),
    }
}

/// `validateDocument`.
pub fn validate(ctx: &Ctx, rules: &DocumentRules, input: &DocumentInput) -> DocumentResult {
    let mut findings = Vec::new();
    let mut fields = DocumentFields::default();
    let kind = DocumentKind::parse(&input.kind);
    let result = |valid: bool,
                  normalized: Option<String>,
                  findings: Vec<Finding>,
                  fields: DocumentFields| {
        let masked = normalized
            .as_deref()
            .map(|n| mask_for(ctx, kind, n, &fields));
        DocumentResult {
            valid,
            kind: input.kind.clone(),
            normalized,
            masked,
            fields,
            findings,
        }
    };
    let Some(kind) = kind else {
        findings.push(ctx.finding(Severity::Error, "document.unknown_kind", "kind", params![]));
        return result(false, None, findings, fields);
    };
    let len = input.number.chars().count();
    if len > kind.max_chars() {
        findings.push(ctx.finding(
            Severity::Error,
            "document.too_long",
            "number",
            params![("max", kind.max_chars())],
        ));
        return result(false, None, findings, fields);
    }
    let decoded = match kind {
        DocumentKind::CnMobile => {
            mobile::check(ctx, rules, &input.number, &mut findings, &mut fields)
        }
        DocumentKind::Email => email::check(ctx, &input.number, &mut findings, &mut fields),
        _ => {
            let number = normalize_number(ctx, kind, &input.number, &mut findings);
            if number.is_empty() {
                findings.push(ctx.finding(Severity::Error, "document.empty", "number", params![]));
                return result(false, None, findings, fields);
            }
            match kind {
                DocumentKind::CnResidentId => {
                    resident_id::check(ctx, rules, &number, &mut findings, &mut fields)
                        .map(|d| d.normalized)
                }
                DocumentKind::HmtResidencePermit => {
                    permits::hmt_residence(ctx, rules, &number, &mut findings, &mut fields)
                }
                DocumentKind::ForeignPermanentResidenceId => {
                    permits::foreign_pr(ctx, rules, &number, &mut findings, &mut fields)
                }
                DocumentKind::HkMacaoTravelPermit => {
                    permits::hk_macao(ctx, &number, &mut findings, &mut fields)
                }
                DocumentKind::TaiwanTravelPermit => {
                    permits::taiwan(ctx, &number, &mut findings, &mut fields)
                }
                _ => uscc::check(ctx, rules, &number, &mut findings, &mut fields),
            }
        }
    };
    // `valid` is about the number alone; whether the document is in force comes after, as findings.
    let valid = decoded.is_some() && no_errors(&findings);
    if kind.has_validity() {
        validity::check(ctx, rules, kind, input, &fields, &mut findings);
    } else if input.issue_date.is_some() || input.expiry_date.is_some() {
        findings.push(ctx.finding(
            Severity::Info,
            "document.dates_ignored",
            "expiryDate",
            params![],
        ));
    }
    result(valid, decoded, findings, fields)
}

/// Serialize findings with their keys in sorted order (code, field, message, params, severity), the
/// order a `serde_json::Value` gives them.
pub fn sorted_findings<S: serde::Serializer>(
    findings: &[Finding],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::{SerializeSeq, SerializeStruct};
    struct Sorted<'a>(&'a Finding);
    impl Serialize for Sorted<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let f = self.0;
            let mut st = s.serialize_struct("Finding", 5)?;
            st.serialize_field("code", &f.code)?;
            st.serialize_field("field", &f.field)?;
            st.serialize_field("message", &f.message)?;
            st.serialize_field("params", &f.params)?;
            st.serialize_field("severity", &f.severity)?;
            st.end()
        }
    }
    let mut seq = s.serialize_seq(Some(findings.len()))?;
    for f in findings {
        seq.serialize_element(&Sorted(f))?;
    }
    seq.end()
}

/// `parseMrz`.
pub fn parse_mrz(ctx: &Ctx, rules: &DocumentRules, text: &str) -> mrz::MrzResult {
    mrz::parse(ctx, rules, text)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use crate::loader::files;

    /// A small documents pack: one province, resident-ID validity bands, one USCC authority,
    /// one mobile range and two MRZ states.
    pub(crate) const DOCUMENTS_JSON: &str = r#"{
        "source": "test", "expiringSoonDays": 30, "maxAgeYears": 130,
        "ageGroups": { "minorGuardianAge": 16, "adultAge": 18, "elderlyAge": 60 },
        "provinces": { "11": { "zh-CN": "北京市", "en": "Beijing" } },
        "validity": { "source": "test", "bands": { "cn_resident_id": [
            { "fromAge": 0, "years": 5 }, { "fromAge": 16, "years": 10 },
            { "fromAge": 26, "years": 20 }, { "fromAge": 46, "years": null } ] } },
        "usccSource": "test",
        "usccAuthorities": { "9": { "name": { "zh-CN": "工商", "en": "Market regulation" },
            "categories": { "1": { "zh-CN": "企业", "en": "Enterprise" } } } },
        "mrzExpiryMaxYearsAhead": 20 }"#;
    pub(crate) const MOBILE_JSON: &str = r#"{ "source": "test", "metadataVersion": "test",
        "countryCode": "86", "nationalLength": 11,
        "possiblePrefixes": ["13"], "mobilePrefixes": ["138"] }"#;
    pub(crate) const MRZ_JSON: &str = r#"{ "source": "test", "version": "test",
        "specimenStates": ["UTO"], "states": { "UTO": null, "CHN": "156" } }"#;

    /// The documents rules of the snippets above, loaded alone.
    pub(crate) fn rules() -> DocumentRules {
        let f = files(&[
            ("documents.json", DOCUMENTS_JSON),
            ("mobile.json", MOBILE_JSON),
            ("mrz.json", MRZ_JSON),
        ]);
        let loader = Loader::new(&f);
        let rules = DocumentRules::load(&loader).unwrap();
        loader.finish().unwrap();
        rules
    }

    fn codes(r: &DocumentResult) -> Vec<&str> {
        r.findings.iter().map(|f| f.code.as_str()).collect()
    }

    fn check(kind: &str, number: &str, expiry: Option<&str>) -> DocumentResult {
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let input = DocumentInput {
            kind: kind.into(),
            number: number.into(),
            issue_date: expiry.map(|_| "2005-03-10".into()),
            expiry_date: expiry.map(str::to_string),
        };
        validate(&ctx, &rules(), &input)
    }

    #[test]
    fn resident_ids_are_read_against_the_packs_provinces() {
        let ok = check("cn_resident_id", "11010519491231002x", Some("long_term"));
        assert!(ok.valid, "{:?}", ok.findings);
        assert_eq!(codes(&ok), ["resident_id.lowercase_x"]);
        assert_eq!(ok.fields.age_group, Some(AgeGroup::Elderly));
        assert_eq!(ok.masked.as_deref(), Some("110***********002X"));
        // Well-formed, but province 44 is not in this small pack.
        let r = check("cn_resident_id", "440524188001010014", None);
        assert!(!r.valid);
        assert_eq!(
            codes(&r),
            ["resident_id.province", "resident_id.birth_too_early"]
        );
        // Issued at 55 for 20 years: the bands say long-term.
        let r = check("cn_resident_id", "11010519491231002X", Some("2025-03-10"));
        assert_eq!(
            codes(&r),
            ["resident_id.expired", "resident_id.validity_period"]
        );
    }

    #[test]
    fn mobile_ranges_and_mrz_states_come_from_their_own_files() {
        let r = check("cn_mobile", "+86 138-1234-1234", None);
        assert!(r.valid && r.findings.is_empty(), "{:?}", r.findings);
        assert_eq!(r.masked.as_deref(), Some("138****1234"));
        let r = check("cn_mobile", "13912341234", None);
        assert_eq!(codes(&r), ["mobile.unknown_range"]);
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let m = parse_mrz(
            &ctx,
            &rules(),
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        );
        assert!(m.valid);
        assert_eq!(
            m.findings
                .iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>(),
            ["mrz.specimen_state", "mrz.specimen_state", "mrz.expired"]
        );
    }

    #[test]
    fn a_bad_value_names_its_file_and_field() {
        let bad = DOCUMENTS_JSON.replace("\"expiringSoonDays\": 30", "\"expiringSoonDays\": 0");
        let f = files(&[
            ("documents.json", bad.as_str()),
            ("mobile.json", MOBILE_JSON),
            ("mrz.json", MRZ_JSON),
        ]);
        let e = DocumentRules::load(&Loader::new(&f)).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (Some("documents.json"), Some("expiringSoonDays"))
        );
        let f = files(&[("documents.json", DOCUMENTS_JSON), ("mrz.json", MRZ_JSON)]);
        let e = DocumentRules::load(&Loader::new(&f)).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.file.as_deref()),
            ("rule_pack.missing_file", Some("mobile.json"))
        );
    }
}
