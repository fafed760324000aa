//! HSDS schedules (RFC 5545 recurrence parts: `freq`, `interval`, `byday`,
//! `bymonthday`, `wkst`, with `opens_at`/`closes_at` and a free-text
//! `description`) turned into the opening hours a coordinator reads to a
//! client: "Mon–Fri 9:00–17:00; Sat 10:00–14:00".
//!
//! Times are shown as the directory gives them, on its own clock: a time's
//! `Z` or UTC offset names the directory's zone, which a county directory
//! shares with the coordinators who use it, so it is not converted.

use chrono::{Datelike, NaiveDate};

/// One schedule row (or object) of an HSDS directory, its fields as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    pub freq: Option<String>,
    pub interval: Option<String>,
    pub byday: Option<String>,
    pub bymonthday: Option<String>,
    pub wkst: Option<String>,
    pub dtstart: Option<String>,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub description: Option<String>,
}

const DAYS: [(&str, &str); 7] =
    [("MO", "Mon"), ("TU", "Tue"), ("WE", "Wed"), ("TH", "Thu"), ("FR", "Fri"), ("SA", "Sat"), ("SU", "Sun")];

/// The readable hours of a place: the weekly hours grouped by day ("Mon–Fri
/// 9:00–17:00; Sat 10:00–14:00"), then monthly or every-few-weeks hours, and
/// on a line of its own the schedules' free-text descriptions. None when the
/// schedules say nothing.
pub fn hours(schedules: &[Schedule]) -> Option<String> {
    let week_start = schedules.iter().find_map(|s| s.wkst.as_deref().and_then(day_index)).unwrap_or(0);
    let mut week: [Vec<String>; 7] = Default::default();
    let mut others: Vec<String> = Vec::new();
    let mut descriptions: Vec<String> = Vec::new();
    for schedule in schedules {
        if let Some(description) = schedule.description.as_deref().map(str::trim).filter(|d| !d.is_empty())
            && !descriptions.iter().any(|known| known == description)
        {
            descriptions.push(description.to_string());
        }
        let times = times(schedule);
        let freq = schedule.freq.as_deref().map(|f| f.trim().to_ascii_uppercase()).unwrap_or_default();
        let interval = schedule.interval.as_deref().and_then(|i| i.trim().parse::<u32>().ok()).unwrap_or(1);
        let line = match freq.as_str() {
            "MONTHLY" => monthly(schedule, times.as_deref()),
            "" | "WEEKLY" | "DAILY" => {
                let days = weekly_days(schedule, &freq);
                if days.is_empty() {
                    times.clone()
                } else if interval > 1 {
                    let unit = if freq == "DAILY" { "days" } else { "weeks" };
                    let days = day_list(&days, week_start);
                    Some(format!("every {interval} {unit}: {}", with_times(&days, times.as_deref())))
                } else {
                    for day in days {
                        week[day].push(times.clone().unwrap_or_default());
                    }
                    None
                }
            }
            // Yearly and other rules are left to the description.
            _ => None,
        };
        others.extend(line);
    }
    let mut parts = weekly(&mut week, week_start);
    parts.extend(others);
    let structured = parts.join("; ");
    match (structured.is_empty(), descriptions.is_empty()) {
        (true, true) => None,
        (false, true) => Some(structured),
        (true, false) => Some(descriptions.join("\n")),
        (false, false) => Some(format!("{structured}\n{}", descriptions.join("\n"))),
    }
}

/// "9:00–17:00", "from 9:00", "until 17:00", or None.
fn times(schedule: &Schedule) -> Option<String> {
    let opens = schedule.opens_at.as_deref().and_then(clock);
    let closes = schedule.closes_at.as_deref().and_then(clock);
    match (opens, closes) {
        (Some(opens), Some(closes)) => Some(format!("{opens}–{closes}")),
        (Some(opens), None) => Some(format!("from {opens}")),
        (None, Some(closes)) => Some(format!("until {closes}")),
        (None, None) => None,
    }
}

/// "09:00:00-05:00" → "9:00"; text that is not a time is kept as given.
fn clock(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut parts = text.splitn(3, ':');
    let hour = parts.next().and_then(|h| h.parse::<u32>().ok());
    let minute = parts.next().and_then(|m| m.get(..2)).and_then(|m| m.parse::<u32>().ok());
    match (hour, minute) {
        (Some(hour), Some(minute)) if hour <= 24 && minute < 60 => Some(format!("{hour}:{minute:02}")),
        _ => Some(text.to_string()),
    }
}

