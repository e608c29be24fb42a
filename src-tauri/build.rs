fn main() {
    // New migration files must rebuild the binary that embeds them with `sqlx::migrate!`.
    println!("cargo:rerun-if-changed=migrations");
    // The UI is embedded in the binary (rust-embed): a rebuilt ui/dist must rebuild it.
    println!("cargo:rerun-if-changed=ui/dist");
    // Capabilities live beside the sources; pointing tauri-build at them (and watching them)
    // keeps it from watching a missing ./capabilities, which made every build dirty.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes)
        .expect("tauri-build: the Tauri configuration and capabilities are valid");
}
