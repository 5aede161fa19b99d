//! The evaluator: walks a parsed template and writes its output, with Velocity 1.7's semantics
//! for references, `#set`, `#if`, `#foreach`, macros, `#define`, `#evaluate`, `#break` and `#stop`.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use indexmap::IndexMap;

use super::context::{ByName, Context, Frame, Lookup};
use super::methods;
use super::ops;
use super::scope::ForeachScope;
use super::value::{BlockRef, Key, Value};
use super::{Limits, Profile};
use crate::error::{Error, ErrorKind, Source};
use crate::limit::{Limit, LIMIT_EXCEEDED};
use crate::span::Span;
use crate::syntax::ast::*;
use crate::syntax::{self};

/// Why rendering left the normal flow.
pub enum Interrupt {
    /// `#break`: caught by the nearest loop, macro call, define or evaluate.
    Break,
    /// `#break($foreach...)`: caught by the loop that owns that scope object.
    BreakScope(Rc<ForeachScope>),
    /// `#stop`: caught only by `#evaluate` and the template itself.
    Stop,
    /// A failure.
    Error(Box<Error>),
}

impl From<Error> for Interrupt {
    fn from(e: Error) -> Interrupt {
        Interrupt::Error(Box::new(e))
    }
}

type Flow = Result<(), Interrupt>;
type Eval = Result<Value, Interrupt>;

/// The variables `#foreach` sets on every iteration, allocated once per render.
struct LoopNames {
    foreach: Name,
    velocity_count: Name,
    velocity_has_next: Name,
}

impl Default for LoopNames {
    fn default() -> LoopNames {
        LoopNames {
            foreach: "foreach".into(),
            velocity_count: "velocityCount".into(),
            velocity_has_next: "velocityHasNext".into(),
        }
    }
}

/// Velocity 1.7's `velocimacro.max.depth`.
const MACRO_MAX_DEPTH: usize = 20;

/// The state of one render.
pub struct Renderer<'t> {
    source: &'t Source,
    macros: &'t HashMap<Name, Arc<MacroDef>>,
    runtime_macros: HashMap<Name, Arc<MacroDef>>,
    ctx: Context,
    out: String,
    limits: &'t Limits,
    profile: &'t Profile,
    fuel_used: u64,
    macro_depth: usize,
    evaluate_depth: usize,
    loop_scopes: Vec<Rc<ForeachScope>>,
    null_elements: Vec<Name>,
    names: LoopNames,
    pub(crate) method_cache: methods::Cache,
}

