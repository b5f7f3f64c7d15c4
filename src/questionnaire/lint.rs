//! The definition linter (`desk.lintQuestionnaire(definition)`): structure, translations, ids,
//! validators, expressions (syntax, unknown references, type mismatches, conditions that can never
//! be true, worst-case cost) and dependency cycles. Loading a rule pack runs the same checks and
//! refuses a definition with errors.

use super::expr::{self, CmpOp, Expr, Func, Val};
use super::pattern::Pattern;
use super::{
    Compiled, CompiledQuestion, Definition, FollowUpAction, QuestionType, QuestionnaireSettings,
    ValidatorKind,
};
use crate::finding::{Params, Severity};
use crate::i18n::Text;
use crate::params;
use serde_json::Value;

pub const MAX_PAGES: usize = 50;
pub const MAX_QUESTIONS: usize = 200;
pub const MAX_OPTIONS: usize = 50;
pub const MAX_FOLLOW_UPS: usize = 32;
pub const MAX_TEXT: usize = 1000;

/// A finding before it is rendered in a locale (the loader has no desk yet).
#[derive(Debug, Clone, PartialEq)]
pub struct RawFinding {
    pub code: &'static str,
    pub severity: Severity,
    pub field: String,
    pub params: Params,
}

impl RawFinding {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

struct Lint<'a> {
    out: Vec<RawFinding>,
    settings: &'a QuestionnaireSettings,
    departments: &'a super::Departments,
}

impl Lint<'_> {
    fn push(
        &mut self,
        sev: Severity,
        code: &'static str,
        field: impl Into<String>,
        params: Params,
    ) {
        self.out.push(RawFinding {
            code,
            severity: sev,
            field: field.into(),
            params,
        });
    }
    fn err(&mut self, code: &'static str, field: impl Into<String>, params: Params) {
        self.push(Severity::Error, code, field, params);
    }
    fn text(&mut self, t: &Text, field: String) {
        for (locale, s) in [("zh-CN", &t.zh_cn), ("en", &t.en)] {
            if s.trim().is_empty() {
                self.err(
                    "questionnaire.lint.missing_translation",
                    field.clone(),
                    params![("locale", locale)],
                );
            } else if s.chars().count() > MAX_TEXT {
                self.err(
                    "questionnaire.lint.text_too_long",
                    field.clone(),
                    params![("max", MAX_TEXT)],
                );
            }
            let mut rest = s.as_str();
            while let Some(open) = rest.find('{') {
                let tail = &rest[open + 1..];
                if let Some(stripped) = tail.strip_prefix('{') {
                    rest = stripped;
                    continue;
                }
                let Some(close) = tail.find('}') else { break };
                let name = &tail[..close];
                if !super::PLACEHOLDERS.contains(&name) {
                    self.err(
                        "questionnaire.lint.unknown_placeholder",
                        field.clone(),
                        params![("locale", locale)],
                    );
                }
                rest = &tail[close + 1..];
            }
        }
    }
}

pub(super) fn is_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 48
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

/// Static type of an expression, for the mismatch checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Bool,
    Int,
    Str,
    Date,
    List,
    Obj,
    Null,
    Any,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Bool => "boolean",
            Ty::Int => "number",
            Ty::Str => "text",
            Ty::Date => "date",
            Ty::List => "list",
            Ty::Obj => "address",
            Ty::Null => "null",
            Ty::Any => "any",
        }
    }
}

fn q_ty(t: QuestionType) -> Ty {
    match t {
        QuestionType::YesNo | QuestionType::Notice => Ty::Bool,
        QuestionType::Rating => Ty::Int,
        QuestionType::SingleChoice
        | QuestionType::Text
        | QuestionType::Mobile
        | QuestionType::Email => Ty::Str,
        QuestionType::MultipleChoice => Ty::List,
        QuestionType::Date => Ty::Date,
        QuestionType::Address => Ty::Obj,
    }
}

fn ctx_ty(name: &str) -> Option<Ty> {
    match name {
        "transactionAmountFen" => Some(Ty::Int),
        "idExpiry" | "openedOn" | "transactionDate" | "closeBy" => Some(Ty::Date),
        n if super::CONTEXT_FIELDS.contains(&n) => Some(Ty::Str),
        _ => None,
    }
}

struct QInfo {
    idx: usize,
    kind: QuestionType,
    options: Vec<String>,
}

/// Question id → facts, as a list (at most `MAX_QUESTIONS`; a map would cost more code than it
/// saves time).
#[derive(Default)]
struct QTable(Vec<(String, QInfo)>);

impl QTable {
    fn get(&self, id: &str) -> Option<&QInfo> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }
    /// Adds the entry; false when the id was already there.
    fn insert(&mut self, id: String, info: QInfo) -> bool {
        if self.get(&id).is_some() {
            return false;
        }
        self.0.push((id, info));
        true
    }
}

