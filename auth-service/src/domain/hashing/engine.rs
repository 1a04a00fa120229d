//! argon2id itself, and the PHC strings it reads and writes
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, base64 without
//! padding).
//!
//! Every hash the service makes or checks is computed by `argon2-rust`
//! (its AVX-512 / AVX2 / SSE code, chosen at run time). Each worker keeps
//! one `argon2_rust::Hasher` for the configured cost, whose arena (m KiB,
//! on huge pages where the kernel allows them) lives as long as the
//! worker and is wiped after every hash. That reuse is the point: an
//! argon2id that maps its m KiB afresh on every call (libsodium's `mmap`
//! with `MAP_POPULATE`, then `munmap`) spends about a third of each hash
//! having the kernel fault in and zero 19 MiB (BENCHMARKS.md, "Hashing in
//! a kept arena"). A hash with other parameters (one imported with p=2, say) is
//! computed with an arena of its own for that call.
//!
//! libsodium's and RustCrypto's argon2id are here as references: the
//! known-answer tests prove that the three give the same bytes for the
//! same input, so every stored hash verifies and new ones verify anywhere;
//! the bench measures all three side by side.

use alkali::hash::pbkdf::argon2id as sodium;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use argon2_rust::params::{Memory, TagLen};
use phc::{Ident, Output, ParamsString, PasswordHash, Salt};
use rand::RngCore;
use subtle::ConstantTimeEq;

use super::HashError;

/// Salt length of new hashes, bytes (libsodium's `crypto_pwhash_SALTBYTES`).
pub const SALT_LEN: usize = 16;
/// Output length of new hashes, bytes.
pub const OUTPUT_LEN: usize = 32;

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

    /// `argon2-rust`'s configuration for this cost and output length, all
    /// lanes filled on the calling thread.
    fn argon2_rust(self, output_len: usize) -> Result<argon2_rust::Argon2, HashError> {
        let params = argon2_rust::Params::builder()
            .memory(Memory::kib(u64::from(self.memory_kib)))
            .passes(self.iterations)
            .lanes(self.parallelism)
            .threads(1)
            .tag_len(TagLen::bytes(output_len as u64))
            .build()
            .map_err(|error| HashError::Failed(format!("invalid argon2 parameters: {error}")))?;
        Ok(argon2_rust::Argon2::new(
            argon2_rust::Algorithm::Argon2id,
            argon2_rust::Version::V0x13,
            params,
        ))
    }

    /// Can libsodium compute this hash? Only argon2id v19 with one lane, a
    /// 16-byte salt and at least 16 bytes of output.
    fn fits_sodium(self, salt_len: usize, output_len: usize) -> bool {
        self.parallelism == 1
            && salt_len == SALT_LEN
            && output_len >= sodium::OUTPUT_LENGTH_MIN
            && u64::from(self.memory_kib) * 1024 >= sodium::MEM_LIMIT_MIN as u64
            && self.iterations as usize >= sodium::OPS_LIMIT_MIN
    }
}

/// Which implementation computes a hash. The service uses `Argon2Rust`;
/// the others are for the known-answer tests and the bench.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    /// `argon2-rust`, with the worker's arena kept between hashes.
    Argon2Rust,
    /// libsodium, which maps and unmaps its memory on every call.
    Sodium,
    /// RustCrypto's `argon2`, with a buffer kept between hashes.
    RustCrypto,
}

/// One worker's hashing state: at most one arena per implementation it
/// has used, each m KiB, kept for the worker's life.
#[derive(Debug)]
pub struct Engine {
    cost: Cost,
    /// The configured cost with a 32-byte output, and its arena.
    hasher: argon2_rust::Hasher,
    /// RustCrypto's memory, allocated the first time it is asked for.
    blocks: Vec<Block>,
}

