//! Machine-readable zones of passports and ID cards (ICAO Doc 9303; domain brief §4.6, specimens
//! §4.8): TD1 (3×30), TD2 (2×36), TD3 (2×44). Every check digit is its own finding, carrying the
//! line and 1-based column ranges it covers so that a UI can highlight the characters.

use super::DocumentRules;
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::SortedFindings;
use crate::finding::{no_errors, Finding, Params, Severity};
use crate::jsonout::{JsonOut, WriteJson};
use crate::loader::{invalid, Loader};
use crate::params;
use crate::time::iso;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

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
    /// ICAO code (1–3 letters, no fillers) → ISO 3166-1 numeric code, or `null` when it has none;
    /// sorted by code (as `mrz.json`'s object is read).
    pub states: Vec<(String, Option<String>)>,
}

impl StateRules {
    pub fn load(loader: &Loader) -> Result<Self, Error> {
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
        self.states
            .binary_search_by(|(c, _)| c.as_str().cmp(code))
            .is_ok()
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
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "\"male\" | \"female\" | \"unspecified\"")
    )]
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
impl WriteJson for MrzFields {
    /// As the `Serialize` derive writes it (absent fields left out).
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        super::write_some_strs(
            out,
            &[
                ("birthDate", &self.birth_date),
                ("birthDateRaw", &self.birth_date_raw),
                ("documentCode", &self.document_code),
                ("documentNumber", &self.document_number),
                ("expiryDate", &self.expiry_date),
                ("expiryDateRaw", &self.expiry_date_raw),
                ("givenNames", &self.given_names),
                ("issuingState", &self.issuing_state),
                ("nationality", &self.nationality),
                ("optionalData", &self.optional_data),
                ("optionalData2", &self.optional_data2),
                ("sex", &self.sex),
                ("surname", &self.surname),
            ],
        );
        out.close_obj();
    }
}

impl WriteJson for MrzResult {
    /// As the `Serialize` derive writes it: keys in byte order, findings with sorted keys.
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        out.field("fields", &self.fields);
        out.field("findings", &SortedFindings(&self.findings));
        out.key("format");
        match self.format {
            Some(MrzFormat::TD1) => out.str("TD1"),
            Some(MrzFormat::TD2) => out.str("TD2"),
            Some(MrzFormat::TD3) => out.str("TD3"),
            None => out.null(),
        }
        out.field("valid", &self.valid);
        out.close_obj();
    }
}

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
        ascii(self.get(s))
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

