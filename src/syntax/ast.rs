//! The syntax tree of a parsed template: nodes for text, references, directives and expressions.
//! Every node carries its `Span`; the tree is immutable and shared across renders and threads.

use std::sync::Arc;

use crate::span::Span;

/// A shared, immutable identifier or string.
pub type Name = Arc<str>;

/// A sequence of nodes rendered one after another.
pub type Block = Vec<Node>;

/// One piece of a template.
#[derive(Debug, Clone)]
pub enum Node {
    /// Literal output: template text, `#[[unparsed]]#` content, escaped directives.
    Text(Text),
    /// `$a`, `$!{a.b(1)}`, ...: prints its value (or its source text when null).
    Reference(Box<Reference>),
    /// `#set($a = expr)`.
    Set(Box<Set>),
    /// `#if (...) ... #elseif (...) ... #else ... #end`.
    If(Box<If>),
    /// `#foreach($x in expr) ... #end`.
    Foreach(Box<Foreach>),
    /// `#define($name) ... #end`.
    Define(Box<Define>),
    /// `#macro(name $a $b) ... #end`: registered when the template is parsed, renders nothing.
    Macro(Arc<MacroDef>),
    /// `#name(args)` or `#@name(args) ... #end`: a macro call, or literal text if no macro has that name.
    Call(Box<Call>),
    /// `#evaluate(expr)`.
    Evaluate(Box<Evaluate>),
    /// `#break` or `#break($scope)`: leaves the innermost (or the given) loop, macro, define or evaluate.
    Break(Box<Break>),
    /// `#stop`: ends the whole render.
    Stop(Span),
    /// `#literal() ... #end`: prints its body's source unchanged.
    Literal(Text),
    /// `#include`/`#parse`: unavailable in API Gateway; rendering them is an error.
    Unsupported(Unsupported),
    /// A known directive written without arguments that Velocity cannot run (`#foreach` alone).
    Broken(Broken),
}

/// Text printed as it is.
#[derive(Debug, Clone)]
pub struct Text {
    /// The bytes to print.
    pub text: Name,
    /// Where it came from.
    pub span: Span,
}

/// How a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `$a` or `${a}`.
    Normal,
    /// `$!a` or `$!{a}`: prints nothing when null.
    Quiet,
    /// A bare identifier inside method arguments (`$a.b(x)`): always null.
    Runt,
}

/// A reference: a variable followed by properties, method calls and indexes.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The variable name (`a` in `$a.b`).
    pub root: Name,
    /// What follows the variable, in order.
    pub parts: Vec<RefPart>,
    /// Normal, quiet or runt.
    pub kind: RefKind,
    /// An odd number of backslashes before `$`: prints the reference's own text.
    pub escaped: bool,
    /// Half of the leading backslashes, printed before the value.
    pub escape_prefix: Name,
    /// What prints when the value is null: the reference's source text (empty when quiet).
    pub null_text: Name,
    /// The source text of the reference without leading backslashes.
    pub literal: Name,
    /// The whole reference.
    pub span: Span,
}

/// One step after a reference's variable.
#[derive(Debug, Clone)]
pub enum RefPart {
    /// `.name`: a property (getter, map key, boolean `is` method).
    Property(Name, Span),
    /// `.name(args)`: a method call.
    Method(Name, Vec<Expr>, Span),
    /// `[expr]`: list index or map key.
    Index(Box<Expr>, Span),
}

impl RefPart {
    /// The span of this step.
    pub fn span(&self) -> Span {
        match self {
            RefPart::Property(_, span) | RefPart::Method(_, _, span) | RefPart::Index(_, span) => {
                *span
            }
        }
    }
}

/// `#break`, optionally naming the scope to leave (`#break($foreach.parent)`).
#[derive(Debug, Clone)]
pub struct Break {
    /// The scope argument, if any.
    pub scope: Option<Expr>,
    /// The whole directive.
    pub span: Span,
}

/// `#set($target = value)`.
#[derive(Debug, Clone)]
pub struct Set {
    /// Left-hand side.
    pub target: Reference,
    /// Right-hand side.
    pub value: Expr,
    /// The whole directive.
    pub span: Span,
}

/// `#if` with its `#elseif` branches and optional `#else`.
#[derive(Debug, Clone)]
pub struct If {
    /// `(condition, body)` for `#if` and each `#elseif`, in order.
    pub branches: Vec<(Expr, Block)>,
    /// The `#else` body.
    pub otherwise: Option<Block>,
    /// The whole directive.
    pub span: Span,
}

