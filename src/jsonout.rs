//! The compact JSON writer of the answers: `ToJson` writes a value into `Out` (a `String`), with no
//! `Result` at every step and no serializer state machine per type. Result types derive it with
//! `#[derive(ToJson)]` (crate `frontdesk-derive`), which reads the same `#[serde(...)]` attributes
//! tsify reads for the TypeScript types; the text is byte for byte what `serde_json::to_string`
//! wrote for the same type (key order, escapes, integers, `null` for `None`, absent for a skipped
//! field), so the fixtures' answers are unchanged.
//!
//! Types of the base and of the documents capability that still derive serde's `Serialize` are
//! written through `serde_json` (`serde_written!`): their serializer is in the package anyway.

use crate::error::Error;
use serde_json::Value;
use std::collections::BTreeMap;

pub use frontdesk_derive::ToJson;

/// A value that writes itself as JSON text.
pub trait ToJson {
    fn write_json(&self, out: &mut Out);
}

/// The text being written.
#[derive(Default)]
pub struct Out {
    text: String,
}

impl Out {
    /// Text written as is (the derive's keys with their separators, `{`, `}`, names of variants).
    #[inline]
    pub fn raw(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// A key (`"name":`) that may or may not be the first of its object.
    pub fn key(&mut self, quoted_key_colon: &str) {
        if !matches!(self.text.as_bytes().last(), Some(b'{') | None) {
            self.text.push(',');
        }
        self.text.push_str(quoted_key_colon);
    }

    /// A string, escaped as serde_json escapes it (`"`, `\`, control characters; nothing else).
    pub fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.text.push('"');
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b >= 0x20 && b != b'"' && b != b'\\' {
                continue;
            }
            self.text.push_str(&s[start..i]);
            match b {
                b'"' => self.text.push_str("\\\""),
                b'\\' => self.text.push_str("\\\\"),
                0x08 => self.text.push_str("\\b"),
                0x0c => self.text.push_str("\\f"),
                b'\n' => self.text.push_str("\\n"),
                b'\r' => self.text.push_str("\\r"),
                b'\t' => self.text.push_str("\\t"),
                _ => {
                    self.text.push_str("\\u00");
                    self.text.push(HEX[(b >> 4) as usize] as char);
                    self.text.push(HEX[(b & 0xf) as usize] as char);
                }
            }
            start = i + 1;
        }
        self.text.push_str(&s[start..]);
        self.text.push('"');
    }

    /// An unsigned integer in decimal.
    pub fn unsigned(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &b in &buf[i..] {
            self.text.push(b as char);
        }
    }

    /// A signed integer in decimal.
    pub fn signed(&mut self, n: i64) {
        if n < 0 {
            self.text.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    /// The elements of a sequence as a JSON array.
    pub fn array<'a, T: ToJson + 'a>(&mut self, items: impl IntoIterator<Item = &'a T>) {
        self.text.push('[');
        for (i, x) in items.into_iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            x.write_json(self);
        }
        self.text.push(']');
    }

    /// A value of a type that still derives serde's `Serialize` (see `serde_written!`).
    pub fn serde<T: serde::Serialize + ?Sized>(&mut self, v: &T) {
        // serde_json writes valid UTF-8 or fails; a failure (never for these types) writes null.
        match serde_json::to_string(v) {
            Ok(s) => self.text.push_str(&s),
            Err(_) => self.text.push_str("null"),
        }
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

/// `v` as JSON text.
pub fn to_string<T: ToJson + ?Sized>(v: &T) -> String {
    let mut out = Out::default();
    v.write_json(&mut out);
    out.into_string()
}

/// A method's answer as JSON text (the `Result` every dispatcher returns; writing cannot fail).
pub fn to_json<T: ToJson + ?Sized>(v: &T) -> Result<String, Error> {
    Ok(to_string(v))
}

/// `v` as a `serde_json::Value` (for checksums and composed answers that edit a result).
pub fn to_value<T: ToJson + ?Sized>(v: &T) -> Value {
    serde_json::from_str(&to_string(v)).unwrap_or(Value::Null)
}

impl ToJson for str {
    fn write_json(&self, out: &mut Out) {
        out.string(self)
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut Out) {
        out.string(self)
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut Out) {
        out.raw(if *self { "true" } else { "false" })
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut Out) {
                out.unsigned(*self as u64)
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64, usize);

macro_rules! signed {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut Out) {
                out.signed(*self as i64)
            }
        }
    )*};
}
signed!(i8, i16, i32, i64, isize);

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut Out) {
        (**self).write_json(out)
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, out: &mut Out) {
        (**self).write_json(out)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut Out) {
        match self {
            Some(v) => v.write_json(out),
            None => out.raw("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut Out) {
        out.array(self)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut Out) {
        out.array(self)
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, out: &mut Out) {
        out.raw("[");
        self.0.write_json(out);
        out.raw(",");
        self.1.write_json(out);
        out.raw("]");
    }
}

impl<K: AsRef<str>, V: ToJson> ToJson for BTreeMap<K, V> {
    fn write_json(&self, out: &mut Out) {
        out.raw("{");
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                out.raw(",");
            }
            out.string(k.as_ref());
            out.raw(":");
            v.write_json(out);
        }
        out.raw("}");
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut Out) {
        match self {
            Value::Null => out.raw("null"),
            Value::Bool(b) => b.write_json(out),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => out.unsigned(u),
                (None, Some(i)) => out.signed(i),
                _ => out.serde(n),
            },
            Value::String(s) => out.string(s),
            Value::Array(a) => out.array(a),
            Value::Object(m) => m.write_json(out),
        }
    }
}

