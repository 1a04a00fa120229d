use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

use super::fixture;

#[tokio::test(flavor = "multi_thread")]
async fn health_answers_serving_for_the_service_and_the_server() -> anyhow::Result<()> {
    let f = fixture().await?;
    let mut health = HealthClient::new(f.auth.channel().await?);

    for service in ["", "portal.auth.v1.AuthService"] {
        let reply = health
            .check(HealthCheckRequest { service: service.into() })
            .await?
            .into_inner();
        assert_eq!(reply.status(), ServingStatus::Serving, "{service:?}");
    }
    Ok(())
}
