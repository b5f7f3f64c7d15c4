//! The shared hand-written reader from `serde_json::Value` for rule-pack files and arguments (the
//! pre-check, the documents rules, the pack manifest and catalogs, …). Deriving `Deserialize` for
//! the same types (and wrapping them for error paths) cost tens of KB of gzip in the WASM module.
//! This reader keeps the first problem in a shared slot instead of returning a `Result` from every
//! field read (each `?` with its drop glue costs code), and still names the file and the exact
//! field of the problem and refuses unknown fields.
//!
//! A decoder reads an object in three moves: `only(&[…])` refuses unknown keys, `require(&[…])`
//! flags the first missing one, then the getters read each field (a missing optional field reads
//! as its default).
//!
//! Also the JSON edges every method shares: the bound on an argument's size (`exceeds`,
//! `MAX_ARGUMENT_BYTES`), a one-string argument (`string_arg`) and a result written as JSON text
//! (`to_json`).

use crate::error::Error;
use crate::i18n::Text;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The top-level key every rule-pack file may carry and no decoder sees (see `Obj::is_schema`).
pub const SCHEMA_KEY: &str = "$schema";

/// Largest JSON argument a method accepts, in bytes when serialized (inputs are bounded before
/// any work is done).
pub const MAX_ARGUMENT_BYTES: usize = 256 * 1024;

/// JSON text → value, as `serde_json::from_str::<Value>` reads it, without serde's deserializer
/// machinery (its visitors, error codes and tables cost the WASM module about 14 KB raw; this is a
/// fraction of that). RFC 8259: no trailing commas, no comments, no leading zeros, strings without
/// raw control characters and without unpaired surrogate escapes; a repeated key keeps its last
/// value; at most 127 nested arrays/objects (serde_json's recursion limit). Numbers as serde_json
/// reads them: an integer that fits is a `u64` (or an `i64` when negative; `-0` is the float
/// `-0.0`), anything else an `f64` from the same significand/exponent arithmetic and the same
/// powers of ten (`pow10`), so the same `f64` bit for bit; out of range an error. The error is the byte
/// offset where reading stopped; callers say what the text was (an argument, a saved state).
pub fn parse(text: &str) -> Result<Value, usize> {
    let mut p = Parser {
        b: text.as_bytes(),
        s: text,
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i == p.b.len() {
        Ok(v)
    } else {
        Err(p.i)
    }
}

struct Parser<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
    depth: u32,
}

/// Exact powers of ten as `f64` (10^22 is the last one an `f64` holds exactly).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// 10^n rounded once to an `f64` (to nearest, ties to even) for n ≤ 308: what serde_json's table
/// of literals holds, so that a float reads exactly as serde_json reads it. Up to 10^22 from
/// `POW10`; above, from 5^n computed exactly in a small big integer (10^n = 5^n · 2^n, and scaling
/// by a power of two is exact), all of them once. A 309-entry table cost 2.6 KB gzip; scaling in
/// steps of 1e22 read 4274565217988351e36 one ulp off (found by tests/json_parse_props.rs).
fn pow10(n: u32) -> Option<f64> {
    if let Some(&p) = POW10.get(n as usize) {
        return Some(p);
    }
    // Built once, on the first float beyond 10^22, so that many such floats cost one table.
    static ABOVE_22: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = ABOVE_22.get_or_init(|| {
        let mut limbs: Vec<u32> = vec![1]; // 5^k, little-endian
        let mut out = Vec::with_capacity(309);
        for k in 0..=308usize {
            if k > 22 {
                out.push(rounded(&limbs, k));
            }
            let mut carry = 0u64;
            for l in limbs.iter_mut() {
                let v = u64::from(*l) * 5 + carry;
                *l = v as u32;
                carry = v >> 32;
            }
            if carry > 0 {
                limbs.push(carry as u32);
            }
        }
        out
    });
    table.get((n as usize).checked_sub(23)?).copied()
}

