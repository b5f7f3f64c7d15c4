//! The mainland working-day calendar (domain brief §7): public holidays and adjusted working days
//! (调休) per year as rule-pack data (`pkg-config/calendar/<year>.json`, one file per year, so a bank
//! adds a year by adding a file). The callback plan built on it is the `callbacks` capability,
//! which reads this calendar through `crate::time::WorkingDays`.
//!
//! Working day := (Monday–Friday and not listed as a day off) or listed as an adjusted working day.
//! A date in a year the pack does not cover is never guessed: every function returns the error
//! `calendar.year_not_covered` instead — also when a walk crosses into such a year.

pub mod api;

use crate::ctx::Ctx;
use crate::error::Error;
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::loader::{invalid, Loader};
use crate::time::{iso as ymd, parse_date};
use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;

/// Most working days `addWorkingDays` counts in one call.
pub const MAX_WORKING_DAYS: i64 = 366;
/// Widest span `workingDaysBetween` counts, in calendar days.
pub const MAX_SPAN_DAYS: i64 = 3660;
/// Most years one pack may hold (files under `calendar/`).
pub const MAX_YEARS: usize = 50;
/// Most holidays in one year file, and most dates in one holiday's `off` or `work` list.
pub const MAX_HOLIDAYS: usize = 20;
pub const MAX_DATES: usize = 20;

/// A covered year as declared in `calendar/<year>.json`:
///
/// ```json
/// { "year": 2026, "source": "…§7…", "notice": ["https://www.gov.cn/…"],
///   "holidays": [ { "name": { "zh-CN": "春节", "en": "Spring Festival" },
///                   "off": ["2026-02-15", …], "work": ["2026-02-14", "2026-02-28"] } ] }
/// ```
/// `off` lists the days off of the holiday (weekends inside the break included), `work` the
/// weekend days made working days for it (调休上班). Days not listed follow the ordinary rule.
#[derive(Debug, Clone, PartialEq, WriteJson)]
pub struct YearInfo {
    pub year: i32,
    /// Where the arrangement comes from (domain brief section, State Council notice).
    pub source: String,
    /// Address(es) of the official notice(s).
    pub notice: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Listed {
    off: bool,
    /// Index into `Calendar::names`.
    name: usize,
}

/// The loaded calendar: covered years and every listed day.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    years: Vec<YearInfo>,
    /// Sorted by date, no duplicates.
    days: Vec<(NaiveDate, Listed)>,
    names: Vec<Text>,
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum DayKind {
    /// Monday–Friday, not a holiday.
    Workday,
    /// Saturday or Sunday, not listed.
    Weekend,
    /// A listed day off (public holiday, or a weekday made free by the arrangement).
    Holiday,
    /// A weekend day listed as a working day (调休上班).
    AdjustedWorkday,
}

impl DayKind {
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::AdjustedWorkday)
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    /// Load `calendar/*.json`, validating every date and name.
    pub fn load(loader: &Loader) -> Result<Calendar, Error> {
        let files = loader.raw_dir("calendar");
        if files.is_empty() {
            return Err(Error::new(
                "rule_pack.missing_file",
                "the calendar needs at least one year file",
            )
            .in_file("calendar/<year>.json"));
        }
        if files.len() > MAX_YEARS {
            return Err(invalid(
                "calendar",
                "",
                format!("at most {MAX_YEARS} year files"),
            ));
        }
        let mut cal = Calendar {
            years: Vec::new(),
            days: Vec::new(),
            names: Vec::new(),
        };
        // Files come in path order, so years arrive ascending; days are inserted in date order.
        for (file, value) in &files {
            cal.load_year(file, value)?;
        }
        Ok(cal)
    }

    fn load_year(&mut self, file: &str, v: &Value) -> Result<(), Error> {
        let year = Reader::read(Some(file), v, |o| self.read_year(file, o))?;
        self.years.push(year);
        Ok(())
    }

