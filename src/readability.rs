//! Readability scores (being written).
