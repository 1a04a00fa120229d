//! The protobuf codec the services use: prost's, except that a message that
//! does not decode (bad wire format, invalid UTF-8 in a string field) is the
//! caller's mistake and answers `INVALID_ARGUMENT`, not `INTERNAL`.

use std::marker::PhantomData;

use prost::Message;
use tonic::Status;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder};
use tonic_prost::{ProstCodec, ProstEncoder};

/// Drop-in for `tonic_prost::ProstCodec`, named by the generated code.
#[derive(Debug, Clone)]
pub struct PortalCodec<T, U> {
    inner: ProstCodec<T, U>,
}

impl<T, U> Default for PortalCodec<T, U> {
    fn default() -> Self {
        Self {
            inner: ProstCodec::default(),
        }
    }
}

impl<T, U> Codec for PortalCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = LenientDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        self.inner.encoder()
    }

    fn decoder(&mut self) -> Self::Decoder {
        LenientDecoder {
            _message: PhantomData,
        }
    }
}

/// Decodes like prost, mapping decode failures to `INVALID_ARGUMENT`.
#[derive(Debug, Clone)]
pub struct LenientDecoder<U> {
    _message: PhantomData<U>,
}

impl<U: Message + Default> Decoder for LenientDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        U::decode(buf).map(Some).map_err(|error| {
            Status::invalid_argument(format!("malformed request message: {error}"))
        })
    }

    fn buffer_settings(&self) -> BufferSettings {
        BufferSettings::default()
    }
}
