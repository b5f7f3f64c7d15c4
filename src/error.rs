//! The one error type for failures that are not findings: a bad rule pack, bad arguments, a date the
//! calendar does not cover. Error strings never carry personal data: they name files, fields, codes
//! and limits, never the values a customer typed.

use serde::Serialize;
use std::fmt;

/// A failure that is not a finding about the customer's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// Stable machine code, e.g. `rule_pack.invalid`, `argument.invalid`, `calendar.year_not_covered`.
    pub code: String,
    /// Technical English description for developers (never shown to customers, never personal data).
    pub message: String,
    /// The rule-pack file the error is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The field path inside the file or argument, if any (e.g. `tiers[2].limits.dayFen`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Error {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Error { code: code.to_string(), message: message.into(), file: None, path: None }
    }
    pub fn argument(message: impl Into<String>) -> Self {
        Error::new("argument.invalid", message)
    }
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        let p = path.into();
        if !p.is_empty() && p != "." {
            self.path = Some(p);
        }
        self
    }
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
    /// Deserialize `value` as `T`, turning a failure into an `argument.invalid` error naming the
    /// field path (never the offending value: serde's messages are reduced to their kind).
    pub fn decode_argument<T: serde::de::DeserializeOwned>(
        what: &str,
        value: &serde_json::Value,
    ) -> Result<T, Error> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            Error::argument(format!("{what}: {}", scrub_serde_message(&e.inner().to_string())))
                .at_path(path)
        })
    }
}

/// serde messages such as `invalid type: string "110105…", expected u32` quote the input; keep only
/// the part before the quoted value so no personal data reaches an error string.
pub fn scrub_serde_message(msg: &str) -> String {
    let cut = msg.find(|c| c == '"' || c == '`').unwrap_or(msg.len());
    let mut head = msg[..cut].trim_end().trim_end_matches(':').to_string();
    if let Some(exp) = msg.rfind(", expected ") {
        if exp >= cut {
            head.push_str(&msg[exp..]);
        }
    }
    if let Some(pos) = msg.find(" at line ") {
        if pos >= cut {
            head.push_str(&msg[pos..]);
        }
    }
    head
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(file) = &self.file {
            write!(f, " (file {file}")?;
            if let Some(p) = &self.path {
                write!(f, ", field {p}")?;
            }
            write!(f, ")")?;
        } else if let Some(p) = &self.path {
            write!(f, " (field {p})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbed_messages_drop_quoted_values() {
        let m = scrub_serde_message("invalid type: string \"11010519491231002X\", expected u32");
        assert_eq!(m, "invalid type: string, expected u32");
        assert!(!m.contains("1101"));
        let m = scrub_serde_message("unknown field `phone`, expected one of `kind`, `number`");
        assert_eq!(m, "unknown field, expected one of `kind`, `number`");
    }

    #[test]
    fn display_names_file_and_field() {
        let e = Error::new("rule_pack.invalid", "bad value").in_file("tiers.json").at_path("tiers[0].id");
        assert_eq!(e.to_string(), "rule_pack.invalid: bad value (file tiers.json, field tiers[0].id)");
    }
}
