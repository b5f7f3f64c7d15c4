//! Writes every shared fixture's native answer (through `frontdesk::api::call_json`) as JSON, for the
//! parity test that compares it byte for byte with the WASM package's answer to the same call
//! (tests/e2e/tests/parity.test.mjs). Usage: `cargo run --example parity -- <out.json>`.

use frontdesk::{api, DeskOptions, FrontDesk};
use serde_json::{json, Value};

#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    let out_path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/parity-native.json".into());
    let mut rows = Vec::new();
    for case in common::cases() {
        let answer = DeskOptions::from_json(&common::desk_options(&case))
            .and_then(|o| FrontDesk::from_options(&o))
            .and_then(|desk| api::call_json(&desk, &case.method, &case.input));
        // The result travels as JSON text, exactly as serde_json writes it.
        let (ok, text) = match answer {
            Ok(text) => (true, text),
            Err(e) => (false, e.into_detail().code),
        };
        rows.push(
            json!({ "file": case.file, "name": case.name, "method": case.method, "now": case.now,
                          "locale": case.locale, "desk": case.desk, "input": case.input, "ok": ok, "json": text }),
        );
    }
    let doc = Value::Array(rows);
    std::fs::write(&out_path, serde_json::to_string(&doc).expect("serialize"))
        .expect("write parity output");
    eprintln!(
        "parity: {} native answers written to {out_path}",
        doc.as_array().map_or(0, Vec::len)
    );
}
