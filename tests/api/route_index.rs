//! The route index, `openapi/ROUTES.md`: every method and path, its operation id, and the
//! handler that serves it, generated from the OpenAPI document and the handlers' source.
//! It is what a reader opens first to find the code behind an endpoint; this test keeps
//! it true (regenerate with `ANCHANG_UPDATE_OPENAPI=1 cargo test`, like the spec).

use std::collections::BTreeMap;
use std::path::Path;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/ROUTES.md");

/// operation id → (`module::file::function`, source file), read from every
/// `#[utoipa::path(… operation_id = "…" …)]` and the function that follows it.
fn handlers() -> BTreeMap<String, (String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = BTreeMap::new();
    let mut pending = vec![root.join("src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let relative = path.strip_prefix(root.join("src")).expect("under src").with_extension("");
            let mut module: Vec<String> = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
            if module.last().is_some_and(|last| last == "mod") {
                module.pop();
            }
            for (at, _) in text.match_indices("operation_id = \"") {
                let rest = &text[at + "operation_id = \"".len()..];
                let id = rest.split('"').next().unwrap_or_default().to_owned();
                let Some(function) = rest.split("pub async fn ").nth(1) else { continue };
                let function = function.split(['(', '<']).next().unwrap_or_default().trim();
                let file = path.strip_prefix(root).expect("under the root").display().to_string();
                found.insert(id, (format!("{}::{function}", module.join("::")), file));
            }
        }
    }
    found
}

fn generated() -> String {
    let spec = anchang::openapi::document();
    let handlers = handlers();
    let mut rows = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let Some(id) = operation["operationId"].as_str() else { continue };
            // A PATCH's POST twin for mini-programs is served by the PATCH's handler.
            let served_by = id.strip_suffix("_via_post").unwrap_or(id);
            let (function, file) = handlers
                .get(served_by)
                .unwrap_or_else(|| panic!("no #[utoipa::path] with operation_id = {served_by:?} in src"));
            rows.push(format!("| {} | `{path}` | `{id}` | [`{function}`](../{file}) |", method.to_uppercase()));
        }
    }
    format!(
        "# Routes\n\n\
         Every endpoint, its operation id in `openapi.json`, and the function that serves it. Generated from the\n\
         spec and the handlers' `#[utoipa::path]` by `tests/api/route_index.rs`: regenerate with\n\
         `ANCHANG_UPDATE_OPENAPI=1 cargo test --test api route_index`.\n\n\
         | method | path | operation | handler |\n| --- | --- | --- | --- |\n{}\n",
        rows.join("\n")
    )
}

#[test]
fn the_route_index_lists_every_operation_and_its_handler() {
    let generated = generated();
    if std::env::var("ANCHANG_UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(COMMITTED, &generated).expect("write the index");
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/ROUTES.md is out of date: run `ANCHANG_UPDATE_OPENAPI=1 cargo test --test api route_index` and commit it"
    );
}
