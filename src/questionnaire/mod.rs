//! Self-service callback questionnaires (回访, domain brief §7): definitions as rule-pack data
//! (`pkg-config/questionnaires/*.json`, schema in `pkg-config/schema/questionnaire.schema.json`), a
//! small safe condition language (`expr`), a linter (`lint`), the engine that runs a session page by
//! page (`engine`), and the phone-script and SMS renderings of the same definition (`channels`).

pub mod api;
pub mod caller;
pub mod channels;
mod decode;
pub mod engine;
pub mod expr;
pub mod lint;
pub mod pattern;
pub mod satisfaction;

use crate::error::Error;
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::loader::{invalid, Loader};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// `pack.json settings.departments`.
pub type Departments = BTreeMap<String, crate::ctx::Department>;

pub use engine::{FinishResult, Session, View};

/// `questionnaire.json`: settings shared by every questionnaire.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireSettings {
    pub source: String,
    /// How long a record is kept and from when (AML Law Art. 34: identity data ≥ 10 years after
    /// the relationship ends, transaction data ≥ 10 years after the transaction).
    pub retention: Vec<RetentionRule>,
    /// Step budget of one expression evaluation; a definition whose worst case exceeds it is refused.
    pub max_steps: u32,
    /// Longest free-text answer, in characters.
    pub max_text_chars: u32,
    /// The SMS rendering must fit in this many segments (70 UCS-2 / 160 GSM-7 characters each).
    pub sms_max_segments: u32,
    /// Default department and due time per follow-up action (issue 16 §1.6); a follow-up rule may
    /// override both. Absent in an older bank pack: follow-ups then carry only what their rule says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up_routing: Option<FollowUpRouting>,
    /// The phone identity check (issue 15 item 10); absent = none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_identity_check: Option<caller::PhoneIdentityCheck>,
    /// The five-dimension satisfaction survey (issue 16 §3.1); absent = none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<satisfaction::SatisfactionRules>,
}

/// `questionnaire.json` `followUpRouting`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpRouting {
    pub source: String,
    /// Action (snake_case name) → its default route.
    pub actions: BTreeMap<String, ActionRoute>,
}

/// The default route of one follow-up action.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct ActionRoute {
    /// A key of `pack.json settings.departments`.
    pub department: String,
    pub due: Due,
    /// For `calendar_days`: the deadline id this period implements (e.g. `consumer_complaint`),
    /// carried into the follow-up's `deadlineRule`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    pub confidence: String,
}

/// When a department must act on a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Due {
    pub unit: DueUnit,
    pub amount: u32,
}

/// The unit of a `Due`: working days on the mainland calendar, calendar days (Civil Code Arts.
/// 201, 203: start day not counted, a last day on a rest day rolls), or hours (never roll).
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum DueUnit {
    WorkingDays,
    CalendarDays,
    Hours,
}

impl Due {
    pub(crate) fn read(o: &crate::jsonread::Obj) -> Due {
        o.fields(&["unit", "amount"], &[]);
        Due {
            unit: o.pick(
                "unit",
                &[
                    ("working_days", DueUnit::WorkingDays),
                    ("calendar_days", DueUnit::CalendarDays),
                    ("hours", DueUnit::Hours),
                ],
            ),
            amount: o.u32("amount", u32::MAX),
        }
    }
    /// Within bounds: 0 to 90 days, 1 to 72 hours.
    pub fn in_bounds(&self) -> bool {
        match self.unit {
            DueUnit::Hours => (1..=72).contains(&self.amount),
            _ => self.amount <= 90,
        }
    }
}

/// Who a definition is written for (issue 16 §1.1): callbacks route business accounts only to
/// `business` or `any`, personal accounts only to `personal` or `any`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Audience {
    Personal,
    Business,
    Any,
}

/// The contact fields a `contact_update` follow-up may open at (`focus`).
pub const FOCUS_FIELDS: &[&str] = &[
    "mobile",
    "landline",
    "email",
    "residentialAddress",
    "mailingAddress",
    "emergencyContact",
    "idExpiry",
    "occupation",
];