    /// One year file, read with the shared reader: its days are inserted as they are read (a
    /// problem anywhere fails the whole pack, so a half-read year is never kept).
    fn read_year(&mut self, file: &str, o: &Obj) -> YearInfo {
        o.fields(&["year", "source", "notice", "holidays"], &[]);
        let year = o.int_in("year", 1990, 2200) as i32;
        if file != format!("calendar/{year}.json") {
            o.fail(
                "year",
                "a year file is named calendar/<year>.json after the year it holds",
            );
        }
        if self.covers(year) {
            o.fail("year", "year already defined by another file");
        }
        let source = o.str("source");
        if source.trim().is_empty() {
            o.fail("source", "cite where the arrangement comes from");
        }
        o.at_most("notice", 10);
        let mut notice = Vec::new();
        for (path, n) in o.items("notice") {
            match n.as_str() {
                Some(n) if !n.trim().is_empty() && n.len() <= 300 => notice.push(n.to_string()),
                _ => o.fail_at(path, "a notice is 1 to 300 characters"),
            }
        }
        if notice.is_empty() {
            o.fail("notice", "list the official notice(s)");
        }
        o.at_most("holidays", MAX_HOLIDAYS);
        let mut any_off = false;
        for h in o.objs("holidays") {
            h.fields(&["name", "off"], &["work"]);
            self.names.push(name(&h));
            let name = self.names.len() - 1;
            for (key, off) in [("off", true), ("work", false)] {
                h.at_most(key, MAX_DATES);
                for (path, dv) in h.items(key) {
                    any_off |= off;
                    self.list_day(year, off, name, (o, path), dv);
                }
            }
        }
        if !any_off {
            // Every year has public holidays: an empty list is a placeholder, and a placeholder
            // would make the calendar guess.
            o.fail("holidays", "a year lists at least one day off");
        }
        YearInfo {
            year,
            source,
            notice,
        }
    }

    /// One date of a holiday's `off` or `work` list: a real date of the file's year, a weekend
    /// day when it is made a working day, listed once.
    fn list_day(
        &mut self,
        year: i32,
        off: bool,
        name: usize,
        (o, path): (&Obj, String),
        v: &Value,
    ) {
        let Some(date) = v.as_str().filter(|s| s.len() <= 32).and_then(parse_date) else {
            return o.fail_at(path, "expected a real date YYYY-MM-DD");
        };
        if date.year() != year {
            return o.fail_at(path, "date is outside the file's year");
        }
        if !off && !is_weekend(date) {
            return o.fail_at(
                path,
                "an adjusted working day falls on a Saturday or Sunday",
            );
        }
        match self.days.binary_search_by_key(&date, |d| d.0) {
            Ok(_) => o.fail_at(path, "date listed twice"),
            Err(at) => self.days.insert(at, (date, Listed { off, name })),
        }
    }

    /// The covered years, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().map(|y| y.year)
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.iter().any(|y| y.year == year)
    }

    /// Source and notice of a covered year.
    pub fn year(&self, year: i32) -> Option<&YearInfo> {
        self.years.iter().find(|y| y.year == year)
    }

    /// Error unless `date`'s year is covered.
    pub fn require(&self, date: NaiveDate) -> Result<(), Error> {
        if self.covers(date.year()) {
            Ok(())
        } else {
            Err(year_not_covered(date.year(), self))
        }
    }

    fn listed(&self, date: NaiveDate) -> Option<Listed> {
        self.days
            .binary_search_by_key(&date, |d| d.0)
            .ok()
            .and_then(|i| self.days.get(i))
            .map(|d| d.1)
    }

    /// The holiday name of a listed day.
    pub fn name_of(&self, date: NaiveDate) -> Option<&Text> {
        self.listed(date).and_then(|l| self.names.get(l.name))
    }
}

/// The `name` of a holiday, account type or event: a zh-CN and an en text of 1 to 200 bytes.
fn name(o: &Obj) -> Text {
    let name = o.text("name");
    if !name.is_complete() || name.zh_cn.len() > 200 || name.en.len() > 200 {
        o.fail("name", "needs a zh-CN and an en text of 1 to 200 bytes");
    }
    name
}

