//! A parsed template: parse once, render many times, from any thread.
//! Rendering takes variables and options and gives the output bytes or a located error.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Result, Source};
use crate::render::eval::Renderer;
use crate::render::value::Value;
use crate::render::{Limits, Profile};
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
}

impl Template {
    /// Parses `text`; `name` (a file name) appears in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Template> {
        let source = Source {
            name: name.into(),
            text: text.into(),
        };
        let parsed = syntax::parse(&source)?;
        let mut macros = HashMap::new();
        // Velocity keeps the first inline definition of a name.
        for def in parsed.macros {
            macros.entry(def.name.clone()).or_insert(def);
        }
        Ok(Template {
            inner: Arc::new(Inner {
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

    /// The syntax tree.
    pub fn body(&self) -> &Block {
        &self.inner.body
    }

    /// Renders with `vars` as the context's variables.
    pub fn render(&self, vars: HashMap<Name, Value>, options: &RenderOptions) -> Result<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
