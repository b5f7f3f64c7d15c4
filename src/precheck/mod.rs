//! Account-opening pre-check: "am I ready to go to the branch?" (domain brief §0.1, §1.4, §2, §3.1,
//! §3.2, §4.1, §6, §8). Given who applies, the documents they hold, the account and purpose they
//! want and what they already hold at this bank, it returns the checklist of materials with a
//! status for each, the findings (document checks re-pathed to the application and rule checks),
//! the due-diligence questions the bank will ask, the negative-list items and next steps that
//! apply, and a compact, checksummed hand-off ticket for the branch (`ticket`).
//!
//! Client-side checks are syntax and rules only: identity is verified at the branch (§4.1).

pub mod api;
pub mod rules;
#[cfg(feature = "service")]
mod self_service;
pub mod ticket;

#[cfg(feature = "service")]
pub use self_service::{Errands, SelfService, SelfServiceFee, MAX_ERRANDS};

/// What the pre-check reads from the service capability: in builds with `service`, the errands
/// (`Errands`, implemented by the api layer over the service rules — a capability imports no other
/// capability); in builds without it, nothing.
#[cfg(feature = "service")]
pub type Services<'a> = &'a dyn Errands;
#[cfg(not(feature = "service"))]
pub type Services<'a> = std::marker::PhantomData<&'a ()>;

use crate::ctx::Ctx;
use crate::documents::{AgeGroup, DocumentFields, DocumentInput, DocumentRules};
use crate::error::Error;
use crate::finding::{no_errors, Finding, Params, Severity};
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::params;
use rules::find;
use rules::{AdviceKind, AskedField, FarLevel, MaterialSource, Need, When};
use serde_json::Value;

pub use rules::PrecheckRules;

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, WriteJson)]
        #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
        pub enum $name { $(#[serde(rename = $s)] $v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// The JS-facing name.
            pub fn name(self) -> &'static str { match self { $($name::$v => $s),+ } }
            /// Position in `ALL` (stable: used in tickets).
            pub fn index(self) -> u8 { Self::ALL.iter().position(|x| *x == self).unwrap_or(0) as u8 }
            pub fn from_index(i: u8) -> Option<Self> { Self::ALL.get(usize::from(i)).copied() }
            /// The value for a JS-facing name.
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|x| x.name() == s) }
        }
    };
}

/// Documents that show residence in the mainland (`applicant.alsoHolds` accepts these only).
const RESIDENCE_DOCUMENTS: &[&str] = &["foreign_permanent_residence_id", "hmt_residence_permit"];

named_enum!(
    /// Who applies (issue 5; brief §4.1, §6, §3.2).
    ApplicantKind {
        ResidentAdult = "resident_adult",
        MinorUnder16 = "minor_under_16",
        Minor16To17 = "minor_16_17",
        Elderly = "elderly",
        ForeignNational = "foreign_national",
        HmtResident = "hmt_resident",
        SmallBusiness = "small_business",
        IndividualBusiness = "individual_business",
    }
);

named_enum!(
    /// The account wanted (brief §0.1, §3.1).
    AccountKind {
        PersonalClass1 = "personal_class_1",
        PersonalClass2 = "personal_class_2",
        PersonalClass3 = "personal_class_3",
        BusinessBasic = "business_basic",
        BusinessGeneral = "business_general",
    }
);

named_enum!(
    /// The purpose of the account (brief §6: AML Law Art. 29).
    Purpose {
        Salary = "salary",
        Savings = "savings",
        Investment = "investment",
        BusinessSettlement = "business_settlement",
        Other = "other",
    }
);

named_enum!(
    /// Risk signals that make the bank ask more (brief §2, §6).
    Signal {
        UnclearPurpose = "unclear_purpose",
        FarFromHome = "far_from_home",
        ManyAccounts = "many_accounts",
        NonResident = "non_resident",
    }
);

named_enum!(
    /// Facts about an application that rule data can test (`when.flags`).
    Flag {
        Agent = "agent",
        Guardian = "guardian",
        AddressCluster = "address_cluster",
        AddressHome = "address_home",
        NotTrading = "not_trading",
        FewStaff = "few_staff",
        NonLocalRepresentative = "non_local_representative",
        DocumentExpired = "document_expired",
        SensitiveMinor = "sensitive_minor",
        TaxResidentElsewhere = "tax_resident_elsewhere",
        Ready = "ready",
        NotReady = "not_ready",
    }
);

named_enum!(
    /// Kind of registered address of a business (brief §3.2 negative list).
    AddressKind {
        Commercial = "commercial",
        Cluster = "cluster",
        Home = "home",
    }
);

// ---------------------------------------------------------------------------------------------
// Input

/// One identity document as the customer holds it.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ApplicationDocument {
    /// `cn_resident_id`, `household_register`, `hmt_residence_permit`, `hk_macao_travel_permit`,
    /// `taiwan_travel_permit`, `foreign_permanent_residence_id` or `passport`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ApplicationDocumentKind"))]
    pub kind: String,
    /// The document number (not for `passport`: give `mrz`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub number: Option<String>,
    /// Passport machine-readable zone, lines separated by a newline.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub mrz: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub issue_date: Option<String>,
    /// `YYYY-MM-DD` or `long_term`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub expiry_date: Option<String>,
}

/// A person acting in the application (guardian, legal representative, agent).
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Person {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub document: Option<ApplicationDocument>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Applicant {
    pub kind: ApplicantKind,
    /// A person's name (shown only masked); for a business the applicant's name is not needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub document: Option<ApplicationDocument>,
    /// `YYYY-MM-DD`, when the document does not carry it (travel permits).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub birth_date: Option<String>,
    /// One of the pack's occupation codes (`employee`, `self_employed`, `student`, `retired`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub occupation: Option<String>,
    /// Residence documents held besides the one presented (`foreign_permanent_residence_id`,
    /// `hmt_residence_permit`): a holder is not treated as a non-resident (issue 15 item 7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub also_holds: Vec<String>,
    /// Also tax resident outside China: bring the foreign taxpayer identification number for the
    /// tax-residency self-certification (issue 15 item 11).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub tax_resident_elsewhere: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Business {
    /// Unified Social Credit Code on the business licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub uscc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub legal_representative: Option<Person>,
    /// Someone opening on the representative's behalf (needs an authorization letter).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub agent: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub registered_address: Option<AddressKind>,
    /// Whether the business has started trading.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub trading: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub staff_count: Option<u32>,
    /// Whether the business already holds a basic deposit account at any bank (one per
    /// depositor across all banks: SAM Art. 4, 银发〔2019〕41号); `None`: not answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub basic_account_anywhere: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AccountRequest {
    pub kind: AccountKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub purpose: Option<Purpose>,
    /// Explanation when `purpose` is `other`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub purpose_text: Option<String>,
}

/// Accounts already held at this bank, by `AccountKind` (an absent kind counts 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Held {
    #[serde(rename = "personal_class_1")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub personal_class_1: u32,
    #[serde(rename = "personal_class_2")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub personal_class_2: u32,
    #[serde(rename = "personal_class_3")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub personal_class_3: u32,
    #[serde(rename = "business_basic")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub business_basic: u32,
}

