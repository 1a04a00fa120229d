//! argon2id itself: libsodium's implementation (its AVX2 / AVX-512 code,
//! chosen at run time) for every hash it can compute, RustCrypto's
//! `argon2` for the rest, and the PHC strings both read and write
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, base64 without
//! padding). The two produce the same bytes for the same input (tests
//! below), so either verifies what the other made.
//!
//! libsodium computes argon2id version 0x13 with one lane, a 16-byte salt
//! and at least 16 bytes of output; anything else (a hash imported with
//! p=2, another salt length) goes to RustCrypto. libsodium allocates the
//! m KiB of each call itself and frees them on return (its API has no way
//! to hand it a buffer), so a worker holds memory only while it hashes;
//! the RustCrypto buffer is allocated the first time a fallback needs it
//! and kept for the worker's life.

use alkali::hash::pbkdf::argon2id as sodium;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use phc::{Ident, Output, ParamsString, PasswordHash, Salt};
use rand::RngCore;
use subtle::ConstantTimeEq;

use super::HashError;

/// Salt length of new hashes, bytes (libsodium's `crypto_pwhash_SALTBYTES`).
pub const SALT_LEN: usize = 16;
/// Output length of new hashes, bytes.
pub const OUTPUT_LEN: usize = 32;
/// libsodium's shortest output (`crypto_pwhash_BYTES_MIN`).
const SODIUM_MIN_OUTPUT: usize = 16;

/// The cost of one hash: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Cost {
    fn params(self, output_len: usize) -> Result<Params, HashError> {
        Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(output_len),
        )
        .map_err(|error| HashError::Failed(format!("invalid argon2 parameters: {error}")))
    }

    /// Can libsodium compute this hash?
    fn fits_sodium(self, salt_len: usize, output_len: usize) -> bool {
        self.parallelism == 1
            && salt_len == SALT_LEN
            && output_len >= SODIUM_MIN_OUTPUT
            && u64::from(self.memory_kib) * 1024 >= sodium::MEM_LIMIT_MIN as u64
            && self.iterations as usize >= sodium::OPS_LIMIT_MIN
    }
}

/// Which implementation computes a hash (for tests and the bench).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    Sodium,
    RustCrypto,
}

/// One worker's hashing state.
#[derive(Debug)]
pub struct Engine {
    cost: Cost,
    /// RustCrypto's memory, allocated on the first fallback.
    blocks: Vec<Block>,
}

impl Engine {
    pub fn new(cost: Cost) -> Result<Self, HashError> {
        cost.params(OUTPUT_LEN)?;
        Ok(Self {
            cost,
            blocks: Vec::new(),
        })
    }

    /// A new PHC string for `password` with a random salt.
    pub fn hash(&mut self, password: &[u8]) -> Result<String, HashError> {
        let mut salt = [0u8; SALT_LEN];
        rand::rng().fill_bytes(&mut salt);
        let mut output = [0u8; OUTPUT_LEN];
        self.derive(self.cost, password, &salt, &mut output, None)?;
        encode_phc(self.cost, &salt, &output)
    }

