//! Reads the dependency names, and the line each is declared on, out of package manifests.
//!
//! Formats with a grammar (TOML, JSON) are parsed with their crates; line-based formats
//! (`requirements.txt`, `setup.cfg`, `environment.yml`, `go.mod`, `.csproj`) are read line by line,
//! which is how their own tools read them. Test-only groups are left out: a package installed
//! only to run the tests is not a practice of the application.

use std::sync::LazyLock;

use regex::Regex;

mod jvm;

/// The manifest formats understood, chosen by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Requirements,
    Pyproject,
    SetupCfg,
    Pipfile,
    CondaEnvironment,
    PackageJson,
    CargoToml,
    GoMod,
    Csproj,
    SetupPy,
    Pom,
    Gradle,
    VersionCatalog,
}

impl Kind {
    /// The ecosystem a team rule's `ecosystem:` names for this manifest (see
    /// `rule::kind::ECOSYSTEMS`).
    pub fn ecosystem(self) -> &'static str {
        match self {
            Kind::Requirements
            | Kind::Pyproject
            | Kind::SetupCfg
            | Kind::Pipfile
            | Kind::CondaEnvironment
            | Kind::SetupPy => "pypi",
            Kind::PackageJson => "npm",
            Kind::CargoToml => "cargo",
            Kind::GoMod => "go",
            Kind::Csproj => "nuget",
            Kind::Pom | Kind::Gradle | Kind::VersionCatalog => "maven",
        }
    }
}

/// Which globs (relative path, `/` separators) select which format.
pub const MANIFESTS: &[(&str, Kind)] = &[
    ("**/*requirements*.{txt,in}", Kind::Requirements),
    ("**/requirements/*.{txt,in}", Kind::Requirements),
    ("**/pyproject.toml", Kind::Pyproject),
    ("**/setup.cfg", Kind::SetupCfg),
    ("**/Pipfile", Kind::Pipfile),
    ("**/{environment,conda}*.{yml,yaml}", Kind::CondaEnvironment),
    ("**/package.json", Kind::PackageJson),
    ("**/Cargo.toml", Kind::CargoToml),
    ("**/go.mod", Kind::GoMod),
    ("**/*.csproj", Kind::Csproj),
    ("**/setup.py", Kind::SetupPy),
    ("**/pom.xml", Kind::Pom),
    ("**/{build.gradle,build.gradle.kts}", Kind::Gradle),
    ("**/gradle/libs.versions.toml", Kind::VersionCatalog),
];

/// A declared dependency: its normalised name and the 1-based line that declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    pub line: u32,
}

/// Every non-test dependency declared in `text`, a manifest of the given kind. A manifest that
/// does not parse declares nothing (the scan reports what it can prove, and nothing else).
pub fn dependencies(kind: Kind, text: &str) -> Vec<Dependency> {
    match kind {
        Kind::Requirements => requirements(text),
        Kind::Pyproject => pyproject(text),
        Kind::SetupCfg => setup_cfg(text),
        Kind::Pipfile => pipfile(text),
        Kind::CondaEnvironment => conda(text),
        Kind::PackageJson => package_json(text),
        Kind::CargoToml => cargo_toml(text),
        Kind::GoMod => go_mod(text),
        Kind::Csproj => csproj(text),
        Kind::SetupPy => setup_py(text),
        Kind::Pom => jvm::pom(text),
        Kind::Gradle => jvm::gradle(text),
        Kind::VersionCatalog => jvm::version_catalog(text),
    }
}

/// PEP 503 normalisation: lower case, runs of `-`, `_` and `.` become one `-`.
fn python_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A group of optional or development dependencies that exists only to run tests.
fn is_test_group(group: &str) -> bool {
    group.to_ascii_lowercase().contains("test")
}

/// The distribution name at the start of a PEP 508 requirement (`ragas>=0.1; python_version>"3"`).
fn pep508_name(spec: &str) -> Option<&str> {
    let spec = spec.trim_start();
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(spec.len());
    let name = &spec[..end];
    (!name.is_empty() && name.starts_with(|c: char| c.is_ascii_alphanumeric())).then_some(name)
}