/// 5^k (`limbs`, more than 53 bits) · 2^k rounded once to an `f64`, to nearest, ties to even.
fn rounded(limbs: &[u32], k: usize) -> f64 {
    let bit = |i: usize| limbs[i / 32] >> (i % 32) & 1 == 1;
    let top = limbs.last().map_or(0, |l| 32 - l.leading_zeros() as usize);
    let bits = (limbs.len() - 1) * 32 + top;
    let shift = bits.saturating_sub(53);
    let mut m: u64 = 0;
    for i in (shift..bits).rev() {
        m = m << 1 | u64::from(bit(i));
    }
    let half = shift > 0 && bit(shift - 1);
    let sticky = shift > 1 && (0..shift - 1).any(bit);
    let mut exp2 = (shift + k) as i32;
    if half && (sticky || m & 1 == 1) {
        m += 1;
        if m == 1 << 53 {
            m >>= 1;
            exp2 += 1;
        }
    }
    m as f64 * 2f64.powi(exp2)
}

impl Parser<'_> {
    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        let yes = self.peek() == c;
        if yes {
            self.i += 1;
        }
        yes
    }

    fn value(&mut self) -> Result<Value, usize> {
        self.ws();
        let start = self.i;
        match self.peek() {
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth >= 128 {
                    return Err(start);
                }
                self.i += 1;
                let v = if self.b[start] == b'{' {
                    let mut m = Map::new();
                    if !self.eat(b'}') {
                        loop {
                            self.ws();
                            if self.peek() != b'"' {
                                return Err(self.i);
                            }
                            let k = self.string()?;
                            if !self.eat(b':') {
                                return Err(self.i);
                            }
                            let v = self.value()?;
                            m.insert(k, v);
                            if self.eat(b'}') {
                                break;
                            }
                            if !self.eat(b',') {
                                return Err(self.i);
                            }
                        }
                    }
                    Value::Object(m)
                } else {
                    let mut a = Vec::new();
                    if !self.eat(b']') {
                        loop {
                            a.push(self.value()?);
                            if self.eat(b']') {
                                break;
                            }
                            if !self.eat(b',') {
                                return Err(self.i);
                            }
                        }
                    }
                    Value::Array(a)
                };
                self.depth -= 1;
                Ok(v)
            }
            b'"' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number(),
            _ => {
                for (word, v) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self.b[start..].starts_with(word.as_bytes()) {
                        self.i += word.len();
                        return Ok(v);
                    }
                }
                Err(start)
            }
        }
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, usize> {
        let digits = self.b.get(self.i..self.i + 4).ok_or(self.b.len())?;
        let mut n = 0;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or(self.i)?;
            n = n * 16 + v;
        }
        self.i += 4;
        Ok(n)
    }

    /// A string at `"`.
    fn string(&mut self) -> Result<String, usize> {
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let c = *self.b.get(self.i).ok_or(self.b.len())?;
            match c {
                b'"' => {
                    out.push_str(&self.s[run..self.i]);
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.s[run..self.i]);
                    let at = self.i;
                    self.i += 2;
                    let ch = match self.b.get(at + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let mut n = self.hex4()?;
                            if (0xD800..0xDC00).contains(&n) {
                                // A high surrogate: a low one must follow as `\uDC00`–`\uDFFF`.
                                if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err(self.i);
                                }
                                self.i += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.i);
                                }
                                n = 0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00);
                            }
                            char::from_u32(n).ok_or(self.i)?
                        }
                        _ => return Err(at),
                    };
                    out.push(ch);
                    run = self.i;
                }
                0..=0x1f => return Err(self.i),
                _ => self.i += 1,
            }
        }
    }

    /// A number at `-` or a digit.
    fn number(&mut self) -> Result<Value, usize> {
        let positive = self.peek() != b'-';
        if !positive {
            self.i += 1;
        }
        let digit = |p: &Self| p.peek().wrapping_sub(b'0') as u64;
        // The integer part: no leading zero before another digit.
        if digit(self) > 9 {
            return Err(self.i);
        }
        let mut sig: u64 = 0;
        let mut exp: i64 = 0;
        let mut float = false;
        if self.peek() == b'0' {
            self.i += 1;
            if digit(self) <= 9 {
                return Err(self.i);
            }
        } else {
            while digit(self) <= 9 {
                match sig.checked_mul(10).and_then(|s| s.checked_add(digit(self))) {
                    Some(s) if !float => sig = s,
                    // Digits beyond what a u64 holds scale the float instead.
                    _ => {
                        float = true;
                        exp += 1;
                    }
                }
                self.i += 1;
            }
        }
        if self.peek() == b'.' {
            self.i += 1;
            float = true;
            if digit(self) > 9 {
                return Err(self.i);
            }
            let mut full = false;
            while digit(self) <= 9 {
                match sig.checked_mul(10).and_then(|s| s.checked_add(digit(self))) {
                    Some(s) if !full => {
                        sig = s;
                        exp -= 1;
                    }
                    _ => full = true, // later digits are dropped, as serde_json drops them
                }
                self.i += 1;
            }
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.i += 1;
            float = true;
            let neg = match self.peek() {
                b'-' => {
                    self.i += 1;
                    true
                }
                b'+' => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            if digit(self) > 9 {
                return Err(self.i);
            }
            let mut e: i64 = 0;
            while digit(self) <= 9 {
                e = (e * 10 + digit(self) as i64).min(1 << 40);
                self.i += 1;
            }
            exp += if neg { -e } else { e };
        }
        if !float {
            return Ok(if positive {
                Value::from(sig)
            } else {
                let neg = (sig as i64).wrapping_neg();
                if neg >= 0 {
                    float_value(-(sig as f64))
                } else {
                    Value::from(neg)
                }
            });
        }
        // serde_json's f64_from_parts (without its `float_roundtrip` feature), step for step.
        let mut f = sig as f64;
        loop {
            match u32::try_from(exp.unsigned_abs()).ok().and_then(pow10) {
                Some(pow) => {
                    if exp >= 0 {
                        f *= pow;
                    } else {
                        f /= pow;
                    }
                    break;
                }
                None => {
                    if f == 0.0 {
                        break;
                    }
                    if exp >= 0 {
                        return Err(self.i); // number out of range
                    }
                    f /= 1e308;
                    exp += 308;
                }
            }
        }
        if f.is_infinite() {
            return Err(self.i); // number out of range
        }
        Ok(float_value(if positive { f } else { -f }))
    }
}

