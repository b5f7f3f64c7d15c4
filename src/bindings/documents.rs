//! Bindings of the documents capability (`crate::documents`).

use super::{to_js, JsFrontDesk};
use crate::documents::DocumentInput;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Longest string the lean path below takes; anything longer goes the generic way (and meets its
/// `argument.too_large` bound).
const LEAN_MAX_CHARS: u32 = 1024;

/// The lean input path of `validateDocument`: read the four known string properties straight off
/// a plain object (a few property reads instead of JSON.stringify + two serde passes, which were
/// most of the ~12 µs a call cost from Node). Returns `None` for anything else — a non-object, an
/// unknown or non-string property, a very long string — which then takes the generic JSON path, so
/// every error (code, path, message) stays exactly what `api::call` gives natively.
fn lean_input(input: &JsValue) -> Option<DocumentInput> {
    let obj: &js_sys::Object = input.dyn_ref()?;
    if js_sys::Array::is_array(input) {
        return None;
    }
    let get = |key: &str| js_sys::Reflect::get(obj, &JsValue::from_str(key)).ok();
    let string = |v: JsValue| -> Option<Option<String>> {
        if v.is_undefined() {
            return Some(None);
        }
        let s: &js_sys::JsString = v.dyn_ref()?;
        (s.length() <= LEAN_MAX_CHARS).then(|| Some(String::from(s)))
    };
    let keys = js_sys::Object::keys(obj);
    let mut known = 0;
    for k in keys.iter() {
        match k.as_string().as_deref() {
            Some("kind" | "number" | "issueDate" | "expiryDate") => known += 1,
            _ => return None,
        }
    }
    let kind = string(get("kind")?)??;
    let number = string(get("number")?)??;
    let issue_date = string(get("issueDate")?)?;
    let expiry_date = string(get("expiryDate")?)?;
    debug_assert!(known >= 2);
    Some(DocumentInput { kind, number, issue_date, expiry_date })
}

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Check one identity or registration document number, mobile number or e-mail address.
    #[wasm_bindgen(js_name = validateDocument, unchecked_return_type = "DocumentResult")]
    pub fn validate_document(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DocumentInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        match lean_input(&input) {
            // Straight to JSON text: `DocumentResult` serializes in the key order a JSON value has,
            // so this is byte-for-byte `api::call`'s answer without the intermediate value.
            Some(typed) => to_js(&self.inner.validate_document(&typed)),
            None => self.call("validateDocument", input),
        }
    }

    /// Read a passport or ID-card machine-readable zone (TD1, TD2, TD3). Never throws for a broken
    /// zone: it comes back with `valid: false` and findings.
    #[wasm_bindgen(js_name = parseMrz, unchecked_return_type = "MrzResult")]
    pub fn parse_mrz(&self, #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, JsValue> {
        match text.as_string() {
            Some(s) if s.len() <= LEAN_MAX_CHARS as usize => to_js(&crate::documents::parse_mrz(&self.inner, &s)),
            _ => self.call("parseMrz", text),
        }
    }
}
