//! Locales and the message catalog. Every customer-facing text comes from the rule pack's
//! `messages/*.json` files, one entry per stable code with a zh-CN and an en text.

use crate::error::Error;
use crate::finding::Params;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The locales the package speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Locale {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// Accepts BCP 47 tags loosely: `zh`, `zh-CN`, `zh-Hans`, `zh-Hans-CN` → zh-CN; `en`, `en-US`, … → en.
    pub fn parse(tag: &str) -> Result<Locale, Error> {
        let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
        let primary = lower.split('-').next().unwrap_or("");
        match primary {
            "zh" => Ok(Locale::ZhCn),
            "en" => Ok(Locale::En),
            _ => Err(
                Error::new("locale.unsupported", "locale must be zh-CN or en").at_path("locale"),
            ),
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

/// A text in both locales, as written in the rule pack: `{ "zh-CN": "…", "en": "…" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Text {
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    pub en: String,
}

impl crate::jsonout::WriteJson for Locale {
    fn write_json(&self, out: &mut crate::jsonout::JsonOut) {
        out.str(self.tag());
    }
}

/// `{"zh-CN":…,"en":…}`, as the `Serialize` derive writes it.
impl crate::jsonout::WriteJson for Text {
    fn write_json(&self, out: &mut crate::jsonout::JsonOut) {
        out.open_obj();
        out.field_str("zh-CN", &self.zh_cn);
        out.field_str("en", &self.en);
        out.close_obj();
    }
}

impl Text {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh_cn,
            Locale::En => &self.en,
        }
    }
    /// Both texts present and non-blank.
    pub fn is_complete(&self) -> bool {
        !self.zh_cn.trim().is_empty() && !self.en.trim().is_empty()
    }
}

/// A catalog decoded at build time (the embedded default pack's, written by build.rs): every entry
/// as `code\0zh-CN\0en\0f\0` in one text, sorted by code, where the letter `f` names the
/// `messages/*.json` of `files` it came from (`a` the first). Looking a code up is a binary search
/// over the entries' offsets, found by one scan of the text on first use; nothing else is parsed
/// or allocated to start.
#[derive(Debug)]
pub struct StaticCatalog {
    pub files: &'static [&'static str],
    pub text: &'static str,
    pub index: std::sync::OnceLock<Vec<u32>>,
}

impl PartialEq for StaticCatalog {
    fn eq(&self, other: &StaticCatalog) -> bool {
        self.text == other.text
    }
}

impl StaticCatalog {
    /// Where each entry starts (every fourth NUL ends one).
    fn at(&self) -> &[u32] {
        self.index.get_or_init(|| {
            let mut at = vec![0];
            let mut nuls = 0;
            for (i, b) in self.text.bytes().enumerate() {
                if b == 0 {
                    nuls += 1;
                    if nuls % 4 == 0 && i + 1 < self.text.len() {
                        at.push(i as u32 + 1);
                    }
                }
            }
            if self.text.is_empty() {
                at.clear();
            }
            at
        })
    }

    fn len(&self) -> usize {
        self.at().len()
    }

    /// Entry `i`: (code, zh-CN, en, file index).
    fn entry(&self, i: usize) -> (&'static str, &'static str, &'static str, usize) {
        let start = self.at().get(i).map_or(self.text.len(), |&a| a as usize);
        let mut parts = self.text.get(start..).unwrap_or("").splitn(5, '\0');
        let mut next = || parts.next().unwrap_or("");
        let (code, zh, en) = (next(), next(), next());
        let file = next()
            .bytes()
            .next()
            .map_or(0, |b| b.wrapping_sub(b'a') as usize);
        (code, zh, en, file)
    }