fn day_index(code: &str) -> Option<usize> {
    let code = code.trim().to_ascii_uppercase();
    DAYS.iter().position(|(two, _)| *two == code)
}

/// The weekdays a weekly or daily rule falls on (ordinals, which only mean
/// something monthly, dropped): its `byday`, else every day for a daily rule,
/// else the weekday of `dtstart` (RFC 5545: a weekly rule with no BYDAY
/// repeats on the start's weekday).
fn weekly_days(schedule: &Schedule, freq: &str) -> Vec<usize> {
    let mut days: Vec<usize> = schedule
        .byday
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter_map(|part| {
            day_index(part.trim().trim_start_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit()))
        })
        .collect();
    if days.is_empty() {
        if freq == "DAILY" {
            days = (0..7).collect();
        } else if let Some(start) = schedule.dtstart.as_deref().and_then(|d| d.get(..10))
            && let Ok(date) = NaiveDate::parse_from_str(start, "%Y-%m-%d")
        {
            days.push(date.weekday().num_days_from_monday() as usize);
        }
    }
    days.sort_unstable();
    days.dedup();
    days
}

/// "2nd and 4th Tue of the month 10:00–12:00", "day 1 and 15 of the month …".
fn monthly(schedule: &Schedule, times: Option<&str>) -> Option<String> {
    let by_day: Vec<String> = schedule
        .byday
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter_map(|part| {
            let part = part.trim();
            let split = part.len().checked_sub(2)?;
            let (ordinal, code) = (part.get(..split)?, part.get(split..)?);
            let day = DAYS[day_index(code)?].1;
            Some(match ordinal.trim_start_matches('+').parse::<i32>() {
                Ok(n) => format!("{} {day}", ordinal_word(n)),
                Err(_) => format!("every {day}"),
            })
        })
        .collect();
    let month_days: Vec<&str> = schedule
        .bymonthday
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    let days = if !by_day.is_empty() {
        and_list(&by_day)
    } else if !month_days.is_empty() {
        let words: Vec<String> =
            month_days.iter().map(|d| d.parse::<i32>().map_or_else(|_| d.to_string(), ordinal_day)).collect();
        and_list(&words)
    } else {
        return None;
    };
    Some(with_times(&format!("{days} of the month"), times))
}