struct ExprCheck<'a, 'b> {
    lint: &'a mut Lint<'b>,
    qs: &'a QTable,
    field: String,
}

fn is_date_lit(e: &Expr) -> bool {
    matches!(e, Expr::Lit(Val::Str(s)) if crate::time::parse_date(s).is_some())
}

impl ExprCheck<'_, '_> {
    fn mismatch(&mut self, a: Ty, b: Ty) {
        self.lint.err(
            "questionnaire.lint.type_mismatch",
            self.field.clone(),
            params![("left", a.name()), ("right", b.name())],
        );
    }

    fn ty(&mut self, e: &Expr) -> Ty {
        match e {
            Expr::Lit(v) => match v {
                Val::Null => Ty::Null,
                Val::Bool(_) => Ty::Bool,
                Val::Int(_) => Ty::Int,
                Val::Str(_) => Ty::Str,
                Val::List(_) => Ty::List,
            },
            Expr::Ref(q) => match self.qs.get(q) {
                Some(info) => q_ty(info.kind),
                None => {
                    self.lint.err(
                        "questionnaire.lint.unknown_question",
                        self.field.clone(),
                        params![("question", q.as_str())],
                    );
                    Ty::Any
                }
            },
            Expr::Ctx(n) => match ctx_ty(n) {
                Some(t) => t,
                None => {
                    self.lint.err(
                        "questionnaire.lint.unknown_context",
                        self.field.clone(),
                        params![("name", n.as_str())],
                    );
                    Ty::Any
                }
            },
            Expr::List(items) => {
                for i in items {
                    let t = self.ty(i);
                    if matches!(t, Ty::List | Ty::Obj) {
                        self.mismatch(Ty::List, t);
                    }
                }
                Ty::List
            }
            Expr::Not(x) => {
                self.cond(x);
                Ty::Bool
            }
            Expr::And(items) | Expr::Or(items) => {
                for i in items {
                    self.cond(i);
                }
                Ty::Bool
            }
            Expr::Cmp(op, a, b) => {
                let (ta, tb) = (self.ty(a), self.ty(b));
                let compatible = ta == tb
                    || matches!(ta, Ty::Any | Ty::Null)
                    || matches!(tb, Ty::Any | Ty::Null)
                    || (ta == Ty::Date && (tb == Ty::Str && is_date_lit(b)))
                    || (tb == Ty::Date && (ta == Ty::Str && is_date_lit(a)));
                if !compatible {
                    self.mismatch(ta, tb);
                } else if !matches!(op, CmpOp::Eq | CmpOp::Ne)
                    && [ta, tb]
                        .iter()
                        .any(|t| matches!(t, Ty::Bool | Ty::List | Ty::Obj | Ty::Null))
                {
                    self.mismatch(ta, tb);
                }
                if matches!(ta, Ty::Obj) || matches!(tb, Ty::Obj) {
                    self.mismatch(ta, tb);
                }
                self.options(a, b);
                self.options(b, a);
                Ty::Bool
            }
            Expr::In(a, b) => {
                let (ta, tb) = (self.ty(a), self.ty(b));
                if tb != Ty::List && tb != Ty::Any {
                    self.mismatch(ta, tb);
                }
                if matches!(ta, Ty::Obj | Ty::Bool) {
                    self.mismatch(ta, tb);
                }
                self.options(a, b);
                self.options(b, a);
                Ty::Bool
            }
            Expr::Call(f, args) => match f {
                Func::Answered => Ty::Bool,
                Func::Today => Ty::Date,
                Func::Age => {
                    if let Some(a) = args.first() {
                        let t = self.ty(a);
                        if !(t == Ty::Date || t == Ty::Any || is_date_lit(a)) {
                            self.mismatch(Ty::Date, t);
                        }
                    }
                    Ty::Int
                }
                Func::DateDiff => {
                    for a in args.iter().take(2) {
                        let t = self.ty(a);
                        if !(t == Ty::Date || t == Ty::Any || is_date_lit(a)) {
                            self.mismatch(Ty::Date, t);
                        }
                    }
                    match args.get(2) {
                        Some(Expr::Lit(Val::Str(u)))
                            if ["days", "months", "years"].contains(&u.as_str()) => {}
                        _ => self.lint.err(
                            "questionnaire.lint.date_unit",
                            self.field.clone(),
                            params![],
                        ),
                    }
                    Ty::Int
                }
            },
        }
    }

    /// A condition: must be boolean.
    fn cond(&mut self, e: &Expr) {
        let t = self.ty(e);
        if !matches!(t, Ty::Bool | Ty::Any) {
            self.mismatch(Ty::Bool, t);
        }
    }

