//! The shared hand-written JSON writer for answers: the counterpart of `crate::jsonread`.
//!
//! serde's `Serialize` derives cost the WASM module one serializer body per result type and one
//! `serialize_entry` per field type (hundreds of instantiations in the full package); this writer
//! is a handful of non-generic functions, and each result type says in one short `WriteJson` impl
//! what it writes. The text is byte-for-byte what `serde_json::to_string` gives for the same data
//! (the tests below hold the escapes, numbers and nesting to it): compact, strings escaped only
//! where JSON requires (`"`, `\`, control characters; lowercase `\u00xx`), integers as written,
//! floats in serde_json's shortest form, non-finite floats as `null`.
//!
//! Use: `impl WriteJson for MyResult { fn write_json(&self, out: &mut JsonOut) { out.open_obj();
//! out.field("a", &self.a); out.field_some("b", &self.b); out.close_obj(); } }` and
//! `jsonout::text(&result)` for the JSON text. Field values go through `&dyn WriteJson`, so a new
//! field type adds one small `write_json`, not a serializer instantiation.

use serde_json::Value;
use std::collections::BTreeMap;

/// A JSON text being written. Values are separated by commas automatically: `key` writes the comma
/// before a key after the first; a value written directly in an array writes its own.
#[derive(Default)]
pub struct JsonOut {
    buf: String,
    /// A value was written at this level: the next key or array item needs a comma.
    comma: bool,
}

/// Anything written as one JSON value.
pub trait WriteJson {
    fn write_json(&self, out: &mut JsonOut);
}

/// The JSON text of `v`.
pub fn text(v: &dyn WriteJson) -> String {
    let mut out = JsonOut::with_capacity(256);
    v.write_json(&mut out);
    out.finish()
}

impl JsonOut {
    pub fn new() -> Self {
        JsonOut::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        JsonOut {
            buf: String::with_capacity(n),
            comma: false,
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.buf
    }

    #[inline(never)]
    fn sep(&mut self) {
        if self.comma {
            self.buf.push(',');
        }
        self.comma = true;
    }

    /// `{`: an object starts (as a value: after a key or as an array item).
    #[inline(never)]
    pub fn open_obj(&mut self) {
        self.sep();
        self.buf.push('{');
        self.comma = false;
    }

    #[inline(never)]
    pub fn close_obj(&mut self) {
        self.buf.push('}');
        self.comma = true;
    }

    /// `[`: an array starts (as a value).
    #[inline(never)]
    pub fn open_arr(&mut self) {
        self.sep();
        self.buf.push('[');
        self.comma = false;
    }

    #[inline(never)]
    pub fn close_arr(&mut self) {
        self.buf.push(']');
        self.comma = true;
    }

    /// `"k":` inside an object; the value written next belongs to it.
    #[inline(never)]
    pub fn key(&mut self, k: &str) {
        self.sep();
        self.escaped(k);
        self.buf.push(':');
        self.comma = false;
    }

    /// `"k":` and `v`.
    #[inline(never)]
    pub fn field(&mut self, k: &str, v: &dyn WriteJson) {
        self.key(k);
        v.write_json(self);
    }

    /// `"k":` and `v`, left out when `v` is `None` (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn field_some<T: WriteJson>(&mut self, k: &str, v: &Option<T>) {
        if let Some(v) = v {
            self.field(k, v);
        }
    }

    /// `"k":"v"`.
    #[inline(never)]
    pub fn field_str(&mut self, k: &str, v: &str) {
        self.key(k);
        self.str(v);
    }

    /// A string value.
    #[inline(never)]
    pub fn str(&mut self, s: &str) {
        self.sep();
        self.escaped(s);
    }

