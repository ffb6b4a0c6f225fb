//! What a pull request did to the evidence, read the way `ci` can: the changed files from the pull request files API (or git), the base's versions of them from git or the contents API, and the base scanned from the head's checkout.
//!
//! It works with the default `actions/checkout` (fetch-depth 1, so the base commit is not in
//! the clone): the changed files come from the API, paginated (GitHub lists at most 3,000), and
//! only the base files a rule reads are fetched, at most [`MAX_API_READS`] of them. Every failure
//! is a warning: the rest of the report goes on without the comparison.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use crate::changed::{self, ChangedFile, EvidenceChanges};
use crate::diff::Diff;
use crate::github::api::{Client, Repo};
use crate::github::log::Log;
use crate::github::outputs;
use crate::scan::catalogue::{self, Catalogue};
use crate::scan::Scan;
use crate::score::Score;
use crate::{load, revision, untrusted};

/// Base files read through the contents API at most, one request each: a pull request that
/// touches more evidence than this is compared on the first ones, and the comment says so.
pub const MAX_API_READS: usize = 50;

/// Where the pull request's files and the base's contents can be read.
pub struct Sources<'a> {
    pub client: Option<&'a Client>,
    pub repo: Option<&'a Repo>,
    /// The pull request, when there is one (else the changes come from git).
    pub pr_number: Option<u64>,
    pub base_ref: &'a str,
    pub workspace: &'a Path,
}

/// The evidence changes of the pull request for `head`, or `None` (with a warning on the log)
/// when the changed files or the base cannot be read.
pub async fn read(
    sources: &Sources<'_>,
    head: &Score,
    diff: Option<&Diff>,
    head_scan: &Scan,
    answers_path: &str,
    log: &mut Log<'_>,
) -> io::Result<Option<EvidenceChanges>> {
    let files = match changed_files(sources).await {
        Ok(files) => files,
        Err(message) => {
            warn(log, &format!("evidence changes not compared: {message}"))?;
            return Ok(None);
        }
    };
    let mut notes = Vec::new();
    let contents = base_contents(sources, &files, head_scan.catalogue, &mut notes).await;
    let rules = match base_rules(&files, &contents, head_scan.catalogue) {
        Ok(rules) => rules,
        Err(message) => {
            warn(log, &format!("evidence changes not compared: {message}"))?;
            return Ok(None);
        }
    };
    let base = match load::base_scan(sources.workspace, &files, &contents, rules) {
        Ok(base) => base,
        Err(e) => {
            warn(log, &format!("evidence changes not compared: {e}"))?;
            return Ok(None);
        }
    };
    let mut changes = changed::judge(head, diff, &files, &base, head_scan, answers_path);
    changes.notes = notes;
    for note in &changes.notes {
        writeln!(log, "note: {}", untrusted::shown(note))?;
    }
    Ok(Some(changes))
}

async fn changed_files(sources: &Sources<'_>) -> Result<Vec<ChangedFile>, String> {
    match (sources.client, sources.repo, sources.pr_number) {
        (Some(client), Some(repo), Some(number)) => client
            .pull_request_files(repo, number)
            .await
            .map_err(|e| format!("cannot list the pull request's files: {e}")),
        // A push compared with --base-ref: both commits should be in the clone.
        _ => revision::changed_files(sources.workspace, sources.base_ref, None),
    }
}

/// The rules the base is scanned with: each side is scanned with its own rules file, so a pull
/// request that switches a built-in rule off, or drops a team rule, shows as the evidence it
/// loses (and `fail-on-evidence-loss` can stop it) instead of being hidden by applying the
/// head's weaker rules to both sides. An unchanged rules file is the head's catalogue.
fn base_rules(
    files: &[ChangedFile],
    contents: &BTreeMap<String, Vec<u8>>,
    head: &'static Catalogue,
) -> Result<&'static Catalogue, String> {
    let touched = |f: &&ChangedFile| {
        f.base_path() == Some(load::RULES_FILE) || f.head_path() == Some(load::RULES_FILE)
    };
    let Some(file) = files.iter().find(touched) else {
        return Ok(head);
    };
    let q = head.questionnaire;
    let Some(base_path) = file.base_path() else {
        return Ok(catalogue::catalogue(q, None));
    };
    if base_path != load::RULES_FILE {
        // Renamed to the rules file: the base had none at that path.
        return Ok(catalogue::catalogue(q, None));
    }
    let Some(bytes) = contents.get(base_path) else {
        return Err(format!(
            "the base version of {} could not be read",
            load::RULES_FILE
        ));
    };
    load::catalogue_of(bytes, load::RULES_FILE, q).map_err(|_| {
        format!(
            "the base version of {} is not a valid rules file",
            load::RULES_FILE
        )
    })
}

