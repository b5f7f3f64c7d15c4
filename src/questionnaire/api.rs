//! The questionnaire methods of `crate::api::call` (JSON in, JSON out): the stateless forms a
//! bank's server and the shared fixtures use, next to the session object of the WASM bindings
//! (`start_session`).

use super::channels;
use super::engine::{
    channel_from_json, verify_record, Channel, FinishResult, Session, View, CHANNELS,
    CHANNEL_EXPECTED,
};
use super::QuestionnaireRules;
use super::{lint, CallbackContext, Compiled};
use crate::ctx::Ctx;
use crate::documents::DocumentRules;
use crate::error::Error;
use crate::finding::Finding;
use crate::jsonout::WriteJson;
use crate::jsonread::Reader;
use serde_json::{Map, Value};
use std::sync::Arc;

/// The methods `call` answers.
pub const METHODS: &[&str] = &[
    "listQuestionnaires",
    "lintQuestionnaire",
    "runQuestionnaire",
    "questionnaireStart",
    "questionnaireStep",
    "questionnaireView",
    "verifyQuestionnaireRecord",
    "renderScript",
    "renderSms",
    "satisfactionSummary",
];

/// Most answers one call may carry.
pub const MAX_ANSWERS: usize = 200;
/// Most actions one `questionnaireStep` may carry.
pub const MAX_ACTIONS: usize = 400;

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct QuestionnaireSummary {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "QuestionnaireId"))]
    pub id: String,
    pub version: String,
    pub title: String,
    pub questions: usize,
    /// Who the definition is written for (`any` when the definition does not say).
    pub audience: super::Audience,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LintResult {
    /// No error findings.
    pub valid: bool,
    pub findings: Vec<Finding>,
}

/// Input of `runQuestionnaire`.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RunInput {
    // `definition` and `answers` are taken out of the argument before the typed decoding (see
    // `decode_run`), so the JSON values are not decoded twice.
    /// A bundled questionnaire id, or …
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "QuestionnaireId"))]
    pub id: Option<String>,
    /// … a definition of your own (linted first).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "QuestionnaireDefinition")
    )]
    pub definition: Option<Value>,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub context: CallbackContext,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "QuestionnaireChannel"))]
    pub channel: Channel,
    /// Question id → answer.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "Record<string, AnswerValue>")
    )]
    pub answers: Map<String, Value>,
}

/// Output of `runQuestionnaire`: when a page stops the run, `view` shows where and why.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RunResult {
    pub complete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub view: Option<View>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub record: Option<super::engine::CallbackRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub follow_ups: Option<Vec<super::engine::FollowUp>>,
    /// Warnings about the follow-ups (`questionnaire.followup.due_not_computable`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub findings: Vec<crate::finding::Finding>,
}

/// The optional `context` and `channel` of `runQuestionnaire` and `questionnaireStart`.
fn context_and_channel(o: &crate::jsonread::Obj) -> (CallbackContext, Channel) {
    let context = o
        .opt_obj("context")
        .map(|c| CallbackContext::read(&c))
        .unwrap_or_default();
    (
        context,
        Channel::read(o, "channel", &CHANNELS, CHANNEL_EXPECTED).unwrap_or_default(),
    )
}

struct StartInput {
    id: String,
    context: CallbackContext,
    channel: Channel,
}

/// One step of `questionnaireStep`: `{ do: "answer", questionId, value }`, `{ do: "next" }`,
/// `{ do: "back" }` or `{ do: "finish" }` (read by hand: no tagged-enum decoding code in the package).
#[derive(Debug, Clone, PartialEq)]
enum Action {
    Answer { question_id: String, value: Value },
    Next,
    Back,
    Finish,
}

#[derive(Debug, Clone, PartialEq)]
struct StepInput {
    saved: String,
    actions: Vec<Action>,
}

