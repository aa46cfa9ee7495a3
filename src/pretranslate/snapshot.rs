//! A read transaction held while a batch of lookups runs.

use crate::error::Result;
use crate::memory::Memory;

/// One read transaction around many lookups (an article, a file of queries): they see one
/// state of the memory, and SQLite takes its file lock once instead of once per statement (a
/// quarter of the time of a 2,000-sentence draft went to locking). Inside a transaction
/// already open it does nothing.
pub struct ReadSnapshot<'m> {
    memory: Option<&'m Memory>,
}

impl<'m> ReadSnapshot<'m> {
    pub fn begin(memory: &'m Memory) -> Result<ReadSnapshot<'m>> {
        if !memory.conn().is_autocommit() {
            return Ok(ReadSnapshot { memory: None });
        }
        memory.conn().execute_batch("BEGIN")?;
        Ok(ReadSnapshot {
            memory: Some(memory),
        })
    }
}

impl Drop for ReadSnapshot<'_> {
    fn drop(&mut self) {
        if let Some(memory) = self.memory {
            // Nothing was written: ending the read transaction cannot lose anything.
            let _ = memory.conn().execute_batch("COMMIT");
        }
    }
}
