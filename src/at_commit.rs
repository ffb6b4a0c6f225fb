//! Reads the questionnaire file an answers file names from the commit the answers come from (git objects, the contents API): the path arithmetic and the loading, pure, with the commit's files read by the caller.

use std::path::{Component, Path};

use crate::config::{Value, MAX_FILE_BYTES};
use crate::questionnaire::{file, Questionnaire, Source};
use crate::validate::QuestionnaireError;

/// The repository path (`/`-separated, from the root) of the questionnaire file `value` names,
/// relative to the answers file at `answers`; `Err` when it would leave the repository. Pure: a
/// commit's files are read by the caller, from git or the API.
pub fn blob_path(answers: &str, value: &str) -> Result<String, QuestionnaireError> {
    let unreadable = |why: &str| Err(QuestionnaireError::Unreadable(why.to_string()));
    if Path::new(value).is_absolute() {
        return unreadable(
            "an absolute path; name the file relative to the answers file, inside the repository",
        );
    }
    let joined = Path::new(answers)
        .parent()
        .unwrap_or(Path::new(""))
        .join(value);
    let mut depth = 0usize;
    let mut parts: Vec<String> = Vec::new();
    for part in joined.components() {
        match part {
            Component::ParentDir if parts.pop().is_none() => depth += 1,
            Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    if depth > 0 || parts.is_empty() {
        return unreadable("outside the repository; keep the questionnaire file in the repository, relative to the answers file");
    }
    Ok(parts.join("/"))
}

/// The questionnaire file at repository path `relative`, from its bytes as a commit has them
/// (cut at one byte past the limit, or whole).
pub fn questionnaire_of(
    relative: &str,
    bytes: &[u8],
) -> Result<&'static Questionnaire, QuestionnaireError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(QuestionnaireError::Unreadable(
            "larger than 1 MiB, the limit for a questionnaire file".into(),
        ));
    }
    let source = Source::File(relative.to_string());
    file::load(bytes, source, &builtin_ids()).map_err(|problems| {
        QuestionnaireError::Invalid(
            problems
                .into_iter()
                .map(|d| d.in_file(relative.to_string()))
                .collect(),
        )
    })
}

/// The repository path of the questionnaire file that the answers file `bytes` at `answers`
/// names, when it names one inside the repository: what a caller reading a commit (`org`,
/// `history`) must fetch before the file can be scored. `None` for a built-in id, no
/// `questionnaire:`, a file that does not parse, or a path out of the repository (validation
/// says why of each).
pub fn named_questionnaire(answers: &str, bytes: &[u8]) -> Option<String> {
    let root = crate::config::parse(bytes).ok()?;
    let Value::Map(entries) = &root.value else {
        return None;
    };
    let value = entries
        .iter()
        .find_map(|(k, v)| match (&k.value, &v.value) {
            (Value::Str(key), Value::Str(value)) if key == "questionnaire" => Some(value),
            _ => None,
        })?;
    if !crate::validate::is_questionnaire_path(value) {
        return None;
    }
    blob_path(answers, value).ok()
}

/// The ids of the built-in evidence rules, which a questionnaire's `rules:` may not take.
pub fn builtin_ids() -> Vec<&'static str> {
    crate::scan::rules::RULES.iter().map(|r| r.id).collect()
}