    /// `"…"` with the escapes serde_json writes.
    #[inline(never)]
    fn escaped(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let buf = &mut self.buf;
        buf.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let esc = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            buf.push_str(&s[start..i]);
            if esc.is_empty() {
                buf.push_str("\\u00");
                buf.push(HEX[usize::from(b >> 4)] as char);
                buf.push(HEX[usize::from(b & 15)] as char);
            } else {
                buf.push_str(esc);
            }
            start = i + 1;
        }
        buf.push_str(&s[start..]);
        buf.push('"');
    }

    #[inline(never)]
    pub fn bool(&mut self, b: bool) {
        self.sep();
        self.buf.push_str(if b { "true" } else { "false" });
    }

    #[inline(never)]
    pub fn null(&mut self) {
        self.sep();
        self.buf.push_str("null");
    }

    /// An integer value.
    #[inline(never)]
    pub fn i64(&mut self, n: i64) {
        self.sep();
        if n < 0 {
            self.buf.push('-');
        }
        self.digits(n.unsigned_abs());
    }

    #[inline(never)]
    pub fn u64(&mut self, n: u64) {
        self.sep();
        self.digits(n);
    }

    fn digits(&mut self, mut n: u64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &tmp[i..] {
            self.buf.push(d as char);
        }
    }

    /// A float value in serde_json's form (`1.0`, `0.1`, `1e+21`…); `null` when not finite.
    #[inline(never)]
    pub fn f64(&mut self, x: f64) {
        match serde_json::Number::from_f64(x) {
            Some(n) => {
                self.sep();
                self.buf.push_str(&n.to_string());
            }
            None => self.null(),
        }
    }

    /// Any JSON value (object keys in the map's order: sorted, as serde_json's `Map` here).
    #[inline(never)]
    pub fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    self.u64(u);
                } else if let Some(i) = n.as_i64() {
                    self.i64(i);
                } else {
                    self.f64(n.as_f64().unwrap_or(f64::NAN));
                }
            }
            Value::String(s) => self.str(s),
            Value::Array(a) => a.write_json(self),
            Value::Object(m) => m.write_json(self),
        }
    }
}

impl WriteJson for str {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(self);
    }
}

impl WriteJson for String {
    fn write_json(&self, out: &mut JsonOut) {
        out.str(self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut JsonOut) {
        out.bool(*self);
    }
}

macro_rules! ints {
    ($($t:ty => $f:ident),*) => {$(
        impl WriteJson for $t {
            fn write_json(&self, out: &mut JsonOut) {
                out.$f(*self as _);
            }
        }
    )*};
}
ints!(i8 => i64, i16 => i64, i32 => i64, i64 => i64, isize => i64,
      u8 => u64, u16 => u64, u32 => u64, u64 => u64, usize => u64);

impl WriteJson for f64 {
    fn write_json(&self, out: &mut JsonOut) {
        out.f64(*self);
    }
}

impl WriteJson for Value {
    fn write_json(&self, out: &mut JsonOut) {
        out.value(self);
    }
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, out: &mut JsonOut) {
        (**self).write_json(out);
    }
}

impl<T: WriteJson + ?Sized> WriteJson for Box<T> {
    fn write_json(&self, out: &mut JsonOut) {
        (**self).write_json(out);
    }
}

/// `None` is `null` (serde's default for an `Option` field not skipped).
impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut JsonOut) {
        match self {
            Some(v) => v.write_json(out),
            None => out.null(),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut JsonOut) {
        out.open_arr();
        for x in self {
            x.write_json(out);
        }
        out.close_arr();
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut JsonOut) {
        self.as_slice().write_json(out);
    }
}

impl<K: AsRef<str>, V: WriteJson> WriteJson for BTreeMap<K, V> {
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        for (k, v) in self {
            out.field(k.as_ref(), v);
        }
        out.close_obj();
    }
}

// The capabilities' answers (branch `writer`): `#[derive(WriteJson)]` (crate `frontdesk-derive`,
// in `derive/`) writes a result type from the same `#[serde(...)]` attributes tsify reads for its
// TypeScript type (rename_all, rename, skip, skip_serializing_if, transparent; anything else is a
// compile error), as `open_obj`, one `field` per field and `close_obj`: the text serde's derive
// wrote, without a serializer per type.
pub use frontdesk_derive::WriteJson;

/// A method's answer as JSON text, in the `Result` every dispatcher returns (writing cannot fail).
pub fn to_json(v: &dyn WriteJson) -> Result<String, crate::error::Error> {
    Ok(text(v))
}

/// `v` as a `serde_json::Value` (checksums over canonical text, answers composed from others).
pub fn to_value(v: &dyn WriteJson) -> Value {
    crate::jsonread::parse(&text(v)).unwrap_or(Value::Null)
}

/// A pair is a two-item array (serde's tuples).
impl<A: WriteJson, B: WriteJson> WriteJson for (A, B) {
    fn write_json(&self, out: &mut JsonOut) {
        out.open_arr();
        self.0.write_json(out);
        self.1.write_json(out);
        out.close_arr();
    }
}

impl WriteJson for serde_json::Map<String, Value> {
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        for (k, v) in self {
            out.key(k);
            out.value(v);
        }
        out.close_obj();
    }
}