/// The first line where `raw` stands as a whole name (not inside a longer name), else line 1.
/// Used for formats parsed as a whole, whose parsers do not keep positions.
fn line_of(text: &str, raw: &str) -> u32 {
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '@');
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with('#') || code.starts_with("//") {
            continue;
        }
        let mut from = 0;
        while let Some(at) = line[from..].find(raw) {
            let start = from + at;
            let end = start + raw.len();
            let before = line[..start].chars().next_back();
            let after = line[end..].chars().next();
            if !before.is_some_and(is_name) && !after.is_some_and(is_name) {
                return i as u32 + 1;
            }
            from = end;
        }
    }
    1
}

fn located(text: &str, raw: &str, name: String) -> Dependency {
    Dependency {
        line: line_of(text, raw),
        name,
    }
}

fn requirements(text: &str) -> Vec<Dependency> {
    let compiled = is_compiled(text);
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.split(" #").next().unwrap_or("").trim();
            // Options (`-r other.txt`, `-e .`, `--index-url`), URLs and paths name no package here.
            if line.starts_with(['-', '#', '.', '/']) || line.contains("://") {
                return None;
            }
            let name = pep508_name(line)?;
            if compiled && !chosen_directly(&lines[i + 1..]) {
                return None;
            }
            Some(Dependency {
                name: python_name(name),
                line: i as u32 + 1,
            })
        })
        .collect()
}

/// Whether a requirements file was written by a tool from other files (pip-compile, uv, poetry
/// export): it pins every transitive dependency, so a name in it is not by itself a choice of
/// the team.
fn is_compiled(text: &str) -> bool {
    let head: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
    text.contains("--hash=")
        || head.contains("autogenerated by pip-compile")
        || head.contains("uv pip compile")
        || head.contains("uv export")
        || head.contains("poetry export")
        || text.lines().any(|l| l.trim_start().starts_with("# via"))
}

/// In a compiled file, whether the requirement whose following lines are `rest` was asked for
/// directly: pip-compile and uv annotate it `# via -r requirements.in` (or the project's own
/// `pyproject.toml`); a transitive pin names only other packages.
fn chosen_directly(rest: &[&str]) -> bool {
    for line in rest {
        let t = line.trim_start();
        if t.starts_with("--hash") || t.starts_with('\\') {
            continue;
        }
        if let Some(via) = t.strip_prefix('#') {
            let via = via.trim_start();
            let via = via.strip_prefix("via").unwrap_or(via).trim();
            if via.starts_with("-r ")
                || via.starts_with("-c ")
                || via.contains("pyproject.toml")
                || via.contains("setup.")
                || via.contains(".in")
            {
                return true;
            }
            continue;
        }
        break;
    }
    false
}

fn toml_table(text: &str) -> Option<toml::Table> {
    text.parse::<toml::Table>().ok()
}

fn get<'a>(table: &'a toml::Table, path: &[&str]) -> Option<&'a toml::Value> {
    let (first, rest) = path.split_first()?;
    let mut value = table.get(*first)?;
    for key in rest {
        value = value.as_table()?.get(*key)?;
    }
    Some(value)
}

/// PEP 508 strings of a TOML array (`dependencies = ["ragas>=0.1", ...]`).
fn pep508_array(text: &str, value: Option<&toml::Value>, out: &mut Vec<Dependency>) {
    for spec in value
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
    {
        if let Some(raw) = pep508_name(spec) {
            out.push(located(text, raw, python_name(raw)));
        }
    }
}

/// Groups of PEP 508 arrays, test groups left out (`[project.optional-dependencies]`).
fn pep508_groups(text: &str, value: Option<&toml::Value>, out: &mut Vec<Dependency>) {
    for (group, specs) in value.and_then(toml::Value::as_table).into_iter().flatten() {
        if !is_test_group(group) {
            pep508_array(text, Some(specs), out);
        }
    }
}

/// The keys of a TOML table of packages (`[tool.poetry.dependencies]`, `[packages]`).
fn key_names(
    text: &str,
    value: Option<&toml::Value>,
    normalise: fn(&str) -> String,
    out: &mut Vec<Dependency>,
) {
    for (key, spec) in value.and_then(toml::Value::as_table).into_iter().flatten() {
        // Cargo's `alias = { package = "real-name" }` renames a dependency.
        let real = spec
            .as_table()
            .and_then(|t| t.get("package"))
            .and_then(toml::Value::as_str)
            .unwrap_or(key);
        if real != "python" {
            out.push(located(text, key, normalise(real)));
        }
    }
}