impl Engine {
    /// Hashing state for `cost`; `Failed` when the cost is not a valid
    /// argon2id cost. Allocates nothing until the first hash.
    pub fn new(cost: Cost) -> Result<Self, HashError> {
        cost.params(OUTPUT_LEN)?;
        Ok(Self {
            cost,
            hasher: cost.argon2_rust(OUTPUT_LEN)?.hasher(),
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
    /// three), else from `argon2-rust`. `Failed` when the implementation
    /// cannot take these parameters.
    pub fn derive(
        &mut self,
        cost: Cost,
        password: &[u8],
        salt: &[u8],
        output: &mut [u8],
        only: Option<Implementation>,
    ) -> Result<Implementation, HashError> {
        let implementation = only.unwrap_or(Implementation::Argon2Rust);
        match implementation {
            Implementation::Argon2Rust => {
                let failed =
                    |error: argon2_rust::Error| HashError::Failed(format!("argon2id: {error}"));
                if cost == self.cost && output.len() == OUTPUT_LEN {
                    self.hasher
                        .hash_into(password, salt, output)
                        .map_err(failed)?;
                } else {
                    cost.argon2_rust(output.len())?
                        .hash_into(password, salt, output)
                        .map_err(failed)?;
                }
            }
            Implementation::Sodium => {
                if !cost.fits_sodium(salt.len(), output.len()) {
                    return Err(HashError::Failed(
                        "libsodium cannot compute this hash".into(),
                    ));
                }
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
            }
            Implementation::RustCrypto => {
                let params = cost.params(output.len())?;
                let count = params.block_count();
                if self.blocks.len() < count {
                    self.blocks.resize(count, Block::default());
                }
                Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                    .hash_password_into_with_memory(
                        password,
                        salt,
                        output,
                        &mut self.blocks[..count],
                    )
                    .map_err(|error| HashError::Failed(error.to_string()))?;
            }
        }
        Ok(implementation)
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

    const ALL: [Implementation; 3] = [
        Implementation::Argon2Rust,
        Implementation::Sodium,
        Implementation::RustCrypto,
    ];

    /// The output of each implementation, in the order of `ALL`.
    fn all_three(cost: Cost, password: &[u8], salt: &[u8]) -> Result<Vec<Vec<u8>>, HashError> {
        let mut engine = Engine::new(cost)?;
        ALL.iter()
            .map(|&implementation| {
                let mut output = vec![0u8; OUTPUT_LEN];
                engine.derive(cost, password, salt, &mut output, Some(implementation))?;
                Ok(output)
            })
            .collect()
    }

    #[test]
    fn the_three_implementations_give_the_same_bytes() -> Result<(), HashError> {
        let salt = *b"0123456789abcdef";
        for (password, salt) in [
            ("correct horse battery".as_bytes(), &salt),
            ("Grüße, 世界".as_bytes(), &[7u8; SALT_LEN]),
            (b"", &salt),
        ] {
            let outputs = all_three(PRODUCTION, password, salt)?;
            assert_eq!(outputs[0], outputs[1], "argon2-rust and libsodium");
            assert_eq!(outputs[0], outputs[2], "argon2-rust and RustCrypto");
        }
        Ok(())
    }

    /// RFC 9106's argon2id test vector needs a secret and associated data,
    /// which libsodium's API does not take. This answer was computed by
    /// libsodium and RustCrypto when libsodium was adopted (and agreed); it
    /// is pinned so that a change in any of the three shows here, not in
    /// people's sign-ins.
    #[test]
    fn all_keep_the_pinned_answer() -> Result<(), HashError> {
        for output in all_three(PRODUCTION, b"password", b"somesaltsomesalt")? {
            let encoded = encode_phc(PRODUCTION, b"somesaltsomesalt", &output)?;
            assert_eq!(encoded, PINNED);
        }
        Ok(())
    }

    const PINNED: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$K13EBUiG7JV+9ZxztmHFTdb7J0WQsnj2V8bZaqyPptE";

    #[test]
    fn a_hash_made_by_any_verifies_with_the_others() -> Result<(), HashError> {
        let mut engine = Engine::new(PRODUCTION)?;
        let salt = [42u8; SALT_LEN];
        for maker in ALL {
            let mut output = [0u8; OUTPUT_LEN];
            engine.derive(PRODUCTION, b"kept secret", &salt, &mut output, Some(maker))?;
            let phc = encode_phc(PRODUCTION, &salt, &output)?;
            for checker in ALL {
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
    fn new_hashes_are_argon2_rusts_and_the_references_verify_them() -> Result<(), HashError> {
        let mut engine = Engine::new(PRODUCTION)?;
        let phc = engine.hash(b"fresh")?;
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        let parsed = PasswordHash::new(&phc).map_err(|e| HashError::Failed(e.to_string()))?;
        let (Some(salt), Some(hash)) = (parsed.salt, parsed.hash) else {
            return Err(HashError::Failed("no salt or hash".into()));
        };
        for reference in [Implementation::Sodium, Implementation::RustCrypto] {
            let mut output = [0u8; OUTPUT_LEN];
            engine.derive(
                PRODUCTION,
                b"fresh",
                salt.as_ref(),
                &mut output,
                Some(reference),
            )?;
            assert_eq!(&output[..], hash.as_bytes(), "{reference:?}");
        }
        // The worker's arena is reused: the same answer twice in a row.
        let mut first = [0u8; OUTPUT_LEN];
        let mut second = [0u8; OUTPUT_LEN];
        engine.derive(PRODUCTION, b"fresh", salt.as_ref(), &mut first, None)?;
        engine.derive(PRODUCTION, b"fresh", salt.as_ref(), &mut second, None)?;
        assert_eq!(
            (&first[..], &second[..]),
            (hash.as_bytes(), hash.as_bytes())
        );
        Ok(())
    }

    #[test]
    fn hashes_with_other_parameters_are_computed_with_their_own() -> Result<(), HashError> {
        let small = |parallelism| Cost {
            memory_kib: 64,
            iterations: 1,
            parallelism,
        };
        let mut engine = Engine::new(PRODUCTION)?;
        // Two lanes, an 8-byte salt, a 16-byte output: none of them the
        // worker's configured cost, so no reuse, but the same bytes as
        // RustCrypto's; libsodium takes none of the first two.
        for (cost, salt, output_len) in [
            (small(2), &[1u8; SALT_LEN][..], OUTPUT_LEN),
            (small(1), &[1u8; 8][..], OUTPUT_LEN),
            (small(1), &[1u8; SALT_LEN][..], 16),
        ] {
            let mut ours = vec![0u8; output_len];
            let used = engine.derive(cost, b"x", salt, &mut ours, None)?;
            assert_eq!(used, Implementation::Argon2Rust);
            let mut reference = vec![0u8; output_len];
            engine.derive(
                cost,
                b"x",
                salt,
                &mut reference,
                Some(Implementation::RustCrypto),
            )?;
            assert_eq!(ours, reference, "{cost:?}, {} byte salt", salt.len());
        }
        let mut output = [0u8; OUTPUT_LEN];
        assert!(
            engine
                .derive(
                    small(2),
                    b"x",
                    &[1u8; SALT_LEN],
                    &mut output,
                    Some(Implementation::Sodium)
                )
                .is_err()
        );
        let mut two_lanes = Engine::new(small(2))?;
        let phc = two_lanes.hash(b"two lanes")?;
        assert!(phc.contains("p=2"), "{phc}");
        assert!(engine.verify(b"two lanes", &phc)?);
        assert!(!engine.verify(b"two lanes!", &phc)?);
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
