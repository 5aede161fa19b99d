//! Java's own behaviour where templates depend on it: number printing and arithmetic,
//! String methods with UTF-16 indexes, and java.util.regex.

pub mod format;
pub mod number;
pub mod regex;
pub mod string;
