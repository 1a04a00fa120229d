//! Without PORTAL_SMTP_URL, mail is written as `.eml` files.

use portal_tests::{TestAuth, TestAuthOptions, TestDatabase};

use super::{PASSWORD, WRONG_PASSWORD, login};

#[tokio::test(flavor = "multi_thread")]
async fn lock_email_is_written_to_the_mail_folder_when_no_smtp_server_is_set() -> anyhow::Result<()>
{
    let db = TestDatabase::fresh().await?;
    let auth = TestAuth::spawn(&db, TestAuthOptions::default()).await?;
    auth.create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let mut client = auth.client().await?;

    for _ in 0..3 {
        let _ = login(&mut client, "jane@example.com", WRONG_PASSWORD).await;
    }

    auth.domain.flush_mail().await?;
    let folder = db.data_dir.path().join("mail");
    let files: Vec<_> = std::fs::read_dir(&folder)?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "eml"))
        .collect();
    assert_eq!(files.len(), 1, "one .eml file");
    let message = std::fs::read_to_string(files[0].path())?;
    assert!(message.contains("To: jane@example.com"), "{message}");
    assert!(
        message.contains("Subject: Your portal account has been locked"),
        "{message}"
    );
    Ok(())
}