    /// `choice == 'x'`, `'x' in multi`, `choice in ['x', 'y']`: every literal must be an option.
    fn options(&mut self, q: &Expr, other: &Expr) {
        let Expr::Ref(id) = q else { return };
        let Some(info) = self.qs.get(id) else { return };
        if !info.kind.has_options() {
            return;
        }
        let lits: Vec<&Val> = match other {
            Expr::Lit(v) => vec![v],
            Expr::List(items) => items
                .iter()
                .filter_map(|i| if let Expr::Lit(v) = i { Some(v) } else { None })
                .collect(),
            _ => vec![],
        };
        for v in lits {
            if let Val::Str(s) = v {
                if !info.options.contains(s) {
                    self.lint.err(
                        "questionnaire.lint.unknown_option",
                        self.field.clone(),
                        params![("question", id.as_str())],
                    );
                }
            }
        }
    }

    /// Worst-case steps and value size of `e`.
    fn cost(&self, e: &Expr, max_text: u64) -> (u64, u64) {
        match e {
            Expr::Lit(v) => (
                1,
                match v {
                    Val::Str(s) => 1 + s.len() as u64 / 32,
                    _ => 1,
                },
            ),
            Expr::Ref(q) => {
                let size = match self.qs.get(q) {
                    Some(i) if i.kind == QuestionType::MultipleChoice => {
                        i.options.len().max(1) as u64
                    }
                    Some(i) if matches!(i.kind, QuestionType::Text | QuestionType::Address) => {
                        1 + max_text / 32
                    }
                    _ => 2,
                };
                (1, size)
            }
            Expr::Ctx(_) => (1, 3),
            Expr::List(items) => items.iter().fold((1, 0), |(c, s), i| {
                let (ci, si) = self.cost(i, max_text);
                (c + ci, s + si.max(1))
            }),
            Expr::Not(x) => (1 + self.cost(x, max_text).0, 1),
            Expr::And(items) | Expr::Or(items) => (
                1 + items.iter().map(|i| self.cost(i, max_text).0).sum::<u64>(),
                1,
            ),
            Expr::Cmp(_, a, b) => {
                let ((ca, sa), (cb, sb)) = (self.cost(a, max_text), self.cost(b, max_text));
                (1 + ca + cb + sa.min(sb) + sa, 1)
            }
            Expr::In(a, b) => {
                let ((ca, sa), (cb, sb)) = (self.cost(a, max_text), self.cost(b, max_text));
                (1 + ca + cb + sa.saturating_mul(sb), 1)
            }
            Expr::Call(_, args) => (
                1 + args.iter().map(|a| self.cost(a, max_text).0).sum::<u64>(),
                1,
            ),
        }
    }
}

/// Bounds and equalities a conjunction puts on one question.
#[derive(Default)]
struct Constraint {
    eq: Option<Val>,
    ne: Vec<Val>,
    lo: Option<i64>,
    hi: Option<i64>,
    contradiction: bool,
}

impl Constraint {
    fn add(&mut self, op: CmpOp, v: &Val) {
        match op {
            CmpOp::Eq => {
                if self.eq.as_ref().is_some_and(|e| e != v) || self.ne.contains(v) {
                    self.contradiction = true;
                }
                self.eq = Some(v.clone());
            }
            CmpOp::Ne => {
                if self.eq.as_ref() == Some(v) {
                    self.contradiction = true;
                }
                self.ne.push(v.clone());
            }
            _ => {
                let Val::Int(n) = v else { return };
                let n = *n;
                let (lo, hi) = match op {
                    CmpOp::Lt => (None, n.checked_sub(1)),
                    CmpOp::Le => (None, Some(n)),
                    CmpOp::Gt => (n.checked_add(1), None),
                    _ => (Some(n), None),
                };
                if let Some(l) = lo {
                    self.lo = Some(self.lo.map_or(l, |x| x.max(l)));
                }
                if let Some(h) = hi {
                    self.hi = Some(self.hi.map_or(h, |x| x.min(h)));
                }
            }
        }
        if let (Some(l), Some(h)) = (self.lo, self.hi) {
            if l > h {
                self.contradiction = true;
            }
        }
        if let Some(Val::Int(e)) = &self.eq {
            if self.lo.is_some_and(|l| *e < l) || self.hi.is_some_and(|h| *e > h) {
                self.contradiction = true;
            }
        }
    }
}

fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        o => o,
    }
}

fn has_inputs(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) => false,
        Expr::Ref(_) | Expr::Ctx(_) | Expr::Call(..) => true,
        Expr::List(v) | Expr::And(v) | Expr::Or(v) => v.iter().any(has_inputs),
        Expr::Not(x) => has_inputs(x),
        Expr::Cmp(_, a, b) | Expr::In(a, b) => has_inputs(a) || has_inputs(b),
    }
}

struct NoEnv;
impl expr::Env for NoEnv {
    fn answer(&self, _: &str) -> Val {
        Val::Null
    }
    fn context(&self, _: &str) -> Val {
        Val::Null
    }
    fn today(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::MIN
    }
}

