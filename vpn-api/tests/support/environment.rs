//! The process environment and config files of the tests that read them (each such test is
//! alone in its binary, since the environment is one per process).

use std::path::PathBuf;

/// Sets or removes a variable.
pub(crate) fn set(name: &str, value: Option<&str>) {
    match value {
        Some(v) => std::env::set_var(name, v),
        None => std::env::remove_var(name),
    }
}

/// A config file in a fresh folder of the target directory (never the developer's home), at
/// `.ionos/config` below it.
pub(crate) fn config_dir(name: &str, text: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".ionos")).expect("dir");
    std::fs::write(dir.join(".ionos/config"), text).expect("config");
    dir
}

/// None of the variables the API's tools read.
pub(crate) fn clear_variables() {
    for variable in [
        "IONOS_TOKEN",
        "IONOS_USERNAME",
        "IONOS_PASSWORD",
        "IONOS_API_URL",
        "IONOS_CONFIG_FILE",
        "IONOS_CURRENT_PROFILE",
    ] {
        set(variable, None);
    }
}

/// A clean slate: none of the API's variables, and a home without a config file.
pub(crate) fn isolate(name: &str) -> PathBuf {
    clear_variables();
    let home = config_dir(name, "");
    std::fs::remove_file(home.join(".ionos/config")).expect("no config file");
    set("HOME", home.to_str());
    home
}
