//! `contact.json` of the rule pack: the verification policy, address parts, postcode prefixes,
//! ID validity bands, relationships and occupations. Validated on load; every text the module
//! renders from these ids must exist in the message catalog.

use super::{Channel, FIELDS};
use crate::error::Error;
use crate::finding::Severity;
use crate::i18n::Catalog;
use crate::rulepack::{invalid, Loader};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const FILE: &str = "contact.json";

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

/// Address parts that can be required.
pub const ADDRESS_PARTS: &[&str] = &["province", "city", "district", "detail", "postcode"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactRules {
    pub source: String,
    pub verification: Verification,
    /// `residentialAddress` / `mailingAddress` → which parts are required.
    pub addresses: BTreeMap<String, AddressRule>,
    pub postcodes: Postcodes,
    /// Emergency-contact relationship ids (texts: `contact.relationship.<id>`).
    pub relationships: Vec<String>,
    pub occupations: Occupations,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Verification {
    /// From the weakest to the strictest; the position is the level's rank. Texts:
    /// `contact.level.<id>`, steps `contact.step.<step>`.
    pub levels: Vec<Level>,
    /// Rule name (see `RULES`) → channel → level id.
    pub fields: BTreeMap<String, BTreeMap<Channel, String>>,
    /// Conditions that raise the level of some fields (`*` = every field).
    pub escalations: Vec<Escalation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Level {
    pub id: String,
    pub steps: Vec<String>,
    /// Done in person at a counter: a channel other than `counter` cannot complete it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_person: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Escalation {
    /// One of `CONDITIONS` (reason text: `contact.why.<when>`).
    pub when: String,
    pub fields: Vec<String>,
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddressRule {
    pub required: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Postcodes {
    pub source: String,
    /// Confidence tag of the domain brief (`A`, `B`, `C`, `?`).
    pub confidence: String,
    /// Severity of `contact.address.postcode_province` (`warning` or `info`: the data is a hint).
    pub severity: Severity,
    /// Province code (as in `documents.json` `provinces`) → postcode prefixes (2 or 3 digits).
    pub prefixes: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Occupations {
    pub source: String,
    /// Occupation ids (texts: `contact.occupation.<id>`).
    pub ids: Vec<String>,
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 40 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl ContactRules {
    /// Load `contact.json`; `messages` is the pack's catalog, so that every id this module turns
    /// into text is known to have a zh-CN and an en message.
    pub fn load(loader: &mut Loader, messages: &Catalog) -> Result<Self, Error> {
        let rules: ContactRules = loader.section(FILE)?;
        rules.check(messages)?;
        Ok(rules)
    }

    fn check(&self, messages: &Catalog) -> Result<(), Error> {
        let need = |code: String, path: String| -> Result<(), Error> {
            if messages.contains(&code) {
                Ok(())
            } else {
                Err(invalid(FILE, path, format!("no message {code} in messages/")))
            }
        };
        let v = &self.verification;
        if v.levels.is_empty() || v.levels.len() > 16 {
            return Err(invalid(FILE, "verification.levels", "1 to 16 levels"));
        }
        for (i, level) in v.levels.iter().enumerate() {
            let path = format!("verification.levels[{i}]");
            if !is_id(&level.id) || v.levels[..i].iter().any(|l| l.id == level.id) {
                return Err(invalid(FILE, format!("{path}.id"), "a unique lowercase id"));
            }
            need(format!("contact.level.{}", level.id), format!("{path}.id"))?;
            for (j, step) in level.steps.iter().enumerate() {
                if !is_id(step) {
                    return Err(invalid(FILE, format!("{path}.steps[{j}]"), "a lowercase id"));
                }
                need(format!("contact.step.{step}"), format!("{path}.steps[{j}]"))?;
            }
        }
        if v.levels.first().is_some_and(|l| !l.steps.is_empty()) {
            return Err(invalid(FILE, "verification.levels[0]", "the weakest level (for no change) has no steps"));
        }
        let known_level = |id: &str| v.levels.iter().any(|l| l.id == id);
        for rule in RULES {
            let Some(by_channel) = v.fields.get(*rule) else {
                return Err(invalid(FILE, format!("verification.fields.{rule}"), "missing rule"));
            };
            for ch in Channel::ALL {
                match by_channel.get(&ch) {
                    Some(level) if known_level(level) => {}
                    Some(_) => {
                        return Err(invalid(FILE, format!("verification.fields.{rule}.{}", ch.id()), "unknown level"));
                    }
                    None => {
                        return Err(invalid(FILE, format!("verification.fields.{rule}.{}", ch.id()), "missing channel"));
                    }
                }
            }
            need(format!("contact.why.{rule}"), format!("verification.fields.{rule}"))?;
        }
        if let Some(extra) = v.fields.keys().find(|k| !RULES.contains(&k.as_str())) {
            return Err(invalid(FILE, format!("verification.fields.{extra}"), "not a contact field rule"));
        }
        for (i, e) in v.escalations.iter().enumerate() {
            let path = format!("verification.escalations[{i}]");
            if !CONDITIONS.contains(&e.when.as_str()) {
                return Err(invalid(FILE, format!("{path}.when"), "unknown condition"));
            }
            need(format!("contact.why.{}", e.when), format!("{path}.when"))?;
            if !known_level(&e.level) {
                return Err(invalid(FILE, format!("{path}.level"), "unknown level"));
            }
            if e.fields.is_empty() || e.fields.iter().any(|f| f != "*" && !RULES.contains(&f.as_str())) {
                return Err(invalid(FILE, format!("{path}.fields"), "rule names or *"));
            }
        }
        for (field, rule) in &self.addresses {
            if field != "residentialAddress" && field != "mailingAddress" {
                return Err(invalid(FILE, format!("addresses.{field}"), "residentialAddress or mailingAddress"));
            }
            if let Some(p) = rule.required.iter().find(|p| !ADDRESS_PARTS.contains(&p.as_str())) {
                return Err(invalid(FILE, format!("addresses.{field}.required"), format!("unknown part {p}")));
            }
        }
        let pc = &self.postcodes;
        if !matches!(pc.confidence.as_str(), "A" | "B" | "C" | "?") {
            return Err(invalid(FILE, "postcodes.confidence", "A, B, C or ?"));
        }
        if pc.severity == Severity::Error {
            return Err(invalid(FILE, "postcodes.severity", "community data: warning or info, not error"));
        }
        for (code, prefixes) in &pc.prefixes {
            let path = format!("postcodes.prefixes.{code}");
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(FILE, path, "a two-digit province code"));
            }
            if prefixes.is_empty()
                || prefixes.iter().any(|p| !(2..=3).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(invalid(FILE, path, "prefixes of 2 or 3 digits"));
            }
        }
        for (list, name, prefix) in [
            (&self.relationships, "relationships", "contact.relationship"),
            (&self.occupations.ids, "occupations.ids", "contact.occupation"),
        ] {
            if list.is_empty() || list.len() > 64 {
                return Err(invalid(FILE, name, "1 to 64 ids"));
            }
            for (i, id) in list.iter().enumerate() {
                if !is_id(id) || list[..i].contains(id) {
                    return Err(invalid(FILE, format!("{name}[{i}]"), "a unique lowercase id"));
                }
                need(format!("{prefix}.{id}"), format!("{name}[{i}]"))?;
            }
        }
        for f in FIELDS {
            need(format!("contact.field.{f}"), "fields".into())?;
        }
        for ch in Channel::ALL {
            need(format!("contact.channel.{}", ch.id()), "channels".into())?;
        }
        Ok(())
    }

    pub fn level_rank(&self, id: &str) -> usize {
        self.verification.levels.iter().position(|l| l.id == id).unwrap_or(0)
    }

    pub fn level(&self, rank: usize) -> Option<&Level> {
        self.verification.levels.get(rank)
    }

    /// The level `rule` needs on `channel` (rank), before escalations.
    pub fn rule_rank(&self, rule: &str, channel: Channel) -> usize {
        self.verification
            .fields
            .get(rule)
            .and_then(|m| m.get(&channel))
            .map(|id| self.level_rank(id))
            .unwrap_or(self.verification.levels.len().saturating_sub(1))
    }
}
