//! `caseload client add/list/show/edit/discharge`.

use anyhow::Result;
use chrono::NaiveDate;

use super::Ctx;
use super::errors::hinted;
use super::output::{Column, Format, emit, or_blank, print_created, print_list, print_record};
use crate::domain::client::{Client, ClientStatus, normalize_tags};
use crate::domain::discharge::OpenWork;
use crate::domain::privacy::initials;
use crate::domain::validation::optional_text;
use crate::domain::wording::counted;
use crate::store::AuditAction;
use crate::store::clients::ClientFilter;

#[derive(Debug, clap::Subcommand)]
pub enum ClientCommand {
    /// Add a client; prints the new id.
    Add(Box<AddArgs>),
    /// List clients: your active and on-hold clients unless told otherwise.
    List(ListArgs),
    /// Show every field of one client.
    Show {
        /// The client's id or MRN.
        client: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// A one-page Markdown handoff: identity, care team, plan, what is open, recent notes.
    Summary(super::summary::SummaryArgs),
    /// Change the given fields of a client; the others stay as they are.
    Edit(Box<EditArgs>),
    /// Discharge a client (nothing is deleted).
    Discharge {
        /// The client's id or MRN.
        client: String,
        /// Why the client leaves the caseload.
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// The discharge date (default today).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
        /// Also cancel the client's appointments still to come and open
        /// follow-ups, and close open referrals as declined (one change with
        /// the discharge: all of it or nothing).
        #[arg(long)]
        cancel_open: bool,
    },
    /// Hand clients to another coordinator: one client, or everyone a
    /// colleague coordinates (`--from USER`, for coverage).
    Reassign {
        /// The client's id or MRN (leave out with --from).
        #[arg(required_unless_present = "from", conflicts_with = "from")]
        client: Option<String>,
        /// Every active and on-hold client of this coordinator.
        #[arg(long, value_name = "USER")]
        from: Option<String>,
        /// The coordinator who takes them over.
        #[arg(long, value_name = "USER")]
        to: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// First name.
    #[arg(long, value_name = "NAME")]
    given_name: String,
    /// Last name.
    #[arg(long, value_name = "NAME")]
    family_name: String,
    #[command(flatten)]
    fields: ClientFields,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The client's id or MRN.
    client: String,
    /// First name.
    #[arg(long, value_name = "NAME")]
    given_name: Option<String>,
    /// Last name.
    #[arg(long, value_name = "NAME")]
    family_name: Option<String>,
    #[command(flatten)]
    fields: ClientFields,
}

/// The client fields `add` and `edit` share. Every one is optional; in `edit`
/// an empty value (`--phone ""`) clears an optional field.
#[derive(Debug, clap::Args)]
struct ClientFields {
    /// Medical record number (unique).
    #[arg(long)]
    mrn: Option<String>,
    /// The name the client likes to be called.
    #[arg(long, value_name = "NAME")]
    preferred_name: Option<String>,
    /// Date of birth.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    dob: Option<String>,
    /// Main phone number.
    #[arg(long)]
    phone: Option<String>,
    /// Second phone number.
    #[arg(long, value_name = "PHONE")]
    alt_phone: Option<String>,
    /// Home address.
    #[arg(long)]
    address: Option<String>,
    /// Preferred language.
    #[arg(long)]
    language: Option<String>,
    /// Whether an interpreter is needed (alone it means true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true",
          value_parser = clap::builder::BoolishValueParser::new())]
    interpreter_needed: Option<bool>,
    /// female, male, other or unknown (default unknown).
    #[arg(long)]
    gender: Option<String>,
    /// The primary program: ccm, pcm, bhi, cocm, chi, pin, rpm, tcm, apcm or general
    /// (default general). `add` enrolls the client in it from enrolled_on; later
    /// changes go through `caseload program`.
    #[arg(long)]
    program: Option<String>,
    /// high, medium or low (default medium).
    #[arg(long)]
    risk: Option<String>,
    /// active, on_hold or discharged (default active).
    #[arg(long)]
    status: Option<String>,
    /// The coordinator's user name (default you).
    #[arg(long, value_name = "NAME")]
    coordinator: Option<String>,
    /// Enrolment date (default today).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    enrolled_on: Option<String>,
    /// Discharge date (`client discharge` sets it for you).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    discharged_on: Option<String>,
    /// Why the client was discharged.
    #[arg(long, value_name = "TEXT")]
    discharge_reason: Option<String>,
    /// Insurance payer.
    #[arg(long)]
    payer: Option<String>,
    /// Member id with the payer.
    #[arg(long, value_name = "ID")]
    member_id: Option<String>,
    /// When insurance coverage ends.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    coverage_ends_on: Option<String>,
    /// When the client's consent expires.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    consent_expires_on: Option<String>,
    /// Comma-separated tags, e.g. "diabetes,chf" (replaces the current ones).
    #[arg(long, value_name = "A,B")]
    tags: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Every client: all statuses (discharged too) and all coordinators.
    #[arg(long)]
    all: bool,
    /// Every coordinator's clients, not only yours.
    #[arg(long, conflicts_with = "coordinator")]
    team: bool,
    /// Only this coordinator's clients.
    #[arg(long, value_name = "NAME")]
    coordinator: Option<String>,
    /// Only this risk: high, medium or low.
    #[arg(long)]
    risk: Option<String>,
    /// Only this status: active, on_hold or discharged.
    #[arg(long)]
    status: Option<String>,
    /// Words that must all start a word of the name, MRN or phone.
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, command: ClientCommand) -> Result<()> {
    match command {
        ClientCommand::Add(args) => add(ctx, *args),
        ClientCommand::List(args) => list(ctx, args),
        ClientCommand::Show { client, format } => show(ctx, &client, format),
        ClientCommand::Summary(args) => super::summary::run(ctx, args),
        ClientCommand::Edit(args) => edit(ctx, *args),
        ClientCommand::Discharge { client, reason, on, cancel_open } => {
            discharge(ctx, &client, &reason, on.as_deref(), cancel_open)
        }
        ClientCommand::Reassign { client, from, to } => reassign(ctx, client.as_deref(), from.as_deref(), &to),
    }
}

