//! What the operations table declares about each operation (`OpSpec`), the `op_table!` macro
//! that turns one entry per operation into the dispatch and the specs, and the generators of
//! the TypeScript client types (`ui/src/bindings/ops.ts`) and `docs/api.md` from those specs.

use crate::domain::access::{Action, Party, who_may};
use crate::lang::Lang;
use crate::ops::ErrorCode;
use std::collections::BTreeSet;
use std::fmt::Write;
use ts_rs::TS;

/// One operation as the table declares it.
#[derive(Debug)]
pub struct OpSpec {
    /// The name the UI, the HTTP path (`POST /api/{name}`) and the log use.
    pub name: &'static str,
    /// One line saying what it does (the entry's doc comment).
    pub summary: &'static str,
    /// What it does as the role matrix sees it (`domain::access`): who may run it. Enforced by
    /// `ops::access::guard` before the operation runs.
    pub action: Action,
    /// Members' own devices (phones on the meeting-room network) may call it.
    pub phones: bool,
    /// It changes state (the database, or files the app keeps).
    pub changes: bool,
    /// Codes it can fail with besides the ones every operation can (`ALWAYS`).
    pub errors: &'static [ErrorCode],
    pub args: TypeInfo,
    pub result: TypeInfo,
    /// An example of its arguments (the test parses it into the argument type).
    pub example: fn() -> serde_json::Value,
    /// Parses a JSON value as this operation's arguments.
    pub check_args: fn(serde_json::Value) -> Result<(), String>,
}

/// Codes every operation can return: malformed arguments and a failed database.
pub const ALWAYS: [ErrorCode; 2] = [ErrorCode::InvalidInput, ErrorCode::Storage];

/// Codes the guard returns for every operation that needs a signed-in person.
pub const GUARDED: [ErrorCode; 2] = [ErrorCode::SignInRequired, ErrorCode::Forbidden];

impl OpSpec {
    /// Every code this operation may return, in the enum's order.
    pub fn all_errors(&self) -> Vec<ErrorCode> {
        let guarded = self.action != Action::Public;
        let mut out: Vec<ErrorCode> = super::errors::ALL_CODES
            .into_iter()
            .filter(|c| {
                ALWAYS.contains(c) || self.errors.contains(c) || (guarded && GUARDED.contains(c))
            })
            .collect();
        out.dedup();
        out
    }
}

/// A Rust type as the TypeScript side sees it.
#[derive(Debug, Clone, Copy)]
pub struct TypeInfo {
    /// Its TypeScript name (`KeyView`, `Array<KeyView>`, `NoticeCheck | null`).
    pub name: fn() -> String,
    /// Its declaration when it is an exported binding (`type X = { ... }`).
    pub decl: fn() -> Option<String>,
    /// The exported bindings it names: (TypeScript name, file under ui/src/bindings).
    pub imports: fn(&mut BTreeSet<(String, String)>),
}

impl TypeInfo {
    pub const fn of<T: TS + 'static>() -> TypeInfo {
        TypeInfo {
            name: T::name,
            decl: decl_of::<T>,
            imports: imports_of::<T>,
        }
    }
}

fn decl_of<T: TS + 'static>() -> Option<String> {
    T::output_path().map(|_| T::decl())
}

struct Imports<'a>(&'a mut BTreeSet<(String, String)>);

impl ts_rs::TypeVisitor for Imports<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        match T::output_path() {
            Some(path) => {
                let file = path.with_extension("").to_string_lossy().replace('\\', "/");
                self.0.insert((T::ident(), file));
            }
            None => T::visit_generics(self),
        }
    }
}

fn imports_of<T: TS + 'static>(set: &mut BTreeSet<(String, String)>) {
    use ts_rs::TypeVisitor;
    Imports(set).visit::<T>();
}

/// `desk` | `phone` in an entry.
#[macro_export]
#[doc(hidden)]
macro_rules! __op_device {
    (desk) => {
        false
    };
    (phone) => {
        true
    };
}

