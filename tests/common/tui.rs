//! Driving the terminal interface in tests: the real `prepare`, key presses
//! and ticks through the real runtime (update, then the effects run against
//! the store), frames rendered into ratatui's TestBackend.

use caseload::clock::Clock;
use caseload::config::Config;
use caseload::context::Ctx;
use caseload::domain::client::Risk;
use std::time::Duration;

use caseload::tui::model::Model;
use caseload::tui::msg::Msg;
use caseload::tui::runtime::Runtime;
use caseload::tui::{self, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Env, USER};

pub struct Ui {
    pub runtime: Runtime,
    pub terminal: Terminal<TestBackend>,
    /// A key asked to quit.
    pub quit: bool,
}

impl Ui {
    pub fn open(env: &Env, width: u16, height: u16, options: Options) -> Ui {
        Ui::open_with(env, Config::default(), width, height, options)
    }

    pub fn open_with(env: &Env, config: Config, width: u16, height: u16, options: Options) -> Ui {
        let ctx = Ctx {
            config,
            config_path: env.config.clone(),
            db_path: env.db.clone(),
            user: USER.into(),
            clock: Clock::Fixed(super::now()),
            now: Clock::Fixed(super::now()).now(super::zone()),
            unreadable: Default::default(),
            redact: options.redact,
        };
        let runtime = tui::prepare(&ctx, options).expect("interface prepares");
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        Ui { runtime, terminal, quit: false }
    }

    pub fn model(&self) -> &Model {
        self.runtime.model()
    }

    /// Draws a frame and returns it as text, one line per row.
    pub fn screen(&mut self) -> String {
        self.runtime.draw(&mut self.terminal).expect("draws");
        let buffer = self.terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn press(&mut self, code: KeyCode) {
        let modifiers = if matches!(code, KeyCode::Char(c) if c.is_ascii_uppercase()) {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        self.press_key(KeyEvent::new(code, modifiers));
    }

    pub fn ctrl(&mut self, c: char) {
        self.press_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    pub fn press_key(&mut self, key: KeyEvent) {
        self.quit |= self.runtime.dispatch(Msg::Key(key)).quit;
    }

    pub fn paste(&mut self, text: &str) {
        self.runtime.dispatch(Msg::Paste(text.to_string()));
    }

    /// What the loop does each second, `idle` after the last key; returns
    /// whether the screen needs drawing.
    pub fn tick(&mut self, idle: Duration) -> bool {
        self.runtime.tick(idle).redraw
    }

    /// Writes the open note's draft now, as the keeper would shortly.
    pub fn flush_draft(&self) {
        self.runtime.services().drafts().flush();
    }

    pub fn type_text(&mut self, text: &str) {
        text.chars().for_each(|c| self.press(KeyCode::Char(c)));
    }
}

/// Three clients of casey's and one of a colleague's, with alerts and today's visits.
pub fn caseload() -> Env {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quill", Risk::High).to_string();
    let ben = env.add_client("Ben", "Ortiz", Risk::Medium).to_string();
    env.add_client("Cora", "Lind", Risk::Low);
    let mut theirs = super::blank_client();
    theirs.coordinator = "morgan".into();
    theirs.given_name = "Zed".into();
    env.store().add_client(theirs, super::today()).expect("colleague's client");
    env.ok(&[
        "encounter",
        "add",
        &ada,
        "--kind",
        "inpatient",
        "--facility",
        "Lakeview General",
        "--admitted",
        "2026-11-12",
        "--discharged",
        "2026-11-18",
    ]);
    env.ok(&["followup", "add", &ben, "--due", "-3d", "--title", "Call pharmacy about refill"]);
    env.ok(&[
        "appt",
        "add",
        &ben,
        "--at",
        "today 14:30",
        "--kind",
        "specialist",
        "--with",
        "Dr. Imani Falk",
        "--transport",
        "needed",
    ]);
    env.ok(&["appt", "add", &ada, "--at", "today 10:15", "--kind", "lab", "--with", "Northside Lab"]);
    env
}

/// Enrolls Ada (client 1) in these programs and logs November's minutes in
/// each: 14 of CCM (and October's 30, which do not count), 5 of BHI.
pub fn enrolled_with_minutes(env: &Env, programs: &[&str]) {
    for program in programs {
        env.ok(&["program", "enroll", "1", program, "--practitioner", "Dr. Lee", "--from", "2026-09-01"]);
    }
    let notes = [("2026-11-02 10:00", "9", "ccm"), ("2026-11-20 10:00", "5", "ccm"), ("2026-10-30 10:00", "30", "ccm")];
    for (at, minutes, program) in
        notes.into_iter().chain(programs.contains(&"bhi").then_some(("2026-11-05 10:00", "5", "bhi")))
    {
        env.ok(&[
            "note",
            "add",
            "1",
            "--at",
            at,
            "--minutes",
            minutes,
            "--type",
            "chart_review",
            "--outcome",
            "n_a",
            "--program",
            program,
            "--body",
            "Synthetic minutes",
        ]);
    }
}
