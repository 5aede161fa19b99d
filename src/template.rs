//! A parsed template: parse once, render many times, from any thread.
//! Rendering takes variables and options and gives the output bytes or a located error.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Result, Source};
use crate::limit::Limit;
use crate::render::eval::Renderer;
use crate::render::value::Value;
use crate::render::{Limits, Profile};
use crate::span::LineIndex;
use crate::syntax::ast::{Block, MacroDef, Name};
use crate::syntax::{self};

/// Options for one render.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Stock Velocity or API Gateway behaviour.
    pub profile: Profile,
    /// Bounds on work and output.
    pub limits: Limits,
}

/// A parsed, immutable template.
#[derive(Clone, Debug)]
pub struct Template {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    source: Source,
    body: Block,
    macros: HashMap<Name, Arc<MacroDef>>,
    reads_below_root: bool,
}

/// Whether `text` may call `path(…)` or `json(…)` with anything but the root path `'$'`: a
/// performance hint for `$input` (the whole body is then read from one parsed document; else
/// straight from its text). A wrong guess costs time only, never a different output.
fn reads_below_root(text: &str) -> bool {
    ["path(", "json("].iter().any(|call| {
        text.match_indices(call).any(|(at, _)| {
            let argument = text.get(at + call.len()..).unwrap_or("").trim_start();
            let rest = argument
                .strip_prefix("'$'")
                .or_else(|| argument.strip_prefix("\"$\""));
            !rest.is_some_and(|rest| rest.trim_start().starts_with(')'))
        })
    })
}

impl Template {
    /// Parses `text`; `name` (a file name) appears in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Template> {
        Template::parse_with_limits(name, text, &Limits::default())
    }

    /// Parses `text` within `limits`' template size and nesting depth.
    pub fn parse_with_limits(name: &str, text: &str, limits: &Limits) -> Result<Template> {
        let source = Source {
            name: name.into(),
            text: text.into(),
        };
        check_template_size(&source, limits)?;
        let parsed = syntax::parse_nested_at_most(&source, limits.max_nesting)?;
        let mut macros = HashMap::new();
        // Velocity keeps the first inline definition of a name.
        for def in parsed.macros {
            macros.entry(def.name.clone()).or_insert(def);
        }
        Ok(Template {
            inner: Arc::new(Inner {
                reads_below_root: reads_below_root(&source.text),
                source,
                body: parsed.body,
                macros,
            }),
        })
    }

    /// The template's name.
    pub fn name(&self) -> &str {
        &self.inner.source.name
    }

    /// The template's source text.
    pub fn source(&self) -> &str {
        &self.inner.source.text
    }

    /// Whether the template may read JSONPaths below the root (`$input.path('$.a')`); see
    /// [`reads_below_root`].
    pub fn reads_json_below_root(&self) -> bool {
        self.inner.reads_below_root
    }

    /// The syntax tree.
    pub fn body(&self) -> &Block {
        &self.inner.body
    }

    /// Renders with `vars` as the context's variables.
    pub fn render(&self, vars: HashMap<Name, Value>, options: &RenderOptions) -> Result<String> {
        // Parsing may have run under other limits (one parse serves both profiles).
        check_template_size(&self.inner.source, &options.limits)?;
        if options.limits.max_nesting < syntax::MAX_NESTING {
            syntax::check_nesting(&self.inner.source, options.limits.max_nesting)?;
        }
        let renderer = Renderer::new(
            &self.inner.source,
            &self.inner.macros,
            vars,
            &options.limits,
            &options.profile,
        );
        renderer.run(&self.inner.body)
    }

    /// Renders with the top-level keys of a JSON object as variables (stock Velocity profile).
    pub fn render_json(
        &self,
        vars: &serde_json::Map<String, serde_json::Value>,
        options: &RenderOptions,
    ) -> Result<String> {
        let vars = vars
            .iter()
            .map(|(k, v)| (Name::from(k.as_str()), crate::render::json_to_value(v)))
            .collect();
        self.render(vars, options)
    }
}

/// API Gateway refuses an oversized template when it is saved; the error points at the first
/// byte past the limit.
fn check_template_size(source: &Source, limits: &Limits) -> Result<()> {
    let Some(max) = limits.max_template_bytes else {
        return Ok(());
    };
    let text: &str = &source.text;
    if text.len() <= max {
        return Ok(());
    }
    let start = crate::span::floor_char_boundary(text, max);
    let end = text
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .map_or(start, |c| start + c.len_utf8());
    let lines = LineIndex::new(text);
    Err(Limit::TemplateBytes
        .error(
            format!("the template has {} bytes, more than {max}", text.len()),
            max,
        )
        .with_span(lines.span(text, start, end))
        .with_source(source)
        .with_label("the limit is passed here")
        .with_help("API Gateway refuses mapping templates over 300 KB (its quota)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_root_are_spotted_in_the_text() {
        assert!(!reads_below_root("$input.json('$')"));
        assert!(!reads_below_root(
            "#set($b = $input.path( \"$\" ))$b.a $input.json('$')"
        ));
        assert!(reads_below_root(
            "#set($b = $input.path('$'))$input.path('$.a')"
        ));
        assert!(reads_below_root("$input.json($p)"));
        assert!(!reads_below_root("$input.body"));
    }

    #[test]
    fn a_parsed_template_is_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Template>();
        let template = Template::parse("t.vtl", "#set($x = $n * 2)$x").expect("parses");
        let outputs: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|n| {
                    let template = &template;
                    scope.spawn(move || {
                        let vars = serde_json::json!({ "n": n });
                        template
                            .render_json(
                                vars.as_object().expect("object"),
                                &RenderOptions::default(),
                            )
                            .expect("renders")
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread ends"))
                .collect()
        });
        assert_eq!(outputs, vec!["0", "2", "4", "6"]);
    }
}
