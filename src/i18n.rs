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
/// as `code\0zh-CN\0en\0f\x1e` in one text, sorted by code, where the letter `f` names the
/// `messages/*.json` of `files` it came from (`a` the first) and the record separator `\x1e` ends
/// the entry. Looking a code up is a binary search over the text itself: from any byte the next
/// entry starts after the next `\x1e`, so no index is built (scanning the whole table for one cost
/// the first answer ~1 ms) and nothing is parsed or allocated to start.
#[derive(Debug)]
pub struct StaticCatalog {
    pub files: &'static [&'static str],
    pub text: &'static str,
}

/// Ends every entry of a `StaticCatalog` (never in a text: build.rs refuses it).
const END: u8 = 0x1e;

/// One entry: (code, zh-CN, en, file index).
type Entry = (&'static str, &'static str, &'static str, usize);

impl PartialEq for StaticCatalog {
    fn eq(&self, other: &StaticCatalog) -> bool {
        self.text == other.text
    }
}

impl StaticCatalog {
    /// The entry starting at byte `at` (an entry start) and where the next one starts.
    fn entry_at(&self, at: usize) -> Option<(Entry, usize)> {
        let rest = self.text.get(at..).filter(|r| !r.is_empty())?;
        let len = rest.bytes().position(|b| b == END).unwrap_or(rest.len());
        let mut parts = rest.get(..len).unwrap_or("").splitn(4, '\0');
        let mut next = || parts.next().unwrap_or("");
        let (code, zh, en) = (next(), next(), next());
        let file = next()
            .bytes()
            .next()
            .map_or(0, |b| b.wrapping_sub(b'a') as usize);
        Some(((code, zh, en, file), at + len + 1))
    }

    /// The first entry start at or after byte `pos` (the text's length when there is none).
    fn start_from(&self, pos: usize) -> usize {
        if pos == 0 {
            return 0;
        }
        // From the char boundary at or before `pos - 1` (a midpoint may fall inside a character;
        // the bytes skipped back are part of it, never the separator). `find` of an ASCII char is
        // core's word-at-a-time memchr.
        let mut from = (pos - 1).min(self.text.len());
        while !self.text.is_char_boundary(from) {
            from -= 1;
        }
        match self.text.get(from..).and_then(|t| t.find('\u{1e}')) {
            Some(i) => from + i + 1,
            None => self.text.len(),
        }
    }

    /// The code of the entry starting at byte `at` (only the code is read).
    fn code_at(&self, at: usize) -> &'static str {
        let rest = self.text.get(at..).unwrap_or("");
        rest.get(..rest.find('\0').unwrap_or(rest.len()))
            .unwrap_or("")
    }

    /// Byte offset of the first entry whose code is not below `code`.
    fn lower_bound(&self, code: &str) -> usize {
        // Every entry starting before byte `lo` is below `code`; `hi` is an entry start (or the
        // end) and no entry from `hi` on is. Each step reads one code, never a whole entry.
        let (mut lo, mut hi) = (0, self.text.len());
        while lo < hi {
            let mut mid = self.start_from(lo + (hi - lo) / 2);
            if mid >= hi {
                // No entry starts in the upper half: test the first one from `lo`.
                mid = self.start_from(lo);
                if mid >= hi {
                    break;
                }
            }
            if self.code_at(mid) < code {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        hi
    }

    fn find(&self, code: &str) -> Option<Entry> {
        let at = self.lower_bound(code);
        if self.code_at(at) != code {
            return None;
        }
        self.entry_at(at).map(|(e, _)| e)
    }

    /// The entries from byte `at` (an entry start) on, in code order.
    fn entries_from(&self, mut at: usize) -> impl Iterator<Item = Entry> + '_ {
        std::iter::from_fn(move || {
            let (e, next) = self.entry_at(at)?;
            at = next;
            Some(e)
        })
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
        for (code, zh, en, file) in t.entries_from(0) {
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
        let (_, zh, en, _) = t.find(code)?;
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
            for (code, zh, en, _) in t.entries_from(t.lower_bound(prefix)) {
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
            out.extend(t.entries_from(0).map(|e| e.0));
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

    /// The binary search over the text finds every code, refuses every absent one (before the
    /// first, between two, after the last, a prefix of one) and lists sections, for tables of
    /// every size from empty to many entries of uneven length.
    #[test]
    fn static_table_lookups_by_binary_search_over_the_text() {
        for n in 0..40usize {
            let codes: Vec<String> = (0..n)
                .map(|i| format!("c{:02}{}", i * 2, "x".repeat(i * 7 % 13)))
                .collect();
            let mut text = String::new();
            for (i, c) in codes.iter().enumerate() {
                text.push_str(&format!("{c}\0中{i}\0en {i}\0{}\x1e", ['a', 'b'][i % 2]));
            }
            let table: &'static StaticCatalog = Box::leak(Box::new(StaticCatalog {
                files: &["messages/a.json", "messages/b.json"],
                text: Box::leak(text.into_boxed_str()),
            }));
            let cat = Catalog::fixed(table);
            for (i, c) in codes.iter().enumerate() {
                assert_eq!(cat.get(c, Locale::ZhCn), Some(format!("中{i}").as_str()));
                assert_eq!(cat.get(c, Locale::En), Some(format!("en {i}").as_str()));
                let between = format!("c{:02}", i * 2 + 1);
                assert!(!cat.contains(&between), "{n}: {between}");
                assert!(!cat.contains(&c[..2]));
            }
            assert!(!cat.contains("a"));
            assert!(!cat.contains("d"));
            assert_eq!(
                cat.codes(),
                codes.iter().map(String::as_str).collect::<Vec<_>>()
            );
            assert_eq!(cat.section("c", Locale::En).len(), n);
            if n > 3 {
                let one = cat.section(&codes[3], Locale::En);
                assert_eq!(one.get(&codes[3]).map(String::as_str), Some("en 3"));
            }
            let files = cat.fixed_files();
            let count = |f: usize| files[f].1.as_object().map_or(0, |m| m.len());
            assert_eq!(count(0) + count(1), n);
        }
    }

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