/// `calendar.year_not_covered`, naming the year and the covered range (never a full date).
pub fn year_not_covered(year: i32, cal: &Calendar) -> Error {
    let mut covered = String::new();
    for y in cal.years() {
        if !covered.is_empty() {
            covered.push_str(", ");
        }
        covered.push_str(&y.to_string());
    }
    Error::new(
        "calendar.year_not_covered",
        format!("the rule pack's calendar has no data for {year} (covered: {covered})"),
    )
}

/// What kind of day `date` is; an error for a year the pack does not cover.
pub fn day_kind(cal: &Calendar, date: NaiveDate) -> Result<DayKind, Error> {
    cal.require(date)?;
    Ok(match cal.listed(date) {
        Some(Listed { off: true, .. }) => DayKind::Holiday,
        Some(Listed { off: false, .. }) => DayKind::AdjustedWorkday,
        None if is_weekend(date) => DayKind::Weekend,
        None => DayKind::Workday,
    })
}

pub fn is_working_day(cal: &Calendar, date: NaiveDate) -> Result<bool, Error> {
    day_kind(cal, date).map(DayKind::is_working)
}

/// The pack's calendar as the base's `WorkingDays`, for capabilities that compute legal periods
/// (Civil Code Art. 203 roll) without importing this one.
impl crate::time::WorkingDays for Calendar {
    fn is_working(&self, date: NaiveDate) -> Option<bool> {
        is_working_day(self, date).ok()
    }
}

fn next(date: NaiveDate) -> Result<NaiveDate, Error> {
    date.succ_opt()
        .ok_or_else(|| Error::argument("date out of range"))
}

fn prev(date: NaiveDate) -> Result<NaiveDate, Error> {
    date.pred_opt()
        .ok_or_else(|| Error::argument("date out of range"))
}

/// The `n`-th working day after `date`, counting from the day after `date` (as spreadsheet
/// WORKDAY does). `n = 0` returns `date` itself, unchanged, whether or not it is a working day.
/// `date`'s year and every year the walk enters must be covered. `n` is 0 to `MAX_WORKING_DAYS`.
pub fn add_working_days(cal: &Calendar, date: NaiveDate, n: u32) -> Result<NaiveDate, Error> {
    if i64::from(n) > MAX_WORKING_DAYS {
        return Err(
            Error::argument(format!("days must be 0 to {MAX_WORKING_DAYS}")).at_path("days"),
        );
    }
    cal.require(date)?;
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d = next(d)?;
        if is_working_day(cal, d)? {
            left -= 1;
        }
    }
    Ok(d)
}

/// `date` if it is a working day, else the next one after it.
pub fn working_day_on_or_after(cal: &Calendar, date: NaiveDate) -> Result<NaiveDate, Error> {
    let mut d = date;
    // A year has far fewer than 60 consecutive days off; the bound only guards a broken pack.
    for _ in 0..60 {
        if is_working_day(cal, d)? {
            return Ok(d);
        }
        d = next(d)?;
    }
    Err(Error::new(
        "calendar.no_working_day",
        "no working day within 60 days",
    ))
}

/// `date` if it is a working day, else the last one before it.
pub fn working_day_on_or_before(cal: &Calendar, date: NaiveDate) -> Result<NaiveDate, Error> {
    let mut d = date;
    for _ in 0..60 {
        if is_working_day(cal, d)? {
            return Ok(d);
        }
        d = prev(d)?;
    }
    Err(Error::new(
        "calendar.no_working_day",
        "no working day within 60 days",
    ))
}

