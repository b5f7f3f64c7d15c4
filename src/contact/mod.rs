//! Contact-detail updates (domain brief §0.3, §4.2, §6, §8, §9): check what a customer proposes to
//! change, show a masked field-by-field diff, decide the verification the whole change needs from
//! the rule pack's policy (the strictest field deciding), and build the request the app submits
//! with an idempotency key derived from its content. Drafts are saved and resumed like
//! questionnaire sessions (`draft`).

pub mod api;
pub mod draft;
mod fields;
pub mod rules;

pub use rules::ContactRules;

use crate::ctx::Ctx;
use crate::documents::DocumentRules;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity};
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::params;
use serde_json::Value;

/// Largest serialized input of `prepareContactUpdate` and `saveContactDraft`, in bytes of JSON
/// (every field at its length bound in Chinese characters stays below it; the per-string bounds
/// are checked too).
pub const MAX_INPUT_BYTES: usize = 8 * 1024;
/// Characters of the idempotency key after its prefix (Crockford base32 of HMAC-SHA256: 130 bits).
pub const KEY_CHARS: usize = 26;
/// Version prefix of idempotency keys (v1: HMAC-SHA256, 26 base32 characters = 130 bits).
pub const KEY_PREFIX: &str = "h1.";
/// The request's schema name, recorded in the request and in the hashed content.
pub const REQUEST_SCHEMA: &str = "frontdesk.contact_update.v1";

/// The contact fields, in display order (texts: `contact.field.<id>`).
pub const FIELDS: &[&str] = &[
    "mobile",
    "landline",
    "email",
    "residentialAddress",
    "mailingAddress",
    "emergencyContact",
    "idDocument",
    "occupation",
];

/// Where the customer is making the change: the shared vocabulary (`crate::vocabulary`), of which a
/// contact update is made `in_app`, at a `kiosk`, at a `counter` or by `phone` (during a call with
/// an agent). The earlier spellings `app` and `phone_callback` are read as deprecated aliases.
pub use crate::vocabulary::Channel;

/// The channels a contact update is made through, in display order.
pub const CHANNELS: [Channel; 4] = [
    Channel::InApp,
    Channel::Kiosk,
    Channel::Counter,
    Channel::Phone,
];

/// A postal address. Every part is optional in the input; missing required parts are findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Address {
    /// Province-level area as written (`北京市`, `广东`, `Guangdong`) or its two-digit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub district: Option<String>,
    /// Street, building and room: never shown unmasked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub detail: Option<String>,
    /// Six-digit mainland postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub postcode: Option<String>,
}

/// An emergency contact (紧急联系人).
#[derive(Debug, Clone, Default, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct EmergencyContact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    /// One of the rule pack's relationship ids (`spouse`, `parent`, …; see `contactOptions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "Relationship"))]
    pub relationship: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub mobile: Option<String>,
}

/// The identity document on file and its expiry date.
#[derive(Debug, Clone, Default, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct IdDocument {
    /// A `validateDocument` kind, e.g. `cn_resident_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "IdentityDocumentKind"))]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub number: Option<String>,
    /// `YYYY-MM-DD`, or `long_term` / `长期`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub expiry_date: Option<String>,
}

/// Contact details: what the bank has on file (`current`) or what the customer proposes. Every
/// field is optional; a field absent from `proposed` is not being changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ContactFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub landline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub residential_address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub mailing_address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub emergency_contact: Option<EmergencyContact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id_document: Option<IdDocument>,
    /// One of the rule pack's occupation ids (see `contactOptions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub occupation: Option<String>,
}

impl ContactFields {
    fn is_empty(&self) -> bool {
        self == &ContactFields::default()
    }

