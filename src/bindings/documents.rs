//! Bindings of the documents capability (`crate::documents`).

use super::{parse_js, JsFrontDesk};
use crate::desk::DocumentInput;
use crate::jsonout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_DOCUMENT_KINDS: &'static str = r#"
/** The `DocumentKind`s that identify a person (not a business licence, a mobile number or an e-mail). */
export type IdentityDocumentKind = Extract<DocumentKind, "cn_resident_id" | "hmt_residence_permit" | "foreign_permanent_residence_id" | "hk_macao_travel_permit" | "taiwan_travel_permit">;
"#;

/// Longest string the lean path below takes; anything longer goes the generic way (and meets its
/// `argument.too_large` bound).
const LEAN_MAX_CHARS: u32 = 1024;

/// The lean input path of `validateDocument`: read the four known string properties straight off
/// a plain object (one `Object.entries` instead of JSON.stringify + two serde passes). Returns
/// `None` for anything else — a non-object, an unknown, null or non-string property, a missing
/// `kind`/`number`, a very long string, a lone surrogate — which then takes the generic JSON path,
/// so every error (code, path, message) stays exactly what `api::call` gives natively.
fn lean_input(input: &JsValue) -> Option<DocumentInput> {
    let obj: &js_sys::Object = input.dyn_ref()?;
    if js_sys::Array::is_array(input) {
        return None;
    }
    // One `Object.entries` call: keys and values come over as JS strings copied *into* the module
    // (fast), never as Rust strings turned into JS keys (each such key costs a text decode).
    let mut out = DocumentInput::default();
    let (mut has_kind, mut has_number) = (false, false);
    for entry in js_sys::Object::entries(obj).iter() {
        let pair: js_sys::Array = entry.dyn_into().ok()?;
        let value = pair.get(1);
        if value.is_undefined() {
            continue; // an absent optional field, as serde treats it
        }
        let text: &js_sys::JsString = value.dyn_ref()?;
        // Lone surrogates: the generic path refuses them (serde_json), so they go that way.
        if text.length() > LEAN_MAX_CHARS || !text.is_valid_utf16() {
            return None;
        }
        let text = String::from(text);
        match pair.get(0).as_string()?.as_str() {
            "kind" => (out.kind, has_kind) = (text, true),
            "number" => (out.number, has_number) = (text, true),
            "issueDate" => out.issue_date = Some(text),
            "expiryDate" => out.expiry_date = Some(text),
            _ => return None,
        }
    }
    (has_kind && has_number).then_some(out)
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
            Some(typed) => parse_js(&jsonout::text(&self.inner.validate_document(&typed))),
            None => self.call("validateDocument", input),
        }
    }

    /// Read a passport or ID-card machine-readable zone (TD1, TD2, TD3). Never throws for a broken
    /// zone: it comes back with `valid: false` and findings.
    #[wasm_bindgen(js_name = parseMrz, unchecked_return_type = "MrzResult")]
    pub fn parse_mrz(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        match text.as_string() {
            Some(s) if s.len() <= LEAN_MAX_CHARS as usize => {
                parse_js(&jsonout::text(&self.inner.parse_mrz(&s)))
            }
            _ => self.call("parseMrz", text),
        }
    }
}
