//! What the `netvu` binary's end-to-end tests share: running it, and a fresh
//! scratch directory per test.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn netvu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netvu"))
        .args(args)
        .output()
        .expect("netvu runs")
}

/// An empty directory of its own for test `name` of this process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("netvu-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