/// `read` | `write` in an entry.
#[macro_export]
#[doc(hidden)]
macro_rules! __op_effect {
    (read) => {
        false
    };
    (write) => {
        true
    };
}

/// The operations table: one entry per operation generates its dispatch arm and its `OpSpec`.
/// See `commands/table.rs` for the entries and the meaning of each field.
macro_rules! op_table {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident {
            args: $Args:ty,
            result: $Res:ty,
            action: $action:ident,
            device: $device:ident,
            effect: $effect:ident,
            errors: [$($err:ident),* $(,)?],
            example: $example:tt,
            run: |$x:ident, $a:pat_param| $body:expr $(,)?
        }
    )*) => {
        /// Every operation, in the table's order.
        pub fn ops_table() -> &'static [$crate::commands::spec::OpSpec] {
            static TABLE: &[$crate::commands::spec::OpSpec] = &[$(
                $crate::commands::spec::OpSpec {
                    name: stringify!($name),
                    summary: concat!($($doc, " "),+),
                    action: $crate::domain::access::Action::$action,
                    phones: $crate::__op_device!($device),
                    changes: $crate::__op_effect!($effect),
                    errors: &[$($crate::ops::ErrorCode::$err),*],
                    args: $crate::commands::spec::TypeInfo::of::<$Args>(),
                    result: $crate::commands::spec::TypeInfo::of::<$Res>(),
                    example: || serde_json::json!($example),
                    check_args: |v| {
                        serde_json::from_value::<$Args>(v).map(|_| ()).map_err(|e| e.to_string())
                    },
                },
            )*];
            TABLE
        }

        /// Runs the named operation on its JSON arguments.
        pub(crate) async fn run_op(
            call: &$crate::commands::Call<'_>,
            op: &str,
            args: serde_json::Value,
        ) -> Result<serde_json::Value, $crate::ops::OpError> {
            match op {
                $(stringify!($name) => {
                    let $a: $Args = $crate::commands::args(op, args)?;
                    let $x = call;
                    let result: $crate::ops::OpResult<$Res> = $body;
                    $crate::commands::out(result?)
                })*
                other => Err($crate::ops::OpError::UnknownOp(other.to_string())),
            }
        }
    };
}
pub(crate) use op_table;

