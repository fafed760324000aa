//! The date forms a coordinator types (`today`, `+3d`, `friday`, `2026-12-01`,
//! `tomorrow 14:30`) and business-day arithmetic. "Today" is always a parameter.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::Invalid;

/// The first and last calendar dates (local) any date or date-time may name (SPEC §6).
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => panic!("1900-01-01 is a date"),
};
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(date) => date,
    None => panic!("2199-12-31 is a date"),
};
const RANGE_HINT: &str = "give a date from 1900-01-01 to 2199-12-31";

/// Whether a calendar date lies in the range every record keeps to.
pub fn in_range(date: NaiveDate) -> bool {
    (EARLIEST..=LATEST).contains(&date)
}

/// Refuses a date outside 1900-01-01 … 2199-12-31, naming the field.
pub fn check_range(field: &'static str, date: NaiveDate) -> Result<NaiveDate, Invalid> {
    if in_range(date) {
        return Ok(date);
    }
    // The date itself stays out of the message: it may be a client's.
    Err(Invalid::new(
        field,
        format!("the date given for {field} is not between {EARLIEST} and {LATEST}, the dates caseload keeps"),
        RANGE_HINT,
    ))
}

const DATE_HINT: &str = "use YYYY-MM-DD, today, tomorrow, yesterday, +3d, -2d, +2w or a weekday name";
const DATETIME_HINT: &str =
    "use YYYY-MM-DDTHH:MM, YYYY-MM-DD HH:MM, or a date form followed by a time, e.g. \"tomorrow 14:30\"";

/// Parses a calendar date relative to `today`. Weekday names mean the next
/// occurrence after today (so "friday" on a Friday is a week later). The
/// result, however it was reached, lies in 1900-01-01 … 2199-12-31.
pub fn parse_date(field: &'static str, input: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    check_range(field, parse_any_date(field, input, today)?)
}

fn parse_any_date(field: &'static str, input: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let text = input.trim().to_ascii_lowercase();
    let bad = || Invalid::new(field, format!("{:?} is not a date I understand", input.trim()), DATE_HINT);
    match text.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return today.checked_add_signed(Duration::days(1)).ok_or_else(bad),
        "yesterday" => return today.checked_sub_signed(Duration::days(1)).ok_or_else(bad),
        _ => {}
    }
    if let Some(offset) = parse_offset(&text) {
        let days = offset.ok_or_else(bad)?;
        return today.checked_add_signed(Duration::days(days)).ok_or_else(bad);
    }
    if let Some(weekday) = parse_weekday(&text) {
        let ahead = (7 + weekday.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64) % 7;
        return today.checked_add_signed(Duration::days(if ahead == 0 { 7 } else { ahead })).ok_or_else(bad);
    }
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| not_on_the_calendar(field, &text).unwrap_or_else(bad))
}

/// A refusal for text in the YYYY-MM-DD form that names no calendar day
/// (`2026-02-30`, `2026-13-01`): it says what is wrong rather than that the
/// form is not understood. None when the text is not in that form.
fn not_on_the_calendar(field: &'static str, text: &str) -> Option<Invalid> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |part: &str, most: usize| !part.is_empty() && part.len() <= most && part.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || year.len() != 4 || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let (year, month, day): (i32, u32, u32) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    let wrong = |why: String, hint: String| {
        Some(Invalid::new(field, format!("{text} is not a date on the calendar ({why})"), hint))
    };
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return wrong(format!("there is no month {month}"), "months run from 01 to 12: use YYYY-MM-DD".into());
    };
    let last = last_day_of_month(first);
    let month_name = first.format("%B %Y");
    if day == 0 {
        return wrong("days start at 01".into(), format!("days in {month_name} run from 01 to {}", last.day()));
    }
    (NaiveDate::from_ymd_opt(year, month, day).is_none()).then(|| {
        Invalid::new(
            field,
            format!("{text} is not a date on the calendar ({month_name} has {} days)", last.day()),
            format!("the last day of {month_name} is {last}"),
        )
    })
}

