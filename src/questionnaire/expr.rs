//! The small, safe condition language of questionnaires (`visibleIf`, `requiredIf`, follow-up
//! `when`). Parsed once when a definition is loaded; evaluated with a step budget.
//!
//! ```text
//! expr    := or
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | cmp
//! cmp     := primary (("==" | "!=" | "<" | "<=" | ">" | ">=") primary | "in" primary)?
//! primary := INT | 'str' | "str" | true | false | null | [expr, …] | (expr)
//!          | question_id | context.name | answered(q) | today() | dateDiff(a, b, 'days'|'months'|'years') | age(d)
//! ```
//! Values: null, booleans, integers, strings (dates are `YYYY-MM-DD` strings), lists. Comparisons
//! never fail: mismatched types compare unequal; an ordering of mismatched types is false.

use crate::time::{age_on, parse_date};
use chrono::{Datelike, NaiveDate};

/// Longest expression source accepted, in bytes.
pub const MAX_SOURCE: usize = 512;
/// Deepest nesting accepted by the parser.
pub const MAX_DEPTH: usize = 16;
/// Most nodes one expression may have.
pub const MAX_NODES: usize = 128;
/// Longest string literal, in bytes.
pub const MAX_STRING: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Val>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn words(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Answered,
    Today,
    DateDiff,
    Age,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Lit(Val),
    /// A question's answer.
    Ref(String),
    /// `context.name`.
    Ctx(String),
    List(Vec<Expr>),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

/// Why an expression could not be parsed (kept free of the source text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// `questionnaire.expr.syntax`, `questionnaire.expr.too_long`, `questionnaire.expr.too_deep`, …
    pub code: &'static str,
    /// Byte offset in the source.
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Int(i64),
    Str(String),
    LParen,
    RParen,
    LBrack,
    RBrack,
    Comma,
    Op(CmpOp),
    And,
    Or,
    Not,
    In,
    True,
    False,
    Null,
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, ParseError> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |at| ParseError {
        code: "questionnaire.expr.syntax",
        at,
    };
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => out.push((Tok::LParen, start)),
            b')' => out.push((Tok::RParen, start)),
            b'[' => out.push((Tok::LBrack, start)),
            b']' => out.push((Tok::RBrack, start)),
            b',' => out.push((Tok::Comma, start)),
            b'=' | b'!' | b'<' | b'>' => {
                let next = b.get(i + 1).copied();
                let (op, len) = match (c, next) {
                    (b'=', Some(b'=')) => (CmpOp::Eq, 2),
                    (b'!', Some(b'=')) => (CmpOp::Ne, 2),
                    (b'<', Some(b'=')) => (CmpOp::Le, 2),
                    (b'>', Some(b'=')) => (CmpOp::Ge, 2),
                    (b'<', _) => (CmpOp::Lt, 1),
                    (b'>', _) => (CmpOp::Gt, 1),
                    _ => return Err(err(start)),
                };
                out.push((Tok::Op(op), start));
                i += len;
                continue;
            }
            b'\'' | b'"' => {
                let quote = c;
                let mut j = i + 1;
                while j < b.len() && b[j] != quote {
                    j += 1;
                }
                if j >= b.len() {
                    return Err(err(start));
                }
                let s = src.get(i + 1..j).ok_or_else(|| err(start))?;
                if s.len() > MAX_STRING {
                    return Err(ParseError {
                        code: "questionnaire.expr.too_long",
                        at: start,
                    });
                }
                out.push((Tok::Str(s.to_string()), start));
                i = j + 1;
                continue;
            }
            b'-' | b'0'..=b'9' => {
                let mut j = i + 1;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                let text = src.get(i..j).ok_or_else(|| err(start))?;
                let v: i64 = text.parse().map_err(|_| err(start))?;
                out.push((Tok::Int(v), start));
                i = j;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'.')
                {
                    j += 1;
                }
                let word = src.get(i..j).ok_or_else(|| err(start))?;
                let tok = match word {
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    "not" => Tok::Not,
                    "in" => Tok::In,
                    "true" => Tok::True,
                    "false" => Tok::False,
                    "null" => Tok::Null,
                    w => Tok::Ident(w.to_string()),
                };
                out.push((tok, start));
                i = j;
                continue;
            }
            _ => return Err(err(start)),
        }
        i += 1;
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    nodes: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn at(&self) -> usize {
        self.toks.get(self.pos).map(|t| t.1).unwrap_or(self.end)
    }
    fn err(&self, code: &'static str) -> ParseError {
        ParseError {
            code,
            at: self.at(),
        }
    }
    fn bump(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|t| t.0.clone());
        self.pos += 1;
        t
    }
    fn node(&mut self, depth: usize) -> Result<(), ParseError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.err("questionnaire.expr.too_large"));
        }
        if depth > MAX_DEPTH {
            return Err(self.err("questionnaire.expr.too_deep"));
        }
        Ok(())
    }
    fn expect(&mut self, t: Tok) -> Result<(), ParseError> {
        if self.peek() == Some(&t) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err("questionnaire.expr.syntax"))
        }
    }
    fn or(&mut self, d: usize) -> Result<Expr, ParseError> {
        self.node(d)?;
        let mut items = vec![self.and(d + 1)?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            items.push(self.and(d + 1)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }
    fn and(&mut self, d: usize) -> Result<Expr, ParseError> {
        let mut items = vec![self.not(d + 1)?];
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            items.push(self.not(d + 1)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }
    fn not(&mut self, d: usize) -> Result<Expr, ParseError> {
        self.node(d)?;
        if self.peek() == Some(&Tok::Not) {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.not(d + 1)?)));
        }
        self.cmp(d + 1)
    }
    fn cmp(&mut self, d: usize) -> Result<Expr, ParseError> {
        let left = self.primary(d + 1)?;
        match self.peek() {
            Some(Tok::Op(op)) => {
                let op = *op;
                self.pos += 1;
                let right = self.primary(d + 1)?;
                Ok(Expr::Cmp(op, Box::new(left), Box::new(right)))
            }
            Some(Tok::In) => {
                self.pos += 1;
                let right = self.primary(d + 1)?;
                Ok(Expr::In(Box::new(left), Box::new(right)))
            }
            _ => Ok(left),
        }
    }
    fn primary(&mut self, d: usize) -> Result<Expr, ParseError> {
        self.node(d)?;
        let at = self.at();
        match self.bump() {
            Some(Tok::Int(v)) => Ok(Expr::Lit(Val::Int(v))),
            Some(Tok::Str(s)) => Ok(Expr::Lit(Val::Str(s))),
            Some(Tok::True) => Ok(Expr::Lit(Val::Bool(true))),
            Some(Tok::False) => Ok(Expr::Lit(Val::Bool(false))),
            Some(Tok::Null) => Ok(Expr::Lit(Val::Null)),
            Some(Tok::LParen) => {
                let e = self.or(d + 1)?;
                self.expect(Tok::RParen)?;
                Ok(e)
            }
            Some(Tok::LBrack) => {
                let mut items = Vec::new();
                if self.peek() != Some(&Tok::RBrack) {
                    loop {
                        items.push(self.primary(d + 1)?);
                        if self.peek() == Some(&Tok::Comma) {
                            self.pos += 1;
                        } else {
                            break;
                        }
                    }
                }
                self.expect(Tok::RBrack)?;
                Ok(Expr::List(items))
            }
            Some(Tok::Ident(name)) => {
                if self.peek() == Some(&Tok::LParen) {
                    self.pos += 1;
                    let func = match name.as_str() {
                        "answered" => Func::Answered,
                        "today" => Func::Today,
                        "dateDiff" => Func::DateDiff,
                        "age" => Func::Age,
                        _ => {
                            return Err(ParseError {
                                code: "questionnaire.expr.unknown_function",
                                at,
                            })
                        }
                    };
                    let mut args = Vec::new();
                    if self.peek() != Some(&Tok::RParen) {
                        loop {
                            args.push(self.or(d + 1)?);
                            if self.peek() == Some(&Tok::Comma) {
                                self.pos += 1;
                            } else {
                                break;
                            }
                        }
                    }
                    self.expect(Tok::RParen)?;
                    let arity = match func {
                        Func::Answered | Func::Age => 1,
                        Func::Today => 0,
                        Func::DateDiff => 3,
                    };
                    if args.len() != arity {
                        return Err(ParseError {
                            code: "questionnaire.expr.arity",
                            at,
                        });
                    }
                    if func == Func::Answered && !matches!(args.first(), Some(Expr::Ref(_))) {
                        return Err(ParseError {
                            code: "questionnaire.expr.arity",
                            at,
                        });
                    }
                    return Ok(Expr::Call(func, args));
                }
                if let Some(field) = name.strip_prefix("context.") {
                    if field.is_empty() || field.contains('.') {
                        return Err(ParseError {
                            code: "questionnaire.expr.syntax",
                            at,
                        });
                    }
                    return Ok(Expr::Ctx(field.to_string()));
                }
                if name.contains('.') {
                    return Err(ParseError {
                        code: "questionnaire.expr.syntax",
                        at,
                    });
                }
                Ok(Expr::Ref(name))
            }
            _ => Err(ParseError {
                code: "questionnaire.expr.syntax",
                at,
            }),
        }
    }
}