fn decode_step(input: &Value) -> Result<StepInput, Error> {
    let obj = input
        .as_object()
        .ok_or_else(|| Error::argument("questionnaireStep: expected an object"))?;
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "saved" | "actions"))
    {
        return Err(Error::argument("questionnaireStep: unknown field").at_path(k.clone()));
    }
    let saved = obj.get("saved").and_then(Value::as_str).ok_or_else(|| {
        Error::argument("questionnaireStep: saved must be a string").at_path("saved")
    })?;
    let list = match obj.get("actions") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => a.as_slice(),
        Some(_) => {
            return Err(
                Error::argument("questionnaireStep: actions must be a list").at_path("actions")
            )
        }
    };
    if list.len() > MAX_ACTIONS {
        return Err(Error::new(
            "argument.too_large",
            format!("at most {MAX_ACTIONS} actions"),
        )
        .at_path("actions"));
    }
    let mut actions = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let bad = || {
            Error::argument("questionnaireStep: an action is { do: answer|next|back|finish, questionId?, value? }").at_path(format!("actions[{i}]"))
        };
        let o = a.as_object().ok_or_else(bad)?;
        let keys_ok = |allowed: &[&str]| o.keys().all(|k| allowed.contains(&k.as_str()));
        actions.push(match o.get("do").and_then(Value::as_str) {
            Some("answer") if keys_ok(&["do", "questionId", "value"]) => Action::Answer {
                question_id: o
                    .get("questionId")
                    .and_then(Value::as_str)
                    .ok_or_else(bad)?
                    .to_string(),
                value: o.get("value").cloned().unwrap_or(Value::Null),
            },
            Some("next") if keys_ok(&["do"]) => Action::Next,
            Some("back") if keys_ok(&["do"]) => Action::Back,
            Some("finish") if keys_ok(&["do"]) => Action::Finish,
            _ => return Err(bad()),
        });
    }
    Ok(StepInput {
        saved: saved.to_string(),
        actions,
    })
}

/// `runQuestionnaire`'s argument: `definition` and `answers` are taken as they are, the rest is
/// decoded with field paths.
pub fn decode_run(input: &Value) -> Result<RunInput, Error> {
    let mut rest = input.clone();
    let (definition, answers) = match rest.as_object_mut() {
        Some(o) => (o.remove("definition"), o.remove("answers")),
        None => (None, None),
    };
    let mut run = Reader::read(None, &rest, |o| {
        o.only(&["id", "context", "channel"]);
        let (context, channel) = context_and_channel(o);
        RunInput {
            id: o.opt_str("id"),
            context,
            channel,
            ..RunInput::default()
        }
    })?;
    run.definition = definition.filter(|d| !d.is_null());
    run.answers = match answers {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(Error::argument(
                "runQuestionnaire: answers must be an object of question id → answer",
            )
            .at_path("answers"))
        }
    };
    Ok(run)
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
struct StepResult {
    view: View,
    saved: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<FinishResult>,
}

struct SavedInput {
    saved: String,
}

/// `{ saved }`.
fn saved_input(input: &Value) -> Result<SavedInput, Error> {
    Reader::read(None, input, |o| {
        o.fields(&["saved"], &[]);
        SavedInput {
            saved: o.str("saved"),
        }
    })
}

struct RenderInput {
    id: String,
    locale: Option<String>,
}

/// `{ id, locale? }`.
fn render_input(input: &Value) -> Result<RenderInput, Error> {
    Reader::read(None, input, |o| {
        o.only(&["id", "locale"]);
        o.require(&["id"]);
        RenderInput {
            id: o.str("id"),
            locale: o.opt_str("locale"),
        }
    })
}

use crate::jsonout::to_json;

/// `verifyQuestionnaireRecord`'s answer.
#[derive(crate::jsonout::WriteJson)]
struct Verified {
    valid: bool,
}

/// A bundled definition by id.
pub fn bundled(rules: &QuestionnaireRules, id: &str) -> Result<Arc<Compiled>, Error> {
    rules.definitions.get(id).cloned().ok_or_else(|| {
        Error::new(
            "questionnaire.unknown",
            "no questionnaire with this id in the rule pack",
        )
        .at_path("id")
    })
}

/// A caller's own definition, linted; refused with the first error's path when it has errors.
pub fn custom(rules: &QuestionnaireRules, definition: &Value) -> Result<Arc<Compiled>, Error> {
    let (compiled, findings) = lint::lint_value(definition, &rules.settings, &rules.departments);
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| format!("{} at {}", f.code, f.field))
        .collect();
    match compiled {
        Some(c) if errors.is_empty() => Ok(Arc::new(c)),
        _ => Err(Error::new(
            "questionnaire.invalid",
            format!("definition has lint errors: {}", errors.join("; ")),
        )
        .at_path(
            findings
                .iter()
                .find(|f| f.is_error())
                .map(|f| f.field.clone())
                .unwrap_or_default(),
        )),
    }
}