fn float_value(f: f64) -> Value {
    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// An argument that is one string.
pub fn string_arg(method: &str, input: &Value) -> Result<String, Error> {
    input
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::argument(format!("{method}: expected a string")))
}

/// True when `v` written as JSON would take more than `limit` bytes (an upper estimate that stops
/// as soon as the limit is passed, so a huge argument costs no more than the limit to refuse).
pub fn exceeds(v: &Value, limit: usize) -> bool {
    fn walk(v: &Value, budget: &mut isize) -> bool {
        *budget -= 8;
        match v {
            Value::String(s) => *budget -= s.len() as isize * 2 + 2,
            Value::Array(a) => {
                for x in a {
                    if walk(x, budget) {
                        return true;
                    }
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    *budget -= k.len() as isize + 4;
                    if walk(x, budget) {
                        return true;
                    }
                }
            }
            _ => {}
        }
        *budget < 0
    }
    let mut budget = limit as isize;
    walk(v, &mut budget)
}

/// Where reading stands: the first problem met, if any.
pub struct Reader<'f> {
    file: Option<&'f str>,
    first: RefCell<Option<Error>>,
    /// For arguments: the longest accepted text per field name, in characters (a longer one is
    /// `argument.too_long` at its path, checked as it is read).
    caps: Option<fn(&str) -> usize>,
}

static EMPTY: Value = Value::Null;

