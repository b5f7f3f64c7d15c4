//! Bindings of the documents capability (`crate::documents`).

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Check one identity or registration document number.
    #[wasm_bindgen(js_name = validateDocument, unchecked_return_type = "DocumentResult")]
    pub fn validate_document(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DocumentInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("validateDocument", input)
    }
}

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Read a passport or ID-card machine-readable zone (TD1, TD2, TD3). Never throws for a broken
    /// zone: it comes back with `valid: false` and findings.
    #[wasm_bindgen(js_name = parseMrz, unchecked_return_type = "MrzResult")]
    pub fn parse_mrz(&self, text: &str) -> Result<JsValue, JsValue> {
        self.call("parseMrz", JsValue::from_str(text))
    }
}
