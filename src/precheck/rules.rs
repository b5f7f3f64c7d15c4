//! The pre-check's rule data (`pkg-config/precheck/*.json`): who may open which account with which
//! documents, the materials per applicant × account × purpose, count limits, purpose consistency
//! rules, due-diligence signals and questions, the negative list and next steps, ticket settings.
//! Every file is validated on load; errors name the file and the field.

use super::{AccountKind, ApplicantKind, Flag, Purpose, Signal};
use crate::error::Error;
use crate::finding::Severity;
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::loader::{invalid, Loader};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The entry for `key` in a small keyed list.
pub fn find<'a, K: PartialEq, V>(list: &'a [(K, V)], key: &K) -> Option<&'a V> {
    list.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Longest id of a material, question or advice item (they become message-code suffixes).
const MAX_ID: usize = 40;

fn check_id(file: &str, path: &str, id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            file,
            path,
            "ids are 1 to 40 characters of a-z, 0-9 and _",
        ))
    }
}

/// Where a checklist material is checked from in the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// A form the customer signs when the account is opened (nothing to bring); `declareWhen`
    /// names when they must confirm something for it.
    SignedAtOpening,
    /// Something the customer ticks as "I have it" (`materials` list): licences, letters, seals.
    Declared,
}

/// Whether a material must be brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Need {
    Required,
    Optional,
}

/// When a rule applies: every list given must contain the application's value (absent = any);
/// every flag must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct When {
    pub applicants: Option<Vec<ApplicantKind>>,
    pub accounts: Option<Vec<AccountKind>>,
    pub purposes: Option<Vec<Purpose>>,
    /// Occupation codes (`applicant.occupation`).
    pub occupations: Option<Vec<String>>,
    pub flags: Vec<Flag>,
}

/// `precheck/applicants.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicantsFile {
    pub source: String,
    pub applicants: Vec<(ApplicantKind, ApplicantRule)>,
    pub accounts: Vec<(AccountKind, AccountRule)>,
    /// Occupation codes the form offers (`applicant.occupation`).
    pub occupations: Vec<String>,
    /// Which documents give the non-resident signal (issue 15 item 7).
    pub residence: Residence,
}