impl<'f> Reader<'f> {
    /// `file` is set for rule-pack files (problems are `rule_pack.invalid` in that file) and absent
    /// for call arguments (`argument.invalid`).
    pub fn new(file: Option<&'f str>) -> Self {
        Reader {
            file,
            first: RefCell::new(None),
            caps: None,
        }
    }

    /// A reader of arguments whose texts are bounded per field name by `caps`.
    pub fn capped(caps: fn(&str) -> usize) -> Self {
        Reader {
            file: None,
            first: RefCell::new(None),
            caps: Some(caps),
        }
    }

    /// Record `error` unless a problem was met before.
    #[inline(never)]
    pub fn fail_with(&self, error: Error) {
        let mut first = self.first.borrow_mut();
        if first.is_none() {
            *first = Some(error);
        }
    }

    #[inline(never)]
    pub fn fail(&self, path: String, msg: &str) {
        if self.first.borrow().is_some() {
            return; // the first problem is kept; no error is built for later ones
        }
        self.fail_with(match self.file {
            Some(f) => Error::new("rule_pack.invalid", msg)
                .in_file(f)
                .at_path(path),
            None => Error::argument(msg).at_path(path),
        });
    }

    /// `Ok(value)` when nothing went wrong while reading it.
    pub fn done<T>(&self, value: T) -> Result<T, Error> {
        match self.problem() {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }

    /// The first problem met, taken out. Not generic, so that each `done::<T>` (one per decoded
    /// type) is a test and a move rather than its own copy of the `RefCell` borrow.
    #[inline(never)]
    pub fn problem(&self) -> Option<Error> {
        self.first.borrow_mut().take()
    }

    /// Read a whole rule-pack file or argument with `f`: its value if nothing went wrong, else the
    /// first problem.
    pub fn read<T>(file: Option<&str>, v: &Value, f: impl FnOnce(&Obj) -> T) -> Result<T, Error> {
        let r = Reader::new(file);
        let value = f(&r.root(v));
        r.done(value)
    }

    /// The top-level object.
    pub fn root<'a>(&'a self, v: &'a Value) -> Obj<'a, 'f> {
        self.obj_at(v, String::new())
    }

    #[inline(never)]
    pub fn obj_at<'a>(&'a self, v: &'a Value, path: String) -> Obj<'a, 'f> {
        let map = match v {
            Value::Object(m) => Some(m),
            _ => {
                self.fail(path.clone(), "invalid type, expected an object");
                None
            }
        };
        Obj { r: self, map, path }
    }
}

/// An object being read, with its path for errors.
pub struct Obj<'a, 'f> {
    r: &'a Reader<'f>,
    map: Option<&'a Map<String, Value>>,
    path: String,
}

