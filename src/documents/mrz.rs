//! Machine-readable zones of passports and ID cards (ICAO Doc 9303; domain brief §4.6, specimens
//! §4.8): TD1 (3×30), TD2 (2×36), TD3 (2×44). Every check digit is its own finding, carrying the
//! line and 1-based column ranges it covers so that a UI can highlight the characters.

use crate::desk::FrontDesk;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Params, Severity};
use crate::params;
use crate::rulepack::{invalid, Loader};
use crate::time::iso;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Longest MRZ text accepted (characters): 3×30 or 2×44 plus generous whitespace.
pub const MAX_TEXT_CHARS: usize = 400;
/// At most this many bad-character findings are reported.
const MAX_CHAR_FINDINGS: usize = 5;

/// `mrz.json` of the rule pack: ICAO three-letter state codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateRules {
    pub source: String,
    pub version: String,
    /// Codes used only on specimens (`UTO`, Utopia): accepted with a warning.
    pub specimen_states: Vec<String>,
    /// ICAO code (1–3 letters, no fillers) → ISO 3166-1 numeric code, or `null` when it has none.
    pub states: BTreeMap<String, Option<String>>,
}

impl StateRules {
    pub fn load(loader: &mut Loader) -> Result<Self, Error> {
        const FILE: &str = "mrz.json";
        let rules = loader.read(FILE, |o| {
            const KEYS: &[&str] = &["source", "version", "specimenStates", "states"];
            o.fields(KEYS, &[]);
            StateRules {
                source: o.str("source"),
                version: o.str("version"),
                specimen_states: o.strings("specimenStates"),
                states: o.obj("states").as_opt_strings(),
            }
        })?;
        let code_ok =
            |c: &str| (1..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_uppercase());
        for (c, n) in &rules.states {
            if !code_ok(c) {
                return Err(invalid(
                    FILE,
                    format!("states.{c}"),
                    "1 to 3 upper-case letters",
                ));
            }
            if n.as_ref()
                .is_some_and(|n| n.len() != 3 || !n.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(invalid(
                    FILE,
                    format!("states.{c}"),
                    "numeric code of 3 digits or null",
                ));
            }
        }
        for (i, c) in rules.specimen_states.iter().enumerate() {
            if !code_ok(c) {
                return Err(invalid(
                    FILE,
                    format!("specimenStates[{i}]"),
                    "1 to 3 upper-case letters",
                ));
            }
        }
        Ok(rules)
    }
    pub fn is_known(&self, code: &str) -> bool {
        self.states.contains_key(code)
    }
    /// The alpha code of an ISO numeric code (first in code order).
    pub fn alpha_for_numeric(&self, numeric: &str) -> Option<&str> {
        self.states
            .iter()
            .find(|(_, n)| n.as_deref() == Some(numeric))
            .map(|(c, _)| c.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum MrzFormat {
    TD1,
    TD2,
    TD3,
}

impl MrzFormat {
    fn shape(self) -> (usize, usize) {
        match self {
            MrzFormat::TD1 => (3, 30),
            MrzFormat::TD2 => (2, 36),
            MrzFormat::TD3 => (2, 44),
        }
    }
}

/// What the zone says. Absent keys could not be read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct MrzFields {
    /// ISO date; the century is the latest that is not after today.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub birth_date: Option<String>,
    /// YYMMDD as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub birth_date_raw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub document_code: Option<String>,
    /// Long TD1/TD2 numbers (overflowing into the optional data) are joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub document_number: Option<String>,
    /// ISO date; the century is the latest not more than `mrzExpiryMaxYearsAhead` after today.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub expiry_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub expiry_date_raw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub given_names: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub issuing_state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub nationality: Option<String>,
    /// TD3 personal number, TD2 optional data, TD1 line-1 optional data (after any number overflow).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub optional_data: Option<String>,
    /// TD1 line-2 optional data.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub optional_data2: Option<String>,
    /// `male`, `female` or `unspecified`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sex: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub surname: Option<String>,
}

/// Result of `parseMrz`. `valid`: the zone is well-formed and every check digit is right;
/// expiry is reported as findings (`mrz.expired`, `mrz.expiring_soon`) without changing `valid`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct MrzResult {
    // In the byte order of the JSON names, like `DocumentResult` (see there).
    pub fields: MrzFields,
    #[serde(serialize_with = "super::sorted_findings")]
    pub findings: Vec<Finding>,
    pub format: Option<MrzFormat>,
    pub valid: bool,
}

/// ICAO 9303 character value: digits 0–9, A=10…Z=35, `<`=0.
fn char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The 7-3-1 check digit over `data` (any number of segments, in order).
pub fn check_digit<'a>(segments: impl IntoIterator<Item = &'a [u8]>) -> Option<u8> {
    const W: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    let mut i = 0usize;
    for seg in segments {
        for &c in seg {
            sum += char_value(c)? * W[i % 3];
            i += 1;
        }
    }
    Some(b'0' + (sum % 10) as u8)
}

