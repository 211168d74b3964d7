//! Reception: the walk-in rotation (轮排).

mod rotation;
