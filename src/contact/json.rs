//! A small reader of `serde_json::Value` objects with field paths and unknown-field refusal, used
//! instead of `#[derive(Deserialize)]` for this module's inputs and rules: derived decoders through
//! `serde_path_to_error` are instantiated per type and visitor and cost tens of kilobytes of WASM,
//! this costs a few (measured: see the commit that introduced it). Error texts name paths and
//! expectations, never values.

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

/// One JSON object being read; `finish` refuses keys nobody asked for.
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    pub path: String,
    ctx: Ctx,
    used: Vec<&'a str>,
}

impl<'a> Obj<'a> {
    pub fn new(v: &'a Value, path: &str, ctx: Ctx) -> Result<Obj<'a>, Error> {
        match v {
            Value::Object(map) => Ok(Obj { map, path: path.to_string(), ctx, used: Vec::new() }),
            _ => Err(ctx.fail(path, "expected an object")),
        }
    }

    pub fn fail(&self, key: &str, msg: &str) -> Error {
        self.ctx.fail(&join(&self.path, key), msg)
    }

    /// The value under `key`, `None` when absent or null.
    pub fn get(&mut self, key: &'a str) -> Option<&'a Value> {
        self.used.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn opt_str(&mut self, key: &'a str) -> Result<Option<String>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.fail(key, "expected a string")),
        }
    }

    pub fn str(&mut self, key: &'a str) -> Result<String, Error> {
        self.opt_str(key)?.ok_or_else(|| self.fail(key, "missing field"))
    }

    pub fn opt_bool(&mut self, key: &'a str) -> Result<Option<bool>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.fail(key, "expected true or false")),
        }
    }

    pub fn opt_obj(&mut self, key: &'a str) -> Result<Option<Obj<'a>>, Error> {
        let path = join(&self.path, key);
        let ctx = self.ctx;
        self.get(key).map(|v| Obj::new(v, &path, ctx)).transpose()
    }

    pub fn obj(&mut self, key: &'a str) -> Result<Obj<'a>, Error> {
        self.opt_obj(key)?.ok_or_else(|| self.fail(key, "missing field"))
    }

    /// A required array, with each item's path.
    pub fn arr(&mut self, key: &'a str) -> Result<Vec<(String, &'a Value)>, Error> {
        let path = join(&self.path, key);
        match self.get(key) {
            Some(Value::Array(items)) => Ok(items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v)).collect()),
            Some(_) => Err(self.fail(key, "expected an array")),
            None => Err(self.fail(key, "missing field")),
        }
    }

    /// A required array of strings.
    pub fn strings(&mut self, key: &'a str) -> Result<Vec<String>, Error> {
        let path = join(&self.path, key);
        match self.get(key) {
            Some(v) => Obj::strings_of(v, &path, self.ctx),
            None => Err(self.fail(key, "missing field")),
        }
    }

    /// `v` as an array of strings.
    pub fn strings_of(v: &Value, path: &str, ctx: Ctx) -> Result<Vec<String>, Error> {
        let items = v.as_array().ok_or_else(|| ctx.fail(path, "expected an array of strings"))?;
        let mut out = Vec::with_capacity(items.len());
        for (i, x) in items.iter().enumerate() {
            match x.as_str() {
                Some(s) => out.push(s.to_string()),
                None => return Err(ctx.fail(&format!("{path}[{i}]"), "expected a string")),
            }
        }
        Ok(out)
    }

    /// Every entry of this object (for maps keyed by data).
    pub fn entries(&mut self) -> Vec<(&'a str, String, &'a Value)> {
        let out: Vec<_> = self.map.iter().map(|(k, v)| (k.as_str(), join(&self.path, k), v)).collect();
        self.used.extend(out.iter().map(|(k, _, _)| *k));
        out
    }

    pub fn finish(self) -> Result<(), Error> {
        match self.map.keys().find(|k| !self.used.contains(&k.as_str())) {
            Some(k) => Err(self.ctx.fail(&join(&self.path, k), "unknown field")),
            None => Ok(()),
        }
    }
}
