//! `--redact` on the command line: the redactor each command's output goes
//! through (the rules themselves are in `domain::privacy`), and how the
//! command line's own output shapes are redacted.

use anyhow::Result;

use super::Ctx;
use crate::domain::appointment::Appointment;
use crate::domain::billing::BillingRow;
use crate::domain::client::Client;
use crate::domain::followup::Followup;
use crate::domain::privacy::{Redact, Redactor};
use crate::domain::referral::Referral;
use crate::interop::report::ClientMonth;
use crate::store::Store;
use crate::store::listing::WithClient;

/// The redactor for output about these clients; off without `--redact`.
pub fn of<'a>(ctx: &Ctx, clients: impl IntoIterator<Item = &'a Client>) -> Redactor {
    if ctx.redact { Redactor::new(clients) } else { Redactor::off() }
}

/// The redactor for output about the clients with these ids (repeats are
/// fine). Reads them, in one query, only with `--redact`.
pub fn of_ids(ctx: &Ctx, store: &Store, ids: impl IntoIterator<Item = i64>) -> Result<Redactor> {
    if !ctx.redact {
        return Ok(Redactor::off());
    }
    Ok(store.redactor_of(ids)?)
}

/// The records that listings pair with their client's name.
pub trait OfClient {
    fn client_id(&self) -> i64;
}

impl OfClient for Appointment {
    fn client_id(&self) -> i64 {
        self.client_id
    }
}

impl OfClient for Followup {
    fn client_id(&self) -> i64 {
        self.client_id
    }
}

impl OfClient for Referral {
    fn client_id(&self) -> i64 {
        self.client_id
    }
}

impl<T: Redact + OfClient> Redact for WithClient<T> {
    fn redact(&mut self, with: &Redactor) {
        self.record.redact(with);
        self.client_name = with.name(self.record.client_id(), &self.client_name);
    }
}

impl Redact for ClientMonth {
    /// The totals row (no client) has nothing to hide.
    fn redact(&mut self, with: &Redactor) {
        if let Some(id) = self.client_id {
            self.client_name = with.name(id, &self.client_name);
        }
    }
}

impl Redact for BillingRow {
    fn redact(&mut self, with: &Redactor) {
        self.client_name = with.name(self.client_id, &self.client_name);
    }
}
