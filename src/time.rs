//! Time without a clock. The host passes "now"; every day and year window is taken in
//! Asia/Shanghai, a fixed +08:00 offset (mainland China has had no daylight saving since 1991).

use crate::error::Error;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

/// Seconds east of UTC for Asia/Shanghai.
pub const SHANGHAI_OFFSET_SECS: i32 = 8 * 3600;

pub fn shanghai() -> FixedOffset {
    // A constant within chrono's ±24 h range: not reachable from input.
    FixedOffset::east_opt(SHANGHAI_OFFSET_SECS).expect("+08:00 is a valid offset")
}

/// Parse an RFC 3339 timestamp with an offset (e.g. `2026-11-23T09:30:00+08:00` or `…Z`) and
/// express it in Shanghai time.
pub fn parse_instant(s: &str, field: &str) -> Result<DateTime<FixedOffset>, Error> {
    if s.len() > 64 {
        return Err(
            Error::new("argument.too_long", "timestamp longer than 64 characters").at_path(field),
        );
    }
    read_rfc3339(s.trim())
        .map(|t| t.with_timezone(&shanghai()))
        .ok_or(())
        .map_err(|_| {
            Error::argument(
                "expected an RFC 3339 timestamp with offset, e.g. 2026-11-23T09:30:00+08:00",
            )
            .at_path(field)
        })
}