fn pyproject(text: &str) -> Vec<Dependency> {
    let Some(t) = toml_table(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    pep508_array(text, get(&t, &["project", "dependencies"]), &mut out);
    pep508_groups(
        text,
        get(&t, &["project", "optional-dependencies"]),
        &mut out,
    );
    pep508_groups(text, get(&t, &["dependency-groups"]), &mut out);
    pep508_array(text, get(&t, &["tool", "uv", "dev-dependencies"]), &mut out);
    pep508_groups(
        text,
        get(&t, &["tool", "pdm", "dev-dependencies"]),
        &mut out,
    );
    let poetry = |path: &[&str], out: &mut Vec<Dependency>| {
        key_names(text, get(&t, path), python_name, out);
    };
    poetry(&["tool", "poetry", "dependencies"], &mut out);
    poetry(&["tool", "poetry", "dev-dependencies"], &mut out);
    if let Some(groups) = get(&t, &["tool", "poetry", "group"]).and_then(toml::Value::as_table) {
        for (group, body) in groups {
            if !is_test_group(group) {
                let deps = body.as_table().and_then(|b| b.get("dependencies"));
                key_names(text, deps, python_name, &mut out);
            }
        }
    }
    out
}

fn pipfile(text: &str) -> Vec<Dependency> {
    let Some(t) = toml_table(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    key_names(text, t.get("packages"), python_name, &mut out);
    key_names(text, t.get("dev-packages"), python_name, &mut out);
    out
}

fn cargo_toml(text: &str) -> Vec<Dependency> {
    let Some(t) = toml_table(text) else {
        return Vec::new();
    };
    let crate_name = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    let mut out = Vec::new();
    // `dev-dependencies` are for tests, examples and benches only, so they are not read.
    for path in [
        &["dependencies"][..],
        &["build-dependencies"],
        &["workspace", "dependencies"],
    ] {
        key_names(text, get(&t, path), crate_name, &mut out);
    }
    for target in t
        .get("target")
        .and_then(toml::Value::as_table)
        .into_iter()
        .flat_map(|t| t.values())
    {
        if let Some(target) = target.as_table() {
            key_names(text, target.get("dependencies"), crate_name, &mut out);
        }
    }
    out
}

fn package_json(text: &str) -> Vec<Dependency> {
    let Ok(serde_json::Value::Object(root)) = serde_json::from_str::<serde_json::Value>(text)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // devDependencies count: evaluation tools such as promptfoo are installed there.
    for section in [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
    ] {
        if let Some(serde_json::Value::Object(deps)) = root.get(section) {
            for name in deps.keys() {
                out.push(Dependency {
                    line: line_of(text, &format!("\"{name}\"")),
                    name: name.to_ascii_lowercase(),
                });
            }
        }
    }
    out
}

/// `setup.cfg`: `install_requires` under `[options]` and the groups of `[options.extras_require]`.
fn setup_cfg(text: &str) -> Vec<Dependency> {
    let mut out = Vec::new();
    let mut section = String::new();
    // Whether the lines being read (a key's value and its indented continuation) are requirements.
    let mut collecting = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).trim().to_ascii_lowercase();
            collecting = false;
            continue;
        }
        let mut value = line;
        if !raw.starts_with([' ', '\t']) {
            let (key, rest) = line.split_once(['=', ':']).unwrap_or((line, ""));
            let key = key.trim();
            collecting = match section.as_str() {
                "options" => key == "install_requires",
                "options.extras_require" => !is_test_group(key),
                _ => false,
            };
            value = rest.trim();
        }
        if collecting {
            if let Some(name) = pep508_name(value) {
                out.push(Dependency {
                    name: python_name(name),
                    line: i as u32 + 1,
                });
            }
        }
    }
    out
}