impl ToJson for serde_json::Map<String, Value> {
    fn write_json(&self, out: &mut Out) {
        out.raw("{");
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                out.raw(",");
            }
            out.string(k);
            out.raw(":");
            v.write_json(out);
        }
        out.raw("}");
    }
}

/// Types still serialized by serde (owned by the base and the documents capability): written
/// through `serde_json`, whose code for them the documents answers keep in the package anyway.
macro_rules! serde_written {
    ($($t:ty),* $(,)?) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut Out) {
                out.serde(self)
            }
        }
    )*};
}
serde_written!(
    crate::finding::Finding,
    crate::finding::Severity,
    crate::vocabulary::Channel,
    crate::vocabulary::RiskLevel,
    crate::i18n::Locale,
    crate::i18n::Text,
    crate::time::DeadlineRule,
    crate::mask::IdMaskStyle,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_numbers_are_written_as_serde_json_writes_them() {
        let s = "a\"b\\c\u{1}\u{8}\u{c}\n\r\t\u{1f}\u{7f}é中/";
        assert_eq!(to_string(s), serde_json::to_string(s).unwrap());
        for n in [0i64, 7, -7, 10, i64::MIN, i64::MAX, 1_000_000] {
            assert_eq!(to_string(&n), serde_json::to_string(&n).unwrap());
        }
        assert_eq!(
            to_string(&u64::MAX),
            serde_json::to_string(&u64::MAX).unwrap()
        );
        let v =
            serde_json::json!({ "b": [1, -2, 2.5, null, true, "x\n"], "a": { "k": {} }, "c": [] });
        assert_eq!(to_string(&v), serde_json::to_string(&v).unwrap());
    }

    #[derive(serde::Serialize, ToJson)]
    #[serde(rename_all = "camelCase")]
    struct Sample {
        #[serde(skip_serializing_if = "Option::is_none")]
        first_maybe: Option<u32>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        second_maybe: Vec<String>,
        always_here: Option<String>,
        #[serde(skip)]
        _hidden: u8,
        #[serde(rename = "type")]
        kind: Kind,
        #[serde(skip_serializing_if = "Option::is_none")]
        last: Option<Kind>,
        map: BTreeMap<String, Vec<Kind>>,
    }

    #[derive(serde::Serialize, ToJson, Clone, Copy)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        WorkingDays,
        #[serde(rename = "zh-CN")]
        Chinese,
    }

    #[test]
    fn the_derive_writes_what_serde_derive_writes() {
        let mut map = BTreeMap::new();
        map.insert("x\"y".to_string(), vec![Kind::Chinese, Kind::WorkingDays]);
        for (a, b, c, d) in [
            (None, vec![], None, None),
            (Some(3), vec![], Some("z".to_string()), Some(Kind::Chinese)),
            (None, vec!["q".to_string()], None, Some(Kind::WorkingDays)),
            (
                Some(0),
                vec!["q".into(), "r".into()],
                Some(String::new()),
                None,
            ),
        ] {
            let s = Sample {
                first_maybe: a,
                second_maybe: b,
                always_here: c,
                _hidden: 1,
                kind: Kind::WorkingDays,
                last: d,
                map: map.clone(),
            };
            assert_eq!(to_string(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
