//! Attempts and outcomes (seed §五: phone first, SMS for simple confirmations, online channels at
//! the customer's own time; §九.1 contact details): what the agent does next for one callback,
//! and when a callback that cannot reach the customer is handed on (`callbacks.json` `attempts`).
//! Shared by `callbackPlan` (each item) and `callbackCase`.

use super::sms::{self, SendAdvice};
use super::{display_time, due_from, CallbackChannel, CallbackRules, Handoff, Stage};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::jsonout::WriteJson;
use crate::params;
use crate::time::{iso, parse_instant, rfc3339, shanghai, WorkingDays};
use chrono::{DateTime, Duration, FixedOffset};

/// Most attempts recorded for one callback.
pub const MAX_ATTEMPTS: usize = 50;

type Instant = DateTime<FixedOffset>;

/// One recorded attempt (input): `{ at, channel, outcome, callBackAt? }`. No number dialled, no
/// free-text note.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Attempt {
    /// RFC 3339.
    pub at: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CallbackChannel"))]
    pub channel: String,
    /// An outcome id of `callbacks.json` `attempts.outcomes` allowed for the channel.
    pub outcome: String,
    /// With `busy_call_back`: when the customer asked to be called (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub call_back_at: Option<String>,
}

/// An attempt checked against the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub at: Instant,
    pub channel: CallbackChannel,
    pub outcome: String,
    pub call_back_at: Option<Instant>,
}

/// Check attempts (at most `MAX_ATTEMPTS`, none after now, outcome allowed for the channel,
/// `callBackAt` only with an outcome that needs it and after the attempt) and order them by time.
pub fn check(
    rules: &CallbackRules,
    now: Instant,
    list: &[Attempt],
    path: &str,
) -> Result<Vec<Checked>, Error> {
    if list.len() > MAX_ATTEMPTS {
        return Err(Error::new(
            "argument.too_large",
            format!("at most {MAX_ATTEMPTS} attempts"),
        )
        .at_path(path));
    }
    let mut out: Vec<Checked> = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let p = |f: &str| format!("{path}[{i}].{f}");
        let at = parse_instant(&a.at, &p("at"))?;
        if at > now {
            return Err(Error::argument("an attempt after now").at_path(p("at")));
        }
        let channel = CallbackChannel::NAMES
            .iter()
            .position(|n| *n == a.channel)
            .map(|i| CallbackChannel::ALL[i])
            .ok_or_else(|| {
                Error::argument("channel is phone, sms or in_app").at_path(p("channel"))
            })?;
        let rule = rules.attempts.outcome(&a.outcome);
        if rule.is_none() || !rules.attempts.allows(channel, &a.outcome) {
            return Err(Error::argument("this outcome is not one the channel can record (see attempts.channelOutcomes in callbacks.json)")
                .at_path(p("outcome")));
        }
        let needs = rule.is_some_and(|r| r.needs_call_back_at);
        let call_back_at = match (&a.call_back_at, needs) {
            (Some(s), true) => {
                let t = parse_instant(s, &p("callBackAt"))?;
                if t <= at {
                    return Err(
                        Error::argument("callBackAt is after the attempt").at_path(p("callBackAt"))
                    );
                }
                Some(t)
            }
            (None, true) => {
                return Err(
                    Error::argument("this outcome needs callBackAt").at_path(p("callBackAt"))
                )
            }
            (Some(_), false) => {
                return Err(
                    Error::argument("callBackAt only goes with a call-back outcome")
                        .at_path(p("callBackAt")),
                )
            }
            (None, false) => None,
        };
        let c = Checked {
            at,
            channel,
            outcome: a.outcome.clone(),
            call_back_at,
        };
        // Insert in time order, equal times keep input order (no sort instantiation).
        let pos = out.partition_point(|x| x.at <= c.at);
        out.insert(pos, c);
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Action {
    Call,
    SendSms,
    SendInApp,
    WaitReply,
    Escalate,
    #[default]
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum CallbackProgress {
    NotStarted,
    InProgress,
    Completed,
    Refused,
    Unreachable,
}

/// Attempts left per channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AttemptsLeft {
    pub phone: u32,
    pub sms: u32,
    pub in_app: u32,
}

/// A hand-off or task: who acts and by when.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Task {
    pub action: String,
    pub department: String,
    /// The department's name in the desk's language (`pack.json settings.departments`).
    pub department_name: String,
    /// `YYYY-MM-DD`; `null` when the calendar does not cover the year.
    pub due_by: Option<String>,
    /// RFC 3339, for hour deadlines.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub due_at: Option<String>,
}