/// One retention rule of `questionnaire.json` `retention`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct RetentionRule {
    /// `identity` or `transaction`.
    pub kind: String,
    pub min_years: u32,
    /// `relationship_end` or `transaction_end`.
    pub from: String,
    pub source: String,
    pub confidence: String,
}

/// The questionnaire part of the rule pack.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionnaireRules {
    pub settings: QuestionnaireSettings,
    /// Bundled definitions by id, compiled.
    pub definitions: BTreeMap<String, Arc<Compiled>>,
    /// `pack.json settings.departments`, which follow-ups name (copied at load so a bank's own
    /// definition is linted against the same list).
    pub departments: Departments,
    /// The texts of the built-in identity-check page, when the check is required.
    pub check_texts: Option<caller::CheckTexts>,
    /// Each bundled definition as the phone channel runs it (with the identity check), by id.
    pub phone: BTreeMap<String, Arc<Compiled>>,
}

impl QuestionnaireRules {
    /// `departments`: the pack's `settings.departments` (from `pack.json`), which follow-up
    /// departments must name.
    /// `messages`: the pack's catalog (the identity-check page's texts).
    pub fn load(
        loader: &Loader,
        departments: &Departments,
        messages: &crate::i18n::Catalog,
    ) -> Result<Self, Error> {
        const FILE: &str = "questionnaire.json";
        let settings = loader.read(FILE, |o| {
            const KEYS: &[&str] = &[
                "source",
                "retention",
                "maxSteps",
                "maxTextChars",
                "smsMaxSegments",
            ];
            o.fields(
                KEYS,
                &["followUpRouting", "phoneIdentityCheck", "satisfaction"],
            );
            let satisfaction = o
                .opt_obj("satisfaction")
                .map(|s| satisfaction::SatisfactionRules::read(&s));
            let phone_identity_check = o.opt_obj("phoneIdentityCheck").map(|c| {
                c.fields(
                    &[
                        "required",
                        "questionId",
                        "withholdPlaceholders",
                        "bankName",
                        "source",
                        "confidence",
                    ],
                    &[],
                );
                caller::PhoneIdentityCheck {
                    required: c.bool("required"),
                    question_id: c.str("questionId"),
                    withhold_placeholders: c.strings("withholdPlaceholders"),
                    bank_name: c.text("bankName"),
                    source: c.str("source"),
                    confidence: c.str("confidence"),
                }
            });
            let follow_up_routing = o.opt_obj("followUpRouting").map(|r| {
                r.fields(&["source", "actions"], &[]);
                let all = r.obj("actions");
                let actions = all
                    .entries()
                    .into_iter()
                    .map(|(action, a)| {
                        if decode::action(action).is_none() {
                            all.fail(action, "unknown follow-up action");
                        }
                        a.fields(&["department", "due", "confidence"], &["deadline"]);
                        (
                            action.to_string(),
                            ActionRoute {
                                department: a.str("department"),
                                due: Due::read(&a.obj("due")),
                                deadline: a.opt_str("deadline"),
                                confidence: a.str("confidence"),
                            },
                        )
                    })
                    .collect();
                FollowUpRouting {
                    source: r.str("source"),
                    actions,
                }
            });
            let r = o.obj("retention");
            r.fields(&["identity", "transaction"], &[]);
            let mut retention = Vec::new();
            for (kind, from) in [
                ("identity", "relationship_end"),
                ("transaction", "transaction_end"),
            ] {
                let k = r.obj(kind);
                k.fields(&["minYears", "from", "source", "confidence"], &[]);
                if k.opt_str("from").as_deref() != Some(from) {
                    k.fail("from", from);
                }
                retention.push(RetentionRule {
                    kind: kind.to_string(),
                    // The law's minimum is 10 years: a pack may keep longer, not shorter.
                    min_years: k.int_in("minYears", 10, 100) as u32,
                    from: from.to_string(),
                    source: k.str("source"),
                    confidence: k.str("confidence"),
                });
            }
            QuestionnaireSettings {
                source: o.str("source"),
                retention,
                max_steps: o.u32("maxSteps", u32::MAX),
                max_text_chars: o.u32("maxTextChars", u32::MAX),
                sms_max_segments: o.u32("smsMaxSegments", u32::MAX),
                follow_up_routing,
                phone_identity_check,
                satisfaction,
            }
        })?;
        let check_texts = match &settings.phone_identity_check {
            Some(c) if c.required => {
                let at = |k: &str| format!("phoneIdentityCheck.{k}");
                if !lint::is_id(&c.question_id) {
                    return Err(invalid(FILE, at("questionId"), "not a question id"));
                }
                if let Some(p) = c
                    .withhold_placeholders
                    .iter()
                    .position(|p| !PLACEHOLDERS.contains(&p.as_str()))
                {
                    return Err(invalid(
                        FILE,
                        format!("phoneIdentityCheck.withholdPlaceholders[{p}]"),
                        "not a context placeholder",
                    ));
                }
                if !c.bank_name.is_complete() {
                    return Err(invalid(
                        FILE,
                        at("bankName"),
                        "needs a zh-CN and an en text",
                    ));
                }
                Some(
                    caller::CheckTexts::from_catalog(messages, c).map_err(|code| {
                        invalid(
                            FILE,
                            "phoneIdentityCheck",
                            format!("the pack's messages lack {code}"),
                        )
                    })?,
                )
            }
            _ => None,
        };
        if let Some(r) = &settings.follow_up_routing {
            for (action, route) in &r.actions {
                let at = |k: &str| format!("followUpRouting.actions.{action}.{k}");
                if !departments.contains_key(&route.department) {
                    return Err(invalid(
                        FILE,
                        at("department"),
                        "names a department that pack.json settings.departments does not list",
                    ));
                }
                if !route.due.in_bounds() {
                    return Err(invalid(
                        FILE,
                        at("due.amount"),
                        "a due time is 0 to 90 days or 1 to 72 hours",
                    ));
                }
                if route.deadline.is_some() && route.due.unit != DueUnit::CalendarDays {
                    return Err(invalid(
                        FILE,
                        at("deadline"),
                        "a deadline id goes with calendar_days only",
                    ));
                }
                if !matches!(route.confidence.as_str(), "A" | "B" | "C") {
                    return Err(invalid(FILE, at("confidence"), "confidence is A, B or C"));
                }
            }
        }
        if !(100..=100_000).contains(&settings.max_steps) {
            return Err(invalid(FILE, "maxSteps", "must be 100 to 100000"));
        }
        if !(10..=4000).contains(&settings.max_text_chars) {
            return Err(invalid(FILE, "maxTextChars", "must be 10 to 4000"));
        }
        if !(1..=10).contains(&settings.sms_max_segments) {
            return Err(invalid(FILE, "smsMaxSegments", "must be 1 to 10"));
        }
        let mut definitions = BTreeMap::new();
        let mut phone = BTreeMap::new();
        for (file, value) in loader.raw_dir("questionnaires") {
            let (compiled, findings) = lint::lint_value(value, &settings, departments);
            let errors: Vec<&lint::RawFinding> = findings.iter().filter(|f| f.is_error()).collect();
            let Some(compiled) = compiled.filter(|_| errors.is_empty()) else {
                let first = errors.first().map(|f| f.field.clone()).unwrap_or_default();
                let list: Vec<String> = errors
                    .iter()
                    .take(8)
                    .map(|f| format!("{} at {}", f.code, f.field))
                    .collect();
                return Err(invalid(
                    &file,
                    first,
                    format!("questionnaire has lint errors: {}", list.join("; ")),
                ));
            };
            let expected = format!("questionnaires/{}.json", compiled.def.id);
            if file != expected {
                return Err(invalid(
                    &file,
                    "id",
                    "file name must be questionnaires/<id>.json",
                ));
            }
            if let (Some(check), Some(texts)) = (&settings.phone_identity_check, &check_texts) {
                let variant = caller::phone_variant(&compiled.def, check, texts);
                let (variant, findings) = lint::lint_decoded(variant, &settings, departments);
                let error = findings.iter().find(|f| f.is_error());
                match (variant, error) {
                    (Some(p), None) => {
                        phone.insert(compiled.def.id.clone(), Arc::new(p));
                    }
                    (_, e) => {
                        return Err(invalid(
                            &file,
                            "pages",
                            format!(
                                "the phone identity check cannot be added to this questionnaire \
                                 ({}; is '{}' used as a question id?)",
                                e.map(|f| f.code).unwrap_or("lint error"),
                                check.question_id
                            ),
                        ))
                    }
                }
            }
            definitions.insert(compiled.def.id.clone(), Arc::new(compiled));
        }
        let rules = QuestionnaireRules {
            settings,
            definitions,
            departments: departments.clone(),
            check_texts,
            phone,
        };
        if let Some(s) = &rules.settings.satisfaction {
            s.check(&rules)?;
        }
        Ok(rules)
    }

