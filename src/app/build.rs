//! Windows only: the exe's icon, version information and manifest (PerMonitorV2 DPI
//! awareness, UTF-8 code page), compiled with the MinGW `windres` when cross-building.

fn main() {
    println!("cargo::rerun-if-changed=../../packaging/windows/jupas-reset.exe.manifest");
    println!("cargo::rerun-if-changed=../../packaging/icon/jupas-reset.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    if std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu") {
        resource
            .set_toolkit_path("/usr/bin")
            .set_windres_path("x86_64-w64-mingw32-windres")
            .set_ar_path("x86_64-w64-mingw32-ar");
    }
    resource
        .set_icon("../../packaging/icon/jupas-reset.ico")
        .set_manifest_file("../../packaging/windows/jupas-reset.exe.manifest")
        .set("ProductName", "JUPAS Forgot Password")
        .set("FileDescription", "JUPAS Forgot Password")
        .set("CompanyName", "The jupas-reset developers")
        .set(
            "LegalCopyright",
            "Copyright (c) 2026 The jupas-reset developers",
        )
        .set("OriginalFilename", "jupas-reset.exe")
        .set_language(0x0409);
    if let Err(error) = resource.compile() {
        // A Windows exe without its manifest would be blurry and without an icon: stop.
        panic!("embedding the Windows resources failed: {error}");
    }
}