/// Whether `e` can never be true: constant false, or a conjunction that contradicts itself.
fn never_true(e: &Expr, qs: &QTable) -> bool {
    if !has_inputs(e) {
        let mut budget = 10_000;
        return !e
            .eval(&NoEnv, &mut budget)
            .map(|v| expr::truthy(&v))
            .unwrap_or(false);
    }
    match e {
        Expr::Or(items) => items.iter().all(|i| never_true(i, qs)),
        _ => {
            let items: Vec<&Expr> = match e {
                Expr::And(items) => items.iter().collect(),
                other => vec![other],
            };
            if items
                .iter()
                .any(|i| matches!(i, Expr::And(_) | Expr::Or(_)) && never_true(i, qs))
            {
                return true;
            }
            let mut cons: Vec<(&str, Constraint)> = Vec::new();
            for item in items {
                let (q, op, v) = match item {
                    Expr::Cmp(op, a, b) => match (a.as_ref(), b.as_ref()) {
                        (Expr::Ref(q), Expr::Lit(v)) => (q.as_str(), *op, v.clone()),
                        (Expr::Lit(v), Expr::Ref(q)) => (q.as_str(), flip(*op), v.clone()),
                        _ => continue,
                    },
                    Expr::Ref(q) => (q.as_str(), CmpOp::Eq, Val::Bool(true)),
                    Expr::Not(x) => match x.as_ref() {
                        Expr::Ref(q) => (q.as_str(), CmpOp::Eq, Val::Bool(false)),
                        _ => continue,
                    },
                    _ => continue,
                };
                let pos = match cons.iter().position(|(k, _)| *k == q) {
                    Some(p) => p,
                    None => {
                        let mut c = Constraint::default();
                        if qs.get(q).is_some_and(|i| i.kind == QuestionType::Rating) {
                            c.lo = Some(1);
                            c.hi = Some(5);
                        }
                        cons.push((q, c));
                        cons.len() - 1
                    }
                };
                if let Some((_, c)) = cons.get_mut(pos) {
                    c.add(op, &v);
                }
            }
            cons.iter().any(|(_, c)| c.contradiction)
        }
    }
}

/// Lint a definition given as JSON. Returns the compiled definition when it could be built (it may
/// still have error findings) and every finding.
pub fn lint_value(
    value: &Value,
    settings: &QuestionnaireSettings,
    departments: &super::Departments,
) -> (Option<Compiled>, Vec<RawFinding>) {
    match super::decode::definition(value) {
        Ok(def) => lint_decoded(def, settings, departments),
        Err(path) => {
            let mut lint = Lint {
                out: Vec::new(),
                settings,
                departments,
            };
            lint.err("questionnaire.lint.schema", path, params![]);
            (None, lint.out)
        }
    }
}

/// Lint a definition already decoded (also the phone variant of `super::caller`).
pub fn lint_decoded(
    def: Definition,
    settings: &QuestionnaireSettings,
    departments: &super::Departments,
) -> (Option<Compiled>, Vec<RawFinding>) {
    let mut lint = Lint {
        out: Vec::new(),
        settings,
        departments,
    };
    let compiled = lint_definition(&mut lint, def);
    (compiled, lint.out)
}

/// The steps: the header (id, version, sizes, texts), each page and question (ids, texts,
/// options, validators), the conditions compiled and checked, the follow-ups, and the cycles
/// between questions.
fn lint_definition(lint: &mut Lint, def: Definition) -> Option<Compiled> {
    if !lint_header(lint, &def) {
        return None;
    }
    let qs = lint_questions(lint, &def);
    let conditions = Conditions {
        qs: &qs,
        max_text: u64::from(lint.settings.max_text_chars),
        max_steps: u64::from(lint.settings.max_steps),
    };
    let (page_visible_if, questions) = conditions.compile(lint, &def);
    let follow_up_when = lint_follow_ups(lint, &def, &conditions);
    lint_cycles(lint, &def, &qs, &questions, &page_visible_if);
    let index = qs.0.into_iter().map(|(k, _)| k).collect();
    Some(Compiled {
        def,
        page_visible_if,
        questions,
        follow_up_when,
        index,
    })
}

