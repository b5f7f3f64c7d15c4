//! Bindings of numbers as typed (`crate::documents::amount`) and the page's input limits (`crate::limits`).

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_INPUT_LIMITS: &'static str = r#"
/** What `inputLimits()` answers (see `crate::limits`): document kinds and text caps for a form. */
export interface InputLimits {
  documentKinds: { kind: DocumentKind; maxChars: number; hasValidity: boolean; identity: boolean; carriesBirthDate: boolean }[];
  mrzMaxChars: number;
  numberMaxChars: number;
  /** Present when the build has the pre-check. */
  precheckTextChars?: number;
  /** Present when the build has questionnaires. */
  questionnaireTextChars?: number;
  /** Present when the build has contact updates: field (`mobile`, `email`, …, `other`) → characters. */
  contactChars?: Record<string, number>;
  /** Present when the build has the calendar. */
  maxWorkingDays?: number;
}
"#;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// `{ text }` → `{ valid, fen, display, findings }`: money as typed (`1,234.50`, `1234.5元`,
    /// `1.5万`, full-width digits, `¥`/`￥`) in integer fen, or a finding at `text`.
    #[cfg(feature = "tiers")]
    #[wasm_bindgen(js_name = parseAmount, unchecked_return_type = "AmountResult")]
    pub fn parse_amount(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ text: string }")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("parseAmount", input)
    }

    /// `{ text, max? }` → `{ valid, value, findings }`: a whole number as typed, or a finding at
    /// `text` (empty, not a number, negative, a fraction, above `max`).
    #[wasm_bindgen(js_name = parseCount, unchecked_return_type = "CountResult")]
    pub fn parse_count(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ text: string; max?: number }")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("parseCount", input)
    }

    /// The document kinds and the longest accepted texts of this build, for a page's fields.
    #[wasm_bindgen(js_name = inputLimits, unchecked_return_type = "InputLimits")]
    pub fn input_limits(&self) -> Result<JsValue, JsValue> {
        self.call("inputLimits", JsValue::NULL)
    }
}