    /// Does `password` match `phc`? Compared in constant time. A hash made
    /// with other parameters is verified with its own.
    pub fn verify(&mut self, password: &[u8], phc: &str) -> Result<bool, HashError> {
        let parsed = PasswordHash::new(phc).map_err(|e| HashError::Failed(e.to_string()))?;
        if parsed.algorithm.as_str() != "argon2id" || parsed.version.is_some_and(|v| v != 0x13) {
            return Err(HashError::Failed(format!(
                "not an argon2id v19 hash: {}",
                parsed.algorithm
            )));
        }
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(HashError::Failed("hash without salt or output".into()));
        };
        let param = |name: &str| {
            parsed
                .params
                .get_decimal(name)
                .ok_or_else(|| HashError::Failed(format!("hash without {name}")))
        };
        let cost = Cost {
            memory_kib: param("m")?,
            iterations: param("t")?,
            parallelism: param("p")?,
        };
        let mut output = vec![0u8; expected.len()];
        self.derive(cost, password, salt.as_ref(), &mut output, None)?;
        Ok(output.ct_eq(expected.as_bytes()).into())
    }

    /// The raw argon2id output of `password` and `salt` at `cost`, from
    /// `only` when given (the bench and the known-answer tests compare the
    /// two), else from libsodium when it can.
    pub fn derive(
        &mut self,
        cost: Cost,
        password: &[u8],
        salt: &[u8],
        output: &mut [u8],
        only: Option<Implementation>,
    ) -> Result<Implementation, HashError> {
        let sodium_fits = cost.fits_sodium(salt.len(), output.len());
        let use_sodium = match only {
            Some(Implementation::Sodium) if !sodium_fits => {
                return Err(HashError::Failed(
                    "libsodium cannot compute this hash".into(),
                ));
            }
            Some(chosen) => chosen == Implementation::Sodium,
            None => sodium_fits,
        };
        if use_sodium {
            let salt: &sodium::Salt = salt
                .try_into()
                .map_err(|_| HashError::Failed("salt of the wrong length".into()))?;
            sodium::derive_key(
                password,
                salt,
                cost.iterations as usize,
                cost.memory_kib as usize * 1024,
                output,
            )
            .map_err(|error| HashError::Failed(format!("libsodium argon2id: {error}")))?;
            return Ok(Implementation::Sodium);
        }
        let params = cost.params(output.len())?;
        let count = params.block_count();
        if self.blocks.len() < count {
            self.blocks.resize(count, Block::default());
        }
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into_with_memory(password, salt, output, &mut self.blocks[..count])
            .map_err(|error| HashError::Failed(error.to_string()))?;
        Ok(Implementation::RustCrypto)
    }
}

