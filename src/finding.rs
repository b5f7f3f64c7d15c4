//! Findings: what every check returns instead of a boolean.

use crate::jsonout::{JsonOut, WriteJson};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Message parameters: named values substituted into the localized message template.
pub type Params = BTreeMap<String, Value>;

/// One observation about the input: a stable machine code, a severity, the field it is about, its
/// parameters and a message in the caller's locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Finding {
    /// Stable dotted machine code, e.g. `resident_id.checksum`.
    pub code: String,
    pub severity: Severity,
    /// Path of the input field the finding is about (`number`, `applicant.document.number`), or
    /// `null` when it is about the input as a whole.
    pub field: Option<String>,
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Record<string, string | number | boolean | null>")
    )]
    pub params: Params,
    /// Rendered in the desk's locale from the rule pack's message catalog.
    pub message: String,
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Severity {
    /// The JSON name (`info`, `warning`, `error`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl WriteJson for Severity {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(self.name());
    }
}

/// A finding as its `Serialize` derive writes it (declared order: code, severity, field, params,
/// message).
impl WriteJson for Finding {
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        out.field_str("code", &self.code);
        out.field_str("severity", self.severity.name());
        out.field("field", &self.field);
        out.field("params", &self.params);
        out.field_str("message", &self.message);
        out.close_obj();
    }
}

/// Findings with their keys in sorted order (code, field, message, params, severity): the order a
/// `serde_json::Value` of them gives, which some answers keep.
pub struct SortedFindings<'a>(pub &'a [Finding]);

impl WriteJson for SortedFindings<'_> {
    fn write_json(&self, out: &mut JsonOut) {
        out.open_arr();
        for f in self.0 {
            out.open_obj();
            out.field_str("code", &f.code);
            out.field("field", &f.field);
            out.field_str("message", &f.message);
            out.field("params", &f.params);
            out.field_str("severity", f.severity.name());
            out.close_obj();
        }
        out.close_arr();
    }
}

/// True when no finding is an error.
pub fn no_errors(findings: &[Finding]) -> bool {
    !findings.iter().any(Finding::is_error)
}

/// Build a parameter map: `params![("days", 12), ("kind", "x")]`.
#[macro_export]
macro_rules! params {
    () => { $crate::finding::Params::new() };
    ($(($k:expr, $v:expr)),+ $(,)?) => {{
        let mut p = $crate::finding::Params::new();
        $( $crate::finding::put(&mut p, $k, ::serde_json::Value::from($v)); )+
        p
    }};
}

/// One insert of `params!`, out of line: the macro is used at hundreds of sites.
#[inline(never)]
pub fn put(p: &mut Params, key: &str, value: Value) {
    p.insert(key.to_string(), value);
}

/// Stable sort of `v` by an integer key. Every caller shares one instantiation of the standard
/// sort (on `(key, position)` pairs, so equal keys keep their order): each `sort_by_key` on a new
/// element type would add its own few KB of sorting code to the WASM module.
pub fn stable_sort_by_key<T>(v: &mut Vec<T>, key: impl Fn(&T) -> i128) {
    let mut order: Vec<(i128, usize)> = v.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|(_, i)| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::stable_sort_by_key;

    #[test]
    fn findings_are_written_as_serde_writes_them() {
        use super::{Finding, Severity, SortedFindings};
        use crate::jsonout::text;
        let findings = vec![
            Finding {
                code: "a.b".into(),
                severity: Severity::Warning,
                field: Some("number".into()),
                params: crate::params![("n", 3), ("s", "x\"y"), ("f", 1.5)],
                message: "中文 \n".into(),
            },
            Finding {
                code: "c".into(),
                severity: Severity::Info,
                field: None,
                params: crate::params![],
                message: String::new(),
            },
        ];
        assert_eq!(text(&findings), serde_json::to_string(&findings).unwrap());
        let value = serde_json::to_value(&findings).unwrap();
        assert_eq!(
            text(&SortedFindings(&findings)),
            serde_json::to_string(&value).unwrap()
        );
        for s in [Severity::Info, Severity::Warning, Severity::Error] {
            assert_eq!(text(&s), serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn stable_sort_keeps_equal_keys_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (-7, 'f')];
        stable_sort_by_key(&mut v, |x| x.0 as i128);
        assert_eq!(
            v,
            [(-7, 'f'), (1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]
        );
        let mut empty: Vec<u8> = Vec::new();
        stable_sort_by_key(&mut empty, |x| *x as i128);
        assert!(empty.is_empty());
    }
}