/// What the agent does next.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct NextStep {
    pub action: Action,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CallbackChannel | null"))]
    pub channel: Option<&'static str>,
    /// RFC 3339: not before this time (the contact window, gaps and caps applied).
    pub not_before: Option<String>,
    /// RFC 3339: waiting for a reply until this time.
    pub wait_until: Option<String>,
    pub reason: &'static str,
    pub remaining: AttemptsLeft,
    pub escalation: Option<Task>,
    /// The step in the desk's language.
    pub text: String,
}

/// The next step and what came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    pub step: NextStep,
    pub progress: CallbackProgress,
    /// Tasks opened by outcomes (a wrong number: check the contact details).
    pub tasks: Vec<Task>,
    pub findings: Vec<Finding>,
    /// The SMS advice at the step's time (for an SMS step) or now.
    pub sms: SendAdvice,
}

fn task(ctx: &Ctx, cal: &dyn WorkingDays, h: &Handoff, from: Instant) -> Task {
    let (date, at) = due_from(cal, h.due, from);
    Task {
        action: h.action.clone(),
        department: h.department.clone(),
        department_name: ctx_department(ctx, &h.department),
        due_by: date.ok().map(iso),
        due_at: at.map(rfc3339),
    }
}

fn channel_name(ctx: &Ctx, c: CallbackChannel) -> String {
    ctx.text(&format!("callback.channel.{}", c.as_str()))
}