/// Parse an expression (bounded in length, depth and size).
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    if src.len() > MAX_SOURCE {
        return Err(ParseError {
            code: "questionnaire.expr.too_long",
            at: MAX_SOURCE,
        });
    }
    let toks = lex(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        nodes: 0,
        end: src.len(),
    };
    let e = p.or(0)?;
    if p.pos < p.toks.len() {
        return Err(p.err("questionnaire.expr.syntax"));
    }
    Ok(e)
}

/// What an expression can read while it is evaluated.
pub trait Env {
    fn answer(&self, question: &str) -> Val;
    fn context(&self, name: &str) -> Val;
    fn today(&self) -> NaiveDate;
}

/// Evaluation stopped because the step budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetExceeded;

fn spend(budget: &mut u32, n: u64) -> Result<(), BudgetExceeded> {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    if *budget < n {
        *budget = 0;
        return Err(BudgetExceeded);
    }
    *budget -= n;
    Ok(())
}

fn val_size(v: &Val) -> u64 {
    match v {
        Val::Str(s) => 1 + (s.len() as u64) / 32,
        Val::List(l) => l.iter().map(val_size).sum::<u64>().max(1),
        _ => 1,
    }
}

pub fn truthy(v: &Val) -> bool {
    matches!(v, Val::Bool(true))
}

