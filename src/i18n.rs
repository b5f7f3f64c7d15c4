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

/// All message templates of a rule pack, by code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    entries: BTreeMap<String, Text>,
}

impl Catalog {
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
            if self.entries.contains_key(&code) {
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
        self.entries.contains_key(code)
    }

    pub fn text(&self, code: &str) -> Option<&Text> {
        self.entries.get(code)
    }

    /// Render `code` in `locale`, substituting `{name}` placeholders from `params`. An unknown code
    /// renders as the code itself (tests make sure every emitted code is in the default pack).
    pub fn render(&self, code: &str, locale: Locale, params: &Params) -> String {
        match self.entries.get(code) {
            Some(t) => fill(t.get(locale), params),
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
        out
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
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
        other => out.push_str(&other.to_string()),
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