    /// Read contact fields from JSON (unknown fields refused, paths in errors).
    pub(crate) fn read(o: &Obj) -> ContactFields {
        o.only(FIELDS);
        let address = |a: Obj| {
            a.only(&["province", "city", "district", "detail", "postcode"]);
            Address {
                province: a.opt_str("province"),
                city: a.opt_str("city"),
                district: a.opt_str("district"),
                detail: a.opt_str("detail"),
                postcode: a.opt_str("postcode"),
            }
        };
        ContactFields {
            mobile: o.opt_str("mobile"),
            landline: o.opt_str("landline"),
            email: o.opt_str("email"),
            residential_address: o.opt_obj("residentialAddress").map(address),
            mailing_address: o.opt_obj("mailingAddress").map(address),
            emergency_contact: o.opt_obj("emergencyContact").map(|e| {
                e.only(&["name", "relationship", "mobile"]);
                EmergencyContact {
                    name: e.opt_str("name"),
                    relationship: e.opt_str("relationship"),
                    mobile: e.opt_str("mobile"),
                }
            }),
            id_document: o.opt_obj("idDocument").map(|d| {
                d.only(&["kind", "number", "expiryDate"]);
                IdDocument {
                    kind: d.opt_str("kind"),
                    number: d.opt_str("number"),
                    expiry_date: d.opt_str("expiryDate"),
                }
            }),
            occupation: o.opt_str("occupation"),
        }
    }
}

impl ContactUpdateInput {
    pub(crate) fn read(o: &Obj) -> ContactUpdateInput {
        o.only(&["current", "proposed", "channel", "oldMobileReachable"]);
        o.require(&["channel"]);
        let channel = Channel::read(
            o,
            "channel",
            &CHANNELS,
            "expected in_app, kiosk, counter or phone",
        );
        ContactUpdateInput {
            current: o
                .opt_obj("current")
                .map(|c| ContactFields::read(&c))
                .unwrap_or_default(),
            proposed: o
                .opt_obj("proposed")
                .map(|c| ContactFields::read(&c))
                .unwrap_or_default(),
            channel: channel.unwrap_or_default(),
            old_mobile_reachable: o.opt_bool("oldMobileReachable"),
        }
    }
}

/// Longest accepted argument text per field name, in characters.
pub(crate) fn max_chars(key: &str) -> usize {
    match key {
        "email" => 320,
        "detail" => 120,
        "number" => crate::documents::MAX_NUMBER_CHARS,
        "mobile" | "landline" => 32,
        "postcode" => 16,
        // Drafts carry their own metadata (checksum, timestamps, versions).
        "checksum" | "savedAt" | "rulePackVersion" | "format" => 128,
        _ => 40,
    }
}

/// Decode the argument of `prepareContactUpdate` / `saveContactDraft`.
pub fn decode_input(value: &Value) -> Result<ContactUpdateInput, Error> {
    let rd = Reader::capped(max_chars);
    let out = ContactUpdateInput::read(&rd.root(value));
    rd.done(out)
}

/// Input of `prepareContactUpdate` and `saveContactDraft`.
#[derive(Debug, Clone, Default, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ContactUpdateInput {
    /// What the bank has on file (pre-filled by the app).
    #[serde(default, skip_serializing_if = "ContactFields::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub current: ContactFields,
    /// What the customer wants instead; absent fields are not changed.
    #[serde(default, skip_serializing_if = "ContactFields::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub proposed: ContactFields,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ContactChannel"))]
    pub channel: Channel,
    /// Can the number on file still receive codes? Absent means "not confirmed" and is treated as
    /// unreachable when the mobile number changes (the safe reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub old_mobile_reachable: Option<bool>,
}

/// added: nothing on file; changed: differs from the file; unchanged: the same after normalizing
/// (a no-op, left out of the request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum ChangeStatus {
    Added,
    Changed,
    Unchanged,
}

/// One field of the diff, masked for display.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Change {
    /// `mobile`, `residentialAddress`, …
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ContactField"))]
    pub field: String,
    /// The field's name in the desk's locale.
    pub label: String,
    pub status: ChangeStatus,
    pub no_op: bool,
    /// Masked value on file, or `null`.
    pub before: Option<String>,
    /// Masked proposed value.
    pub after: Option<String>,
    /// For addresses, emergency contacts and ID documents: which parts differ (the masked text may
    /// look the same when only the hidden street detail changed).
    pub changed_parts: Vec<String>,
    /// The verification level this field needs (the first level, `none`, for a no-op).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "VerificationLevel"))]
    pub level: String,
}

/// Why a field needs the level it needs.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Reason {
    pub field: String,
    pub level: String,
    /// `contact.why.<rule or condition>`.
    pub code: String,
    pub message: String,
}

