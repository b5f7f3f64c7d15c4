//! A small reader of `serde_json::Value` objects with field paths and unknown-field refusal, used
//! instead of `#[derive(Deserialize)]` for this module's inputs and rules: derived decoders through
//! `serde_path_to_error` are instantiated per type and visitor and cost tens of kilobytes of WASM.
//! The reader keeps the first error and hands back empty values after it ("sticky" errors), so the
//! decoding code has no early returns to unwind. Error texts name paths and expectations, never
//! values.

use crate::error::Error;
use serde_json::{Map, Value};

/// Where a failure is reported: an argument (`argument.invalid`) or a rule-pack file.
#[derive(Debug, Clone, Copy)]
pub enum Ctx {
    Arg,
    File(&'static str),
}

impl Ctx {
    pub fn fail(self, path: &str, msg: &str) -> Error {
        match self {
            Ctx::Arg => Error::argument(msg.to_string()).at_path(path),
            Ctx::File(f) => crate::rulepack::invalid(f, path, msg),
        }
    }
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Longest accepted argument text per field name, in characters.
pub fn max_chars(key: &str) -> usize {
    match key {
        "email" => 320,
        "detail" => 120,
        "number" => crate::documents::MAX_NUMBER_CHARS,
        "mobile" | "landline" => 32,
        "postcode" => 16,
        // Drafts carry their own metadata (checksum, timestamps, versions).
        "checksum" | "savedAt" | "rulePackVersion" | "format" => 128,
        _ => 40,
    }
}

/// One JSON object being read (an empty one after an error).
pub struct Obj<'a> {
    map: Option<&'a Map<String, Value>>,
    pub path: String,
    used: Vec<&'a str>,
}

impl<'a> Obj<'a> {
    /// The value under `key`, `None` when absent or null.
    pub fn get(&mut self, key: &'a str) -> Option<&'a Value> {
        self.used.push(key);
        self.map.and_then(|m| m.get(key)).filter(|v| !v.is_null())
    }

    /// Every entry (for maps keyed by data), each with its path.
    pub fn entries(&mut self) -> Vec<(&'a str, String, &'a Value)> {
        let mut out = Vec::new();
        for (k, v) in self.map.into_iter().flatten() {
            self.used.push(k.as_str());
            out.push((k.as_str(), join(&self.path, k), v));
        }
        out
    }
}

/// Reads objects, remembering the first failure.
pub struct Reader {
    ctx: Ctx,
    err: Option<Error>,
}

impl Reader {
    pub fn new(ctx: Ctx) -> Self {
        Reader { ctx, err: None }
    }

    /// Record a failure (the first one is kept).
    pub fn fail(&mut self, path: &str, msg: &str) {
        if self.err.is_none() {
            self.err = Some(self.ctx.fail(path, msg));
        }
    }

    /// `v` as an object at `path`; a missing (`None`) value is an error when `required`.
    pub fn obj<'a>(
        &mut self,
        v: Option<&'a Value>,
        path: String,
        required: bool,
    ) -> Option<Obj<'a>> {
        match v {
            Some(Value::Object(map)) => Some(Obj {
                map: Some(map),
                path,
                used: Vec::new(),
            }),
            Some(_) => {
                self.fail(&path, "expected an object");
                None
            }
            None if required => {
                self.fail(&path, "missing field");
                None
            }
            None => None,
        }
    }

    /// The object under `key` of `o`.
    pub fn child<'a>(&mut self, o: &mut Obj<'a>, key: &'a str, required: bool) -> Option<Obj<'a>> {
        let v = o.get(key);
        self.obj(v, join(&o.path, key), required)
    }

    /// The object under `key`, or an empty one (after recording that it is missing).
    pub fn req<'a>(&mut self, o: &mut Obj<'a>, key: &'a str) -> Obj<'a> {
        let path = join(&o.path, key);
        self.child(o, key, true).unwrap_or(Obj {
            map: None,
            path,
            used: Vec::new(),
        })
    }

    pub fn opt_str(&mut self, o: &mut Obj, key: &'static str) -> Option<String> {
        match o.get(key) {
            None => None,
            Some(Value::String(s)) => {
                // Arguments are bounded as they are read (rule-pack texts are not).
                let max = max_chars(key);
                if matches!(self.ctx, Ctx::Arg) && s.chars().count() > max {
                    if self.err.is_none() {
                        self.err = Some(
                            Error::new(
                                "argument.too_long",
                                format!("longer than {max} characters"),
                            )
                            .at_path(join(&o.path, key)),
                        );
                    }
                    return None;
                }
                Some(s.clone())
            }
            Some(_) => {
                self.fail(&join(&o.path, key), "expected a string");
                None
            }
        }
    }

    pub fn str(&mut self, o: &mut Obj, key: &'static str) -> String {
        let v = self.opt_str(o, key);
        if v.is_none() && o.map.is_some() {
            self.fail(&join(&o.path, key), "missing field");
        }
        v.unwrap_or_default()
    }

    pub fn opt_bool(&mut self, o: &mut Obj, key: &'static str) -> Option<bool> {
        match o.get(key) {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.fail(&join(&o.path, key), "expected true or false");
                None
            }
        }
    }

    /// A required array, with each item's path.
    pub fn arr<'a>(&mut self, o: &mut Obj<'a>, key: &'a str) -> Vec<(String, &'a Value)> {
        let path = join(&o.path, key);
        match o.get(key) {
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    out.push((format!("{path}[{i}]"), v));
                }
                out
            }
            _ => {
                self.fail(&path, "expected an array");
                Vec::new()
            }
        }
    }

    /// A required array of strings under `key`.
    pub fn strings<'a>(&mut self, o: &mut Obj<'a>, key: &'a str) -> Vec<String> {
        let path = join(&o.path, key);
        let v = o.get(key);
        self.strings_of(v, &path)
    }

    /// `v` as an array of strings.
    pub fn strings_of(&mut self, v: Option<&Value>, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        match v.and_then(Value::as_array) {
            Some(items) => {
                for (i, x) in items.iter().enumerate() {
                    match x.as_str() {
                        Some(s) => out.push(s.to_string()),
                        None => self.fail(&format!("{path}[{i}]"), "expected a string"),
                    }
                }
            }
            None => self.fail(path, "expected an array of strings"),
        }
        out
    }

    /// Refuse keys of `o` nobody asked for.
    pub fn done(&mut self, o: Obj) {
        for k in o.map.into_iter().flat_map(|m| m.keys()) {
            if !o.used.contains(&k.as_str()) {
                self.fail(&join(&o.path, k), "unknown field");
                return;
            }
        }
    }

    /// `value` if nothing failed, else the first failure.
    pub fn finish<T>(self, value: T) -> Result<T, Error> {
        match self.err {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }
}
