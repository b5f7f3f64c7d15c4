//! Bindings of the contact-update capability (`crate::contact`).

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Check a proposed change of contact details: masked diff, findings, the verification the
    /// whole change needs and the request to submit (with an idempotency key).
    #[wasm_bindgen(js_name = prepareContactUpdate, unchecked_return_type = "ContactUpdateResult")]
    pub fn prepare_contact_update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ContactUpdateInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("prepareContactUpdate", input)
    }

    /// Save a half-finished contact update as a versioned, checksummed string.
    #[wasm_bindgen(js_name = saveContactDraft, unchecked_return_type = "string")]
    pub fn save_contact_draft(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ContactUpdateInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("saveContactDraft", input)
    }

    /// The input back from a saved draft; throws `FrontDeskError` (`contact_draft.*`) for a
    /// truncated, tampered or other-version draft.
    #[wasm_bindgen(js_name = resumeContactDraft, unchecked_return_type = "ContactUpdateInput")]
    pub fn resume_contact_draft(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] saved: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("resumeContactDraft", saved)
    }

    /// Channels, fields, relationships, occupations and verification levels with their names.
    #[wasm_bindgen(js_name = contactOptions, unchecked_return_type = "ContactOptions")]
    pub fn contact_options(&self) -> Result<JsValue, JsValue> {
        self.call("contactOptions", JsValue::UNDEFINED)
    }
}