/// Working days in `(from, to]` — so that `working_days_between(d, add_working_days(d, n)) == n`.
/// Negative when `to` is before `from` (minus the working days in `(to, from]`). Every year from
/// one date to the other must be covered; the span is at most `MAX_SPAN_DAYS`.
pub fn working_days_between(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> Result<i64, Error> {
    let (lo, hi, sign) = if from <= to {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    if (hi - lo).num_days() > MAX_SPAN_DAYS {
        return Err(Error::argument(format!(
            "the two dates are at most {MAX_SPAN_DAYS} days apart"
        ))
        .at_path("to"));
    }
    cal.require(lo)?;
    cal.require(hi)?;
    let mut count = 0i64;
    let mut d = lo;
    while d < hi {
        d = next(d)?;
        if is_working_day(cal, d)? {
            count += 1;
        }
    }
    Ok(sign * count)
}

// ---- desk methods (JSON in/out through `api`) ----

/// Input of `addWorkingDays` (read by `parse_add_input`).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AddWorkingDaysInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 0 to 366; 0 returns `date` unchanged.
    pub days: i64,
}

/// Input of `workingDaysBetween` (read by `parse_between_input`).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct BetweenInput {
    pub from: String,
    pub to: String,
}

/// Result of `isWorkingDay`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DayInfo {
    pub date: String,
    pub working_day: bool,
    pub kind: DayKind,
    /// The holiday a listed day belongs to, in the desk's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub holiday: Option<String>,
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    pub weekday: u32,
}

/// Result of `addWorkingDays`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AddedDays {
    pub from: String,
    pub days: i64,
    /// The resulting date.
    pub date: String,
    /// Calendar days from `from` to `date`.
    pub calendar_days: i64,
    /// The resulting date, described.
    pub day: DayInfo,
}

/// Result of `workingDaysBetween`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Between {
    pub from: String,
    pub to: String,
    /// Working days in `(from, to]`; negative when `to` is before `from`.
    pub working_days: i64,
    pub calendar_days: i64,
}

/// Parse a `YYYY-MM-DD` argument, naming `field` on failure.
pub fn date_arg(s: &str, field: &str) -> Result<NaiveDate, Error> {
    Some(s)
        .filter(|s| s.len() <= 32)
        .and_then(parse_date)
        .ok_or_else(|| Error::argument("expected a real date YYYY-MM-DD").at_path(field))
}

/// The JSON argument of `isWorkingDay`: a date string.
pub fn parse_date_input(v: &Value) -> Result<String, Error> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::argument("isWorkingDay: expected a date string YYYY-MM-DD"))
}

/// The JSON argument of `addWorkingDays`: `{ date, days }`.
pub fn parse_add_input(v: &Value) -> Result<AddWorkingDaysInput, Error> {
    Reader::read(None, v, |o| {
        o.fields(&["date", "days"], &[]);
        AddWorkingDaysInput {
            date: o.str("date"),
            days: o.int_in("days", 0, MAX_WORKING_DAYS),
        }
    })
}

/// The JSON argument of `workingDaysBetween`: `{ from, to }`.
pub fn parse_between_input(v: &Value) -> Result<BetweenInput, Error> {
    Reader::read(None, v, |o| {
        o.fields(&["from", "to"], &[]);
        BetweenInput {
            from: o.str("from"),
            to: o.str("to"),
        }
    })
}

fn at(e: Error, field: &str) -> Error {
    if e.path.is_none() && e.code == "calendar.year_not_covered" {
        e.at_path(field)
    } else {
        e
    }
}

fn day_info(ctx: &Ctx, cal: &Calendar, date: NaiveDate) -> Result<DayInfo, Error> {
    let kind = day_kind(cal, date)?;
    Ok(DayInfo {
        date: ymd(date),
        working_day: kind.is_working(),
        kind,
        holiday: cal.name_of(date).map(|t| t.get(ctx.locale()).to_string()),
        weekday: date.weekday().number_from_monday(),
    })
}

/// `isWorkingDay(date)`.
pub fn describe_day(ctx: &Ctx, cal: &Calendar, date: &str) -> Result<DayInfo, Error> {
    let d = date_arg(date, "date")?;
    day_info(ctx, cal, d).map_err(|e| at(e, "date"))
}