impl Held {
    pub fn of(&self, kind: AccountKind) -> u32 {
        match kind {
            AccountKind::PersonalClass1 => self.personal_class_1,
            AccountKind::PersonalClass2 => self.personal_class_2,
            AccountKind::PersonalClass3 => self.personal_class_3,
            AccountKind::BusinessBasic => self.business_basic,
            // Not limited in number (SAM; the basic account is the one counted).
            AccountKind::BusinessGeneral => 0,
        }
    }
    fn personal(&self) -> u32 {
        self.personal_class_1
            .saturating_add(self.personal_class_2)
            .saturating_add(self.personal_class_3)
    }
}

/// A place: province-level code (GB/T 2260, two digits, e.g. `11`) and city; district and detail
/// are optional and only ever shown masked.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Place {
    pub province: String,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub district: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub mobile: Option<String>,
    /// Home address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub address: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub work_address: Option<Place>,
}

/// Input of `precheck`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Application {
    pub applicant: Applicant,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub guardian: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub business: Option<Business>,
    pub account: AccountRequest,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub held: Held,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub contact: Option<Contact>,
    /// The branch the customer will visit.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub branch: Option<Place>,
    /// Ids of the declared materials the customer has ready (`business_licence`, …).
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "MaterialId[]"))]
    pub materials: Vec<String>,
    /// Other things the customer wants to do on the same visit (errand ids of
    /// `service/errands.json`, at most 20): the answer's `selfService` says which need no queue.
    /// (Builds with the service capability.)
    #[cfg(feature = "service")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub errands: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Output

#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Status {
    Ok,
    Missing,
    Problem,
}

impl Status {
    fn bits(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Missing => 1,
            Status::Problem => 2,
        }
    }
    fn from_bits(b: u8) -> Option<Self> {
        [Status::Ok, Status::Missing, Status::Problem]
            .get(usize::from(b))
            .copied()
    }
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ChecklistItem {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "MaterialId"))]
    pub id: String,
    pub label: String,
    pub need: Need,
    pub status: Status,
    /// Why the material is needed (from the rule pack), in the desk's locale.
    pub why: String,
    /// The application field the item is read from, when it is one.
    pub field: Option<String>,
    /// Codes of the error findings that make the status `problem`.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Question {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DueDiligence {
    pub signal: Signal,
    /// Why the bank will ask.
    pub reason: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Advice {
    pub id: String,
    pub kind: AdviceKind,
    pub text: String,
}

/// Result of `precheck`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PrecheckResult {
    /// Every required material is `ok` and no finding is an error.
    pub ready: bool,
    pub checklist: Vec<ChecklistItem>,
    pub findings: Vec<Finding>,
    pub due_diligence: Vec<DueDiligence>,
    pub advice: Vec<Advice>,
    /// Builds with the service capability: first the account being opened, then each errand the
    /// customer named — where it can be done without queueing, why, and its fees.
    #[cfg(feature = "service")]
    pub self_service: Vec<SelfService>,
    pub ticket: ticket::Ticket,
}

// ---------------------------------------------------------------------------------------------
// Logic

/// Most declared materials accepted.
pub const MAX_MATERIALS: usize = 32;

fn too_long(path: &str, max: usize) -> Error {
    Error::new("argument.too_long", format!("longer than {max} characters")).at_path(path)
}

