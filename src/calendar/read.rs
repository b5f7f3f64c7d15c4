//! Reading JSON values by hand, with errors that name the field path and never echo a value. The
//! calendar's rule-pack files and method arguments are read through these few non-generic helpers
//! instead of serde derives: when written, derived `Deserialize` through the foundation's
//! path-tracking decoder cost about 8 KB gzip more for these shapes; the readers also give the
//! exact messages the rule-pack author needs (a date outside its year, a duplicate date).

use crate::error::Error;
use crate::i18n::Text;
use crate::loader::invalid;
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};

/// Where a value comes from: a rule-pack file (errors are `rule_pack.invalid` naming the file and
/// field) or a method argument (`argument.invalid` naming the field, never echoing a value).
#[derive(Clone, Copy)]
pub enum Src<'a> {
    File(&'a str),
    Arg,
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `YYYY-MM-DD` without chrono's formatting machinery.
pub fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

impl Src<'_> {
    pub fn err(self, path: &str, msg: &str) -> Error {
        match self {
            Src::File(f) => invalid(f, path, msg),
            Src::Arg => Error::argument(msg.to_string()).at_path(path),
        }
    }

    /// `v` as an object whose keys are all in `allowed`.
    pub fn obj<'v>(
        self,
        v: &'v Value,
        path: &str,
        allowed: &[&str],
    ) -> Result<&'v Map<String, Value>, Error> {
        let m = v
            .as_object()
            .ok_or_else(|| self.err(path, "expected an object"))?;
        if let Some(k) = m.keys().find(|k| !allowed.contains(&k.as_str())) {
            // A bank's own file may be told which key; a caller's argument is not echoed.
            return Err(match self {
                Src::File(_) => self.err(&join(path, k), "unknown field"),
                Src::Arg => self.err(path, "unknown field"),
            });
        }
        Ok(m)
    }

    fn get<'v>(self, m: &'v Map<String, Value>, path: &str, key: &str) -> Result<&'v Value, Error> {
        m.get(key)
            .ok_or_else(|| self.err(&join(path, key), "missing field"))
    }

    pub fn str<'v>(
        self,
        m: &'v Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<&'v str, Error> {
        self.get(m, path, key)?
            .as_str()
            .ok_or_else(|| self.err(&join(path, key), "expected a string"))
    }

    /// Absent or `null` → `None`.
    pub fn opt_str<'v>(
        self,
        m: &'v Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<Option<&'v str>, Error> {
        match m.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| self.err(&join(path, key), "expected a string")),
        }
    }

    /// An integer within `min..=max`.
    pub fn int(
        self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
        min: i64,
        max: i64,
    ) -> Result<i64, Error> {
        self.get(m, path, key)?
            .as_i64()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                self.err(
                    &join(path, key),
                    &format!("expected a whole number from {min} to {max}"),
                )
            })
    }

    pub fn bool(self, m: &Map<String, Value>, path: &str, key: &str) -> Result<bool, Error> {
        self.get(m, path, key)?
            .as_bool()
            .ok_or_else(|| self.err(&join(path, key), "expected true or false"))
    }

    /// An array of at most `max` items; absent or `null` reads as empty when `optional`.
    pub fn arr<'v>(
        self,
        m: &'v Map<String, Value>,
        path: &str,
        key: &str,
        max: usize,
        optional: bool,
    ) -> Result<&'v [Value], Error> {
        let p = join(path, key);
        let a: &[Value] = match m.get(key) {
            None | Some(Value::Null) if optional => &[],
            None => return Err(self.err(&p, "missing field")),
            Some(v) => v
                .as_array()
                .map(Vec::as_slice)
                .ok_or_else(|| self.err(&p, "expected an array"))?,
        };
        if a.len() > max {
            return Err(self.err(&p, &format!("at most {max} items")));
        }
        Ok(a)
    }

    /// A `{ "zh-CN": …, "en": … }` text with both parts non-blank.
    pub fn text(self, m: &Map<String, Value>, path: &str, key: &str) -> Result<Text, Error> {
        let p = join(path, key);
        let t = self.obj(self.get(m, path, key)?, &p, &["zh-CN", "en"])?;
        let text = Text {
            zh_cn: self.str(t, &p, "zh-CN")?.to_string(),
            en: self.str(t, &p, "en")?.to_string(),
        };
        if !text.is_complete() || text.zh_cn.len() > 200 || text.en.len() > 200 {
            return Err(self.err(&p, "needs a zh-CN and an en text of 1 to 200 bytes"));
        }
        Ok(text)
    }

    /// A real `YYYY-MM-DD` date.
    pub fn date_str(self, s: &str, path: &str) -> Result<NaiveDate, Error> {
        if s.len() > 32 {
            return Err(self.err(path, "a date is YYYY-MM-DD"));
        }
        crate::time::parse_date(s).ok_or_else(|| self.err(path, "expected a real date YYYY-MM-DD"))
    }

    pub fn date(self, m: &Map<String, Value>, path: &str, key: &str) -> Result<NaiveDate, Error> {
        self.date_str(self.str(m, path, key)?, &join(path, key))
    }
}