/// `setup.py`: the string literals of `install_requires=[...]` (a literal list, as nearly every
/// `setup.py` writes it; a computed list names nothing we can read without running it).
fn setup_py(text: &str) -> Vec<Dependency> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"["']([A-Za-z0-9][A-Za-z0-9._-]*)[^"']*["']"#).expect("valid")
    });
    let mut out = Vec::new();
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        if !inside {
            let Some(at) = line.find("install_requires") else {
                continue;
            };
            let after = &line[at..];
            let Some(open) = after.find('[') else {
                continue;
            };
            inside = true;
            rest = &after[open + 1..];
        }
        let code = rest.split('#').next().unwrap_or("");
        let (items, closed) = match code.find(']') {
            Some(end) => (&code[..end], true),
            None => (code, false),
        };
        for m in ITEM.captures_iter(items) {
            out.push(Dependency {
                name: python_name(&m[1]),
                line: i as u32 + 1,
            });
        }
        if closed {
            inside = false;
        }
    }
    out
}

/// `environment.yml`: the items of `dependencies:` and of its nested `pip:` list.
fn conda(text: &str) -> Vec<Dependency> {
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*-\s+([A-Za-z0-9][A-Za-z0-9._-]*)").expect("valid"));
    let mut out = Vec::new();
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty() {
            inside = line.trim_end().starts_with("dependencies:");
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(m) = ITEM.captures(line) {
            let name = &m[1];
            if line.trim_end().ends_with(':') && name == "pip" {
                continue;
            }
            // `conda-forge::ragas` names a channel first.
            let name = name.rsplit("::").next().unwrap_or(name);
            out.push(Dependency {
                name: python_name(name),
                line: i as u32 + 1,
            });
        }
    }
    out
}

