//! The same definition for the other channels: a numbered phone-agent script with branching
//! notes in plain words, and a short SMS text within SMS length limits.

use super::expr::{CmpOp, Expr, Func, Val};
use super::QuestionnaireRules;
use super::{Compiled, QuestionType};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::i18n::Locale;
use crate::jsonout::WriteJson;
use crate::params;

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ScriptLine {
    /// `1`, `2`, … in definition order.
    pub number: usize,
    pub question_id: String,
    pub page_id: String,
    /// What the agent says (options read out), with a "read out" lead for notices.
    pub say: String,
    /// When to ask it, in plain words (from `visibleIf` of the question and its page).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Script {
    pub questionnaire_id: String,
    pub version: String,
    pub locale: Locale,
    pub title: String,
    pub lines: Vec<ScriptLine>,
    /// The whole script as plain text, ready to print.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SmsText {
    pub questionnaire_id: String,
    pub locale: Locale,
    pub text: String,
    /// `gsm7` (160 characters per single segment, 153 when split) or `ucs2` (70 / 67).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "\"gsm7\" | \"ucs2\""))]
    pub encoding: String,
    /// Length in the encoding's units (GSM-7 septets or UTF-16 code units).
    pub units: usize,
    pub segments: usize,
    pub max_segments: usize,
    pub within_limit: bool,
    pub findings: Vec<Finding>,
}

struct Words<'a> {
    c: &'a Compiled,
    zh: bool,
}

