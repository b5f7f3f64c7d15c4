//! Reading a definition out of JSON by hand, with the field path of the first problem
//! (`pages[0].questions[2].type`). Same rules as `#[serde(deny_unknown_fields)]` decoding, without
//! a path-tracking serde instantiation per type (which cost ≈ 40 KB of WASM code).

use super::{
    Choice, Definition, FollowUpAction, FollowUpRule, Page, PrefillMap, Priority, Question,
    QuestionType, Validator, ValidatorKind,
};
use crate::i18n::Text;
use serde_json::{Map, Value};

/// The path of the first problem.
pub type Res<T> = Result<T, String>;

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
}

fn obj<'a>(v: &'a Value, path: &'a str, allowed: &[&str]) -> Res<Obj<'a>> {
    let map = v.as_object().ok_or_else(|| path.to_string())?;
    if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(join(path, k));
    }
    Ok(Obj { map, path })
}

impl<'a> Obj<'a> {
    fn at(&self, k: &str) -> String {
        join(self.path, k)
    }
    fn get(&self, k: &str) -> Option<&'a Value> {
        self.map.get(k).filter(|v| !v.is_null())
    }
    fn string(&self, k: &str) -> Res<String> {
        self.opt_string(k)?.ok_or_else(|| self.at(k))
    }
    fn opt_string(&self, k: &str) -> Res<Option<String>> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.at(k)),
        }
    }
    fn text(&self, k: &str) -> Res<Text> {
        self.opt_text(k)?.ok_or_else(|| self.at(k))
    }
    fn opt_text(&self, k: &str) -> Res<Option<Text>> {
        let Some(v) = self.get(k) else {
            return Ok(None);
        };
        let p = self.at(k);
        let o = obj(v, &p, &["zh-CN", "en"])?;
        Ok(Some(Text {
            zh_cn: o.string("zh-CN")?,
            en: o.string("en")?,
        }))
    }
    fn flag(&self, k: &str) -> Res<bool> {
        match self.get(k) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.at(k)),
        }
    }
    fn int(&self, k: &str) -> Res<Option<i64>> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or_else(|| self.at(k)),
        }
    }
    fn list(&self, k: &str, required: bool) -> Res<&'a [Value]> {
        match self.get(k) {
            None if !required => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            _ => Err(self.at(k)),
        }
    }
    fn pick<T: Copy>(&self, k: &str, table: &[(&str, T)]) -> Res<T> {
        let s = self.string(k)?;
        table
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, t)| *t)
            .ok_or_else(|| self.at(k))
    }
}

fn each<T>(items: &[Value], path: &str, f: impl Fn(&Value, &str) -> Res<T>) -> Res<Vec<T>> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| f(v, &format!("{path}[{i}]")))
        .collect()
}

const TYPES: &[(&str, QuestionType)] = &[
    ("single_choice", QuestionType::SingleChoice),
    ("multiple_choice", QuestionType::MultipleChoice),
    ("yes_no", QuestionType::YesNo),
    ("text", QuestionType::Text),
    ("mobile", QuestionType::Mobile),
    ("email", QuestionType::Email),
    ("address", QuestionType::Address),
    ("date", QuestionType::Date),
    ("rating", QuestionType::Rating),
    ("notice", QuestionType::Notice),
];
const VALIDATORS: &[(&str, ValidatorKind)] = &[
    ("required", ValidatorKind::Required),
    ("length", ValidatorKind::Length),
    ("pattern", ValidatorKind::Pattern),
    ("range", ValidatorKind::Range),
    ("document", ValidatorKind::Document),
];
const ACTIONS: &[(&str, FollowUpAction)] = &[
    ("fraud_report", FollowUpAction::FraudReport),
    ("contact_update", FollowUpAction::ContactUpdate),
    ("id_update", FollowUpAction::IdUpdate),
    ("complaint", FollowUpAction::Complaint),
    ("product_offer", FollowUpAction::ProductOffer),
];
const PRIORITIES: &[(&str, Priority)] = &[
    ("urgent", Priority::Urgent),
    ("high", Priority::High),
    ("normal", Priority::Normal),
];

fn validator(v: &Value, path: &str) -> Res<Validator> {
    let o = obj(
        v,
        path,
        &["type", "min", "max", "pattern", "document", "message"],
    )?;
    Ok(Validator {
        kind: o.pick("type", VALIDATORS)?,
        min: o.int("min")?,
        max: o.int("max")?,
        pattern: o.opt_string("pattern")?,
        document: o.opt_string("document")?,
        message: o.opt_text("message")?,
    })
}

fn question(v: &Value, path: &str) -> Res<Question> {
    let o = obj(
        v,
        path,
        &[
            "id",
            "type",
            "text",
            "help",
            "options",
            "required",
            "visibleIf",
            "requiredIf",
            "validators",
            "sms",
        ],
    )?;
    let options = each(o.list("options", false)?, &o.at("options"), |v, p| {
        let c = obj(v, p, &["value", "text"])?;
        Ok(Choice {
            value: c.string("value")?,
            text: c.text("text")?,
        })
    })?;
    Ok(Question {
        id: o.string("id")?,
        kind: o.pick("type", TYPES)?,
        text: o.text("text")?,
        help: o.opt_text("help")?,
        options,
        required: o.flag("required")?,
        visible_if: o.opt_string("visibleIf")?,
        required_if: o.opt_string("requiredIf")?,
        validators: each(o.list("validators", false)?, &o.at("validators"), validator)?,
        sms: o.opt_text("sms")?,
    })
}

fn page(v: &Value, path: &str) -> Res<Page> {
    let o = obj(v, path, &["id", "title", "visibleIf", "questions"])?;
    Ok(Page {
        id: o.string("id")?,
        title: o.text("title")?,
        visible_if: o.opt_string("visibleIf")?,
        questions: each(o.list("questions", true)?, &o.at("questions"), question)?,
    })
}

fn follow_up(v: &Value, path: &str) -> Res<FollowUpRule> {
    let o = obj(
        v,
        path,
        &[
            "id", "when", "action", "priority", "title", "guidance", "showNow", "prefill",
        ],
    )?;
    let prefill = match o.get("prefill") {
        None => None,
        Some(p) => {
            let pp = o.at("prefill");
            let po = obj(p, &pp, &["mobile", "email", "residentialAddress"])?;
            Some(PrefillMap {
                mobile: po.opt_string("mobile")?,
                email: po.opt_string("email")?,
                residential_address: po.opt_string("residentialAddress")?,
            })
        }
    };
    Ok(FollowUpRule {
        id: o.string("id")?,
        when: o.string("when")?,
        action: o.pick("action", ACTIONS)?,
        priority: o.pick("priority", PRIORITIES)?,
        title: o.text("title")?,
        guidance: o.opt_text("guidance")?,
        show_now: o.flag("showNow")?,
        prefill,
    })
}

/// A definition, or the path of the first field that is missing, unknown or of the wrong kind.
pub fn definition(v: &Value) -> Res<Definition> {
    let o = obj(
        v,
        "",
        &[
            "$schema",
            "id",
            "version",
            "title",
            "intro",
            "source",
            "smsIntro",
            "pages",
            "followUps",
        ],
    )?;
    Ok(Definition {
        schema: o.opt_string("$schema")?,
        id: o.string("id")?,
        version: o.string("version")?,
        title: o.text("title")?,
        intro: o.opt_text("intro")?,
        source: o.string("source")?,
        sms_intro: o.opt_text("smsIntro")?,
        pages: each(o.list("pages", true)?, "pages", page)?,
        follow_ups: each(o.list("followUps", false)?, "followUps", follow_up)?,
    })
}
