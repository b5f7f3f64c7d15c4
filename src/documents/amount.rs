//! Numbers as people type them: `1,234.50`, `1234.5元`, `1.5万`, `￥８００`, `1 000`. One parser for
//! money (`parseAmount`, text → integer fen) and counts (`parseCount`, text → a whole number), so a
//! bank's server reads a submitted form exactly as the page did. Full-width characters are folded by
//! the one width normalizer of the package (`super::checks::fold_width`, also used for document
//! numbers and mobile numbers). Bad input is a finding at `text`, never a panic or a silent clamp.

use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::jsonout::{JsonOut, WriteJson};
use crate::params;
use serde::Serialize;
use serde_json::Value;

/// Longest text accepted, in characters (a longer one is the finding `amount.too_long` /
/// `count.too_long`; the host page uses it as the field's `maxlength`).
pub const MAX_TEXT_CHARS: usize = 40;

/// Answer of `parseAmount`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AmountResult {
    /// True when `fen` holds the amount (no error finding).
    pub valid: bool,
    /// The amount in integer fen, or null when the text is not an amount.
    pub fen: Option<i64>,
    /// The amount for display (`¥1,234.50`), or null.
    pub display: Option<String>,
    pub findings: Vec<Finding>,
}

/// Answer of `parseCount`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CountResult {
    /// True when `value` holds the count (no error finding).
    pub valid: bool,
    /// The whole number, or null.
    pub value: Option<u32>,
    pub findings: Vec<Finding>,
}

impl WriteJson for AmountResult {
    /// As the `Serialize` derive writes it.
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        out.field("valid", &self.valid);
        out.field("fen", &self.fen);
        out.field("display", &self.display);
        out.field("findings", &self.findings);
        out.close_obj();
    }
}

impl WriteJson for CountResult {
    /// As the `Serialize` derive writes it.
    fn write_json(&self, out: &mut JsonOut) {
        out.open_obj();
        out.field("valid", &self.valid);
        out.field("value", &self.value);
        out.field("findings", &self.findings);
        out.close_obj();
    }
}

/// What was wrong with a number as typed (the code suffix of the finding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Empty,
    TooLong,
    NotANumber,
    Negative,
    TooManyDecimals,
    TooLarge,
}

impl Problem {
    fn suffix(self) -> &'static str {
        match self {
            Problem::Empty => "empty",
            Problem::TooLong => "too_long",
            Problem::NotANumber => "not_a_number",
            Problem::Negative => "negative",
            Problem::TooManyDecimals => "too_many_decimals",
            Problem::TooLarge => "too_large",
        }
    }
}

/// A number taken apart: digits before and after the point, and the power of ten of its unit
/// (`万` 4, `亿` 8).
struct Lexed {
    int: String,
    frac: String,
    power: u32,
}

/// Fold widths, drop spaces, currency marks (when `money`), `元` and a `万` / `亿` unit, check the
/// thousands commas; refuse a sign.
fn lex(text: &str, money: bool) -> Result<Lexed, Problem> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Problem::TooLong);
    }
    let (folded, _) = super::checks::fold_width(text);
    let mut s: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(Problem::Empty);
    }
    let mut negative = false;
    loop {
        let before = s.len();
        for mark in ["-", "\u{2212}", "+"] {
            if let Some(rest) = s.strip_prefix(mark) {
                negative |= mark != "+";
                s = rest.to_string();
            }
        }
        if money {
            for mark in ["¥", "￥", "RMB", "CNY"] {
                if let Some(rest) = s.strip_prefix(mark) {
                    s = rest.to_string();
                }
            }
        }
        if s.len() == before {
            break;
        }
    }
    if money {
        for unit in ["元整", "元", "块"] {
            if let Some(rest) = s.strip_suffix(unit) {
                s = rest.to_string();
                break;
            }
        }
    }
    let mut power = 0;
    for (unit, p) in [("万", 4), ("亿", 8)] {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.to_string();
            power = p;
            break;
        }
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s.as_str(), ""),
    };
    let int_ok = if int.contains(',') {
        // Thousands commas: 1-3 digits, then groups of exactly three.
        let mut groups = int.split(',');
        groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
            && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    } else {
        int.bytes().all(|b| b.is_ascii_digit())
    };
    if !int_ok || !frac.bytes().all(|b| b.is_ascii_digit()) || (int.is_empty() && frac.is_empty()) {
        return Err(Problem::NotANumber);
    }
    if negative {
        return Err(Problem::Negative);
    }
    Ok(Lexed {
        int: int.replace(',', ""),
        frac: frac.to_string(),
        power,
    })
}

