//! Bindings of the account-opening pre-check (`crate::precheck`).

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_PRECHECK_VOCABULARY: &'static str = r#"
/** The documents an applicant can hold at account opening: the identity `DocumentKind`s, a household register (read by the resident ID number in it) and a passport (read by its MRZ). */
export type ApplicationDocumentKind = IdentityDocumentKind | "household_register" | "passport";
/** Material ids of the default pack (`precheck/materials.json`). */
export type KnownMaterialId = "resident_id" | "minor_id" | "foreign_id" | "hmt_id" | "guardian_id" | "relationship_proof" | "income_proof" | "mobile" | "employment_proof" | "bound_account" | "business_licence" | "uscc" | "legal_representative_id" | "agent_id" | "authorization_letter" | "company_seal" | "beneficial_owner" | "articles_of_association" | "tax_residency_declaration" | "basic_account_number";
/** A material id: open set — a bank's pack may add its own, so any string is accepted. */
export type MaterialId = KnownMaterialId | (string & {});
"#;

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
