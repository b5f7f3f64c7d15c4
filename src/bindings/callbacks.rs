//! Bindings of the callbacks capability (`crate::callbacks`): convert the JS arguments into the
//! JSON `api::call` takes.

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CALLBACK_VOCABULARY: &'static str = r#"
/** Callback events of the default pack (`callbacks.json` `events`). */
export type KnownCallbackEvent = "large_transaction" | "unusual_transaction" | "suspected_fraud" | "info_change" | "id_expiry_update" | "complaint" | "risk_measure_objection";
/** A callback event kind: open set — a bank's pack may add its own, so any string is accepted. */
export type CallbackEvent = KnownCallbackEvent | (string & {});
"#;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Due date and questionnaire of every callback for `{ accounts, events }`.
    #[wasm_bindgen(js_name = callbackPlan, unchecked_return_type = "CallbackPlan")]
    pub fn callback_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlanInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("callbackPlan", input)
    }

    /// One step of the agent's record of a callback: `{ saved?, open?, action }` → `{ saved, case,
    /// nextStep, findings }` (keep `saved` and pass it back; it holds masked data only).
    #[cfg(feature = "questionnaire")]
    #[wasm_bindgen(js_name = callbackCase, unchecked_return_type = "CaseResult")]
    pub fn callback_case(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ saved?: string; open?: { ref: string; customerRef?: string; trigger: \"new_account\" | \"periodic\" | \"event\" | \"dormant\"; questionnaire: QuestionnaireId; segment: Segment; urgent?: boolean; dueDate?: string }; action: { type: \"attempt\"; at: string; channel: CallbackChannel; outcome: string; callBackAt?: string; agentId?: string } | { type: \"complete\" | \"second_contact\"; at: string; record: CallbackRecord; agentId?: string } | { type: \"follow_up_done\"; at: string; followUpId: string; agentId?: string } | { type: \"close\"; at: string; reason: \"completed\" | \"refused\" | \"unreachable\" | \"cancelled\"; agentId?: string } }"
        )]
        input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("callbackCase", input)
    }
}
