//! `contact.json` of the rule pack: the verification policy, address parts, postcode prefixes,
//! ID validity bands, relationships and occupations. Validated on load; every text the module
//! renders from these ids must exist in the message catalog.

use super::{Channel, CHANNELS, FIELDS};
use crate::error::Error;
use crate::finding::Severity;
use crate::i18n::Catalog;
use crate::jsonread::Reader;
use crate::loader::{invalid, Loader};
use serde_json::Value;
/// A small ordered map (rule-pack order), cheaper in WASM than more `BTreeMap` instantiations.
pub type Pairs<K, V> = Vec<(K, V)>;

/// The value under `key` in `pairs`.
pub fn lookup<'a, K: PartialEq + ?Sized, KK: std::borrow::Borrow<K>, V>(
    pairs: &'a [(KK, V)],
    key: &K,
) -> Option<&'a V> {
    pairs
        .iter()
        .find(|(k, _)| k.borrow() == key)
        .map(|(_, v)| v)
}

pub const FILE: &str = "contact.json";

/// The verification rule names: the contact fields, with the ID document split into a new expiry
/// date (`idExpiry`) and a new document or number (`idNumber`).
pub const RULES: &[&str] = &[
    "mobile",
    "landline",
    "email",
    "residentialAddress",
    "mailingAddress",
    "emergencyContact",
    "idExpiry",
    "idNumber",
    "occupation",
];

/// Conditions an escalation can name.
pub const CONDITIONS: &[&str] = &["old_mobile_unreachable", "holder_minor"];

/// Steps every non-counter way of changing the mobile number must include, whatever a bank's pack
/// says (issue 15 item 14): a code to the new number and a live face check. A bare ID photo is
/// never enough; a pack may add steps (be stricter), not drop these.
pub const MOBILE_FLOOR: &[&str] = &["sms_new_number", "live_face"];