fn reassign(ctx: &Ctx, client: Option<&str>, from: Option<&str>, to: &str) -> Result<()> {
    let mut store = ctx.read_store()?;
    match (client, from) {
        (Some(key), _) => {
            let client = store.resolve_client(key)?;
            let id = client.id;
            store.reassign_client(client, to, ctx.now)?;
            emit(&format!("Client {id} is now coordinated by {}.\n", to.trim()))
        }
        (None, Some(from)) => {
            let moved = store.reassign_caseload(from, to)?;
            emit(&format!("{} moved from {} to {}.\n", counted(moved, "client"), from.trim(), to.trim()))
        }
        (None, None) => {
            Err(hinted("say which clients to reassign", "give a CLIENT, or --from USER for a whole caseload"))
        }
    }
}

fn add(ctx: &Ctx, args: AddArgs) -> Result<()> {
    let mut client = Client::new(&args.given_name, &args.family_name, &ctx.user, ctx.today(), ctx.now.instant);
    args.fields.apply(ctx, &mut client)?;
    let mut store = ctx.open_store()?;
    let id = store.add_client(client, ctx.today())?;
    print_created(args.format, id, || store.client(id).map(|client| super::redact::of(ctx, [&client]).applied(client)))
}

impl ClientFields {
    /// Writes every given field into `client`; returns how many were given.
    fn apply(&self, ctx: &Ctx, client: &mut Client) -> Result<usize> {
        let given = [
            set_text(&self.mrn, &mut client.mrn),
            set_text(&self.preferred_name, &mut client.preferred_name),
            set_date(ctx, "dob", &self.dob, &mut client.dob)?,
            set_text(&self.phone, &mut client.phone),
            set_text(&self.alt_phone, &mut client.alt_phone),
            set_text(&self.address, &mut client.address),
            set_text(&self.language, &mut client.language),
            set(self.interpreter_needed, &mut client.interpreter_needed),
            set(self.gender.as_deref().map(str::parse).transpose()?, &mut client.gender),
            set(self.program.clone(), &mut client.program),
            set(self.risk.as_deref().map(str::parse).transpose()?, &mut client.risk),
            set(self.status.as_deref().map(str::parse).transpose()?, &mut client.status),
            set(self.coordinator.clone(), &mut client.coordinator),
            set(self.enrolled_on.as_deref().map(|d| ctx.date("enrolled_on", d)).transpose()?, &mut client.enrolled_on),
            set_date(ctx, "discharged_on", &self.discharged_on, &mut client.discharged_on)?,
            set_text(&self.discharge_reason, &mut client.discharge_reason),
            set_text(&self.payer, &mut client.payer),
            set_text(&self.member_id, &mut client.member_id),
            set_date(ctx, "coverage_ends_on", &self.coverage_ends_on, &mut client.coverage_ends_on)?,
            set_date(ctx, "consent_expires_on", &self.consent_expires_on, &mut client.consent_expires_on)?,
            set(self.tags.as_deref().map(|t| normalize_tags([t])), &mut client.tags),
        ];
        Ok(given.into_iter().filter(|g| *g).count())
    }
}

/// Sets `field` when a value was given; says whether it was.
fn set<T>(value: Option<T>, field: &mut T) -> bool {
    value.map(|v| *field = v).is_some()
}

/// An optional text field; an empty value clears it.
fn set_text(value: &Option<String>, field: &mut Option<String>) -> bool {
    set(value.as_deref().map(|v| optional_text(Some(v))), field)
}

/// An optional date in any SPEC §4 form; an empty value clears it.
fn set_date(ctx: &Ctx, name: &'static str, value: &Option<String>, field: &mut Option<NaiveDate>) -> Result<bool> {
    let parsed = match value.as_deref().map(str::trim) {
        None => return Ok(false),
        Some("") => None,
        Some(text) => Some(ctx.date(name, text)?),
    };
    *field = parsed;
    Ok(true)
}

