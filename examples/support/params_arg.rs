//! `--param NAME=VALUE`: sets one field of [`zhen_align::Params`] by its name,
//! for tuning runs (`evaluate CORPUS --param skip_cost=4.5 --param band=8`).
//! `prior_A_B=X` sets the prior cost of the A–B bead shape (adding it if new).

use zhen_align::{NameMatching, Params};

/// Applies `spec` (`NAME=VALUE`) to `params`.
pub fn apply(params: &mut Params, spec: &str) -> Result<(), String> {
    let (name, value) = spec
        .split_once('=')
        .ok_or_else(|| format!("--param takes NAME=VALUE, found {spec:?}"))?;
    let (name, value) = (name.trim(), value.trim());
    let num = || -> Result<f64, String> {
        value
            .parse()
            .map_err(|_| format!("--param {name}: {value:?} is not a number"))
    };
    let int = || -> Result<usize, String> {
        value
            .parse()
            .map_err(|_| format!("--param {name}: {value:?} is not a whole number"))
    };
    let flag = || -> Result<bool, String> {
        match value {
            "1" | "true" | "on" => Ok(true),
            "0" | "false" | "off" => Ok(false),
            _ => Err(format!("--param {name}: {value:?} is not on/off")),
        }
    };
    match name {
        "skip_cost" => params.skip_cost = num()?,
        "skip_evidence" => params.skip_evidence = num()?,
        "skip_reference" => params.skip_reference = num()?,
        "lexical_weight" => params.lexical_weight = num()?,
        "lexical_smoothing" => params.lexical_smoothing = num()?,
        "length_weight" => params.length_weight = num()?,
        "length_variance" => params.length_variance = num()?,
        "paragraph_penalty" => params.paragraph_penalty = num()?,
        "learn_from_document" => params.learn_from_document = flag()?,
        "refit_length_ratio" => params.refit_length_ratio = flag()?,
        "learn_dice" => params.learn_dice = num()?,
        "learn_min_count" => {
            params.learn_min_count = u32::try_from(int()?).map_err(|e| e.to_string())?
        }
        "punctuation_evidence" => params.punctuation_evidence = flag()?,
        "name_matching" => {
            params.name_matching = match value {
                "off" => NameMatching::Off,
                "exact" => NameMatching::Exact,
                "fuzzy" => NameMatching::Fuzzy,
                _ => {
                    return Err(format!(
                        "--param name_matching: off, exact or fuzzy, found {value:?}"
                    ))
                }
            }
        }
        "first_band" => params.first_band = int()?,
        "first_max_run" => params.first_max_run = int()?,
        "band" => params.band = int()?,
        "band_margin" => params.band_margin = int()?,
        "segment" => params.segment = int()?,
        "cut_confidence" => params.cut_confidence = num()?,
        "confidence_temperature" => params.confidence_temperature = num()?,
        "mismatch_weight" => params.mismatch_weight = num()?,
        "merge_lexical_exponent" => params.merge_lexical_exponent = num()?,
        "quote_weight" => params.quote_weight = num()?,
        "model1_threshold" => params.model1_threshold = num()?,
        "model1_confidence" => params.model1_confidence = num()?,
        "model1_min_g2" => params.model1_min_g2 = num()?,
        "order_weight" => params.order_weight = num()?,
        _ if name.starts_with("prior_") => {
            let shape: Vec<usize> = name["prior_".len()..]
                .split('_')
                .map(str::parse)
                .collect::<Result<_, _>>()
                .map_err(|_| format!("--param {name}: expected prior_A_B"))?;
            let [a, b] = shape[..] else {
                return Err(format!("--param {name}: expected prior_A_B"));
            };
            let cost = num()?;
            match params.bead_priors.iter_mut().find(|p| (p.0, p.1) == (a, b)) {
                Some(p) => p.2 = cost,
                None => params.bead_priors.push((a, b, cost)),
            }
        }
        _ => return Err(format!("--param: no setting named {name:?}")),
    }
    Ok(())
}