    /// The definition a session on `channel` runs: on the phone, with the identity check when the
    /// pack requires it (bundled: compiled at load; a caller's own: compiled now).
    pub fn for_channel(
        &self,
        def: Arc<Compiled>,
        channel: engine::Channel,
    ) -> Result<Arc<Compiled>, Error> {
        let (Some(check), Some(texts), engine::Channel::Phone) = (
            &self.settings.phone_identity_check,
            &self.check_texts,
            channel,
        ) else {
            return Ok(def);
        };
        if let Some(p) = self.phone.get(&def.def.id) {
            if self
                .definitions
                .get(&def.def.id)
                .is_some_and(|d| Arc::ptr_eq(d, &def))
            {
                return Ok(p.clone());
            }
        }
        let variant = caller::phone_variant(&def.def, check, texts);
        match lint::lint_decoded(variant, &self.settings, &self.departments) {
            (Some(c), f) if !f.iter().any(|f| f.is_error()) => Ok(Arc::new(c)),
            _ => Err(Error::new(
                "questionnaire.invalid",
                "the phone identity check cannot be added to this questionnaire",
            )
            .at_path(check.question_id.clone())),
        }
    }

    /// The identity check of a session on `channel`, when it applies.
    pub fn phone_check(&self, channel: engine::Channel) -> Option<&caller::PhoneIdentityCheck> {
        match (channel, &self.check_texts) {
            (engine::Channel::Phone, Some(_)) => self.settings.phone_identity_check.as_ref(),
            _ => None,
        }
    }
}