/// A refusal for text shaped like a time of day (`24:30`, `9:75`) that names
/// none. None when the text is not in the H:MM or H:MM:SS form.
fn not_a_time_of_day(field: &'static str, text: &str) -> Option<Invalid> {
    let parts: Vec<&str> = text.split(':').collect();
    let well_formed = (2..=3).contains(&parts.len())
        && parts.iter().enumerate().all(|(i, part)| {
            (1..=2).contains(&part.len()) && (i == 0 || part.len() == 2) && part.bytes().all(|b| b.is_ascii_digit())
        });
    if !well_formed {
        return None;
    }
    let numbers: Vec<u32> = parts.iter().filter_map(|part| part.parse().ok()).collect();
    let why = match numbers.as_slice() {
        [hour, ..] if *hour > 23 => "hours run from 00 to 23",
        [_, minute, ..] if *minute > 59 => "minutes run from 00 to 59",
        [_, _, second] if *second > 59 => "seconds run from 00 to 59",
        _ => return None,
    };
    Some(Invalid::new(
        field,
        format!("{text} is not a time of day ({why})"),
        "use a time from 00:00 to 23:59, e.g. 14:30",
    ))
}

/// `+3d`, `-2d`, `+2w`: Some(Some(days)) when well formed, Some(None) when it
/// looks like an offset but is not one, None when it is not an offset at all.
fn parse_offset(text: &str) -> Option<Option<i64>> {
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let body = &text[1..];
    let (number, unit) = body.split_at(body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len()));
    let count: i64 = match number.parse() {
        Ok(n) if n <= 100_000 => n,
        _ => return Some(None),
    };
    let per_unit = match unit {
        "d" | "day" | "days" | "" => 1,
        "w" | "wk" | "week" | "weeks" => 7,
        _ => return Some(None),
    };
    Some(Some(sign * count * per_unit))
}

