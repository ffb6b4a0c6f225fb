//! Java and Kotlin build files: Maven's `pom.xml`, Gradle's build scripts and version catalogs.
//!
//! Dependencies are named `group:artifact`, lower case, as Maven Central names them. Test scopes
//! (`<scope>test</scope>`, `testImplementation`) are left out, like every test-only dependency.

use std::sync::LazyLock;

use regex::Regex;

use super::Dependency;

/// `pom.xml`: each `<dependency>` block's group and artifact, unless its scope is `test`.
pub fn pom(text: &str) -> Vec<Dependency> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"<(groupId|artifactId|scope)>\s*([^<\s]+)\s*</").expect("valid")
    });
    let mut out = Vec::new();
    let mut inside = false;
    let (mut group, mut artifact, mut scope) = (None, None, None);
    let mut start = 0;
    for (i, line) in text.lines().enumerate() {
        if line.contains("<dependency>") {
            inside = true;
            (group, artifact, scope) = (None, None, None);
            start = i as u32 + 1;
        }
        if inside {
            for m in TAG.captures_iter(line) {
                let value = Some(m[2].to_ascii_lowercase());
                match &m[1] {
                    "groupId" => group = value,
                    "artifactId" => artifact = value,
                    _ => scope = value,
                }
            }
        }
        if inside && line.contains("</dependency>") {
            inside = false;
            if let (Some(g), Some(a)) = (&group, &artifact) {
                if scope.as_deref() != Some("test") {
                    out.push(Dependency {
                        name: format!("{g}:{a}"),
                        line: start,
                    });
                }
            }
        }
    }
    out
}

/// `build.gradle` / `build.gradle.kts`: `implementation("g:a:v")`, `api 'g:a'` and the like;
/// configurations whose name starts with `test` are left out.
pub fn gradle(text: &str) -> Vec<Dependency> {
    static CALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"^\s*(implementation|api|compileOnly|runtimeOnly|annotationProcessor|kapt|ksp|developmentOnly)\s*\(?\s*(?:platform\s*\(\s*)?["']([\w.-]+):([\w.-]+)"#,
        )
        .expect("valid")
    });
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let m = CALL.captures(line)?;
            Some(Dependency {
                name: format!("{}:{}", &m[2], &m[3]).to_ascii_lowercase(),
                line: i as u32 + 1,
            })
        })
        .collect()
}

/// `gradle/libs.versions.toml`: the `module = "g:a"` or `group`/`name` of each library.
pub fn version_catalog(text: &str) -> Vec<Dependency> {
    static MODULE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\bmodule\s*=\s*"([\w.-]+):([\w.-]+)"|\bgroup\s*=\s*"([\w.-]+)"\s*,\s*name\s*=\s*"([\w.-]+)""#)
            .expect("valid")
    });
    let mut out = Vec::new();
    let mut libraries = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            libraries = t == "[libraries]";
            continue;
        }
        if !libraries {
            continue;
        }
        if let Some(m) = MODULE.captures(line) {
            let (g, a) = match (m.get(1), m.get(2)) {
                (Some(g), Some(a)) => (g.as_str(), a.as_str()),
                _ => (&m[3], &m[4]),
            };
            out.push(Dependency {
                name: format!("{g}:{a}").to_ascii_lowercase(),
                line: i as u32 + 1,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(deps: Vec<Dependency>) -> Vec<(String, u32)> {
        deps.into_iter().map(|d| (d.name, d.line)).collect()
    }

    #[test]
    fn pom_reads_dependencies_and_skips_test_scope() {
        let text = "<project>\n<dependencies>\n  <dependency>\n    <groupId>org.springframework.ai</groupId>\n    <artifactId>spring-ai-starter-model-openai</artifactId>\n  </dependency>\n  <dependency>\n    <groupId>dev.langchain4j</groupId>\n    <artifactId>langchain4j</artifactId>\n    <scope>test</scope>\n  </dependency>\n</dependencies>\n</project>\n";
        assert_eq!(
            names(pom(text)),
            [(
                "org.springframework.ai:spring-ai-starter-model-openai".to_string(),
                3
            )]
        );
    }

    #[test]
    fn gradle_reads_groovy_and_kotlin_calls_and_skips_tests() {
        let text = "dependencies {\n    implementation 'dev.langchain4j:langchain4j-open-ai:1.0.0'\n    implementation(\"com.openai:openai-java:2.0\")\n    testImplementation 'dev.langchain4j:langchain4j:1.0'\n    implementation(platform(\"org.springframework.ai:spring-ai-bom:1.0.0\"))\n}\n";
        assert_eq!(
            names(gradle(text)),
            [
                ("dev.langchain4j:langchain4j-open-ai".to_string(), 2),
                ("com.openai:openai-java".to_string(), 3),
                ("org.springframework.ai:spring-ai-bom".to_string(), 5),
            ]
        );
    }

    #[test]
    fn version_catalog_reads_module_and_group_name_forms() {
        let text = "[versions]\nlc = \"1.0\"\n[libraries]\nlc4j = { module = \"dev.langchain4j:langchain4j\", version.ref = \"lc\" }\nai = { group = \"org.springframework.ai\", name = \"spring-ai-core\" }\n[plugins]\nx = { id = \"a.b\" }\n";
        assert_eq!(
            names(version_catalog(text)),
            [
                ("dev.langchain4j:langchain4j".to_string(), 4),
                ("org.springframework.ai:spring-ai-core".to_string(), 5),
            ]
        );
    }
}
