//! The gateway embeds the built web front end (`web/dist`) in release
//! builds: rebuild when it changes. While it is missing, cargo looks again
//! at every build, so the first front-end build is picked up.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../web/dist");
}