/// Address parts that can be required.
pub const ADDRESS_PARTS: &[&str] = &["province", "city", "district", "detail", "postcode"];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactRules {
    pub source: String,
    pub verification: Verification,
    /// `residentialAddress` / `mailingAddress` → which parts are required.
    pub addresses: Pairs<String, AddressRule>,
    pub postcodes: Postcodes,
    /// Emergency-contact relationship ids (texts: `contact.relationship.<id>`).
    pub relationships: Vec<String>,
    pub occupations: Occupations,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verification {
    /// From the weakest to the strictest; the position is the level's rank. Texts:
    /// `contact.level.<id>`, steps `contact.step.<step>`.
    pub levels: Vec<Level>,
    /// Rule name (see `RULES`) → channel → level id.
    pub fields: Pairs<String, Pairs<Channel, String>>,
    /// Conditions that raise the level of some fields (`*` = every field).
    pub escalations: Vec<Escalation>,
    /// Channels on which nothing can be changed: every rule there names a referral level
    /// (a bank-initiated call does not authenticate who answers).
    pub refer_only: Vec<Channel>,
    pub refer_only_source: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Level {
    pub id: String,
    pub steps: Vec<String>,
    /// Done in person at a counter: a channel other than `counter` cannot complete it.
    pub in_person: bool,
    /// A referral: nothing is changed on this channel, the customer is sent to these channels.
    pub refer_to: Vec<Channel>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Escalation {
    /// One of `CONDITIONS` (reason text: `contact.why.<when>`).
    pub when: String,
    pub fields: Vec<String>,
    pub level: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AddressRule {
    pub required: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Postcodes {
    pub source: String,
    /// Confidence tag of the domain brief (`A`, `B`, `C`, `?`).
    pub confidence: String,
    /// Severity of `contact.address.postcode_province` (`warning` or `info`: the data is a hint).
    pub severity: Severity,
    /// Province code (as in `documents.json` `provinces`) → postcode prefixes (2 or 3 digits).
    pub prefixes: Pairs<String, Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Occupations {
    pub source: String,
    /// Occupation ids (texts: `contact.occupation.<id>`).
    pub ids: Vec<String>,
}

impl Default for Postcodes {
    fn default() -> Self {
        Postcodes {
            source: String::new(),
            confidence: String::new(),
            severity: Severity::Warning,
            prefixes: Vec::new(),
        }
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl ContactRules {
    /// Load `contact.json`; `messages` is the pack's catalog, so that every id this module turns
    /// into text is known to have a zh-CN and an en message.
    pub fn load(loader: &Loader, messages: &Catalog) -> Result<Self, Error> {
        let value: &Value = loader.raw(FILE)?;
        let rules = ContactRules::decode(value)?;
        rules.check(messages)?;
        Ok(rules)
    }

    /// Read the file's JSON with the shared reader (unknown fields refused, errors naming the field).
    #[inline(never)]
    fn decode(value: &Value) -> Result<Self, Error> {
        Reader::read(Some(FILE), value, |root| {
            root.fields(
                &[
                    "source",
                    "verification",
                    "addresses",
                    "postcodes",
                    "relationships",
                    "occupations",
                ],
                &[],
            );
            let mut r = ContactRules {
                source: root.str("source"),
                ..ContactRules::default()
            };
            let v = root.obj("verification");
            v.fields(&["levels", "fields", "escalations"], &["referOnly"]);
            r.verification.levels = v.list("levels", |o| {
                o.only(&["id", "steps", "inPerson", "referTo"]);
                o.require(&["id", "steps"]);
                let mut refer_to = Vec::new();
                for c in o.strings("referTo") {
                    match Channel::parse_in(&c, &CHANNELS) {
                        Some(c) if c != Channel::Phone => refer_to.push(c),
                        _ => o.fail("referTo", "in_app, kiosk or counter"),
                    }
                }
                Level {
                    id: o.str("id"),
                    steps: o.strings("steps"),
                    in_person: o.bool("inPerson"),
                    refer_to,
                }
            });
            if let Some(ro) = v.opt_obj("referOnly") {
                ro.fields(&["channels", "source"], &[]);
                for c in ro.strings("channels") {
                    match Channel::parse_in(&c, &CHANNELS) {
                        Some(c) => r.verification.refer_only.push(c),
                        None => ro.fail("channels", "a channel id"),
                    }
                }
                r.verification.refer_only_source = ro.str("source");
            }
            for (rule, by) in v.obj("fields").entries() {
                let mut by_channel = Vec::new();
                for ch in by.keys() {
                    // A canonical spelling or a deprecated one (`app`, `phone_callback`), once.
                    match (Channel::parse_in(ch, &CHANNELS), by.opt_str(ch)) {
                        (Some(c), _) if by_channel.iter().any(|(d, _)| *d == c) => by.fail(
                            ch,
                            "one level per channel (app is in_app, phone_callback is phone)",
                        ),
                        (Some(c), Some(level)) => by_channel.push((c, level)),
                        _ => by.fail(
                            ch,
                            "a channel (in_app, kiosk, counter, phone) and a level id",
                        ),
                    }
                }
                r.verification.fields.push((rule.to_string(), by_channel));
            }
            r.verification.escalations = v.list("escalations", |o| {
                o.fields(&["when", "fields", "level"], &[]);
                Escalation {
                    when: o.str("when"),
                    fields: o.strings("fields"),
                    level: o.str("level"),
                }
            });
            for (field, o) in root.obj("addresses").entries() {
                o.fields(&["required"], &[]);
                r.addresses.push((
                    field.to_string(),
                    AddressRule {
                        required: o.strings("required"),
                    },
                ));
            }
            let po = root.obj("postcodes");
            po.fields(&["source", "confidence", "severity", "prefixes"], &[]);
            const SEVERITIES: &[(&str, Severity)] = &[
                ("info", Severity::Info),
                ("warning", Severity::Warning),
                ("error", Severity::Error),
            ];
            r.postcodes.severity = po.pick("severity", SEVERITIES);
            let pp = po.obj("prefixes");
            for code in pp.keys() {
                r.postcodes
                    .prefixes
                    .push((code.to_string(), pp.strings(code)));
            }
            r.postcodes.source = po.str("source");
            r.postcodes.confidence = po.str("confidence");
            r.relationships = root.strings("relationships");
            let oo = root.obj("occupations");
            oo.fields(&["source", "ids"], &[]);
            r.occupations.source = oo.str("source");
            r.occupations.ids = oo.strings("ids");
            r
        })
    }

    #[inline(never)]
    /// The verification levels and rules, the address rules, the postcode table and the id
    /// lists; every id that becomes text needs a message in the catalog.
    fn check(&self, messages: &Catalog) -> Result<(), Error> {
        // Every id turned into text needs a message: (code prefix, id, section), checked at the end.
        let mut texts: Vec<(&str, &str, &str)> = Vec::new();
        self.check_verification(&mut texts)?;
        self.check_addresses()?;
        self.check_postcodes()?;
        self.check_lists(&mut texts)?;
        for f in FIELDS {
            texts.push(("contact.field", f, ""));
        }
        for c in CHANNELS {
            texts.push(("contact.channel", c.id(), ""));
        }
        for (prefix, id, section) in texts {
            let code = format!("{prefix}.{id}");
            if !messages.contains(&code) {
                return Err(invalid(
                    FILE,
                    section,
                    format!("no message {code} in messages/ for this id"),
                ));
            }
        }
        Ok(())
    }

    /// Levels (the first without steps), a known level for every rule and channel, escalations.
    fn check_verification<'a>(
        &'a self,
        texts: &mut Vec<(&str, &'a str, &str)>,
    ) -> Result<(), Error> {
        let bad = |path: &str, msg: &str| Err(invalid(FILE, path, msg));
        let v = &self.verification;
        if v.levels.is_empty()
            || v.levels.len() > 16
            || v.levels.first().is_some_and(|l| !l.steps.is_empty())
        {
            return bad(
                "verification.levels",
                "1 to 16 levels, the first (no change) without steps",
            );
        }
        for (i, level) in v.levels.iter().enumerate() {
            if !is_id(&level.id)
                || v.levels[..i].iter().any(|l| l.id == level.id)
                || !level.steps.iter().all(|s| is_id(s))
            {
                return bad(&format!("verification.levels[{i}]"), "unique lowercase ids");
            }
            texts.push(("contact.level", &level.id, "verification.levels"));
            for s in &level.steps {
                texts.push(("contact.step", s, "verification.levels"));
            }
        }
        let known_level = |id: &str| v.levels.iter().any(|l| l.id == id);
        for rule in RULES {
            let complete = lookup(&v.fields, *rule).is_some_and(|m| {
                CHANNELS
                    .iter()
                    .all(|c| lookup(m, c).is_some_and(|l| known_level(l)))
            });
            if !complete {
                return bad(
                    &format!("verification.fields.{rule}"),
                    "a known level for each of in_app, kiosk, counter, phone",
                );
            }
        }
        // Refer-only channels: every rule names a referral level there.
        for rule in RULES {
            for c in &v.refer_only {
                let level = lookup(&v.fields, *rule)
                    .and_then(|m| lookup(m, c))
                    .and_then(|id| v.levels.iter().find(|l| &l.id == id));
                if level.is_some_and(|l| l.refer_to.is_empty()) {
                    return bad(
                        &format!("verification.fields.{rule}.{}", c.id()),
                        "a referral level (referTo): nothing can be changed on this channel",
                    );
                }
            }
        }
        // The mobile floor: every level that can change the number away from a counter, and every
        // escalation that applies to it, includes a code to the new number and a live face check.
        let below_floor = |id: &str| {
            v.levels.iter().find(|l| l.id == id).is_some_and(|l| {
                !l.in_person
                    && l.refer_to.is_empty()
                    && !MOBILE_FLOOR.iter().all(|s| l.steps.iter().any(|x| x == s))
            })
        };
        if let Some(m) = lookup(&v.fields, "mobile") {
            for (c, id) in m {
                if *c != Channel::Counter && below_floor(id) {
                    return bad(
                        &format!("verification.fields.mobile.{}", c.id()),
                        "a mobile change away from a counter needs sms_new_number and live_face",
                    );
                }
            }
        }
        // An escalation reaching a mobile change replaces its level when it ranks above it.
        let rank = |id: &str| v.levels.iter().position(|l| l.id == id).unwrap_or(0);
        let lowest_mobile = lookup(&v.fields, "mobile")
            .and_then(|m| {
                m.iter()
                    .filter(|(c, _)| *c != Channel::Counter)
                    .map(|(_, id)| rank(id))
                    .min()
            })
            .unwrap_or(0);
        for (i, e) in v.escalations.iter().enumerate() {
            let reaches = e.fields.iter().any(|f| f == "*" || f == "mobile")
                && rank(&e.level) > lowest_mobile;
            if reaches && below_floor(&e.level) {
                return bad(
                    &format!("verification.escalations[{i}].level"),
                    "a mobile change away from a counter needs sms_new_number and live_face",
                );
            }
        }
        if let Some((extra, _)) = v.fields.iter().find(|(k, _)| !RULES.contains(&k.as_str())) {
            return bad(
                &format!("verification.fields.{extra}"),
                "not a contact field rule",
            );
        }
        for (i, e) in v.escalations.iter().enumerate() {
            let ok = CONDITIONS.contains(&e.when.as_str())
                && known_level(&e.level)
                && !e.fields.is_empty()
                && e.fields
                    .iter()
                    .all(|f| f == "*" || RULES.contains(&f.as_str()));
            if !ok {
                return bad(
                    &format!("verification.escalations[{i}]"),
                    "a known condition, level and rule names (or *)",
                );
            }
            texts.push(("contact.why", &e.when, "verification.escalations"));
        }
        Ok(())
    }

    fn check_addresses(&self) -> Result<(), Error> {
        let bad = |path: &str, msg: &str| Err(invalid(FILE, path, msg));
        for (field, rule) in &self.addresses {
            if !matches!(field.as_str(), "residentialAddress" | "mailingAddress")
                || !rule
                    .required
                    .iter()
                    .all(|p| ADDRESS_PARTS.contains(&p.as_str()))
            {
                return bad(
                    &format!("addresses.{field}"),
                    "residentialAddress or mailingAddress with known parts",
                );
            }
        }
        Ok(())
    }

    /// Postcode prefixes by province: community data, so at most a warning.
    fn check_postcodes(&self) -> Result<(), Error> {
        let bad = |path: &str, msg: &str| Err(invalid(FILE, path, msg));
        let pc = &self.postcodes;
        if !matches!(pc.confidence.as_str(), "A" | "B" | "C" | "?") {
            return bad("postcodes.confidence", "A, B, C or ?");
        }
        if pc.severity == Severity::Error {
            return bad(
                "postcodes.severity",
                "community data: warning or info, not error",
            );
        }
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        for (code, prefixes) in &pc.prefixes {
            if code.len() != 2
                || !digits(code)
                || prefixes.is_empty()
                || !prefixes
                    .iter()
                    .all(|p| (2..=3).contains(&p.len()) && digits(p))
            {
                return bad(
                    &format!("postcodes.prefixes.{code}"),
                    "a two-digit province code with prefixes of 2 or 3 digits",
                );
            }
        }
        Ok(())
    }

    /// Relationships and occupations: 1 to 64 unique lowercase ids.
    fn check_lists<'a>(&'a self, texts: &mut Vec<(&str, &'a str, &str)>) -> Result<(), Error> {
        let bad = |path: &str, msg: &str| Err(invalid(FILE, path, msg));
        for (list, name, prefix) in [
            (&self.relationships, "relationships", "contact.relationship"),
            (
                &self.occupations.ids,
                "occupations.ids",
                "contact.occupation",
            ),
        ] {
            if list.is_empty() || list.len() > 64 {
                return bad(name, "1 to 64 ids");
            }
            for (i, id) in list.iter().enumerate() {
                if !is_id(id) || list[..i].contains(id) {
                    return bad(&format!("{name}[{i}]"), "a unique lowercase id");
                }
                texts.push((prefix, id, name));
            }
        }
        Ok(())
    }

    pub fn level_rank(&self, id: &str) -> usize {
        self.verification
            .levels
            .iter()
            .position(|l| l.id == id)
            .unwrap_or(0)
    }

    pub fn level(&self, rank: usize) -> Option<&Level> {
        self.verification.levels.get(rank)
    }

    /// The level `rule` needs on `channel` (rank), before escalations.
    pub fn rule_rank(&self, rule: &str, channel: Channel) -> usize {
        lookup(&self.verification.fields, rule)
            .and_then(|m| lookup(m, &channel))
            .map(|id| self.level_rank(id))
            .unwrap_or(self.verification.levels.len().saturating_sub(1))
    }
}
