//! Bindings of the working-day calendar (`crate::calendar`): convert the
//! positional JS arguments into the JSON `api::call` takes.

use super::{from_js, JsFrontDesk};
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
}