/// The verification the whole change needs.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct VerificationNeed {
    /// The strictest level among the changed fields (policy `verification.levels`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "VerificationLevel"))]
    pub level: String,
    pub level_name: String,
    /// Position of the level in the policy, 0 = nothing to verify.
    pub rank: u32,
    /// The level is done in person and the channel is not a counter: the customer must go to one.
    pub go_to_counter: bool,
    /// Nothing can be changed on this channel (a bank-initiated call): where the customer goes
    /// instead (`verification.referOnly`; empty otherwise).
    pub refer_to: Vec<NamedOption>,
    /// The fields whose level decided.
    pub decided_by: Vec<String>,
    /// Everything the customer will be asked for, in order (the union over the changed fields, or
    /// only the counter visit when that is needed).
    pub steps: Vec<NamedOption>,
    /// Per changed field, why it needs its level; escalations (old number unreachable, a minor
    /// holder) follow the field's own reason.
    pub reasons: Vec<Reason>,
    pub summary: String,
}

/// What the app submits. `proposed` holds the caller's own raw values for the changed fields
/// (the server needs them; never render them); `display` is the masked copy for screens and logs.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ContactRequest {
    pub schema: String,
    /// `h1.` + 26 base32 characters of HMAC-SHA256 under the host's key (`DeskOptions`
    /// `idempotencySecret`, or derived from `deskNonce`) over the content (rule-pack version,
    /// channel, reachability flag, the changed fields' current and proposed values): the same
    /// change twice gives the same key, and without the key nobody can confirm a guessed number
    /// or address from it. `null` when the host gave neither (finding
    /// `contact.idempotency_unkeyed`): never an unkeyed hash of personal data.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub idempotency_key: Option<String>,
    pub rule_pack_version: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ContactChannel"))]
    pub channel: Channel,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "VerificationLevel"))]
    pub verification_level: String,
    /// Changed fields (no-ops left out), in display order.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ContactField[]"))]
    pub fields: Vec<String>,
    /// The masked diff of the changed fields (as in `changes`).
    pub display: Vec<Change>,
    pub proposed: ContactFields,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub old_mobile_reachable: Option<bool>,
    /// Something changes, no finding is an error, and this channel can complete the verification.
    pub submittable: bool,
}

/// Result of `prepareContactUpdate`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ContactUpdateResult {
    pub changes: Vec<Change>,
    pub findings: Vec<Finding>,
    pub verification: VerificationNeed,
    pub request: ContactRequest,
}

/// An id with its name in the desk's locale (options for selects, verification steps).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct NamedOption {
    pub id: String,
    pub name: String,
}

/// Result of `contactOptions`: the ids and names the inputs accept, in the desk's locale.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ContactOptions {
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "{ id: ContactChannel; name: string }[]")
    )]
    pub channels: Vec<NamedOption>,
    pub relationships: Vec<NamedOption>,
    pub occupations: Vec<NamedOption>,
}

/// The catalog text of `<prefix>.<id>` in the desk's locale.
#[inline(never)]
pub(crate) fn name(ctx: &Ctx, prefix: &str, id: &str) -> String {
    ctx.text(&format!("{prefix}.{id}"))
}

/// Canonical JSON text of `value`: through `serde_json::Value`, so object keys come out sorted
/// (the same content always gives the same text), written by the answers' writer.
pub(crate) fn canonical_json<T: WriteJson>(value: &T) -> Result<String, Error> {
    Ok(crate::jsonout::text(&crate::jsonout::to_value(value)))
}

