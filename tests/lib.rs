mod eval;
mod export;
