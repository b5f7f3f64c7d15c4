//! Bindings of the QR encoder (`crate::qr`): convert the positional JS arguments into the JSON
//! `api::call` takes.

use super::{from_js, to_js_error, JsFrontDesk};
use crate::error::Error;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = FrontDesk)]
impl JsFrontDesk {
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