/// Refuse inputs larger than `MAX_INPUT_BYTES` of JSON before any work. Each string is bounded
/// as the JSON argument is read (`decode_input`, `max_chars`).
pub fn check_bounds(input: &ContactUpdateInput) -> Result<(), Error> {
    let size = canonical_json(input).map(|v| v.len()).unwrap_or(usize::MAX);
    if size > MAX_INPUT_BYTES {
        return Err(Error::new(
            "argument.too_large",
            format!("contact update input is larger than {MAX_INPUT_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// `prepareContactUpdate`: the diff of every field with its findings (`fields::diff`), the
/// conditions that escalate, each change ranked by the verification it needs with the reasons,
/// the verification the strictest change decides, and the change request.
pub fn prepare(
    ctx: &Ctx,
    rules: &ContactRules,
    docs: &DocumentRules,
    input: &ContactUpdateInput,
) -> Result<ContactUpdateResult, Error> {
    check_bounds(input)?;
    let mut findings: Vec<Finding> = Vec::new();
    let diffs = fields::diff(ctx, rules, docs, input, &mut findings);
    let conditions = escalating_conditions(ctx, docs, input, &diffs);
    let mut reasons = Vec::new();
    let (changes, ranks) = rank_changes(ctx, rules, input, &diffs, &conditions, &mut reasons);
    let unreachable = conditions.contains(&"old_mobile_unreachable");
    let verification = verification_need(ctx, rules, input, &ranks, reasons, unreachable);
    if ctx.idempotency_key().is_none() {
        findings.push(ctx.finding(
            Severity::Warning,
            "contact.idempotency_unkeyed",
            "",
            params![],
        ));
    }
    if !verification.refer_to.is_empty() {
        findings.push(ctx.finding(
            Severity::Info,
            "contact.phone_callback_referral",
            "channel",
            params![],
        ));
    }
    if ranks.is_empty() {
        findings.push(ctx.finding(Severity::Info, "contact.no_changes", "proposed", params![]));
    }
    let request = change_request(ctx, input, &diffs, &changes, &verification, &findings);
    Ok(ContactUpdateResult {
        changes,
        findings,
        verification,
        request,
    })
}

/// The conditions that escalate a change: a new mobile number while the old one is unreachable,
/// a holder under the guardian age.
fn escalating_conditions(
    ctx: &Ctx,
    docs: &DocumentRules,
    input: &ContactUpdateInput,
    diffs: &[fields::Diff],
) -> Vec<&'static str> {
    let mut conditions = Vec::new();
    let mobile_changes = diffs.iter().any(|d| d.field == "mobile" && !d.no_op);
    if mobile_changes && input.old_mobile_reachable != Some(true) {
        conditions.push("old_mobile_unreachable");
    }
    if fields::holder_age(ctx, docs, input)
        .is_some_and(|age| age < docs.age_groups.minor_guardian_age)
    {
        conditions.push("holder_minor");
    }
    conditions
}

/// Each field's change with the verification level it needs (its rule for this channel, raised by
/// any escalation that applies), the reasons for it, and the rank of every real change.
fn rank_changes<'d>(
    ctx: &Ctx,
    rules: &ContactRules,
    input: &ContactUpdateInput,
    diffs: &'d [fields::Diff],
    conditions: &[&str],
    reasons: &mut Vec<Reason>,
) -> (Vec<Change>, Vec<(usize, &'d str)>) {
    let mut changes = Vec::with_capacity(diffs.len());
    let mut ranks: Vec<(usize, &str)> = Vec::new();
    for d in diffs {
        let mut rank = 0;
        if !d.no_op {
            rank = rules.rule_rank(d.rule, input.channel);
            let mut why = vec![(d.rule, rank)];
            for e in &rules.verification.escalations {
                let applies = conditions.contains(&e.when.as_str())
                    && e.fields.iter().any(|f| f == "*" || f == d.rule);
                let r = rules.level_rank(&e.level);
                if applies && r > rank {
                    rank = r;
                    why.push((e.when.as_str(), r));
                }
            }
            for (code, r) in why {
                reasons.push(reason(ctx, rules, d.field, code, r));
            }
            ranks.push((rank, d.field));
        }
        changes.push(Change {
            field: d.field.to_string(),
            label: name(ctx, "contact.field", d.field),
            status: d.status,
            no_op: d.no_op,
            before: d.before.clone(),
            after: d.after.clone(),
            changed_parts: d.changed_parts.clone(),
            level: rules.level(rank).map(|l| l.id.clone()).unwrap_or_default(),
        });
    }
    (changes, ranks)
}

/// Why `field` needs the level of rank `r`: the reason text of `code` (a rule or an escalation).
fn reason(ctx: &Ctx, rules: &ContactRules, field: &str, code: &str, r: usize) -> Reason {
    let level = rules.level(r).map(|l| l.id.clone()).unwrap_or_default();
    let level_name = name(ctx, "contact.level", &level);
    // A rule without its own reason text uses the generic one naming the field.
    let mut code = format!("contact.why.{code}");
    if !ctx.catalog().contains(&code) {
        code = "contact.why.field".to_string();
    }
    let params = params![
        ("level", level_name),
        ("field", name(ctx, "contact.field", field))
    ];
    let message = ctx.finding(Severity::Info, &code, field, params).message;
    Reason {
        field: field.to_string(),
        level,
        code,
        message,
    }
}

/// The verification the strictest change decides: its level, whether the customer must go to a
/// counter, the fields that decide it, the steps, and a summary.
fn verification_need(
    ctx: &Ctx,
    rules: &ContactRules,
    input: &ContactUpdateInput,
    ranks: &[(usize, &str)],
    reasons: Vec<Reason>,
    old_mobile_unreachable: bool,
) -> VerificationNeed {
    let top = ranks.iter().map(|(r, _)| *r).max().unwrap_or(0);
    let level = rules.level(top).cloned().unwrap_or_default();
    let go_to_counter = level.in_person && input.channel != Channel::Counter;
    let mut refer_to = Vec::new();
    if !ranks.is_empty() {
        for c in &level.refer_to {
            refer_to.push(NamedOption {
                id: c.id().to_string(),
                name: name(ctx, "contact.channel", c.id()),
            });
        }
    }
    let mut decided_by: Vec<String> = Vec::new();
    for (r, f) in ranks {
        if top > 0 && *r == top {
            decided_by.push(f.to_string());
        }
    }
    let mut step_ids: Vec<&str> = Vec::new();
    if level.in_person {
        for s in &level.steps {
            step_ids.push(s);
        }
    } else {
        for (r, _) in ranks {
            if let Some(l) = rules.level(*r) {
                for s in &l.steps {
                    if !step_ids.contains(&s.as_str()) {
                        step_ids.push(s);
                    }
                }
            }
        }
    }
    // The number on file cannot receive a code: no step may ask for one (the unreachable path's
    // own steps replace it for every change made together with the new number).
    if old_mobile_unreachable {
        step_ids.retain(|s| *s != "sms_on_file");
    }
    let mut steps: Vec<NamedOption> = Vec::new();
    for s in step_ids {
        steps.push(NamedOption {
            id: s.to_string(),
            name: name(ctx, "contact.step", s),
        });
    }
    let level_name = name(ctx, "contact.level", &level.id);
    let summary_code = if ranks.is_empty() {
        "contact.summary.nothing"
    } else if !refer_to.is_empty() {
        "contact.summary.referral"
    } else if go_to_counter {
        "contact.summary.counter"
    } else {
        "contact.summary.level"
    };
    let summary = ctx
        .finding(
            Severity::Info,
            summary_code,
            "",
            params![("level", level_name.clone()), ("count", ranks.len() as u64)],
        )
        .message;
    VerificationNeed {
        level: level.id.clone(),
        level_name,
        rank: top as u32,
        go_to_counter,
        refer_to,
        decided_by,
        steps,
        reasons,
        summary,
    }
}

/// The change request: the changed fields only, with an idempotency key; submittable when
/// something changes, nothing is an error and no counter visit is needed.
fn change_request(
    ctx: &Ctx,
    input: &ContactUpdateInput,
    diffs: &[fields::Diff],
    changes: &[Change],
    verification: &VerificationNeed,
    findings: &[Finding],
) -> ContactRequest {
    let mut changed: Vec<&fields::Diff> = Vec::new();
    let mut changed_fields: Vec<String> = Vec::new();
    let mut display: Vec<Change> = Vec::new();
    for (d, c) in diffs.iter().zip(changes) {
        if !d.no_op {
            changed.push(d);
            changed_fields.push(d.field.to_string());
            display.push(c.clone());
        }
    }
    let proposed = fields::only_changed(&input.proposed, &changed);
    let current = fields::only_changed(&input.current, &changed);
    let key = idempotency_key(ctx, input, &current, &proposed);
    let submittable = !changed.is_empty()
        && no_errors(findings)
        && !verification.go_to_counter
        && verification.refer_to.is_empty();
    ContactRequest {
        schema: REQUEST_SCHEMA.to_string(),
        idempotency_key: key,
        rule_pack_version: ctx.pack_version().to_string(),
        channel: input.channel,
        verification_level: verification.level.clone(),
        fields: changed_fields,
        display,
        proposed,
        old_mobile_reachable: input.old_mobile_reachable,
        submittable,
    }
}

/// The content the idempotency key is derived from, in a fixed field order.
#[derive(WriteJson)]
#[serde(rename_all = "camelCase")]
struct KeyMaterial<'a> {
    schema: &'a str,
    rule_pack_version: &'a str,
    channel: Channel,
    old_mobile_reachable: Option<bool>,
    current: &'a ContactFields,
    proposed: &'a ContactFields,
}

fn idempotency_key(
    ctx: &Ctx,
    input: &ContactUpdateInput,
    current: &ContactFields,
    proposed: &ContactFields,
) -> Option<String> {
    let key = ctx.idempotency_key()?;
    let material = KeyMaterial {
        schema: REQUEST_SCHEMA,
        rule_pack_version: ctx.pack_version(),
        channel: input.channel,
        old_mobile_reachable: input.old_mobile_reachable,
        current,
        proposed,
    };
    // Serializing plain structs of strings cannot fail; an empty text would still be deterministic.
    let text = canonical_json(&material).unwrap_or_default();
    let mut code = crate::digest::base32(&crate::digest::hmac_sha256(key, text.as_bytes()));
    code.truncate(KEY_CHARS);
    Some(format!("{KEY_PREFIX}{code}"))
}

/// `contactOptions`.
pub fn options(ctx: &Ctx, rules: &ContactRules) -> ContactOptions {
    let named = |prefix: &str, ids: &mut dyn Iterator<Item = &str>| -> Vec<NamedOption> {
        let mut out = Vec::new();
        for id in ids {
            out.push(NamedOption {
                id: id.to_string(),
                name: name(ctx, prefix, id),
            });
        }
        out
    };
    ContactOptions {
        channels: named("contact.channel", &mut CHANNELS.iter().map(|c| c.id())),
        relationships: named(
            "contact.relationship",
            &mut rules.relationships.iter().map(String::as_str),
        ),
        occupations: named(
            "contact.occupation",
            &mut rules.occupations.ids.iter().map(String::as_str),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use crate::loader::{Files, Loader};
    use serde_json::json;

    /// A small `contact.json`: four levels, every rule by channel, one escalation, the real ids
    /// (their texts come from the default catalog).
    fn small() -> serde_json::Value {
        let mut fields = serde_json::Map::new();
        for rule in rules::RULES {
            let by = if *rule == "idNumber" {
                json!({ "in_app": "counter", "kiosk": "counter", "phone": "counter", "counter": "counter" })
            } else if *rule == "mobile" {
                // The floor for a mobile change away from a counter (MOBILE_FLOOR).
                json!({ "in_app": "sms_old_new_live_face", "kiosk": "sms_old_new_live_face", "phone": "counter", "counter": "counter" })
            } else {
                json!({ "in_app": "sms_on_file", "kiosk": "sms_on_file", "phone": "session", "counter": "counter" })
            };
            fields.insert(rule.to_string(), by);
        }
        json!({ "source": "test",
            "verification": {
                "levels": [
                    { "id": "none", "steps": [] },
                    { "id": "session", "steps": ["signed_in"] },
                    { "id": "sms_on_file", "steps": ["sms_on_file"] },
                    { "id": "sms_old_new_live_face", "steps": ["sms_new_number", "live_face"] },
                    { "id": "counter", "steps": ["visit_counter", "original_id"], "inPerson": true } ],
                "fields": fields,
                "escalations": [{ "when": "old_mobile_unreachable", "fields": ["mobile"], "level": "counter" }] },
            "addresses": { "residentialAddress": { "required": ["province", "city", "district", "detail"] },
                           "mailingAddress": { "required": ["province", "city", "district", "detail", "postcode"] } },
            "postcodes": { "source": "test", "confidence": "C", "severity": "warning", "prefixes": { "11": ["10"] } },
            "relationships": ["spouse", "friend"],
            "occupations": { "source": "test", "ids": ["student", "retired"] } })
    }

    fn load(contact: serde_json::Value) -> Result<ContactRules, Error> {
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let mut files = Files::new();
        files.insert(rules::FILE.to_string(), contact);
        ContactRules::load(&Loader::new(&files), ctx.catalog())
    }

    #[test]
    fn a_small_pack_decides_the_verification() {
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let rules = load(small()).unwrap();
        let docs = crate::documents::tests::rules();
        let update = |reachable: bool| {
            decode_input(
                &json!({ "channel": "in_app", "oldMobileReachable": reachable,
                "current": { "mobile": "13812341234" }, "proposed": { "mobile": "13812345678" } }),
            )
            .unwrap()
        };
        let r = prepare(&ctx, &rules, &docs, &update(true)).unwrap();
        assert_eq!(r.verification.level, "sms_old_new_live_face");
        assert!(r.request.submittable && !r.verification.go_to_counter);
        assert_eq!(r.changes[0].before.as_deref(), Some("138****1234"));
        // The old number is out of reach: the escalation sends the customer to a counter.
        let r = prepare(&ctx, &rules, &docs, &update(false)).unwrap();
        assert_eq!(r.verification.level, "counter");
        assert!(r.verification.go_to_counter && !r.request.submittable);
        let o = options(&ctx, &rules);
        assert_eq!(o.relationships.len(), 2);
        assert_eq!(o.occupations[1].id, "retired");
    }

    #[test]
    fn a_pack_with_the_deprecated_channel_keys_still_loads_but_not_both_spellings() {
        // A bank's contact.json written before the shared vocabulary: `app`, `phone_callback`.
        let mut old = small();
        for (_, by) in old["verification"]["fields"].as_object_mut().unwrap() {
            let by = by.as_object_mut().unwrap();
            let (a, p) = (by["in_app"].clone(), by["phone"].clone());
            by.retain(|k, _| k != "in_app" && k != "phone");
            by.insert("app".into(), a);
            by.insert("phone_callback".into(), p);
        }
        let old = load(old).unwrap();
        let new = load(small()).unwrap();
        for c in CHANNELS {
            assert_eq!(old.rule_rank("email", c), new.rule_rank("email", c));
        }
        let mut both = small();
        both["verification"]["fields"]["email"]["app"] = json!("counter");
        let e = load(both).unwrap_err();
        // Keys are read in sorted order: the second of the two spellings (`in_app`) is refused.
        assert_eq!(e.path.as_deref(), Some("verification.fields.email.in_app"));
        let mut sms = small();
        sms["verification"]["fields"]["email"]["sms"] = json!("counter");
        assert!(load(sms).is_err());
    }

    #[test]
    fn every_rule_needs_a_level_for_every_channel_and_every_id_a_text() {
        let mut bad = small();
        bad["verification"]["fields"]["email"]
            .as_object_mut()
            .unwrap()
            .remove("kiosk");
        let e = load(bad).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (Some(rules::FILE), Some("verification.fields.email"))
        );
        // Issue 15 item 14: a mobile change in the app with a code to the number on file only is
        // below the floor (a code to the new number and a live face check).
        let mut bad = small();
        bad["verification"]["fields"]["mobile"]["in_app"] = json!("sms_on_file");
        let e = load(bad).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("verification.fields.mobile.in_app"));
        // …and an escalation reaching the mobile number must not drop below it either.
        let mut bad = small();
        bad["verification"]["escalations"][0]["level"] = json!("sms_old_new_live_face");
        bad["verification"]["levels"][3]["steps"] = json!(["sms_new_number", "face"]);
        let e = load(bad).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("verification.fields.mobile.in_app"));
        // Issue 15 item 15: a refer-only channel takes no change.
        let mut bad = small();
        bad["verification"]["referOnly"] = json!({ "channels": ["phone"], "source": "test" });
        let e = load(bad).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("verification.fields.mobile.phone"));
        let mut bad = small();
        bad["relationships"] = json!(["spouse", "neighbour"]);
        let e = load(bad).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("relationships"));
        assert!(e.message.contains("contact.relationship.neighbour"), "{e}");
    }
}