fn summary(spec: &OpSpec) -> String {
    spec.summary
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How to regenerate the generated files.
pub const BLESS: &str = "YISHI_BLESS=1 cargo test --test it op_table";

/// `ui/src/bindings/ops.ts`: the `Ops` map the UI's `call` is typed against.
pub fn ops_ts(table: &[OpSpec]) -> String {
    let mut imports = BTreeSet::new();
    for spec in table {
        (spec.args.imports)(&mut imports);
        (spec.result.imports)(&mut imports);
    }
    imports.insert(("Action".to_string(), "Action".to_string()));
    let mut s = String::new();
    let _ = writeln!(
        s,
        "// Generated from src-tauri/commands/table.rs; do not edit. Regenerate: {BLESS}\n"
    );
    for (name, file) in &imports {
        let _ = writeln!(s, "import type {{ {name} }} from './{file}';");
    }
    s.push_str(
        "\n/** Every operation by name: its arguments and its result. */\nexport type Ops = {\n",
    );
    for spec in table {
        let _ = writeln!(s, "  /** {} */", summary(spec));
        let _ = writeln!(
            s,
            "  {}: {{ args: {}; result: {} }};",
            spec.name,
            (spec.args.name)(),
            (spec.result.name)()
        );
    }
    s.push_str("};\n\nexport type OpName = keyof Ops;\n\n");
    s.push_str(
        "/** What each operation needs, whether phones may call it, whether it changes state. */\n",
    );
    s.push_str("export const OP_TABLE: { readonly [K in OpName]: { action: Action; phones: boolean; changes: boolean } } = {\n");
    for spec in table {
        let _ = writeln!(
            s,
            "  {}: {{ action: '{}', phones: {}, changes: {} }},",
            spec.name,
            spec.action.as_str(),
            spec.phones,
            spec.changes
        );
    }
    s.push_str("};\n");
    s
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn code_list(codes: &[ErrorCode]) -> String {
    codes
        .iter()
        .map(|c| format!("`{}`", super::errors::code_name(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `docs/api.md`: the preface (`commands/api_preface.md`), then every operation.
pub fn api_markdown(table: &[OpSpec]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<!-- Generated from src-tauri/commands/table.rs and commands/api_preface.md; do not edit. Regenerate: {BLESS} -->\n"
    );
    s.push_str(include_str!("api_preface.md").trim_end());
    s.push_str("\n\n## Who may do what (the role matrix, `src-tauri/domain/access.rs`)\n\n| action | what | who may |\n|---|---|---|\n");
    for a in Action::ALL {
        let who = if a == Action::Public {
            "anyone, no sign-in".to_string()
        } else {
            who_may(a)
                .iter()
                .map(|p: &Party| format!("{} ({})", p.label(Lang::En), p.label(Lang::Zh)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            s,
            "| `{}` | {} · {} | {} |",
            a.as_str(),
            a.label(Lang::En),
            a.label(Lang::Zh),
            who
        );
    }
    s.push_str(
        "\n## Text limits\n\nEvery text field of an operation's arguments has a maximum length in \
         characters (a Chinese character counts one), checked before the operation runs: a longer \
         value is refused with `invalid_input`, naming the field and its limit, and nothing is \
         changed. The limit goes by the field's name wherever it appears (each element of an \
         array of strings counts alone); any other string (an enum's tag, a map's key) may have \
         ",
    );
    let _ = writeln!(
        s,
        "{} characters. Defined in `src-tauri/domain/bounds.rs`.\n\n| kind | at most | fields |\n|---|---|---|",
        crate::domain::bounds::UNLISTED.chars()
    );
    for limit in crate::domain::bounds::Limit::ALL {
        let fields: Vec<String> = crate::domain::bounds::FIELDS
            .iter()
            .filter(|(_, l)| *l == limit)
            .map(|(f, _)| format!("`{f}`"))
            .collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            limit.name(),
            limit.chars(),
            fields.join(", ")
        );
    }
    s.push_str("\n## All operations\n\n| op | action | phones | changes | summary |\n|---|---|---|---|---|\n");
    for spec in table {
        let _ = writeln!(
            s,
            "| [`{0}`](#{0}) | `{1}` | {2} | {3} | {4} |",
            spec.name,
            spec.action.as_str(),
            yes_no(spec.phones),
            yes_no(spec.changes),
            summary(spec)
        );
    }
    s.push_str("\n## Operations\n");
    for spec in table {
        let _ = writeln!(s, "\n### {}\n\n{}\n", spec.name, summary(spec));
        let _ = writeln!(
            s,
            "- Action: `{}` · phones: {} · changes state: {}",
            spec.action.as_str(),
            yes_no(spec.phones),
            yes_no(spec.changes)
        );
        let _ = writeln!(s, "- Arguments: `{}`", (spec.args.name)());
        let _ = writeln!(s, "- Result: `{}`", (spec.result.name)());
        let _ = writeln!(
            s,
            "- Errors: {} (see [errors.md](errors.md))",
            code_list(&spec.all_errors())
        );
        if let Some(decl) = (spec.args.decl)() {
            let _ = writeln!(s, "\n```ts\n{decl}\n```");
        }
        let example =
            serde_json::to_string_pretty(&(spec.example)()).unwrap_or_else(|e| format!("<{e}>"));
        let _ = writeln!(s, "\nExample arguments:\n\n```json\n{example}\n```");
    }
    s
}