/// The question types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum QuestionType {
    SingleChoice,
    MultipleChoice,
    YesNo,
    Text,
    Mobile,
    Email,
    Address,
    Date,
    Rating,
    Notice,
}

impl QuestionType {
    pub fn has_options(self) -> bool {
        matches!(
            self,
            QuestionType::SingleChoice | QuestionType::MultipleChoice
        )
    }
}

/// A definition as written in `pkg-config/questionnaires/<id>.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub schema: Option<String>,
    /// Absent = any.
    pub audience: Option<Audience>,
    pub id: String,
    pub version: String,
    pub title: Text,
    pub intro: Option<Text>,
    /// Where the content comes from (domain brief sections, the bank's callback rules).
    pub source: String,
    /// Opening line of the SMS rendering.
    pub sms_intro: Option<Text>,
    pub pages: Vec<Page>,
    pub follow_ups: Vec<FollowUpRule>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub id: String,
    pub title: Text,
    pub visible_if: Option<String>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub kind: QuestionType,
    pub text: Text,
    pub help: Option<Text>,
    pub options: Vec<Choice>,
    pub required: bool,
    pub visible_if: Option<String>,
    pub required_if: Option<String>,
    pub validators: Vec<Validator>,
    /// Short wording for the SMS rendering; questions without it are left out of the SMS.
    pub sms: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub text: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidatorKind {
    Required,
    Length,
    Pattern,
    Range,
    Document,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Validator {
    pub kind: ValidatorKind,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub pattern: Option<String>,
    /// A `crate::documents` kind (`cn_mobile`, `email`, `cn_resident_id`, …).
    pub document: Option<String>,
    /// What to tell the customer when the check fails (else a generic message).
    pub message: Option<Text>,
}

/// What a follow-up asks the bank (or the app) to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum FollowUpAction {
    /// The customer says a transaction was not theirs: freeze/verify at once.
    FraudReport,
    /// Hand-off to the contact-update flow with the new details pre-filled.
    ContactUpdate,
    /// Hand-off to the ID-validity update (证件有效期维护).
    IdUpdate,
    /// A complaint or low satisfaction: a staff member follows up.
    Complaint,
    /// The customer agreed to hear about a product; only ever after explicit consent.
    ProductOffer,
    /// Low satisfaction: someone calls again until the customer is satisfied (回访规则 §九.3).
    SecondContact,
    /// The callback did not reach the right person or the time was bad: call again.
    RetryCallback,
    /// A problem with a service the bank must fix (e.g. mobile banking help, flows problems).
    ServiceRequest,
    /// Customer due diligence to review (control, beneficial owner, documents).
    DueDiligence,
    /// A business's registered details changed: update within 5 working days (结算账户管理办法 Art. 47).
    BusinessInfoChange,
    /// The unit no longer operates: close the account (Art. 49).
    AccountClosure,
    /// A dormant account to wake up.
    WakeUp,
    /// The account level to review (small-payment account, downgrade objection).
    LevelReview,
    /// The contact details on file look wrong: the branch checks them.
    ContactCheck,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Priority {
    Urgent,
    High,
    Normal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpRule {
    pub id: String,
    /// Condition over the answers (same language as `visibleIf`).
    pub when: String,
    pub action: FollowUpAction,
    pub priority: Priority,
    pub title: Text,
    /// Guidance for the customer, shown at once when `showNow`.
    pub guidance: Option<Text>,
    pub show_now: bool,
    /// For `contact_update`: which questions carry the proposed new details.
    pub prefill: Option<PrefillMap>,
    /// A key of `pack.json settings.departments`; absent = the action's default route.
    pub department: Option<String>,
    /// Absent = the action's default route.
    pub due: Option<Due>,
    /// For `contact_update`: the contact field to open at (`FOCUS_FIELDS`).
    pub focus: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrefillMap {
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub residential_address: Option<String>,
}

/// A question with its conditions parsed, and where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledQuestion {
    pub page: usize,
    pub visible_if: Option<expr::Expr>,
    pub required_if: Option<expr::Expr>,
    pub patterns: Vec<Option<pattern::Pattern>>,
}

/// A linted definition with every expression parsed once.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub def: Definition,
    pub page_visible_if: Vec<Option<expr::Expr>>,
    /// Parallel to the flattened question list (`questions()` order).
    pub questions: Vec<CompiledQuestion>,
    pub follow_up_when: Vec<expr::Expr>,
    /// Question ids in the flattened order.
    pub index: Vec<String>,
}

impl Compiled {
    /// Every question in page order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.def.pages.iter().flat_map(|p| p.questions.iter())
    }
    /// Position of a question in the flattened order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.iter().position(|q| q == id)
    }
    pub fn question(&self, id: &str) -> Option<(usize, &Question)> {
        let i = self.position(id)?;
        self.questions().nth(i).map(|q| (i, q))
    }
}