/// The step after `attempts` for a callback (`urgent` picks the urgent sequence), at `now`, with
/// the texts already sent to this customer (`sms_sent`, for the caps).
pub fn next_step(
    ctx: &Ctx,
    rules: &CallbackRules,
    cal: &dyn WorkingDays,
    urgent: bool,
    attempts: &[Checked],
    sms_sent: &[Instant],
) -> Outlook {
    let now = ctx.now().with_timezone(&shanghai());
    let a = &rules.attempts;
    let sequence: &[Stage] = if urgent {
        &a.urgent_sequence
    } else {
        &a.sequence
    };
    let escalation_rule = if urgent {
        &a.urgent_unreachable
    } else {
        &a.unreachable
    };
    let sms_now = sms::next_allowed(&rules.sms, now, sms_sent);
    let mut findings = Vec::new();
    let mut tasks = Vec::new();
    // Per channel: counted attempts, used up, texts awaiting a reply.
    let mut count = [0u32; 3];
    let mut exhausted = [false; 3];
    let mut wrong = [false; 3];
    let mut open_sent = [0u32; 3];
    let mut busy_run = 0u32;
    for t in attempts {
        let c = t.channel as usize;
        let Some(r) = a.outcome(&t.outcome) else {
            continue;
        };
        if let Some(f) = &r.final_state {
            let refused = f == "refused";
            let escalation = (urgent && refused).then(|| task(ctx, cal, escalation_rule, now));
            let reason = if refused { "refused" } else { "completed" };
            if refused {
                findings.push(ctx.finding(
                    Severity::Info,
                    "callback.refused",
                    "attempts",
                    params![],
                ));
            }
            let text = ctx.text(&format!("callback.step.{reason}"));
            return Outlook {
                step: NextStep {
                    action: Action::None,
                    channel: None,
                    not_before: None,
                    wait_until: None,
                    reason,
                    remaining: AttemptsLeft::default(),
                    escalation,
                    text,
                },
                progress: if refused {
                    CallbackProgress::Refused
                } else {
                    CallbackProgress::Completed
                },
                tasks,
                findings,
                sms: sms_now,
            };
        }
        if r.needs_call_back_at {
            busy_run += 1;
            if r.max_in_a_row > 0 && busy_run > r.max_in_a_row {
                count[c] += 1;
            }
            continue;
        }
        busy_run = 0;
        if r.awaits_reply {
            open_sent[c] += 1;
            count[c] += 1;
        } else if t.outcome == "no_reply" && open_sent[c] > 0 {
            open_sent[c] -= 1;
        } else if r.counts {
            count[c] += 1;
        }
        for e in &r.exhausts {
            exhausted[*e as usize] = true;
            wrong[*e as usize] = true;
        }
        if let Some(action) = &r.opens {
            let mut t2 = task(ctx, cal, &a.unreachable, t.at);
            t2.action = action.clone();
            let due_by = t2.due_by.clone().unwrap_or_default();
            findings.push(ctx.finding(
                Severity::Warning,
                "callback.wrong_number",
                "attempts",
                params![
                    ("department", t2.department_name.clone()),
                    ("dueBy", due_by)
                ],
            ));
            tasks.push(t2);
        }
    }
    let mut remaining = AttemptsLeft::default();
    for s in sequence {
        let c = s.channel as usize;
        let left = if exhausted[c] {
            0
        } else {
            s.max_attempts.saturating_sub(count[c])
        };
        match s.channel {
            CallbackChannel::Phone => remaining.phone = left,
            CallbackChannel::Sms => remaining.sms = left,
            CallbackChannel::InApp => remaining.in_app = left,
        }
    }
    let progress = if attempts.is_empty() {
        CallbackProgress::NotStarted
    } else {
        CallbackProgress::InProgress
    };
    let step = |action,
                channel: Option<CallbackChannel>,
                not_before: Option<Instant>,
                wait: Option<Instant>,
                reason: &'static str,
                text: String| NextStep {
        action,
        channel: channel.map(CallbackChannel::as_str),
        not_before: not_before.map(rfc3339),
        wait_until: wait.map(rfc3339),
        reason,
        remaining,
        escalation: None,
        text,
    };
    let last = attempts.last();
    // A text or push awaiting its reply.
    if let Some(l) = last.filter(|l| a.outcome(&l.outcome).is_some_and(|r| r.awaits_reply)) {
        let wait = sequence
            .iter()
            .find(|s| s.channel == l.channel)
            .map_or(0, |s| s.reply_wait_hours);
        let until = l.at + Duration::hours(i64::from(wait));
        if until > now {
            let text = ctx.render(
                "callback.step.waiting",
                &params![("at", display_time(until))],
            );
            return Outlook {
                step: step(
                    Action::WaitReply,
                    Some(l.channel),
                    None,
                    Some(until),
                    "waiting",
                    text,
                ),
                progress,
                tasks,
                findings,
                sms: sms_now,
            };
        }
    }
    // The customer's own call-back time, honoured even outside the window.
    if let Some(l) = last.filter(|l| l.call_back_at.is_some() && busy_run > 0) {
        let maxed = a
            .outcome(&l.outcome)
            .is_some_and(|r| r.max_in_a_row > 0 && busy_run > r.max_in_a_row);
        if let (Some(at), false, false) = (
            l.call_back_at,
            maxed,
            exhausted[CallbackChannel::Phone as usize],
        ) {
            let when = display_time(at);
            findings.push(ctx.finding(
                Severity::Info,
                "callback.call_back_requested",
                "attempts",
                params![("at", when.as_str())],
            ));
            let text = ctx.render(
                "callback.step.call_back_requested",
                &params![("at", when.as_str())],
            );
            return Outlook {
                step: step(
                    Action::Call,
                    Some(CallbackChannel::Phone),
                    Some(at),
                    None,
                    "call_back_requested",
                    text,
                ),
                progress,
                tasks,
                findings,
                sms: sms_now,
            };
        }
    }
    let mut before: Option<&Stage> = None;
    for s in sequence {
        let c = s.channel as usize;
        if exhausted[c] || count[c] >= s.max_attempts {
            before = Some(s);
            continue;
        }
        let reason: &'static str = match (s.channel, before) {
            (CallbackChannel::Phone, _) if count[c] == 0 => "first_attempt",
            (CallbackChannel::Phone, _) => "retry",
            (_, None) => "first_attempt",
            (_, Some(b)) if wrong[b.channel as usize] => "wrong_number",
            (_, Some(b)) if b.channel == CallbackChannel::Phone => "phone_attempts_used",
            (_, Some(_)) => "sms_no_reply",
        };
        if let (Some(b), "phone_attempts_used" | "sms_no_reply") = (before, reason) {
            findings.push(ctx.finding(
                Severity::Info,
                "callback.next_channel",
                "attempts",
                params![
                    ("from", channel_name(ctx, b.channel)),
                    ("to", channel_name(ctx, s.channel)),
                    ("attempts", count[b.channel as usize])
                ],
            ));
        }
        let (action, not_before, sms_advice) = match s.channel {
            CallbackChannel::Phone => (Action::Call, phone_time(rules, s, attempts, now), None),
            CallbackChannel::Sms => {
                let adv = sms::next_allowed(&rules.sms, now, sms_sent);
                let t = parse_instant(&adv.next_allowed_at, "").unwrap_or(now);
                if let Some(f) = sms::finding(ctx, &adv, "sms") {
                    findings.push(f);
                }
                (Action::SendSms, t, Some(adv))
            }
            CallbackChannel::InApp => (Action::SendInApp, now, None),
        };
        // A first call that cannot be made now (the window, the day's calls) says when.
        let key = match reason {
            "first_attempt" if s.channel == CallbackChannel::Phone && not_before > now => {
                "first_attempt_later"
            }
            r => r,
        };
        let text = ctx.render(
            &format!("callback.step.{key}"),
            &params![
                ("at", display_time(not_before)),
                ("n", count[CallbackChannel::Phone as usize])
            ],
        );
        return Outlook {
            step: step(
                action,
                Some(s.channel),
                Some(not_before),
                None,
                reason,
                text,
            ),
            progress,
            tasks,
            findings,
            sms: sms_advice.unwrap_or(sms_now),
        };
    }
    // Every stage used: hand on.
    let t = task(ctx, cal, escalation_rule, now);
    let (code, severity, key, when) = if urgent {
        (
            "callback.urgent_unreachable",
            Severity::Error,
            "dueAt",
            t.due_at
                .as_deref()
                .and_then(|d| parse_instant(d, "").ok())
                .map(display_time),
        )
    } else {
        (
            "callback.unreachable",
            Severity::Warning,
            "dueBy",
            t.due_by.clone(),
        )
    };
    let params = params![
        ("department", t.department_name.clone()),
        (key, when.unwrap_or_default())
    ];
    findings.push(ctx.finding(severity, code, "attempts", params.clone()));
    let mut s = step(
        Action::Escalate,
        None,
        None,
        None,
        "unreachable",
        ctx.render(code, &params),
    );
    s.escalation = Some(t);
    Outlook {
        step: s,
        progress: CallbackProgress::Unreachable,
        tasks,
        findings,
        sms: sms_now,
    }
}