/// Id, version, the number of pages, questions and follow-ups, the title and intros. False when
/// the definition is too large to look at further.
fn lint_header(lint: &mut Lint, def: &Definition) -> bool {
    if !is_id(&def.id) {
        lint.err("questionnaire.lint.bad_id", "id", params![]);
    }
    if def.version.trim().is_empty() || def.version.len() > 32 {
        lint.err("questionnaire.lint.bad_version", "version", params![]);
    }
    if def.pages.is_empty() || def.pages.len() > MAX_PAGES {
        lint.err(
            "questionnaire.lint.too_many",
            "pages",
            params![("max", MAX_PAGES)],
        );
    }
    let total: usize = def.pages.iter().map(|p| p.questions.len()).sum();
    if total > MAX_QUESTIONS {
        lint.err(
            "questionnaire.lint.too_many",
            "pages",
            params![("max", MAX_QUESTIONS)],
        );
        return false;
    }
    if def.follow_ups.len() > MAX_FOLLOW_UPS {
        lint.err(
            "questionnaire.lint.too_many",
            "followUps",
            params![("max", MAX_FOLLOW_UPS)],
        );
        return false;
    }
    lint.text(&def.title, "title".into());
    if let Some(t) = &def.intro {
        lint.text(t, "intro".into());
    }
    if let Some(t) = &def.sms_intro {
        lint.text(t, "smsIntro".into());
    }
    true
}

/// Ids, texts, options and validators of every page and question; the table of questions.
fn lint_questions(lint: &mut Lint, def: &Definition) -> QTable {
    let mut qs = QTable::default();
    let mut page_ids: Vec<String> = Vec::new();
    let mut idx = 0;
    for (pi, page) in def.pages.iter().enumerate() {
        let pf = format!("pages[{pi}]");
        if !is_id(&page.id) {
            lint.err("questionnaire.lint.bad_id", format!("{pf}.id"), params![]);
        }
        if page_ids.contains(&page.id) {
            lint.err(
                "questionnaire.lint.duplicate_id",
                format!("{pf}.id"),
                params![],
            );
        }
        page_ids.push(page.id.clone());
        lint.text(&page.title, format!("{pf}.title"));
        if page.questions.is_empty() {
            lint.err(
                "questionnaire.lint.too_many",
                format!("{pf}.questions"),
                params![("max", MAX_QUESTIONS)],
            );
        }
        for (qi, q) in page.questions.iter().enumerate() {
            let qf = format!("{pf}.questions[{qi}]");
            if !is_id(&q.id) || q.id == "context" {
                lint.err("questionnaire.lint.bad_id", format!("{qf}.id"), params![]);
            }
            lint.text(&q.text, format!("{qf}.text"));
            if let Some(t) = &q.help {
                lint.text(t, format!("{qf}.help"));
            }
            if let Some(t) = &q.sms {
                lint.text(t, format!("{qf}.sms"));
            }
            if q.kind.has_options() == q.options.is_empty()
                || q.options.len() == 1
                || q.options.len() > MAX_OPTIONS
            {
                lint.err(
                    "questionnaire.lint.options",
                    format!("{qf}.options"),
                    params![],
                );
            }
            for (oi, o) in q.options.iter().enumerate() {
                if o.value.is_empty()
                    || o.value.len() > 48
                    || q.options[..oi].iter().any(|p| p.value == o.value)
                {
                    lint.err(
                        "questionnaire.lint.duplicate_id",
                        format!("{qf}.options[{oi}].value"),
                        params![],
                    );
                }
                lint.text(&o.text, format!("{qf}.options[{oi}].text"));
            }
            if q.kind == QuestionType::Notice
                && (q.required_if.is_some() || !q.validators.is_empty())
            {
                lint.err(
                    "questionnaire.lint.validator",
                    format!("{qf}.validators"),
                    params![],
                );
            }
            for (vi, v) in q.validators.iter().enumerate() {
                lint_validator(lint, q, v, format!("{qf}.validators[{vi}]"));
            }
            if !qs.insert(
                q.id.clone(),
                QInfo {
                    idx,
                    kind: q.kind,
                    options: q.options.iter().map(|o| o.value.clone()).collect(),
                },
            ) {
                lint.err(
                    "questionnaire.lint.duplicate_id",
                    format!("{qf}.id"),
                    params![],
                );
            }
            idx += 1;
        }
    }
    qs
}