/// Names readable as `context.<name>` in expressions and as `{name}` in texts.
pub const CONTEXT_FIELDS: &[&str] = &[
    "accountType",
    "riskLevel",
    "mobileOnFile",
    "emailOnFile",
    "idExpiry",
    "openedOn",
    "transactionAmountFen",
    "transactionDate",
    "transactionChannel",
    "segment",
    "serviceChannel",
    "flow",
    "closeBy",
];

/// What the host knows about the customer and the reason for the callback. References are masked
/// in every record; the values on file are only shown masked.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CallbackContext {
    /// The bank's customer number (masked in the record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub customer_ref: Option<String>,
    /// Account or card number (masked first 6 / last 4 in the record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub account_ref: Option<String>,
    /// An account type id, e.g. `personal_class_1`, `business_basic` (`callbacks.json`
    /// `accountTypes`; a questionnaire's conditions may test others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "AccountType"))]
    pub account_type: Option<String>,
    /// e.g. `low`, `medium`, `high`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "RiskLevel"))]
    pub risk_level: Option<String>,
    /// The mobile number on file, 11 digits (shown masked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub mobile_on_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub email_on_file: Option<String>,
    /// ID expiry on file, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id_expiry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub opened_on: Option<String>,
    /// The transaction an event callback is about, in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub transaction_amount_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub transaction_date: Option<String>,
    /// e.g. `mobile_banking`, `counter`, `atm`, `pos`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "TransactionChannel"))]
    pub transaction_channel: Option<String>,
    /// The day the business relationship ended (account closed), `YYYY-MM-DD`: the record's
    /// identity-data retention runs from it (AML Law Art. 34). Absent while the account is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub relationship_ended_on: Option<String>,
    /// `personal` or `business` (issue 16 §1.6): which wording a shared definition uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "\"personal\" | \"business\"")
    )]
    pub segment: Option<String>,
    /// Where the customer was served: `branch`, `kiosk`, `app` or `phone` (the satisfaction survey
    /// words environment and attitude by it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "\"branch\" | \"kiosk\" | \"app\" | \"phone\"")
    )]
    pub service_channel: Option<String>,
    /// Which flow a survey follows (e.g. `contact`, `precheck`, `dormant`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub flow: Option<String>,
    /// A dormant business account's close-by date, `YYYY-MM-DD` (from `dormantWakeUp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub close_by: Option<String>,
}