fn ordinal_word(n: i32) -> String {
    match n {
        -1 => "last".into(),
        n if n < 0 => format!("{} to last", ordinal_word(-n)),
        n => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// A day of the month: "the 1st", "the last day".
fn ordinal_day(n: i32) -> String {
    if n < 0 { format!("the {} day", ordinal_word(n)) } else { format!("the {}", ordinal_word(n)) }
}

fn and_list(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn with_times(days: &str, times: Option<&str>) -> String {
    match times {
        Some(times) => format!("{days} {times}"),
        None => days.to_string(),
    }
}

/// The weekly hours, days with the same hours together, in week order from
/// `week_start`: "Mon–Fri 9:00–17:00", "Tue, Thu 13:00–16:00".
fn weekly(week: &mut [Vec<String>; 7], week_start: usize) -> Vec<String> {
    let order: Vec<usize> = (0..7).map(|i| (week_start + i) % 7).collect();
    for ranges in week.iter_mut() {
        ranges.sort_by_key(|range| start_minutes(range));
        ranges.dedup();
        // A day with hours needs no "open" entry beside them.
        if ranges.len() > 1 {
            ranges.retain(|range| !range.is_empty());
        }
    }
    let mut groups: Vec<(Vec<usize>, &Vec<String>)> = Vec::new();
    for &day in &order {
        if week[day].is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(_, ranges)| **ranges == week[day]) {
            Some((days, _)) => days.push(day),
            None => groups.push((vec![day], &week[day])),
        }
    }
    groups
        .into_iter()
        .map(|(days, ranges)| {
            let ranges: Vec<&str> = ranges.iter().map(String::as_str).filter(|r| !r.is_empty()).collect();
            let days = day_list(&days, week_start);
            if ranges.is_empty() { days } else { format!("{days} {}", ranges.join(", ")) }
        })
        .collect()
}

/// When a range such as "9:00–12:00" or "from 13:00" starts, for ordering a day's hours.
fn start_minutes(range: &str) -> u32 {
    let time = range.trim_start_matches(|c: char| !c.is_ascii_digit());
    let mut parts = time.splitn(2, ':');
    let hour = parts.next().and_then(|h| h.parse::<u32>().ok()).unwrap_or(0);
    let minute = parts.next().and_then(|m| m.get(..2)).and_then(|m| m.parse::<u32>().ok()).unwrap_or(0);
    hour * 60 + minute
}

/// Days in week order, runs of three or more as a span: "Mon–Fri", "Mon, Wed, Fri", "Every day".
fn day_list(days: &[usize], week_start: usize) -> String {
    if days.len() == 7 {
        return "every day".into();
    }
    let position = |day: usize| (day + 7 - week_start) % 7;
    let mut sorted = days.to_vec();
    sorted.sort_by_key(|&day| position(day));
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for day in sorted {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|&last| position(last) + 1 == position(day)) => run.push(day),
            _ => runs.push(vec![day]),
        }
    }
    runs.iter()
        .map(|run| match run.as_slice() {
            [first, .., last] if run.len() >= 3 => format!("{}–{}", DAYS[*first].1, DAYS[*last].1),
            _ => run.iter().map(|&day| DAYS[day].1).collect::<Vec<_>>().join(", "),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekly(byday: &str, opens: &str, closes: &str) -> Schedule {
        Schedule {
            freq: Some("WEEKLY".into()),
            byday: Some(byday.into()),
            opens_at: Some(opens.into()),
            closes_at: Some(closes.into()),
            ..Schedule::default()
        }
    }

    #[test]
    fn weekdays_with_the_same_hours_read_as_a_span() {
        let schedules = [weekly("MO,TU,WE,TH,FR", "09:00", "17:00"), weekly("SA", "10:00:00", "14:00:00")];
        assert_eq!(hours(&schedules).as_deref(), Some("Mon–Fri 9:00–17:00; Sat 10:00–14:00"));
    }

    #[test]
    fn split_days_and_split_hours_are_kept_apart() {
        let schedules = [
            weekly("MO,WE,FR", "09:00Z", "12:00Z"),
            weekly("MO,WE,FR", "13:00-06:00", "17:30-06:00"),
            weekly("TU,TH", "13:00", "16:00"),
        ];
        assert_eq!(hours(&schedules).as_deref(), Some("Mon, Wed, Fri 9:00–12:00, 13:00–17:30; Tue, Thu 13:00–16:00"));
    }

    #[test]
    fn the_week_starts_where_wkst_says_and_every_day_is_said_so() {
        let mut sunday_first = weekly("SU,MO,TU", "08:00", "20:00");
        sunday_first.wkst = Some("SU".into());
        assert_eq!(hours(&[sunday_first]).as_deref(), Some("Sun–Tue 8:00–20:00"));
        let all = weekly("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00");
        assert_eq!(hours(&[all]).as_deref(), Some("every day 0:00–24:00"));
        let daily = Schedule { freq: Some("DAILY".into()), opens_at: Some("07:00".into()), ..Schedule::default() };
        assert_eq!(hours(&[daily]).as_deref(), Some("every day from 7:00"));
    }

    #[test]
    fn monthly_and_fortnightly_rules_say_so() {
        let monthly = Schedule { freq: Some("MONTHLY".into()), ..weekly("2TU,-1FR", "10:00", "12:00") };
        let by_date = Schedule {
            freq: Some("MONTHLY".into()),
            bymonthday: Some("1,15".into()),
            opens_at: Some("09:00".into()),
            closes_at: Some("11:00".into()),
            ..Schedule::default()
        };
        let fortnightly = Schedule { interval: Some("2".into()), ..weekly("WE", "18:00", "20:00") };
        assert_eq!(
            hours(&[monthly, by_date, fortnightly]).as_deref(),
            Some(
                "2nd Tue and last Fri of the month 10:00–12:00; the 1st and the 15th of the month 9:00–11:00; \
                 every 2 weeks: Wed 18:00–20:00"
            )
        );
    }

    #[test]
    fn a_weekly_rule_with_no_days_falls_on_its_start_and_descriptions_follow() {
        let rule = Schedule {
            freq: Some("WEEKLY".into()),
            dtstart: Some("2026-11-26".into()),
            opens_at: Some("11:00".into()),
            closes_at: Some("13:00".into()),
            description: Some("Community lunch".into()),
            ..Schedule::default()
        };
        assert_eq!(hours(&[rule]).as_deref(), Some("Thu 11:00–13:00\nCommunity lunch"));
        let words = Schedule { description: Some("By appointment".into()), ..Schedule::default() };
        assert_eq!(hours(&[words.clone(), words]).as_deref(), Some("By appointment"));
        assert_eq!(hours(&[]), None);
    }
}