/// Zone bytes as text. The parser runs only on a zone whose every byte is `0-9`, `A-Z` or `<`
/// (`zone_characters`), so each byte is its character (no `from_utf8_lossy` machinery needed).
fn ascii(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

fn strip_fill(b: &[u8]) -> String {
    ascii(b).trim_end_matches('<').to_string()
}

fn words(b: &[u8]) -> String {
    ascii(b)
        .split('<')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

struct Parser<'d, 'z> {
    ctx: &'d Ctx<'d>,
    rules: &'d DocumentRules,
    zone: Zone<'z>,
    findings: Vec<Finding>,
}

impl Parser<'_, '_> {
    fn push(&mut self, severity: Severity, code: &str, params: Params) {
        self.findings
            .push(self.ctx.finding(severity, code, "text", params));
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
        let label = self.ctx.text(&format!("mrz.field.{field}"));
        let params = params![
            ("field", field),
            ("label", label),
            ("ranges", ranges_param(&[s]))
        ];
        // ICAO 9303 Part 6 §4.2.2 notes a, c and §4.3 (and Parts 4, 5): the three-letter code of
        // Doc 9303-3, letters A–Z with trailing fillers only. Anything else makes the zone invalid.
        let raw = self.zone.get(s);
        let filled = raw.iter().position(|&c| c == b'<').unwrap_or(raw.len());
        if filled == 0 {
            self.push(Severity::Error, "mrz.state_missing", params);
            return Some(code);
        }
        let letters = raw[..filled].iter().all(u8::is_ascii_uppercase);
        if !letters || raw[filled..].iter().any(|&c| c != b'<') {
            // OCR confusions of a letter for a digit (0/O, 1/I, 2/Z, 5/S, 8/B) suggest the letter.
            let suggestion: String = raw
                .iter()
                .map(|&c| match c {
                    b'0' => 'O',
                    b'1' => 'I',
                    b'2' => 'Z',
                    b'5' => 'S',
                    b'8' => 'B',
                    c => c as char,
                })
                .collect();
            let suggest = suggestion.trim_end_matches('<');
            let fixable = !suggest.is_empty()
                && suggest.bytes().all(|c| c.is_ascii_uppercase())
                && suggestion[suggest.len()..].bytes().all(|c| c == b'<');
            self.push(Severity::Error, "mrz.state_characters", params.clone());
            if fixable {
                let mut p = params;
                crate::finding::put(&mut p, "suggestion", suggest.into());
                self.push(Severity::Info, "mrz.state_suggestion", p);
            }
            return Some(code);
        }
        let rules = &self.rules.states;
        if rules.specimen_states.contains(&code) {
            self.push(Severity::Warning, "mrz.specimen_state", params);
        } else if !rules.is_known(&code) {
            self.push(Severity::Warning, "mrz.unknown_state", params);
        }
        Some(code)
    }

    fn date(&mut self, what: &str, s: Span, expiry: bool) -> (Option<String>, Option<NaiveDate>) {
        let raw = self.zone.get(s);
        let rawtext = ascii(raw);
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
        let today = self.ctx.today();
        let resolved = match parts {
            (Some(yy), Some(m), Some(d)) => {
                let yy = yy as i32;
                let in_2000s = NaiveDate::from_ymd_opt(2000 + yy, m, d);
                let in_1900s = NaiveDate::from_ymd_opt(1900 + yy, m, d);
                let limit = if expiry {
                    NaiveDate::from_ymd_opt(
                        today.year() + self.rules.mrz_expiry_max_years_ahead,
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

/// Where each field sits in a zone of one format: spans of data, `(line, column)` of single
/// characters and check digits (0-based).
struct Layout {
    document_number: Span,
    document_number_check: (usize, usize),
    nationality: Span,
    birth_date: Span,
    birth_date_check: (usize, usize),
    sex: (usize, usize),
    expiry_date: Span,
    expiry_date_check: (usize, usize),
    optional_data: Span,
    /// TD3 only: the personal number has its own check digit.
    optional_data_check: Option<(usize, usize)>,
    composite: Vec<Span>,
    composite_check: (usize, usize),
    name: Span,
}

impl Layout {
    /// ICAO 9303 Parts 4–6.
    fn of(format: MrzFormat) -> Layout {
        match format {
            MrzFormat::TD3 => Layout {
                document_number: sp(1, 0, 9),
                document_number_check: (1, 9),
                nationality: sp(1, 10, 13),
                birth_date: sp(1, 13, 19),
                birth_date_check: (1, 19),
                sex: (1, 20),
                expiry_date: sp(1, 21, 27),
                expiry_date_check: (1, 27),
                optional_data: sp(1, 28, 42),
                optional_data_check: Some((1, 42)),
                composite: vec![sp(1, 0, 10), sp(1, 13, 20), sp(1, 21, 43)],
                composite_check: (1, 43),
                name: sp(0, 5, 44),
            },
            MrzFormat::TD2 => Layout {
                document_number: sp(1, 0, 9),
                document_number_check: (1, 9),
                nationality: sp(1, 10, 13),
                birth_date: sp(1, 13, 19),
                birth_date_check: (1, 19),
                sex: (1, 20),
                expiry_date: sp(1, 21, 27),
                expiry_date_check: (1, 27),
                optional_data: sp(1, 28, 35),
                optional_data_check: None,
                composite: vec![sp(1, 0, 10), sp(1, 13, 20), sp(1, 21, 35)],
                composite_check: (1, 35),
                name: sp(0, 5, 36),
            },
            MrzFormat::TD1 => Layout {
                document_number: sp(0, 5, 14),
                document_number_check: (0, 14),
                nationality: sp(1, 15, 18),
                birth_date: sp(1, 0, 6),
                birth_date_check: (1, 6),
                sex: (1, 7),
                expiry_date: sp(1, 8, 14),
                expiry_date_check: (1, 14),
                optional_data: sp(0, 15, 30),
                optional_data_check: None,
                composite: vec![sp(0, 5, 30), sp(1, 0, 7), sp(1, 8, 15), sp(1, 18, 29)],
                composite_check: (1, 29),
                name: sp(2, 0, 30),
            },
        }
    }
}

/// `parseMrz`: never fails; a broken zone gives `valid: false` and findings. The steps: the text
/// bounded and folded, the zone's shape (lines and widths) and characters, then each field read
/// and its check digit verified, and finally whether the document is still in force.
pub fn parse(ctx: &Ctx, rules: &DocumentRules, text: &str) -> MrzResult {
    let mut result = MrzResult {
        format: None,
        valid: false,
        fields: MrzFields::default(),
        findings: Vec::new(),
    };
    let Some(upper) = fold_text(ctx, text, &mut result.findings) else {
        return result;
    };
    let lines: Vec<&[u8]> = upper
        .split('\n')
        .map(|l| {
            l.trim_matches(|c: char| c == ' ' || c == '\r' || c == '\t')
                .as_bytes()
        })
        .filter(|l| !l.is_empty())
        .collect();
    let Some(format) = zone_shape(ctx, &lines, &mut result) else {
        return result;
    };
    if !zone_characters(ctx, &lines, &mut result.findings) {
        return result;
    }
    let mut p = Parser {
        ctx,
        rules,
        zone: Zone { lines },
        findings: std::mem::take(&mut result.findings),
    };
    let expiry = p.read_fields(format, &mut result.fields);
    // Whether the document is still in force: findings only, `valid` stays about the zone.
    result.valid = no_errors(&p.findings);
    if let Some(e) = expiry {
        p.in_force(e);
    }
    result.findings = p.findings;
    result
}

/// The text bounded, full-width characters folded and letters upper-cased (each change an info
/// finding); `None` when the text is too long to read.
fn fold_text(ctx: &Ctx, text: &str, findings: &mut Vec<Finding>) -> Option<String> {
    if text.chars().count() > MAX_TEXT_CHARS {
        findings.push(ctx.finding(
            Severity::Error,
            "mrz.too_long",
            "text",
            params![("max", MAX_TEXT_CHARS as u64)],
        ));
        return None;
    }
    let (folded, widened) = super::checks::fold_width(text);
    if widened {
        findings.push(ctx.finding(
            Severity::Info,
            "document.full_width_folded",
            "text",
            params![],
        ));
    }
    if folded.bytes().any(|b| b.is_ascii_lowercase()) {
        findings.push(ctx.finding(Severity::Info, "mrz.lowercase", "text", params![]));
    }
    Some(folded.to_ascii_uppercase())
}

/// The format the lines make (TD1, TD2, TD3), or findings naming what is wrong with their number
/// or widths (the likely format is still told in `result.format`).
fn zone_shape(ctx: &Ctx, lines: &[&[u8]], result: &mut MrzResult) -> Option<MrzFormat> {
    if lines.is_empty() {
        result
            .findings
            .push(ctx.finding(Severity::Error, "mrz.empty", "text", params![]));
        return None;
    }
    match detect(lines) {
        Ok(f) => {
            result.format = Some(f);
            Some(f)
        }
        Err(None) => {
            result.findings.push(ctx.finding(
                Severity::Error,
                "mrz.line_count",
                "text",
                params![("count", lines.len() as u64)],
            ));
            None
        }
        Err(Some(f)) => {
            let (_, width) = f.shape();
            result.format = Some(f);
            for (i, l) in lines.iter().enumerate() {
                if l.len() != width {
                    result.findings.push(ctx.finding(
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
            None
        }
    }
}

/// Every character is a digit, a capital letter or `<` (the first few others are reported).
fn zone_characters(ctx: &Ctx, lines: &[&[u8]], findings: &mut Vec<Finding>) -> bool {
    let mut bad = 0;
    for (i, l) in lines.iter().enumerate() {
        for (j, &c) in l.iter().enumerate() {
            if char_value(c).is_none() {
                bad += 1;
                if bad <= MAX_CHAR_FINDINGS {
                    findings.push(ctx.finding(
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
    bad == 0
}

impl Parser<'_, '_> {
    /// Every field of a well-shaped zone, each check digit verified; the expiry date for
    /// `in_force`.
    fn read_fields(&mut self, format: MrzFormat, f: &mut MrzFields) -> Option<NaiveDate> {
        let l = Layout::of(format);
        self.document_code(f);
        f.issuing_state = self.state("issuingState", sp(0, 2, 5));
        self.name(l.name, f);
        let optional = self.document_number(format, &l, f);
        f.nationality = self.state("nationality", l.nationality);
        let (raw, birth) = self.date("birth_date", l.birth_date, false);
        f.birth_date_raw = raw;
        f.birth_date = birth.map(iso);
        let (line, col) = l.birth_date_check;
        self.verify("birth_date", &[l.birth_date], line, col, false);
        f.sex = self.sex(l.sex);
        let (raw, expiry) = self.date("expiry_date", l.expiry_date, true);
        f.expiry_date_raw = raw;
        f.expiry_date = expiry.map(iso);
        let (line, col) = l.expiry_date_check;
        self.verify("expiry_date", &[l.expiry_date], line, col, false);
        f.optional_data = Some(words(self.zone.get(optional)));
        if let Some((line, col)) = l.optional_data_check {
            self.verify("optional_data", &[l.optional_data], line, col, true);
        }
        if format == MrzFormat::TD1 {
            f.optional_data2 = Some(words(self.zone.get(sp(1, 18, 29))));
        }
        let (line, col) = l.composite_check;
        self.verify("composite", &l.composite, line, col, false);
        expiry
    }

    fn document_code(&mut self, f: &mut MrzFields) {
        f.document_code = Some(strip_fill(self.zone.get(sp(0, 0, 2))));
        if self.zone.at(0, 0) == b'<' {
            self.push(
                Severity::Error,
                "mrz.document_code",
                params![("ranges", ranges_param(&[sp(0, 0, 2)]))],
            );
        }
    }

    /// Primary identifier, `<<`, secondary identifier; `<` separates words.
    fn name(&self, name: Span, f: &mut MrzFields) {
        let name_raw = self.zone.get(name);
        let split = name_raw.windows(2).position(|w| w == b"<<");
        let (sur, given) = match split {
            Some(i) => (&name_raw[..i], &name_raw[i + 2..]),
            None => (name_raw, &[][..]),
        };
        f.surname = Some(words(sur));
        f.given_names = Some(words(given));
    }

    /// The document number, with the TD1/TD2 overflow into the optional data (the check position
    /// holds `<`). Returns the span of the optional data left after any overflow.
    fn document_number(&mut self, format: MrzFormat, l: &Layout, f: &mut MrzFields) -> Span {
        let (doc, (check_line, check_col), opt) =
            (l.document_number, l.document_number_check, l.optional_data);
        if format == MrzFormat::TD3 || self.zone.at(check_line, check_col) != b'<' {
            f.document_number = Some(strip_fill(self.zone.get(doc)));
            self.verify("document_number", &[doc], check_line, check_col, false);
            return opt;
        }
        let ext = self.zone.get(opt);
        let ext_len = ext.iter().position(|&c| c == b'<').unwrap_or(ext.len());
        if ext_len < 2 {
            self.push(
                Severity::Error,
                "mrz.check.document_number",
                params![
                    ("line", (check_line + 1) as u64),
                    ("column", (check_col + 1) as u64),
                    ("ranges", ranges_param(&[doc]))
                ],
            );
            f.document_number = Some(strip_fill(self.zone.get(doc)));
            return opt;
        }
        let body = sp(opt.line, opt.start, opt.start + ext_len - 1);
        let mut number = self.zone.text(doc);
        number.push_str(&self.zone.text(body));
        f.document_number = Some(number);
        self.verify(
            "document_number",
            &[doc, body],
            opt.line,
            opt.start + ext_len - 1,
            false,
        );
        sp(opt.line, (opt.start + ext_len + 1).min(opt.end), opt.end)
    }

    fn sex(&mut self, (line, col): (usize, usize)) -> Option<String> {
        match self.zone.at(line, col) {
            b'M' => Some("male".into()),
            b'F' => Some("female".into()),
            b'<' | b'X' => Some("unspecified".into()),
            _ => {
                self.push(
                    Severity::Error,
                    "mrz.sex",
                    params![("ranges", ranges_param(&[sp(line, col, col + 1)]))],
                );
                None
            }
        }
    }

    /// Expired, or expiring within the pack's `expiringSoonDays`.
    fn in_force(&mut self, expiry: NaiveDate) {
        let days = (expiry - self.ctx.today()).num_days();
        if days < 0 {
            self.push(
                Severity::Error,
                "mrz.expired",
                params![("daysAgo", -days), ("expiredOn", iso(expiry))],
            );
        } else if days <= i64::from(self.rules.expiring_soon_days) {
            self.push(
                Severity::Warning,
                "mrz.expiring_soon",
                params![("days", days)],
            );
        }
    }
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
