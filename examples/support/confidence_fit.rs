//! `evaluate --fit-confidence`: collects the evidence the library logs for
//! each pair's confidence (target [`CONFIDENCE_LOG_TARGET`], trace level)
//! and fits the logistic regression whose weights are
//! `CONFIDENCE_WEIGHTS` in `src/params.rs`.

use std::collections::HashMap;
use std::sync::Mutex;

use zhen_align::eval::{CONFIDENCE_FEATURES, CONFIDENCE_LOG_TARGET};

/// The records logged since the last [`take`].
static RECORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Collector;

impl log::Log for Collector {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.target() == CONFIDENCE_LOG_TARGET
    }

    fn log(&self, r: &log::Record<'_>) {
        if self.enabled(r.metadata()) {
            if let Ok(mut v) = RECORDS.lock() {
                v.push(r.args().to_string());
            }
        }
    }

    fn flush(&self) {}
}

/// Starts collecting.
pub fn install() {
    static COLLECTOR: Collector = Collector;
    if log::set_logger(&COLLECTOR).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
}

/// The evidence of each pair logged since the last call, by
/// `(zh_start, en_start, zh_len, en_len)`.
pub fn take() -> HashMap<(usize, usize, usize, usize), Vec<f64>> {
    let records = RECORDS
        .lock()
        .map(|mut v| std::mem::take(&mut *v))
        .unwrap_or_default();
    records
        .iter()
        .filter_map(|r| {
            let v: Vec<f64> = r.split('\t').filter_map(|x| x.parse().ok()).collect();
            (v.len() == 4 + CONFIDENCE_FEATURES.len()).then(|| {
                let key = (v[0] as usize, v[1] as usize, v[2] as usize, v[3] as usize);
                (key, v[4..].to_vec())
            })
        })
        .collect()
}

/// A logistic regression on one number (Platt scaling, barely penalised):
/// scale then bias.
pub fn fit_scalar(rows: &[(Vec<f64>, bool)]) -> Vec<f64> {
    fit_dim(rows, 1e-6, 2)
}

/// L2-penalised logistic regression (penalty `lambda`, the bias not
/// penalised) by Newton's method: weights then bias.
pub fn fit(rows: &[(Vec<f64>, bool)], lambda: f64) -> Vec<f64> {
    fit_dim(rows, lambda, CONFIDENCE_FEATURES.len() + 1)
}

/// [`fit`] with `d - 1` inputs.
fn fit_dim(rows: &[(Vec<f64>, bool)], lambda: f64, d: usize) -> Vec<f64> {
    let mut w = vec![0.0; d];
    let x_of = |x: &[f64]| -> Vec<f64> { x.iter().copied().chain([1.0]).collect() };
    for _ in 0..50 {
        let mut grad = vec![0.0; d];
        let mut hess = vec![vec![0.0; d]; d];
        for (x, y) in rows {
            let x = x_of(x);
            let s: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-s).exp());
            let r = p - f64::from(u8::from(*y));
            for a in 0..d {
                grad[a] += r * x[a];
                for b in 0..d {
                    hess[a][b] += p * (1.0 - p) * x[a] * x[b];
                }
            }
        }
        for a in 0..d - 1 {
            grad[a] += lambda * w[a];
            hess[a][a] += lambda;
        }
        let step = solve(hess, grad);
        let size: f64 = step.iter().map(|s| s.abs()).sum();
        for (wa, s) in w.iter_mut().zip(&step) {
            *wa -= s;
        }
        if size < 1e-10 {
            break;
        }
    }
    w
}

/// The probability the weights `w` give the evidence `x`.
pub fn predict(w: &[f64], x: &[f64]) -> f64 {
    let s: f64 = w[x.len()] + x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>();
    1.0 / (1.0 + (-s).exp())
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting (a
/// singular system gives zeros where it has no pivot).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .unwrap_or(c);
        a.swap(c, p);
        b.swap(c, p);
        if a[c][c].abs() < 1e-12 {
            continue;
        }
        let pivot = a[c].clone();
        for r in c + 1..n {
            let f = a[r][c] / pivot[c];
            for (x, p) in a[r].iter_mut().zip(&pivot).skip(c) {
                *x -= f * p;
            }
            b[r] -= f * b[c];
        }
    }
    let mut x = vec![0.0; n];
    for c in (0..n).rev() {
        if a[c][c].abs() < 1e-12 {
            continue;
        }
        let s: f64 = (c + 1..n).map(|k| a[c][k] * x[k]).sum();
        x[c] = (b[c] - s) / a[c][c];
    }
    x
}