fn parse_weekday(text: &str) -> Option<Weekday> {
    Some(match text {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// Parses a local date-time relative to the local `now`: `2026-12-01T14:30`,
/// `2026-12-01 14:30[:00]`, or any date form followed by a time (`+3d 9:00`).
/// A bare date form means that day at the current time of day for "today"/"now",
/// otherwise at 09:00. The date lies in 1900-01-01 … 2199-12-31.
pub fn parse_datetime(field: &'static str, input: &str, now: NaiveDateTime) -> Result<NaiveDateTime, Invalid> {
    let at = parse_any_datetime(field, input, now)?;
    check_range(field, at.date())?;
    Ok(at)
}

fn parse_any_datetime(field: &'static str, input: &str, now: NaiveDateTime) -> Result<NaiveDateTime, Invalid> {
    let text = input.trim();
    let bad = || Invalid::new(field, format!("{:?} is not a date and time I understand", text), DATETIME_HINT);
    if text.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(parsed) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(parsed);
        }
    }
    let (date_part, time_part) = match text.rsplit_once(char::is_whitespace) {
        Some((date, time)) if time.contains(':') => (date.trim(), Some(time)),
        // `2026-02-30T14:00`: the ISO form, whose date or time named no real one.
        _ => match text.split_once('T') {
            Some((date, time)) if time.contains(':') => (date, Some(time)),
            _ => (text, None),
        },
    };
    let date = parse_any_date(field, date_part, now.date())
        .map_err(|_| not_on_the_calendar(field, date_part).unwrap_or_else(bad))?;
    let time = match time_part {
        Some(time) => parse_time(time).ok_or_else(|| not_a_time_of_day(field, time.trim()).unwrap_or_else(bad))?,
        None if date == now.date() => now.time(),
        None => NaiveTime::from_hms_opt(9, 0, 0).ok_or_else(bad)?,
    };
    Ok(date.and_time(time))
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().to_ascii_lowercase();
    ["%H:%M", "%H:%M:%S", "%I:%M%p"].iter().find_map(|format| NaiveTime::parse_from_str(&text, format).ok())
}

/// Monday to Friday, less the configured holidays.
pub fn is_business_day(date: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// "N business days after D": counting starts from the first business day after D.
pub fn add_business_days(from: NaiveDate, days: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut date = from;
    let mut left = days;
    while left > 0 {
        date += Duration::days(1);
        if is_business_day(date, holidays) {
            left -= 1;
        }
    }
    date
}

/// The last business day of the month that holds `date`.
pub fn last_business_day_of_month(date: NaiveDate, holidays: &[NaiveDate]) -> NaiveDate {
    let mut day = last_day_of_month(date);
    while !is_business_day(day, holidays) && day.day() > 1 {
        day -= Duration::days(1);
    }
    day
}

pub fn first_day_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

pub fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    let first = first_day_of_month(date);
    let next_month = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next_month.map(|d| d - Duration::days(1)).unwrap_or(date)
}

/// Business days from `date` to the end of its month, `date` included.
pub fn business_days_left_in_month(date: NaiveDate, holidays: &[NaiveDate]) -> u32 {
    let last = last_day_of_month(date);
    date.iter_days().take_while(|d| *d <= last).filter(|d| is_business_day(*d, holidays)).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    // 2026-11-23 is a Monday.
    const MONDAY: &str = "2026-11-23";

    #[test]
    fn relative_words_and_offsets() {
        let today = day(MONDAY);
        assert_eq!(parse_date("due", "today", today), Ok(today));
        assert_eq!(parse_date("due", "Tomorrow", today), Ok(day("2026-11-24")));
        assert_eq!(parse_date("due", "yesterday", today), Ok(day("2026-11-22")));
        assert_eq!(parse_date("due", "+3d", today), Ok(day("2026-11-26")));
        assert_eq!(parse_date("due", "+2w", today), Ok(day("2026-12-07")));
        assert_eq!(parse_date("due", "-2d", today), Ok(day("2026-11-21")));
        assert_eq!(parse_date("due", "+10", today), Ok(day("2026-12-03")));
        assert_eq!(parse_date("due", "2027-02-28", today), Ok(day("2027-02-28")));
    }

    #[test]
    fn weekday_names_mean_the_next_occurrence_after_today() {
        let today = day(MONDAY);
        assert_eq!(parse_date("due", "friday", today), Ok(day("2026-11-27")));
        assert_eq!(parse_date("due", "tue", today), Ok(day("2026-11-24")));
        assert_eq!(parse_date("due", "monday", today), Ok(day("2026-11-30")));
        assert_eq!(parse_date("due", "sun", today), Ok(day("2026-11-29")));
    }

    #[test]
    fn bad_dates_are_refused_with_a_hint() {
        let today = day(MONDAY);
        for bad in ["", "+3x", "+d", "next week", "31/12/2026", "+99999999999d"] {
            let error = parse_date("due", bad, today).expect_err(bad);
            assert_eq!(error.field, "due");
            assert!(error.hint.contains("YYYY-MM-DD"), "{bad}: {error:?}");
        }
    }

    #[test]
    fn a_well_formed_date_that_is_not_on_the_calendar_says_so() {
        let today = day(MONDAY);
        let error = parse_date("due", "2026-02-30", today).expect_err("30 February");
        assert_eq!(error.message, "2026-02-30 is not a date on the calendar (February 2026 has 28 days)");
        assert_eq!(error.hint, "the last day of February 2026 is 2026-02-28");
        let leap = parse_date("due", "2028-02-30", today).expect_err("leap year");
        assert!(leap.message.contains("February 2028 has 29 days"), "{leap:?}");
        assert!(parse_date("due", "2026-04-31", today).expect_err("31 April").message.contains("April 2026 has 30"));
        let month = parse_date("due", "2026-13-01", today).expect_err("month 13");
        assert_eq!(month.message, "2026-13-01 is not a date on the calendar (there is no month 13)");
        assert!(month.hint.contains("01 to 12"), "{month:?}");
        assert!(parse_date("due", "2026-00-10", today).expect_err("month 0").message.contains("no month 0"));
        let zero = parse_date("due", "2026-02-00", today).expect_err("day 0");
        assert!(zero.message.contains("days start at 01") && zero.hint.contains("01 to 28"), "{zero:?}");
        // Not the form at all: the general refusal, with the forms to use.
        for malformed in ["2026-2-30-1", "26-02-30", "2026/02/30", "2026-02-3x", "2026-002-01"] {
            let error = parse_date("due", malformed, today).expect_err(malformed);
            assert!(error.message.ends_with("is not a date I understand"), "{malformed}: {error:?}");
            assert!(error.hint.contains("YYYY-MM-DD"), "{malformed}: {error:?}");
        }
    }

    #[test]
    fn a_well_formed_date_time_that_names_no_real_one_says_which_part() {
        let now = day(MONDAY).and_hms_opt(10, 0, 0).expect("time");
        for (input, expected) in [
            ("2026-02-30 14:00", "2026-02-30 is not a date on the calendar (February 2026 has 28 days)"),
            ("2026-02-30T14:00", "2026-02-30 is not a date on the calendar (February 2026 has 28 days)"),
            ("2026-13-01 09:00", "2026-13-01 is not a date on the calendar (there is no month 13)"),
            ("2026-12-01 24:30", "24:30 is not a time of day (hours run from 00 to 23)"),
            ("2026-12-01T24:30", "24:30 is not a time of day (hours run from 00 to 23)"),
            ("tomorrow 9:75", "9:75 is not a time of day (minutes run from 00 to 59)"),
            ("+3d 10:00:61", "10:00:61 is not a time of day (seconds run from 00 to 59)"),
        ] {
            let error = parse_datetime("at", input, now).expect_err(input);
            assert_eq!((error.field, error.message.as_str()), ("at", expected), "{input}");
        }
        for malformed in ["2026-12-01 2430", "tomorrow 9:123", "soon 14:00", "2026-12-01T14"] {
            let error = parse_datetime("at", malformed, now).expect_err(malformed);
            assert!(error.message.ends_with("is not a date and time I understand"), "{malformed}: {error:?}");
        }
    }

    #[test]
    fn datetimes_in_every_documented_form() {
        let now = day(MONDAY).and_hms_opt(10, 15, 0).expect("time");
        let at = |h, m| (h, m);
        let cases = [
            ("2026-12-01T14:30", day("2026-12-01"), at(14, 30)),
            ("2026-12-01T14:30:00", day("2026-12-01"), at(14, 30)),
            ("2026-12-01 14:30", day("2026-12-01"), at(14, 30)),
            ("tomorrow 14:30", day("2026-11-24"), at(14, 30)),
            ("+3d 9:00", day("2026-11-26"), at(9, 0)),
            ("friday 2:30pm", day("2026-11-27"), at(14, 30)),
            ("2026-12-01 08:05", day("2026-12-01"), at(8, 5)),
            ("tomorrow", day("2026-11-24"), at(9, 0)),
            ("today", day(MONDAY), at(10, 15)),
        ];
        for (input, date, (hour, minute)) in cases {
            let expected = date.and_hms_opt(hour, minute, 0).expect("time");
            assert_eq!(parse_datetime("at", input, now), Ok(expected), "{input}");
        }
        assert_eq!(parse_datetime("at", "now", now), Ok(now));
    }

    #[test]
    fn bad_datetimes_are_refused() {
        let now = day(MONDAY).and_hms_opt(10, 0, 0).expect("time");
        for bad in ["tomorrow 25:00", "2026-12-01T14", "soon", "tomorrow at noon", "2026-12-01 14:30 extra"] {
            assert!(parse_datetime("at", bad, now).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_keep_to_1900_through_2199() {
        let today = day(MONDAY);
        assert_eq!(parse_date("due", "1900-01-01", today), Ok(EARLIEST));
        assert_eq!(parse_date("due", "2199-12-31", today), Ok(LATEST));
        for outside in ["1899-12-31", "2200-01-01", "9999-12-31", "0001-01-01"] {
            let error = parse_date("due", outside, today).expect_err(outside);
            assert_eq!(error.field, "due");
            assert!(error.message.contains("between 1900-01-01 and 2199-12-31"), "{outside}: {error:?}");
            assert!(error.hint.contains("1900-01-01"), "{outside}: {error:?}");
        }
        // Relative forms are checked after they are worked out.
        assert_eq!(parse_date("due", "today", LATEST), Ok(LATEST));
        for relative in ["tomorrow", "+1d", "+3d", "+2w", "friday"] {
            assert!(parse_date("due", relative, LATEST).is_err(), "{relative} after {LATEST}");
        }
        for relative in ["yesterday", "-1d", "-2w"] {
            assert!(parse_date("due", relative, EARLIEST).is_err(), "{relative} before {EARLIEST}");
        }
        assert_eq!(parse_date("due", "-1d", day("1900-01-02")), Ok(EARLIEST));
        assert_eq!(parse_date("due", "+1d", day("2199-12-30")), Ok(LATEST));
    }

    #[test]
    fn datetimes_keep_to_1900_through_2199() {
        let now = day(MONDAY).and_hms_opt(10, 0, 0).expect("time");
        let last_minute = LATEST.and_hms_opt(23, 59, 0).expect("time");
        assert_eq!(parse_datetime("at", "2199-12-31 23:59", now), Ok(last_minute));
        assert_eq!(parse_datetime("at", "1900-01-01T00:00", now), Ok(EARLIEST.and_hms_opt(0, 0, 0).expect("time")));
        for outside in ["9999-12-31 23:30", "2200-01-01 00:00", "1899-12-31T23:59", "+10000-01-01 05:30"] {
            assert!(parse_datetime("at", outside, now).is_err(), "{outside}");
        }
        for relative in ["tomorrow 9:00", "+3d 9:00", "tomorrow"] {
            assert!(parse_datetime("at", relative, last_minute).is_err(), "{relative} after {LATEST}");
        }
        assert_eq!(parse_datetime("at", "now", last_minute), Ok(last_minute));
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let friday = day("2026-11-27");
        assert_eq!(add_business_days(friday, 2, &[]), day("2026-12-01"));
        assert_eq!(add_business_days(friday, 2, &[day("2026-11-30")]), day("2026-12-02"));
        // Counting starts from the first business day after a Saturday.
        assert_eq!(add_business_days(day("2026-11-28"), 1, &[]), day("2026-11-30"));
        assert_eq!(add_business_days(friday, 0, &[]), friday);
        assert!(!is_business_day(day("2026-11-28"), &[]));
        assert!(!is_business_day(day("2026-11-26"), &[day("2026-11-26")]));
    }

    #[test]
    fn month_ends() {
        assert_eq!(last_day_of_month(day("2026-12-15")), day("2026-12-31"));
        assert_eq!(last_day_of_month(day("2028-02-03")), day("2028-02-29"));
        // 2027-01-31 is a Sunday: the last business day is Friday the 29th.
        assert_eq!(last_business_day_of_month(day("2027-01-10"), &[]), day("2027-01-29"));
        let christmas_week = [day("2026-12-31")];
        assert_eq!(last_business_day_of_month(day("2026-12-01"), &christmas_week), day("2026-12-30"));
        assert_eq!(business_days_left_in_month(day("2026-12-24"), &christmas_week), 5);
    }
}
