//! The JUnit XML report: a `testsuite` per template and a `testcase` per case (classname = the
//! template path), so GitHub, GitLab and Jenkins show results natively. Written with quick-xml.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::entry::{Entry, Status};

/// The XML document text.
pub fn report(entries: &[Entry]) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail, so the write results are ignored.
    let _ = write_document(&mut writer, entries);
    let mut text = String::from_utf8(writer.into_inner()).unwrap_or_default();
    text.push('\n');
    text
}

fn write_document(writer: &mut Writer<Vec<u8>>, entries: &[Entry]) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", "apigw-vtl"));
    push_counts(&mut root, entries);
    writer.write_event(Event::Start(root))?;
    // Results arrive in discovery order, so a template's cases are adjacent.
    for group in entries.chunk_by(|a, b| a.result.template_path == b.result.template_path) {
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", xml_safe(&group[0].result.template_name).as_str()));
        push_counts(&mut suite, group);
        writer.write_event(Event::Start(suite))?;
        for entry in group {
            write_case(writer, entry)?;
        }
        writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("testsuites")))
}

fn write_case(writer: &mut Writer<Vec<u8>>, entry: &Entry) -> std::io::Result<()> {
    let r = &entry.result;
    let mut case = BytesStart::new("testcase");
    case.push_attribute(("name", xml_safe(&r.case).as_str()));
    case.push_attribute(("classname", xml_safe(&r.template_name).as_str()));
    case.push_attribute(("time", seconds(r.duration).as_str()));
    let child = match entry.status {
        Status::Passed if entry.notes.is_empty() => None,
        Status::Passed => Some("system-out"),
        Status::Failed => Some("failure"),
        Status::Skipped => Some("skipped"),
    };
    let Some(child) = child else {
        return writer.write_event(Event::Empty(case));
    };
    writer.write_event(Event::Start(case))?;
    let mut element = BytesStart::new(child);
    if child != "system-out" {
        element.push_attribute(("message", xml_safe(&entry.message).as_str()));
    }
    if child == "failure" {
        element.push_attribute(("type", entry.kind));
    }
    // The body carries the diff (or output) and what was done with snapshot files.
    let mut body = entry.detail.clone();
    for note in &entry.notes {
        if !body.is_empty() && !body.ends_with('\n') {
            body.push('\n');
        }
        body.push_str(note);
        body.push('\n');
    }
    if body.is_empty() {
        writer.write_event(Event::Empty(element))?;
    } else {
        writer.write_event(Event::Start(element))?;
        writer.write_event(Event::Text(BytesText::new(&xml_safe(&body))))?;
        writer.write_event(Event::End(BytesEnd::new(child)))?;
    }
    writer.write_event(Event::End(BytesEnd::new("testcase")))
}

fn push_counts(element: &mut BytesStart, entries: &[Entry]) {
    let count = |s: Status| entries.iter().filter(|e| e.status == s).count().to_string();
    let time: std::time::Duration = entries.iter().map(|e| e.result.duration).sum();
    element.push_attribute(("tests", entries.len().to_string().as_str()));
    element.push_attribute(("failures", count(Status::Failed).as_str()));
    element.push_attribute(("errors", "0"));
    element.push_attribute(("skipped", count(Status::Skipped).as_str()));
    element.push_attribute(("time", seconds(time).as_str()));
}

fn seconds(duration: std::time::Duration) -> String {
    format!("{:.6}", duration.as_secs_f64())
}

/// XML 1.0 cannot carry most control characters even escaped; template outputs may contain
/// them, so they are spelled as `\u{..}` instead.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c.to_string(),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                format!("\\u{{{:04x}}}", c as u32)
            }
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::xml_safe;

    #[test]
    fn control_characters_are_spelled_out() {
        assert_eq!(xml_safe("a\u{0}b\tc\u{1b}"), "a\\u{0000}b\tc\\u{001b}");
    }
}