/// `int.frac × 10^(power + extra)` as a whole number: `TooManyDecimals` when that leaves a
/// fraction, `TooLarge` past `max` (or past u64, checked digit by digit).
fn scaled(l: &Lexed, extra: u32, max: u64) -> Result<u64, Problem> {
    let power = (l.power + extra) as usize;
    let frac = l.frac.trim_end_matches('0');
    if frac.len() > power {
        return Err(Problem::TooManyDecimals);
    }
    let zeros = std::iter::repeat_n(b'0', power - frac.len());
    let mut v: u64 = 0;
    for b in l.int.bytes().chain(frac.bytes()).chain(zeros) {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .filter(|v| *v <= max)
            .ok_or(Problem::TooLarge)?;
    }
    Ok(v)
}

fn problem(ctx: &Ctx, area: &str, p: Problem, max: Option<String>) -> Finding {
    let params = match (p, max) {
        (Problem::TooLong, _) => params![("max", MAX_TEXT_CHARS as u64)],
        (Problem::TooLarge, Some(m)) => params![("max", m)],
        _ => params![],
    };
    ctx.finding(
        Severity::Error,
        &format!("{area}.{}", p.suffix()),
        "text",
        params,
    )
}

/// Money as typed → integer fen (`1,234.50` → 123450; `1.5万` → 1500000 yuan in fen).
#[cfg(feature = "tiers")]
pub fn parse_amount(ctx: &Ctx, text: &str) -> AmountResult {
    let fen = lex(text, true).and_then(|l| scaled(&l, 2, i64::MAX as u64));
    match fen {
        Ok(fen) => {
            let fen = fen as i64;
            AmountResult {
                valid: true,
                fen: Some(fen),
                display: Some(crate::money::yuan(fen)),
                findings: Vec::new(),
            }
        }
        Err(p) => AmountResult {
            valid: false,
            fen: None,
            display: None,
            findings: vec![problem(ctx, "amount", p, None)],
        },
    }
}

/// A count as typed → a whole number not above `max` (default: the largest u32).
pub fn parse_count(ctx: &Ctx, text: &str, max: Option<u32>) -> CountResult {
    let max = max.unwrap_or(u32::MAX);
    match lex(text, false).and_then(|l| scaled(&l, 0, u64::from(max))) {
        Ok(v) => CountResult {
            valid: true,
            value: Some(v as u32),
            findings: Vec::new(),
        },
        Err(p) => CountResult {
            valid: false,
            value: None,
            findings: vec![problem(ctx, "count", p, Some(max.to_string()))],
        },
    }
}

/// The argument of `parseAmount`: `{ text }`.
pub fn amount_text(v: &Value) -> Result<String, Error> {
    crate::jsonread::Reader::read(None, v, |o| {
        o.fields(&["text"], &[]);
        o.str("text")
    })
}

