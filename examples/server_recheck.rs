//! How a bank's server re-checks what a client submitted. The client-side answer is a convenience
//! for the customer; the server runs the same core natively on the same input, with its own "now"
//! and its own rule pack, and decides.
//!
//! ```sh
//! echo '{"method":"validateDocument","input":{"kind":"cn_resident_id","number":"11010519491231002X"}}' \
//!   | cargo run --example server_recheck
//! ```

use frontdesk::{api, FrontDesk, Locale};
use std::io::Read;

fn main() {
    let mut body = String::new();
    if std::io::stdin()
        .take(512 * 1024)
        .read_to_string(&mut body)
        .is_err()
    {
        eprintln!("stdin is not UTF-8");
        std::process::exit(2);
    }
    let submission: serde_json::Value = match serde_json::from_str(&body) {
        Ok(v) => v,
        Err(_) => {
            eprintln!("submission is not JSON");
            std::process::exit(2);
        }
    };
    // The server's own clock and pack: a server reads its clock here, outside the core.
    let now = std::env::var("FRONTDESK_NOW").unwrap_or_else(|_| "2026-11-23T10:00:00+08:00".into());
    let desk =
        FrontDesk::with_default_pack(&now, Locale::ZhCn).expect("the embedded pack is valid");
    let method = submission["method"].as_str().unwrap_or("");
    match api::call(&desk, method, &submission["input"]) {
        Ok(answer) => {
            // Decide on the server's answer, never on what the client said it got.
            let accepted = answer
                .get("valid")
                .or_else(|| answer.get("ready"))
                .and_then(|v| v.as_bool());
            println!(
                "{}",
                serde_json::json!({ "accepted": accepted, "answer": answer })
            );
        }
        Err(e) => {
            // Error strings carry codes and paths, never the submitted values.
            println!("{}", serde_json::json!({ "accepted": false, "error": e }));
        }
    }
}
