//! Bindings of the account lifecycle (`crate::lifecycle`).

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// "Can I be whitelisted?": each signed-service category's criteria (met, not met, not
    /// known), what is missing, the approval steps with their due dates, review and exit.
    #[wasm_bindgen(js_name = whitelistEligibility, unchecked_return_type = "WhitelistAnswer")]
    pub fn whitelist_eligibility(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WhitelistInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("whitelistEligibility", input)
    }

    /// The bank level the due diligence leads to, a downgrade's notice, how to object (a ready
    /// `requestLimitAdjustment` input) and what would raise it.
    #[wasm_bindgen(js_name = explainAccountLevel, unchecked_return_type = "LevelAnswer")]
    pub fn explain_account_level(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LevelInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("explainAccountLevel", input)
    }

    /// A dormant account's notice, choices (wake up, close, change level, leave it) and what each
    /// takes; a business account's close-by date counted from the day the notice was sent.
    #[wasm_bindgen(js_name = dormantWakeUp, unchecked_return_type = "DormantAnswer")]
    pub fn dormant_wake_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DormantInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("dormantWakeUp", input)
    }
}