fn encode_phc(cost: Cost, salt: &[u8], output: &[u8]) -> Result<String, HashError> {
    let failed = |error: phc::Error| HashError::Failed(error.to_string());
    let mut phc_params = ParamsString::new();
    phc_params
        .add_decimal("m", cost.memory_kib)
        .map_err(failed)?;
    phc_params
        .add_decimal("t", cost.iterations)
        .map_err(failed)?;
    phc_params
        .add_decimal("p", cost.parallelism)
        .map_err(failed)?;
    let hash = PasswordHash {
        algorithm: Ident::new("argon2id").map_err(failed)?,
        version: Some(0x13),
        params: phc_params,
        salt: Some(Salt::new(salt).map_err(failed)?),
        hash: Some(Output::new(output).map_err(failed)?),
    };
    Ok(hash.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The production cost (README, "Passwords").
    const PRODUCTION: Cost = Cost {
        memory_kib: 19_456,
        iterations: 2,
        parallelism: 1,
    };

    fn both(cost: Cost, password: &[u8], salt: &[u8]) -> Result<(Vec<u8>, Vec<u8>), HashError> {
        let mut engine = Engine::new(cost)?;
        let mut sodium = vec![0u8; OUTPUT_LEN];
        let mut rust = vec![0u8; OUTPUT_LEN];
        engine.derive(
            cost,
            password,
            salt,
            &mut sodium,
            Some(Implementation::Sodium),
        )?;
        engine.derive(
            cost,
            password,
            salt,
            &mut rust,
            Some(Implementation::RustCrypto),
        )?;
        Ok((sodium, rust))
    }

    #[test]
    fn libsodium_and_rustcrypto_give_the_same_bytes() -> Result<(), HashError> {
        let salt = *b"0123456789abcdef";
        let (sodium, rust) = both(PRODUCTION, "correct horse battery".as_bytes(), &salt)?;
        assert_eq!(sodium, rust);
        let (sodium, rust) = both(PRODUCTION, "Grüße, 世界".as_bytes(), &[7u8; SALT_LEN])?;
        assert_eq!(sodium, rust);
        let (sodium, rust) = both(PRODUCTION, b"", &salt)?;
        assert_eq!(sodium, rust);
        Ok(())
    }

    /// RFC 9106's argon2id test vector needs a secret and associated data,
    /// which libsodium's API does not take. This answer was computed by
    /// both libraries when libsodium was adopted (and agreed); it is pinned
    /// so that a change in either shows here, not in people's sign-ins.
    #[test]
    fn both_keep_the_pinned_answer() -> Result<(), HashError> {
        let (sodium, rust) = both(PRODUCTION, b"password", b"somesaltsomesalt")?;
        assert_eq!(sodium, rust);
        let encoded = encode_phc(PRODUCTION, b"somesaltsomesalt", &sodium)?;
        assert_eq!(encoded, PINNED);
        Ok(())
    }

    const PINNED: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$K13EBUiG7JV+9ZxztmHFTdb7J0WQsnj2V8bZaqyPptE";

    #[test]
    fn a_hash_made_by_either_verifies_with_the_other() -> Result<(), HashError> {
        let mut engine = Engine::new(PRODUCTION)?;
        let salt = [42u8; SALT_LEN];
        for maker in [Implementation::Sodium, Implementation::RustCrypto] {
            let mut output = [0u8; OUTPUT_LEN];
            engine.derive(PRODUCTION, b"kept secret", &salt, &mut output, Some(maker))?;
            let phc = encode_phc(PRODUCTION, &salt, &output)?;
            for checker in [Implementation::Sodium, Implementation::RustCrypto] {
                let mut again = [0u8; OUTPUT_LEN];
                engine.derive(PRODUCTION, b"kept secret", &salt, &mut again, Some(checker))?;
                assert_eq!(again, output, "{maker:?} made, {checker:?} checked");
                let mut wrong = [0u8; OUTPUT_LEN];
                engine.derive(PRODUCTION, b"kept secreT", &salt, &mut wrong, Some(checker))?;
                assert_ne!(wrong, output, "{maker:?} made, {checker:?} refused");
            }
            assert!(engine.verify(b"kept secret", &phc)?);
            assert!(!engine.verify(b"kept secreT", &phc)?);
        }
        Ok(())
    }

    #[test]
    fn new_hashes_are_libsodiums_and_rustcrypto_verifies_them() -> Result<(), HashError> {
        let mut engine = Engine::new(PRODUCTION)?;
        let phc = engine.hash(b"fresh")?;
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        let parsed = PasswordHash::new(&phc).map_err(|e| HashError::Failed(e.to_string()))?;
        let (Some(salt), Some(hash)) = (parsed.salt, parsed.hash) else {
            return Err(HashError::Failed("no salt or hash".into()));
        };
        let mut output = [0u8; OUTPUT_LEN];
        let used = engine.derive(
            PRODUCTION,
            b"fresh",
            salt.as_ref(),
            &mut output,
            Some(Implementation::RustCrypto),
        )?;
        assert_eq!(used, Implementation::RustCrypto);
        assert_eq!(&output[..], hash.as_bytes());
        Ok(())
    }

    #[test]
    fn what_libsodium_cannot_compute_falls_back_to_rustcrypto() -> Result<(), HashError> {
        let two_lanes = Cost {
            memory_kib: 64,
            iterations: 1,
            parallelism: 2,
        };
        let mut engine = Engine::new(two_lanes)?;
        let mut output = [0u8; OUTPUT_LEN];
        let used = engine.derive(two_lanes, b"x", &[1u8; SALT_LEN], &mut output, None)?;
        assert_eq!(used, Implementation::RustCrypto);
        let phc = engine.hash(b"two lanes")?;
        assert!(engine.verify(b"two lanes", &phc)?);
        let short_salt = Cost {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        let used = engine.derive(short_salt, b"x", &[1u8; 8], &mut output, None)?;
        assert_eq!(used, Implementation::RustCrypto);
        let used = engine.derive(short_salt, b"x", &[1u8; SALT_LEN], &mut output, None)?;
        assert_eq!(used, Implementation::Sodium);
        Ok(())
    }

    #[test]
    fn other_algorithms_are_refused() -> Result<(), HashError> {
        let mut engine = Engine::new(PRODUCTION)?;
        let argon2i = "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert!(engine.verify(b"x", argon2i).is_err());
        Ok(())
    }
}