/// Longest context string accepted.
pub const MAX_CONTEXT_CHARS: usize = 64;

impl CallbackContext {
    /// `context` of a questionnaire argument or saved state (unknown fields refused).
    pub(crate) fn read(o: &crate::jsonread::Obj) -> CallbackContext {
        o.only(&[
            "customerRef",
            "accountRef",
            "accountType",
            "riskLevel",
            "mobileOnFile",
            "emailOnFile",
            "idExpiry",
            "openedOn",
            "transactionAmountFen",
            "transactionDate",
            "transactionChannel",
            "relationshipEndedOn",
            "segment",
            "serviceChannel",
            "flow",
            "closeBy",
        ]);
        CallbackContext {
            segment: o.opt_str("segment"),
            service_channel: o.opt_str("serviceChannel"),
            flow: o.opt_str("flow"),
            close_by: o.opt_str("closeBy"),
            relationship_ended_on: o.opt_str("relationshipEndedOn"),
            customer_ref: o.opt_str("customerRef"),
            account_ref: o.opt_str("accountRef"),
            account_type: o.opt_str("accountType"),
            risk_level: o.opt_str("riskLevel"),
            mobile_on_file: o.opt_str("mobileOnFile"),
            email_on_file: o.opt_str("emailOnFile"),
            id_expiry: o.opt_str("idExpiry"),
            opened_on: o.opt_str("openedOn"),
            transaction_amount_fen: o.opt_i64("transactionAmountFen"),
            transaction_date: o.opt_str("transactionDate"),
            transaction_channel: o.opt_str("transactionChannel"),
        }
    }

    /// A whole `context` argument.
    pub fn from_json(v: &Value) -> Result<CallbackContext, Error> {
        crate::jsonread::Reader::read(None, v, CallbackContext::read)
    }

