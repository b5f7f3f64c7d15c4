//! `explain`: one JSON method run natively against a pack through `frontdesk::api::call` — what a
//! bank's server does when it re-checks a client's answer — printed as indented JSON in the key
//! order the library answers with.

use crate::jsontext::indent;
use frontdesk::{api, Error, FrontDesk, Locale, RulePack};
use serde_json::Value;
use std::sync::Arc;

/// Largest input file read, in bytes (the library refuses arguments above
/// `api::MAX_ARGUMENT_BYTES` itself; this only bounds reading the file).
pub const MAX_INPUT_BYTES: u64 = 4 * api::MAX_ARGUMENT_BYTES as u64;

/// This computer's clock as RFC 3339 in +08:00 (Asia/Shanghai), for a run without `--now`: the
/// library never reads a clock, so the tool does it, and says so.
pub fn system_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| frontdesk::time::rfc3339(t.with_timezone(&frontdesk::time::shanghai())))
        .unwrap_or_default()
}

/// Run `method` with `input` against `pack` at `now` in `locale`; the answer as indented JSON.
pub fn explain(
    pack: Arc<RulePack>,
    method: &str,
    input: &Value,
    now: &str,
    locale: &str,
) -> Result<String, Error> {
    let desk = FrontDesk::new(pack, now, Locale::parse(locale)?)?;
    if !api::method_known(method) {
        return Err(Error::new(
            "method.unknown",
            format!(
                "unknown method; the methods are: {}",
                api::METHODS.join(", ")
            ),
        ));
    }
    Ok(indent(&api::call_json(&desk, method, input)?))
}