/// One validator: its message, and the fields it needs for its kind and the question's type.
fn lint_validator(lint: &mut Lint, q: &super::Question, v: &super::Validator, vf: String) {
    if let Some(t) = &v.message {
        lint.text(t, format!("{vf}.message"));
    }
    let stringy = matches!(
        q.kind,
        QuestionType::Text | QuestionType::Mobile | QuestionType::Email
    );
    let ok = match v.kind {
        ValidatorKind::Required => {
            v.min.is_none() && v.max.is_none() && v.pattern.is_none() && v.document.is_none()
        }
        ValidatorKind::Length => {
            stringy
                && (v.min.is_some() || v.max.is_some())
                && v.min.unwrap_or(0) >= 0
                && v.max.unwrap_or(i64::MAX) >= v.min.unwrap_or(0)
                && v.pattern.is_none()
                && v.document.is_none()
        }
        ValidatorKind::Pattern => {
            let ok = q.kind == QuestionType::Text
                && v.min.is_none()
                && v.max.is_none()
                && v.document.is_none();
            match &v.pattern {
                Some(p) if Pattern::compile(p).is_err() => {
                    lint.err(
                        "questionnaire.lint.pattern",
                        format!("{vf}.pattern"),
                        params![],
                    );
                }
                None => lint.err(
                    "questionnaire.lint.pattern",
                    format!("{vf}.pattern"),
                    params![],
                ),
                _ => {}
            }
            ok
        }
        ValidatorKind::Range => {
            let in_domain = |x: Option<i64>| match q.kind {
                QuestionType::Rating => x.is_none_or(|x| (1..=5).contains(&x)),
                QuestionType::MultipleChoice => {
                    x.is_none_or(|x| x >= 0 && x <= q.options.len() as i64)
                }
                _ => false,
            };
            (v.min.is_some() || v.max.is_some())
                && in_domain(v.min)
                && in_domain(v.max)
                && v.max.unwrap_or(i64::MAX) >= v.min.unwrap_or(i64::MIN)
                && v.pattern.is_none()
                && v.document.is_none()
        }
        ValidatorKind::Document => {
            match &v.document {
                Some(k)
                    if crate::documents::DocumentKind::parse(k).is_none()
                        && !super::engine::BUILTIN_FORMAT_KINDS.contains(&k.as_str()) =>
                {
                    lint.push(
                        Severity::Warning,
                        "questionnaire.lint.document_kind",
                        format!("{vf}.document"),
                        params![],
                    );
                }
                _ => {}
            }
            stringy
                && v.document
                    .as_ref()
                    .is_some_and(|k| !k.is_empty() && k.len() <= 32)
                && v.pattern.is_none()
                && v.min.is_none()
                && v.max.is_none()
        }
    };
    if !ok {
        lint.err("questionnaire.lint.validator", vf, params![]);
    }
}

/// The conditions of a definition: parsed, type-checked against the questions, their cost
/// bounded, and never-true or forward-referencing ones reported.
struct Conditions<'q> {
    qs: &'q QTable,
    max_text: u64,
    max_steps: u64,
}

impl Conditions<'_> {
    /// One condition at `field`; `own` is the index of the first question it must not read
    /// (its own question, or its page's first).
    fn parse(&self, lint: &mut Lint, src: &str, field: String, own: Option<usize>) -> Option<Expr> {
        let (qs, max_text, max_steps) = (self.qs, self.max_text, self.max_steps);
        let e = match expr::parse(src) {
            Ok(e) => e,
            Err(pe) => {
                lint.err(pe.code, field, params![("at", pe.at)]);
                return None;
            }
        };
        let mut chk = ExprCheck {
            lint,
            qs,
            field: field.clone(),
        };
        chk.cond(&e);
        let (cost, _) = chk.cost(&e, max_text);
        if cost > max_steps {
            lint.err(
                "questionnaire.lint.expression_cost",
                field.clone(),
                params![("cost", cost), ("max", max_steps)],
            );
        }
        if never_true(&e, qs) {
            lint.err("questionnaire.lint.never_true", field.clone(), params![]);
        }
        if let Some(own) = own {
            let mut refs = Vec::new();
            e.refs(&mut refs);
            if refs.iter().any(|r| qs.get(r).is_some_and(|i| i.idx >= own)) {
                lint.push(
                    Severity::Warning,
                    "questionnaire.lint.forward_reference",
                    field,
                    params![],
                );
            }
        }
        Some(e)
    }

    /// The pages' and questions' conditions, with each question's compiled patterns.
    fn compile(
        &self,
        lint: &mut Lint,
        def: &Definition,
    ) -> (Vec<Option<Expr>>, Vec<CompiledQuestion>) {
        let mut page_visible_if = Vec::new();
        let mut questions = Vec::new();
        let mut idx = 0;
        for (pi, page) in def.pages.iter().enumerate() {
            let first = idx;
            page_visible_if.push(
                page.visible_if.as_deref().and_then(|s| {
                    self.parse(lint, s, format!("pages[{pi}].visibleIf"), Some(first))
                }),
            );
            for (qi, q) in page.questions.iter().enumerate() {
                let qf = format!("pages[{pi}].questions[{qi}]");
                let visible_if = q
                    .visible_if
                    .as_deref()
                    .and_then(|s| self.parse(lint, s, format!("{qf}.visibleIf"), Some(idx)));
                let required_if = q
                    .required_if
                    .as_deref()
                    .and_then(|s| self.parse(lint, s, format!("{qf}.requiredIf"), None));
                let patterns = q
                    .validators
                    .iter()
                    .map(|v| v.pattern.as_deref().and_then(|p| Pattern::compile(p).ok()))
                    .collect();
                questions.push(CompiledQuestion {
                    page: pi,
                    visible_if,
                    required_if,
                    patterns,
                });
                idx += 1;
            }
        }
        (page_visible_if, questions)
    }
}