/// A run of characters on one line: 0-based line, 0-based start, exclusive end.
#[derive(Debug, Clone, Copy)]
struct Span {
    line: usize,
    start: usize,
    end: usize,
}

fn sp(line: usize, start: usize, end: usize) -> Span {
    Span { line, start, end }
}

struct Zone<'a> {
    lines: Vec<&'a [u8]>,
}

impl<'a> Zone<'a> {
    fn get(&self, s: Span) -> &'a [u8] {
        self.lines
            .get(s.line)
            .and_then(|l| l.get(s.start..s.end))
            .unwrap_or(&[])
    }
    fn text(&self, s: Span) -> String {
        String::from_utf8_lossy(self.get(s)).into_owned()
    }
    fn at(&self, line: usize, col: usize) -> u8 {
        self.lines
            .get(line)
            .and_then(|l| l.get(col))
            .copied()
            .unwrap_or(b'<')
    }
}

/// `L:a-b,L:c-d` with 1-based lines and inclusive 1-based columns.
fn ranges_param(spans: &[Span]) -> String {
    let mut out = String::new();
    for (i, s) in spans.iter().filter(|s| s.end > s.start).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("{}:{}-{}", s.line + 1, s.start + 1, s.end));
    }
    out
}

fn strip_fill(b: &[u8]) -> String {
    String::from_utf8_lossy(b).trim_end_matches('<').to_string()
}

