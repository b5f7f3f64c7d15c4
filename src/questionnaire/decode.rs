//! Reading a definition out of JSON with the shared reader (`crate::jsonread`): unknown fields
//! refused, and the field path of the first problem (`pages[0].questions[2].type`) for the linter's
//! `questionnaire.lint.schema` finding.

use super::{
    Audience, Choice, Definition, Due, FollowUpAction, FollowUpRule, Page, PrefillMap, Priority,
    Question, QuestionType, Validator, ValidatorKind,
};
use crate::i18n::Text;
use crate::jsonread::{Obj, Reader};
use serde_json::Value;

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
    ("second_contact", FollowUpAction::SecondContact),
    ("retry_callback", FollowUpAction::RetryCallback),
    ("service_request", FollowUpAction::ServiceRequest),
    ("due_diligence", FollowUpAction::DueDiligence),
    ("business_info_change", FollowUpAction::BusinessInfoChange),
    ("account_closure", FollowUpAction::AccountClosure),
    ("wake_up", FollowUpAction::WakeUp),
    ("level_review", FollowUpAction::LevelReview),
    ("contact_check", FollowUpAction::ContactCheck),
];

/// A follow-up action by its JSON name.
pub(super) fn action(name: &str) -> Option<FollowUpAction> {
    ACTIONS.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

const AUDIENCES: &[(&str, Audience)] = &[
    ("personal", Audience::Personal),
    ("business", Audience::Business),
    ("any", Audience::Any),
];
const PRIORITIES: &[(&str, Priority)] = &[
    ("urgent", Priority::Urgent),
    ("high", Priority::High),
    ("normal", Priority::Normal),
];

/// An optional `{ "zh-CN", "en" }` text.
fn opt_text(o: &Obj, key: &str) -> Option<Text> {
    o.opt_obj(key).map(|t| t.as_text())
}

fn validator(o: &Obj) -> Validator {
    o.only(&["type", "min", "max", "pattern", "document", "message"]);
    o.require(&["type"]);
    Validator {
        kind: o.pick("type", VALIDATORS),
        min: o.opt_i64("min"),
        max: o.opt_i64("max"),
        pattern: o.opt_str("pattern"),
        document: o.opt_str("document"),
        message: opt_text(o, "message"),
    }
}

fn question(o: &Obj) -> Question {
    o.only(&[
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
    ]);
    o.require(&["id", "type", "text"]);
    Question {
        id: o.str("id"),
        kind: o.pick("type", TYPES),
        text: o.text("text"),
        help: opt_text(o, "help"),
        options: o.list("options", |c| {
            c.fields(&["value", "text"], &[]);
            Choice {
                value: c.str("value"),
                text: c.text("text"),
            }
        }),
        required: o.bool("required"),
        visible_if: o.opt_str("visibleIf"),
        required_if: o.opt_str("requiredIf"),
        validators: o.list("validators", validator),
        sms: opt_text(o, "sms"),
    }
}

fn page(o: &Obj) -> Page {
    o.only(&["id", "title", "visibleIf", "questions"]);
    o.require(&["id", "title", "questions"]);
    Page {
        id: o.str("id"),
        title: o.text("title"),
        visible_if: o.opt_str("visibleIf"),
        questions: o.list("questions", question),
    }
}

fn follow_up(o: &Obj) -> FollowUpRule {
    o.only(&[
        "id",
        "when",
        "action",
        "priority",
        "title",
        "guidance",
        "showNow",
        "prefill",
        "department",
        "due",
        "focus",
    ]);
    o.require(&["id", "when", "action", "priority", "title"]);
    FollowUpRule {
        id: o.str("id"),
        when: o.str("when"),
        action: o.pick("action", ACTIONS),
        priority: o.pick("priority", PRIORITIES),
        title: o.text("title"),
        guidance: opt_text(o, "guidance"),
        show_now: o.bool("showNow"),
        department: o.opt_str("department"),
        due: o.opt_obj("due").map(|d| Due::read(&d)),
        focus: o.opt_str("focus"),
        prefill: o.opt_obj("prefill").map(|p| {
            p.only(&["mobile", "email", "residentialAddress"]);
            PrefillMap {
                mobile: p.opt_str("mobile"),
                email: p.opt_str("email"),
                residential_address: p.opt_str("residentialAddress"),
            }
        }),
    }
}

/// A definition, or the path of the first field that is missing, unknown or of the wrong kind.
pub fn definition(v: &Value) -> Result<Definition, String> {
    Reader::read(None, v, |o| {
        o.only(&[
            "$schema",
            "id",
            "version",
            "title",
            "intro",
            "source",
            "smsIntro",
            "pages",
            "followUps",
            "audience",
        ]);
        o.require(&["id", "version", "title", "source", "pages"]);
        Definition {
            schema: o.opt_str("$schema"),
            audience: o.opt_pick("audience", AUDIENCES),
            id: o.str("id"),
            version: o.str("version"),
            title: o.text("title"),
            intro: opt_text(o, "intro"),
            source: o.str("source"),
            sms_intro: opt_text(o, "smsIntro"),
            pages: o.list("pages", page),
            follow_ups: o.list("followUps", follow_up),
        }
    })
    .map_err(|e| e.path.clone().unwrap_or_default())
}