/// Every string of the input is bounded before any work is done (one walk over the JSON):
/// longer than `max` characters is an `argument.too_long` error naming the path, never the value.
fn check_bounds(v: &Value, path: &mut String, max: usize) -> Result<(), Error> {
    match v {
        Value::String(s) if s.chars().count() > max => Err(too_long(path, max)),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_bounds(x, path, max)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(m) => {
            for (k, x) in m {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                check_bounds(x, path, max)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A document as checked: its findings re-pathed to the application, masked number, fields.
#[derive(Debug, Clone, Default)]
struct Checked {
    kind: String,
    findings: Vec<Finding>,
    masked: Option<String>,
    fields: DocumentFields,
}

impl Checked {
    fn has_errors(&self) -> bool {
        !no_errors(&self.findings)
    }
    fn error_codes(&self) -> Vec<String> {
        self.findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| f.code.clone())
            .collect()
    }
}

/// Re-path a document finding (`number`, `expiryDate`, …) under `base` (`applicant.document`). For
/// scalar sources (`business.uscc`, `contact.mobile`) `scalar` keeps every field at `base`.
fn repath(mut f: Finding, base: &str, scalar: bool) -> Finding {
    f.field = Some(match f.field.take() {
        Some(field) if !scalar => format!("{base}.{field}"),
        _ => base.to_string(),
    });
    f
}

fn run_validate(
    ctx: &Ctx,
    docs: &DocumentRules,
    kind: &str,
    number: &str,
    d: Option<&ApplicationDocument>,
    base: &str,
    scalar: bool,
) -> Checked {
    let input = DocumentInput {
        kind: kind.to_string(),
        number: number.to_string(),
        issue_date: d.and_then(|d| d.issue_date.clone()),
        expiry_date: d.and_then(|d| d.expiry_date.clone()),
    };
    let res = crate::documents::validate(ctx, docs, &input);
    Checked {
        kind: kind.to_string(),
        findings: res
            .findings
            .into_iter()
            .map(|f| repath(f, base, scalar))
            .collect(),
        masked: res.masked,
        fields: res.fields,
    }
}

/// Check one personal document of the application.
fn check_document(ctx: &Ctx, docs: &DocumentRules, d: &ApplicationDocument, base: &str) -> Checked {
    let number = d.number.as_deref().unwrap_or("");
    match d.kind.as_str() {
        "passport" => check_passport(ctx, docs, d, base),
        // The household register (户口簿) page carries the holder's citizen number (§4.1).
        "household_register" => {
            let mut c = run_validate(ctx, docs, "cn_resident_id", number, Some(d), base, false);
            c.kind = d.kind.clone();
            c
        }
        kind => run_validate(ctx, docs, kind, number, Some(d), base, false),
    }
}

/// A passport is read from its MRZ (ICAO 9303, §4.6) with the documents module's parser.
fn check_passport(ctx: &Ctx, docs: &DocumentRules, d: &ApplicationDocument, base: &str) -> Checked {
    let mut c = Checked {
        kind: d.kind.clone(),
        ..Checked::default()
    };
    let Some(mrz) = d.mrz.as_deref().filter(|m| !m.trim().is_empty()) else {
        c.findings.push(ctx.finding(
            Severity::Error,
            "precheck.passport.mrz_missing",
            &format!("{base}.mrz"),
            params![],
        ));
        return c;
    };
    mrz::check(ctx, docs, mrz, base, &mut c);
    c
}

mod mrz;

/// The facts rule data can test.
struct Facts {
    applicant: ApplicantKind,
    account: AccountKind,
    purpose: Option<Purpose>,
    occupation: Option<String>,
    flags: Vec<Flag>,
}

fn matches(w: &When, f: &Facts) -> bool {
    w.applicants
        .as_ref()
        .is_none_or(|l| l.contains(&f.applicant))
        && w.accounts.as_ref().is_none_or(|l| l.contains(&f.account))
        && w.purposes
            .as_ref()
            .is_none_or(|l| f.purpose.is_some_and(|p| l.contains(&p)))
        && w.occupations
            .as_ref()
            .is_none_or(|l| f.occupation.as_ref().is_some_and(|o| l.contains(o)))
        && w.flags.iter().all(|x| f.flags.contains(x))
}

fn same_place(a: &Place, b: &Place, level: FarLevel) -> bool {
    // ASCII case folding only: city names are Chinese or pinyin (Unicode tables cost WASM size).
    let same = |x: &str, y: &str| x.trim().eq_ignore_ascii_case(y.trim());
    same(&a.province, &b.province) && (level == FarLevel::Province || same(&a.city, &b.city))
}

/// The documents of an application, each checked by the documents module and re-pathed to where
/// it sits in the application.
#[derive(Default)]
struct Documents {
    applicant: Option<Checked>,
    guardian: Option<Checked>,
    representative: Option<Checked>,
    agent: Option<Checked>,
    uscc: Option<Checked>,
    mobile: Option<Checked>,
}

impl Documents {
    fn all(&self) -> [&Option<Checked>; 6] {
        [
            &self.applicant,
            &self.guardian,
            &self.representative,
            &self.agent,
            &self.uscc,
            &self.mobile,
        ]
    }
}

/// One pre-check in progress: what it reads, the application, and the findings so far.
struct Precheck<'a> {
    ctx: &'a Ctx<'a>,
    rules: &'a PrecheckRules,
    docs: &'a DocumentRules,
    app: &'a Application,
    /// The rule of the applicant's kind.
    arule: &'a rules::ApplicantRule,
    business: Business,
    contact: Contact,
    findings: Vec<Finding>,
}

/// `precheck`: "am I ready to go to the branch?". The steps, in the order their findings appear:
/// the documents, the applicant's age, the guardian, the account, the USCC category, the purpose
/// and occupation, the places, the purpose rules; then the checklist of materials, the
/// due-diligence questions, readiness, the advice and the hand-off ticket.
pub fn precheck(
    ctx: &Ctx,
    rules: &PrecheckRules,
    docs: &DocumentRules,
    app: &Application,
) -> Result<PrecheckResult, Error> {
    let kind = app.applicant.kind;
    let arule = find(&rules.applicants.applicants, &kind).ok_or_else(|| {
        Error::new("rule_pack.invalid", "applicant kind missing").in_file(rules::F_APPLICANTS)
    })?;
    let mut p = Precheck {
        ctx,
        rules,
        docs,
        app,
        arule,
        business: app.business.clone().unwrap_or_default(),
        contact: app.contact.clone().unwrap_or_default(),
        findings: Vec::new(),
    };
    let d = p.documents();
    let age = p.age(&d);
    p.guardian(&d, age.age_group);
    p.account();
    p.basic_account_anywhere();
    p.uscc_category(&d);
    let occupation = p.purpose_and_occupation();
    p.places();
    let mut facts = p.facts(&d, &age, occupation);
    p.purpose_rules(&facts);
    let checklist = p.checklist(&d, &facts);
    let due_diligence = p.due_diligence(facts.occupation.is_none());
    let ready = no_errors(&p.findings)
        && checklist
            .iter()
            .all(|c| c.need == Need::Optional || c.status == Status::Ok);
    facts
        .flags
        .push(if ready { Flag::Ready } else { Flag::NotReady });
    let advice = p.advice(&facts);
    let ticket = p.ticket(&d, &checklist, ready)?;
    Ok(PrecheckResult {
        ready,
        checklist,
        findings: p.findings,
        due_diligence,
        advice,
        #[cfg(feature = "service")]
        self_service: Vec::new(),
        ticket,
    })
}

impl Precheck<'_> {
    fn push(&mut self, severity: Severity, code: &str, field: &str, params: Params) {
        let f = self.ctx.finding(severity, code, field, params);
        self.findings.push(f);
    }

    /// Every document of the application checked (a business's representative, agent and USCC,
    /// a person's own document; the guardian's and the mobile number for both).
    fn documents(&mut self) -> Documents {
        let (ctx, docs, app) = (self.ctx, self.docs, self.app);
        let doc = |d: &ApplicationDocument, base: &str| check_document(ctx, docs, d, base);
        let mut d = Documents::default();
        if !self.arule.business {
            d.applicant = app
                .applicant
                .document
                .as_ref()
                .map(|x| doc(x, "applicant.document"));
        }
        d.guardian = app
            .guardian
            .as_ref()
            .and_then(|g| g.document.as_ref())
            .map(|x| doc(x, "guardian.document"));
        if self.arule.business {
            let b = &self.business;
            let person_doc = |p: &Option<Person>, base: &str| {
                p.as_ref()
                    .and_then(|p| p.document.as_ref())
                    .map(|x| doc(x, base))
            };
            d.representative = person_doc(
                &b.legal_representative,
                "business.legalRepresentative.document",
            );
            d.agent = person_doc(&b.agent, "business.agent.document");
            d.uscc = b
                .uscc
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|n| run_validate(ctx, docs, "uscc", n, None, "business.uscc", true));
        }
        d.mobile = app
            .contact
            .as_ref()
            .and_then(|c| c.mobile.as_deref())
            .filter(|s| !s.trim().is_empty())
            .map(|n| run_validate(ctx, docs, "cn_mobile", n, None, "contact.mobile", true));
        for c in d.all().into_iter().flatten() {
            self.findings.extend(c.findings.iter().cloned());
        }
        d
    }

    /// The applicant's age: from the document, else from the birth date given; an age group that
    /// does not fit the applicant kind is an error.
    fn age(&mut self, d: &Documents) -> DocumentFields {
        let mut age_fields = d
            .applicant
            .as_ref()
            .map(|c| c.fields.clone())
            .unwrap_or_default();
        if age_fields.age.is_none() && !self.arule.business {
            if let Some(b) = self.app.applicant.birth_date.as_deref() {
                match crate::time::parse_date(b).filter(|d| *d <= self.ctx.today()) {
                    Some(b) => {
                        crate::documents::age_fields(self.ctx, self.docs, b, &mut age_fields)
                    }
                    None => self.push(
                        Severity::Error,
                        "precheck.applicant.birth_date_invalid",
                        "applicant.birthDate",
                        params![],
                    ),
                }
            }
        }
        if let Some(g) = age_fields.age_group {
            let groups = &self.arule.age_groups;
            if !groups.is_empty() && !groups.contains(&g) {
                let name = Value::from(g.name());
                self.push(
                    Severity::Error,
                    "precheck.applicant.age_mismatch",
                    "applicant.kind",
                    params![("ageGroup", name)],
                );
            }
        }
        age_fields
    }

    /// Minors under 16: a guardian acts with their own ID and proof of the relationship (§6); the
    /// guardian is an adult.
    fn guardian(&mut self, d: &Documents, age_group: Option<AgeGroup>) {
        let needs_guardian = !self.arule.business
            && (self.app.applicant.kind == ApplicantKind::MinorUnder16
                || age_group == Some(AgeGroup::MinorUnder16));
        if needs_guardian && d.guardian.is_none() {
            self.push(
                Severity::Error,
                "precheck.minor.guardian_missing",
                "guardian",
                params![],
            );
        }
        if let Some(g) = &d.guardian {
            if matches!(
                g.fields.age_group,
                Some(AgeGroup::MinorUnder16 | AgeGroup::Minor16To17)
            ) {
                self.push(
                    Severity::Error,
                    "precheck.guardian.not_adult",
                    "guardian.document",
                    params![],
                );
            }
        }
    }

    /// The account: allowed for this applicant, within the per-bank count (§0.1, §3.1).
    fn account(&mut self) {
        let account = self.app.account.kind;
        if !self.arule.accounts.contains(&account) {
            self.push(
                Severity::Error,
                "precheck.account.not_for_applicant",
                "account.kind",
                params![("account", account.name())],
            );
        }
        let Some(limit) = find(&self.rules.applicants.accounts, &account) else {
            return;
        };
        let held = self.app.held.of(account);
        if held >= limit.max_per_bank {
            let (code, suggest) = match limit.suggest {
                Some(s) if account == AccountKind::PersonalClass1 => {
                    ("precheck.account.class1_limit", Some(s))
                }
                s if limit.in_principle => ("precheck.account.count_in_principle", s),
                s => ("precheck.account.count_limit", s),
            };
            let mut p = params![
                ("account", account.name()),
                ("held", held),
                ("max", limit.max_per_bank)
            ];
            if let Some(s) = suggest {
                p.insert("suggest".into(), s.name().into());
            }
            let severity = if limit.in_principle {
                Severity::Warning
            } else {
                Severity::Error
            };
            self.push(severity, code, "account.kind", p);
        }
    }

    /// One basic deposit account per depositor across all banks (issue 15 item 6): a business that
    /// has one anywhere opens a general account instead; a general account needs the basic one.
    fn basic_account_anywhere(&mut self) {
        if !self.arule.business {
            return;
        }
        let anywhere = self.business.basic_account_anywhere;
        match (self.app.account.kind, anywhere) {
            (AccountKind::BusinessBasic, Some(true)) => self.push(
                Severity::Error,
                "precheck.business.basic_account_exists",
                "business.basicAccountAnywhere",
                params![("suggest", AccountKind::BusinessGeneral.name())],
            ),
            (AccountKind::BusinessBasic, None) => self.push(
                Severity::Warning,
                "precheck.business.basic_account_unknown",
                "business.basicAccountAnywhere",
                params![],
            ),
            (AccountKind::BusinessGeneral, Some(false)) => self.push(
                Severity::Error,
                "precheck.business.general_needs_basic",
                "business.basicAccountAnywhere",
                params![],
            ),
            _ => {}
        }
    }

    /// The USCC prefix fits the kind of business (GB 32100 §4.7: 92 = individual business).
    fn uscc_category(&mut self, d: &Documents) {
        let Some(u) = &d.uscc else {
            return;
        };
        if let (Some(a), Some(c)) = (&u.fields.registration_authority, &u.fields.entity_category) {
            let prefix = format!("{a}{c}");
            let prefixes = &self.arule.uscc_prefixes;
            if !prefixes.is_empty() && !prefixes.contains(&prefix) {
                self.push(
                    Severity::Warning,
                    "precheck.business.uscc_category",
                    "business.uscc",
                    params![],
                );
            }
        }
    }

    /// The purpose (§6, AML Law Art. 29) and the occupation (from the pack's list); returns the
    /// occupation given.
    fn purpose_and_occupation(&mut self) -> Option<String> {
        let settings = &self.rules.rules.settings;
        let account = &self.app.account;
        let text_len = account
            .purpose_text
            .as_deref()
            .map(|t| t.trim().chars().count())
            .unwrap_or(0);
        match account.purpose {
            None => self.push(
                Severity::Error,
                "precheck.purpose.missing",
                "account.purpose",
                params![],
            ),
            Some(Purpose::Other) if text_len < settings.min_purpose_text_chars as usize => self
                .push(
                    Severity::Error,
                    "precheck.purpose.text_missing",
                    "account.purposeText",
                    params![("min", settings.min_purpose_text_chars)],
                ),
            _ => {}
        }
        let occupation = self
            .app
            .applicant
            .occupation
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        if let Some(o) = &occupation {
            if !self.rules.applicants.occupations.contains(o) {
                self.push(
                    Severity::Warning,
                    "precheck.occupation.unknown",
                    "applicant.occupation",
                    params![],
                );
            }
        }
        occupation
    }

    /// The home and work addresses and the branch: a known province, a city.
    fn places(&mut self) {
        let contact = &self.contact;
        let mut out = Vec::new();
        for (place, path) in [
            (contact.address.as_ref(), "contact.address"),
            (contact.work_address.as_ref(), "contact.workAddress"),
            (self.app.branch.as_ref(), "branch"),
        ] {
            self.place_findings(place, path, &mut out);
        }
        self.findings.extend(out);
    }

    fn place_findings(&self, p: Option<&Place>, path: &str, out: &mut Vec<Finding>) {
        let Some(p) = p else {
            return;
        };
        let code = p.province.trim();
        if !self.docs.provinces.contains_key(code)
            && !self.rules.rules.extra_regions.contains_key(code)
        {
            out.push(self.ctx.finding(
                Severity::Warning,
                "precheck.place.unknown_province",
                &format!("{path}.province"),
                params![],
            ));
        }
        if p.city.trim().is_empty() {
            out.push(self.ctx.finding(
                Severity::Warning,
                "precheck.place.city_missing",
                &format!("{path}.city"),
                params![],
            ));
        }
    }

    /// The facts the rule data tests: applicant, account, purpose, occupation and the flags.
    fn facts(&self, d: &Documents, age: &DocumentFields, occupation: Option<String>) -> Facts {
        let settings = &self.rules.rules.settings;
        let business = &self.business;
        let mut flags = Vec::new();
        if business.agent.is_some() {
            flags.push(Flag::Agent);
        }
        if self.app.guardian.is_some() {
            flags.push(Flag::Guardian);
        }
        match business.registered_address {
            Some(AddressKind::Cluster) => flags.push(Flag::AddressCluster),
            Some(AddressKind::Home) => flags.push(Flag::AddressHome),
            _ => {}
        }
        if business.trading == Some(false) {
            flags.push(Flag::NotTrading);
        }
        if business
            .staff_count
            .is_some_and(|n| n <= settings.few_staff_max)
        {
            flags.push(Flag::FewStaff);
        }
        if let (Some(rep), Some(branch)) = (&d.representative, &self.app.branch) {
            if rep
                .fields
                .province_code
                .as_deref()
                .is_some_and(|p| p != branch.province.trim())
            {
                flags.push(Flag::NonLocalRepresentative);
            }
        }
        if self.findings.iter().any(|f| f.code.ends_with(".expired")) {
            flags.push(Flag::DocumentExpired);
        }
        if age.age.is_some_and(|a| a < settings.sensitive_under_age) {
            flags.push(Flag::SensitiveMinor);
        }
        if self.app.applicant.tax_resident_elsewhere == Some(true) {
            flags.push(Flag::TaxResidentElsewhere);
        }
        Facts {
            applicant: self.app.applicant.kind,
            account: self.app.account.kind,
            purpose: self.app.account.purpose,
            occupation,
            flags,
        }
    }

    /// Purpose consistency rules (data), each reported once.
    fn purpose_rules(&mut self, facts: &Facts) {
        let purpose = facts.purpose.map(Purpose::name).unwrap_or("");
        for r in &self.rules.rules.purpose_rules {
            if matches(&r.when, facts) && !self.findings.iter().any(|f| f.code == r.code) {
                self.push(
                    r.severity,
                    &r.code,
                    "account.purpose",
                    params![("purpose", purpose)],
                );
            }
        }
    }

    /// The materials to bring, each with its status: a document present and without errors, a
    /// declared material listed, or missing. A document of a kind the material does not accept
    /// is a problem (with its finding after the others).
    fn checklist(&mut self, d: &Documents, facts: &Facts) -> Vec<ChecklistItem> {
        let ctx = self.ctx;
        let mut checklist = Vec::new();
        let mut problems_found = Vec::new();
        for m in &self.rules.materials.materials {
            let Some(rule) = m.rules.iter().find(|r| matches(&r.when, facts)) else {
                continue;
            };
            let (doc, base): (Option<&Checked>, Option<&str>) = match m.source {
                MaterialSource::ApplicantDocument => {
                    (d.applicant.as_ref(), Some("applicant.document"))
                }
                MaterialSource::GuardianDocument => {
                    (d.guardian.as_ref(), Some("guardian.document"))
                }
                MaterialSource::LegalRepresentativeDocument => (
                    d.representative.as_ref(),
                    Some("business.legalRepresentative.document"),
                ),
                MaterialSource::AgentDocument => {
                    (d.agent.as_ref(), Some("business.agent.document"))
                }
                MaterialSource::Uscc => (d.uscc.as_ref(), Some("business.uscc")),
                MaterialSource::Mobile => (d.mobile.as_ref(), Some("contact.mobile")),
                MaterialSource::Declared | MaterialSource::SignedAtOpening => (None, None),
            };
            let (status, problems) = match (m.source, doc) {
                // Signed at opening (the bank's form): nothing to bring unless `declareWhen`
                // matches, then the customer confirms they have what it needs (a foreign TIN).
                (MaterialSource::SignedAtOpening, _)
                    if !m.declare_when.as_ref().is_some_and(|w| matches(w, facts)) =>
                {
                    (Status::Ok, Vec::new())
                }
                (MaterialSource::Declared | MaterialSource::SignedAtOpening, _) => (
                    if self.app.materials.iter().any(|x| x == &m.id) {
                        Status::Ok
                    } else {
                        Status::Missing
                    },
                    Vec::new(),
                ),
                (_, None) => (Status::Missing, Vec::new()),
                (_, Some(c)) => {
                    if !m.document_kinds.is_empty() && !m.document_kinds.contains(&c.kind) {
                        let field = format!("{}.kind", base.unwrap_or(""));
                        problems_found.push(ctx.finding(
                            Severity::Error,
                            "precheck.document.kind_not_accepted",
                            &field,
                            params![("material", m.id.as_str())],
                        ));
                        (
                            Status::Problem,
                            vec!["precheck.document.kind_not_accepted".to_string()],
                        )
                    } else if c.has_errors() {
                        (Status::Problem, c.error_codes())
                    } else {
                        (Status::Ok, Vec::new())
                    }
                }
            };
            checklist.push(ChecklistItem {
                id: m.id.clone(),
                label: ctx.text(&format!("precheck.material.{}", m.id)),
                need: rule.need,
                status,
                why: ctx.text(&format!("precheck.why.{}", m.id)),
                field: base.map(str::to_string),
                problems,
            });
        }
        self.findings.extend(problems_found);
        checklist
    }

    /// Due diligence (§2, §6): the signals that apply and the questions the bank will ask for
    /// each, so the customer can prepare; a warning when what a question needs was not given.
    fn due_diligence(&mut self, no_occupation: bool) -> Vec<DueDiligence> {
        let ctx = self.ctx;
        let signals = self.signals();
        let mut due_diligence = Vec::new();
        for s in &signals {
            let Some(rule) = find(&self.rules.due_diligence.signals, s) else {
                continue;
            };
            for ask in &rule.asks {
                let (missing, code, field) = match ask {
                    AskedField::Occupation => (
                        no_occupation,
                        "precheck.due_diligence.occupation_missing",
                        "applicant.occupation",
                    ),
                    AskedField::Address => (
                        self.contact.address.is_none(),
                        "precheck.due_diligence.address_missing",
                        "contact.address",
                    ),
                };
                if missing && !self.findings.iter().any(|f| f.code == code) {
                    self.push(Severity::Warning, code, field, params![]);
                }
            }
            due_diligence.push(DueDiligence {
                signal: *s,
                reason: ctx.text(&format!("precheck.signal.{}", s.name())),
                questions: rule
                    .questions
                    .iter()
                    .map(|q| Question {
                        id: q.clone(),
                        text: ctx.text(&format!("precheck.question.{q}")),
                    })
                    .collect(),
            });
        }
        due_diligence
    }

    /// The due-diligence signals: the applicant kind's own, an unclear purpose, an address far
    /// from the branch, many accounts already held; in `Signal::ALL` order.
    fn signals(&self) -> Vec<Signal> {
        let settings = &self.rules.rules.settings;
        let mut signals: Vec<Signal> = self.arule.signals.clone();
        // Non-resident (issue 15 item 7): a passport or travel permit, and no permanent-residence
        // card or residence permit held besides it (applicants.json `residence`).
        let residence = &self.rules.applicants.residence;
        let presented = self
            .app
            .applicant
            .document
            .as_ref()
            .map(|d| d.kind.as_str());
        let resident_document = |k: &str| residence.residence_documents.iter().any(|x| x == k);
        if presented.is_some_and(|k| residence.non_resident_documents.iter().any(|x| x == k))
            && !self
                .app
                .applicant
                .also_holds
                .iter()
                .any(|k| resident_document(k))
            && !self.arule.business
        {
            signals.push(Signal::NonResident);
        }
        if matches!(self.app.account.purpose, None | Some(Purpose::Other)) {
            signals.push(Signal::UnclearPurpose);
        }
        if let (Some(home), Some(branch)) = (&self.contact.address, &self.app.branch) {
            let level = settings.far_level;
            let near_work = self
                .contact
                .work_address
                .as_ref()
                .is_some_and(|w| same_place(w, branch, level));
            if !same_place(home, branch, level) && !near_work {
                signals.push(Signal::FarFromHome);
            }
        }
        if self.app.held.personal() >= settings.many_accounts_threshold && !self.arule.business {
            signals.push(Signal::ManyAccounts);
        }
        Signal::ALL
            .iter()
            .copied()
            .filter(|s| signals.contains(s))
            .collect()
    }

    /// Advice: the negative-list items, notices and next steps that apply (data).
    fn advice(&self, facts: &Facts) -> Vec<Advice> {
        self.rules
            .advice
            .items
            .iter()
            .filter(|a| matches(&a.when, facts))
            .map(|a| {
                let code = format!("precheck.advice.{}", a.id);
                Advice {
                    id: a.id.clone(),
                    kind: a.kind,
                    text: self.ctx.render(&code, &a.params),
                }
            })
            .collect()
    }

    /// The hand-off ticket for the branch: masked identifiers only.
    fn ticket(
        &self,
        d: &Documents,
        checklist: &[ChecklistItem],
        ready: bool,
    ) -> Result<ticket::Ticket, Error> {
        let app = self.app;
        let mut ids = Vec::new();
        let primary = if self.arule.business {
            &d.uscc
        } else {
            &d.applicant
        };
        if let Some(m) = primary.as_ref().and_then(|c| c.masked.clone()) {
            ids.push((ticket::IdRole::Document, m));
        }
        let name = if self.arule.business {
            self.business
                .legal_representative
                .as_ref()
                .and_then(|p| p.name.clone())
        } else {
            app.applicant.name.clone()
        };
        if let Some(n) = name.filter(|n| !n.trim().is_empty()) {
            ids.push((ticket::IdRole::Name, crate::mask::name(&n)));
        }
        if let Some(m) = d.mobile.as_ref().and_then(|c| c.masked.clone()) {
            ids.push((ticket::IdRole::Mobile, m));
        }
        if let Some(m) = d.guardian.as_ref().and_then(|c| c.masked.clone()) {
            ids.push((ticket::IdRole::Guardian, m));
        }
        let content = ticket::TicketContent {
            now: self.ctx.now().timestamp(),
            applicant: app.applicant.kind,
            account: app.account.kind,
            purpose: app.account.purpose,
            ready,
            checklist: checklist
                .iter()
                .filter_map(|c| {
                    self.rules
                        .materials
                        .materials
                        .iter()
                        .find(|m| m.id == c.id)
                        .map(|m| (m.tag, c.need, c.status))
                })
                .collect(),
            identifiers: ids,
            pack_version: self.ctx.pack_version().to_string(),
        };
        ticket::encode(self.rules, &content)
    }
}

