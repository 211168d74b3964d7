//! The layering of the crate, read from its `crate::…` references (tests aside), so that a
//! new cycle or an upward import fails here rather than in review:
//!
//! - each domain module uses only the modules of the layers below its own ([`LAYERS`]);
//! - plumbing ([`PLUMBING`]) never reaches up into a domain module;
//! - a model (`model.rs`, `model/`) never names a DTO: DTOs are built from models, not the
//!   other way round.
//!
//! The composition roots (`lib`, `main`, `cli`, `routes`, `openapi`, `state`, `health`) wire
//! everything together and may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Domain modules from the bottom up; a module may use those on lower lines only.
const LAYERS: &[&[&str]] = &[
    &["words"],
    &["auth"],
    &["scope", "idempotency"],
    &["audit"],
    &["projects", "objections"],
    &["users"],
    &["sign_in", "grading", "clients"],
    &["leads"],
    &["follow_ups", "booking"],
    &["channels"],
    &["reception", "deals"],
    &["aftersales"],
    &["screens", "events", "reminders"],
    &["jobs", "notifications", "analytics"],
];

/// Below every domain module; uses only plumbing (and the application state).
const PLUMBING: &[&str] = &["db", "error", "config", "http", "schema", "crypto", "telemetry", "labels"];

/// May use anything.
const ROOTS: &[&str] = &["lib", "main", "cli", "routes", "openapi", "state", "health"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/leads/service/list.rs` → `leads`).
fn owner(path: &Path) -> String {
    let relative = path.strip_prefix(src()).expect("under src");
    let first = relative.iter().next().expect("a file").to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The code of a file without its unit tests, which may reach anywhere.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable");
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The first path segment of each top-level item of a `{…}` group.
fn group_heads(group: &str) -> Vec<String> {
    let (mut heads, mut depth, mut item) = (Vec::new(), 0, String::new());
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => heads.push(std::mem::take(&mut item)),
            _ if depth == 0 => item.push(c),
            _ => {}
        }
    }
    heads.push(item);
    heads.iter().filter_map(|h| h.trim().split("::").next().map(str::to_owned)).filter(|h| !h.is_empty()).collect()
}

/// Every top-level module a piece of code names through `crate::`.
fn references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find("};").unwrap_or(group.len());
            found.extend(group_heads(&group[..end]));
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.insert(name);
        }
    }
    found
}

/// module → (module it uses → a file that does).
fn edges() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| owner(f)).collect();
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in &files {
        let from = owner(file);
        for to in references(&code(file)) {
            if to != from && modules.contains(&to) {
                let shown = file.strip_prefix(src()).expect("under src").display().to_string();
                edges.entry(from.clone()).or_default().entry(to).or_insert(shown);
            }
        }
    }
    edges
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let mut wrong = Vec::new();
    for (from, uses) in edges() {
        if ROOTS.contains(&from.as_str()) {
            continue;
        }
        if PLUMBING.contains(&from.as_str()) {
            for (to, file) in &uses {
                if !PLUMBING.contains(&to.as_str()) && to != "state" {
                    wrong.push(format!("plumbing {from} reaches up to {to} (src/{file})"));
                }
            }
            continue;
        }
        let Some(level) = layer_of(&from) else {
            wrong.push(format!("{from} is in no layer: add it to LAYERS in tests/api/architecture.rs"));
            continue;
        };
        for (to, file) in &uses {
            if PLUMBING.contains(&to.as_str()) || to == "state" {
                continue;
            }
            match layer_of(to) {
                Some(below) if below < level => {}
                _ => wrong.push(format!("{from} uses {to}, which is not below it (src/{file})")),
            }
        }
    }
    assert!(wrong.is_empty(), "the layering is broken:\n{}", wrong.join("\n"));
}

#[test]
fn every_module_of_the_crate_has_a_place() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let placed = |m: &str| layer_of(m).is_some() || PLUMBING.contains(&m) || ROOTS.contains(&m);
    let homeless: BTreeSet<String> = files.iter().map(|f| owner(f)).filter(|m| !placed(m)).collect();
    assert!(homeless.is_empty(), "modules in no layer: {homeless:?}");
}

#[test]
fn models_never_name_a_dto() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| f.iter().any(|part| part == "model" || part == "model.rs"))
        .filter(|f| code(f).contains("dto::"))
        .map(|f| f.strip_prefix(src()).expect("under src").display().to_string())
        .collect();
    assert!(offenders.is_empty(), "models that name a DTO: {offenders:?}");
}

#[test]
fn the_reader_sees_use_groups_and_paths_alike() {
    let found =
        references("use crate::{audit::{self, Entry}, db, error::ApiError};\nlet x = crate::leads::service::find();");
    let expected: BTreeSet<String> = ["audit", "db", "error", "leads"].into_iter().map(str::to_owned).collect();
    assert_eq!(found, expected);
}
