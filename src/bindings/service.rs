//! Bindings of the service guide (`crate::service`).

use super::JsFrontDesk;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Which of the customer's errands can be done in the app, at a kiosk or by phone instead of
    /// queueing, what to bring, and the fees that apply (free said plainly):
    /// `serviceGuide({ errands?, segment?, available? })`.
    #[wasm_bindgen(js_name = serviceGuide, unchecked_return_type = "ServiceGuide")]
    pub fn service_guide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GuideInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("serviceGuide", input)
    }
}