/// A department's name in the desk's language (`pack.json settings.departments`), else its id.
pub fn ctx_department(ctx: &Ctx, id: &str) -> String {
    ctx.settings()
        .department_name(id, ctx.locale())
        .unwrap_or_else(|| id.to_string())
}

/// The next call: at least `minGapMinutes` after the last call, on a day with fewer than
/// `maxPerDay` calls, inside the phone window.
fn phone_time(rules: &CallbackRules, s: &Stage, attempts: &[Checked], now: Instant) -> Instant {
    let calls: Vec<Instant> = attempts
        .iter()
        .filter(|a| a.channel == CallbackChannel::Phone)
        .map(|a| a.at)
        .collect();
    let mut t = now;
    if let Some(last) = calls.last() {
        let gap = *last + Duration::minutes(i64::from(s.min_gap_minutes));
        if gap > t {
            t = gap;
        }
    }
    for _ in 0..10 {
        if let Some(w) = rules.phone_window {
            t = sms::fit(w, t);
        }
        let day = t.date_naive();
        let on_day = calls.iter().filter(|c| c.date_naive() == day).count() as u32;
        if on_day < s.max_per_day {
            break;
        }
        let start = rules.phone_window.map_or(0, |w| w.start);
        t = (day + Duration::days(1))
            .and_hms_opt(start / 60, start % 60, 0)
            .and_then(|d| d.and_local_timezone(shanghai()).single())
            .unwrap_or(t);
    }
    t
}
