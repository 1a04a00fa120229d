//! Compiles the `.proto` contracts with protox (no system `protoc`) and writes
//! the descriptor set that the services serve for reflection.

use std::{env, fs, path::PathBuf};

const PROTOS: &[&str] = &[
    "portal/auth/v1/auth.proto",
    "portal/auth/v1/registration.proto",
    "portal/auth/v1/admin.proto",
    "portal/auth/v1/password_reset.proto",
    "portal/auth/v1/account_support.proto",
    "portal/support/v1/support.proto",
    "portal/support/v1/agent.proto",
];

const REDACTED: &[&str] = &[
    ".portal.auth.v1.LoginRequest",
    ".portal.auth.v1.LoginResponse",
    ".portal.auth.v1.ValidateSessionRequest",
    ".portal.auth.v1.ChangePasswordRequest",
    ".portal.auth.v1.SetPasswordRequest",
    ".portal.auth.v1.SecurityAnswer",
    ".portal.auth.v1.VerifyEmailRequest",
    ".portal.auth.v1.StartSecurityQuestionResetResponse",
    ".portal.auth.v1.AnswerSecurityQuestionsRequest",
    ".portal.auth.v1.AnswerSecurityQuestionsResponse",
    ".portal.auth.v1.CompletePasswordResetRequest",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for proto in PROTOS {
        println!("cargo:rerun-if-changed={proto}");
    }
    let descriptors = protox::compile(PROTOS, ["."])?;
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(
        out_dir.join("portal_descriptor.bin"),
        prost::Message::encode_to_vec(&descriptors),
    )?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .codec_path("crate::codec::PortalCodec")
        // Messages that carry passwords, tokens, codes or answers get a
        // hand-written `Debug` that hides them (see src/redacted.rs).
        .skip_debug(REDACTED)
        .compile_fds(descriptors)?;
    Ok(())
}
