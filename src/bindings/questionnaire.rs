//! Bindings of the questionnaire capability (`crate::questionnaire`): the stateless methods on
//! `FrontDesk`, and `QuestionnaireSession`, a JS class wrapping a core session.

use super::{from_js, to_js_error, JsFrontDesk};
use crate::desk::{FrontDesk as CoreDesk, Session};
use crate::error::Error;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_QUESTIONNAIRE_VOCABULARY: &'static str = r#"
/** The channels a callback questionnaire runs on. */
export type QuestionnaireChannel = Extract<Channel, "in_app" | "kiosk" | "phone" | "sms">;
/** An answer, by question type: a choice id (`single_choice`), choice ids (`multiple_choice`), `true`/`false` (`yes_no`, `notice`), a number (`rating`), text (`text`, `mobile`, `email`, `date` as `YYYY-MM-DD`), an address object (`address`); `null` clears it. */
export type AnswerValue = string | string[] | number | boolean | Partial<AddressAnswer> | null;
/** A questionnaire definition of your own (the shape `pkg-config/schema/questionnaire.schema.json` describes; `lintQuestionnaire` checks it). */
export type QuestionnaireDefinition = Record<string, unknown>;
/** Input of `questionnaireStart`. */
export interface QuestionnaireStartInput { id: QuestionnaireId; context?: CallbackContext; channel?: QuestionnaireChannel }
/** One step of `questionnaireStep`. */
export type QuestionnaireAction =
  | { do: "answer"; questionId: string; value: AnswerValue }
  | { do: "next" }
  | { do: "back" }
  | { do: "finish" };
/** Input of `questionnaireStep`: a saved state and the steps to take on it. */
export interface QuestionnaireStepInput { saved: string; actions: QuestionnaireAction[] }
/** Input of `questionnaireView`. */
export interface QuestionnaireViewInput { saved: string }
"#;

/// A running questionnaire: `view()`, `answer()`, `next()`, `back()`, `save()`, `finish()`.
#[wasm_bindgen(js_name = QuestionnaireSession)]
pub struct JsQuestionnaireSession {
    desk: CoreDesk,
    session: Session,
}

fn err(e: Error) -> JsValue {
    to_js_error(&e)
}

/// Straight to JSON text by the answers' writer, like `api::call_json`.
fn out<T: crate::jsonout::WriteJson>(v: &T) -> Result<JsValue, JsValue> {
    super::write_js(v)
}

#[wasm_bindgen(js_class = QuestionnaireSession)]
impl JsQuestionnaireSession {
    /// The current page: visible questions with localized texts, values and findings, progress,
    /// and whether back / next / finish are possible.
    #[wasm_bindgen(unchecked_return_type = "View")]
    pub fn view(&self) -> Result<JsValue, JsValue> {
        out(&self.desk.questionnaire_view(&self.session).map_err(err)?)
    }

    /// Answer (or, with `null`, clear) a question on the current page; returns the new view.
    #[wasm_bindgen(unchecked_return_type = "View")]
    pub fn answer(
        &mut self,
        #[wasm_bindgen(js_name = questionId, unchecked_param_type = "string")] question_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AnswerValue")] value: JsValue,
    ) -> Result<JsValue, JsValue> {
        let question_id = super::js_str(&question_id, "questionId")?;
        self.desk
            .questionnaire_answer(&mut self.session, &question_id, from_js(value)?)
            .map_err(err)?;
        self.view()
    }

    /// Go on when the page is complete (else its findings show what is missing); returns the view.
    #[wasm_bindgen(unchecked_return_type = "View")]
    pub fn next(&mut self) -> Result<JsValue, JsValue> {
        self.desk
            .questionnaire_next(&mut self.session)
            .map_err(err)?;
        self.view()
    }

    #[wasm_bindgen(unchecked_return_type = "View")]
    pub fn back(&mut self) -> Result<JsValue, JsValue> {
        self.desk
            .questionnaire_back(&mut self.session)
            .map_err(err)?;
        self.view()
    }

