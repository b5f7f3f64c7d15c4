//! `frontdesk-pack`: tools for the people who maintain a bank's rule pack (docs/rule-packs.md).
//!
//! - `check`: every problem of a pack folder or bundle, with file, JSON path and line (`check`);
//! - `diff`: the changes between two packs that a reviewer must approve (`diff`);
//! - `bundle`: one minified, versioned file with a SHA-256 that a host loads (`bundle_text`);
//! - `explain`: one JSON method run natively against a pack, as the bank's server runs it (`explain`).

pub mod check;
pub mod diff;
pub mod explain;
pub mod jsontext;
pub mod problem;
pub mod schema;
pub mod source;

pub use source::Source;

use frontdesk::rulepack::{bundle, Files};
use serde_json::Value;

/// The bundle file of `files`: the envelope `{ format, name, version, sha256, files }` of
/// `frontdesk::rulepack::bundle`, minified, `$schema` keys left out, keys in that order and the
/// files in their canonical form (so the text after `"files":` is exactly what the sha256 covers).
/// Ends with a newline.
pub fn bundle_text(files: &Files) -> String {
    let envelope = bundle::envelope(files);
    let field = |k: &str| envelope.get(k).cloned().unwrap_or(Value::Null).to_string();
    let mut stripped = Files::new();
    if let Some(Value::Object(m)) = envelope.get("files") {
        for (path, content) in m {
            stripped.insert(path.clone(), content.clone());
        }
    }
    format!(
        "{{\"format\":{},\"name\":{},\"version\":{},\"sha256\":{},\"files\":{}}}\n",
        field("format"),
        field("name"),
        field("version"),
        field("sha256"),
        bundle::canonical_files(&stripped),
    )
}