#[inline(never)]
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a, 'f> Obj<'a, 'f> {
    pub fn fail(&self, key: &str, msg: &str) {
        self.r.fail(join(&self.path, key), msg);
    }

    /// Refuse keys not in `known`. (In an argument, a key that does not look like a field name is
    /// left out of the error's path by `Error::at_path`: it may be a customer's number or name.)
    pub fn only(&self, known: &[&str]) {
        self.fields(&[], known);
    }

    /// An object of `required` and `optional` fields: refuse any other key, flag the first missing
    /// required one.
    #[inline(never)]
    pub fn fields(&self, required: &[&str], optional: &[&str]) {
        let known = |k: &String| required.contains(&k.as_str()) || optional.contains(&k.as_str());
        for (k, v) in self.map.into_iter().flatten() {
            if !known(k) && !self.is_schema(k, v) {
                self.fail(k, "unknown field");
                break;
            }
        }
        self.require(required);
    }

    /// Whether `k` is the top-level `$schema` of a rule-pack file (the address of the file's JSON
    /// Schema, for editors and the pack tooling): every decoder accepts it, when it is a string,
    /// and leaves it out.
    #[inline(never)]
    fn is_schema(&self, k: &str, v: &Value) -> bool {
        let schema = k == SCHEMA_KEY && self.path.is_empty() && self.r.file.is_some();
        if schema && !v.is_string() {
            self.fail(k, "invalid type, expected a string");
        }
        schema
    }

    /// The value of `key`, `None` when missing or null.
    #[inline(never)]
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(key)).filter(|v| !v.is_null())
    }

    #[inline(never)]
    fn need(&self, key: &str) -> &'a Value {
        self.get(key).unwrap_or_else(|| {
            self.fail(key, "missing field");
            &EMPTY
        })
    }

    #[inline(never)]
    pub fn opt_str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => {
                if let Some(max) = self.r.caps.map(|cap| cap(key)) {
                    if s.chars().count() > max {
                        self.r.fail_with(
                            Error::new(
                                "argument.too_long",
                                format!("longer than {max} characters"),
                            )
                            .at_path(join(&self.path, key)),
                        );
                        return None;
                    }
                }
                Some(s.clone())
            }
            _ => {
                self.fail(key, "invalid type, expected a string");
                None
            }
        }
    }

    #[inline(never)]
    pub fn str(&self, key: &str) -> String {
        if self.get(key).is_none() {
            self.fail(key, "missing field");
        }
        self.opt_str(key).unwrap_or_default()
    }

    #[inline(never)]
    pub fn opt_u32(&self, key: &str) -> Option<u32> {
        let v = self.get(key)?;
        let n = v.as_u64().and_then(|n| u32::try_from(n).ok());
        if n.is_none() {
            self.fail(key, "invalid value, expected an unsigned integer");
        }
        n
    }

    /// A required unsigned integer not above `max`.
    #[inline(never)]
    pub fn u32(&self, key: &str, max: u32) -> u32 {
        if self.get(key).is_none() {
            self.fail(key, "missing field");
        }
        let n = self.opt_u32(key).unwrap_or_default();
        if n > max {
            self.fail(key, "value out of range");
        }
        n
    }

    pub fn opt_bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => {
                self.fail(key, "invalid type, expected a boolean");
                None
            }
        }
    }

    pub fn opt_obj(&self, key: &str) -> Option<Obj<'a, 'f>> {
        self.get(key)
            .map(|v| self.r.obj_at(v, join(&self.path, key)))
    }

    pub fn obj(&self, key: &str) -> Obj<'a, 'f> {
        self.r.obj_at(self.need(key), join(&self.path, key))
    }

    /// `key`'s array items, each read by `f` as an object (missing or null = none).
    pub fn list<T>(&self, key: &str, f: impl Fn(&Obj<'a, 'f>) -> T) -> Vec<T> {
        self.objs(key).iter().map(f).collect()
    }

    /// `key`'s array items as objects (missing or null = none).
    #[inline(never)]
    pub fn objs(&self, key: &str) -> Vec<Obj<'a, 'f>> {
        self.items(key)
            .into_iter()
            .map(|(p, v)| self.r.obj_at(v, p))
            .collect()
    }

    /// `key`'s array items with their paths (missing or null = none).
    #[inline(never)]
    pub fn items(&self, key: &str) -> Vec<(String, &'a Value)> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{}[{i}]", join(&self.path, key)), v))
                .collect(),
            Some(_) => {
                self.fail(key, "invalid type, expected an array");
                Vec::new()
            }
        }
    }

    /// The path of `key` in this object, for a problem found after reading.
    pub fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Record a problem at a full path (e.g. an item of `items`).
    pub fn fail_at(&self, path: String, msg: &str) {
        self.r.fail(path, msg);
    }

    /// Flag `key` when its array holds more than `max` items.
    #[inline(never)]
    pub fn at_most(&self, key: &str, max: usize) {
        if self
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() > max)
        {
            self.fail(key, &format!("at most {max} items"));
        }
    }

    /// A required integer from `min` to `max`.
    #[inline(never)]
    pub fn int_in(&self, key: &str, min: i64, max: i64) -> i64 {
        let n = self.get(key).and_then(Value::as_i64);
        match n.filter(|n| (min..=max).contains(n)) {
            Some(n) => n,
            None => {
                self.fail(key, &format!("expected a whole number from {min} to {max}"));
                min
            }
        }
    }

    /// Every entry of this object: key and the value read as an object.
    #[inline(never)]
    pub fn entries(&self) -> Vec<(&'a str, Obj<'a, 'f>)> {
        let mut out = Vec::new();
        for (k, v) in self.map.into_iter().flatten() {
            if !self.is_schema(k, v) {
                out.push((k.as_str(), self.r.obj_at(v, join(&self.path, k))));
            }
        }
        out
    }

    /// Every entry as a raw value, keyed (e.g. message parameters).
    pub fn raw_map(&self) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (k, v) in self.map.into_iter().flatten() {
            if !self.is_schema(k, v) {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }

    /// An array of strings.
    #[inline(never)]
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.items(key)
            .into_iter()
            .filter_map(|(p, v)| match v.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    self.r.fail(p, "invalid type, expected a string");
                    None
                }
            })
            .collect()
    }

    /// Whether `key` is present and not null.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// A key of this object that must be one of a fixed set of names.
    pub fn key_named<T>(&self, key: &str, parse: fn(&str) -> Option<T>) -> Option<T> {
        let v = parse(key);
        if v.is_none() {
            self.fail(key, "unknown variant");
        }
        v
    }

    /// An optional named value (`parse` maps the JS name to the value).
    #[inline(never)]
    pub fn opt_named<T>(&self, key: &str, parse: fn(&str) -> Option<T>) -> Option<T> {
        let s = self.opt_str(key)?;
        let v = parse(&s);
        if v.is_none() {
            self.fail(key, "unknown variant");
        }
        v
    }

    /// A required named value; `fallback` stands in after a problem (reading then fails anyway).
    pub fn named<T>(&self, key: &str, parse: fn(&str) -> Option<T>, fallback: T) -> T {
        if self.get(key).is_none() {
            self.fail(key, "missing field");
        }
        self.opt_named(key, parse).unwrap_or(fallback)
    }

    /// The keys of this object, in order.
    pub fn keys(&self) -> Vec<&'a str> {
        let mut out = Vec::new();
        for (k, v) in self.map.into_iter().flatten() {
            if !self.is_schema(k, v) {
                out.push(k.as_str());
            }
        }
        out
    }

    /// An integer that fits an `i64`, 0 when missing.
    #[inline(never)]
    pub fn i64(&self, key: &str) -> i64 {
        let Some(v) = self.get(key) else { return 0 };
        v.as_i64().unwrap_or_else(|| {
            self.fail(key, "invalid type, expected an integer");
            0
        })
    }

    /// An optional integer that fits an `i64`.
    pub fn opt_i64(&self, key: &str) -> Option<i64> {
        self.get(key)?;
        Some(self.i64(key))
    }

    /// A boolean, false when missing.
    pub fn bool(&self, key: &str) -> bool {
        self.opt_bool(key).unwrap_or(false)
    }

    /// The position in `names` of a required name (0 after a problem: reading then fails
    /// anyway). Not generic: a caller maps it to its own values (`[Roll::A, Roll::B][i]`) without
    /// one more instantiation of `pick`.
    #[inline(never)]
    pub fn choice(&self, key: &str, names: &[&str]) -> usize {
        let s = self.str(key);
        match names.iter().position(|n| *n == s) {
            Some(i) => i,
            None => {
                if self.get(key).is_some() {
                    self.fail(key, "unknown variant");
                }
                0
            }
        }
    }

    /// One of the names in `options` (`[("day", Period::Day), …]`); the first option stands in
    /// after a problem (reading then fails anyway).
    pub fn pick<T: Copy>(&self, key: &str, options: &[(&str, T)]) -> T {
        self.opt_pick(key, options).unwrap_or(options[0].1)
    }

    /// An optional one of the names in `options`.
    #[inline(never)]
    pub fn opt_pick<T: Copy>(&self, key: &str, options: &[(&str, T)]) -> Option<T> {
        let s = self.opt_str(key)?;
        let found = options.iter().find(|(name, _)| *name == s).map(|(_, t)| *t);
        if found.is_none() {
            self.fail(key, "unknown variant");
        }
        found
    }

    /// Flag the first of `keys` that is missing (or null).
    #[inline(never)]
    pub fn require(&self, keys: &[&str]) {
        if let Some(k) = keys
            .iter()
            .find(|k| self.map.is_some() && self.get(k).is_none())
        {
            self.fail(k, "missing field");
        }
    }

    /// An integer that fits an `i32`, 0 when missing.
    #[inline(never)]
    pub fn i32(&self, key: &str) -> i32 {
        let Some(v) = self.get(key) else { return 0 };
        match v.as_i64().and_then(|n| i32::try_from(n).ok()) {
            Some(n) => n,
            None => {
                self.fail(key, "invalid value, expected an integer");
                0
            }
        }
    }

    /// A `{ "zh-CN": …, "en": … }` text (both required, nothing else).
    pub fn text(&self, key: &str) -> Text {
        self.obj(key).as_text()
    }

    /// This object read as a `{ "zh-CN": …, "en": … }` text.
    #[inline(never)]
    pub fn as_text(&self) -> Text {
        self.fields(&["zh-CN", "en"], &[]);
        Text {
            zh_cn: self.str("zh-CN"),
            en: self.str("en"),
        }
    }

    /// Every entry of this object read as a text (an object keyed by data, e.g. code → name).
    #[inline(never)]
    pub fn as_texts(&self) -> BTreeMap<String, Text> {
        let mut out = BTreeMap::new();
        for (k, o) in self.entries() {
            out.insert(k.to_string(), o.as_text());
        }
        out
    }

    /// The object under `key` read as texts by entry.
    pub fn texts(&self, key: &str) -> BTreeMap<String, Text> {
        self.obj(key).as_texts()
    }

    /// Every entry of this object as a string or null, in key order (a JSON object is a
    /// `BTreeMap` here, so the list is sorted by key: look keys up with a binary search). A list,
    /// not a `BTreeMap<String, Option<String>>`: that map type would cost the WASM module its own
    /// B-tree code for one table.
    #[inline(never)]
    pub fn as_opt_strings(&self) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for (k, v) in self.map.into_iter().flatten() {
            match v {
                _ if self.is_schema(k, v) => {}
                Value::Null => out.push((k.clone(), None)),
                Value::String(s) => out.push((k.clone(), Some(s.clone()))),
                _ => self.fail(k, "invalid type, expected a string or null"),
            }
        }
        out
    }

    /// An array of named values.
    pub fn named_list<T>(&self, key: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
        self.items(key)
            .into_iter()
            .filter_map(|(p, v)| {
                let x = v.as_str().and_then(parse);
                if x.is_none() {
                    self.r.fail(p, "unknown variant");
                }
                x
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{exceeds, parse, Reader, MAX_ARGUMENT_BYTES};
    use serde_json::{json, Value};

    /// `pow10` gives serde_json's table: each 10^n literal (rounded once by the compiler).
    #[test]
    fn powers_of_ten_are_the_literals() {
        #[rustfmt::skip]
        let literals: [f64; 309] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59, 1e60, 1e61, 1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69, 1e70, 1e71, 1e72, 1e73, 1e74, 1e75, 1e76, 1e77, 1e78, 1e79, 1e80, 1e81, 1e82, 1e83, 1e84, 1e85, 1e86, 1e87, 1e88, 1e89, 1e90, 1e91, 1e92, 1e93, 1e94, 1e95, 1e96, 1e97, 1e98, 1e99, 1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107, 1e108, 1e109, 1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119, 1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129, 1e130, 1e131, 1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143, 1e144, 1e145, 1e146, 1e147, 1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159, 1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169, 1e170, 1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179, 1e180, 1e181, 1e182, 1e183, 1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191, 1e192, 1e193, 1e194, 1e195, 1e196, 1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207, 1e208, 1e209, 1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219, 1e220, 1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231, 1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239, 1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248, 1e249, 1e250, 1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259, 1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269, 1e270, 1e271, 1e272, 1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279, 1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287, 1e288, 1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308];
        for (n, lit) in literals.iter().enumerate() {
            assert_eq!(super::pow10(n as u32), Some(*lit), "10^{n}");
        }
        assert_eq!(super::pow10(309), None);
    }

    #[test]
    fn parse_reads_what_serde_json_reads_and_refuses_what_it_refuses() {
        let good = [
            "null",
            " true ",
            "false",
            "0",
            "-0",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1.5",
            "-0.000123",
            "1e5",
            "1E+2",
            "2.5e-3",
            "1e22",
            "0.1",
            "3.141592653589793",
            "1e-400",
            // Found by tests/json_parse_props.rs: 10^36 is not 10^22 · 10^14 in f64.
            "4274565217988351e36",
            "4274565217988351e-36",
            "1746294889305190e233",
            "1.7976931348623157e308",
            "2.2250738585072014e-308",
            "5e-324",
            "0e999999999999",
            "[]",
            "{}",
            " [ 1 , [ ] , { } ] ",
            r#"{"b":[1,true,null,"x\"y\n"],"a":{"z":1,"é":2,"A":3},"a":0}"#,
            r#""\u00e9\ud83d\ude00\/\b\f\n\r\t\\ 中""#,
            "\"\u{7f}\"",
        ];
        for t in good {
            let ours = parse(t).unwrap_or_else(|at| panic!("{t}: refused at {at}"));
            let theirs: Value = serde_json::from_str(t).unwrap();
            assert_eq!(ours, theirs, "{t}");
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&theirs).unwrap(),
                "{t}"
            );
        }
        let bad = [
            "",
            " ",
            "nul",
            "tru",
            "True",
            "01",
            "-",
            "-a",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "[1,]",
            "{\"a\":1,}",
            "[1 2]",
            "{\"a\" 1}",
            "{a:1}",
            "{1:2}",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}b\"",
            "\"\n\"",
            "1 2",
            "[1] x",
            "1e400",
            "-1e400",
            "NaN",
            "Infinity",
            "[",
            "{",
            "{\"a\":",
            "[1,",
        ];
        for t in bad {
            assert!(
                serde_json::from_str::<Value>(t).is_err(),
                "serde reads {t:?}"
            );
            assert!(parse(t).is_err(), "{t:?} was read");
        }
        // Nesting: 127 levels are read, 128 refused, like serde_json.
        let nest = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert!(parse(&nest(127)).is_ok() && serde_json::from_str::<Value>(&nest(127)).is_ok());
        assert!(parse(&nest(128)).is_err() && serde_json::from_str::<Value>(&nest(128)).is_err());
    }

    #[test]
    fn size_estimate_stops_at_the_limit() {
        let many = Value::Array(vec![Value::Null; MAX_ARGUMENT_BYTES]);
        assert!(exceeds(&many, MAX_ARGUMENT_BYTES));
        assert!(!exceeds(&json!({ "a": [1, 2, "three"] }), 100));
        assert!(exceeds(&json!({ "a": "x".repeat(100) }), 100));
    }

    #[test]
    fn unknown_argument_keys_are_named_only_when_they_look_like_field_names() {
        let path = |v: serde_json::Value| {
            Reader::read(None, &v, |o| o.only(&["known"]))
                .unwrap_err()
                .path
                .clone()
                .unwrap_or_default()
        };
        assert_eq!(path(json!({ "colour": 1 })), "colour");
        assert_eq!(path(json!({ "11010519491231002X": 1 })), "");
        assert_eq!(path(json!({ "13800138000": 1 })), "");
        assert_eq!(path(json!({ "张三": 1 })), "");
        // A rule-pack author is always told which key.
        let e = Reader::read(Some("x.json"), &json!({ "12345": 1 }), |o| o.only(&[])).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("12345"));
    }
}
