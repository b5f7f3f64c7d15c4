//! The JSON Schemas of the pack's file kinds (`pkg-config/schema/`, built into this tool so that it
//! checks any folder, whatever its own `schema/` holds) and a real draft 2020-12 validator (`boon`).
//! Every problem of every file is reported, each at the path of the value concerned.

use crate::problem::{JsonPath, Seg};
use serde_json::Value;
use std::collections::BTreeMap;

macro_rules! schemas {
    ($($name:literal),+ $(,)?) => {
        /// Every schema file: name → text.
        pub static SCHEMA_FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../pkg-config/schema/", $name)))),+
        ];
    };
}

schemas!(
    "common.schema.json",
    "pack.schema.json",
    "documents.schema.json",
    "mobile.schema.json",
    "mrz.schema.json",
    "tiers.schema.json",
    "contact.schema.json",
    "callbacks.schema.json",
    "calendar-year.schema.json",
    "questionnaire-settings.schema.json",
    "questionnaire.schema.json",
    "messages.schema.json",
    "precheck-common.schema.json",
    "precheck-applicants.schema.json",
    "precheck-materials.schema.json",
    "precheck-rules.schema.json",
    "precheck-due-diligence.schema.json",
    "precheck-advice.schema.json",
    "precheck-ticket.schema.json",
    "service-errands.schema.json",
    "service-fees.schema.json",
    "tiers-elderly.schema.json",
    "lifecycle-whitelist.schema.json",
    "lifecycle-levels.schema.json",
    "lifecycle-dormant.schema.json",
);

/// The schema of a pack file, by its path in the pack (`None`: not a file of the format).
pub fn schema_name(path: &str) -> Option<String> {
    let top = match path {
        "pack.json" => Some("pack"),
        "documents.json" => Some("documents"),
        "mobile.json" => Some("mobile"),
        "mrz.json" => Some("mrz"),
        "tiers.json" => Some("tiers"),
        "contact.json" => Some("contact"),
        "callbacks.json" => Some("callbacks"),
        "questionnaire.json" => Some("questionnaire-settings"),
        _ => None,
    };
    if let Some(name) = top {
        return Some(format!("{name}.schema.json"));
    }
    let (dir, file) = path.split_once('/')?;
    let stem = file.strip_suffix(".json").filter(|s| !s.contains('/'))?;
    let name = match dir {
        "calendar" => "calendar-year".to_string(),
        "messages" => "messages".to_string(),
        "questionnaires" => "questionnaire".to_string(),
        "lifecycle" if ["whitelist", "levels", "dormant"].contains(&stem) => {
            format!("lifecycle-{stem}")
        }
        "tiers" if stem == "elderly" => "tiers-elderly".to_string(),
        "service" if ["errands", "fees"].contains(&stem) => format!("service-{stem}"),
        "precheck"
            if [
                "applicants",
                "materials",
                "rules",
                "due-diligence",
                "advice",
                "ticket",
            ]
            .contains(&stem) =>
        {
            format!("precheck-{stem}")
        }
        _ => return None,
    };
    Some(format!("{name}.schema.json"))
}

/// The `"$schema"` a pack file carries: the relative path from it to its schema in `schema/`.
pub fn schema_ref(path: &str) -> Option<String> {
    let name = schema_name(path)?;
    let up = "../".repeat(path.matches('/').count());
    Some(format!("{up}schema/{name}"))
}

const BASE: &str = "file:///frontdesk-pack/schema/";

/// The compiled schemas.
pub struct Validator {
    schemas: boon::Schemas,
    index: BTreeMap<String, boon::SchemaIndex>,
    docs: BTreeMap<String, Value>,
}

