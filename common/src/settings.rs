//! Typed settings: the struct's defaults, then an optional TOML file, then
//! named environment variables. Unknown keys are refused by the settings
//! types themselves (`#[serde(deny_unknown_fields)]`).

use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use serde::de::DeserializeOwned;

/// Loads `T` from its defaults, `file` (when given) and the environment
/// variables of `env_keys`, each mapped to a dotted settings path.
pub fn load<T: DeserializeOwned>(
    file: Option<&Path>,
    env_keys: &'static [(&'static str, &'static str)],
) -> Result<T, Box<figment::Error>> {
    let mut figment = Figment::new();
    if let Some(file) = file {
        figment = figment.merge(Toml::file_exact(file));
    }
    let env = Env::raw().filter_map(move |key| {
        env_keys
            .iter()
            .find(|(name, _)| key.as_str().eq_ignore_ascii_case(name))
            .map(|(_, path)| (*path).into())
    });
    figment.merge(env).extract().map_err(Box::new)
}
