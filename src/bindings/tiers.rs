//! Bindings of the tiers capability (`crate::tiers`): account tiers, limits and upgrades.

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TIERS_VOCABULARY: &'static str = r#"
/** Tier ids of the default pack (`tiers.json` `tiers`). */
export type KnownTierId = "personal_class_1" | "personal_class_2" | "personal_class_3" | "business_basic" | "business_simple_opening";
/** A tier id: open set — a bank's pack may add its own, so any string is accepted. */
export type TierId = KnownTierId | (string & {});
/** The bank's own non-counter levels in the default pack (`tiers.json` `bankLevels`, example values). */
export type KnownBankLevelId = "restricted_500" | "basic_1000" | "standard_3000" | "verified_5000";
/** A bank level id: open set — each bank sets its own, so any string is accepted. */
export type BankLevelId = KnownBankLevelId | (string & {});
/** Whitelist categories of the default pack (`tiers.json` `whitelist`). */
export type KnownWhitelistCategory = "payroll" | "social_security" | "loan_repayment" | "utilities";
/** A whitelist category: open set — a bank's pack may add its own, so any string is accepted. */
export type WhitelistCategory = KnownWhitelistCategory | (string & {});
/** Transaction kinds of the default pack (`tiers.json` `kinds`). */
export type KnownTransactionKind = "transfer" | "cash" | "consumption" | "payment" | "utilities" | "payroll" | "social_security" | "wm_purchase" | "wm_redemption" | "loan_disbursement" | "loan_repayment";
/** A transaction kind: open set — a bank's pack may add its own, so any string is accepted. */
export type TransactionKind = KnownTransactionKind | (string & {});
/** Account statuses of the default pack (`tiers.json` `statuses`). */
export type KnownAccountStatus = "active" | "dormant" | "suspended" | "abnormal";
/** An account status: open set — a bank's pack may add its own, so any string is accepted. */
export type AccountStatus = KnownAccountStatus | (string & {});
/** Limit-adjustment reasons of the default pack (`tiers.json` `adjustment.reasons`). */
export type KnownAdjustmentReason = "limit_too_low" | "payroll_or_benefits_blocked" | "measure_disputed" | "fraud_measure_appeal" | "complaint" | "business_need";
/** A limit-adjustment reason: open set — a bank's pack may add its own, so any string is accepted. */
export type AdjustmentReason = KnownAdjustmentReason | (string & {});
/** Evidence ids of the default pack (`tiers.json` `adjustment.evidence`). */
export type KnownEvidenceId = "valid_id" | "account_purpose" | "transaction_explanation" | "income_proof" | "business_licence";
/** An evidence id: open set — a bank's pack may add its own, so any string is accepted. */
export type EvidenceId = KnownEvidenceId | (string & {});
/** What `checkTransaction` can suggest (closed: the core decides these). */
export type UpgradeOptionId = "wake_up" | "use_counter" | "face_to_face_verification" | "upgrade_tier" | "whitelist" | "limit_adjustment_request";
"#;

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
        #[wasm_bindgen(unchecked_param_type = "TierId")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        // Passed through as JSON: the core refuses a non-string id with argument.invalid.
        self.call("explainTier", id)
    }

    /// One table comparing the given tiers side by side (all personal tiers when empty).
    #[wasm_bindgen(js_name = compareTiers, unchecked_return_type = "TierComparison")]
    pub fn compare_tiers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TierId[]")] ids: JsValue,
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