    /// The session as a string (versioned, checksummed) for `desk.resumeQuestionnaire(saved)`.
    pub fn save(&self) -> String {
        self.session.save()
    }

    /// A draft for the customer's own device: `save()` without the host's context (numbers on
    /// file), answers only. Resume it with `desk.resumeQuestionnaire(saved, context)`.
    #[wasm_bindgen(js_name = saveDraft)]
    pub fn save_draft(&self) -> String {
        self.session.save_draft()
    }

    /// The record and the follow-ups; throws `questionnaire.incomplete` while something is missing.
    #[wasm_bindgen(unchecked_return_type = "FinishResult")]
    pub fn finish(&self) -> Result<JsValue, JsValue> {
        out(&self.desk.questionnaire_finish(&self.session).map_err(err)?)
    }

    /// Follow the host page's language switch.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Locale")] locale: JsValue,
    ) -> Result<(), JsValue> {
        self.desk
            .set_locale(&super::js_str(&locale, "locale")?)
            .map_err(err)
    }
}

/// `renderScript(id, locale?)` or `renderScript({ id, locale? })` (the `callMethod` shape).
fn render_input(id: JsValue, locale: Option<String>) -> Result<JsValue, JsValue> {
    match id.as_string() {
        Some(id) => super::write_js(&json!({ "id": id, "locale": locale })),
        None => Ok(id),
    }
}

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Start a bundled questionnaire (by id) or your own definition (an object, linted first).
    #[wasm_bindgen(js_name = startQuestionnaire)]
    pub fn start_questionnaire(
        &self,
        #[wasm_bindgen(unchecked_param_type = "QuestionnaireId | QuestionnaireDefinition")]
        questionnaire: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallbackContext")] context: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "QuestionnaireChannel")] channel: Option<
            JsValue,
        >,
    ) -> Result<JsQuestionnaireSession, JsValue> {
        let (context, channel) = (
            context.unwrap_or(JsValue::UNDEFINED),
            channel.unwrap_or(JsValue::UNDEFINED),
        );
        // A string is a bundled id as it is (no size bound); anything else is a definition.
        let questionnaire = match questionnaire.as_string() {
            Some(id) => Value::String(id),
            None => from_js(questionnaire)?,
        };
        let session = self
            .inner
            .questionnaire_start_json(&questionnaire, &from_js(context)?, &from_js(channel)?)
            .map_err(err)?;
        Ok(JsQuestionnaireSession {
            desk: self.inner.clone(),
            session,
        })
    }

    /// Take up a saved session; throws on a corrupt, tampered or out-of-date state. With `context`
    /// (a draft from `saveDraft()` holds none), the host's context replaces the saved one.
    #[wasm_bindgen(js_name = resumeQuestionnaire)]
    pub fn resume_questionnaire(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] saved: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallbackContext")] context: Option<JsValue>,
    ) -> Result<JsQuestionnaireSession, JsValue> {
        let context = context.unwrap_or(JsValue::UNDEFINED);
        let saved = super::js_str(&saved, "saved")?;
        let session = self
            .inner
            .questionnaire_resume(&saved, &from_js(context)?)
            .map_err(err)?;
        Ok(JsQuestionnaireSession {
            desk: self.inner.clone(),
            session,
        })
    }

    /// The bundled questionnaires: id, version, title, number of questions.
    #[wasm_bindgen(js_name = listQuestionnaires, unchecked_return_type = "QuestionnaireSummary[]")]
    pub fn list_questionnaires(&self) -> Result<JsValue, JsValue> {
        self.call("listQuestionnaires", JsValue::NULL)
    }

    /// Lint a definition: `{ valid, findings }`.
    #[wasm_bindgen(js_name = lintQuestionnaire, unchecked_return_type = "LintResult")]
    pub fn lint_questionnaire(
        &self,
        #[wasm_bindgen(unchecked_param_type = "QuestionnaireDefinition")] definition: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("lintQuestionnaire", definition)
    }

    /// Stateless run: every answer at once → `{ complete, view?, record?, followUps? }`.
    #[wasm_bindgen(js_name = runQuestionnaire, unchecked_return_type = "RunResult")]
    pub fn run_questionnaire(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RunInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("runQuestionnaire", input)
    }

    /// Stateless start: `{ id, context?, channel? }` → `{ view, saved }`.
    #[wasm_bindgen(js_name = questionnaireStart, unchecked_return_type = "{ view: View; saved: string }")]
    pub fn questionnaire_start(
        &self,
        #[wasm_bindgen(unchecked_param_type = "QuestionnaireStartInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("questionnaireStart", input)
    }

    /// Stateless steps: `{ saved, actions: [{ do: "answer", questionId, value } | { do: "next" } | …] }`.
    #[wasm_bindgen(js_name = questionnaireStep, unchecked_return_type = "{ view: View; saved: string; result?: FinishResult }")]
    pub fn questionnaire_step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "QuestionnaireStepInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("questionnaireStep", input)
    }

    /// The view of a saved state: `{ saved }` → view.
    #[wasm_bindgen(js_name = questionnaireView, unchecked_return_type = "View")]
    pub fn questionnaire_view(
        &self,
        #[wasm_bindgen(unchecked_param_type = "QuestionnaireViewInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("questionnaireView", input)
    }

    /// Re-check a record's integrity checksum: `{ valid }`.
    #[wasm_bindgen(js_name = verifyQuestionnaireRecord, unchecked_return_type = "{ valid: boolean }")]
    pub fn verify_questionnaire_record(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CallbackRecord")] record: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("verifyQuestionnaireRecord", record)
    }

    /// The thank-you card of a finished satisfaction survey: five dimensions, the lowest rating,
    /// whether it is low, and the second contact the record asks for.
    #[wasm_bindgen(js_name = satisfactionSummary, unchecked_return_type = "SatisfactionSummary")]
    pub fn satisfaction_summary(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CallbackRecord")] record: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("satisfactionSummary", record)
    }

    /// The phone-agent script of a bundled questionnaire, numbered, with branching notes.
    #[wasm_bindgen(js_name = renderScript, unchecked_return_type = "Script")]
    pub fn render_script(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "QuestionnaireId | { id: QuestionnaireId; locale?: Locale }"
        )]
        id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale: Option<String>,
    ) -> Result<JsValue, JsValue> {
        self.call("renderScript", render_input(id, locale)?)
    }

    /// The SMS text of a bundled questionnaire with its encoding and segment count; with
    /// `{ at, sentAt? }` (third argument or in the object form) also `send`: whether it may go at
    /// `at` and when next (the callbacks' sending window and caps; a package without the callbacks
    /// capability refuses `at`).
    #[wasm_bindgen(
        js_name = renderSms,
        unchecked_return_type = "SmsText & { send?: { allowedNow: boolean; nextAllowedAt: string; blockedBy: \"rest_hours\" | \"daily_cap\" | \"rolling_cap\" | null; window: { start: string; end: string } } }"
    )]
    pub fn render_sms(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "QuestionnaireId | { id: QuestionnaireId; locale?: Locale; at?: string; sentAt?: string[] }"
        )]
        id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "{ at: string; sentAt?: string[] }")]
        send: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let input = render_input(id, locale)?;
        match send.filter(|s| s.is_object()) {
            None => self.call("renderSms", input),
            Some(send) => {
                let mut v = super::from_js(input)?;
                if let (Some(o), serde_json::Value::Object(extra)) =
                    (v.as_object_mut(), super::from_js(send)?)
                {
                    o.extend(extra);
                }
                self.call("renderSms", super::write_js(&v)?)
            }
        }
    }
}
