//! Checkpoints: the chain's head at a moment, signed with a key derived from the data key,
//! printed as `seq:hash:signature` for the operator to keep outside the database (a log
//! shipped elsewhere, a ticket, a notebook). The chain shows what was changed or removed
//! in its middle; only a checkpoint shows that its newest events were cut off and the head
//! rewound by someone who could switch the guards off: `audit verify --checkpoint` fails
//! when the chain no longer reaches a checkpoint it once reached.

use std::fmt;

use diesel::QueryResult;

use crate::audit::{chain, model, seal};
use crate::db::Conn;

/// A position the chain was seen to reach, and the hash it had there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The last event's position then (0 before any event).
    pub seq: i64,
    /// Its hash (empty before any event).
    pub hash: String,
    signature: String,
}

impl Checkpoint {
    /// The chain's head now, signed.
    pub fn current(conn: &mut Conn) -> QueryResult<Self> {
        seal::seal_waiting(conn)?;
        let (seq, hash) = model::head(conn)?;
        let signature = chain::sign_checkpoint(seq, &hash)?;
        Ok(Self { seq, hash, signature })
    }

    /// Reads `seq:hash:signature`: `None` unless it is well-formed and this deployment
    /// signed it (a checkpoint cannot be made up, or carried over from another key).
    pub fn parse(text: &str) -> QueryResult<Option<Self>> {
        let mut parts = text.trim().split(':');
        let (Some(seq), Some(hash), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Ok(None);
        };
        let Ok(seq) = seq.parse::<i64>() else { return Ok(None) };
        if seq < 0 || !chain::checkpoint_signed(seq, hash, signature)? {
            return Ok(None);
        }
        Ok(Some(Self { seq, hash: hash.to_owned(), signature: signature.to_owned() }))
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.seq, self.hash, self.signature)
    }
}
