//! Bindings of the account-opening pre-check (`crate::precheck`).

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Pre-check an account-opening application: checklist, findings, due-diligence questions,
    /// advice and a hand-off ticket for the branch.
    #[wasm_bindgen(unchecked_return_type = "PrecheckResult")]
    pub fn precheck(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Application")] application: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("precheck", application)
    }

    /// The choices a pre-check form offers (applicant kinds with their accounts and documents,
    /// purposes, occupations, provinces), from the rule pack.
    #[wasm_bindgen(js_name = precheckForm, unchecked_return_type = "PrecheckForm")]
    pub fn precheck_form(&self) -> Result<JsValue, JsValue> {
        self.call("precheckForm", JsValue::NULL)
    }

    /// Decode and verify a hand-off ticket code (the branch side).
    #[wasm_bindgen(js_name = readTicket, unchecked_return_type = "ReadTicketResult")]
    pub fn read_ticket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("readTicket", code)
    }
}
