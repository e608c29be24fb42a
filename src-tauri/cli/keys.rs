//! `yishi keys`: list and export public keys, verify signed files offline, and — for a member
//! who brings their own key — generate a key file and sign a document with it.

use crate::crypto::sealed::SealedSecret;
use crate::crypto::signing::{self, Document, PublicKey};
use crate::lang::Lang;
use crate::ops::keys::SignedFile;
use crate::ops::{self, Ctx, KeyProblem, OpError};
use clap::Subcommand;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum KeysCmd {
    /// List a community's keys with fingerprints and status.
    List {
        #[arg(long)]
        community: String,
    },
    /// Write a community's public keys (never secrets) as JSON.
    Export {
        #[arg(long)]
        community: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write every signature of a community as signed files (JSON) for anyone to re-check.
    ExportSignatures {
        #[arg(long)]
        community: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Verify a signed file (one object or an array); exit 1 naming each bad signature.
    Verify { file: PathBuf },
    /// Make your own key on your own computer; prints the public key to enrol. The PIN is read
    /// from YISHI_PIN or the first line of standard input.
    Generate {
        #[arg(long)]
        out: PathBuf,
        /// Your name exactly as on the roll, and the community's name: with both, the key also
        /// signs a proof of possession (the `yishi-key-proof:v1:` line) that enrolment requires.
        #[arg(long, requires = "community")]
        holder: Option<String>,
        #[arg(long, requires = "holder")]
        community: Option<String>,
    },
    /// Make the proof of possession for an existing key file (name and community as enrolled).
    Prove {
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        holder: String,
        #[arg(long)]
        community: String,
    },
    /// Sign a document (JSON, as the app shows it) with your own key file.
    Sign {
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        document: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

/// Signs and prints the proof of possession line for enrolment.
fn print_proof(
    sealed: &SealedSecret,
    pin: &str,
    public: &PublicKey,
    holder: &str,
    community: &str,
    lang: Lang,
) -> Result<(), OpError> {
    let made_at = chrono::Utc::now().timestamp();
    let doc =
        crate::ops::keys::possession_document(community.trim(), holder.trim(), public, made_at);
    let signature = sealed
        .sign(pin, public, &doc)
        .map_err(|_| OpError::Key(KeyProblem::WrongPin { remaining: 0 }))?;
    println!(
        "{}",
        crate::ops::keys::possession_line(public, made_at, &signature)
    );
    println!(
        "{}",
        lang.pick(
            "请把上面以 yishi-key-proof:v1: 开头的整行交给记录员登记：它证明这把密钥在您手中，且只能登记给您。",
            "Hand the whole line starting with yishi-key-proof:v1: to the secretary: it proves the key is in your hands and can be enrolled for you only.",
        )
    );
    Ok(())
}

/// A member's own key, as `yishi keys generate` writes it: the secret sealed under their PIN.
#[derive(Serialize, Deserialize)]
struct KeyFile {
    format: String,
    public_key: String,
    sealed_secret: String,
}

#[derive(Serialize)]
struct PublicKeyEntry {
    holder: String,
    units: Vec<String>,
    public_key: String,
    fingerprint: String,
    status: String,
    enrolled_at: String,
    ended_at: Option<String>,
}

fn io(e: std::io::Error) -> OpError {
    OpError::Storage(crate::store::StoreError::Io(e))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, OpError> {
    let text = std::fs::read_to_string(path).map_err(io)?;
    serde_json::from_str(&text).map_err(|e| OpError::BadArguments {
        op: path.display().to_string(),
        detail: e.to_string(),
    })
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), OpError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| OpError::BadArguments {
        op: "json".into(),
        detail: e.to_string(),
    })?;
    // Key files hold a sealed secret: readable by their owner only.
    crate::store::private::write(path, text.as_bytes()).map_err(io)
}

/// Writes every signature as a pretty JSON array (the layout `write_json` gives), one signed file
/// at a time as the pages are read, so a community's whole history never sits in memory.
async fn export_signatures(ctx: &Ctx, community_id: i64, out: &Path) -> Result<usize, OpError> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(crate::store::private::create(out).map_err(io)?);
    let mut written = 0usize;
    ops::signing::signature_files_each(ctx, community_id, |file| {
        let text = serde_json::to_string_pretty(&file).map_err(|e| OpError::BadArguments {
            op: "json".into(),
            detail: e.to_string(),
        })?;
        let sep: &[u8] = if written == 0 { b"[\n  " } else { b",\n  " };
        written += 1;
        w.write_all(sep).map_err(io)?;
        // Array elements sit two spaces in; JSON strings hold no raw line breaks.
        w.write_all(text.replace('\n', "\n  ").as_bytes())
            .map_err(io)
    })
    .await?;
    let end: &[u8] = if written == 0 { b"[]" } else { b"\n]" };
    w.write_all(end).map_err(io)?;
    w.flush().map_err(io)?;
    Ok(written)
}

pub(super) fn read_pin() -> Result<String, OpError> {
    if let Ok(pin) = std::env::var("YISHI_PIN") {
        return Ok(pin);
    }
    eprintln!("PIN:");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(io)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub async fn run(
    ctx: &Ctx,
    cmd: KeysCmd,
    lang: Lang,
    community_id: impl AsyncFn(&str) -> Result<i64, OpError>,
) -> Result<ExitCode, OpError> {
    match cmd {
        KeysCmd::List { community } => {
            for k in ops::keys::key_list(ctx, community_id(&community).await?).await? {
                let locked = if k.locked {
                    lang.pick(" 已锁定", " LOCKED")
                } else {
                    ""
                };
                println!(
                    "#{} {}  {}  {:?}/{:?}{}  {}",
                    k.key_id,
                    k.person_name,
                    k.fingerprint,
                    k.origin,
                    k.status,
                    locked,
                    k.enrolled_at
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        KeysCmd::Export { community, out } => {
            let keys = ops::keys::key_list(ctx, community_id(&community).await?).await?;
            let entries: Vec<PublicKeyEntry> = keys
                .into_iter()
                .map(|k| PublicKeyEntry {
                    holder: k.person_name,
                    units: k.units,
                    public_key: k.public_key,
                    fingerprint: k.fingerprint,
                    status: format!("{:?}", k.status).to_lowercase(),
                    enrolled_at: k.enrolled_at,
                    ended_at: k.ended_at,
                })
                .collect();
            write_json(&out, &entries)?;
            println!(
                "{} ({} {})",
                out.display(),
                entries.len(),
                lang.pick("把公钥", "public keys")
            );
            Ok(ExitCode::SUCCESS)
        }
        KeysCmd::ExportSignatures { community, out } => {
            let n = export_signatures(ctx, community_id(&community).await?, &out).await?;
            println!(
                "{} ({} {})",
                out.display(),
                n,
                lang.pick("个签名", "signatures")
            );
            Ok(ExitCode::SUCCESS)
        }
        KeysCmd::Verify { file } => verify_file(&file, lang),
        KeysCmd::Prove {
            key,
            holder,
            community,
        } => {
            let key_file: KeyFile = read_json(&key)?;
            let public = PublicKey::parse(&key_file.public_key)
                .map_err(|_| OpError::Key(KeyProblem::BadPublicKey))?;
            let sealed = SealedSecret::from_text(&key_file.sealed_secret)
                .map_err(|_| OpError::Key(KeyProblem::SealedDamaged))?;
            let pin = read_pin()?;
            print_proof(&sealed, &pin, &public, &holder, &community, lang)?;
            Ok(ExitCode::SUCCESS)
        }
        KeysCmd::Generate {
            out,
            holder,
            community,
        } => {
            let pin = read_pin()?;
            crate::domain::pin::check_new_pin(&pin, None).map_err(|p| match p {
                crate::domain::pin::PinProblem::TooShort { .. } => {
                    OpError::Key(KeyProblem::PinTooShort)
                }
                other => OpError::Key(KeyProblem::WeakPin(other)),
            })?;
            // Sealed at a cost calibrated on this computer (one guess at least 250 ms).
            let (cost, _) = crate::crypto::sealed::calibrate(crate::crypto::sealed::MIN_DERIVATION);
            let (public, sealed) =
                signing::generate(&pin, cost).map_err(|_| OpError::Key(KeyProblem::PinTooShort))?;
            write_json(
                &out,
                &KeyFile {
                    format: "yishi-keyfile/v1".into(),
                    public_key: public.text(),
                    sealed_secret: sealed.to_text(),
                },
            )?;
            // The sealed secret is the member's alone: no one else on this computer may read it.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600))
                    .map_err(io)?;
            }
            println!("{}", public.text());
            println!(
                "{} {}",
                lang.pick("指纹", "Fingerprint"),
                public.fingerprint()
            );
            println!("{}", lang.pick("请把上面的公钥交给记录员登记，并当面核对指纹。私钥只在此文件中，已用您的 PIN 加密。", "Give the public key above to the secretary and compare the fingerprint face to face. The secret stays in this file, sealed under your PIN."));
            if let (Some(holder), Some(community)) = (holder, community) {
                print_proof(&sealed, &pin, &public, &holder, &community, lang)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        KeysCmd::Sign { key, document, out } => {
            let key_file: KeyFile = read_json(&key)?;
            let doc: Document = read_json(&document)?;
            let public = PublicKey::parse(&key_file.public_key)
                .map_err(|_| OpError::Key(KeyProblem::BadPublicKey))?;
            let sealed = SealedSecret::from_text(&key_file.sealed_secret)
                .map_err(|_| OpError::Key(KeyProblem::SealedDamaged))?;
            let pin = read_pin()?;
            let signature = sealed
                .sign(&pin, &public, &doc)
                .map_err(|_| OpError::Key(KeyProblem::WrongPin { remaining: 0 }))?;
            write_json(
                &out,
                &SignedFile {
                    format: "yishi-signed/v1".into(),
                    document: doc.clone(),
                    public_key: public.text(),
                    signature,
                },
            )?;
            println!("{}  {}", out.display(), doc.hash_hex());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Verifies one signed file or an array of them, printing a line per signature.
fn verify_file(path: &Path, lang: Lang) -> Result<ExitCode, OpError> {
    let value: serde_json::Value = read_json(path)?;
    let items: Vec<serde_json::Value> = match value {
        serde_json::Value::Array(a) => a,
        other => vec![other],
    };
    let mut bad = 0;
    for (i, item) in items.iter().enumerate() {
        let verdict = match serde_json::from_value::<SignedFile>(item.clone()) {
            Err(e) => Err(format!("{}: {e}", lang.pick("格式错误", "malformed"))),
            Ok(f) if f.format != "yishi-signed/v1" => Err(lang
                .pick("不是 yishi-signed/v1 文件", "not a yishi-signed/v1 file")
                .to_string()),
            Ok(f) => match PublicKey::parse(&f.public_key) {
                Err(_) => Err(lang.pick("公钥无效", "invalid public key").to_string()),
                Ok(k) => signing::verify(&k, &f.document, &f.signature)
                    .map(|_| {
                        format!(
                            "{} {} {}",
                            f.document.context,
                            k.fingerprint(),
                            f.document.hash_hex()
                        )
                    })
                    .map_err(|e| e.to_string()),
            },
        };
        match verdict {
            Ok(text) => println!("[{}] {} {text}", i + 1, lang.pick("有效", "valid")),
            Err(text) => {
                bad += 1;
                println!("[{}] {} {text}", i + 1, lang.pick("无效", "INVALID"));
            }
        }
    }
    println!(
        "{}",
        lang.pick(
            format!("共 {} 个签名，{} 个无效。", items.len(), bad),
            format!("{} signature(s), {} invalid.", items.len(), bad)
        )
    );
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