/// `lintQuestionnaire`: findings rendered in the desk's locale.
pub fn lint_definition(ctx: &Ctx, rules: &QuestionnaireRules, definition: &Value) -> LintResult {
    let (_, raw) = lint::lint_value(definition, &rules.settings, &rules.departments);
    let findings: Vec<Finding> = raw
        .into_iter()
        .map(|f| ctx.finding(f.severity, f.code, &f.field, f.params))
        .collect();
    LintResult {
        valid: crate::finding::no_errors(&findings),
        findings,
    }
}

/// `runQuestionnaire`: every answer at once, page by page, to the end (or to the first page that
/// stops the run).
pub fn run(
    ctx: &Ctx,
    rules: &QuestionnaireRules,
    docs: &DocumentRules,
    cal: Option<&dyn crate::time::WorkingDays>,
    input: &RunInput,
) -> Result<RunResult, Error> {
    let def = match (&input.id, &input.definition) {
        (Some(id), None) => bundled(rules, id)?,
        (None, Some(d)) => custom(rules, d)?,
        _ => return Err(Error::argument("give either id or definition").at_path("id")),
    };
    if input.answers.len() > MAX_ANSWERS {
        return Err(Error::new(
            "argument.too_large",
            format!("at most {MAX_ANSWERS} answers"),
        )
        .at_path("answers"));
    }
    let mut s = Session::start(ctx, rules, def, input.context.clone(), input.channel)?;
    for (k, v) in &input.answers {
        s.set_raw(k, v.clone())?;
    }
    let limit = s.def.def.pages.len() + 1;
    for _ in 0..limit {
        if s.next(ctx, rules, docs)? {
            continue;
        }
        let view = s.view(ctx, rules, docs)?;
        if view.can_finish {
            let out = s.finish(ctx, rules, docs, cal)?;
            return Ok(RunResult {
                complete: true,
                view: None,
                record: Some(out.record),
                follow_ups: Some(out.follow_ups),
                findings: out.findings,
            });
        }
        return Ok(RunResult {
            complete: false,
            view: Some(view),
            record: None,
            follow_ups: None,
            findings: Vec::new(),
        });
    }
    Ok(RunResult {
        complete: false,
        view: Some(s.view(ctx, rules, docs)?),
        record: None,
        follow_ups: None,
        findings: Vec::new(),
    })
}

fn step(
    ctx: &Ctx,
    rules: &QuestionnaireRules,
    docs: &DocumentRules,
    cal: Option<&dyn crate::time::WorkingDays>,
    input: StepInput,
) -> Result<StepResult, Error> {
    let mut s = Session::resume(ctx, rules, &input.saved)?;
    let mut result = None;
    for (i, a) in input.actions.into_iter().enumerate() {
        if result.is_some() {
            return Err(
                Error::argument("no action may follow finish").at_path(format!("actions[{i}]"))
            );
        }
        match a {
            Action::Answer { question_id, value } => s
                .answer(ctx, rules, &question_id, value)
                .map_err(|e| e.at_path(format!("actions[{i}].questionId")))?,
            Action::Next => {
                s.next(ctx, rules, docs)?;
            }
            Action::Back => {
                s.back(ctx, rules)?;
            }
            Action::Finish => result = Some(s.finish(ctx, rules, docs, cal)?),
        }
    }
    Ok(StepResult {
        view: s.view(ctx, rules, docs)?,
        saved: s.save(),
        result,
    })
}

/// The context in the locale asked for (`renderScript(id, locale)`), if any.
fn in_locale<'a>(ctx: &Ctx<'a>, locale: &Option<String>) -> Result<Ctx<'a>, Error> {
    Ok(match locale {
        Some(l) => ctx.in_locale(crate::i18n::Locale::parse(l)?),
        None => *ctx,
    })
}