/// The base's version of every changed file a rule reads (and of the rules file): from git
/// when the base commit is in the clone, else through the contents API (at most
/// [`MAX_API_READS`]).
async fn base_contents(
    sources: &Sources<'_>,
    files: &[ChangedFile],
    head: &'static Catalogue,
    notes: &mut Vec<String>,
) -> BTreeMap<String, Vec<u8>> {
    let mut wanted = changed::base_paths_to_read(files, &*crate::scan::relevant_to(head));
    let rules_changed = files
        .iter()
        .any(|f| f.base_path() == Some(load::RULES_FILE));
    if rules_changed && !wanted.iter().any(|p| p == load::RULES_FILE) {
        // First, so the API's cap never leaves it out.
        wanted.insert(0, load::RULES_FILE.to_string());
    }
    let mut contents = BTreeMap::new();
    if revision::commit(sources.workspace, sources.base_ref).is_some() {
        return revision::contents(sources.workspace, sources.base_ref, &wanted);
    }
    let (Some(client), Some(repo)) = (sources.client, sources.repo) else {
        if !wanted.is_empty() {
            notes.push(format!(
                "the base commit is not in the clone and the API is not available: {} base files were not read, so evidence lost may be missed (use `fetch-depth: 0`, or pass GITHUB_TOKEN)",
                wanted.len()
            ));
        }
        return contents;
    };
    if wanted.len() > MAX_API_READS {
        notes.push(format!(
            "{} changed files carry evidence; the first {MAX_API_READS} were read from the base (use `fetch-depth: 0` to compare them all from git)",
            wanted.len()
        ));
    }
    for path in wanted.into_iter().take(MAX_API_READS) {
        match client.file_at(repo, &path, sources.base_ref).await {
            Ok(Some(bytes)) => {
                contents.insert(path, bytes);
            }
            Ok(None) => {}
            Err(e) => {
                notes.push(format!("{path}: the base version could not be read: {e}"));
            }
        }
    }
    contents
}

fn warn(log: &mut Log<'_>, message: &str) -> io::Result<()> {
    log.command(&outputs::command("warning", message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changed::FileStatus;

    const DISABLES: &str =
        "disable:\n  - rule: container-image\n    reason: the Dockerfile builds the docs\n";

    fn changed(status: FileStatus) -> Vec<ChangedFile> {
        vec![ChangedFile {
            path: load::RULES_FILE.to_string(),
            status,
            previous: None,
        }]
    }

    fn has(c: &Catalogue, id: &str) -> bool {
        c.rules.iter().any(|r| r.id == id)
    }

    /// A pull request that switches a built-in off is compared with the base's rules, so the
    /// evidence the built-in gave shows as lost instead of vanishing from both sides.
    #[test]
    fn each_side_is_scanned_with_its_own_rules_file() {
        let q = crate::questionnaire::builtin();
        let head = load::catalogue_of(DISABLES.as_bytes(), load::RULES_FILE, q).unwrap();
        assert!(!has(head, "container-image"));
        let untouched = base_rules(&[], &BTreeMap::new(), head).unwrap();
        assert!(std::ptr::eq(untouched, head));
        let added = base_rules(&changed(FileStatus::Added), &BTreeMap::new(), head).unwrap();
        assert!(has(added, "container-image"));
        let base = BTreeMap::from([(load::RULES_FILE.to_string(), b"rules: []\n".to_vec())]);
        let modified = base_rules(&changed(FileStatus::Modified), &base, head).unwrap();
        assert!(has(modified, "container-image"));
        // The base version unread, or invalid: not compared (a warning), never the head's.
        let err = base_rules(&changed(FileStatus::Modified), &BTreeMap::new(), head);
        assert!(err.unwrap_err().contains("could not be read"));
        let bad = BTreeMap::from([(load::RULES_FILE.to_string(), b"rules: 3\n".to_vec())]);
        let err = base_rules(&changed(FileStatus::Modified), &bad, head);
        assert!(err.unwrap_err().contains("not a valid rules file"));
    }
}