impl Validator {
    /// Compile the built-in schemas (an error here is a defect of this tool, not of a pack).
    pub fn new() -> Result<Validator, String> {
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        let mut docs = BTreeMap::new();
        for (name, text) in SCHEMA_FILES {
            let doc: Value =
                serde_json::from_str(text).map_err(|e| format!("schema {name}: {e}"))?;
            compiler
                .add_resource(&format!("{BASE}{name}"), doc.clone())
                .map_err(|e| format!("schema {name}: {e}"))?;
            docs.insert(name.to_string(), doc);
        }
        let mut schemas = boon::Schemas::new();
        let mut index = BTreeMap::new();
        for (name, _) in SCHEMA_FILES {
            if name.contains("common") {
                continue;
            }
            let i = compiler
                .compile(&format!("{BASE}{name}"), &mut schemas)
                .map_err(|e| format!("schema {name}: {e:#}"))?;
            index.insert(name.to_string(), i);
        }
        Ok(Validator {
            schemas,
            index,
            docs,
        })
    }

    /// Every problem of `value` as the pack file `path`: (path in the file, message). A file that is
    /// not part of the format is one problem.
    pub fn validate(&self, path: &str, value: &Value) -> Vec<(JsonPath, String)> {
        let Some(index) = schema_name(path).and_then(|n| self.index.get(&n)) else {
            return vec![(
                Vec::new(),
                "not a file of the rule-pack format (no schema for this path)".into(),
            )];
        };
        let mut out = Vec::new();
        if let Err(e) = self.schemas.validate(value, *index) {
            self.collect(&e, value, &mut out);
        }
        out.sort();
        out.dedup();
        out
    }

    /// The English line of the description of the schema at `url` (`…/x.schema.json#/$defs/date`).
    fn description(&self, url: &str) -> Option<&str> {
        let (doc, ptr) = url.split_once('#').unwrap_or((url, ""));
        let name = doc.rsplit('/').next()?;
        let d = self
            .docs
            .get(name)?
            .pointer(ptr)?
            .get("description")?
            .as_str()?;
        let en = d.rsplit('\n').next().unwrap_or(d);
        // The first sentence states the rule; the rest explains.
        Some(en.find(". ").map_or(en, |end| &en[..=end]))
    }

    /// The problems under `e` in `value`.
    fn collect(&self, e: &boon::ValidationError, value: &Value, out: &mut Vec<(JsonPath, String)>) {
        use boon::ErrorKind as K;
        if let K::PropertyName { prop } = &e.kind {
            let why = self
                .description(e.schema_url)
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            // boon reports a `propertyNames` failure without the object's place (the key is
            // validated as a value of its own); the object is the one holding that key, named
            // like the schema property it is checked by when several hold it.
            let named = e.schema_url.rsplit('/').next().unwrap_or("");
            let mut holders = Vec::new();
            holding(value, prop, &mut Vec::new(), &mut holders);
            let mut at = holders
                .iter()
                .find(|p| p.last() == Some(&Seg::Key(named.to_string())))
                .or(holders.first())
                .cloned()
                .unwrap_or_default();
            at.push(Seg::Key(prop.clone()));
            out.push((at, format!("key {prop:?} is not allowed here{why}")));
            return;
        }
        let at: JsonPath = e
            .instance_location
            .tokens
            .iter()
            .map(|t| match t {
                boon::InstanceToken::Prop(p) => Seg::Key(p.to_string()),
                boon::InstanceToken::Item(i) => Seg::Index(*i),
            })
            .collect();
        let with = |key: &str| {
            let mut p = at.clone();
            p.push(Seg::Key(key.to_string()));
            p
        };
        match &e.kind {
            K::AdditionalProperties { got } => {
                for k in got {
                    out.push((with(k), "unknown field".into()));
                }
            }
            K::Required { want } => {
                for k in want {
                    out.push((with(k), "missing field".into()));
                }
            }
            K::AnyOf | K::OneOf(None) => {
                let mut alternatives = Vec::new();
                for c in &e.causes {
                    let mut sub = Vec::new();
                    self.collect(c, value, &mut sub);
                    let text: Vec<String> = sub
                        .iter()
                        .map(|(p, m)| {
                            let rel = p.get(at.len()..).unwrap_or_default();
                            if rel.is_empty() {
                                m.clone()
                            } else {
                                format!("{}: {m}", crate::problem::display(rel))
                            }
                        })
                        .collect();
                    alternatives.push(text.join(", "));
                }
                out.push((
                    at,
                    format!("needs one of: {}", alternatives.join(" — or — ")),
                ));
            }
            _ if !e.causes.is_empty() => {
                for c in &e.causes {
                    self.collect(c, value, out);
                }
            }
            kind => out.push((at, self.message(kind, e.schema_url))),
        }
    }

