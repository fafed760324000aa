//! The loop: a terminal event becomes a `Msg`, `update` changes the model
//! and names effects, `services` runs them and each result goes back to
//! `update` as a `Msg`; a frame is drawn when something shown changed.

use std::time::{Duration, Instant};

use anyhow::Result;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::{DefaultTerminal, Terminal};

use super::effect::Effect;
use super::keymap::Keymap;
use super::model::Model;
use super::msg::Msg;
use super::services::Services;
use super::update::update;
use super::view::{self, ViewState};
use crate::clock::Clock;

/// The interface as it runs: its state, what it runs effects with, its
/// keys, and what drawing keeps between frames.
pub struct Runtime {
    model: Model,
    services: Services,
    keymap: Keymap,
    view: ViewState,
}

/// What handling a message came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Something shown changed: draw a frame.
    pub redraw: bool,
    pub quit: bool,
}

impl Runtime {
    pub fn new(model: Model, services: Services, keymap: Keymap) -> Runtime {
        Runtime { model, services, keymap, view: ViewState::default() }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Closes the store on the way out of the process and leaves the loaded
    /// caseload for the exit to reclaim: freeing 100,000 rows and their alerts
    /// one allocation at a time is a tenth of the team view's start.
    pub fn leave(self) {
        let Runtime { model, services, keymap, view } = self;
        drop(services);
        std::mem::forget((model, keymap, view));
    }

    /// Hands `msg` to `update` and runs every effect it names, feeding each
    /// result back in turn.
    pub fn dispatch(&mut self, msg: Msg) -> Outcome {
        let mut outcome = Outcome::default();
        self.feed(msg, &mut outcome);
        outcome
    }

    fn feed(&mut self, msg: Msg, outcome: &mut Outcome) {
        // A tick, the clock and a frame's measures change what is shown only
        // when `update` says so (with `Redraw` or an effect's result).
        outcome.redraw |= !matches!(msg, Msg::Tick(_) | Msg::Clock(_) | Msg::Drawn(_));
        for effect in update(&mut self.model, &self.keymap, msg) {
            match effect {
                Effect::Redraw => outcome.redraw = true,
                Effect::Quit => outcome.quit = true,
                effect => {
                    if let Some(result) = self.services.run(effect, self.model.now()) {
                        self.feed(result, outcome);
                    }
                }
            }
        }
    }

    /// What the loop does about once a second (`idle`: since the last key).
    pub fn tick(&mut self, idle: Duration) -> Outcome {
        let tick = self.services.tick(idle);
        self.dispatch(Msg::Tick(tick))
    }

    /// Draws one frame (also used by tests and benchmarks with a
    /// `TestBackend`), then tells `update` what it measured.
    pub fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> Result<()>
    where
        B::Error: Send + Sync + 'static,
    {
        terminal.draw(|frame| view::draw(frame, &self.model, &mut self.view, &self.keymap))?;
        self.dispatch(Msg::Drawn(self.view.measured()));
        Ok(())
    }

    /// Draws one frame between the terminal's begin and end of a
    /// synchronized update (DEC mode 2026): a terminal that knows it shows
    /// the frame whole, so a slow link never shows half a screen; others
    /// ignore the two sequences.
    fn draw_synchronized(&mut self, terminal: &mut DefaultTerminal) -> Result<()> {
        use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
        ratatui::crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
        let drawn = self.draw(terminal);
        ratatui::crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
        drawn
    }

    /// Runs until the user quits.
    pub fn run(&mut self, terminal: &mut DefaultTerminal, clock: &Clock) -> Result<()> {
        let mut dirty = true;
        let mut last_key = Instant::now();
        let mut last_tick = Instant::now();
        loop {
            if dirty {
                self.draw_synchronized(terminal)?;
                dirty = false;
            }
            // Every event already waiting is handled before the next frame, so a
            // burst of keys (fast typing over SSH, a paste) costs one frame.
            let mut wait = Duration::from_millis(250);
            for _ in 0..EVENTS_PER_FRAME {
                if !event::poll(wait)? {
                    break;
                }
                // Not zero: crossterm hands over keys it has already read only
                // when asked to wait at least a little.
                wait = Duration::from_millis(1);
                let outcome = match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => {
                        last_key = Instant::now();
                        self.dispatch(Msg::Key(key))
                    }
                    Event::Paste(text) => {
                        last_key = Instant::now();
                        self.dispatch(Msg::Paste(text))
                    }
                    Event::Resize(..) => Outcome { redraw: true, quit: false },
                    _ => Outcome::default(),
                };
                if outcome.quit {
                    return Ok(());
                }
                dirty |= outcome.redraw;
            }
            // Other users' writes show within about a second.
            if last_tick.elapsed() >= Duration::from_secs(1) {
                last_tick = Instant::now();
                dirty |= self.tick(last_key.elapsed()).redraw;
            }
            dirty |= self.dispatch(Msg::Clock(clock.now(self.model.now().zone))).redraw;
        }
    }
}

/// At most this many waiting events are handled between two frames.
const EVENTS_PER_FRAME: usize = 256;