fn date_of(v: &Val) -> Option<NaiveDate> {
    match v {
        Val::Str(s) => parse_date(s),
        _ => None,
    }
}

/// Whole `unit`s from `a` to `b` (negative when `b` is earlier).
pub fn date_diff(a: NaiveDate, b: NaiveDate, unit: &str) -> Option<i64> {
    match unit {
        "days" => Some((b - a).num_days()),
        "months" | "years" => {
            let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
            let mut months = i64::from(hi.year() - lo.year()) * 12 + i64::from(hi.month())
                - i64::from(lo.month());
            if hi.day() < lo.day() {
                months -= 1;
            }
            let whole = if unit == "years" { months / 12 } else { months };
            Some(sign * whole)
        }
        _ => None,
    }
}

fn equal(a: &Val, b: &Val, budget: &mut u32) -> Result<bool, BudgetExceeded> {
    spend(budget, val_size(a).min(val_size(b)))?;
    Ok(a == b)
}

impl Expr {
    /// Evaluate against `env`, spending at most `budget` steps.
    pub fn eval(&self, env: &dyn Env, budget: &mut u32) -> Result<Val, BudgetExceeded> {
        spend(budget, 1)?;
        Ok(match self {
            Expr::Lit(v) => v.clone(),
            Expr::Ref(q) => env.answer(q),
            Expr::Ctx(n) => env.context(n),
            Expr::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(i.eval(env, budget)?);
                }
                Val::List(out)
            }
            Expr::Not(e) => Val::Bool(!truthy(&e.eval(env, budget)?)),
            Expr::And(items) => {
                for i in items {
                    if !truthy(&i.eval(env, budget)?) {
                        return Ok(Val::Bool(false));
                    }
                }
                Val::Bool(true)
            }
            Expr::Or(items) => {
                for i in items {
                    if truthy(&i.eval(env, budget)?) {
                        return Ok(Val::Bool(true));
                    }
                }
                Val::Bool(false)
            }
            Expr::Cmp(op, a, b) => {
                let (a, b) = (a.eval(env, budget)?, b.eval(env, budget)?);
                Val::Bool(match op {
                    CmpOp::Eq => equal(&a, &b, budget)?,
                    CmpOp::Ne => !equal(&a, &b, budget)?,
                    _ => {
                        let ord = match (&a, &b) {
                            (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
                            (Val::Str(x), Val::Str(y)) => {
                                spend(budget, val_size(&a))?;
                                Some(x.cmp(y))
                            }
                            _ => None,
                        };
                        match ord {
                            None => false,
                            Some(o) => match op {
                                CmpOp::Lt => o.is_lt(),
                                CmpOp::Le => o.is_le(),
                                CmpOp::Gt => o.is_gt(),
                                _ => o.is_ge(),
                            },
                        }
                    }
                })
            }
            Expr::In(a, b) => {
                let (a, b) = (a.eval(env, budget)?, b.eval(env, budget)?);
                let Val::List(hay) = &b else {
                    return Ok(Val::Bool(false));
                };
                match &a {
                    Val::List(needles) => {
                        for n in needles {
                            for h in hay {
                                if equal(n, h, budget)? {
                                    return Ok(Val::Bool(true));
                                }
                            }
                        }
                        Val::Bool(false)
                    }
                    Val::Null => Val::Bool(false),
                    n => {
                        for h in hay {
                            if equal(n, h, budget)? {
                                return Ok(Val::Bool(true));
                            }
                        }
                        Val::Bool(false)
                    }
                }
            }
            Expr::Call(f, args) => match f {
                Func::Answered => match args.first() {
                    Some(Expr::Ref(q)) => Val::Bool(env.answer(q) != Val::Null),
                    _ => Val::Bool(false),
                },
                Func::Today => Val::Str(crate::time::iso(env.today())),
                Func::Age => {
                    let d = match args.first() {
                        Some(e) => e.eval(env, budget)?,
                        None => Val::Null,
                    };
                    match date_of(&d) {
                        Some(b) if b <= env.today() => Val::Int(i64::from(age_on(b, env.today()))),
                        _ => Val::Null,
                    }
                }
                Func::DateDiff => {
                    let mut vals = Vec::with_capacity(3);
                    for a in args {
                        vals.push(a.eval(env, budget)?);
                    }
                    match (
                        vals.first().and_then(date_of),
                        vals.get(1).and_then(date_of),
                        vals.get(2),
                    ) {
                        (Some(a), Some(b), Some(Val::Str(u))) => {
                            date_diff(a, b, u).map(Val::Int).unwrap_or(Val::Null)
                        }
                        _ => Val::Null,
                    }
                }
            },
        })
    }

    /// Every question this expression reads.
    pub fn refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Ref(q) => out.push(q),
            Expr::Lit(_) | Expr::Ctx(_) => {}
            Expr::List(v) | Expr::And(v) | Expr::Or(v) | Expr::Call(_, v) => {
                v.iter().for_each(|e| e.refs(out))
            }
            Expr::Not(e) => e.refs(out),
            Expr::Cmp(_, a, b) | Expr::In(a, b) => {
                a.refs(out);
                b.refs(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct E(BTreeMap<&'static str, Val>);
    impl Env for E {
        fn answer(&self, q: &str) -> Val {
            self.0.get(q).cloned().unwrap_or(Val::Null)
        }
        fn context(&self, _: &str) -> Val {
            Val::Null
        }
        fn today(&self) -> NaiveDate {
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        }
    }

    fn run(src: &str, env: &E) -> Val {
        let mut b = 10_000;
        parse(src).unwrap().eval(env, &mut b).unwrap()
    }

    #[test]
    fn evaluates() {
        let env = E(BTreeMap::from([
            ("a", Val::Int(3)),
            ("c", Val::Str("x".into())),
            (
                "m",
                Val::List(vec![Val::Str("p".into()), Val::Str("q".into())]),
            ),
            ("d", Val::Str("2000-11-24".into())),
        ]));
        assert_eq!(run("a == 3 and not (c != 'x')", &env), Val::Bool(true));
        assert_eq!(run("a > 4 or c in ['y', \"x\"]", &env), Val::Bool(true));
        assert_eq!(run("'q' in m", &env), Val::Bool(true));
        assert_eq!(run("['z', 'p'] in m", &env), Val::Bool(true));
        assert_eq!(
            run("answered(a) and not answered(zz)", &env),
            Val::Bool(true)
        );
        assert_eq!(run("age(d)", &env), Val::Int(25));
        assert_eq!(
            run("dateDiff(today(), '2026-12-23', 'days')", &env),
            Val::Int(30)
        );
        assert_eq!(
            run("dateDiff('2026-01-31', '2026-02-28', 'months')", &env),
            Val::Int(0)
        );
        assert_eq!(
            run("dateDiff('2026-11-23', '2020-11-23', 'years')", &env),
            Val::Int(-6)
        );
        assert_eq!(run("zz == null", &env), Val::Bool(true));
        assert_eq!(run("a < 'x'", &env), Val::Bool(false));
    }

    #[test]
    fn refuses_bad_and_big() {
        assert_eq!(parse("a ==").unwrap_err().code, "questionnaire.expr.syntax");
        assert_eq!(
            parse("foo(a)").unwrap_err().code,
            "questionnaire.expr.unknown_function"
        );
        assert_eq!(
            parse("answered('a')").unwrap_err().code,
            "questionnaire.expr.arity"
        );
        let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(
            parse(&deep).unwrap_err().code,
            "questionnaire.expr.too_deep"
        );
        let long = "a == 1 or ".repeat(60) + "a == 1";
        assert_eq!(
            parse(&long).unwrap_err().code,
            "questionnaire.expr.too_long"
        );
        assert!(parse("a.b == 1").is_err());
    }

    #[test]
    fn budget_stops_long_runs() {
        let list: Vec<String> = (0..60).map(|i| format!("'v{i}'")).collect();
        let src = format!("m in [{}]", list.join(","));
        let env = E(BTreeMap::from([(
            "m",
            Val::List((0..200).map(|i| Val::Str(format!("w{i}"))).collect()),
        )]));
        let mut b = 2_000;
        assert_eq!(parse(&src).unwrap().eval(&env, &mut b), Err(BudgetExceeded));
        let mut b = 100_000;
        assert_eq!(
            parse(&src).unwrap().eval(&env, &mut b),
            Ok(Val::Bool(false))
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(src in "[a-z0-9 ()\\[\\]'=!<>,._-]{0,80}") {
            if let Ok(e) = parse(&src) {
                let env = E(BTreeMap::new());
                let mut b = 1_000;
                let _ = e.eval(&env, &mut b);
            }
        }
    }
}
