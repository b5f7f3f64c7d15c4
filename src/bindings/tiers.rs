//! Bindings of the tiers capability (`crate::tiers`): account tiers, limits and upgrades.

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Every tier, bank level, whitelist category, transaction kind, channel and status.
    #[wasm_bindgen(js_name = listTiers, unchecked_return_type = "TierList")]
    pub fn list_tiers(&self) -> Result<JsValue, JsValue> {
        self.call("listTiers", JsValue::NULL)
    }

    /// One tier in customer language: can / cannot, limits, how to open and upgrade, sources.
    #[wasm_bindgen(js_name = explainTier, unchecked_return_type = "TierExplanation")]
    pub fn explain_tier(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        // Passed through as JSON: the core refuses a non-string id with argument.invalid.
        self.call("explainTier", id)
    }

    /// One table comparing the given tiers side by side (all personal tiers when empty).
    #[wasm_bindgen(js_name = compareTiers, unchecked_return_type = "TierComparison")]
    pub fn compare_tiers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("compareTiers", ids)
    }

    /// Can this account do this transaction now? Which limit blocks, what is left, what would help.
    #[wasm_bindgen(js_name = checkTransaction, unchecked_return_type = "TransactionCheck")]
    pub fn check_transaction(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TransactionCheckInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("checkTransaction", input)
    }

    /// Build a remote limit-adjustment / objection request payload (no network call).
    #[wasm_bindgen(js_name = requestLimitAdjustment, unchecked_return_type = "AdjustmentRequest")]
    pub fn request_limit_adjustment(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdjustmentInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("requestLimitAdjustment", input)
    }
}
