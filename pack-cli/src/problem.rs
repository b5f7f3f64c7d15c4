//! A problem found in a pack: which file, where in it (a JSON path, written as the library writes
//! it: `tiers[1].buckets[0].limits[0].amountFen`), on which line, what is wrong, and who found it.

use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt;

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into a JSON value.
pub type JsonPath = Vec<Seg>;

/// `a.b[0].c`, the way the library's errors name a field.
pub fn display(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The JSON Pointer (RFC 6901) of `path`.
pub fn pointer(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            Seg::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// A path as the library writes it (`provinces.11.en`, `holidays[0].off[2]`), resolved against the
/// file's content: keys may themselves hold dots (message codes such as `resident_id.checksum`),
/// so at each object the longest key that fits is taken. What does not resolve is kept as keys.
pub fn resolve(path: &str, value: &Value) -> JsonPath {
    let mut out = Vec::new();
    let mut rest = path;
    let mut current = Some(value);
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').unwrap_or(r.len());
            match r[..end].parse::<usize>() {
                Ok(i) => {
                    out.push(Seg::Index(i));
                    current = current.and_then(|v| v.get(i));
                }
                Err(_) => {
                    out.push(Seg::Key(r[..end].to_string()));
                    current = None;
                }
            }
            rest = r.get(end + 1..).unwrap_or("");
            continue;
        }
        let fits = |k: &str| {
            rest.strip_prefix(k)
                .is_some_and(|after| after.is_empty() || after.starts_with(['.', '[']))
        };
        let key = current
            .and_then(Value::as_object)
            .and_then(|m| m.keys().filter(|k| fits(k)).max_by_key(|k| k.len()))
            .cloned()
            .unwrap_or_else(|| {
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                rest[..end].to_string()
            });
        current = current.and_then(|v| v.get(&key));
        rest = &rest[key.len()..];
        out.push(Seg::Key(key));
    }
    out
}

/// Who found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Finder {
    /// Reading the files (not JSON, not UTF-8, too large, a bundle's digest).
    Reading,
    /// The file's JSON Schema (`pkg-config/schema/`).
    Schema,
    /// The library's loader (`RulePack::from_files`), as a host would load the pack.
    Loader,
}

impl Finder {
    pub fn name(self) -> &'static str {
        match self {
            Finder::Reading => "reading",
            Finder::Schema => "schema",
            Finder::Loader => "loader",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file inside the pack (`tiers.json`, `calendar/2026.json`); empty for the pack as a whole.
    pub file: String,
    pub path: JsonPath,
    /// 1-based line in the file as written, when it was read from a folder.
    pub line: Option<usize>,
    pub message: String,
    pub found_by: BTreeSet<Finder>,
    /// The library's error code, when the loader found it.
    pub code: Option<String>,
    /// How it was found, when that matters (e.g. after setting another broken file aside).
    pub note: Option<String>,
}

impl Problem {
    pub fn new(file: &str, path: JsonPath, message: impl Into<String>, by: Finder) -> Problem {
        Problem {
            file: file.to_string(),
            path,
            line: None,
            message: message.into(),
            found_by: BTreeSet::from([by]),
            code: None,
            note: None,
        }
    }
}

impl fmt::Display for Problem {
    /// `tiers.json:57: tiers[1].buckets[0].limits[0].amountFen: must be at least 1 [schema, loader]`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = if self.file.is_empty() {
            "(pack)"
        } else {
            &self.file
        };
        write!(f, "{file}")?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let path = display(&self.path);
        if !path.is_empty() {
            write!(f, ": {path}")?;
        }
        write!(f, ": {}", self.message)?;
        let by: Vec<&str> = self.found_by.iter().map(|b| b.name()).collect();
        write!(f, " [{}", by.join(", "))?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        write!(f, "]")?;
        if let Some(note) = &self.note {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn library_paths_resolve_against_dotted_keys() {
        let v = json!({ "resident_id.checksum": { "en": "x" }, "a": { "b": [ { "c": 1 } ] } });
        assert_eq!(
            resolve("resident_id.checksum.en", &v),
            vec![
                Seg::Key("resident_id.checksum".into()),
                Seg::Key("en".into())
            ]
        );
        let p = resolve("a.b[0].c", &v);
        assert_eq!(display(&p), "a.b[0].c");
        assert_eq!(pointer(&p), "/a/b/0/c");
        assert_eq!(
            resolve("x.y", &v),
            vec![Seg::Key("x".into()), Seg::Key("y".into())]
        );
        assert_eq!(resolve("", &v), vec![]);
    }
}
