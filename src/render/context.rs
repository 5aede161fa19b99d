//! Variables during a render: Velocity's context plus one frame per macro call in progress.
//! Frames mirror ProxyVMContext: by-name arguments, local values, and writes that reach every level.

use std::collections::HashMap;

use super::value::{FastHash, Value};
use crate::syntax::ast::{Expr, Name};

/// A macro argument passed by name: re-evaluated in the caller's context at every use.
#[derive(Debug, Clone)]
pub struct ByName {
    /// The argument expression.
    pub expr: Expr,
    /// Its source text, printed when the parameter is null.
    pub literal: Name,
}

/// One macro call in progress.
#[derive(Debug, Default)]
pub struct Frame {
    /// Values set while the macro runs, and arguments that are constants.
    pub locals: HashMap<Name, Value, FastHash>,
    /// Arguments passed by name.
    pub by_name: HashMap<Name, ByName, FastHash>,
}

/// Where a variable's value comes from.
pub enum Lookup {
    /// A value (possibly null).
    Value(Value),
    /// A by-name macro argument to evaluate with only the frames below `depth` visible.
    ByName(Expr, usize),
}

/// All variables of one render.
#[derive(Debug, Default)]
pub struct Context {
    globals: HashMap<Name, Value, FastHash>,
    frames: Vec<Frame>,
}

impl Context {
    /// A context holding `globals`.
    pub fn new(globals: HashMap<Name, Value>) -> Context {
        Context {
            globals: globals.into_iter().collect(),
            frames: Vec::new(),
        }
    }

    /// Number of macro frames.
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// The value of `name` outside any macro call (no frames): the common case, without the
    /// frame walk of [`Context::lookup`].
    // Inlined into the evaluator, which reads and writes variables at every step.
    #[inline]
    pub fn global(&self, name: &str) -> Value {
        self.globals.get(name).cloned().unwrap_or(Value::Null)
    }

    /// Looks `name` up as ProxyVMContext.get does, from the frame `visible` levels deep down.
    pub fn lookup(&self, name: &str, visible: usize) -> Lookup {
        let visible = visible.min(self.frames.len());
        for (level, frame) in self.frames.iter().enumerate().take(visible).rev() {
            if let Some(v) = frame.locals.get(name) {
                if !v.is_null() {
                    return Lookup::Value(v.clone());
                }
            }
            if let Some(arg) = frame.by_name.get(name) {
                return Lookup::ByName(arg.expr.clone(), level);
            }
        }
        Lookup::Value(self.global(name))
    }

    /// The caller's text for a by-name parameter, printed when `$param` is null.
    pub fn literal_of(&self, name: &str) -> Option<Name> {
        self.frames
            .iter()
            .rev()
            .find_map(|f| f.by_name.get(name).map(|a| a.literal.clone()))
    }

    /// `context.put`: inside macros the value lands in every frame's locals and in the globals.
    // Inlined for the same reason as `global`.
    #[inline]
    pub fn put(&mut self, name: Name, value: Value) {
        for frame in &mut self.frames {
            frame.locals.insert(name.clone(), value.clone());
        }
        // Loops and #set mostly overwrite a variable that exists: replace it in place.
        match self.globals.get_mut(&name) {
            Some(slot) => *slot = value,
            None => {
                self.globals.insert(name, value);
            }
        }
    }

    /// `context.remove`: drops the name everywhere, by-name arguments included.
    pub fn remove(&mut self, name: &str) {
        for frame in &mut self.frames {
            frame.locals.remove(name);
            frame.by_name.remove(name);
        }
        self.globals.remove(name);
    }

    /// Enters a macro call.
    pub fn push_frame(&mut self, frame: Frame) {
        self.frames.push(frame);
    }

    /// Leaves a macro call.
    pub fn pop_frame(&mut self) {
        self.frames.pop();
    }

    /// Hides the frames from `level` up while a by-name argument is evaluated; `restore` undoes it.
    pub fn hide_frames_from(&mut self, level: usize) -> Vec<Frame> {
        self.frames.split_off(level.min(self.frames.len()))
    }

    /// Puts back frames taken by `hide_frames_from`.
    pub fn restore_frames(&mut self, frames: Vec<Frame>) {
        self.frames.extend(frames);
    }
}
