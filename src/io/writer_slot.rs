//! A save target's writer: made when the first block arrives (or adopted from the file another
//! process created), shared by every task that writes a block, committed once at the end.

use std::sync::{Arc, Mutex};

pub struct WriterSlot<W>(Mutex<Option<Arc<W>>>);

impl<W> Default for WriterSlot<W> {
    fn default() -> Self {
        WriterSlot(Mutex::new(None))
    }
}

impl<W> std::fmt::Debug for WriterSlot<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriterSlot")
    }
}

impl<W> WriterSlot<W> {
    /// The writer, made by `create` if this is the first block.
    pub fn get_or_create<E>(&self, create: impl FnOnce() -> Result<W, E>) -> Result<Arc<W>, E> {
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = w.as_ref() {
            return Ok(w.clone());
        }
        let made = Arc::new(create()?);
        *w = Some(made.clone());
        Ok(made)
    }

    /// Writes through `w` from now on (a cluster worker writing the client's file).
    pub fn set(&self, w: W) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(w));
    }

    /// The writer, if any block made one.
    pub fn current(&self) -> Option<Arc<W>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