/// Ids, texts, guidance and prefill of the follow-ups; their conditions compiled.
fn lint_follow_ups(lint: &mut Lint, def: &Definition, conditions: &Conditions) -> Vec<Expr> {
    let qs = conditions.qs;
    let mut follow_up_when = Vec::new();
    for (fi, f) in def.follow_ups.iter().enumerate() {
        let ff = format!("followUps[{fi}]");
        if !is_id(&f.id) || def.follow_ups[..fi].iter().any(|g| g.id == f.id) {
            lint.err(
                "questionnaire.lint.duplicate_id",
                format!("{ff}.id"),
                params![],
            );
        }
        lint.text(&f.title, format!("{ff}.title"));
        if let Some(g) = &f.guidance {
            lint.text(g, format!("{ff}.guidance"));
        }
        if f.show_now && f.guidance.is_none() {
            lint.err(
                "questionnaire.lint.guidance",
                format!("{ff}.guidance"),
                params![],
            );
        }
        match (&f.prefill, f.action) {
            (Some(p), FollowUpAction::ContactUpdate) => {
                for (name, q, want) in [
                    ("mobile", &p.mobile, QuestionType::Mobile),
                    ("email", &p.email, QuestionType::Email),
                    (
                        "residentialAddress",
                        &p.residential_address,
                        QuestionType::Address,
                    ),
                ] {
                    if let Some(q) = q {
                        if qs.get(q).map(|i| i.kind) != Some(want) {
                            lint.err(
                                "questionnaire.lint.prefill",
                                format!("{ff}.prefill.{name}"),
                                params![],
                            );
                        }
                    }
                }
            }
            // A contact update opens either with proposed details or at a field (`focus`).
            (None, FollowUpAction::ContactUpdate) if f.focus.is_some() => {}
            (None, FollowUpAction::ContactUpdate) | (Some(_), _) => lint.err(
                "questionnaire.lint.prefill",
                format!("{ff}.prefill"),
                params![],
            ),
            _ => {}
        }
        lint_route(lint, f, &ff);
        follow_up_when.push(
            conditions
                .parse(lint, &f.when, format!("{ff}.when"), None)
                .unwrap_or(Expr::Lit(Val::Bool(false))),
        );
    }
    follow_up_when
}

/// A follow-up's department (a key of `pack.json settings.departments`), its due time (0 to 90
/// days, 1 to 72 hours) and its `focus` (only for `contact_update`, a known contact field).
fn lint_route(lint: &mut Lint, f: &super::FollowUpRule, ff: &str) {
    if let Some(d) = &f.department {
        if !lint.departments.contains_key(d) {
            lint.err(
                "questionnaire.lint.unknown_department",
                format!("{ff}.department"),
                params![("department", d.as_str())],
            );
        }
    }
    if f.due.is_some_and(|d| !d.in_bounds()) {
        lint.err(
            "questionnaire.lint.due",
            format!("{ff}.due.amount"),
            params![],
        );
    }
    if let Some(focus) = &f.focus {
        if f.action != FollowUpAction::ContactUpdate
            || !super::FOCUS_FIELDS.contains(&focus.as_str())
        {
            lint.err("questionnaire.lint.focus", format!("{ff}.focus"), params![]);
        }
    }
}

