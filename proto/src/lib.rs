//! Generated gRPC contracts of the portal, and the descriptor set that the
//! services publish through gRPC reflection.

/// Every message and service of the portal, encoded as a
/// `FileDescriptorSet`, for `tonic-reflection`.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/portal_descriptor.bin"));

pub mod codec;
mod redacted;

pub mod auth {
    pub mod v1 {
        tonic::include_proto!("portal.auth.v1");
    }
}

pub mod support {
    pub mod v1 {
        tonic::include_proto!("portal.support.v1");
    }
}