/// Dispatch one questionnaire method; `None` when `method` is not one of them.
/// Inlined into `crate::api::dispatch` (measured: one dispatch function is 1.2 KB gzip smaller).
#[inline(always)]
pub fn call(
    ctx: &Ctx,
    rules: &QuestionnaireRules,
    docs: &DocumentRules,
    cal: Option<&dyn crate::time::WorkingDays>,
    method: &str,
    input: &Value,
) -> Option<Result<String, Error>> {
    let out = match method {
        "listQuestionnaires" => {
            let loc = ctx.locale();
            let list: Vec<QuestionnaireSummary> = rules
                .definitions
                .values()
                .map(|c| QuestionnaireSummary {
                    id: c.def.id.clone(),
                    version: c.def.version.clone(),
                    title: c.def.title.get(loc).to_string(),
                    questions: c.questions.len(),
                    audience: c.def.audience.unwrap_or(super::Audience::Any),
                })
                .collect();
            to_json(&list)
        }
        "lintQuestionnaire" => to_json(&lint_definition(ctx, rules, input)),
        "runQuestionnaire" => decode_run(input)
            .and_then(|i| run(ctx, rules, docs, cal, &i))
            .and_then(|r| to_json(&r)),
        "questionnaireStart" => Reader::read(None, input, |o| {
            o.only(&["id", "context", "channel"]);
            o.require(&["id"]);
            let (context, channel) = context_and_channel(o);
            StartInput {
                id: o.str("id"),
                context,
                channel,
            }
        })
        .and_then(|i: StartInput| {
            let s = Session::start(ctx, rules, bundled(rules, &i.id)?, i.context, i.channel)?;
            to_json(&StepResult {
                view: s.view(ctx, rules, docs)?,
                saved: s.save(),
                result: None,
            })
        }),
        "questionnaireStep" => decode_step(input)
            .and_then(|i| step(ctx, rules, docs, cal, i))
            .and_then(|r| to_json(&r)),
        "questionnaireView" => saved_input(input)
            .and_then(|i: SavedInput| Session::resume(ctx, rules, &i.saved)?.view(ctx, rules, docs))
            .and_then(|v| to_json(&v)),
        "verifyQuestionnaireRecord" => {
            verify_record(input).and_then(|valid| to_json(&Verified { valid }))
        }
        "renderScript" => render_input(input)
            .and_then(|i: RenderInput| {
                let c = rules.for_channel(bundled(rules, &i.id)?, Channel::Phone)?;
                channels::script(&in_locale(ctx, &i.locale)?, rules, &c)
            })
            .and_then(|r| to_json(&r)),
        "satisfactionSummary" => {
            super::satisfaction::summary(ctx, rules, input).and_then(|r| to_json(&r))
        }
        "renderSms" => render_input(input)
            .and_then(|i: RenderInput| {
                channels::sms(&in_locale(ctx, &i.locale)?, rules, &*bundled(rules, &i.id)?)
            })
            .and_then(|r| to_json(&r)),
        _ => return None,
    };
    Some(out)
}

/// `startQuestionnaire(questionnaire, context?, channel?)` of the WASM bindings: a bundled id (a
/// string) or a definition of the caller's own (linted first), and the optional context and
/// channel (`null`: none given), as JSON.
pub fn start_session(
    ctx: &Ctx,
    rules: &QuestionnaireRules,
    questionnaire: &Value,
    context: &Value,
    channel: &Value,
) -> Result<Session, Error> {
    let def = match questionnaire.as_str() {
        Some(id) => bundled(rules, id),
        None => custom(rules, questionnaire),
    }?;
    let context = match context {
        Value::Null => CallbackContext::default(),
        v => CallbackContext::from_json(v).map_err(|e| e.at_path("context"))?,
    };
    let channel = match channel {
        Value::Null => Channel::default(),
        v => channel_from_json(v)?,
    };
    Session::start(ctx, rules, def, context, channel)
}

/// Take up a saved session; with a context (not `null`), the host's context replaces the saved one
/// (a draft from `save_draft` holds none).
pub fn resume_session(
    ctx: &Ctx,
    rules: &QuestionnaireRules,
    saved: &str,
    context: &Value,
) -> Result<Session, Error> {
    match context {
        Value::Null => Session::resume(ctx, rules, saved),
        v => {
            let context = CallbackContext::from_json(v).map_err(|e| e.at_path("context"))?;
            Session::resume_with_context(ctx, rules, saved, context)
        }
    }
}