/// RFC 3339 as chrono's `DateTime::parse_from_rfc3339` reads it (its rules, step by step, without
/// its parsing module — ~1.5 KB gzip of every package): `YYYY-MM-DD`, `T`/`t`/space, `HH:MM:SS`
/// (second 60 is a leap second), an optional `.` and one or more fraction digits (the first nine
/// count), then `Z`/`z` or a sign (`+`, `-` or U+2212) with `HH:MM` (minutes 00–59, the offset
/// under 24 h), and nothing after.
pub fn read_rfc3339(s: &str) -> Option<DateTime<FixedOffset>> {
    use chrono::{NaiveTime, TimeZone};
    let b = s.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let (h, l) = (*b.get(i)?, *b.get(i + 1)?);
        (h.is_ascii_digit() && l.is_ascii_digit())
            .then(|| u32::from(h - b'0') * 10 + u32::from(l - b'0'))
    };
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = two(0)? * 100 + two(2)?;
    let date = NaiveDate::from_ymd_opt(year as i32, two(5)?, two(8)?)?;
    let (hour, min, mut sec) = (two(11)?, two(14)?, two(17)?);
    let mut nano = 0u32;
    if sec == 60 {
        (sec, nano) = (59, 1_000_000_000);
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        let mut frac = 0u32;
        while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            if i - start < 9 {
                frac = frac * 10 + u32::from(d - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..9 {
            frac *= 10;
        }
        nano += frac;
    }
    let time = NaiveTime::from_hms_nano_opt(hour, min, sec, nano)?;
    let rest = &s[i..];
    let offset = if rest == "Z" || rest == "z" {
        0
    } else {
        let (negative, hm) = if let Some(r) = rest.strip_prefix('+') {
            (false, r)
        } else if let Some(r) = rest.strip_prefix(['-', '\u{2212}']) {
            (true, r)
        } else {
            return None;
        };
        let h = hm.as_bytes();
        if h.len() != 5
            || !h[0].is_ascii_digit()
            || !h[1].is_ascii_digit()
            || h[2] != b':'
            || !(b'0'..=b'5').contains(&h[3])
            || !h[4].is_ascii_digit()
        {
            return None;
        }
        let secs = i32::from(h[0] - b'0') * 36000
            + i32::from(h[1] - b'0') * 3600
            + i32::from(h[3] - b'0') * 600
            + i32::from(h[4] - b'0') * 60;
        if negative {
            -secs
        } else {
            secs
        }
    };
    FixedOffset::east_opt(offset)?
        .from_local_datetime(&date.and_time(time))
        .single()
}

/// Parse a calendar date `YYYY-MM-DD`. Returns `None` on any malformed or impossible date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&s[0..4])?;
    let m = digits(&s[5..7])?;
    let d = digits(&s[8..10])?;
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Parse `YYYYMMDD` (as embedded in ID numbers).
pub fn parse_compact_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 {
        return None;
    }
    let y = digits(s.get(0..4)?)?;
    let m = digits(s.get(4..6)?)?;
    let d = digits(s.get(6..8)?)?;
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// An unsigned decimal made only of ASCII digits (no sign, no spaces), at most 9 digits.
pub fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Whole years from `birth` to `on` (the birthday counts on the day itself; 29 February birthdays
/// count on 1 March in common years).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// `date` plus `years` calendar years; 29 February maps to 28 February in a common year.
pub fn add_years(date: NaiveDate, years: i32) -> Option<NaiveDate> {
    let y = date.year().checked_add(years)?;
    NaiveDate::from_ymd_opt(y, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, date.month(), 28))
}

/// `YYYY-MM-DD` (written by hand: chrono's strftime machinery costs kilobytes of WASM).
pub fn iso(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// RFC 3339 in +08:00 to the second, e.g. `2026-11-23T09:30:00+08:00`.
pub fn rfc3339(t: DateTime<FixedOffset>) -> String {
    use chrono::Timelike;
    let t = t.with_timezone(&shanghai());
    format!(
        "{}T{:02}:{:02}:{:02}+08:00",
        iso(t.date_naive()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod rfc3339_tests {
    use super::read_rfc3339;
    use chrono::DateTime;

    #[test]
    fn reads_exactly_what_chrono_reads() {
        let samples = [
            "2026-11-23T09:30:00+08:00",
            "2026-11-23T09:30:00Z",
            "2026-11-23t09:30:00z",
            "2026-11-23 09:30:00-05:30",
            "2026-11-23T09:30:00\u{2212}05:30",
            "2026-11-23T09:30:00.5+08:00",
            "2026-11-23T09:30:00.123456789+08:00",
            "2026-11-23T09:30:00.1234567891234+08:00",
            "2026-11-23T23:59:60Z",
            "2026-11-23T23:59:60.999999999Z",
            "2026-12-31T23:59:59+23:59",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59-23:59",
            "2024-02-29T00:00:00+08:00",
            "2025-02-29T00:00:00+08:00",
            "2026-13-01T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T09:60:00Z",
            "2026-11-23T09:30:61Z",
            "2026-11-23T09:30:00.+08:00",
            "2026-11-23T09:30:00.",
            "2026-11-23T09:30:00",
            "2026-11-23T09:30:00+0800",
            "2026-11-23T09:30:00+08",
            "2026-11-23T09:30:00+08:0",
            "2026-11-23T09:30:00+08:60",
            "2026-11-23T09:30:00+24:00",
            "2026-11-23T09:30:00+99:00",
            "2026-11-23T09:30:00+08:00 ",
            "2026-11-23T09:30:00Zz",
            "2026-11-23T09:30:00UTC",
            "2026-11-23T09:30:00 +08:00",
            "2026-11-23X09:30:00Z",
            "2026/11/23T09:30:00Z",
            "２０２６-11-23T09:30:00Z",
            "2026-11-23T09:30:00+０8:00",
            "26-11-23T09:30:00Z",
            "",
            "2026-11-23",
            "2026-11-23T09:30:00.12a+08:00",
        ];
        for s in samples {
            assert_eq!(
                read_rfc3339(s),
                DateTime::parse_from_rfc3339(s).ok(),
                "{s:?}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instant_is_shanghai() {
        let t = parse_instant("2026-11-22T16:10:00Z", "now").unwrap();
        assert_eq!(
            t.date_naive(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert!(parse_instant("2026-11-23 09:00", "now").is_err());
        assert!(parse_instant("2026-11-23T09:00:00", "now").is_err());
    }

    #[test]
    fn formatting() {
        let t = parse_instant("2026-11-22T16:10:05.123Z", "now").unwrap();
        assert_eq!(rfc3339(t), "2026-11-23T00:10:05+08:00");
        assert_eq!(
            iso(NaiveDate::from_ymd_opt(987, 1, 2).unwrap()),
            "0987-01-02"
        );
    }

    #[test]
    fn dates() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2023-2-01").is_none());
        assert!(parse_date("+023-02-01").is_none());
        assert!(parse_compact_date("19491231").is_some());
        assert!(parse_compact_date("1949123a").is_none());
    }

    #[test]
    fn ages() {
        let b = NaiveDate::from_ymd_opt(2008, 2, 29).unwrap();
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()), 17);
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), 18);
        assert_eq!(add_years(b, 1), NaiveDate::from_ymd_opt(2009, 2, 28));
    }
}

/// Which days are working days: the pack's calendar (statutory holidays, weekends, 调休 working
/// days). `None` for a day the calendar does not cover. A capability that computes a legal
/// period takes one of these from the desk instead of importing the calendar capability.
pub trait WorkingDays {
    fn is_working(&self, date: NaiveDate) -> Option<bool>;
}

/// A period of `days` calendar days from `start` under the Civil Code: the start day is not
/// counted (Art. 201), and a last day that is a statutory holiday or rest day moves to the next
/// working day (Art. 203; weekends as rest days per the pack's calendar). `last` is `None` when
/// the calendar is absent or does not cover a day it must look at (never guessed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub raw_last: NaiveDate,
    pub last: Option<NaiveDate>,
    pub rolled: bool,
}

/// As the `Serialize` derive writes it.
impl crate::jsonout::WriteJson for DeadlineRule {
    fn write_json(&self, out: &mut crate::jsonout::JsonOut) {
        out.open_obj();
        out.field_str("counting", &self.counting);
        out.field("days", &self.days);
        out.field_str("from", &self.from);
        out.field_str("rawLastDay", &self.raw_last_day);
        out.field("lastDay", &self.last_day);
        out.field("rolled", &self.rolled);
        out.field_str("basis", &self.basis);
        out.field_some("deadline", &self.deadline);
        out.close_obj();
    }
}

/// How a date `days` calendar days after `from` was counted (Civil Code Arts. 201, 203), as the
/// answers that carry one show it: a reply date of a limit adjustment, a follow-up's due date.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DeadlineRule {
    /// `calendar_days`.
    pub counting: String,
    pub days: u32,
    /// The day the period starts after (not counted).
    pub from: String,
    pub raw_last_day: String,
    /// The raw last day rolled past rest days; `null` when the pack's calendar does not cover it.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub last_day: Option<String>,
    pub rolled: bool,
    /// `civil_code_203`.
    pub basis: String,
    /// The deadline this period implements (e.g. `consumer_complaint`), where the rule names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub deadline: Option<String>,
}

impl Period {
    /// This period as an answer shows how it was counted, `days` after `from`.
    pub fn rule(&self, from: NaiveDate, days: u32, deadline: Option<String>) -> DeadlineRule {
        DeadlineRule {
            counting: "calendar_days".into(),
            days,
            from: iso(from),
            raw_last_day: iso(self.raw_last),
            last_day: self.last.map(iso),
            rolled: self.rolled,
            basis: "civil_code_203".into(),
            deadline,
        }
    }
}

pub fn civil_period(start: NaiveDate, days: u32, cal: Option<&dyn WorkingDays>) -> Period {
    let raw_last = start
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(start);
    let mut last = None;
    let mut d = raw_last;
    if let Some(cal) = cal {
        // A holiday block is at most a few weeks long: 60 steps bound the walk.
        for _ in 0..60 {
            match cal.is_working(d) {
                Some(true) => {
                    last = Some(d);
                    break;
                }
                Some(false) => match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                },
                None => break,
            }
        }
    }
    Period {
        raw_last,
        last,
        rolled: last.is_some_and(|l| l != raw_last),
    }
}
