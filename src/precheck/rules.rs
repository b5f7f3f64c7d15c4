//! The pre-check's rule data (`pkg-config/precheck/*.json`): who may open which account with which
//! documents, the materials per applicant × account × purpose, count limits, purpose consistency
//! rules, due-diligence signals and questions, the negative list and next steps, ticket settings.
//! Every file is validated on load; errors name the file and the field.

use super::{AccountKind, ApplicantKind, Flag, Purpose, Signal};
use crate::error::Error;
use crate::finding::Severity;
use crate::rulepack::{invalid, Loader};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Longest id of a material, question or advice item (they become message-code suffixes).
const MAX_ID: usize = 40;

fn check_id(file: &str, path: &str, id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && id.len() <= MAX_ID
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(invalid(file, path, "ids are 1 to 40 characters of a-z, 0-9 and _"))
    }
}

/// Where a checklist material is checked from in the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaterialSource {
    /// `applicant.document`.
    ApplicantDocument,
    /// `guardian.document`.
    GuardianDocument,
    /// `business.legalRepresentative.document`.
    LegalRepresentativeDocument,
    /// `business.agent.document`.
    AgentDocument,
    /// `business.uscc` (checked as a `uscc` document).
    Uscc,
    /// `contact.mobile` (checked as a `cn_mobile` document).
    Mobile,
    /// Something the customer ticks as "I have it" (`materials` list): licences, letters, seals.
    Declared,
}

/// Whether a material must be brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Need {
    Required,
    Optional,
}

/// When a rule applies: every list given must contain the application's value (absent = any);
/// every flag must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct When {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicants: Option<Vec<ApplicantKind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<AccountKind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purposes: Option<Vec<Purpose>>,
    /// Occupation codes (`applicant.occupation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupations: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
}