impl<'t> Renderer<'t> {
    /// A renderer over `globals`.
    pub fn new(
        source: &'t Source,
        macros: &'t HashMap<Name, Arc<MacroDef>>,
        globals: HashMap<Name, Value>,
        limits: &'t Limits,
        profile: &'t Profile,
    ) -> Renderer<'t> {
        Renderer {
            source,
            macros,
            runtime_macros: HashMap::new(),
            ctx: Context::new(globals),
            out: String::new(),
            limits,
            profile,
            fuel_used: 0,
            macro_depth: 0,
            evaluate_depth: 0,
            loop_scopes: Vec::new(),
            null_elements: Vec::new(),
            names: LoopNames::default(),
            method_cache: methods::Cache::default(),
        }
    }

    /// Renders `body` and returns the output.
    pub fn run(mut self, body: &Block) -> Result<String, Error> {
        match self.render_block(body) {
            Ok(()) | Err(Interrupt::Break | Interrupt::BreakScope(_) | Interrupt::Stop) => {
                Ok(self.out)
            }
            Err(Interrupt::Error(e)) => Err(e.with_source(self.source)),
        }
    }

    fn fail(&self, kind: ErrorKind, message: impl Into<String>, span: Span) -> Interrupt {
        Interrupt::Error(Box::new(
            Error::new(kind, message)
                .with_span(span)
                .with_source(self.source),
        ))
    }

    fn burn(&mut self, span: Span) -> Flow {
        self.fuel_used += 1;
        if let Some(fuel) = self.limits.fuel {
            if self.fuel_used > fuel {
                return Err(self.fail(
                    ErrorKind::Limit,
                    Limit::Fuel.message(
                        format!(
                            "evaluation stopped after {fuel} steps (a runaway loop or recursion?)"
                        ),
                        fuel,
                    ),
                    span,
                ));
            }
        }
        Ok(())
    }

    /// Strings built by methods and `+` obey the output limit too, so no loop can grow one without bound.
    fn check_size(&self, value: &Value, span: Span) -> Flow {
        match value {
            Value::Str(s) if s.len() > self.limits.max_output_bytes => Err(self.fail(
                ErrorKind::Limit,
                Limit::OutputBytes.message(
                    format!(
                        "a string of {} bytes is longer than the output may be",
                        s.len()
                    ),
                    self.limits.max_output_bytes,
                ),
                span,
            )),
            _ => Ok(()),
        }
    }

    fn write(&mut self, text: &str, span: Span) -> Flow {
        self.out.push_str(text);
        if self.out.len() > self.limits.max_output_bytes {
            return Err(self.fail(
                ErrorKind::Limit,
                Limit::OutputBytes.message(
                    format!("output exceeds {} bytes", self.limits.max_output_bytes),
                    self.limits.max_output_bytes,
                ),
                span,
            ));
        }
        Ok(())
    }

    pub(crate) fn render_block(&mut self, block: &Block) -> Flow {
        for node in block {
            self.render_node(node)?;
        }
        Ok(())
    }

    fn render_node(&mut self, node: &Node) -> Flow {
        match node {
            Node::Text(t) => self.write(&t.text, t.span),
            Node::Reference(r) => self.render_reference(r),
            Node::Set(set) => self.render_set(set),
            Node::If(i) => {
                self.burn(i.span)?;
                for (cond, body) in &i.branches {
                    if self.condition(cond)? {
                        return self.render_block(body);
                    }
                }
                match &i.otherwise {
                    Some(body) => self.render_block(body),
                    None => Ok(()),
                }
            }
            Node::Foreach(f) => self.render_foreach(f),
            Node::Define(d) => {
                // Define.java: directive.define.max.depth defaults to 2.
                self.ctx
                    .put(d.name.clone(), BlockRef::value(d.body.clone(), 2));
                Ok(())
            }
            Node::Macro(_) => Ok(()),
            Node::Call(call) => self.render_call(call),
            Node::Evaluate(e) => self.render_evaluate(e),
            Node::Break(b) => self.render_break(b),
            Node::Stop(_) => Err(Interrupt::Stop),
            Node::Literal(t) => self.write(&t.text, t.span),
            Node::Unsupported(u) => Err(self.fail(
                ErrorKind::Unsupported,
                format!(
                    "#{} is not available in API Gateway mapping templates",
                    u.name
                ),
                u.span,
            )),
            Node::Broken(b) => Err(self.fail(ErrorKind::Render, b.message.to_string(), b.span)),
        }
    }

    // ───────────────────────────── References ─────────────────────────────

    fn render_reference(&mut self, r: &Reference) -> Flow {
        if r.kind == RefKind::Runt {
            return self.write(&r.root, r.span);
        }
        let value = self.eval_reference(r)?;
        if r.escaped {
            let mut text = r.escape_prefix.to_string();
            if value.is_null() {
                text.push('\\');
            }
            text.push_str(&self.null_text(r));
            return self.write(&text, r.span);
        }
        // Block.Reference.render: past its depth limit a block reference prints as null.
        let value = match value {
            Value::Block(block) => {
                if self.render_define_block(&block)? {
                    return Ok(());
                }
                Value::Null
            }
            other => other,
        };
        match value {
            Value::Null => {
                if self.profile.null_prints_empty {
                    return self.write(&r.escape_prefix, r.span);
                }
                let mut text = String::with_capacity(r.escape_prefix.len() * 2 + r.null_text.len());
                text.push_str(&r.escape_prefix);
                text.push_str(&r.escape_prefix);
                text.push_str(&self.null_text(r));
                self.write(&text, r.span)
            }
            other => {
                self.out.push_str(&r.escape_prefix);
                other.write_java_string(&mut self.out);
                self.write("", r.span)
            }
        }
    }

    /// What a null reference prints; a macro parameter shows the caller's argument text.
    fn null_text(&self, r: &Reference) -> Name {
        if r.parts.is_empty() && (r.kind == RefKind::Normal || r.escaped) && self.ctx.depth() > 0 {
            if let Some(literal) = self.ctx.literal_of(&r.root) {
                if r.literal.len() == r.root.len() + 1 {
                    return literal;
                }
            }
        }
        r.null_text.clone()
    }

    /// Renders a block reference; `Ok(false)` past its depth limit (Velocity then reads it as null).
    fn render_define_block(&mut self, block: &BlockRef) -> Result<bool, Interrupt> {
        let depth = block.depth.get() + 1;
        if depth > block.max_depth {
            return Ok(false);
        }
        block.depth.set(depth);
        let result = self.render_block(&block.body);
        block.depth.set(depth - 1);
        match result {
            Ok(()) | Err(Interrupt::Break) => Ok(true),
            Err(other) => Err(other),
        }
    }

    /// Java `toString()`, rendering `#define` blocks in the current context.
    pub(crate) fn stringify(&mut self, value: &Value) -> Result<String, Interrupt> {
        match value {
            Value::Block(block) => {
                let saved = std::mem::take(&mut self.out);
                let result = self.render_define_block(block);
                let rendered = std::mem::replace(&mut self.out, saved);
                // Past the depth limit Block.Reference.toString() is null.
                result.map(|done| if done { rendered } else { String::new() })
            }
            other => Ok(other.to_java_string()),
        }
    }

    fn variable(&mut self, name: &str) -> Eval {
        if self.null_elements.is_empty() && self.ctx.depth() == 0 {
            return Ok(self.ctx.global(name));
        }
        // Foreach's NullHolderContext: while the current element is null, the loop variable
        // reads as null even after a #set inside the body.
        if self.null_elements.iter().any(|n| &**n == name) {
            return Ok(Value::Null);
        }
        match self.ctx.lookup(name, usize::MAX) {
            Lookup::Value(v) => Ok(v),
            Lookup::ByName(expr, level) => {
                let hidden = self.ctx.hide_frames_from(level);
                let result = self.eval(&expr);
                self.ctx.restore_frames(hidden);
                result
            }
        }
    }

    pub(crate) fn eval_reference(&mut self, r: &Reference) -> Eval {
        if r.kind == RefKind::Runt {
            return Ok(Value::Null);
        }
        let mut value = self.variable(&r.root)?;
        for part in &r.parts {
            if value.is_null() {
                return Ok(Value::Null);
            }
            value = self.eval_part(value, part)?;
        }
        Ok(value)
    }

    fn eval_part(&mut self, target: Value, part: &RefPart) -> Eval {
        match part {
            RefPart::Property(name, span) => {
                methods::property(self, &target, name).map_err(|e| self.at(e, *span))
            }
            RefPart::Method(name, args, span) => {
                let mut values = Vec::with_capacity(args.len());
                for arg in args {
                    values.push(self.eval(arg)?);
                }
                self.burn(*span)?;
                let result =
                    methods::call(self, &target, name, &values).map_err(|e| self.at(e, *span))?;
                self.check_size(&result, *span)?;
                Ok(result)
            }
            RefPart::Index(arg, span) => {
                let key = self.eval(arg)?;
                methods::index(&target, key).map_err(|e| self.at(e, *span))
            }
        }
    }

    fn at(&self, error: methods::CallError, span: Span) -> Interrupt {
        match error {
            methods::CallError::Interrupt(i) => i,
            methods::CallError::Java(message) => match message.strip_prefix(LIMIT_EXCEEDED) {
                Some(limit_message) => self.fail(ErrorKind::Limit, limit_message, span),
                None => self.fail(ErrorKind::Render, message, span),
            },
            methods::CallError::Unsupported(message) => {
                self.fail(ErrorKind::UnknownMethod, message, span)
            }
        }
    }

    // ───────────────────────────── #set ─────────────────────────────

    fn render_set(&mut self, set: &Set) -> Flow {
        self.burn(set.span)?;
        let value = self.eval(&set.value)?;
        // directive.set.null.allowed = false: a null right-hand side leaves the target unchanged.
        if value.is_null() {
            return Ok(());
        }
        let target = &set.target;
        if target.parts.is_empty() {
            // ASTSetDirective names the variable after the first token minus `$`: `${a}` sets `{`.
            let name: Name = if target.literal.starts_with("${") {
                "{".into()
            } else if target.literal.starts_with("$!{") {
                "!{".into()
            } else if target.literal.starts_with("$!") {
                format!("!{}", target.root).into()
            } else {
                target.root.clone()
            };
            self.ctx.put(name, value);
            return Ok(());
        }
        let mut object = self.variable(&target.root)?;
        let (last, init) = match target.parts.split_last() {
            Some(split) => split,
            None => return Ok(()),
        };
        for part in init {
            if object.is_null() {
                return Ok(());
            }
            object = self.eval_part(object, part)?;
        }
        if object.is_null() {
            return Ok(());
        }
        match last {
            RefPart::Property(name, span) => {
                methods::set_property(&object, name, value).map_err(|e| self.at(e, *span))
            }
            RefPart::Index(arg, span) => {
                let key = self.eval(arg)?;
                methods::set_index(&object, key, value).map_err(|e| self.at(e, *span))
            }
            // `#set($a.b() = 1)`: Velocity finds no setter and does nothing.
            RefPart::Method(..) => Ok(()),
        }
    }

    // ───────────────────────────── #foreach ─────────────────────────────

    fn render_foreach(&mut self, f: &Foreach) -> Flow {
        self.burn(f.span)?;
        let iterable = self.eval(&f.iterable)?;
        let list = match &iterable {
            Value::Null => return Ok(()),
            Value::List(list) => Some(list.clone()),
            _ => None,
        };
        let snapshot: Vec<Value> = match &iterable {
            Value::List(_) => Vec::new(),
            Value::Map(map) => map.borrow().values().cloned().collect(),
            Value::Object(obj) => match obj.iterate() {
                Some(items) => items,
                None => return Ok(()),
            },
            // Velocity skips what it cannot iterate (directive.foreach.skip.invalid).
            _ => return Ok(()),
        };
        let saved_var = self.variable(&f.var)?;
        let saved_count = self.variable("velocityCount")?;
        let saved_has_next = self.variable("velocityHasNext")?;
        let parent_scope = self.variable("foreach")?;
        let scope = Rc::new(ForeachScope::new(parent_scope.clone()));
        self.ctx
            .put(self.names.foreach.clone(), Value::Object(scope.clone()));
        self.loop_scopes.push(scope.clone());

        let expected_mods = list.as_ref().map(|l| l.borrow().mod_count);
        let mut cursor = 0usize;
        let mut counter: i32 = 1;
        let result = loop {
            // ArrayList.Itr: hasNext() compares the cursor with the current size.
            let len = match &list {
                Some(l) => l.borrow().items.len(),
                None => snapshot.len(),
            };
            if cursor == len {
                break Ok(());
            }
            let item = match &list {
                Some(l) => {
                    let data = l.borrow();
                    if Some(data.mod_count) != expected_mods || cursor > data.items.len() {
                        break Err(self.fail(
                            ErrorKind::Render,
                            "java.util.ConcurrentModificationException: the list was changed while #foreach iterated it",
                            f.span,
                        ));
                    }
                    data.items.get(cursor).cloned().unwrap_or(Value::Null)
                }
                None => snapshot.get(cursor).cloned().unwrap_or(Value::Null),
            };
            cursor += 1;
            if let Some(max) = self.limits.max_foreach_iterations {
                if u64::from(counter.unsigned_abs()) > max {
                    break Err(self.fail(
                        ErrorKind::Limit,
                        Limit::ForeachIterations
                            .message(format!("#foreach stopped: more than {max} iterations"), max),
                        f.span,
                    ));
                }
            }
            let has_next = cursor != len;
            self.ctx
                .put(self.names.velocity_count.clone(), Value::Int(counter));
            self.ctx
                .put(self.names.velocity_has_next.clone(), Value::Bool(has_next));
            let item_is_null = item.is_null();
            self.ctx.put(f.var.clone(), item);
            scope.index.set(scope.index.get() + 1);
            scope.has_next.set(has_next);
            if let Err(e) = self.burn(f.span) {
                break Err(e);
            }
            let masked = item_is_null;
            if masked {
                self.null_elements.push(f.var.clone());
            }
            let rendered = self.render_block(&f.body);
            if masked {
                self.null_elements.pop();
            }
            match rendered {
                Ok(()) => {}
                Err(Interrupt::Break) => break Ok(()),
                Err(Interrupt::BreakScope(target)) if Rc::ptr_eq(&target, &scope) => break Ok(()),
                Err(other) => break Err(other),
            }
            counter = counter.wrapping_add(1);
        };
        self.restore(f.var.clone(), saved_var);
        self.restore(self.names.velocity_count.clone(), saved_count);
        self.restore(self.names.velocity_has_next.clone(), saved_has_next);
        self.restore(self.names.foreach.clone(), parent_scope);
        self.loop_scopes.pop();
        result
    }

    fn render_break(&mut self, b: &Break) -> Flow {
        let Some(scope) = &b.scope else {
            return Err(Interrupt::Break);
        };
        let value = self.eval(scope)?;
        if let Value::Object(obj) = &value {
            if let Some(target) = self
                .loop_scopes
                .iter()
                .find(|s| std::ptr::addr_eq(Rc::as_ptr(s), Rc::as_ptr(obj)))
            {
                return Err(Interrupt::BreakScope(target.clone()));
            }
        }
        let literal = self
            .source
            .text
            .get(scope.span.range())
            .unwrap_or("")
            .to_string();
        Err(self.fail(
            ErrorKind::Render,
            format!(
                "{literal} is not a valid org.apache.velocity.runtime.directive.Scope instance"
            ),
            b.span,
        ))
    }

    fn restore(&mut self, name: Name, saved: Value) {
        if saved.is_null() {
            self.ctx.remove(&name);
        } else {
            self.ctx.put(name, saved);
        }
    }

    // ───────────────────────────── Macros ─────────────────────────────

    fn find_macro(&self, name: &str) -> Option<Arc<MacroDef>> {
        self.macros
            .get(name)
            .or_else(|| self.runtime_macros.get(name))
            .cloned()
    }

    fn render_call(&mut self, call: &Call) -> Flow {
        let Some(def) = self.find_macro(&call.name) else {
            return self.write(&call.literal, call.span);
        };
        self.burn(call.span)?;
        let max_depth = MACRO_MAX_DEPTH.min(self.limits.max_macro_depth);
        if self.macro_depth >= max_depth {
            return Err(self.fail(
                ErrorKind::Limit,
                Limit::MacroDepth.message(
                    format!(
                        "Max calling depth of {max_depth} was exceeded in macro '{}'",
                        def.name
                    ),
                    max_depth,
                ),
                call.span,
            ));
        }
        // Extra arguments are ignored (Velocity 1.7 only logs them).
        let mut frame = Frame::default();
        for (i, arg) in call.args.iter().enumerate() {
            let Some(param) = def.params.get(i) else {
                break;
            };
            // ProxyVMContext.isConstant: numbers, booleans and words are evaluated once.
            match &arg.kind {
                ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Word(_) => {
                    let value = self.eval(arg)?;
                    frame.locals.insert(param.clone(), value);
                }
                _ => {
                    let literal = call
                        .arg_literals
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| "".into());
                    frame.by_name.insert(
                        param.clone(),
                        ByName {
                            expr: arg.clone(),
                            literal,
                        },
                    );
                }
            }
        }
        if let Some(body) = &call.body {
            frame.locals.insert(
                "bodyContent".into(),
                BlockRef::value(body.clone(), MACRO_MAX_DEPTH as u32),
            );
        }
        self.ctx.push_frame(frame);
        self.macro_depth += 1;
        let result = self.render_block(&def.body);
        self.macro_depth -= 1;
        self.ctx.pop_frame();
        match result {
            Err(Interrupt::Break) => Ok(()),
            other => other,
        }
    }

    // ───────────────────────────── #evaluate ─────────────────────────────

    fn render_evaluate(&mut self, e: &Evaluate) -> Flow {
        self.burn(e.span)?;
        let value = self.eval(&e.arg)?;
        if value.is_null() {
            return Ok(());
        }
        let text = self.stringify(&value)?;
        if self.evaluate_depth >= self.limits.max_evaluate_depth {
            return Err(self.fail(
                ErrorKind::Limit,
                Limit::EvaluateDepth.message(
                    format!(
                        "#evaluate nested deeper than {} levels",
                        self.limits.max_evaluate_depth
                    ),
                    self.limits.max_evaluate_depth,
                ),
                e.span,
            ));
        }
        let source = Source {
            name: format!("{}#evaluate", self.source.name).into(),
            text: text.into(),
        };
        let parsed = syntax::parse_nested_at_most(&source, self.limits.max_nesting)
            .map_err(Interrupt::from)?;
        for def in &parsed.macros {
            if !self.macros.contains_key(&def.name) {
                self.runtime_macros
                    .entry(def.name.clone())
                    .or_insert_with(|| def.clone());
            }
        }
        self.evaluate_depth += 1;
        let result = self.render_block(&parsed.body);
        self.evaluate_depth -= 1;
        match result {
            Err(Interrupt::Break | Interrupt::Stop) => Ok(()),
            // Spans inside the evaluated text mean nothing in the template: point at the
            // `#evaluate` (each level re-points, so the one written in the template wins).
            Err(Interrupt::Error(error)) if error.source_name() == Some(&*self.source.name) => {
                Err(Interrupt::Error(Box::new((*error).with_span(e.span))))
            }
            other => other,
        }
    }

    // ───────────────────────────── Expressions ─────────────────────────────

    /// `#if` / `#elseif` conditions: ASTExpression.evaluate.
    fn condition(&mut self, expr: &Expr) -> Result<bool, Interrupt> {
        match &expr.kind {
            ExprKind::Reference(r) => Ok(ops::truthy(&self.eval_reference(r)?)),
            ExprKind::Bool(b) => Ok(*b),
            ExprKind::Not(inner) => Ok(!self.condition(inner)?),
            ExprKind::Binary(BinaryOp::And, a, b, _) => {
                Ok(self.condition(a)? && self.condition(b)?)
            }
            ExprKind::Binary(BinaryOp::Or, a, b, _) => Ok(self.condition(a)? || self.condition(b)?),
            ExprKind::Binary(
                op @ (BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge),
                a,
                b,
                _,
            ) => self.compare(*op, a, b, expr.span),
            ExprKind::Group(inner, _) => self.condition(inner),
            // SimpleNode.evaluate: literals, lists, maps and arithmetic are never true, and are
            // not even evaluated.
            _ => Ok(false),
        }
    }

    fn compare(&mut self, op: BinaryOp, a: &Expr, b: &Expr, span: Span) -> Result<bool, Interrupt> {
        let left = self.eval(a)?;
        let right = self.eval(b)?;
        let equal = |l: &Value, r: &Value| {
            if self.profile.null_equals_empty_string && null_and_empty(l, r) {
                return Ok(true);
            }
            ops::equals(l, r)
        };
        let result = match op {
            BinaryOp::Eq => equal(&left, &right),
            BinaryOp::Ne => equal(&left, &right).map(|eq| !eq),
            _ => ops::order(op, &left, &right),
        };
        result.map_err(|message| self.fail(ErrorKind::Render, message, span))
    }

    /// The value of an expression (Node.value).
    pub(crate) fn eval(&mut self, expr: &Expr) -> Eval {
        match &expr.kind {
            ExprKind::String(s) => Ok(Value::Str(s.clone())),
            ExprKind::Interpolated(interp) => {
                let saved = std::mem::take(&mut self.out);
                let result = self.render_block(&interp.body);
                let mut rendered = std::mem::replace(&mut self.out, saved);
                result?;
                if interp.trim_last {
                    rendered.pop();
                }
                Ok(Value::str(rendered))
            }
            ExprKind::Number(n) => Ok(match n {
                NumberLiteral::Integer(v) => Value::Int(*v),
                NumberLiteral::Long(v) => Value::Long(*v),
                NumberLiteral::BigInteger(text) => match text.parse::<num_bigint::BigInt>() {
                    Ok(b) => Value::BigInt(Rc::new(b)),
                    Err(_) => Value::Null,
                },
                NumberLiteral::Double(d) => Value::Double(*d),
            }),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Reference(r) => self.eval_reference(r),
            ExprKind::Word(w) => Ok(Value::Str(w.clone())),
            ExprKind::List(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(self.eval(item)?);
                }
                Ok(Value::list(values))
            }
            ExprKind::Map(entries) => {
                let mut map = IndexMap::with_capacity_and_hasher(entries.len(), Default::default());
                for (k, v) in entries {
                    let key = self.eval(k)?;
                    let value = self.eval(v)?;
                    map.insert(Key(key), value);
                }
                Ok(Value::map(map))
            }
            ExprKind::Range(from, to) => self.eval_range(from, to, expr.span),
            ExprKind::Not(_) => Ok(Value::Bool(self.condition(expr)?)),
            ExprKind::Group(inner, _) => self.eval(inner),
            ExprKind::Binary(op, a, b, _) => match op {
                BinaryOp::And | BinaryOp::Or => Ok(Value::Bool(self.condition(expr)?)),
                BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge => Ok(Value::Bool(self.compare(*op, a, b, expr.span)?)),
                _ => {
                    let left = self.eval(a)?;
                    let right = self.eval(b)?;
                    // Only a null operand prints its source text; skip building it otherwise.
                    let literals = if left.is_null() || right.is_null() {
                        (self.literal(a), self.literal(b))
                    } else {
                        (String::new(), String::new())
                    };
                    let result = ops::arithmetic(*op, &left, &right, (&literals.0, &literals.1))
                        .map_err(|message| self.fail(ErrorKind::Render, message, expr.span))?;
                    self.check_size(&result, expr.span)?;
                    Ok(result)
                }
            },
        }
    }

    /// A node's source text (Node.literal), for operands printed in place of null.
    fn literal(&self, expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Reference(r) => r.literal.to_string(),
            ExprKind::Binary(_, _, _, literal) | ExprKind::Group(_, literal) => literal.to_string(),
            _ => self
                .source
                .text
                .get(expr.span.range())
                .unwrap_or("")
                .to_string(),
        }
    }

    /// `[a..b]`: an ArrayList of Integers, counting down when `a > b`.
    fn eval_range(&mut self, from: &Expr, to: &Expr, span: Span) -> Eval {
        let a = self.eval(from)?;
        let b = self.eval(to)?;
        let (Some(a), Some(b)) = (range_bound(&a), range_bound(&b)) else {
            return Ok(Value::Null);
        };
        let len = (i64::from(a) - i64::from(b)).unsigned_abs() + 1;
        if len > self.limits.max_range_items {
            return Err(self.fail(
                ErrorKind::Limit,
                Limit::RangeItems.message(
                    format!("range [{a}..{b}] has {len} items"),
                    self.limits.max_range_items,
                ),
                span,
            ));
        }
        let items: Vec<Value> = if a <= b {
            (a..=b).map(Value::Int).collect()
        } else {
            (b..=a).rev().map(Value::Int).collect()
        };
        Ok(Value::list(items))
    }
}

/// One side null and the other the empty string.
fn null_and_empty(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Null, Value::Str(s)) | (Value::Str(s), Value::Null) if s.is_empty())
}

/// ASTIntegerRange takes Numbers by `intValue()`; anything else makes the range null.
fn range_bound(value: &Value) -> Option<i32> {
    match value {
        Value::Int(v) => Some(*v),
        Value::Long(v) => Some(*v as i32),
        Value::Double(d) => Some(java_double_to_int(*d)),
        Value::BigInt(b) => {
            let (_, digits) = b.to_u32_digits();
            let low = digits.first().copied().unwrap_or(0) as i32;
            Some(if b.sign() == num_bigint::Sign::Minus {
                low.wrapping_neg()
            } else {
                low
            })
        }
        _ => None,
    }
}

/// Java's `(int) double`: truncation, saturating, NaN to 0.
fn java_double_to_int(d: f64) -> i32 {
    if d.is_nan() {
        0
    } else {
        d as i32
    }
}
