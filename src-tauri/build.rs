fn main() {
    // New migration files must rebuild the binary that embeds them with `sqlx::migrate!`.
    println!("cargo:rerun-if-changed=migrations");
    tauri_build::build()
}