    fn find(&self, code: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.entry(mid).0.cmp(code) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The first entry whose code is not below `code`.
    fn lower_bound(&self, code: &str) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.entry(mid).0 < code {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// All message templates of a rule pack, by code: decoded from a pack's `messages/*.json`, or the
/// embedded default pack's table decoded at build time (`StaticCatalog`).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: BTreeMap<String, Text>,
    fixed: Option<&'static StaticCatalog>,
}

impl PartialEq for Catalog {
    /// The same codes with the same texts, however each side is stored.
    fn eq(&self, other: &Catalog) -> bool {
        let (a, b) = (self.codes(), other.codes());
        a == b
            && a.iter().all(|c| {
                Locale::ALL
                    .iter()
                    .all(|&l| self.get(c, l) == other.get(c, l))
            })
    }
}

impl Catalog {
    /// The catalog of a table decoded at build time.
    pub fn fixed(table: &'static StaticCatalog) -> Catalog {
        Catalog {
            entries: BTreeMap::new(),
            fixed: Some(table),
        }
    }

    /// The entries of the build-time table as the `messages/*.json` files they came from (file →
    /// code → `{ "zh-CN", "en" }`), for `default_files()`.
    pub fn fixed_files(&self) -> Vec<(&'static str, Value)> {
        let Some(t) = self.fixed else {
            return Vec::new();
        };
        let mut files: Vec<(&'static str, serde_json::Map<String, Value>)> = t
            .files
            .iter()
            .map(|f| (*f, serde_json::Map::new()))
            .collect();
        for i in 0..t.len() {
            let (code, zh, en, file) = t.entry(i);
            if let Some((_, map)) = files.get_mut(file) {
                let mut text = serde_json::Map::new();
                text.insert("zh-CN".into(), Value::from(zh));
                text.insert("en".into(), Value::from(en));
                map.insert(code.to_string(), Value::Object(text));
            }
        }
        files
            .into_iter()
            .map(|(f, m)| (f, Value::Object(m)))
            .collect()
    }

    /// Merge one `messages/*.json` file; a code defined twice is an error naming the file.
    pub fn add_file(&mut self, file: &str, entries: BTreeMap<String, Text>) -> Result<(), Error> {
        for (code, text) in entries {
            if !is_code(&code) {
                return Err(Error::new(
                    "rule_pack.invalid",
                    "message code must be dotted words of letters, digits and _",
                )
                .in_file(file)
                .at_path(code));
            }
            if !text.is_complete() {
                return Err(Error::new(
                    "rule_pack.invalid",
                    "message needs a non-empty zh-CN and en text",
                )
                .in_file(file)
                .at_path(code));
            }
            if self.contains(&code) {
                return Err(
                    Error::new("rule_pack.invalid", "message code defined twice")
                        .in_file(file)
                        .at_path(code),
                );
            }
            self.entries.insert(code, text);
        }
        Ok(())
    }

    pub fn contains(&self, code: &str) -> bool {
        self.entries.contains_key(code) || self.fixed.is_some_and(|t| t.find(code).is_some())
    }

    /// The text of `code` in `locale`.
    pub fn get(&self, code: &str, locale: Locale) -> Option<&str> {
        if let Some(t) = self.entries.get(code) {
            return Some(t.get(locale));
        }
        let t = self.fixed?;
        let (_, zh, en, _) = t.entry(t.find(code)?);
        Some(match locale {
            Locale::ZhCn => zh,
            Locale::En => en,
        })
    }

    /// Render `code` in `locale`, substituting `{name}` placeholders from `params`. An unknown code
    /// renders as the code itself (tests make sure every emitted code is in the default pack).
    pub fn render(&self, code: &str, locale: Locale, params: &Params) -> String {
        match self.get(code, locale) {
            Some(t) => fill(t, params),
            None => code.to_string(),
        }
    }

    /// Plain text of `code` in `locale` with no parameters, or the code itself.
    pub fn plain(&self, code: &str, locale: Locale) -> String {
        self.render(code, locale, &Params::new())
    }

    /// Every entry whose code starts with `prefix`, rendered in `locale` (for host-page labels).
    pub fn section(&self, prefix: &str, locale: Locale) -> BTreeMap<String, String> {
        // Inserted one by one: collecting into a map sorts first, one more sort in the module.
        let mut out = BTreeMap::new();
        for (k, v) in self
            .entries
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
        {
            out.insert(k.clone(), v.get(locale).to_string());
        }
        if let Some(t) = self.fixed {
            for i in t.lower_bound(prefix)..t.len() {
                let (code, zh, en, _) = t.entry(i);
                if !code.starts_with(prefix) {
                    break;
                }
                let text = if locale == Locale::ZhCn { zh } else { en };
                out.insert(code.to_string(), text.to_string());
            }
        }
        out
    }

    /// Every code, sorted.
    pub fn codes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        if let Some(t) = self.fixed {
            for i in 0..t.len() {
                out.push(t.entry(i).0);
            }
            out.sort_unstable();
        }
        out
    }
}

/// `a.b_c.d` style codes: ASCII letters, digits and `_`, dot-separated, no empty part. Finding codes
/// are lowercase by convention; host-page labels may name camelCase fields (`ui.field.birthDate`).
pub fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 96
        && code
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// Substitute `{name}` placeholders. `{{` and `}}` are literal braces; unknown names stay as written.
pub fn fill(template: &str, params: &Params) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(pos) = rest.find(['{', '}']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if tail.starts_with("{{") {
            out.push('{');
            rest = &tail[2..];
        } else if tail.starts_with("}}") {
            out.push('}');
            rest = &tail[2..];
        } else if tail.starts_with('{') {
            match tail.find('}') {
                Some(end) => {
                    let name = &tail[1..end];
                    match params.get(name) {
                        Some(v) => push_value(&mut out, v),
                        None => out.push_str(&tail[..=end]),
                    }
                    rest = &tail[end + 1..];
                }
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
        } else {
            out.push('}');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

fn push_value(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Null => {}
        // Numbers, booleans, lists, objects: compact JSON, as `Value`'s `Display` writes them
        // (without serde's serializer).
        other => out.push_str(&crate::jsonout::text(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params;

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::parse("zh-Hans-CN").unwrap(), Locale::ZhCn);
        assert_eq!(Locale::parse("en_US").unwrap(), Locale::En);
        assert_eq!(Locale::parse("fr").unwrap_err().code, "locale.unsupported");
    }

    #[test]
    fn fill_placeholders() {
        let p = params![("days", 12), ("kind", "身份证")];
        assert_eq!(
            fill("{kind} 还有 {days} 天到期", &p),
            "身份证 还有 12 天到期"
        );
        assert_eq!(fill("{{literal}} {missing}", &p), "{literal} {missing}");
        assert_eq!(fill("unclosed {days", &p), "unclosed {days");
        assert_eq!(fill("stray } brace", &p), "stray } brace");
    }

    #[test]
    fn codes() {
        assert!(is_code("resident_id.checksum"));
        assert!(!is_code("resident.x-y"));
        assert!(!is_code("a..b"));
    }
}