// ---------------------------------------------------------------------------------------------
// Form options for host pages (everything a pre-check form offers comes from the rule pack).

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FormApplicant {
    pub kind: ApplicantKind,
    pub business: bool,
    pub accounts: Vec<AccountKind>,
    /// Document kinds accepted for the applicant (personal kinds).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ApplicationDocumentKind[]"))]
    pub document_kinds: Vec<String>,
    /// Whether a guardian is asked for (absent: not at all).
    pub guardian: Option<Need>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ApplicationDocumentKind[]"))]
    pub guardian_document_kinds: Vec<String>,
    /// Document kinds accepted for a business's legal representative and agent.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ApplicationDocumentKind[]"))]
    pub representative_document_kinds: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FormProvince {
    pub code: String,
    pub name: String,
}

/// Result of `precheckForm`: the choices a pre-check form offers, from the rule pack.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PrecheckForm {
    pub applicants: Vec<FormApplicant>,
    pub purposes: Vec<Purpose>,
    pub occupations: Vec<String>,
    pub address_kinds: Vec<AddressKind>,
    pub provinces: Vec<FormProvince>,
    /// Most characters of free text (names, purpose text, address parts).
    pub max_text_chars: u32,
}

/// `precheckForm`.
pub fn form(ctx: &Ctx, rules: &PrecheckRules, docs: &DocumentRules) -> PrecheckForm {
    let for_kind = |kind: ApplicantKind, source: MaterialSource| -> (Option<Need>, Vec<String>) {
        for m in rules
            .materials
            .materials
            .iter()
            .filter(|m| m.source == source)
        {
            if let Some(r) = m
                .rules
                .iter()
                .find(|r| r.when.applicants.as_ref().is_none_or(|l| l.contains(&kind)))
            {
                return (Some(r.need), m.document_kinds.clone());
            }
        }
        (None, Vec::new())
    };
    let applicants = ApplicantKind::ALL
        .iter()
        .filter_map(|&kind| {
            let a = find(&rules.applicants.applicants, &kind)?;
            let (guardian, guardian_document_kinds) =
                for_kind(kind, MaterialSource::GuardianDocument);
            Some(FormApplicant {
                kind,
                business: a.business,
                accounts: a.accounts.clone(),
                document_kinds: for_kind(kind, MaterialSource::ApplicantDocument).1,
                guardian,
                guardian_document_kinds,
                representative_document_kinds: for_kind(
                    kind,
                    MaterialSource::LegalRepresentativeDocument,
                )
                .1,
            })
        })
        .collect();
    PrecheckForm {
        applicants,
        purposes: Purpose::ALL.to_vec(),
        occupations: rules.applicants.occupations.clone(),
        address_kinds: AddressKind::ALL.to_vec(),
        provinces: docs
            .provinces
            .iter()
            .chain(&rules.rules.extra_regions)
            .map(|(code, name)| FormProvince {
                code: code.clone(),
                name: name.get(ctx.locale()).to_string(),
            })
            .collect(),
        max_text_chars: rules.rules.settings.max_text_chars,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the input (with the shared reader, `crate::jsonread`).

fn read_doc(o: &Obj) -> ApplicationDocument {
    o.only(&["kind", "number", "mrz", "issueDate", "expiryDate"]);
    ApplicationDocument {
        kind: o.str("kind"),
        number: o.opt_str("number"),
        mrz: o.opt_str("mrz"),
        issue_date: o.opt_str("issueDate"),
        expiry_date: o.opt_str("expiryDate"),
    }
}

fn read_person(o: &Obj, key: &str) -> Option<Person> {
    let p = o.opt_obj(key)?;
    p.only(&["name", "document"]);
    Some(Person {
        name: p.opt_str("name"),
        document: p.opt_obj("document").map(|d| read_doc(&d)),
    })
}

fn read_place(o: &Obj, key: &str) -> Option<Place> {
    let p = o.opt_obj(key)?;
    p.only(&["province", "city", "district", "detail"]);
    Some(Place {
        province: p.str("province"),
        city: p.str("city"),
        district: p.opt_str("district"),
        detail: p.opt_str("detail"),
    })
}

impl Application {
    /// Read a `precheck` argument: unknown fields and wrong types are `argument.invalid` errors
    /// naming the field path (never the value).
    pub fn read(v: &Value) -> Result<Application, Error> {
        let r = Reader::new(None);
        let o = r.root(v);
        o.only(&[
            "applicant",
            "guardian",
            "business",
            "account",
            "held",
            "contact",
            "branch",
            "materials",
            #[cfg(feature = "service")]
            "errands",
        ]);
        #[cfg(feature = "service")]
        o.at_most("errands", MAX_ERRANDS);
        let a = o.obj("applicant");
        a.only(&[
            "kind",
            "name",
            "document",
            "birthDate",
            "occupation",
            "alsoHolds",
            "taxResidentElsewhere",
        ]);
        a.at_most("alsoHolds", 4);
        let also_holds = a.strings("alsoHolds");
        for (i, k) in also_holds.iter().enumerate() {
            if !RESIDENCE_DOCUMENTS.contains(&k.as_str()) {
                a.fail_at(
                    format!("{}[{i}]", a.path("alsoHolds")),
                    "foreign_permanent_residence_id or hmt_residence_permit",
                );
            }
        }
        let applicant = Applicant {
            kind: a.named("kind", ApplicantKind::parse, ApplicantKind::ResidentAdult),
            name: a.opt_str("name"),
            document: a.opt_obj("document").map(|d| read_doc(&d)),
            birth_date: a.opt_str("birthDate"),
            occupation: a.opt_str("occupation"),
            also_holds,
            tax_resident_elsewhere: a.opt_bool("taxResidentElsewhere"),
        };
        let business = o.opt_obj("business").map(|b| {
            b.only(&[
                "uscc",
                "legalRepresentative",
                "agent",
                "registeredAddress",
                "trading",
                "staffCount",
                "basicAccountAnywhere",
            ]);
            Business {
                basic_account_anywhere: b.opt_bool("basicAccountAnywhere"),
                uscc: b.opt_str("uscc"),
                legal_representative: read_person(&b, "legalRepresentative"),
                agent: read_person(&b, "agent"),
                registered_address: b.opt_named("registeredAddress", AddressKind::parse),
                trading: b.opt_bool("trading"),
                staff_count: b.opt_u32("staffCount"),
            }
        });
        let acc = o.obj("account");
        acc.only(&["kind", "purpose", "purposeText"]);
        let account = AccountRequest {
            kind: acc.named("kind", AccountKind::parse, AccountKind::PersonalClass1),
            purpose: acc.opt_named("purpose", Purpose::parse),
            purpose_text: acc.opt_str("purposeText"),
        };
        let held = o.opt_obj("held").map(|h| {
            h.only(&[
                "personal_class_1",
                "personal_class_2",
                "personal_class_3",
                "business_basic",
            ]);
            let n = |k: &str| h.opt_u32(k).unwrap_or_default();
            Held {
                personal_class_1: n("personal_class_1"),
                personal_class_2: n("personal_class_2"),
                personal_class_3: n("personal_class_3"),
                business_basic: n("business_basic"),
            }
        });
        let contact = o.opt_obj("contact").map(|c| {
            c.only(&["mobile", "address", "workAddress"]);
            Contact {
                mobile: c.opt_str("mobile"),
                address: read_place(&c, "address"),
                work_address: read_place(&c, "workAddress"),
            }
        });
        let materials = o.strings("materials");
        let app = Application {
            applicant,
            guardian: read_person(&o, "guardian"),
            business,
            account,
            held: held.unwrap_or_default(),
            contact,
            branch: read_place(&o, "branch"),
            materials,
            #[cfg(feature = "service")]
            errands: o.strings("errands"),
        };
        let app = r.done(app)?;
        if app.materials.len() > MAX_MATERIALS {
            return Err(Error::new(
                "argument.too_long",
                format!("at most {MAX_MATERIALS} materials"),
            )
            .at_path("materials"));
        }
        Ok(app)
    }
}

/// `precheck` from its JSON argument.
/// In builds with the service capability the answer also says which of the customer's errands
/// need no queue (`selfService`, read through `services`).
pub fn precheck_value(
    ctx: &Ctx,
    rules: &PrecheckRules,
    docs: &DocumentRules,
    services: Services,
    input: &Value,
) -> Result<PrecheckResult, Error> {
    check_bounds(
        input,
        &mut String::new(),
        rules.rules.settings.max_text_chars as usize,
    )?;
    let app = Application::read(input)?;
    #[cfg(not(feature = "service"))]
    let _ = services;
    #[cfg(feature = "service")]
    let self_service = self_service::answer(services, &app)?;
    #[allow(unused_mut)]
    let mut result = precheck(ctx, rules, docs, &app)?;
    #[cfg(feature = "service")]
    {
        result
            .advice
            .extend(self_service::advice(ctx, &self_service, &app));
        result.self_service = self_service;
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use crate::loader::{disk_files, Files, Loader};
    use serde_json::json;

    /// Two materials: the resident ID (required for adults) and the mobile number (optional).
    const MATERIALS: &str = r#"{ "source": "test", "materials": [
        { "id": "resident_id", "tag": 1, "source": "applicant_document",
          "documentKinds": ["cn_resident_id"], "basis": "t",
          "rules": [{ "need": "required", "when": { "applicants": ["resident_adult"] } }] },
        { "id": "mobile", "tag": 8, "source": "mobile", "basis": "t",
          "rules": [{ "need": "optional" }] } ] }"#;

    /// The pre-check rules alone: its own files from the default pack, `materials.json` replaced
    /// by `materials`.
    fn load(materials: &str) -> Result<PrecheckRules, Error> {
        let mut files: Files = disk_files()
            .into_iter()
            .filter(|(path, _)| path.starts_with("precheck/"))
            .collect();
        files.insert(
            rules::F_MATERIALS.to_string(),
            serde_json::from_str(materials).unwrap(),
        );
        PrecheckRules::load(&Loader::new(&files))
    }

    /// A lean pre-check package (no service capability) has no `errands` field and its answer no
    /// `selfService` key: the field is refused like any unknown one, so a host learns at once.
    #[cfg(not(feature = "service"))]
    #[test]
    fn without_the_service_capability_there_are_no_errands() {
        let v = json!({ "applicant": { "kind": "resident_adult" }, "account": { "kind": "personal_class_2" }, "errands": ["replace_card"] });
        let e = Application::read(&v).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("errands"));
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let files = disk_files();
        let rules = PrecheckRules::load(&Loader::new(&files)).unwrap();
        let docs = crate::documents::tests::rules();
        let v = json!({ "applicant": { "kind": "resident_adult" }, "account": { "kind": "personal_class_2" } });
        let r = precheck_value(&ctx, &rules, &docs, std::marker::PhantomData, &v).unwrap();
        let out = crate::jsonout::to_value(&r);
        assert!(out.get("selfService").is_none() && out.get("advice").is_some());
    }

    #[test]
    fn a_small_checklist_from_an_inline_materials_file() {
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let rules = load(MATERIALS).unwrap();
        let docs = crate::documents::tests::rules();
        let app = |doc: serde_json::Value| {
            Application::read(&json!({
                "applicant": { "kind": "resident_adult", "name": "张三", "document": doc },
                "account": { "kind": "personal_class_1", "purpose": "savings" },
                "contact": { "mobile": "13812341234" } }))
            .unwrap()
        };
        let ok = precheck(
            &ctx,
            &rules,
            &docs,
            &app(json!({ "kind": "cn_resident_id", "number": "11010519491231002X", "expiryDate": "long_term" })),
        )
        .unwrap();
        assert!(ok.ready, "{:?}", ok.findings);
        let ids: Vec<&str> = ok.checklist.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["resident_id", "mobile"]);
        // The branch reads the ticket back with the same rules: masked identifiers only.
        let read = ticket::read(&ctx, &rules, &ok.ticket.code);
        assert!(read.valid, "{:?}", read.findings);
        // A document of a kind the material does not accept is a problem on the checklist.
        let r = precheck(
            &ctx,
            &rules,
            &docs,
            &app(json!({ "kind": "cn_mobile", "number": "13812341234" })),
        )
        .unwrap();
        assert!(!r.ready);
        assert_eq!(r.checklist[0].status, Status::Problem);
        assert!(r
            .findings
            .iter()
            .any(|f| f.code == "precheck.document.kind_not_accepted"));
    }

    #[test]
    fn a_bad_materials_file_names_the_field() {
        let bad = MATERIALS.replace(r#"["cn_resident_id"]"#, r#"["library_card"]"#);
        let e = load(&bad).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (
                Some(rules::F_MATERIALS),
                Some("materials[0].documentKinds[0]")
            )
        );
        let bad = MATERIALS.replace(r#""tag": 8"#, r#""tag": 1"#);
        assert_eq!(
            load(&bad).unwrap_err().path.as_deref(),
            Some("materials[1].tag")
        );
    }
}
