//! Code, commands, paths and URLs: lines that are in neither language.
//!
//! Technical text interleaves its prose with shell sessions (`$ cargo build`,
//! `> echo %PATH%`), program text (`fn main() {`, `name = "hello"`), tool
//! output, paths and link targets. They are the same on both sides of a
//! translation, so they carry no sentence to align, and taken for English they
//! pair with Chinese prose. A line is code by its shape:
//!
//! - a shell prompt (`$`, `#`, `%`, `>`, `PS>`) and then a command word (lower
//!   case, or a path), the line not ending like a sentence; a comment after it
//!   may be in Chinese (`$ ./main # Windows 是 .\main.exe`);
//! - a link definition (`[name]: target`) or a line that is only a link;
//! - otherwise, only a line with fewer than two Han characters (Chinese prose
//!   quoting commands stays Chinese): one token that is a path, a URL, an option
//!   or a section header (`/etc/fstab`, `[package]`); an assignment
//!   (`edition = "2021"`); a line ending in `{`, `}` or `;`; or a line not
//!   ending like a sentence whose tokens are mostly code
//!   ([`params::CODE_MIN_TOKEN_SHARE`]: paths, options, `snake_case`
//!   identifiers, brackets) or whose first word is a common command followed
//!   by an argument (`sudo dnf install foo`, `mkfs.ext4 /dev/sda1`).

use crate::params;
use crate::script::is_han;

/// Commands that start a shell line without a prompt: the package managers,
/// build tools and file commands of installation guides (not those that are
/// also English words: make, cat, echo, export, mount). A line starting with
/// one of them (in lower case, then an argument) and not ending like a
/// sentence is a command, not English.
const COMMANDS: &[&str] = &[
    "apt",
    "apt-get",
    "brew",
    "cargo",
    "cd",
    "chmod",
    "chown",
    "cp",
    "curl",
    "dnf",
    "docker",
    "git",
    "grep",
    "ls",
    "mkdir",
    "mv",
    "npm",
    "pip",
    "pip3",
    "python3",
    "rm",
    "rustc",
    "rustup",
    "ssh",
    "sudo",
    "systemctl",
    "wget",
    "yum",
    "zypper",
];

/// True when `t` (a trimmed, non-empty line) is code, a command, a path or a URL.
pub(crate) fn is_code(t: &str) -> bool {
    if prompt_command(t) || link_definition(t) {
        return true;
    }
    if t.chars().filter(|&c| is_han(c)).count() >= params::ZH_MIN_HAN_WITH_PUNCT {
        return false;
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    if let [one] = tokens.as_slice() {
        if path_like(one)
            || file_name(one)
            || (one.starts_with('[') && one.ends_with(']') && one.len() > 2)
        {
            return true;
        }
    }
    if assignment(t) || t.ends_with(['{', '}']) || t.starts_with('}') || statement(t, &tokens) {
        return true;
    }
    if ends_sentence(t) {
        return false;
    }
    let code = tokens.iter().filter(|w| code_token(w)).count();
    if code as f64 >= params::CODE_MIN_TOKEN_SHARE * tokens.len() as f64 {
        return true;
    }
    match tokens.as_slice() {
        [first, arg, ..] => {
            (COMMANDS.contains(first) || command_word(first) && (path_like(arg) || option(arg)))
                && arg.chars().next().is_some_and(|c| !c.is_uppercase())
        }
        _ => false,
    }
}

/// A statement ending with `;`: code when it is one or two words (`return;`,
/// `use std::io;`) or holds a call, an assignment or a path (`(`, `=`,
/// `::`). Prose ends a clause with `;` too ("…to the Chief Librarian;").
fn statement(t: &str, tokens: &[&str]) -> bool {
    t.ends_with(';') && (tokens.len() <= 2 || t.contains(['(', '=']) || t.contains("::"))
}

/// A prompt, then a command word: `$ cargo build`, `> echo %PATH%`, `PS> ls`.
fn prompt_command(t: &str) -> bool {
    let rest = ["PS> ", "$ ", "# ", "% ", "> "]
        .iter()
        .find_map(|p| t.strip_prefix(p));
    let Some(rest) = rest else {
        return false;
    };
    let first = rest.split_whitespace().next().unwrap_or("");
    (command_word(first) || path_like(first)) && !ends_sentence(rest)
}

/// A word that can name a command: ASCII, starting with a lower-case letter,
/// `.`, `/` or `~`, made of letters, digits and `-_./\~+`.
fn command_word(w: &str) -> bool {
    let mut it = w.chars();
    it.next()
        .is_some_and(|c| c.is_ascii_lowercase() || matches!(c, '.' | '/' | '~'))
        && it.all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '\\' | '~' | '+')
        })
}

/// `[name]: target` (a Markdown link definition) or `[text](target)` alone.
fn link_definition(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let Some(close) = rest.find(']') else {
        return false;
    };
    let after = &rest[close + 1..];
    if let Some(target) = after.strip_prefix(':') {
        let target = target.trim();
        return !target.is_empty() && !target.contains(char::is_whitespace);
    }
    after.starts_with('(') && after.ends_with(')') && !after.contains(char::is_whitespace)
}

