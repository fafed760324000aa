//! `caseload contact add/list`: the people around a client.

use anyhow::Result;

use super::Ctx;
use super::output::{Column, Format, or_blank, print_created, print_list};
use crate::domain::contact::Contact;

#[derive(Debug, clap::Subcommand)]
pub enum ContactCommand {
    /// Add a person around a client; prints the new id.
    Add(AddArgs),
    /// A client's contacts, care team first.
    List {
        /// The client's id or MRN.
        client: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The client's id or MRN.
    client: String,
    #[arg(long)]
    name: String,
    /// caregiver, family, guardian, pcp, specialist, pharmacy, social_worker or other.
    #[arg(long)]
    relationship: String,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    organization: Option<String>,
    /// This person is on the client's care team.
    #[arg(long)]
    care_team: bool,
    /// The client agreed that information may be shared with this person.
    #[arg(long)]
    may_share: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, command: ContactCommand) -> Result<()> {
    match command {
        ContactCommand::Add(args) => add(ctx, args),
        ContactCommand::List { client, format } => list(ctx, &client, format),
    }
}

fn add(ctx: &Ctx, args: AddArgs) -> Result<()> {
    let relationship = args.relationship.parse()?;
    let mut store = ctx.open_store()?;
    let client = store.resolve_client(&args.client)?;
    let contact = Contact {
        id: 0,
        client_id: client.id,
        name: args.name,
        relationship,
        phone: args.phone,
        email: args.email,
        organization: args.organization,
        on_care_team: args.care_team,
        may_share_info: args.may_share,
        created_by: ctx.user.clone(),
        created_at: ctx.now.instant,
    };
    let id = store.add_contact(contact)?;
    let redactor = super::redact::of(ctx, [&client]);
    print_created(args.format, id, || store.contact(id).map(|record| redactor.applied(record)))
}

fn list(ctx: &Ctx, key: &str, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(key)?;
    // Read before the audit row: a read that fails has written nothing.
    let mut contacts = store.client_contacts(client.id)?;
    super::audit::list_viewed(&mut store, "contact", Some(client.id), "contact list", contacts.len())?;
    super::redact::of(ctx, [&client]).apply(&mut contacts);
    // Worst case: 6 + 17 + 13 + 14 + 9 + 4 + 5 and six gaps of two = 80 columns.
    let columns = [
        Column::new("ID", 6, |c: &Contact| c.id.to_string()),
        Column::new("NAME", 17, |c: &Contact| c.name.clone()),
        Column::new("RELATIONSHIP", 13, |c: &Contact| c.relationship.to_string()),
        Column::new("PHONE", 14, |c: &Contact| or_blank(&c.phone)),
        Column::new("ORG", 9, |c: &Contact| or_blank(&c.organization)),
        Column::new("TEAM", 4, |c: &Contact| yes_or_blank(c.on_care_team)),
        Column::new("SHARE", 5, |c: &Contact| yes_or_blank(c.may_share_info)),
    ];
    print_list(
        format,
        &contacts,
        &columns,
        "No contacts yet; add one with `caseload contact add CLIENT --name NAME --relationship R`.",
    )
}

fn yes_or_blank(flag: bool) -> String {
    if flag { "yes".into() } else { String::new() }
}