impl Words<'_> {
    fn qname(&self, id: &str) -> String {
        match self.c.position(id) {
            Some(i) if self.zh => format!("第{}题", i + 1),
            Some(i) => format!("Q{}", i + 1),
            None => id.to_string(),
        }
    }
    fn lit(&self, q: Option<&str>, v: &Val) -> String {
        let option_text = q
            .and_then(|q| self.c.question(q))
            .and_then(|(_, question)| match v {
                Val::Str(s) => question.options.iter().find(|o| &o.value == s).map(|o| {
                    o.text
                        .get(if self.zh { Locale::ZhCn } else { Locale::En })
                        .to_string()
                }),
                _ => None,
            });
        match (option_text, v) {
            (Some(t), _) => format!("“{t}”"),
            (None, Val::Bool(true)) => (if self.zh { "“是”" } else { "“yes”" }).into(),
            (None, Val::Bool(false)) => (if self.zh { "“否”" } else { "“no”" }).into(),
            (None, Val::Int(n)) => n.to_string(),
            (None, Val::Str(s)) => format!("“{s}”"),
            (None, Val::Null) => (if self.zh { "空" } else { "empty" }).into(),
            (None, Val::List(l)) => l
                .iter()
                .map(|x| self.lit(q, x))
                .collect::<Vec<_>>()
                .join(if self.zh { "、" } else { ", " }),
        }
    }
    fn operand(&self, e: &Expr) -> String {
        match e {
            Expr::Ref(q) => self.qname(q),
            Expr::Ctx(n) => {
                if self.zh {
                    format!("客户资料中的 {n}")
                } else {
                    format!("the customer's {n} on file")
                }
            }
            Expr::Lit(v) => self.lit(None, v),
            Expr::Call(Func::Today, _) => (if self.zh { "今天" } else { "today" }).into(),
            Expr::Call(Func::Age, a) => {
                let x = a.first().map(|x| self.operand(x)).unwrap_or_default();
                if self.zh {
                    format!("按{x}计算的年龄")
                } else {
                    format!("the age from {x}")
                }
            }
            Expr::Call(Func::DateDiff, a) => {
                let x = a.first().map(|x| self.operand(x)).unwrap_or_default();
                let y = a.get(1).map(|x| self.operand(x)).unwrap_or_default();
                let unit = match (a.get(2), self.zh) {
                    (Some(Expr::Lit(Val::Str(u))), true) => match u.as_str() {
                        "days" => "天数",
                        "months" => "月数",
                        _ => "年数",
                    },
                    (Some(Expr::Lit(Val::Str(u))), false) => u.as_str(),
                    _ => "",
                };
                if self.zh {
                    format!("从{x}到{y}的{unit}")
                } else {
                    format!("the {unit} from {x} to {y}")
                }
            }
            other => self.describe(other),
        }
    }
    fn describe(&self, e: &Expr) -> String {
        let zh = self.zh;
        match e {
            Expr::Ref(q) => {
                if zh {
                    format!("{}回答“是”", self.qname(q))
                } else {
                    format!("{} is answered “yes”", self.qname(q))
                }
            }
            Expr::Not(x) => match x.as_ref() {
                Expr::Ref(q) => {
                    if zh {
                        format!("{}回答“否”", self.qname(q))
                    } else {
                        format!("{} is answered “no”", self.qname(q))
                    }
                }
                other => {
                    if zh {
                        format!("并非（{}）", self.describe(other))
                    } else {
                        format!("not ({})", self.describe(other))
                    }
                }
            },
            Expr::And(items) => items
                .iter()
                .map(|i| self.describe(i))
                .collect::<Vec<_>>()
                .join(if zh { "，并且" } else { " and " }),
            Expr::Or(items) => items
                .iter()
                .map(|i| self.describe(i))
                .collect::<Vec<_>>()
                .join(if zh { "，或者" } else { " or " }),
            Expr::Cmp(op, a, b) => self.describe_cmp(*op, a, b),
            Expr::In(a, b) => self.describe_in(a, b),
            Expr::Call(Func::Answered, a) => {
                let q = a.first().map(|x| self.operand(x)).unwrap_or_default();
                if zh {
                    format!("{q}已回答")
                } else {
                    format!("{q} has been answered")
                }
            }
            other => self.operand(other),
        }
    }

    /// `a <op> b`: "x is at least 3".
    fn describe_cmp(&self, op: CmpOp, a: &Expr, b: &Expr) -> String {
        let zh = self.zh;
        let q = if let Expr::Ref(q) = a {
            Some(q.as_str())
        } else {
            None
        };
        let left = self.operand(a);
        let right = match b {
            Expr::Lit(v) => self.lit(q, v),
            other => self.operand(other),
        };
        let word = match (op, zh) {
            (CmpOp::Eq, true) => "为",
            (CmpOp::Ne, true) => "不为",
            (CmpOp::Lt, true) => "小于",
            (CmpOp::Le, true) => "不大于",
            (CmpOp::Gt, true) => "大于",
            (CmpOp::Ge, true) => "不小于",
            (CmpOp::Eq, false) => "is",
            (CmpOp::Ne, false) => "is not",
            (CmpOp::Lt, false) => "is less than",
            (CmpOp::Le, false) => "is at most",
            (CmpOp::Gt, false) => "is more than",
            (CmpOp::Ge, false) => "is at least",
        };
        if zh {
            format!("{left}{word}{right}")
        } else {
            format!("{left} {word} {right}")
        }
    }

    /// `a in b`: "q includes x", "x is one of a, b".
    fn describe_in(&self, a: &Expr, b: &Expr) -> String {
        let zh = self.zh;
        match (a, b) {
            (x, Expr::Ref(q)) => {
                let v = match x {
                    Expr::Lit(v) => self.lit(Some(q), v),
                    Expr::List(items) => items
                        .iter()
                        .map(|i| {
                            if let Expr::Lit(v) = i {
                                self.lit(Some(q), v)
                            } else {
                                self.operand(i)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(if zh { "或" } else { " or " }),
                    other => self.operand(other),
                };
                if zh {
                    format!("{}选了{v}", self.qname(q))
                } else {
                    format!("{} includes {v}", self.qname(q))
                }
            }
            (x, Expr::List(items)) => {
                let q = if let Expr::Ref(q) = x {
                    Some(q.as_str())
                } else {
                    None
                };
                let vs = items
                    .iter()
                    .map(|i| {
                        if let Expr::Lit(v) = i {
                            self.lit(q, v)
                        } else {
                            self.operand(i)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(if zh { "、" } else { ", " });
                if zh {
                    format!("{}为{vs}之一", self.operand(x))
                } else {
                    format!("{} is one of {vs}", self.operand(x))
                }
            }
            (x, y) => {
                if zh {
                    format!("{}属于{}", self.operand(x), self.operand(y))
                } else {
                    format!("{} is in {}", self.operand(x), self.operand(y))
                }
            }
        }
    }
}

/// `renderScript`: the phone-agent script in the desk's locale: the title and opening, each page
/// (with when it applies) and its questions as lines to say with the agent's notes, then the
/// follow-ups.
/// `c` as the phone channel runs it (`QuestionnaireRules::for_channel`): with the identity check
/// the pack requires, the opening is the neutral one and the questionnaire's own intro follows
/// the check, its withheld details shown as 【核实身份后显示】.
pub fn script(ctx: &Ctx, rules: &QuestionnaireRules, c: &Compiled) -> Result<Script, Error> {
    let loc = ctx.locale();
    let zh = loc == Locale::ZhCn;
    let w = Words { c, zh };
    let mut lines = Vec::new();
    let mut text = String::new();
    let title = c.def.title.get(loc).to_string();
    text.push_str(&format!("{title} ({})\n", c.def.version));
    let check = rules
        .phone_check(super::engine::Channel::Phone)
        .zip(rules.check_texts.as_ref());
    if let Some((_, t)) = check {
        text.push_str(&format!(
            "{}{}\n",
            if zh { "开场：" } else { "Opening: " },
            t.opening.get(loc)
        ));
    }
    // A script is read before anyone is verified: every withheld detail, in the intro and in the
    // questions alike, reads 【核实身份后显示】 (never the raw `{placeholder}`).
    let withhold = |mut s: String| {
        if let Some((check, t)) = check {
            for p in &check.withhold_placeholders {
                s = s.replace(&format!("{{{p}}}"), t.withheld.get(loc));
            }
        }
        s
    };
    if let Some(intro) = &c.def.intro {
        let intro = withhold(intro.get(loc).to_string());
        let lead = match (check.is_some(), zh) {
            (true, true) => "核实身份后：",
            (true, false) => "After the identity check: ",
            (false, true) => "开场：",
            (false, false) => "Opening: ",
        };
        text.push_str(&format!("{lead}{intro}\n"));
    }
    let mut n = 0;
    for (pi, page) in c.def.pages.iter().enumerate() {
        w.page_heading(loc, pi, page, &mut text);
        for q in &page.questions {
            let cq = c.questions.get(n);
            n += 1;
            let (say, notes) = w.question_line(loc, q, cq);
            let say = withhold(say);
            text.push_str(&format!("{n}. {say}\n"));
            for note in &notes {
                text.push_str(&format!("   → {note}\n"));
            }
            lines.push(ScriptLine {
                number: n,
                question_id: q.id.clone(),
                page_id: page.id.clone(),
                say,
                notes,
            });
        }
    }
    w.follow_up_section(loc, &mut text);
    Ok(Script {
        questionnaire_id: c.def.id.clone(),
        version: c.def.version.clone(),
        locale: loc,
        title,
        lines,
        text,
    })
}

impl Words<'_> {
    /// A page's title, and when it applies if it is conditional.
    fn page_heading(&self, loc: Locale, pi: usize, page: &super::Page, text: &mut String) {
        let zh = self.zh;
        text.push_str(&format!("\n== {} ==\n", page.title.get(loc)));
        let page_note = self
            .c
            .page_visible_if
            .get(pi)
            .and_then(Option::as_ref)
            .map(|e| self.describe(e));
        if let Some(pn) = &page_note {
            text.push_str(&format!(
                "{}{pn}\n",
                if zh {
                    "（本部分仅在以下情况进行："
                } else {
                    "(This part only if: "
                }
            ));
            text.pop();
            text.push_str(if zh { "）\n" } else { ")\n" });
        }
    }

    /// What the agent says for one question (with its answer options) and the notes: when to
    /// ask it, when an answer is needed, how personal data is recorded.
    fn question_line(
        &self,
        loc: Locale,
        q: &super::Question,
        cq: Option<&super::CompiledQuestion>,
    ) -> (String, Vec<String>) {
        let zh = self.zh;
        let mut say = String::new();
        if q.kind == QuestionType::Notice {
            say.push_str(if zh {
                "请向客户宣读并确认已知晓："
            } else {
                "Read out and ask the customer to confirm: "
            });
        }
        say.push_str(q.text.get(loc));
        match q.kind {
            QuestionType::YesNo => say.push_str(if zh { "（是／否）" } else { " (yes / no)" }),
            QuestionType::Rating => say.push_str(if zh {
                "（1 至 5 分，5 分最满意）"
            } else {
                " (1 to 5, 5 is best)"
            }),
            QuestionType::SingleChoice | QuestionType::MultipleChoice => {
                let opts: Vec<String> = q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("({}) {}", i + 1, o.text.get(loc)))
                    .collect();
                let lead = match (q.kind == QuestionType::MultipleChoice, zh) {
                    (true, true) => "可多选：",
                    (false, true) => "选项：",
                    (true, false) => " Any of: ",
                    (false, false) => " Options: ",
                };
                say.push_str(lead);
                say.push_str(&opts.join(" "));
            }
            _ => {}
        }
        let mut notes = Vec::new();
        if let Some(e) = cq.and_then(|c| c.visible_if.as_ref()) {
            notes.push(format!(
                "{}{}",
                if zh {
                    "仅在以下情况询问："
                } else {
                    "Ask only if "
                },
                self.describe(e)
            ));
        }
        if let Some(e) = cq.and_then(|c| c.required_if.as_ref()) {
            notes.push(format!(
                "{}{}",
                if zh {
                    "以下情况必须得到回答："
                } else {
                    "An answer is needed if "
                },
                self.describe(e)
            ));
        }
        if q.kind == QuestionType::Mobile
            || q.kind == QuestionType::Email
            || q.kind == QuestionType::Address
        {
            notes.push(
                (if zh {
                    "记录时只显示脱敏信息；请客户在手机银行或网点更新。"
                } else {
                    "Recorded masked; the customer confirms the update in the app or at a branch."
                })
                .to_string(),
            );
        }
        (say, notes)
    }

    /// The follow-ups and when each applies; what to tell the customer at once.
    fn follow_up_section(&self, loc: Locale, text: &mut String) {
        let (c, zh) = (self.c, self.zh);
        if c.def.follow_ups.is_empty() {
            return;
        }
        text.push_str(if zh {
            "\n== 后续处理 ==\n"
        } else {
            "\n== Follow-ups ==\n"
        });
        for (fi, f) in c.def.follow_ups.iter().enumerate() {
            let when = c
                .follow_up_when
                .get(fi)
                .map(|e| self.describe(e))
                .unwrap_or_default();
            text.push_str(
                &format!("• {}：{when}\n", f.title.get(loc))
                    .replace("：", if zh { "：" } else { ": " }),
            );
            if let (true, Some(g)) = (f.show_now, &f.guidance) {
                text.push_str(&format!(
                    "  {}{}\n",
                    if zh {
                        "立即告知客户："
                    } else {
                        "Tell the customer at once: "
                    },
                    g.get(loc)
                ));
            }
        }
    }
}

/// GSM 03.38 basic character set (each counts 1 septet).
const GSM7: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Extension table (each counts 2 septets).
const GSM7_EXT: &str = "^{}\\[~]|€";

/// Encoding, length in units and number of segments of an SMS text.
pub fn segments(text: &str) -> (&'static str, usize, usize) {
    let gsm = text
        .chars()
        .all(|c| GSM7.contains(c) || GSM7_EXT.contains(c));
    if gsm {
        let units: usize = text
            .chars()
            .map(|c| if GSM7_EXT.contains(c) { 2 } else { 1 })
            .sum();
        let segs = if units <= 160 { 1 } else { units.div_ceil(153) };
        ("gsm7", units, segs)
    } else {
        let units = text.encode_utf16().count();
        let segs = if units <= 70 { 1 } else { units.div_ceil(67) };
        ("ucs2", units, segs)
    }
}

/// `renderSms`: the short SMS version (questions that have an `sms` wording), in the desk's locale.
pub fn sms(ctx: &Ctx, rules: &QuestionnaireRules, c: &Compiled) -> Result<SmsText, Error> {
    let loc = ctx.locale();
    let zh = loc == Locale::ZhCn;
    let mut parts: Vec<String> = Vec::new();
    if let Some(i) = &c.def.sms_intro {
        parts.push(i.get(loc).to_string());
    }
    let mut n = 0;
    for q in c.questions_with_sms() {
        n += 1;
        let mut s = format!("{n}.{}", q.1.get(loc));
        match q.0 {
            QuestionType::YesNo => s.push_str(if zh {
                "(是回Y/否回N)"
            } else {
                " (reply Y/N)"
            }),
            QuestionType::Rating => s.push_str(if zh { "(回1-5)" } else { " (reply 1-5)" }),
            _ => {}
        }
        parts.push(s);
    }
    let text = parts.join(if zh { "" } else { " " });
    let (encoding, units, segs) = segments(&text);
    let max = rules.settings.sms_max_segments as usize;
    let mut findings = Vec::new();
    if segs > max {
        findings.push(ctx.finding(
            Severity::Warning,
            "questionnaire.sms.too_long",
            "",
            params![("segments", segs), ("max", max)],
        ));
    }
    Ok(SmsText {
        questionnaire_id: c.def.id.clone(),
        locale: loc,
        text,
        encoding: encoding.to_string(),
        units,
        segments: segs,
        max_segments: max,
        within_limit: segs <= max,
        findings,
    })
}

impl Compiled {
    fn questions_with_sms(&self) -> impl Iterator<Item = (QuestionType, &crate::i18n::Text)> {
        self.questions()
            .filter_map(|q| q.sms.as_ref().map(|t| (q.kind, t)))
    }
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn sms_segments() {
        assert_eq!(segments(&"a".repeat(160)), ("gsm7", 160, 1));
        assert_eq!(segments(&"a".repeat(161)), ("gsm7", 161, 2));
        assert_eq!(segments(&"€".repeat(80)), ("gsm7", 160, 1));
        assert_eq!(segments(&"回".repeat(70)), ("ucs2", 70, 1));
        assert_eq!(segments(&"回".repeat(71)), ("ucs2", 71, 2));
        assert_eq!(segments(&"回".repeat(135)), ("ucs2", 135, 3));
    }
}