/// `go.mod`: direct requirements, single-line or in a `require ( ... )` block.
fn go_mod(text: &str) -> Vec<Dependency> {
    let mut out = Vec::new();
    let mut block = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let spec = if block {
            if line.starts_with(')') {
                block = false;
                continue;
            }
            line
        } else if let Some(rest) = line.strip_prefix("require") {
            let rest = rest.trim();
            if rest.starts_with('(') {
                block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        // An indirect requirement is a dependency of a dependency, not a choice of this module.
        if spec.is_empty() || spec.starts_with("//") || spec.contains("// indirect") {
            continue;
        }
        if let Some(path) = spec.split_whitespace().next() {
            out.push(Dependency {
                name: path.to_ascii_lowercase(),
                line: i as u32 + 1,
            });
        }
    }
    out
}

/// `.csproj`: `<PackageReference Include="...">`; a test project declares nothing.
fn csproj(text: &str) -> Vec<Dependency> {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<PackageReference\s[^>]*?\b(?:Include|Update)\s*=\s*"([^"]+)""#)
            .expect("valid")
    });
    if text.contains("<IsTestProject>true</IsTestProject>") {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let m = REFERENCE.captures(line)?;
            Some(Dependency {
                name: m[1].to_ascii_lowercase(),
                line: i as u32 + 1,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(kind: Kind, text: &str) -> Vec<(String, u32)> {
        dependencies(kind, text)
            .into_iter()
            .map(|d| (d.name, d.line))
            .collect()
    }

    fn n(name: &str, line: u32) -> (String, u32) {
        (name.to_string(), line)
    }

    #[test]
    fn requirements_names_versions_markers_and_options() {
        let text = "# pinned\n-r base.txt\nRagas>=0.1 ; python_version>'3.9'\nazure_ai.evaluation[remote]==1.0\n-e .\ngit+https://x/y.git\n\nopenai  # client\n";
        assert_eq!(
            names(Kind::Requirements, text),
            [n("ragas", 3), n("azure-ai-evaluation", 4), n("openai", 8)]
        );
    }

    #[test]
    fn compiled_requirements_count_only_what_was_asked_for_directly() {
        let text = "#\n# This file is autogenerated by pip-compile with Python 3.11\n#\nanthropic==0.40.0\n    # via -r requirements.in\nhttpx==0.27.0\n    # via\n    #   anthropic\n    #   openai\nopenai==1.0.0 \\\n    --hash=sha256:abc\n    # via\n    #   -r requirements.in\n    #   langchain-openai\nragas==0.1\n    # via langchain\n";
        assert_eq!(
            names(Kind::Requirements, text),
            [n("anthropic", 4), n("openai", 10)]
        );
        // A poetry or uv export with hashes and no annotations names nothing directly.
        let export = "openai==1.0.0 ; python_version >= \"3.9\" \\\n    --hash=sha256:abc\nragas==0.1 \\\n    --hash=sha256:def\n";
        assert_eq!(names(Kind::Requirements, export), []);
    }

    #[test]
    fn setup_py_reads_a_literal_install_requires() {
        let text = "from setuptools import setup\nsetup(\n    name=\"verba\",\n    install_requires=[\n        \"weaviate-client==4.9.6\",\n        'openai>=1', # client\n    ],\n    extras_require={\"dev\": [\"pytest\"]},\n)\n";
        assert_eq!(
            names(Kind::SetupPy, text),
            [n("weaviate-client", 5), n("openai", 6)]
        );
        assert_eq!(
            names(Kind::SetupPy, "install_requires=[\"ragas\"]\n"),
            [n("ragas", 1)]
        );
    }

    #[test]
    fn pyproject_skips_test_groups_and_finds_lines() {
        let text = r#"[project]
name = "app"
dependencies = [
  "semantic-kernel>=1.0",
  "openai",
]
[project.optional-dependencies]
eval = ["ragas"]
test = ["deepeval"]
[dependency-groups]
tests = ["promptfoo"]
dev = ["langfuse"]
[tool.poetry.group.test.dependencies]
trulens = "*"
[tool.poetry.dependencies]
python = "^3.11"
Llama_Index = "*"
"#;
        assert_eq!(
            names(Kind::Pyproject, text),
            [
                n("semantic-kernel", 4),
                n("openai", 5),
                n("ragas", 8),
                n("langfuse", 12),
                n("llama-index", 17),
            ]
        );
    }

    #[test]
    fn a_broken_manifest_declares_nothing() {
        assert!(names(Kind::Pyproject, "[project\ndependencies = [").is_empty());
        assert!(names(Kind::PackageJson, "{\"dependencies\": ").is_empty());
    }

    #[test]
    fn package_json_counts_dev_dependencies() {
        let text = "{\n  \"name\": \"app\",\n  \"dependencies\": {\"@langchain/core\": \"^0.3\"},\n  \"devDependencies\": {\n    \"promptfoo\": \"^0.100\"\n  }\n}\n";
        assert_eq!(
            names(Kind::PackageJson, text),
            [n("@langchain/core", 3), n("promptfoo", 5)]
        );
    }

    #[test]
    fn setup_cfg_install_requires_and_extras() {
        let text = "[metadata]\nname = app\n[options]\ninstall_requires =\n    openai\n    guardrails-ai>=0.5\npython_requires = >=3.9\n[options.extras_require]\ntesting =\n    deepeval\nobs = langfuse\n";
        assert_eq!(
            names(Kind::SetupCfg, text),
            [n("openai", 5), n("guardrails-ai", 6), n("langfuse", 11)]
        );
    }

    #[test]
    fn conda_environment_with_pip_section() {
        let text = "name: app\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n    - promptflow-evals==0.3\n";
        assert_eq!(
            names(Kind::CondaEnvironment, text),
            [n("python", 5), n("pip", 6), n("promptflow-evals", 8)]
        );
    }

    #[test]
    fn cargo_leaves_out_dev_dependencies_and_follows_renames() {
        let text = "[package]\nname = \"x\"\n[dependencies]\nasync_openai = \"0.20\"\nlc = { package = \"langchain-rust\", version = \"4\" }\n[dev-dependencies]\npeft = \"1\"\n";
        assert_eq!(
            names(Kind::CargoToml, text),
            [n("async-openai", 4), n("langchain-rust", 5)]
        );
    }

    #[test]
    fn go_mod_direct_requirements_only() {
        let text = "module x\n\nrequire github.com/sashabaranov/go-openai v1.20.0\nrequire (\n\tgithub.com/tmc/langchaingo v0.1.0\n\tgolang.org/x/net v0.1.0 // indirect\n)\n";
        assert_eq!(
            names(Kind::GoMod, text),
            [
                n("github.com/sashabaranov/go-openai", 3),
                n("github.com/tmc/langchaingo", 5)
            ]
        );
    }

    #[test]
    fn csproj_references_and_test_projects() {
        let text = "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.SemanticKernel\" Version=\"1.0\" />\n  </ItemGroup>\n</Project>\n";
        assert_eq!(
            names(Kind::Csproj, text),
            [n("microsoft.semantickernel", 3)]
        );
        let test = text.replace(
            "<ItemGroup>",
            "<IsTestProject>true</IsTestProject><ItemGroup>",
        );
        assert!(names(Kind::Csproj, &test).is_empty());
    }
}
