//! Bindings of the callbacks capability (`crate::callbacks`): convert the JS arguments into the
//! JSON `api::call` takes.

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CALLBACK_VOCABULARY: &'static str = r#"
/** Callback events of the default pack (`callbacks.json` `events`). */
export type KnownCallbackEvent = "large_transaction" | "unusual_transaction" | "suspected_fraud" | "info_change" | "id_expiry_update" | "complaint" | "risk_measure_objection";
/** The channels a callback uses (the questionnaire vocabulary). */
export type CallbackChannel = "phone" | "sms" | "in_app";
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
}