/// The argument of `parseCount`: `{ text, max? }`.
pub fn count_input(v: &Value) -> Result<(String, Option<u32>), Error> {
    crate::jsonread::Reader::read(None, v, |o| {
        o.fields(&["text"], &["max"]);
        (o.str("text"), o.opt_u32("max"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;

    fn ctx() -> Ctx<'static> {
        crate::ctx::test_ctx("2026-11-23T10:00:00+08:00", Locale::En)
    }

    #[test]
    fn answers_are_written_as_serde_writes_them() {
        use crate::jsonout::text;
        for t in ["12", "", "-3", "1.5", "１２", "x", "99999999999999999999"] {
            for max in [None, Some(10)] {
                let r = parse_count(&ctx(), t, max);
                assert_eq!(text(&r), serde_json::to_string(&r).unwrap(), "{t}");
            }
            #[cfg(feature = "tiers")]
            {
                let r = parse_amount(&ctx(), t);
                assert_eq!(text(&r), serde_json::to_string(&r).unwrap(), "{t}");
            }
        }
    }

    #[cfg(feature = "tiers")]
    fn fen(text: &str) -> Result<i64, String> {
        let r = parse_amount(&ctx(), text);
        r.fen.ok_or_else(|| r.findings[0].code.clone())
    }

    #[test]
    #[cfg(feature = "tiers")]
    fn amounts_as_people_type_them() {
        assert_eq!(fen("1,234.50"), Ok(123_450));
        assert_eq!(fen("1234.5元"), Ok(123_450));
        assert_eq!(fen("1.5万"), Ok(1_500_000));
        assert_eq!(fen("1.5万元"), Ok(1_500_000));
        assert_eq!(fen("１，２３４．５０"), Ok(123_450));
        assert_eq!(fen("￥８００"), Ok(80_000));
        assert_eq!(fen("¥ 1 000"), Ok(100_000));
        assert_eq!(fen(" 0.01 "), Ok(1));
        assert_eq!(fen(".5"), Ok(50));
        assert_eq!(fen("5."), Ok(500));
        assert_eq!(fen("1.23456万"), Ok(1_234_560));
        assert_eq!(fen("2亿"), Ok(20_000_000_000));
        assert_eq!(fen("92233720368547758.07"), Ok(i64::MAX));
    }

    #[test]
    #[cfg(feature = "tiers")]
    fn clear_findings_otherwise() {
        assert_eq!(fen(""), Err("amount.empty".into()));
        assert_eq!(fen("  　"), Err("amount.empty".into()));
        assert_eq!(fen("-5"), Err("amount.negative".into()));
        assert_eq!(fen("￥-5"), Err("amount.negative".into()));
        assert_eq!(fen("1.234"), Err("amount.too_many_decimals".into()));
        assert_eq!(fen("1.2345678万"), Err("amount.too_many_decimals".into()));
        assert_eq!(fen("92233720368547758.08"), Err("amount.too_large".into()));
        assert_eq!(fen(&"9".repeat(39)), Err("amount.too_large".into()));
        assert_eq!(fen(&"9".repeat(41)), Err("amount.too_long".into()));
        assert_eq!(fen("12a"), Err("amount.not_a_number".into()));
        assert_eq!(fen("abc"), Err("amount.not_a_number".into()));
        assert_eq!(fen("1,23,4"), Err("amount.not_a_number".into()));
        assert_eq!(fen("1.2.3"), Err("amount.not_a_number".into()));
        assert_eq!(fen("."), Err("amount.not_a_number".into()));
        assert_eq!(fen("万"), Err("amount.not_a_number".into()));
        let r = parse_amount(&ctx(), "1.234");
        assert_eq!(r.findings[0].field.as_deref(), Some("text"));
        assert!(!r.findings[0].message.contains("amount."), "catalog text");
        assert_eq!(
            parse_amount(&ctx(), "1,234.5").display.as_deref(),
            Some("¥1,234.50")
        );
    }

    #[test]
    fn counts() {
        let d = ctx();
        let n = |t: &str, max| {
            let r = parse_count(&d, t, max);
            r.value.ok_or_else(|| r.findings[0].code.clone())
        };
        assert_eq!(n("3", None), Ok(3));
        assert_eq!(n("３", None), Ok(3));
        assert_eq!(n("1,200", None), Ok(1200));
        assert_eq!(n("1.5万", None), Ok(15_000));
        assert_eq!(n("", None), Err("count.empty".into()));
        assert_eq!(n("2.5", None), Err("count.too_many_decimals".into()));
        assert_eq!(n("-1", None), Err("count.negative".into()));
        assert_eq!(n("¥3", None), Err("count.not_a_number".into()));
        assert_eq!(n("367", Some(366)), Err("count.too_large".into()));
        assert_eq!(n("4294967296", None), Err("count.too_large".into()));
        let r = parse_count(&d, "400", Some(366));
        assert_eq!(r.findings[0].params["max"], "366");
    }

    #[cfg(feature = "tiers")]
    proptest::proptest! {
        /// Every amount the package displays reads back as the same fen, and no text panics.
        #[test]
        fn displayed_amounts_read_back(fen in 0i64..=i64::MAX, text in "\\PC{0,24}") {
            let d = ctx();
            proptest::prop_assert_eq!(parse_amount(&d, &crate::money::yuan(fen)).fen, Some(fen));
            let r = parse_amount(&d, &text);
            proptest::prop_assert_eq!(r.valid, r.fen.is_some());
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        let d = ctx();
        for t in [
            "\u{0}", "١٢٣", "1e5", "0x10", "∞", "1_000", "万万", ",", "1,", ",1",
        ] {
            let r = parse_count(&d, t, None);
            assert!(!r.valid, "{t}");
        }
    }
}
