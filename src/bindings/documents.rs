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