/// A question depends on what its own and its page's conditions read: a cycle is an error.
fn lint_cycles(
    lint: &mut Lint,
    def: &Definition,
    qs: &QTable,
    questions: &[CompiledQuestion],
    page_visible_if: &[Option<Expr>],
) {
    // Cycles: a question depends on what its own and its page's conditions read.
    let flat: Vec<&super::Question> = def.pages.iter().flat_map(|p| p.questions.iter()).collect();
    let deps: Vec<Vec<usize>> = questions
        .iter()
        .map(|cq| {
            let mut refs = Vec::new();
            for e in [
                cq.visible_if.as_ref(),
                cq.required_if.as_ref(),
                page_visible_if.get(cq.page).and_then(Option::as_ref),
            ]
            .into_iter()
            .flatten()
            {
                e.refs(&mut refs);
            }
            refs.iter()
                .filter_map(|r| qs.get(r).map(|i| i.idx))
                .collect()
        })
        .collect();
    let mut state = vec![0u8; deps.len()];
    let mut reported: Vec<usize> = Vec::new();
    for start in 0..deps.len() {
        if state[start] != 0 {
            continue;
        }
        // Iterative DFS: (node, next edge index).
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut edge)) = stack.last_mut() {
            if let Some(&next) = deps[node].get(*edge) {
                *edge += 1;
                match state[next] {
                    0 => {
                        state[next] = 1;
                        stack.push((next, 0));
                    }
                    1 if !reported.contains(&next) => {
                        reported.push(next);
                        let (p, q) = locate(def, next);
                        let id = flat.get(next).map(|q| q.id.as_str()).unwrap_or("");
                        lint.err(
                            "questionnaire.lint.cycle",
                            format!("pages[{p}].questions[{q}]"),
                            params![("question", id)],
                        );
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
}

fn locate(def: &Definition, flat: usize) -> (usize, usize) {
    let mut n = flat;
    for (pi, p) in def.pages.iter().enumerate() {
        if n < p.questions.len() {
            return (pi, n);
        }
        n -= p.questions.len();
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The default pack's settings (`questionnaire.json`), written out.
    fn settings() -> QuestionnaireSettings {
        QuestionnaireSettings {
            source: "test".into(),
            retention: Vec::new(),
            max_steps: 2000,
            max_text_chars: 500,
            sms_max_segments: 4,
            follow_up_routing: None,
            phone_identity_check: None,
            satisfaction: None,
        }
    }

    fn t(s: &str) -> Value {
        json!({ "zh-CN": s, "en": s })
    }

    fn def(questions: Value, follow_ups: Value) -> Value {
        json!({ "id": "t", "version": "1", "title": t("T"), "source": "test",
                "pages": [{ "id": "p", "title": t("P"), "questions": questions }], "followUps": follow_ups })
    }

    fn codes(v: &Value) -> Vec<&'static str> {
        lint_value(v, &settings(), &Default::default())
            .1
            .iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn catches_the_classic_mistakes() {
        let q = |id: &str, ty: &str, extra: Value| {
            let mut o = json!({ "id": id, "type": ty, "text": t("Q") });
            if let Value::Object(m) = extra {
                o.as_object_mut().unwrap().extend(m);
            }
            o
        };
        let opts = json!({ "options": [{ "value": "a", "text": t("A") }, { "value": "b", "text": t("B") }] });
        let clean = def(
            json!([
                q("r", "rating", json!({})),
                q("c", "single_choice", opts.clone())
            ]),
            json!([]),
        );
        assert_eq!(codes(&clean), Vec::<&str>::new());
        let cases = [
            (
                json!([q("a", "yes_no", json!({ "visibleIf": "zz == 1" }))]),
                "questionnaire.lint.unknown_question",
            ),
            (
                json!([
                    q("r", "rating", json!({})),
                    q("x", "text", json!({ "visibleIf": "r == 'high'" }))
                ]),
                "questionnaire.lint.type_mismatch",
            ),
            (
                json!([
                    q("r", "rating", json!({})),
                    q("x", "text", json!({ "visibleIf": "r == 1 and r == 2" }))
                ]),
                "questionnaire.lint.never_true",
            ),
            (
                json!([
                    q("r", "rating", json!({})),
                    q("x", "text", json!({ "visibleIf": "r > 5" }))
                ]),
                "questionnaire.lint.never_true",
            ),
            (
                json!([q("x", "text", json!({ "visibleIf": "1 == 2" }))]),
                "questionnaire.lint.never_true",
            ),
            (
                json!([
                    q("c", "single_choice", opts.clone()),
                    q("x", "text", json!({ "visibleIf": "c == 'z'" }))
                ]),
                "questionnaire.lint.unknown_option",
            ),
            (
                json!([
                    q("a", "yes_no", json!({ "visibleIf": "b" })),
                    q("b", "yes_no", json!({ "visibleIf": "a" }))
                ]),
                "questionnaire.lint.cycle",
            ),
            (
                json!([q("a", "yes_no", json!({ "requiredIf": "a" }))]),
                "questionnaire.lint.cycle",
            ),
            (
                json!([{ "id": "a", "type": "yes_no", "text": { "zh-CN": "问", "en": "" } }]),
                "questionnaire.lint.missing_translation",
            ),
            (
                json!([q("a", "yes_no", json!({ "visibleIf": "a ==" }))]),
                "questionnaire.expr.syntax",
            ),
            (
                json!([q(
                    "a",
                    "text",
                    json!({ "validators": [{ "type": "pattern", "pattern": "(a|b)" }] })
                )]),
                "questionnaire.lint.pattern",
            ),
            (
                json!([q("a", "text", json!({ "color": "red" }))]),
                "questionnaire.lint.schema",
            ),
        ];
        for (qs, code) in cases {
            let c = codes(&def(qs.clone(), json!([])));
            assert!(c.contains(&code), "{code} not in {c:?} for {qs}");
        }
    }

    #[test]
    fn costly_expressions_are_refused() {
        let options: Vec<Value> = (0..50)
            .map(|i| json!({ "value": format!("v{i}"), "text": t("V") }))
            .collect();
        let list: Vec<String> = (0..50).map(|i| format!("'v{i}'")).collect();
        let cond = format!("m in [{}]", list.join(","));
        let d = def(
            json!([{ "id": "m", "type": "multiple_choice", "text": t("M"), "options": options },
                           { "id": "x", "type": "text", "text": t("X"), "visibleIf": cond }]),
            json!([]),
        );
        assert!(codes(&d).contains(&"questionnaire.lint.expression_cost"));
    }
}