    pub fn check(&self) -> Result<(), Error> {
        let fields = [
            ("customerRef", &self.customer_ref),
            ("accountRef", &self.account_ref),
            ("accountType", &self.account_type),
            ("riskLevel", &self.risk_level),
            ("mobileOnFile", &self.mobile_on_file),
            ("emailOnFile", &self.email_on_file),
            ("idExpiry", &self.id_expiry),
            ("openedOn", &self.opened_on),
            ("transactionDate", &self.transaction_date),
            ("transactionChannel", &self.transaction_channel),
            ("relationshipEndedOn", &self.relationship_ended_on),
            ("segment", &self.segment),
            ("serviceChannel", &self.service_channel),
            ("flow", &self.flow),
            ("closeBy", &self.close_by),
        ];
        for (name, v) in fields {
            if v.as_deref()
                .is_some_and(|s| s.chars().count() > MAX_CONTEXT_CHARS)
            {
                return Err(Error::new(
                    "argument.too_long",
                    format!("context field longer than {MAX_CONTEXT_CHARS} characters"),
                )
                .at_path(format!("context.{name}")));
            }
        }
        for (name, v, allowed) in [
            ("segment", &self.segment, &["personal", "business"][..]),
            (
                "serviceChannel",
                &self.service_channel,
                &["branch", "kiosk", "app", "phone"][..],
            ),
        ] {
            if v.as_deref().is_some_and(|s| !allowed.contains(&s)) {
                return Err(
                    Error::argument(format!("expected one of {}", allowed.join(", ")))
                        .at_path(format!("context.{name}")),
                );
            }
        }
        for (name, v) in [
            ("idExpiry", &self.id_expiry),
            ("openedOn", &self.opened_on),
            ("transactionDate", &self.transaction_date),
            ("relationshipEndedOn", &self.relationship_ended_on),
            ("closeBy", &self.close_by),
        ] {
            if v.as_deref()
                .is_some_and(|s| crate::time::parse_date(s).is_none())
            {
                return Err(Error::argument("expected a date YYYY-MM-DD")
                    .at_path(format!("context.{name}")));
            }
        }
        Ok(())
    }

    /// The value of `context.<name>` in expressions.
    pub fn value(&self, name: &str) -> expr::Val {
        use expr::Val;
        let s = |v: &Option<String>| v.clone().map(Val::Str).unwrap_or(Val::Null);
        match name {
            "accountType" => s(&self.account_type),
            "riskLevel" => s(&self.risk_level),
            "mobileOnFile" => s(&self.mobile_on_file),
            "emailOnFile" => s(&self.email_on_file),
            "idExpiry" => s(&self.id_expiry),
            "openedOn" => s(&self.opened_on),
            "transactionAmountFen" => self
                .transaction_amount_fen
                .map(Val::Int)
                .unwrap_or(Val::Null),
            "transactionDate" => s(&self.transaction_date),
            "transactionChannel" => s(&self.transaction_channel),
            "segment" => s(&self.segment),
            "serviceChannel" => s(&self.service_channel),
            "flow" => s(&self.flow),
            "closeBy" => s(&self.close_by),
            _ => Val::Null,
        }
    }

    /// Text placeholders (`{mobileOnFile}` …), masked for display.
    pub fn placeholders(&self) -> crate::finding::Params {
        let mut p = crate::finding::Params::new();
        if let Some(m) = &self.mobile_on_file {
            p.insert("mobileOnFile".into(), Value::from(crate::mask::mobile(m)));
        }
        if let Some(e) = &self.email_on_file {
            p.insert("emailOnFile".into(), Value::from(crate::mask::email(e)));
        }
        if let Some(a) = &self.account_ref {
            p.insert("accountRef".into(), Value::from(crate::mask::card(a)));
        }
        for (k, v) in [
            ("accountType", &self.account_type),
            ("riskLevel", &self.risk_level),
            ("idExpiry", &self.id_expiry),
            ("openedOn", &self.opened_on),
            ("transactionDate", &self.transaction_date),
            ("transactionChannel", &self.transaction_channel),
            ("closeBy", &self.close_by),
        ] {
            if let Some(v) = v {
                p.insert(k.into(), Value::from(v.clone()));
            }
        }
        if let Some(f) = self.transaction_amount_fen {
            p.insert("transactionAmountFen".into(), Value::from(yuan(f)));
        }
        p
    }
}

/// Fen as yuan with two decimals and thousands separators (`1,234,567.89`), no floats.
pub fn yuan(fen: i64) -> String {
    let neg = fen < 0;
    let abs = fen.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out}.{cents:02}", if neg { "-" } else { "" })
}

/// Context names usable as `{name}` placeholders in texts.
pub const PLACEHOLDERS: &[&str] = &[
    "accountRef",
    "accountType",
    "riskLevel",
    "mobileOnFile",
    "emailOnFile",
    "idExpiry",
    "openedOn",
    "transactionAmountFen",
    "transactionDate",
    "transactionChannel",
    "closeBy",
];