fn words(b: &[u8]) -> String {
    String::from_utf8_lossy(b)
        .split('<')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

struct Parser<'d, 'z> {
    desk: &'d FrontDesk,
    zone: Zone<'z>,
    findings: Vec<Finding>,
}

impl Parser<'_, '_> {
    fn push(&mut self, severity: Severity, code: &str, params: Params) {
        self.findings
            .push(self.desk.finding(severity, code, "text", params));
    }

    /// Verify one check digit at (line, col) over `spans`. `may_be_empty`: a `<` check digit is
    /// accepted when every covered character is `<` (empty optional field).
    fn verify(
        &mut self,
        what: &str,
        spans: &[Span],
        line: usize,
        col: usize,
        may_be_empty: bool,
    ) -> bool {
        let given = self.zone.at(line, col);
        let data: Vec<&[u8]> = spans.iter().map(|s| self.zone.get(*s)).collect();
        let empty = data.iter().all(|d| d.iter().all(|&c| c == b'<'));
        let ok = if given == b'<' {
            may_be_empty && empty
        } else {
            check_digit(data.iter().copied()) == Some(given)
                || (may_be_empty && empty && given == b'0')
        };
        if !ok {
            // Where the mistyped character probably is (the characters the digit covers; the first
            // span for the single-field checks), as well as where the check digit itself is.
            let first = spans
                .first()
                .map_or((line, col, col), |s| (s.line, s.start, s.end));
            self.push(
                Severity::Error,
                &format!("mrz.check.{what}"),
                params![
                    ("line", (line + 1) as u64),
                    ("column", (col + 1) as u64),
                    ("ranges", ranges_param(spans)),
                    ("rangeLine", (first.0 + 1) as u64),
                    ("from", (first.1 + 1) as u64),
                    ("to", first.2 as u64)
                ],
            );
        }
        ok
    }

    fn state(&mut self, field: &str, s: Span) -> Option<String> {
        let code = strip_fill(self.zone.get(s));
        let label = self.desk.text(&format!("mrz.field.{field}"));
        let params = params![
            ("field", field),
            ("label", label),
            ("ranges", ranges_param(&[s]))
        ];
        let rules = &self.desk.pack.documents.states;
        if rules.specimen_states.contains(&code) {
            self.push(Severity::Warning, "mrz.specimen_state", params);
        } else if !rules.is_known(&code) {
            self.push(Severity::Warning, "mrz.unknown_state", params);
        }
        Some(code)
    }

    fn date(&mut self, what: &str, s: Span, expiry: bool) -> (Option<String>, Option<NaiveDate>) {
        let raw = self.zone.get(s);
        let rawtext = String::from_utf8_lossy(raw).into_owned();
        let num = |r: &[u8]| -> Option<u32> {
            if r.len() == 2 && r.iter().all(u8::is_ascii_digit) {
                Some(u32::from(r[0] - b'0') * 10 + u32::from(r[1] - b'0'))
            } else {
                None
            }
        };
        let parts = (
            raw.get(0..2).and_then(num),
            raw.get(2..4).and_then(num),
            raw.get(4..6).and_then(num),
        );
        let today = self.desk.today();
        let resolved = match parts {
            (Some(yy), Some(m), Some(d)) => {
                let yy = yy as i32;
                let in_2000s = NaiveDate::from_ymd_opt(2000 + yy, m, d);
                let in_1900s = NaiveDate::from_ymd_opt(1900 + yy, m, d);
                let limit = if expiry {
                    NaiveDate::from_ymd_opt(
                        today.year() + self.desk.pack.documents.mrz_expiry_max_years_ahead,
                        12,
                        31,
                    )
                } else {
                    Some(today)
                };
                match (in_2000s, in_1900s, limit) {
                    (Some(a), _, Some(l)) if a <= l => Some(a),
                    (_, Some(b), _) => Some(b),
                    _ => None,
                }
            }
            _ => None,
        };
        if resolved.is_none() {
            self.push(
                Severity::Error,
                &format!("mrz.{what}"),
                params![("ranges", ranges_param(&[s]))],
            );
        }
        (Some(rawtext), resolved)
    }
}

fn detect(lines: &[&[u8]]) -> Result<MrzFormat, Option<MrzFormat>> {
    let lens: Vec<usize> = lines.iter().map(|l| l.len()).collect();
    match lens.as_slice() {
        [30, 30, 30] => Ok(MrzFormat::TD1),
        [36, 36] => Ok(MrzFormat::TD2),
        [44, 44] => Ok(MrzFormat::TD3),
        [_, _, _] => Err(Some(MrzFormat::TD1)),
        [a, b] if (*a).max(*b) > 40 => Err(Some(MrzFormat::TD3)),
        [_, _] => Err(Some(MrzFormat::TD2)),
        _ => Err(None),
    }
}

/// `parseMrz`: never fails; a broken zone gives `valid: false` and findings.
pub fn parse(desk: &FrontDesk, text: &str) -> MrzResult {
    let mut result = MrzResult {
        format: None,
        valid: false,
        fields: MrzFields::default(),
        findings: Vec::new(),
    };
    if text.chars().count() > MAX_TEXT_CHARS {
        result.findings.push(desk.finding(
            Severity::Error,
            "mrz.too_long",
            "text",
            params![("max", MAX_TEXT_CHARS as u64)],
        ));
        return result;
    }
    let (folded, widened) = super::checks::fold_width(text);
    if widened {
        result.findings.push(desk.finding(
            Severity::Info,
            "document.full_width_folded",
            "text",
            params![],
        ));
    }
    if folded.bytes().any(|b| b.is_ascii_lowercase()) {
        result
            .findings
            .push(desk.finding(Severity::Info, "mrz.lowercase", "text", params![]));
    }
    let upper = folded.to_ascii_uppercase();
    let lines: Vec<&[u8]> = upper
        .split('\n')
        .map(|l| {
            l.trim_matches(|c: char| c == ' ' || c == '\r' || c == '\t')
                .as_bytes()
        })
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        result
            .findings
            .push(desk.finding(Severity::Error, "mrz.empty", "text", params![]));
        return result;
    }
    let format = match detect(&lines) {
        Ok(f) => f,
        Err(None) => {
            result.findings.push(desk.finding(
                Severity::Error,
                "mrz.line_count",
                "text",
                params![("count", lines.len() as u64)],
            ));
            return result;
        }
        Err(Some(f)) => {
            let (_, width) = f.shape();
            result.format = Some(f);
            for (i, l) in lines.iter().enumerate() {
                if l.len() != width {
                    result.findings.push(desk.finding(
                        Severity::Error,
                        "mrz.line_length",
                        "text",
                        params![
                            ("line", (i + 1) as u64),
                            ("length", l.len() as u64),
                            ("expected", width as u64)
                        ],
                    ));
                }
            }
            return result;
        }
    };
    result.format = Some(format);
    let mut bad = 0;
    for (i, l) in lines.iter().enumerate() {
        for (j, &c) in l.iter().enumerate() {
            if char_value(c).is_none() {
                bad += 1;
                if bad <= MAX_CHAR_FINDINGS {
                    result.findings.push(desk.finding(
                        Severity::Error,
                        "mrz.character",
                        "text",
                        params![
                            ("line", (i + 1) as u64),
                            ("column", (j + 1) as u64),
                            ("ranges", format!("{}:{}-{}", i + 1, j + 1, j + 1))
                        ],
                    ));
                }
            }
        }
    }
    if bad > 0 {
        return result;
    }
    let mut p = Parser {
        desk,
        zone: Zone { lines },
        findings: std::mem::take(&mut result.findings),
    };
    let f = &mut result.fields;
    // Layout per format: (document-number line, start), name span, and the data spans.
    let (
        doc,
        doc_check,
        nat,
        dob,
        dob_check,
        sex,
        exp,
        exp_check,
        opt,
        opt_check,
        composite,
        comp_at,
        name,
    ) = match format {
        MrzFormat::TD3 => (
            sp(1, 0, 9),
            (1, 9),
            sp(1, 10, 13),
            sp(1, 13, 19),
            (1, 19),
            (1, 20),
            sp(1, 21, 27),
            (1, 27),
            sp(1, 28, 42),
            Some((1, 42)),
            vec![sp(1, 0, 10), sp(1, 13, 20), sp(1, 21, 43)],
            (1, 43),
            sp(0, 5, 44),
        ),
        MrzFormat::TD2 => (
            sp(1, 0, 9),
            (1, 9),
            sp(1, 10, 13),
            sp(1, 13, 19),
            (1, 19),
            (1, 20),
            sp(1, 21, 27),
            (1, 27),
            sp(1, 28, 35),
            None,
            vec![sp(1, 0, 10), sp(1, 13, 20), sp(1, 21, 35)],
            (1, 35),
            sp(0, 5, 36),
        ),
        MrzFormat::TD1 => (
            sp(0, 5, 14),
            (0, 14),
            sp(1, 15, 18),
            sp(1, 0, 6),
            (1, 6),
            (1, 7),
            sp(1, 8, 14),
            (1, 14),
            sp(0, 15, 30),
            None,
            vec![sp(0, 5, 30), sp(1, 0, 7), sp(1, 8, 15), sp(1, 18, 29)],
            (1, 29),
            sp(2, 0, 30),
        ),
    };
    f.document_code = Some(strip_fill(p.zone.get(sp(0, 0, 2))));
    if p.zone.at(0, 0) == b'<' {
        p.push(
            Severity::Error,
            "mrz.document_code",
            params![("ranges", ranges_param(&[sp(0, 0, 2)]))],
        );
    }
    f.issuing_state = p.state("issuingState", sp(0, 2, 5));
    // Name: primary identifier, `<<`, secondary identifier; `<` separates words.
    let name_raw = p.zone.get(name);
    let split = name_raw.windows(2).position(|w| w == b"<<");
    let (sur, given) = match split {
        Some(i) => (&name_raw[..i], &name_raw[i + 2..]),
        None => (name_raw, &[][..]),
    };
    f.surname = Some(words(sur));
    f.given_names = Some(words(given));
    // Document number, with the TD1/TD2 overflow into the optional data (check position holds `<`).
    let mut optional = opt;
    if format != MrzFormat::TD3 && p.zone.at(doc_check.0, doc_check.1) == b'<' {
        let ext = p.zone.get(opt);
        let ext_len = ext.iter().position(|&c| c == b'<').unwrap_or(ext.len());
        if ext_len < 2 {
            p.push(
                Severity::Error,
                "mrz.check.document_number",
                params![
                    ("line", (doc_check.0 + 1) as u64),
                    ("column", (doc_check.1 + 1) as u64),
                    ("ranges", ranges_param(&[doc]))
                ],
            );
            f.document_number = Some(strip_fill(p.zone.get(doc)));
        } else {
            let body = sp(opt.line, opt.start, opt.start + ext_len - 1);
            let mut number = p.zone.text(doc);
            number.push_str(&p.zone.text(body));
            f.document_number = Some(number);
            p.verify(
                "document_number",
                &[doc, body],
                opt.line,
                opt.start + ext_len - 1,
                false,
            );
            optional = sp(opt.line, (opt.start + ext_len + 1).min(opt.end), opt.end);
        }
    } else {
        f.document_number = Some(strip_fill(p.zone.get(doc)));
        p.verify("document_number", &[doc], doc_check.0, doc_check.1, false);
    }
    f.nationality = p.state("nationality", nat);
    let (raw, birth) = p.date("birth_date", dob, false);
    f.birth_date_raw = raw;
    f.birth_date = birth.map(iso);
    p.verify("birth_date", &[dob], dob_check.0, dob_check.1, false);
    f.sex = match p.zone.at(sex.0, sex.1) {
        b'M' => Some("male".into()),
        b'F' => Some("female".into()),
        b'<' | b'X' => Some("unspecified".into()),
        _ => {
            p.push(
                Severity::Error,
                "mrz.sex",
                params![("ranges", ranges_param(&[sp(sex.0, sex.1, sex.1 + 1)]))],
            );
            None
        }
    };
    let (raw, expiry) = p.date("expiry_date", exp, true);
    f.expiry_date_raw = raw;
    f.expiry_date = expiry.map(iso);
    p.verify("expiry_date", &[exp], exp_check.0, exp_check.1, false);
    f.optional_data = Some(words(p.zone.get(optional)));
    if let Some((l, c)) = opt_check {
        p.verify("optional_data", &[opt], l, c, true);
    }
    if format == MrzFormat::TD1 {
        f.optional_data2 = Some(words(p.zone.get(sp(1, 18, 29))));
    }
    p.verify("composite", &composite, comp_at.0, comp_at.1, false);
    // Whether the document is still in force: findings only, `valid` stays about the zone.
    let valid = no_errors(&p.findings);
    if let Some(e) = expiry {
        let days = (e - desk.today()).num_days();
        if days < 0 {
            p.push(
                Severity::Error,
                "mrz.expired",
                params![("daysAgo", -days), ("expiredOn", iso(e))],
            );
        } else if days <= i64::from(desk.pack.documents.expiring_soon_days) {
            p.push(
                Severity::Warning,
                "mrz.expiring_soon",
                params![("days", days)],
            );
        }
    }
    result.valid = valid;
    result.findings = p.findings;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_specimens() {
        // Domain brief §4.8 (ICAO 9303 specimens).
        assert_eq!(check_digit([&b"L898902C3"[..]]), Some(b'6'));
        assert_eq!(check_digit([&b"740812"[..]]), Some(b'2'));
        assert_eq!(check_digit([&b"120415"[..]]), Some(b'9'));
        assert_eq!(check_digit([&b"ZE184226B<<<<<"[..]]), Some(b'1'));
        assert_eq!(check_digit([&b"a"[..]]), None);
    }
}