fn list(ctx: &Ctx, args: ListArgs) -> Result<()> {
    let coordinator = match args.coordinator {
        Some(name) => Some(name),
        None if args.all || args.team => None,
        None => Some(ctx.user.clone()),
    };
    let statuses = match args.status.as_deref() {
        Some(word) => vec![word.parse()?],
        None if args.all => Vec::new(),
        None => vec![ClientStatus::Active, ClientStatus::OnHold],
    };
    let only_mine = coordinator.as_deref() == Some(ctx.user.as_str());
    let filter = ClientFilter {
        coordinator,
        risk: args.risk.as_deref().map(str::parse).transpose()?,
        statuses,
        search: args.search,
    };
    let mut store = ctx.read_store()?;
    let mut clients = store.clients(&filter)?;
    super::audit::list_viewed(&mut store, "client", None, &list_scope(&filter), clients.len())?;
    super::redact::of(ctx, &clients).apply(&mut clients);
    // A redacted client's names are its initials (SPEC §6).
    let name: fn(&Client) -> String =
        if ctx.redact { |c| initials(&c.given_name, &c.family_name) } else { Client::display_name };
    // Worst cases add up to 78 columns for your own list and 80 with coordinators.
    let mut columns = vec![
        Column::new("ID", 6, |c: &Client| c.id.to_string()),
        Column::new("NAME", if only_mine { 24 } else { 18 }, name),
        Column::new("RISK", 6, |c: &Client| c.risk.to_string()),
        Column::new("PROGRAM", if only_mine { 8 } else { 7 }, |c: &Client| c.program.clone()),
        Column::new("STATUS", 10, |c: &Client| c.status.to_string()),
        Column::new("PHONE", if only_mine { 14 } else { 12 }, |c: &Client| or_blank(&c.phone)),
    ];
    if !only_mine {
        columns.push(Column::new("COORD", 9, |c: &Client| c.coordinator.clone()));
    }
    let empty = if only_mine && !args.all {
        "No clients on your caseload match; `caseload client list --all` lists every client."
    } else {
        "No clients match."
    };
    print_list(args.format, &clients, &columns, empty)
}

/// What a client listing covered, for its audit row ("client list all
/// coordinators, all statuses"); a search is noted but not repeated.
fn list_scope(filter: &ClientFilter) -> String {
    let statuses = match filter.statuses.is_empty() {
        true => "all statuses".to_string(),
        false => filter.statuses.iter().map(ToString::to_string).collect::<Vec<_>>().join(" or "),
    };
    let parts = [
        Some(format!("client list {}", super::audit::whose(filter.coordinator.as_deref()))),
        Some(statuses),
        filter.risk.map(|risk| format!("risk {risk}")),
        filter.search.as_ref().map(|_| "matching a search".to_string()),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join(", ")
}

fn show(ctx: &Ctx, key: &str, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let mut client = store.resolve_client(key)?;
    store.audit(AuditAction::View, "client", Some(client.id), "show")?;
    super::redact::of(ctx, [&client]).apply(&mut client);
    print_record(format, &client)
}

const EDIT_FLAGS: &str = "--given-name, --family-name, --preferred-name, --mrn, --dob, --phone, --alt-phone, \
    --address, --language, --interpreter-needed, --gender, --program, --risk, --status, --coordinator, --enrolled-on, \
    --discharged-on, --discharge-reason, --payer, --member-id, --coverage-ends-on, --consent-expires-on, --tags";

fn edit(ctx: &Ctx, args: EditArgs) -> Result<()> {
    let mut store = ctx.read_store()?;
    let mut client = store.resolve_client(&args.client)?;
    let names = [set(args.given_name, &mut client.given_name), set(args.family_name, &mut client.family_name)];
    let given = names.into_iter().filter(|g| *g).count() + args.fields.apply(ctx, &mut client)?;
    if given == 0 {
        return Err(hinted("nothing to change: no field was given", format!("give one or more of {EDIT_FLAGS}")));
    }
    let id = client.id;
    store.update_client(client, ctx.now)?;
    super::output::emit(&format!("Updated client {id}.\n"))
}

fn discharge(ctx: &Ctx, key: &str, reason: &str, on: Option<&str>, cancel_open: bool) -> Result<()> {
    let on = on.map(|d| ctx.date("discharged_on", d)).transpose()?.unwrap_or_else(|| ctx.today());
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(key)?;
    let open = store.open_work(client.id, ctx.now)?;
    let closing = if cancel_open { open.clone() } else { OpenWork::default() };
    let closed = store.discharge_client(client.id, on, reason, ctx.now, &closing)?;
    let mut said = format!("Discharged client {} on {on}.\n", client.id);
    if cancel_open && closed > 0 {
        said.push_str(&format!(
            "Closed what was still open: {} (it {}).\n",
            open.summary(),
            open.what_cancelling_does()
        ));
        if open.rides_arranged() > 0 {
            let rides = counted(open.rides_arranged(), "ride");
            said.push_str(&format!("{rides} had been arranged for them: call them off with the providers.\n"));
        }
    } else if !open.is_empty() {
        said.push_str(&format!("Still open, left as they are: {}.\n", open.summary()));
    }
    super::output::emit(&said)
}