#[cfg(test)]
mod tests {
    use super::{text, JsonOut, WriteJson};
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        let samples = [
            json!(null),
            json!(true),
            json!([]),
            json!({}),
            json!([[], {}, [{}], {"a": []}]),
            json!(0),
            json!(-1),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(0.1),
            json!(1.0),
            json!(-0.0),
            json!(1e21),
            json!(1.5e-7),
            json!(123456789.125),
            json!(f64::MAX),
            json!("plain"),
            json!("q\"b\\s/\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}"),
            json!("中文 — é 😀"),
            json!({"b": [1, true, null, "x\"y\n"], "a": {"z": 1, "é": 2, "A": 3}, "": -2.5}),
        ];
        for v in samples {
            assert_eq!(text(&v), serde_json::to_string(&v).unwrap(), "{v:?}");
        }
    }

    #[test]
    fn base_types_are_written_as_their_serialize_derives_write_them() {
        use crate::i18n::{Locale, Text};
        use crate::mask::IdMaskStyle;
        use crate::time::DeadlineRule;
        let same = |a: String, b: String| assert_eq!(a, b);
        let t = Text {
            zh_cn: "北京\"市".into(),
            en: "Beijing".into(),
        };
        same(text(&t), serde_json::to_string(&t).unwrap());
        for l in Locale::ALL {
            same(text(&l), serde_json::to_string(&l).unwrap());
        }
        for m in [
            IdMaskStyle::First3Last4,
            IdMaskStyle::First6Last4,
            IdMaskStyle::First1Last1,
        ] {
            same(text(&m), serde_json::to_string(&m).unwrap());
            assert_eq!(IdMaskStyle::parse(m.name()), Some(m));
        }
        for deadline in [None, Some("consumer_complaint".to_string())] {
            let d = DeadlineRule {
                counting: "calendar_days".into(),
                days: 15,
                from: "2026-01-01".into(),
                raw_last_day: "2026-01-16".into(),
                last_day: deadline.as_ref().map(|_| "2026-01-19".to_string()),
                rolled: deadline.is_some(),
                basis: "civil_code_203".into(),
                deadline,
            };
            same(text(&d), serde_json::to_string(&d).unwrap());
        }
    }

    #[test]
    fn fields_options_lists_and_maps_follow_serde() {
        struct S {
            a: Option<String>,
            b: Option<i32>,
            c: Vec<u32>,
            d: BTreeMap<String, Option<bool>>,
        }
        impl WriteJson for S {
            fn write_json(&self, out: &mut JsonOut) {
                out.open_obj();
                out.field("a", &self.a);
                out.field_some("b", &self.b);
                out.field("c", &self.c);
                out.field("d", &self.d);
                out.field_str("e", "é");
                out.close_obj();
            }
        }
        let mut d = BTreeMap::new();
        d.insert("y".to_string(), None);
        d.insert("x".to_string(), Some(false));
        let s = S {
            a: None,
            b: None,
            c: vec![1, 2],
            d,
        };
        assert_eq!(
            text(&s),
            r#"{"a":null,"c":[1,2],"d":{"x":false,"y":null},"e":"é"}"#
        );
        let list = vec![s];
        let v: Value = serde_json::from_str(&text(&list)).unwrap();
        assert_eq!(v[0]["c"], json!([1, 2]));
        assert_eq!(text(&f64::NAN), "null");
    }

    #[derive(serde::Serialize, super::WriteJson)]
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
        map: BTreeMap<String, Vec<(Kind, i64)>>,
        obj: serde_json::Map<String, Value>,
        nested: Vec<Inner>,
    }

    #[derive(serde::Serialize, super::WriteJson)]
    #[serde(transparent)]
    struct Inner(Box<Option<Kind>>);

    #[derive(serde::Serialize, super::WriteJson, Clone, Copy)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        WorkingDays,
        #[serde(rename = "zh-CN")]
        Chinese,
    }

    #[test]
    fn the_derive_writes_what_serde_derive_writes() {
        let mut map = BTreeMap::new();
        map.insert(
            "x\"y".to_string(),
            vec![(Kind::Chinese, -3), (Kind::WorkingDays, 0)],
        );
        let obj = json!({ "b": [1, {"c": null}], "a": "é" });
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
                obj: obj.as_object().cloned().unwrap_or_default(),
                nested: vec![Inner(Box::new(None)), Inner(Box::new(Some(Kind::Chinese)))],
            };
            assert_eq!(text(&s), serde_json::to_string(&s).unwrap());
            assert_eq!(super::to_value(&s), serde_json::to_value(&s).unwrap());
        }
    }
}
