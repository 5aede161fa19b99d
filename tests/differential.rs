//! Differential test against the real Apache Velocity 1.7: random templates from our generator
//! go through `../shared/oracle/velocity17 batch` and through apigw-vtl; results must agree.
//! Runs where Java and the oracle are present (CI installs them); `DIFF_CASES` sets the count.

#[path = "common/vtlgen.rs"]
mod vtlgen;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use apigw_vtl::{RenderOptions, Template};

const ORACLE: &str = "../shared/oracle/velocity17";

fn oracle_available() -> Result<(), String> {
    if !Path::new(ORACLE).exists() {
        return Err(format!("{ORACLE} is not present"));
    }
    let java = Command::new("java").arg("-version").output();
    if !matches!(java, Ok(ref o) if o.status.success()) {
        return Err("java is not installed".to_string());
    }
    if !Path::new("/usr/share/java/velocity-1.7.jar").exists() {
        return Err(
            "the Debian package `velocity` (velocity-1.7.jar) is not installed".to_string(),
        );
    }
    Ok(())
}

fn run_oracle(input: &str) -> Result<Vec<serde_json::Value>, String> {
    let mut child = Command::new(ORACLE)
        .arg("batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the oracle: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let text = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(format!(
            "oracle failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str(&lone_surrogates_to_question_marks(l))
                .map_err(|e| format!("bad oracle line: {e}"))
        })
        .collect()
}

/// The oracle escapes every UTF-16 unit; a lone surrogate is what Java's UTF-8 writer prints as `?`.
fn lone_surrogates_to_question_marks(line: &str) -> String {
    let unit = |s: &str| -> Option<u16> {
        let hex = s.strip_prefix("\\u")?.get(..4)?;
        u16::from_str_radix(hex, 16).ok()
    };
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if rest.starts_with("\\\\") {
            out.push_str("\\\\");
            i += 2;
            continue;
        }
        match unit(rest) {
            Some(high @ 0xD800..=0xDBFF) => {
                if matches!(rest.get(6..).and_then(unit), Some(0xDC00..=0xDFFF)) {
                    out.push_str(&rest[..12]);
                    i += 12;
                } else {
                    let _ = high;
                    out.push('?');
                    i += 6;
                }
            }
            Some(0xDC00..=0xDFFF) => {
                out.push('?');
                i += 6;
            }
            _ => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

#[test]
fn random_templates_agree_with_velocity_1_7() {
    if let Err(reason) = oracle_available() {
        eprintln!("skipped: {reason}");
        return;
    }
    let count: usize = std::env::var("DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let seed: u64 = std::env::var("DIFF_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let cases = vtlgen::generate(seed, count);
    let mut input = String::new();
    for case in &cases {
        let line = serde_json::json!({"id": case.id, "template": case.template, "vars": case.vars});
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let expected = run_oracle(&input).expect("the oracle runs");
    assert_eq!(expected.len(), cases.len(), "one oracle result per case");
    let options = RenderOptions::default();
    let mut disagreements = Vec::new();
    for (case, oracle) in cases.iter().zip(&expected) {
        let empty = serde_json::Map::new();
        let vars = case.vars.as_object().unwrap_or(&empty);
        let ours =
            Template::parse(&case.id, &case.template).and_then(|t| t.render_json(vars, &options));
        let oracle_ok = oracle["ok"].as_bool() == Some(true);
        let agree = match (&ours, oracle_ok) {
            (Ok(out), true) => Some(out.as_str()) == oracle["output"].as_str(),
            (Err(_), false) => oracle["error"].as_str() != Some("timeout"),
            _ => false,
        };
        if !agree {
            disagreements.push(format!(
                "{}\n  template: {:?}\n  vars: {}\n  velocity: {}\n  ours: {:?}",
                case.id,
                case.template,
                case.vars,
                oracle,
                ours.map_err(|e| e.to_string())
            ));
        }
    }
    let agreed = cases.len() - disagreements.len();
    eprintln!(
        "differential: {agreed}/{} cases agree with Velocity 1.7 ({:.2}%), seed {seed}",
        cases.len(),
        100.0 * agreed as f64 / cases.len() as f64
    );
    if let Ok(path) = std::env::var("DIFF_REPORT") {
        let _ = std::fs::write(&path, disagreements.join("\n\n"));
    }
    for d in disagreements.iter().take(25) {
        eprintln!("{d}");
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} random templates disagree with Velocity 1.7 (first ones above)",
        disagreements.len(),
        cases.len()
    );
}
