//! Strict and lax precision, recall and F1 over beads. (Helper C owns this file; stub.)
