//! Expressions: AST -> symbolic lazy arrays (shape, dtype and chunks), and the interpreter
//! that evaluates statements into them.

pub mod arange;
pub mod bounds;
pub mod build;
pub mod chunks;
pub mod corners;
pub mod dims;
pub mod eager;
pub mod fancy;
pub mod files;
pub mod functions;
pub mod interp;
pub mod labels;
pub mod limits;
pub mod linalg;
pub mod mask;
pub mod nc_keep;
pub mod node;
pub mod pyint;
pub mod value;
pub mod zarr_save;
