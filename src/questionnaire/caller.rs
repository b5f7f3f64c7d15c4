//! The phone identity check (issue 15 item 10): on the `phone` channel a built-in first page asks
//! the agent whether the person who answered gave the name and the last four ID characters on file
//! (the agent never reads them out first, never asks for codes, passwords or full numbers). Until
//! the answer is yes, the placeholders the pack withholds (number on file, account, transaction)
//! render as 【核实身份后显示】 and an intro that reads them gives way to a neutral one; "no" hides
//! every later page and produces the follow-up `caller_not_verified` (call again later, or ask the
//! customer to ring the number on the back of their card).
//!
//! Built as a variant of the definition (one more page, every page and follow-up conditioned on
//! the check) and compiled by the same linter, so the engine, the script and the records need no
//! special case. Source: bank security practice [C]; the seed's phone method "在电话接通后，首先表明
//! 身份". The seed's own sample script reads the number on file to whoever answers; this rule is
//! stricter, as the bank's policy.

use super::{Definition, FollowUpAction, FollowUpRule, Page, Priority, Question, QuestionType};
use crate::i18n::{Catalog, Locale, Text};
use crate::jsonout::WriteJson;

/// `questionnaire.json` `phoneIdentityCheck`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct PhoneIdentityCheck {
    pub required: bool,
    /// The built-in question's id (`caller_verified`); a definition may not use it.
    pub question_id: String,
    /// Context placeholders shown only after the check (`mobileOnFile`, `accountRef`, …).
    pub withhold_placeholders: Vec<String>,
    /// How the agent names the bank in the opening line (`{bank}`).
    pub bank_name: Text,
    pub source: String,
    pub confidence: String,
}

/// The texts of the built-in page, from the pack's messages.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckTexts {
    pub page_title: Text,
    /// What the agent says first (with the bank's name).
    pub opening: Text,
    /// The agent's own question: do name and ID tail match?
    pub question: Text,
    pub not_verified_title: Text,
    pub not_verified: Text,
    pub withheld: Text,
}

/// Message codes of the built-in page.
pub const CODES: [&str; 6] = [
    "questionnaire.phone.page_title",
    "questionnaire.phone.caller_check",
    "questionnaire.phone.caller_verified",
    "questionnaire.phone.not_verified_title",
    "questionnaire.phone.not_verified",
    "questionnaire.placeholder.withheld",
];

/// The follow-up id of a failed check.
pub const NOT_VERIFIED: &str = "caller_not_verified";

impl CheckTexts {
    /// From the catalog; the first missing code when the pack's messages lack one.
    pub fn from_catalog(
        catalog: &Catalog,
        check: &PhoneIdentityCheck,
    ) -> Result<CheckTexts, &'static str> {
        let text = |code: &'static str| -> Result<Text, &'static str> {
            let zh = catalog.get(code, Locale::ZhCn).ok_or(code)?;
            let en = catalog.get(code, Locale::En).ok_or(code)?;
            Ok(Text {
                zh_cn: zh.to_string(),
                en: en.to_string(),
            })
        };
        let raw = text(CODES[1])?;
        let fill = |loc: Locale| {
            let mut p = crate::finding::Params::new();
            p.insert("bank".into(), check.bank_name.get(loc).into());
            crate::i18n::fill(raw.get(loc), &p)
        };
        let opening = Text {
            zh_cn: fill(Locale::ZhCn),
            en: fill(Locale::En),
        };
        Ok(CheckTexts {
            page_title: text(CODES[0])?,
            opening,
            question: text(CODES[2])?,
            not_verified_title: text(CODES[3])?,
            not_verified: text(CODES[4])?,
            withheld: text(CODES[5])?,
        })
    }
}

/// `(cond)` guarded by the check: `q == true and (cond)`.
fn guarded(q: &str, cond: Option<&str>) -> String {
    match cond {
        Some(c) => format!("{q} == true and ({c})"),
        None => format!("{q} == true"),
    }
}

/// The definition as the phone channel runs it: the check page first, every page and follow-up
/// after it only once the check is passed, and the `caller_not_verified` follow-up first.
pub fn phone_variant(def: &Definition, check: &PhoneIdentityCheck, t: &CheckTexts) -> Definition {
    let q = check.question_id.as_str();
    let mut d = def.clone();
    for p in &mut d.pages {
        p.visible_if = Some(guarded(q, p.visible_if.as_deref()));
    }
    for f in &mut d.follow_ups {
        f.when = guarded(q, Some(&f.when));
    }
    d.pages.insert(
        0,
        Page {
            id: check.question_id.clone(),
            title: t.page_title.clone(),
            visible_if: None,
            questions: vec![Question {
                id: check.question_id.clone(),
                kind: QuestionType::YesNo,
                text: t.question.clone(),
                help: Some(t.opening.clone()),
                options: Vec::new(),
                required: true,
                visible_if: None,
                required_if: None,
                validators: Vec::new(),
                sms: None,
            }],
        },
    );
    d.follow_ups.insert(
        0,
        FollowUpRule {
            id: NOT_VERIFIED.into(),
            when: format!("{q} == false"),
            action: FollowUpAction::RetryCallback,
            priority: Priority::High,
            title: t.not_verified_title.clone(),
            guidance: Some(t.not_verified.clone()),
            show_now: true,
            prefill: None,
            department: None,
            due: None,
            focus: None,
        },
    );
    d
}

/// Whether `text` reads one of the withheld placeholders.
pub fn reads_withheld(check: &PhoneIdentityCheck, text: &str) -> bool {
    check
        .withhold_placeholders
        .iter()
        .any(|p| text.contains(&format!("{{{p}}}")))
}