/// `addWorkingDays(date, days)`.
pub fn add_days(
    ctx: &Ctx,
    cal: &Calendar,
    input: &AddWorkingDaysInput,
) -> Result<AddedDays, Error> {
    let from = date_arg(&input.date, "date")?;
    let n = u32::try_from(input.days)
        .ok()
        .filter(|n| i64::from(*n) <= MAX_WORKING_DAYS)
        .ok_or_else(|| {
            Error::argument(format!("days must be 0 to {MAX_WORKING_DAYS}")).at_path("days")
        })?;
    let to = add_working_days(cal, from, n).map_err(|e| at(e, "date"))?;
    Ok(AddedDays {
        from: ymd(from),
        days: input.days,
        date: ymd(to),
        calendar_days: (to - from).num_days(),
        day: day_info(ctx, cal, to)?,
    })
}

/// `workingDaysBetween(from, to)`.
pub fn between(cal: &Calendar, input: &BetweenInput) -> Result<Between, Error> {
    let from = date_arg(&input.from, "from")?;
    let to = date_arg(&input.to, "to")?;
    let n = working_days_between(cal, from, to)?;
    Ok(Between {
        from: ymd(from),
        to: ymd(to),
        working_days: n,
        calendar_days: (to - from).num_days(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use crate::loader::{disk_files, files, Files};
    use proptest::prelude::*;
    use serde_json::json;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    /// The calendar alone, from the default pack's calendar files (the real arrangements).
    fn load(files: &Files) -> Result<Calendar, Error> {
        Calendar::load(&Loader::new(files))
    }

    fn cal() -> Calendar {
        load(&disk_files()).unwrap()
    }

    /// A small calendar: one year with one holiday and one adjusted working day.
    const YEAR_2030: &str = r#"{ "year": 2030, "source": "test", "notice": ["n"],
        "holidays": [{ "name": { "zh-CN": "国庆节", "en": "National Day" },
                       "off": ["2030-10-01", "2030-10-02"], "work": ["2030-10-12"] }] }"#;

    #[test]
    fn a_small_calendar_from_inline_files() {
        let f = files(&[("calendar/2030.json", YEAR_2030)]);
        let c = load(&f).unwrap();
        assert_eq!(c.years().collect::<Vec<_>>(), vec![2030]);
        // Mon 2030-09-30 + 1: Oct 1 and 2 are off, Oct 3 is a Thursday.
        assert_eq!(
            add_working_days(&c, d("2030-09-30"), 1).unwrap(),
            d("2030-10-03")
        );
        assert_eq!(
            day_kind(&c, d("2030-10-12")).unwrap(),
            DayKind::AdjustedWorkday
        );
        let ctx = test_ctx("2030-10-08T10:00:00+08:00", Locale::En);
        let day = describe_day(&ctx, &c, "2030-10-01").unwrap();
        assert_eq!(day.holiday.as_deref(), Some("National Day"));
        let zh = describe_day(&ctx.in_locale(Locale::ZhCn), &c, "2030-10-01").unwrap();
        assert_eq!(zh.holiday.as_deref(), Some("国庆节"));
        assert_eq!(
            describe_day(&ctx, &c, "2031-01-02")
                .unwrap_err()
                .path
                .as_deref(),
            Some("date")
        );
        // A year file must be named after its year; an unknown key is named.
        let bad = files(&[("calendar/2031.json", YEAR_2030)]);
        assert_eq!(load(&bad).unwrap_err().path.as_deref(), Some("year"));
    }

    #[test]
    fn kinds_of_days() {
        let c = &cal();
        assert_eq!(day_kind(c, d("2026-10-01")).unwrap(), DayKind::Holiday);
        assert_eq!(
            day_kind(c, d("2026-10-10")).unwrap(),
            DayKind::AdjustedWorkday
        );
        assert_eq!(day_kind(c, d("2026-11-21")).unwrap(), DayKind::Weekend);
        assert_eq!(day_kind(c, d("2026-11-23")).unwrap(), DayKind::Workday);
        assert_eq!(
            day_kind(c, d("2027-01-04")).unwrap_err().code,
            "calendar.year_not_covered"
        );
        assert_eq!(
            day_kind(c, d("2023-12-29")).unwrap_err().code,
            "calendar.year_not_covered"
        );
    }

    #[test]
    fn adding_across_holidays_and_years() {
        let c = &cal();
        // National Day 2026: Sep 30 (Wed) + 1 → Oct 8 (Thu); Oct 1–7 are off.
        assert_eq!(
            add_working_days(c, d("2026-09-30"), 1).unwrap(),
            d("2026-10-08")
        );
        // Sat Oct 10 is an adjusted working day.
        assert_eq!(
            add_working_days(c, d("2026-10-09"), 1).unwrap(),
            d("2026-10-10")
        );
        assert_eq!(
            add_working_days(c, d("2024-12-31"), 1).unwrap(),
            d("2025-01-02")
        );
        assert_eq!(
            add_working_days(c, d("2026-12-30"), 1).unwrap(),
            d("2026-12-31")
        );
        assert_eq!(
            add_working_days(c, d("2026-12-31"), 1).unwrap_err().code,
            "calendar.year_not_covered"
        );
        assert_eq!(
            add_working_days(c, d("2026-12-31"), 0).unwrap(),
            d("2026-12-31")
        );
        assert_eq!(
            add_working_days(c, d("2026-10-03"), 0).unwrap(),
            d("2026-10-03")
        );
        assert_eq!(
            add_working_days(c, d("2026-01-01"), 367).unwrap_err().code,
            "argument.invalid"
        );
    }

    #[test]
    fn between_matches_adding() {
        let c = &cal();
        assert_eq!(
            working_days_between(c, d("2026-09-30"), d("2026-10-08")).unwrap(),
            1
        );
        assert_eq!(
            working_days_between(c, d("2026-10-08"), d("2026-09-30")).unwrap(),
            -1
        );
        assert_eq!(
            working_days_between(c, d("2026-10-08"), d("2026-10-08")).unwrap(),
            0
        );
        let n = working_days_between(c, d("2024-12-31"), d("2025-12-31")).unwrap();
        let by_walk = (1..=365)
            .filter(|i| is_working_day(c, d("2024-12-31") + chrono::Days::new(*i)).unwrap())
            .count();
        assert_eq!(n as usize, by_walk);
    }

    #[test]
    fn yearly_working_day_totals() {
        // Counted by hand from the notices: weekdays − holidays on weekdays + adjusted working days.
        // 2024: 262 − 19 + 8 = 251; 2025: 261 − 18 + 5 = 248; 2026: 261 − 19 + 6 = 248.
        // 1 January is a holiday every year, so (1 Jan, 31 Dec] counts the whole year.
        let c = &cal();
        assert_eq!(
            working_days_between(c, d("2024-01-01"), d("2024-12-31")).unwrap(),
            251
        );
        assert_eq!(
            working_days_between(c, d("2025-01-01"), d("2025-12-31")).unwrap(),
            248
        );
        assert_eq!(
            working_days_between(c, d("2026-01-01"), d("2026-12-31")).unwrap(),
            248
        );
    }

    fn with_year(mutate: impl FnOnce(&mut serde_json::Value)) -> Error {
        let mut files = disk_files();
        mutate(files.get_mut("calendar/2025.json").unwrap());
        load(&files).unwrap_err()
    }

    #[test]
    fn bad_year_files_are_refused_naming_file_and_field() {
        // 2025.json: holidays[1] is the Spring Festival (off 28 Jan–4 Feb, work 26 Jan and 8 Feb).
        let e = with_year(|v| v["holidays"][1]["off"][3] = json!("2025-02-30"));
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (Some("calendar/2025.json"), Some("holidays[1].off[3]"))
        );
        let e = with_year(|v| v["holidays"][1]["off"][3] = json!("2024-02-03"));
        assert!(e.message.contains("outside"), "{e}");
        let e = with_year(|v| v["holidays"][1]["off"][3] = v["holidays"][1]["off"][2].clone());
        assert!(e.message.contains("twice"), "{e}");
        let e = with_year(|v| v["holidays"][0]["name"]["en"] = json!(" "));
        assert_eq!(e.path.as_deref(), Some("holidays[0].name"));
        let e = with_year(|v| v["year"] = json!(2027));
        assert_eq!(e.path.as_deref(), Some("year"));
        // 2025-01-27 is a Monday: it cannot be an adjusted working day.
        let e = with_year(|v| v["holidays"][1]["work"][0] = json!("2025-01-27"));
        assert_eq!(e.path.as_deref(), Some("holidays[1].work[0]"));
        let e = with_year(|v| v["holidays"] = json!([]));
        assert_eq!(e.path.as_deref(), Some("holidays"));
        let e = with_year(|v| v["holidays"][0]["colour"] = json!("red"));
        assert_eq!(
            (e.code.as_str(), e.path.as_deref()),
            ("rule_pack.invalid", Some("holidays[0].colour"))
        );
        let e = with_year(|v| v["notice"] = json!([]));
        assert_eq!(e.path.as_deref(), Some("notice"));
    }

    #[test]
    fn a_bank_adds_a_year_by_adding_a_file() {
        let mut files = disk_files();
        files.insert(
            "calendar/2027.json".into(),
            json!({ "year": 2027, "source": "test", "notice": ["n"],
                    "holidays": [{ "name": { "zh-CN": "元旦", "en": "New Year's Day" }, "off": ["2027-01-01"] }] }),
        );
        let c = &load(&files).unwrap();
        assert_eq!(
            add_working_days(c, d("2026-12-31"), 1).unwrap(),
            d("2027-01-04")
        );
        assert_eq!(c.years().collect::<Vec<_>>(), vec![2024, 2025, 2026, 2027]);
    }

    #[test]
    fn arguments_are_read_strictly() {
        let e = parse_add_input(&json!({ "date": "2026-11-23", "days": 1, "skip": "weekends" }))
            .unwrap_err();
        assert_eq!(e.code, "argument.invalid");
        assert!(
            !e.message.contains("skip") && !e.message.contains("weekends"),
            "{e}"
        );
        assert_eq!(
            parse_add_input(&json!({ "date": "2026-11-23" }))
                .unwrap_err()
                .path
                .as_deref(),
            Some("days")
        );
        assert_eq!(
            parse_add_input(&json!({ "date": 20261123, "days": 1 }))
                .unwrap_err()
                .path
                .as_deref(),
            Some("date")
        );
        assert_eq!(
            parse_between_input(&json!(["2026-01-01"]))
                .unwrap_err()
                .code,
            "argument.invalid"
        );
        assert_eq!(
            parse_date_input(&json!(null)).unwrap_err().code,
            "argument.invalid"
        );
    }

    proptest! {
        #[test]
        fn lands_on_working_day_and_is_monotone(offset in 0i64..1096, n in 1u32..120) {
            let c = &cal();
            let start = d("2024-01-01") + chrono::Duration::days(offset);
            match (add_working_days(c, start, n), add_working_days(c, start, n + 1)) {
                (Ok(a), Ok(b)) => {
                    prop_assert!(is_working_day(c, a).unwrap());
                    prop_assert!(a > start && b > a);
                    prop_assert_eq!(working_days_between(c, start, a).unwrap(), i64::from(n));
                    // No working day is skipped between consecutive results.
                    prop_assert_eq!(working_days_between(c, a, b).unwrap(), 1);
                }
                (Err(e), _) | (_, Err(e)) => {
                    prop_assert_eq!(e.code.as_str(), "calendar.year_not_covered");
                    prop_assert!(start.year() == 2026);
                }
            }
        }
    }
}