/// `precheck/applicants.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplicantsFile {
    pub source: String,
    pub applicants: BTreeMap<ApplicantKind, ApplicantRule>,
    pub accounts: BTreeMap<AccountKind, AccountRule>,
    /// Occupation codes the form offers (`applicant.occupation`).
    pub occupations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplicantRule {
    pub source: String,
    /// Accounts this applicant kind may open.
    pub accounts: Vec<AccountKind>,
    /// Age groups (from the document's birth date) consistent with this kind; empty = not checked.
    #[serde(default)]
    pub age_groups: Vec<crate::documents::AgeGroup>,
    /// Due-diligence signals that come with the kind itself (e.g. `non_resident`).
    #[serde(default)]
    pub signals: Vec<Signal>,
    /// A business applicant: `business` is read, not a person's own document.
    #[serde(default)]
    pub business: bool,
    /// USCC prefixes (authority + category, e.g. `92` for 个体工商户) expected for this kind.
    #[serde(default)]
    pub uscc_prefixes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountRule {
    pub source: String,
    /// Most accounts of this kind one customer may hold at this bank (the new one included).
    pub max_per_bank: u32,
    /// What to suggest when the limit is reached.
    #[serde(default)]
    pub suggest: Option<AccountKind>,
}

/// `precheck/materials.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MaterialsFile {
    pub source: String,
    pub materials: Vec<Material>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Material {
    /// Stable id; label `precheck.material.<id>`, reason `precheck.why.<id>` in the catalog.
    pub id: String,
    /// Stable number (1–250) of the material inside a hand-off ticket.
    pub tag: u8,
    pub source: MaterialSource,
    /// Document kinds accepted for a document source (`passport` is read from its MRZ,
    /// `household_register` by the resident ID number printed in it).
    #[serde(default)]
    pub document_kinds: Vec<String>,
    /// Where this fact comes from (domain brief section).
    pub basis: String,
    /// Need and conditions; the first matching entry decides.
    pub rules: Vec<MaterialRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MaterialRule {
    pub need: Need,
    #[serde(default)]
    pub when: When,
}

/// `precheck/rules.json`: purpose consistency rules and settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RulesFile {
    pub source: String,
    pub settings: PrecheckSettings,
    /// Findings raised when the purpose does not fit the account, the applicant or the occupation.
    pub purpose_rules: Vec<PurposeRule>,
    /// Address regions besides the citizen-number provinces of `documents.json` (GB/T 2260 81
    /// Hong Kong, 82 Macao), so that a Hong Kong or Macao home address can be given.
    pub extra_regions: BTreeMap<String, crate::i18n::Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrecheckSettings {
    /// Personal accounts already held at this bank from which `many_accounts` is signalled [?].
    pub many_accounts_threshold: u32,
    /// Compare addresses by `province` or by `city` for `far_from_home` [?].
    pub far_level: FarLevel,
    /// Shortest "other" purpose text taken as an explanation (characters).
    pub min_purpose_text_chars: u32,
    /// Longest free text accepted (purpose text, names, address parts), in characters.
    pub max_text_chars: u32,
    /// A business with at most this many staff is "few staff" for the negative list (§3.2).
    pub few_staff_max: u32,
    /// PIPL Art. 28/31: applicants under this age get the guardian-consent notice (§6, §8).
    pub sensitive_under_age: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FarLevel {
    Province,
    City,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurposeRule {
    /// Finding code (`precheck.purpose.*`).
    pub code: String,
    pub severity: Severity,
    pub basis: String,
    pub when: When,
}

/// `precheck/due-diligence.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DueDiligenceFile {
    pub source: String,
    pub signals: BTreeMap<Signal, SignalRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignalRule {
    pub basis: String,
    /// Question ids; text `precheck.question.<id>`.
    pub questions: Vec<String>,
    /// Application fields the bank will want for this signal (`occupation`, `address`).
    #[serde(default)]
    pub asks: Vec<AskedField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AskedField {
    Occupation,
    Address,
}

/// `precheck/advice.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdviceFile {
    pub source: String,
    pub items: Vec<AdviceItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdviceItem {
    /// Text `precheck.advice.<id>`.
    pub id: String,
    pub kind: AdviceKind,
    pub basis: String,
    #[serde(default)]
    pub when: When,
    /// Message parameters (e.g. an uncertain number of years kept as data).
    #[serde(default)]
    pub params: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum AdviceKind {
    /// Something the bank must not do to this customer (published negative list, §3.2).
    NegativeList,
    /// What to do next.
    NextStep,
    /// A rule the customer should know (e.g. the punishment list, §2).
    Notice,
}

/// `precheck/ticket.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TicketSettings {
    pub source: String,
    /// Code prefix (QR alphanumeric: A–Z, 0–9), also the format version, e.g. `FD1`.
    pub prefix: String,
    /// Characters of the reference code shown to staff.
    pub reference_chars: u8,
    /// Bytes of SHA-256 kept as the integrity checksum (8–16).
    pub checksum_bytes: u8,
    /// Longest ticket code accepted by `readTicket`.
    pub max_chars: u16,
    /// A ticket older than this many days gets a `ticket.old` warning at the branch.
    pub max_age_days: u32,
}

/// All of the pre-check's rule data.
#[derive(Debug, Clone, PartialEq)]
pub struct PrecheckRules {
    pub applicants: ApplicantsFile,
    pub materials: MaterialsFile,
    pub rules: RulesFile,
    pub due_diligence: DueDiligenceFile,
    pub advice: AdviceFile,
    pub ticket: TicketSettings,
}

const KNOWN_DOCUMENT_KINDS: &[&str] = &[
    "cn_resident_id",
    "household_register",
    "hmt_residence_permit",
    "foreign_permanent_residence_id",
    "hk_macao_travel_permit",
    "taiwan_travel_permit",
    "passport",
];

impl PrecheckRules {
    pub fn load(loader: &mut Loader) -> Result<Self, Error> {
        let applicants: ApplicantsFile = loader.section(F_APPLICANTS)?;
        let materials: MaterialsFile = loader.section(F_MATERIALS)?;
        let rules: RulesFile = loader.section(F_RULES)?;
        let due_diligence: DueDiligenceFile = loader.section(F_DD)?;
        let advice: AdviceFile = loader.section(F_ADVICE)?;
        let ticket: TicketSettings = loader.section(F_TICKET)?;
        let out = PrecheckRules { applicants, materials, rules, due_diligence, advice, ticket };
        out.check()?;
        Ok(out)
    }

    fn check(&self) -> Result<(), Error> {
        for kind in ApplicantKind::ALL {
            let Some(a) = self.applicants.applicants.get(&kind) else {
                return Err(invalid(F_APPLICANTS, format!("applicants.{}", kind.name()), "every applicant kind needs an entry"));
            };
            if a.accounts.is_empty() {
                return Err(invalid(F_APPLICANTS, format!("applicants.{}.accounts", kind.name()), "list at least one account"));
            }
            for (i, p) in a.uscc_prefixes.iter().enumerate() {
                if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                    return Err(invalid(F_APPLICANTS, format!("applicants.{}.usccPrefixes[{i}]", kind.name()), "two characters 0-9A-Z"));
                }
            }
        }
        for kind in AccountKind::ALL {
            match self.applicants.accounts.get(&kind) {
                None => {
                    return Err(invalid(F_APPLICANTS, format!("accounts.{}", kind.name()), "every account kind needs an entry"))
                }
                Some(a) if !(1..=100).contains(&a.max_per_bank) => {
                    return Err(invalid(F_APPLICANTS, format!("accounts.{}.maxPerBank", kind.name()), "must be 1 to 100"))
                }
                _ => {}
            }
        }
        for (i, o) in self.applicants.occupations.iter().enumerate() {
            check_id(F_APPLICANTS, &format!("occupations[{i}]"), o)?;
        }
        let mut ids = BTreeSet::new();
        let mut tags = BTreeSet::new();
        for (i, m) in self.materials.materials.iter().enumerate() {
            let path = format!("materials[{i}]");
            check_id(F_MATERIALS, &format!("{path}.id"), &m.id)?;
            if !ids.insert(m.id.as_str()) {
                return Err(invalid(F_MATERIALS, format!("{path}.id"), "duplicate material id"));
            }
            if m.tag == 0 || m.tag > 250 || !tags.insert(m.tag) {
                return Err(invalid(F_MATERIALS, format!("{path}.tag"), "tags are unique numbers 1 to 250"));
            }
            if m.rules.is_empty() {
                return Err(invalid(F_MATERIALS, format!("{path}.rules"), "list at least one rule"));
            }
            let is_doc = matches!(
                m.source,
                MaterialSource::ApplicantDocument
                    | MaterialSource::GuardianDocument
                    | MaterialSource::LegalRepresentativeDocument
                    | MaterialSource::AgentDocument
            );
            if is_doc == m.document_kinds.is_empty() {
                return Err(invalid(F_MATERIALS, format!("{path}.documentKinds"), "document sources list their accepted kinds; other sources none"));
            }
            for (j, k) in m.document_kinds.iter().enumerate() {
                if !KNOWN_DOCUMENT_KINDS.contains(&k.as_str()) {
                    return Err(invalid(F_MATERIALS, format!("{path}.documentKinds[{j}]"), "unknown document kind"));
                }
            }
        }
        let s = &self.rules.settings;
        if !(1..=100).contains(&s.many_accounts_threshold) {
            return Err(invalid(F_RULES, "settings.manyAccountsThreshold", "must be 1 to 100"));
        }
        if !(10..=1000).contains(&s.max_text_chars) || s.min_purpose_text_chars > s.max_text_chars {
            return Err(invalid(F_RULES, "settings.maxTextChars", "must be 10 to 1000 and at least minPurposeTextChars"));
        }
        if !(0..=18).contains(&s.sensitive_under_age) {
            return Err(invalid(F_RULES, "settings.sensitiveUnderAge", "must be 0 to 18"));
        }
        for (code, name) in &self.rules.extra_regions {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) || !name.is_complete() {
                return Err(invalid(F_RULES, format!("extraRegions.{code}"), "two-digit codes with a zh-CN and an en name"));
            }
        }
        for (i, r) in self.rules.purpose_rules.iter().enumerate() {
            if !r.code.starts_with("precheck.purpose.") || r.code.len() > 80 {
                return Err(invalid(F_RULES, format!("purposeRules[{i}].code"), "codes start with precheck.purpose."));
            }
        }
        for signal in Signal::ALL {
            match self.due_diligence.signals.get(&signal) {
                None => return Err(invalid(F_DD, format!("signals.{}", signal.name()), "every signal needs an entry")),
                Some(r) => {
                    for (j, q) in r.questions.iter().enumerate() {
                        check_id(F_DD, &format!("signals.{}.questions[{j}]", signal.name()), q)?;
                    }
                }
            }
        }
        let mut ids = BTreeSet::new();
        for (i, a) in self.advice.items.iter().enumerate() {
            check_id(F_ADVICE, &format!("items[{i}].id"), &a.id)?;
            if !ids.insert(a.id.as_str()) {
                return Err(invalid(F_ADVICE, format!("items[{i}].id"), "duplicate advice id"));
            }
        }
        let t = &self.ticket;
        if t.prefix.is_empty() || t.prefix.len() > 8 || !t.prefix.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Err(invalid(F_TICKET, "prefix", "1 to 8 characters A-Z, 0-9"));
        }
        if !(4..=16).contains(&t.reference_chars) {
            return Err(invalid(F_TICKET, "referenceChars", "must be 4 to 16"));
        }
        if !(8..=16).contains(&t.checksum_bytes) {
            return Err(invalid(F_TICKET, "checksumBytes", "must be 8 to 16"));
        }
        if !(100..=2000).contains(&t.max_chars) {
            return Err(invalid(F_TICKET, "maxChars", "must be 100 to 2000"));
        }
        if !(1..=365).contains(&t.max_age_days) {
            return Err(invalid(F_TICKET, "maxAgeDays", "must be 1 to 365"));
        }
        Ok(())
    }

    pub fn material_by_tag(&self, tag: u8) -> Option<&Material> {
        self.materials.materials.iter().find(|m| m.tag == tag)
    }
}

pub const F_APPLICANTS: &str = "precheck/applicants.json";
pub const F_MATERIALS: &str = "precheck/materials.json";
pub const F_RULES: &str = "precheck/rules.json";
pub const F_DD: &str = "precheck/due-diligence.json";
pub const F_ADVICE: &str = "precheck/advice.json";
pub const F_TICKET: &str = "precheck/ticket.json";
