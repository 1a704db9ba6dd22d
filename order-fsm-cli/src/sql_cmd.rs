//! `order-fsm sql <spec> --dialect sqlite|postgres`: print the migration that stores orders
//! of a machine in a database which itself enforces the spec.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use order_fsm_sql::{Dialect, KeyType, Options, StatusType};

use crate::exit::Status;

/// Print the SQL migration for a machine of a spec.
#[derive(clap::Args, Debug)]
pub struct SqlArgs {
    pub spec: PathBuf,
    #[arg(long, short)]
    pub machine: Option<String>,
    #[arg(long, value_enum)]
    pub dialect: DialectArg,
    #[arg(long, value_name = "TABLE")]
    pub alter: Option<String>,
    #[arg(long, requires = "alter")]
    pub columns_exist: bool,
    #[arg(long, default_value = "")]
    pub prefix: String,
    #[arg(long)]
    pub schema: Option<String>,
    #[arg(long, value_enum, default_value_t = StatusTypeArg::Auto)]
    pub status_type: StatusTypeArg,
    #[arg(long, value_enum, default_value_t = KeyArg::Bigint)]
    pub key: KeyArg,
    #[arg(long)]
    pub tenant: bool,
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_column: String,
    #[arg(long, default_value = "status", value_name = "NAME")]
    pub status_column: String,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DialectArg {
    Sqlite,
    Postgres,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusTypeArg {
    Auto,
    Int,
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeyArg {
    Bigint,
    Text,
    Uuid,
}

impl SqlArgs {
    fn options(&self) -> Options {
        let mut o = Options::new(match self.dialect {
            DialectArg::Sqlite => Dialect::Sqlite,
            DialectArg::Postgres => Dialect::Postgres,
        });
        o.prefix = self.prefix.clone();
        o.schema = self.schema.clone();
        o.alter = self.alter.clone();
        o.id_column = self.id_column.clone();
        o.status_column = self.status_column.clone();
        o.tenant = self.tenant;
        o.key = match self.key {
            KeyArg::Bigint => KeyType::BigInt,
            KeyArg::Text => KeyType::Text,
            KeyArg::Uuid => KeyType::Uuid,
        };
        o.status_type = match self.status_type {
            StatusTypeArg::Auto => StatusType::Auto,
            StatusTypeArg::Int => StatusType::Int,
            StatusTypeArg::Text => StatusType::Text,
        };
        o
    }
}

pub fn run(args: &SqlArgs) -> ExitCode {
    let lang = args.messages.get();
    if args.schema.is_some() && matches!(args.dialect, DialectArg::Sqlite) {
        crate::lang::error(
            lang,
            order_fsm_core::t!(order_fsm_core::msg::CLI_SQL_NO_SCHEMA),
        );
        return Status::Usage.into();
    }
    crate::commands::with_one_machine(
        lang,
        &args.spec,
        args.machine.as_deref(),
        |compiled, _, machine| migration_of(args, compiled, machine),
    )
}

fn migration_of(
    args: &SqlArgs,
    compiled: &order_fsm_core::Compiled,
    machine: &order_fsm_core::model::Machine,
) -> ExitCode {
    let name = crate::commands::display_name(&args.spec);
    let info = order_fsm_sql::model::machine_info(machine, &name, Some(&compiled.source));
    let opts = args.options();
    let result = order_fsm_sql::migration(info, &opts).and_then(|sql| {
        let columns = if args.columns_exist {
            Vec::new()
        } else {
            order_fsm_sql::adopt_columns(info, &opts)?
        };
        Ok((columns, sql))
    });
    let (columns, sql) = match result {
        Ok(r) => r,
        Err(e) => {
            // A spec whose codes cannot make one status column is a spec problem; a bad
            // name comes from the command line.
            crate::lang::error(args.messages.get(), sql_error_text(&e));
            return match e {
                order_fsm_sql::SqlError::BadName { .. } => Status::Usage,
                _ => Status::Failed,
            }
            .into();
        }
    };
    let mut text = String::new();
    if !columns.is_empty() {
        text.push_str(
            "-- Adopting the table: the columns the store needs. SQLite cannot add a column only\n\
             -- if it is missing, so these run once; generate later migrations with --columns-exist.\n",
        );
        for c in &columns {
            text.push_str(&c.sql);
            text.push('\n');
        }
        text.push('\n');
    }
    text.push_str(&sql);
    let mut out = std::io::stdout().lock();
    // A closed pipe (`… | head`) is not an error worth reporting.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    Status::Success.into()
}

/// The generator's error in the chosen language. A bad name came from the command line, so
/// it names the option that gave it; every other error is the generator's own text.
fn sql_error_text(e: &order_fsm_sql::SqlError) -> order_fsm_core::msg::Text {
    use order_fsm_core::msg::{self, Text};
    use order_fsm_core::t;
    use order_fsm_sql::{NameUse, SqlError};
    match e {
        SqlError::BadName { what, name, reason } => {
            let option = match what {
                NameUse::IdColumn => "--id-column",
                NameUse::StatusColumn => "--status-column",
                NameUse::Schema => "--schema",
                NameUse::Table => "--alter",
                NameUse::Prefix => "--prefix",
            };
            t!(
                msg::CLI_SQL_BAD_NAME,
                name = Text::code(format!("{name:?}")),
                option = Text::code(option),
                reason = reason.msg()
            )
        }
        other => other.text(),
    }
}
