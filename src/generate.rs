//! Deterministic demo data generator (placeholder).
