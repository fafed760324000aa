//! The client screen's Assessments tab: per instrument its trend in words,
//! its scores drawn over time (ratatui's `Sparkline`, turned into lines so
//! the tab scrolls like the others), and its history, newest first. A PHQ-9
//! whose latest item 9 is above 0 shows what to do next.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::bar;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Sparkline, Widget};

use super::theme::Theme;
use crate::domain::screening::{Assessment, Flag, Instrument, trend_line};
use crate::domain::time::Zone;

/// Rows the scores are drawn in: 16 levels, enough to tell 18 from 11 from 7.
const CHART_ROWS: u16 = 2;

/// The sparkline's bars where box-drawing characters are not wanted.
const ASCII_BARS: bar::Set = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "=",
    half: "=",
    three_eighths: "-",
    one_quarter: "-",
    one_eighth: ".",
    empty: " ",
};

/// The tab's lines (empty when there are no screenings).
pub fn lines(assessments: &[Assessment], safety: &str, zone: Zone, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for &instrument in Instrument::ALL {
        let history: Vec<&Assessment> = assessments.iter().filter(|a| a.instrument == instrument).collect();
        let Some(latest) = history.last() else { continue };
        let scores: Vec<u32> = history.iter().map(|a| a.score).collect();
        lines.push(Line::styled(trend_line(instrument, &scores), theme.header()));
        lines.push(Line::raw(format!("Latest: {} · {}", latest.score, latest.band.label())));
        if latest.has(Flag::Item9) {
            lines.push(safety_line(safety, theme));
        }
        for row in chart(instrument, &scores, theme) {
            lines.push(Line::from(vec![Span::raw("  "), row]));
        }
        lines.extend(history.iter().rev().map(|a| history_row(a, zone)));
        lines.push(Line::raw(""));
    }
    lines
}

/// What to do next after a PHQ-9 item 9 above 0, from the config.
pub fn safety_line(safety: &str, theme: &Theme) -> Line<'static> {
    Line::from(vec![Span::styled("Item 9 above 0: ", theme.error()), Span::styled(safety.to_string(), theme.error())])
}

/// "2026-11-20 10:00  18  moderately severe  phone · positive: item 9 (self-harm)";
/// the positives their own span, so a long list wraps under itself.
fn history_row(a: &Assessment, zone: Zone) -> Line<'static> {
    let shown =
        format!("  {}  {:>3}  {:<17}  {}", zone.local_display(a.taken_at), a.score, a.band.label(), a.mode.label());
    if a.positives.is_empty() {
        return Line::raw(shown);
    }
    let named: Vec<&str> = a.positives.iter().map(|f| f.label()).collect();
    Line::from(vec![Span::raw(format!("{shown} · ")), Span::raw(format!("positive: {}", named.join(", ")))])
}

/// The scores oldest first, one column each, scaled to the instrument's
/// highest score: the rows of ratatui's sparkline as text.
fn chart(instrument: Instrument, scores: &[u32], theme: &Theme) -> Vec<Span<'static>> {
    let width = u16::try_from(scores.len()).unwrap_or(u16::MAX).max(1);
    let area = Rect::new(0, 0, width, CHART_ROWS);
    let mut buffer = Buffer::empty(area);
    let data: Vec<u64> = scores.iter().map(|&s| u64::from(s)).collect();
    let bars = if theme.ascii { ASCII_BARS } else { bar::NINE_LEVELS };
    Sparkline::default()
        .data(&data)
        .max(u64::from(instrument.max_score()).max(1))
        .bar_set(bars)
        .render(area, &mut buffer);
    (0..CHART_ROWS)
        .map(|y| {
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol().to_string()).collect();
            Span::styled(row, Style::new())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_draws_each_score_against_the_instruments_highest() {
        let theme = Theme { color: false, ascii: false };
        let rows: Vec<String> =
            chart(Instrument::Phq9, &[27, 0, 14], &theme).into_iter().map(|s| s.content.into_owned()).collect();
        // 27 fills both rows, 0 neither, 14 (about half) the lower row.
        assert_eq!(rows, ["█  ", "█ █"]);
    }
}