/// `applicants.json` `residence`: a passport or travel permit without a residence document held
/// besides it gives the `non_resident` due-diligence signal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Residence {
    pub non_resident_documents: Vec<String>,
    pub residence_documents: Vec<String>,
    pub source: String,
    pub confidence: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApplicantRule {
    pub source: String,
    /// Accounts this applicant kind may open.
    pub accounts: Vec<AccountKind>,
    /// Age groups (from the document's birth date) consistent with this kind; empty = not checked.
    pub age_groups: Vec<crate::documents::AgeGroup>,
    /// Due-diligence signals that come with the kind itself (e.g. `non_resident`).
    pub signals: Vec<Signal>,
    /// A business applicant: `business` is read, not a person's own document.
    pub business: bool,
    /// USCC prefixes (authority + category, e.g. `92` for 个体工商户) expected for this kind.
    pub uscc_prefixes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AccountRule {
    pub source: String,
    /// Most accounts of this kind one customer may hold at this bank (the new one included).
    pub max_per_bank: u32,
    /// What to suggest when the limit is reached.
    pub suggest: Option<AccountKind>,
    /// The limit holds "in principle" (原则上): reaching it is a warning, not an error.
    pub in_principle: bool,
}

/// `precheck/materials.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct MaterialsFile {
    pub source: String,
    pub materials: Vec<Material>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    /// Stable id; label `precheck.material.<id>`, reason `precheck.why.<id>` in the catalog.
    pub id: String,
    /// Stable number (1–250) of the material inside a hand-off ticket.
    pub tag: u8,
    pub source: MaterialSource,
    /// Document kinds accepted for a document source (`passport` is read from its MRZ,
    /// `household_register` by the resident ID number printed in it).
    pub document_kinds: Vec<String>,
    /// Where this fact comes from (domain brief section).
    pub basis: String,
    /// Need and conditions; the first matching entry decides.
    pub rules: Vec<MaterialRule>,
    /// `signed_at_opening` only: when this matches, the customer must confirm it like a declared
    /// material (e.g. a foreign TIN for the tax-residency self-certification).
    pub declare_when: Option<When>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MaterialRule {
    pub need: Need,
    pub when: When,
}

/// `precheck/rules.json`: purpose consistency rules and settings.
#[derive(Debug, Clone, PartialEq)]
pub struct RulesFile {
    pub source: String,
    pub settings: PrecheckSettings,
    /// Findings raised when the purpose does not fit the account, the applicant or the occupation.
    pub purpose_rules: Vec<PurposeRule>,
    /// Address regions besides the citizen-number provinces of `documents.json` (GB/T 2260 81
    /// Hong Kong, 82 Macao), so that a Hong Kong or Macao home address can be given.
    pub extra_regions: BTreeMap<String, crate::i18n::Text>,
}

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FarLevel {
    Province,
    City,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PurposeRule {
    /// Finding code (`precheck.purpose.*`).
    pub code: String,
    pub severity: Severity,
    pub basis: String,
    pub when: When,
}

/// `precheck/due-diligence.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct DueDiligenceFile {
    pub source: String,
    pub signals: Vec<(Signal, SignalRule)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignalRule {
    pub basis: String,
    /// Question ids; text `precheck.question.<id>`.
    pub questions: Vec<String>,
    /// Application fields the bank will want for this signal (`occupation`, `address`).
    pub asks: Vec<AskedField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskedField {
    Occupation,
    Address,
}

/// `precheck/advice.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct AdviceFile {
    pub source: String,
    pub items: Vec<AdviceItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdviceItem {
    /// Text `precheck.advice.<id>`.
    pub id: String,
    pub kind: AdviceKind,
    pub basis: String,
    pub when: When,
    /// Message parameters (e.g. an uncertain number of years kept as data).
    pub params: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum AdviceKind {
    /// Something the bank must not do to this customer (published negative list, §3.2).
    NegativeList,
    /// What to do next.
    NextStep,
    /// A rule the customer should know (e.g. the punishment list, §2).
    Notice,
    /// Errands the customer named that can be done in the app, at a kiosk or by phone instead of
    /// queueing (builds with the service capability; issue 16 §3.2).
    #[cfg(feature = "service")]
    SelfService,
}

/// `precheck/ticket.json`.
#[derive(Debug, Clone, PartialEq)]
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
    /// A ticket older than this many days has expired: a `ticket.old` warning at the branch.
    pub max_age_days: u32,
    /// What staff must still check when they read a ticket, in this order (`staffChecks`).
    pub staff_checks: Vec<StaffCheckRule>,
}

/// One thing staff must still check at the branch (text `precheck.staff_check.<id>`). Its `when`
/// may test only what a ticket carries: applicant, account, purpose and the ready / not_ready flags.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffCheckRule {
    pub id: String,
    pub basis: String,
    pub when: When,
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
    pub fn load(loader: &Loader) -> Result<Self, Error> {
        let applicants = ApplicantsFile::read(loader.raw(F_APPLICANTS)?)?;
        let materials = MaterialsFile::read(loader.raw(F_MATERIALS)?)?;
        let rules = RulesFile::read(loader.raw(F_RULES)?)?;
        let due_diligence = DueDiligenceFile::read(loader.raw(F_DD)?)?;
        let advice = AdviceFile::read(loader.raw(F_ADVICE)?)?;
        let ticket = TicketSettings::read(loader.raw(F_TICKET)?)?;
        let out = PrecheckRules {
            applicants,
            materials,
            rules,
            due_diligence,
            advice,
            ticket,
        };
        out.check()?;
        Ok(out)
    }

    /// Each file in turn: applicants and accounts, materials, rule settings, due-diligence
    /// signals, advice, ticket settings.
    fn check(&self) -> Result<(), Error> {
        self.check_applicants()?;
        self.check_materials()?;
        self.check_rules()?;
        self.check_due_diligence()?;
        self.check_advice()?;
        self.check_ticket()
    }

    /// Every applicant and account kind has an entry; accounts, USCC prefixes, occupations.
    fn check_applicants(&self) -> Result<(), Error> {
        for kind in ApplicantKind::ALL {
            let Some(a) = find(&self.applicants.applicants, kind) else {
                return Err(invalid(
                    F_APPLICANTS,
                    format!("applicants.{}", kind.name()),
                    "every applicant kind needs an entry",
                ));
            };
            if a.accounts.is_empty() {
                return Err(invalid(
                    F_APPLICANTS,
                    format!("applicants.{}.accounts", kind.name()),
                    "list at least one account",
                ));
            }
            for (i, p) in a.uscc_prefixes.iter().enumerate() {
                if p.len() != 2
                    || !p
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                {
                    return Err(invalid(
                        F_APPLICANTS,
                        format!("applicants.{}.usccPrefixes[{i}]", kind.name()),
                        "two characters 0-9A-Z",
                    ));
                }
            }
        }
        for kind in AccountKind::ALL {
            match find(&self.applicants.accounts, kind) {
                None => {
                    return Err(invalid(
                        F_APPLICANTS,
                        format!("accounts.{}", kind.name()),
                        "every account kind needs an entry",
                    ))
                }
                Some(a) if !(1..=100).contains(&a.max_per_bank) => {
                    return Err(invalid(
                        F_APPLICANTS,
                        format!("accounts.{}.maxPerBank", kind.name()),
                        "must be 1 to 100",
                    ))
                }
                _ => {}
            }
        }
        for (i, o) in self.applicants.occupations.iter().enumerate() {
            check_id(F_APPLICANTS, &format!("occupations[{i}]"), o)?;
        }
        Ok(())
    }

    /// Unique ids and tags, rules, and the document kinds a document material accepts.
    fn check_materials(&self) -> Result<(), Error> {
        let mut ids = BTreeSet::new();
        let mut tags = BTreeSet::new();
        for (i, m) in self.materials.materials.iter().enumerate() {
            let path = format!("materials[{i}]");
            check_id(F_MATERIALS, &format!("{path}.id"), &m.id)?;
            if !ids.insert(m.id.as_str()) {
                return Err(invalid(
                    F_MATERIALS,
                    format!("{path}.id"),
                    "duplicate material id",
                ));
            }
            if m.tag == 0 || m.tag > 250 || !tags.insert(m.tag) {
                return Err(invalid(
                    F_MATERIALS,
                    format!("{path}.tag"),
                    "tags are unique numbers 1 to 250",
                ));
            }
            if m.rules.is_empty() {
                return Err(invalid(
                    F_MATERIALS,
                    format!("{path}.rules"),
                    "list at least one rule",
                ));
            }
            let is_doc = matches!(
                m.source,
                MaterialSource::ApplicantDocument
                    | MaterialSource::GuardianDocument
                    | MaterialSource::LegalRepresentativeDocument
                    | MaterialSource::AgentDocument
            );
            if is_doc == m.document_kinds.is_empty() {
                return Err(invalid(
                    F_MATERIALS,
                    format!("{path}.documentKinds"),
                    "document sources list their accepted kinds; other sources none",
                ));
            }
            for (j, k) in m.document_kinds.iter().enumerate() {
                if !KNOWN_DOCUMENT_KINDS.contains(&k.as_str()) {
                    return Err(invalid(
                        F_MATERIALS,
                        format!("{path}.documentKinds[{j}]"),
                        "unknown document kind",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The settings, the extra regions and the purpose-rule codes.
    fn check_rules(&self) -> Result<(), Error> {
        let s = &self.rules.settings;
        if !(1..=100).contains(&s.many_accounts_threshold) {
            return Err(invalid(
                F_RULES,
                "settings.manyAccountsThreshold",
                "must be 1 to 100",
            ));
        }
        if !(10..=1000).contains(&s.max_text_chars) || s.min_purpose_text_chars > s.max_text_chars {
            return Err(invalid(
                F_RULES,
                "settings.maxTextChars",
                "must be 10 to 1000 and at least minPurposeTextChars",
            ));
        }
        if !(0..=18).contains(&s.sensitive_under_age) {
            return Err(invalid(
                F_RULES,
                "settings.sensitiveUnderAge",
                "must be 0 to 18",
            ));
        }
        for (code, name) in &self.rules.extra_regions {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) || !name.is_complete() {
                return Err(invalid(
                    F_RULES,
                    format!("extraRegions.{code}"),
                    "two-digit codes with a zh-CN and an en name",
                ));
            }
        }
        for (i, r) in self.rules.purpose_rules.iter().enumerate() {
            if !r.code.starts_with("precheck.purpose.") || r.code.len() > 80 {
                return Err(invalid(
                    F_RULES,
                    format!("purposeRules[{i}].code"),
                    "codes start with precheck.purpose.",
                ));
            }
        }
        Ok(())
    }

    /// Every signal has an entry with its questions.
    fn check_due_diligence(&self) -> Result<(), Error> {
        for signal in Signal::ALL {
            match find(&self.due_diligence.signals, signal) {
                None => {
                    return Err(invalid(
                        F_DD,
                        format!("signals.{}", signal.name()),
                        "every signal needs an entry",
                    ))
                }
                Some(r) => {
                    for (j, q) in r.questions.iter().enumerate() {
                        check_id(
                            F_DD,
                            &format!("signals.{}.questions[{j}]", signal.name()),
                            q,
                        )?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Unique advice ids.
    fn check_advice(&self) -> Result<(), Error> {
        let mut ids = BTreeSet::new();
        for (i, a) in self.advice.items.iter().enumerate() {
            check_id(F_ADVICE, &format!("items[{i}].id"), &a.id)?;
            if !ids.insert(a.id.as_str()) {
                return Err(invalid(
                    F_ADVICE,
                    format!("items[{i}].id"),
                    "duplicate advice id",
                ));
            }
        }
        Ok(())
    }

    /// The ticket settings within their bounds.
    fn check_ticket(&self) -> Result<(), Error> {
        let t = &self.ticket;
        if t.prefix.is_empty()
            || t.prefix.len() > 8
            || !t
                .prefix
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
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
        let mut ids = BTreeSet::new();
        for (i, c) in t.staff_checks.iter().enumerate() {
            check_id(F_TICKET, &format!("staffChecks[{i}].id"), &c.id)?;
            if !ids.insert(c.id.as_str()) {
                return Err(invalid(
                    F_TICKET,
                    format!("staffChecks[{i}].id"),
                    "duplicate staff check id",
                ));
            }
            if c.basis.trim().is_empty() {
                return Err(invalid(
                    F_TICKET,
                    format!("staffChecks[{i}].basis"),
                    "a staff check cites its source (domain brief section, article)",
                ));
            }
            if c.when.occupations.is_some() {
                return Err(invalid(
                    F_TICKET,
                    format!("staffChecks[{i}].when.occupations"),
                    "a ticket does not carry the occupation",
                ));
            }
            if let Some(j) = c
                .when
                .flags
                .iter()
                .position(|f| !matches!(f, Flag::Ready | Flag::NotReady))
            {
                return Err(invalid(
                    F_TICKET,
                    format!("staffChecks[{i}].when.flags[{j}]"),
                    "a ticket carries only the ready and not_ready flags",
                ));
            }
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

// ---------------------------------------------------------------------------------------------
// Reading the files with the shared reader (`crate::jsonread`: no derived Deserialize, for size).

fn parse_source(s: &str) -> Option<MaterialSource> {
    use MaterialSource::*;
    Some(match s {
        "applicant_document" => ApplicantDocument,
        "guardian_document" => GuardianDocument,
        "legal_representative_document" => LegalRepresentativeDocument,
        "agent_document" => AgentDocument,
        "uscc" => Uscc,
        "mobile" => Mobile,
        "declared" => Declared,
        "signed_at_opening" => SignedAtOpening,
        _ => return None,
    })
}

fn parse_need(s: &str) -> Option<Need> {
    match s {
        "required" => Some(Need::Required),
        "optional" => Some(Need::Optional),
        _ => None,
    }
}

fn parse_severity(s: &str) -> Option<Severity> {
    match s {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

fn parse_age_group(s: &str) -> Option<crate::documents::AgeGroup> {
    use crate::documents::AgeGroup::*;
    Some(match s {
        "minor_under_16" => MinorUnder16,
        "minor_16_17" => Minor16To17,
        "adult" => Adult,
        "elderly" => Elderly,
        _ => return None,
    })
}

fn parse_advice_kind(s: &str) -> Option<AdviceKind> {
    match s {
        "negative_list" => Some(AdviceKind::NegativeList),
        "next_step" => Some(AdviceKind::NextStep),
        "notice" => Some(AdviceKind::Notice),
        _ => None,
    }
}

fn parse_far(s: &str) -> Option<FarLevel> {
    match s {
        "province" => Some(FarLevel::Province),
        "city" => Some(FarLevel::City),
        _ => None,
    }
}

fn parse_asked(s: &str) -> Option<AskedField> {
    match s {
        "occupation" => Some(AskedField::Occupation),
        "address" => Some(AskedField::Address),
        _ => None,
    }
}

impl When {
    fn read(o: &Obj) -> When {
        o.only(&["applicants", "accounts", "purposes", "occupations", "flags"]);
        When {
            applicants: o
                .has("applicants")
                .then(|| o.named_list("applicants", ApplicantKind::parse)),
            accounts: o
                .has("accounts")
                .then(|| o.named_list("accounts", AccountKind::parse)),
            purposes: o
                .has("purposes")
                .then(|| o.named_list("purposes", Purpose::parse)),
            occupations: o.has("occupations").then(|| o.strings("occupations")),
            flags: o.named_list("flags", Flag::parse),
        }
    }
    fn read_opt(o: &Obj, key: &str) -> When {
        o.opt_obj(key).map(|w| When::read(&w)).unwrap_or_default()
    }
}

impl ApplicantsFile {
    fn read(v: &Value) -> Result<Self, Error> {
        let r = Reader::new(Some(F_APPLICANTS));
        let o = r.root(v);
        o.only(&[
            "source",
            "applicants",
            "accounts",
            "occupations",
            "residence",
        ]);
        let res = o.obj("residence");
        res.fields(
            &[
                "nonResidentDocuments",
                "residenceDocuments",
                "source",
                "confidence",
            ],
            &[],
        );
        let residence = Residence {
            non_resident_documents: res.strings("nonResidentDocuments"),
            residence_documents: res.strings("residenceDocuments"),
            source: res.str("source"),
            confidence: res.str("confidence"),
        };
        let apps = o.obj("applicants");
        let mut applicants = Vec::new();
        for (k, a) in apps.entries() {
            let Some(kind) = apps.key_named(k, ApplicantKind::parse) else {
                continue;
            };
            a.only(&[
                "source",
                "accounts",
                "ageGroups",
                "signals",
                "business",
                "usccPrefixes",
            ]);
            applicants.push((
                kind,
                ApplicantRule {
                    source: a.str("source"),
                    accounts: a.named_list("accounts", AccountKind::parse),
                    age_groups: a.named_list("ageGroups", parse_age_group),
                    signals: a.named_list("signals", Signal::parse),
                    business: a.opt_bool("business").unwrap_or(false),
                    uscc_prefixes: a.strings("usccPrefixes"),
                },
            ));
        }
        let accs = o.obj("accounts");
        let mut accounts = Vec::new();
        for (k, a) in accs.entries() {
            let Some(kind) = accs.key_named(k, AccountKind::parse) else {
                continue;
            };
            a.only(&["source", "maxPerBank", "suggest", "inPrinciple"]);
            accounts.push((
                kind,
                AccountRule {
                    source: a.str("source"),
                    max_per_bank: a.u32("maxPerBank", u32::MAX),
                    suggest: a.opt_named("suggest", AccountKind::parse),
                    in_principle: a.opt_bool("inPrinciple").unwrap_or(false),
                },
            ));
        }
        let out = ApplicantsFile {
            source: o.str("source"),
            applicants,
            accounts,
            occupations: o.strings("occupations"),
            residence,
        };
        r.done(out)
    }
}

impl MaterialsFile {
    fn read(v: &Value) -> Result<Self, Error> {
        let r = Reader::new(Some(F_MATERIALS));
        let o = r.root(v);
        o.only(&["source", "materials"]);
        let mut materials = Vec::new();
        for m in o.objs("materials") {
            m.only(&[
                "id",
                "tag",
                "source",
                "documentKinds",
                "basis",
                "rules",
                "declareWhen",
            ]);
            let rules = m
                .objs("rules")
                .iter()
                .map(|x| {
                    x.only(&["need", "when"]);
                    MaterialRule {
                        need: x.named("need", parse_need, Need::Optional),
                        when: When::read_opt(x, "when"),
                    }
                })
                .collect();
            materials.push(Material {
                id: m.str("id"),
                tag: m.u32("tag", 255) as u8,
                source: m.named("source", parse_source, MaterialSource::Declared),
                document_kinds: m.strings("documentKinds"),
                basis: m.str("basis"),
                rules,
                declare_when: m.opt_obj("declareWhen").map(|w| When::read(&w)),
            });
        }
        let out = MaterialsFile {
            source: o.str("source"),
            materials,
        };
        r.done(out)
    }
}

impl RulesFile {
    fn read(v: &Value) -> Result<Self, Error> {
        let r = Reader::new(Some(F_RULES));
        let o = r.root(v);
        o.only(&["source", "settings", "purposeRules", "extraRegions"]);
        let s = o.obj("settings");
        s.only(&[
            "manyAccountsThreshold",
            "farLevel",
            "minPurposeTextChars",
            "maxTextChars",
            "fewStaffMax",
            "sensitiveUnderAge",
        ]);
        let settings = PrecheckSettings {
            many_accounts_threshold: s.u32("manyAccountsThreshold", u32::MAX),
            far_level: s.named("farLevel", parse_far, FarLevel::City),
            min_purpose_text_chars: s.u32("minPurposeTextChars", u32::MAX),
            max_text_chars: s.u32("maxTextChars", u32::MAX),
            few_staff_max: s.u32("fewStaffMax", u32::MAX),
            sensitive_under_age: s.u32("sensitiveUnderAge", 100) as i32,
        };
        let purpose_rules = o
            .objs("purposeRules")
            .iter()
            .map(|x| {
                x.only(&["code", "severity", "basis", "when"]);
                PurposeRule {
                    code: x.str("code"),
                    severity: x.named("severity", parse_severity, Severity::Info),
                    basis: x.str("basis"),
                    when: When::read(&x.obj("when")),
                }
            })
            .collect();
        let mut extra_regions = BTreeMap::new();
        for (k, t) in o.obj("extraRegions").entries() {
            t.only(&["zh-CN", "en"]);
            extra_regions.insert(
                k.to_string(),
                crate::i18n::Text {
                    zh_cn: t.str("zh-CN"),
                    en: t.str("en"),
                },
            );
        }
        let out = RulesFile {
            source: o.str("source"),
            settings,
            purpose_rules,
            extra_regions,
        };
        r.done(out)
    }
}

impl DueDiligenceFile {
    fn read(v: &Value) -> Result<Self, Error> {
        let r = Reader::new(Some(F_DD));
        let o = r.root(v);
        o.only(&["source", "signals"]);
        let sig = o.obj("signals");
        let mut signals = Vec::new();
        for (k, s) in sig.entries() {
            let Some(signal) = sig.key_named(k, Signal::parse) else {
                continue;
            };
            s.only(&["basis", "questions", "asks"]);
            signals.push((
                signal,
                SignalRule {
                    basis: s.str("basis"),
                    questions: s.strings("questions"),
                    asks: s.named_list("asks", parse_asked),
                },
            ));
        }
        let out = DueDiligenceFile {
            source: o.str("source"),
            signals,
        };
        r.done(out)
    }
}

impl AdviceFile {
    fn read(v: &Value) -> Result<Self, Error> {
        let r = Reader::new(Some(F_ADVICE));
        let o = r.root(v);
        o.only(&["source", "items"]);
        let items = o
            .objs("items")
            .iter()
            .map(|a| {
                a.only(&["id", "kind", "basis", "when", "params"]);
                if a.opt_str("id").as_deref() == Some("punishment_list") {
                    // The joint-punishment periods (2024 measures): 2 and 3 years, at most 5 in a
                    // row; a bank's pack may change them, not below one year nor above the cap.
                    let p = a.obj("params");
                    let police = p.int_in("yearsPoliceDetermined", 1, 10);
                    let convicted = p.int_in("yearsCriminalConviction", 1, 10);
                    if p.int_in("maxConsecutiveYears", 1, 10) < police.max(convicted) {
                        p.fail("maxConsecutiveYears", "must be at least each period");
                    }
                }
                AdviceItem {
                    id: a.str("id"),
                    kind: a.named("kind", parse_advice_kind, AdviceKind::Notice),
                    basis: a.str("basis"),
                    when: When::read_opt(a, "when"),
                    params: a.opt_obj("params").map(|p| p.raw_map()).unwrap_or_default(),
                }
            })
            .collect();
        let out = AdviceFile {
            source: o.str("source"),
            items,
        };
        r.done(out)
    }
}

impl TicketSettings {
    fn read(v: &Value) -> Result<Self, Error> {
        let r = Reader::new(Some(F_TICKET));
        let o = r.root(v);
        o.only(&[
            "source",
            "prefix",
            "referenceChars",
            "checksumBytes",
            "maxChars",
            "maxAgeDays",
            "staffChecks",
        ]);
        let staff_checks = o
            .objs("staffChecks")
            .iter()
            .map(|c| {
                c.only(&["id", "basis", "when"]);
                StaffCheckRule {
                    id: c.str("id"),
                    basis: c.str("basis"),
                    when: When::read_opt(c, "when"),
                }
            })
            .collect();
        let out = TicketSettings {
            source: o.str("source"),
            prefix: o.str("prefix"),
            reference_chars: o.u32("referenceChars", 255) as u8,
            checksum_bytes: o.u32("checksumBytes", 255) as u8,
            max_chars: o.u32("maxChars", 65535) as u16,
            max_age_days: o.u32("maxAgeDays", u32::MAX),
            staff_checks,
        };
        r.done(out)
    }
}
