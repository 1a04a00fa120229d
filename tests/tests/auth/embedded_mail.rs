//! Without PORTAL_SMTP_URL, mail is written as `.eml` files.

use std::time::Duration;

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

    let folder = db.data_dir.path().join("mail");
    let mut found = None;
    for _ in 0..200 {
        let files: Vec<_> = std::fs::read_dir(&folder)?
            .filter_map(Result::ok)
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "eml"))
            .collect();
        if let Some(file) = files.first() {
            found = Some(std::fs::read_to_string(file.path())?);
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let message = found.expect("an .eml file");
    assert!(message.contains("To: jane@example.com"), "{message}");
    assert!(
        message.contains("Subject: Your portal account has been locked"),
        "{message}"
    );
    Ok(())
}
