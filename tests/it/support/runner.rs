//! What an Actions runner would run from a step's output: its workflow-command parser, in small.
//!
//! Mirrors actions/runner (`ActionCommand.TryParseV2` and `TryParse`, `ActionCommandManager`):
//! a line is split at LF or CR; `::name ...::data` counts after leading whitespace is trimmed,
//! the legacy `##[name ...]data` anywhere in the line; `stop-commands` ignores every command
//! until one named by its token. Tests assert on the commands this returns, which is what a
//! runner would have acted on, rather than on the absence of some string.

/// The commands a runner would process in `output`, as `name data` (properties dropped), the
/// stop and resume markers included.
pub fn commands(output: &str) -> Vec<String> {
    let mut processed = Vec::new();
    let mut stopped: Option<String> = None;
    for line in output.split(['\n', '\r']) {
        let Some((name, data)) = parse(line) else {
            continue;
        };
        match &stopped {
            Some(token) if name.eq_ignore_ascii_case(token) => {
                stopped = None;
                processed.push(format!("{name} {data}"));
            }
            Some(_) => {}
            None => {
                if name.eq_ignore_ascii_case("stop-commands") {
                    stopped = Some(data.clone());
                }
                processed.push(format!("{name} {data}"));
            }
        }
    }
    processed
}

/// Any workflow command named in `line`, as the runner parses it (it then keeps only the names
/// it knows; here every name counts, which is stricter).
fn parse(line: &str) -> Option<(String, String)> {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("::") {
        if let Some(end) = rest.find("::") {
            let info = &rest[..end];
            let name = info.split(' ').next().unwrap_or_default();
            if !name.is_empty() {
                return Some((name.to_string(), rest[end + 2..].to_string()));
            }
        }
    }
    let start = line.find("##[")?;
    let rest = &line[start + 3..];
    let end = rest.find(']')?;
    let name = rest[..end].split(' ').next().unwrap_or_default();
    (!name.is_empty()).then(|| (name.to_string(), rest[end + 1..].to_string()))
}

/// The commands processed that are not stop or resume markers.
pub fn acted_on(output: &str) -> Vec<String> {
    let all = commands(output);
    let tokens: Vec<String> = all
        .iter()
        .filter_map(|c| c.strip_prefix("stop-commands ").map(str::to_string))
        .collect();
    all.into_iter()
        .filter(|c| {
            let name = c.split(' ').next().unwrap_or_default();
            name != "stop-commands" && !tokens.iter().any(|t| t == name)
        })
        .collect()
}
