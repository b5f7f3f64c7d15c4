//! Bindings of the contact-update capability (`crate::contact`).

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CONTACT_VOCABULARY: &'static str = r#"
/** The channels a contact update is made through. (`app` and `phone_callback`, the spellings before 2026-12, are still read at run time as deprecated aliases of `in_app` and `phone`; answers always use these.) */
export type ContactChannel = Extract<Channel, "in_app" | "kiosk" | "counter" | "phone">;
/** The contact fields a change can touch (closed: the core knows each one's checks). */
export type ContactField = "mobile" | "landline" | "email" | "residentialAddress" | "mailingAddress" | "emergencyContact" | "idDocument" | "occupation";
/** Emergency-contact relationships of the default pack (`contact.json` `relationships`). */
export type KnownRelationship = "spouse" | "parent" | "child" | "sibling" | "other_relative" | "friend" | "colleague" | "other";
/** A relationship id: open set — a bank's pack may add its own, so any string is accepted. */
export type Relationship = KnownRelationship | (string & {});
/** Verification levels of the default pack (`contact.json` `verification.levels`), weakest first. */
export type KnownVerificationLevel = "none" | "session" | "sms_on_file" | "id_and_face" | "sms_old_new_live_face" | "sms_new_live_face_second_factor" | "counter" | "refer";
/** A verification level: open set — a bank's pack defines its own levels, so any string is accepted. */
export type VerificationLevel = KnownVerificationLevel | (string & {});
"#;

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