#[cfg(test)]
mod tests {
    #[test]
    fn yuan_format() {
        assert_eq!(super::yuan(123_456_789), "1,234,567.89");
        assert_eq!(super::yuan(5), "0.05");
        assert_eq!(super::yuan(-100_000), "-1,000.00");
    }
}

#[cfg(test)]
mod rules_tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use crate::loader::files;
    use serde_json::json;

    const SETTINGS: &str = r#"{ "source": "test", "maxSteps": 200,
        "retention": {
            "identity": { "minYears": 12, "from": "relationship_end", "source": "t", "confidence": "A" },
            "transaction": { "minYears": 10, "from": "transaction_end", "source": "t", "confidence": "A" } },
        "maxTextChars": 100, "smsMaxSegments": 2 }"#;
    /// One page, a yes/no question, a text asked only on "no", and a follow-up on "no".
    const SMALL: &str = r#"{ "$schema": "../schema/questionnaire.schema.json",
        "id": "small", "version": "1", "source": "test",
        "title": { "zh-CN": "回访", "en": "Callback" },
        "pages": [{ "id": "p1", "title": { "zh-CN": "问题", "en": "Questions" }, "questions": [
            { "id": "ok", "type": "yes_no", "required": true,
              "text": { "zh-CN": "满意吗？", "en": "Satisfied?" } },
            { "id": "why", "type": "text", "required": true, "visibleIf": "ok == false",
              "text": { "zh-CN": "为什么？", "en": "Why?" } } ] }],
        "followUps": [{ "id": "call_back", "when": "ok == false", "action": "complaint",
            "priority": "high", "title": { "zh-CN": "回电", "en": "We call you back" } }] }"#;

    fn load(definition: &str) -> Result<QuestionnaireRules, Error> {
        let f = files(&[
            ("questionnaire.json", SETTINGS),
            ("questionnaires/small.json", definition),
        ]);
        QuestionnaireRules::load(&Loader::new(&f), &Default::default(), &Default::default())
    }

    #[test]
    fn a_small_questionnaire_runs_to_its_record() {
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let rules = load(SMALL).unwrap();
        let docs = crate::documents::tests::rules();
        let def = rules.definitions["small"].clone();
        let mut s = Session::start(
            &ctx,
            &rules,
            def,
            CallbackContext::default(),
            Default::default(),
        )
        .unwrap();
        s.answer(&ctx, &rules, "ok", json!(false)).unwrap();
        let view = s.view(&ctx, &rules, &docs).unwrap();
        assert_eq!(view.questions.len(), 2, "the follow-up question shows");
        assert!(!view.can_finish);
        s.answer(&ctx, &rules, "why", json!("too slow")).unwrap();
        // Saved and resumed against the same rules, the session is the same.
        let s = Session::resume(&ctx, &rules, &s.save()).unwrap();
        let out = s.finish(&ctx, &rules, &docs, None).unwrap();
        // Issue 15 item 2: the record carries the rule (12 years from the end of the relationship
        // in this pack), no date while the relationship is open, and no transaction rule.
        let r = &out.record.retention;
        assert_eq!(r.rules.len(), 1);
        assert_eq!(
            (r.rules[0].kind.as_str(), r.rules[0].min_years),
            ("identity", 12)
        );
        assert_eq!(r.retain_at_least_until, None);
        assert_eq!(out.follow_ups[0].id, "call_back");
        assert_eq!(out.record.answers.len(), 2);
    }

    #[test]
    fn a_definition_with_lint_errors_is_refused_naming_its_file() {
        let bad = SMALL.replace(r#""id": "why""#, r#""id": "ok""#);
        let e = load(&bad).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (
                Some("questionnaires/small.json"),
                Some("pages[0].questions[1].id")
            )
        );
        assert!(e.message.contains("questionnaire.lint.duplicate_id"), "{e}");
        let e = load(&SMALL.replace(r#""id": "small""#, r#""id": "other""#)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("id"));
    }
}
