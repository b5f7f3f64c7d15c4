//! Bindings of the working-day calendar and the callback plan (`crate::calendar`) and of the QR
//! encoder (`crate::qr`): convert the positional JS arguments into the JSON `api::call` takes.

use super::{from_js, to_js_error, JsFrontDesk};
use crate::api;
use crate::error::Error;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

impl JsFrontDesk {
    /// Positional arguments `(a, b)`, or — when `a` is an object and `b` is undefined — the
    /// object form that `callMethod` and the server take (`addWorkingDays({ date, days })`).
    fn call_pair(
        &self,
        method: &str,
        names: (&str, &str),
        a: JsValue,
        b: JsValue,
    ) -> Result<JsValue, JsValue> {
        if a.is_object() && b.is_undefined() {
            return self.call(method, a);
        }
        self.call_object(method, vec![(names.0, from_js(a)?), (names.1, from_js(b)?)])
    }

    fn call_object(&self, method: &str, fields: Vec<(&str, Value)>) -> Result<JsValue, JsValue> {
        let mut input = Map::new();
        for (k, v) in fields {
            input.insert(k.to_string(), v);
        }
        let out = api::call_json(&self.inner, method, &Value::Object(input))
            .map_err(|e| to_js_error(&e))?;
        super::parse_js(&out)
    }
}

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
    /// Whether `date` (`YYYY-MM-DD`) is a working day, and what kind of day it is. Throws
    /// `FrontDeskError` `calendar.year_not_covered` for a year the rule pack does not cover.
    #[wasm_bindgen(js_name = isWorkingDay, unchecked_return_type = "DayInfo")]
    pub fn is_working_day(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("isWorkingDay", date)
    }

    /// The `days`-th working day after `date` (counting from the next day; 0 returns `date`).
    /// Also accepts the object form `addWorkingDays({ date, days })`.
    #[wasm_bindgen(js_name = addWorkingDays, unchecked_return_type = "AddedDays")]
    pub fn add_working_days(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] days: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_pair("addWorkingDays", ("date", "days"), date, days)
    }

    /// Working days in `(from, to]` (negative when `to` is earlier). Also `({ from, to })`.
    #[wasm_bindgen(js_name = workingDaysBetween, unchecked_return_type = "Between")]
    pub fn working_days_between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_pair("workingDaysBetween", ("from", "to"), from, to)
    }

    /// Due date and questionnaire of every callback for `{ accounts, events }`.
    #[wasm_bindgen(js_name = callbackPlan, unchecked_return_type = "CallbackPlan")]
    pub fn callback_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlanInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("callbackPlan", input)
    }

    /// Encode `text` (≤ 1,000 bytes of UTF-8) as a QR code; `options.ecc` is `L`, `M` (default),
    /// `Q` or `H`. Also accepts the object form `qrCode({ text, ecc })`.
    #[wasm_bindgen(js_name = qrCode, unchecked_return_type = "QrCode")]
    pub fn qr_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ ecc?: Ecc }")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        if text.is_object() && options.is_none() {
            return self.call("qrCode", text);
        }
        let mut fields = vec![("text", from_js(text)?)];
        match options.map(from_js).transpose()? {
            None | Some(Value::Null) => {}
            Some(Value::Object(o)) => {
                for (k, v) in o {
                    if k != "ecc" {
                        return Err(to_js_error(
                            &Error::argument("qrCode: unknown option").at_path(k),
                        ));
                    }
                    fields.push(("ecc", v));
                }
            }
            Some(_) => {
                return Err(to_js_error(
                    &Error::argument("qrCode: options is an object").at_path("options"),
                ))
            }
        }
        self.call_object("qrCode", fields)
    }
}