/// `#foreach($var in iterable) body #end`.
#[derive(Debug, Clone)]
pub struct Foreach {
    /// The loop variable's name.
    pub var: Name,
    /// What is iterated.
    pub iterable: Expr,
    /// The loop body.
    pub body: Block,
    /// The whole directive.
    pub span: Span,
}

/// `#define($name) body #end`.
#[derive(Debug, Clone)]
pub struct Define {
    /// The variable that holds the block.
    pub name: Name,
    /// The block, rendered each time the variable is printed.
    pub body: Arc<Block>,
    /// The whole directive.
    pub span: Span,
}

/// `#macro(name $p1 $p2) body #end`.
#[derive(Debug, Clone)]
pub struct MacroDef {
    /// The macro's name.
    pub name: Name,
    /// Parameter names, without `$`.
    pub params: Vec<Name>,
    /// The body.
    pub body: Block,
    /// The whole directive.
    pub span: Span,
}

/// `#name(args)`, `#name`, or the block form `#@name(args) body #end`.
#[derive(Debug, Clone)]
pub struct Call {
    /// The directive name (without `#`, `{}` or `@`).
    pub name: Name,
    /// Arguments as written.
    pub args: Vec<Expr>,
    /// The source text of each argument, printed when a by-name argument is null.
    pub arg_literals: Vec<Name>,
    /// The body of a `#@name` block call.
    pub body: Option<Arc<Block>>,
    /// What prints when no macro has this name: the call's own source text.
    pub literal: Name,
    /// The whole call.
    pub span: Span,
}

/// `#evaluate(expr)`.
#[derive(Debug, Clone)]
pub struct Evaluate {
    /// The template text to parse and render.
    pub arg: Expr,
    /// The whole directive.
    pub span: Span,
}

/// `#include(...)` or `#parse(...)`.
#[derive(Debug, Clone)]
pub struct Unsupported {
    /// `include` or `parse`.
    pub name: Name,
    /// The whole directive.
    pub span: Span,
}

/// A directive Velocity accepts when parsing but fails on when rendering.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The reason, as a message.
    pub message: Name,
    /// The whole directive.
    pub span: Span,
}

/// An expression with its span.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
}

/// Binary operators, in Velocity's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `||`, `or`
    Or,
    /// `&&`, `and`
    And,
    /// `==`, `eq`
    Eq,
    /// `!=`, `ne`
    Ne,
    /// `<`, `lt`
    Lt,
    /// `<=`, `le`
    Le,
    /// `>`, `gt`
    Gt,
    /// `>=`, `ge`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

impl BinaryOp {
    /// The operator as written in Velocity's error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
        }
    }
}

/// A literal number as Velocity's parser types it.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberLiteral {
    /// Fits in 32 bits.
    Integer(i32),
    /// Fits in 64 bits.
    Long(i64),
    /// Larger integers, kept as decimal text.
    BigInteger(Name),
    /// Has a `.` or an exponent.
    Double(f64),
}

/// The forms an expression takes.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// `'text'`, or `"text"` without `$` or `#`.
    String(Name),
    /// `"text with $refs"`: parsed as a template, rendered to a string on every evaluation.
    Interpolated(Arc<Interpolated>),
    /// `1`, `-2`, `1.5e3`.
    Number(NumberLiteral),
    /// `true`, `false`.
    Bool(bool),
    /// A reference.
    Reference(Box<Reference>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `{k: v}`.
    Map(Vec<(Expr, Expr)>),
    /// `[a..b]`.
    Range(Box<Expr>, Box<Expr>),
    /// A bare word in directive arguments (`in` of `#foreach`, macro names).
    Word(Name),
    /// `a op b`, with the node's source text as Velocity keeps it (its right operand with the
    /// surrounding whitespace), printed when a string concatenation meets a null operand.
    Binary(BinaryOp, Box<Expr>, Box<Expr>, Name),
    /// `(expr)`, with the text between the parentheses.
    Group(Box<Expr>, Name),
    /// `!a`, `not a`.
    Not(Box<Expr>),
}

/// A double-quoted string literal containing `$` or `#`.
#[derive(Debug, Clone)]
pub struct Interpolated {
    /// The string's content parsed as a template (with a trailing space, as Velocity parses it).
    pub body: Block,
    /// Velocity drops the last output character unless the content has `##`.
    pub trim_last: bool,
}
