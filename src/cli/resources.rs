//! `caseload resource`: the community resource directory (filled by
//! `caseload import resources`), for finding where to refer a client.

use anyhow::Result;

use super::Ctx;
use super::output::{Column, Format, or_blank, print_list};
use crate::domain::resource::Resource;
use crate::store::resources::ResourceFilter;

#[derive(Debug, clap::Subcommand)]
pub enum ResourceCommand {
    /// List the directory, by category then name.
    List {
        /// Only this category (any case).
        #[arg(long, value_name = "C")]
        category: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Resources whose name, organization or category contain every word of TEXT.
    Search {
        text: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Ctx, command: ResourceCommand) -> Result<()> {
    let (filter, format) = match command {
        ResourceCommand::List { category, format } => (ResourceFilter { category, search: None }, format),
        ResourceCommand::Search { text, format } => (ResourceFilter { category: None, search: Some(text) }, format),
    };
    let rows = ctx.read_store()?.resources(&filter)?;
    // The organization is in the JSON and CSV forms (and in the name of an
    // imported HSDS service); the table keeps room for the opening hours.
    let columns = [
        Column::new("ID", 5, |r: &Resource| r.id.to_string()),
        Column::new("NAME", 25, |r| r.name.clone()),
        Column::new("CATEGORY", 9, |r| or_blank(&r.category)),
        Column::new("PHONE", 12, |r| or_blank(&r.phone)),
        Column::new("HOURS", 22, |r| or_blank(&r.hours)),
    ];
    print_list(format, &rows, &columns, "No resources.")
}