/// A path, a URL or a file name with a directory: `/dev/sda1`, `~/projects`,
/// `.\main`, `https://…`, `C:\Users`.
fn path_like(w: &str) -> bool {
    let w = w.trim_matches(|c| matches!(c, '`' | '"' | '\'' | '(' | ')' | ',' | '*' | '_'));
    w.contains("://")
        || ((w.contains('/') || w.contains('\\')) && w.chars().any(|c| c.is_ascii_alphanumeric()))
}

/// A file name: a name of two characters or more, a dot, and an extension of
/// one to four letters or digits (`main.rs`, `Cargo.toml`, `main.exe`); not
/// an abbreviation ("e.g", "U.S").
fn file_name(w: &str) -> bool {
    let w = w.trim_matches(|c| matches!(c, '`' | '"' | '\'' | '*' | '_'));
    let Some((name, ext)) = w.rsplit_once('.') else {
        return false;
    };
    name.chars().count() >= 2
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && (1..=4).contains(&ext.len())
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
        && ext.chars().any(|c| c.is_ascii_lowercase())
}

/// A command-line option: `-sSf`, `--version`.
fn option(w: &str) -> bool {
    let body = w.trim_start_matches('-');
    (1..=2).contains(&(w.len() - body.len())) && body.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// `key = value`, `key: value` of a configuration file is left to the prose
/// rules; only `=` with an identifier before it counts.
fn assignment(t: &str) -> bool {
    let Some((key, value)) = t.split_once('=') else {
        return false;
    };
    let key = key.trim_end();
    !key.is_empty()
        && !value.trim().is_empty()
        && key.len() < t.len() / 2 + 1
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
}

/// A token that reads as code: a path or URL, an option, an identifier with
/// `_` inside, or one holding brackets, `=`, `+` or `|`.
fn code_token(w: &str) -> bool {
    let inner = w.trim_matches(|c| matches!(c, '`' | ',' | '.' | ':'));
    path_like(inner)
        || file_name(inner)
        || option(inner)
        || inner.trim_matches('_').contains('_')
        || inner.contains(['[', ']', '{', '}', '=', '|', '+', '<', '>', '%', '$'])
        || (inner.contains('(') && !inner.starts_with('('))
}

/// Whether a line ends like a sentence (closing quotes and brackets skipped).
fn ends_sentence(t: &str) -> bool {
    let last = t.trim_end().chars().rev().find(|c| {
        !matches!(
            c,
            '”' | '’' | '"' | '\'' | ')' | '）' | '」' | '』' | '》' | ']' | '】'
        )
    });
    matches!(last, Some('。' | '.' | '!' | '?' | '！' | '？' | '…'))
}

#[cfg(test)]
mod tests {
    use super::is_code;

    #[test]
    fn code_commands_paths_and_urls() {
        for t in [
            "$ cargo new hello_cargo",
            "$ curl --proto '=https' --tlsv1.2 https://sh.rustup.rs -sSf | sh",
            "$ ./main # Windows 是 .\\main.exe",
            "> echo %PATH%",
            "> cd /d \"%USERPROFILE%\\projects\"",
            "sudo dnf install foo",
            "mkfs.ext4 /dev/sda1",
            "/etc/fstab",
            "https://www.rust-lang.org/tools/install",
            "[install]: https://www.rust-lang.org/tools/install",
            "[installation]: ch01-01-installation.html#安装",
            "[package]",
            "edition = \"2021\"",
            "fn main() {",
            "    println!(\"Hello, world!\");",
            "use std::io;",
            "let guess = String::new();",
            "return;",
            "Compiling hello_cargo v0.1.0 (file:///projects/hello_cargo)",
            "Finished dev [unoptimized + debuginfo] target(s) in 0.32 secs",
            "Running `target/debug/hello_cargo`",
            "main.exe",
            "main  main.rs",
        ] {
            assert!(is_code(t.trim()), "{t:?} is code");
        }
    }

    #[test]
    fn prose_is_not_code() {
        for t in [
            "ext4。",
            "If they try to fob you off, you tell them that I'll report them to the Chief Librarian;",
            "Installing `rustup` on Linux or macOS",
            "> Note: This book assumes basic familiarity with the command line.",
            "Open a terminal and enter the following commands to make a _projects_ directory.",
            "On Windows, enter the command `.\\main` instead of `./main`:",
            "如果你使用 Linux 或 macOS，打开终端并输入如下命令：",
            "运行 `cargo new --help` 查看可用的选项。",
            "The command downloads a script and starts the installation of the `rustup` tool",
            "Hello, world!",
            "Rust is installed now. Great!",
            "In PowerShell, use:",
            "Troubleshooting",
            "Press Y-20 to continue",
            "# Introduction",
            "cd is the command that changes the directory.",
            "make sure that everything works",
            "Use the U.S. site, e.g. the main one",
            "Open Cargo.toml in your editor",
        ] {
            assert!(!is_code(t), "{t:?} is prose");
        }
    }
}
