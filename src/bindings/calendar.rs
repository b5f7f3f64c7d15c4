//! Bindings of the working-day calendar and the callback plan (`crate::calendar`) and of the QR
//! encoder (`crate::qr`): convert the positional JS arguments into the JSON `api::call` takes.

use super::{from_js, to_js, to_js_error, JsFrontDesk};
use crate::api;
use crate::error::Error;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

impl JsFrontDesk {
    fn call_object(&self, method: &str, fields: Vec<(&str, Value)>) -> Result<JsValue, JsValue> {
        let input: Map<String, Value> = fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let out = api::call(&self.inner, method, &Value::Object(input)).map_err(|e| to_js_error(&e))?;
        to_js(&out)
    }
}

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Whether `date` (`YYYY-MM-DD`) is a working day, and what kind of day it is. Throws
    /// `FrontDeskError` `calendar.year_not_covered` for a year the rule pack does not cover.
    #[wasm_bindgen(js_name = isWorkingDay, unchecked_return_type = "DayInfo")]
    pub fn is_working_day(&self, #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue) -> Result<JsValue, JsValue> {
        self.call("isWorkingDay", date)
    }

    /// The `days`-th working day after `date` (counting from the next day; 0 returns `date`).
    #[wasm_bindgen(js_name = addWorkingDays, unchecked_return_type = "AddedDays")]
    pub fn add_working_days(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] days: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_object("addWorkingDays", vec![("date", from_js(date)?), ("days", from_js(days)?)])
    }

    /// Working days in `(from, to]` (negative when `to` is earlier).
    #[wasm_bindgen(js_name = workingDaysBetween, unchecked_return_type = "Between")]
    pub fn working_days_between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_object("workingDaysBetween", vec![("from", from_js(from)?), ("to", from_js(to)?)])
    }

    /// Due date and questionnaire of every callback for `{ accounts, events }`.
    #[wasm_bindgen(js_name = callbackPlan, unchecked_return_type = "CallbackPlan")]
    pub fn callback_plan(&self, #[wasm_bindgen(unchecked_param_type = "PlanInput")] input: JsValue) -> Result<JsValue, JsValue> {
        self.call("callbackPlan", input)
    }

    /// Encode `text` (≤ 1,000 bytes of UTF-8) as a QR code; `options.ecc` is `L`, `M` (default),
    /// `Q` or `H`.
    #[wasm_bindgen(js_name = qrCode, unchecked_return_type = "QrCode")]
    pub fn qr_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ ecc?: Ecc }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let mut fields = vec![("text", from_js(text)?)];
        match options.map(from_js).transpose()? {
            None | Some(Value::Null) => {}
            Some(Value::Object(o)) => {
                for (k, v) in o {
                    if k != "ecc" {
                        return Err(to_js_error(&Error::argument("qrCode: unknown option").at_path(k)));
                    }
                    fields.push(("ecc", v));
                }
            }
            Some(_) => return Err(to_js_error(&Error::argument("qrCode: options is an object").at_path("options"))),
        }
        self.call_object("qrCode", fields)
    }
}
