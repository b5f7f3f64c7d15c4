//! SMS discipline (seed §五.2: 注意控制短信发送时间和频率，避免在客户休息时间或短时间内多次发送): the
//! sending window and the caps per customer (`callbacks.json` `contactWindows.sms`, `smsCaps`).
//! `next_allowed` answers when the next callback or reminder text to one customer may go.

use super::{SmsPolicy, Window};
use crate::error::Error;
use crate::jsonout::WriteJson;
use crate::time::{rfc3339, shanghai};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime};

/// Most earlier sends one answer looks at.
pub const MAX_SENT: usize = 50;

/// Why a text cannot go at the time asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Blocked {
    RestHours,
    DailyCap,
    RollingCap,
}

/// The sending window as `HH:MM` texts.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WindowText {
    pub start: String,
    pub end: String,
}

/// When the next text may go.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SendAdvice {
    pub allowed_now: bool,
    /// RFC 3339, +08:00.
    pub next_allowed_at: String,
    /// The first rule that moved the time (`null` when it may go now).
    pub blocked_by: Option<Blocked>,
    pub window: WindowText,
    /// The caps that applied, for the texts (`maxPerDay`, rolling count and days).
    #[serde(skip)]
    pub caps: (u32, u32, u32),
}

type Instant = DateTime<FixedOffset>;

fn at_minute(t: Instant, day_offset: i64, minutes: u32) -> Instant {
    let day = t.date_naive() + Duration::days(day_offset);
    let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default();
    day.and_time(time)
        .and_local_timezone(shanghai())
        .single()
        .unwrap_or(t)
}

/// `t` moved into the window `[start, end)`: before it → the same day's start; at or after its end
/// → the next day's start.
pub fn fit(w: Window, t: Instant) -> Instant {
    use chrono::Timelike;
    let t = t.with_timezone(&shanghai());
    let m = t.hour() * 60 + t.minute();
    if m < w.start {
        at_minute(t, 0, w.start)
    } else if m >= w.end {
        at_minute(t, 1, w.start)
    } else {
        t
    }
}

/// The earliest time at or after `at` a text to this customer may go, given the texts already sent
/// (`sent`, none after `at`).
pub fn next_allowed(p: &SmsPolicy, at: Instant, sent: &[Instant]) -> SendAdvice {
    let at = at.with_timezone(&shanghai());
    let mut t = at;
    let mut blocked = None;
    let note = |b: Blocked, blocked: &mut Option<Blocked>| {
        if blocked.is_none() {
            *blocked = Some(b);
        }
    };
    let span = Duration::days(i64::from(p.rolling_days));
    for _ in 0..10 {
        let fitted = fit(p.window, t);
        if fitted != t {
            note(Blocked::RestHours, &mut blocked);
            t = fitted;
        }
        let day = t.date_naive();
        let today = sent
            .iter()
            .filter(|s| s.with_timezone(&shanghai()).date_naive() == day)
            .count();
        if today as u32 >= p.max_per_day {
            note(Blocked::DailyCap, &mut blocked);
            t = at_minute(t, 1, p.window.start);
            continue;
        }
        let mut recent: Vec<Instant> = sent
            .iter()
            .copied()
            .filter(|s| *s > t - span && *s <= t)
            .collect();
        if recent.len() as u32 >= p.rolling_count {
            recent.sort_unstable_by(|a, b| b.cmp(a));
            note(Blocked::RollingCap, &mut blocked);
            if let Some(nth) = recent.get(p.rolling_count as usize - 1) {
                t = *nth + span;
            }
            continue;
        }
        break;
    }
    SendAdvice {
        allowed_now: t == at,
        next_allowed_at: rfc3339(t),
        blocked_by: if t == at { None } else { blocked },
        window: WindowText {
            start: Window::hhmm(p.window.start),
            end: Window::hhmm(p.window.end),
        },
        caps: (p.max_per_day, p.rolling_count, p.rolling_days),
    }
}

/// Read `sentAt` times: at most `MAX_SENT`, none after `at`.
pub fn read_sent(sent: &[String], at: Instant, path: &str) -> Result<Vec<Instant>, Error> {
    if sent.len() > MAX_SENT {
        return Err(Error::new(
            "argument.too_large",
            format!("at most {MAX_SENT} earlier texts"),
        )
        .at_path(path));
    }
    let mut out = Vec::with_capacity(sent.len());
    for (i, s) in sent.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let t = crate::time::parse_instant(s, &p)?;
        if t > at {
            return Err(Error::argument("a text sent after the time asked about").at_path(p));
        }
        out.push(t);
    }
    Ok(out)
}

/// The info finding that says why a text cannot go now (`None` when it can).
pub fn finding(
    ctx: &crate::ctx::Ctx,
    a: &SendAdvice,
    field: &str,
) -> Option<crate::finding::Finding> {
    use crate::finding::Severity;
    use crate::params;
    let next = crate::time::parse_instant(&a.next_allowed_at, "")
        .map(super::display_time)
        .unwrap_or_default();
    let next = next.as_str();
    Some(match a.blocked_by? {
        Blocked::RestHours => ctx.finding(
            Severity::Info,
            "callback.sms_rest_hours",
            field,
            params![
                ("start", a.window.start.as_str()),
                ("end", a.window.end.as_str()),
                ("nextAllowedAt", next)
            ],
        ),
        Blocked::DailyCap => ctx.finding(
            Severity::Info,
            "callback.sms_daily_cap",
            field,
            params![("max", a.caps.0), ("nextAllowedAt", next)],
        ),
        Blocked::RollingCap => ctx.finding(
            Severity::Info,
            "callback.sms_rolling_cap",
            field,
            params![
                ("count", a.caps.1),
                ("days", a.caps.2),
                ("nextAllowedAt", next)
            ],
        ),
    })
}