    fn message(&self, kind: &boon::ErrorKind, url: &str) -> String {
        use boon::ErrorKind as K;
        let short = |v: &Value| {
            let s = v.to_string();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(57).collect::<String>())
            } else {
                s
            }
        };
        match kind {
            K::Type { got, want } => {
                let want: Vec<String> = want.iter().map(|t| t.to_string()).collect();
                format!("expected {}, found {got}", want.join(" or "))
            }
            K::Enum { want } => {
                let list: Vec<String> = want.iter().map(short).collect();
                format!("must be one of {}", list.join(", "))
            }
            K::Const { want } => format!("must be {}", short(want)),
            K::Minimum { got, want } => format!("must be at least {want}, found {got}"),
            K::Maximum { got, want } => format!("must be at most {want}, found {got}"),
            K::ExclusiveMinimum { got, want } => format!("must be above {want}, found {got}"),
            K::ExclusiveMaximum { got, want } => format!("must be below {want}, found {got}"),
            K::MinLength { got, want } => {
                format!("must have at least {want} characters, has {got}")
            }
            K::MaxLength { got, want } => {
                format!("must have at most {want} characters, has {got}")
            }
            K::MinItems { got, want } => format!("must have at least {want} items, has {got}"),
            K::MaxItems { got, want } => format!("must have at most {want} items, has {got}"),
            K::MinProperties { got, want } => {
                format!("must have at least {want} entries, has {got}")
            }
            K::MaxProperties { got, want } => {
                format!("must have at most {want} entries, has {got}")
            }
            K::UniqueItems { got } => format!("items {} and {} are the same", got[0], got[1]),
            K::Pattern { got, want } => {
                let value = short(&Value::from(got.as_ref()));
                match self.description(url) {
                    Some(d) => format!("{value} is not of the expected form: {d}"),
                    None => format!("{value} must match {want}"),
                }
            }
            K::Contains => match self.description(url) {
                Some(d) => format!("no item fits: {d}"),
                None => "no item fits the required form".into(),
            },
            K::Not | K::FalseSchema => "this value is not allowed here".into(),
            other => other.to_string(),
        }
    }

    /// The schema documents (for tests).
    pub fn doc(&self, name: &str) -> Option<&Value> {
        self.docs.get(name)
    }
}

/// Every path of an object in `v` that has the key `key`.
fn holding(v: &Value, key: &str, at: &mut JsonPath, out: &mut Vec<JsonPath>) {
    match v {
        Value::Object(m) => {
            if m.contains_key(key) {
                out.push(at.clone());
            }
            for (k, x) in m {
                at.push(Seg::Key(k.clone()));
                holding(x, key, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                at.push(Seg::Index(i));
                holding(x, key, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_kind_has_a_schema_and_a_relative_ref() {
        assert_eq!(
            schema_name("precheck/due-diligence.json").as_deref(),
            Some("precheck-due-diligence.schema.json")
        );
        assert_eq!(
            schema_ref("calendar/2026.json").as_deref(),
            Some("../schema/calendar-year.schema.json")
        );
        assert_eq!(
            schema_ref("pack.json").as_deref(),
            Some("schema/pack.schema.json")
        );
        assert_eq!(schema_name("precheck/other.json"), None);
        assert_eq!(schema_name("calendar/2026/x.json"), None);
        assert_eq!(schema_name("tierz.json"), None);
    }
}
