//! Health and reflection.

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
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await?
            .into_inner();
        assert_eq!(reply.status(), ServingStatus::Serving, "{service:?}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn reflection_lists_the_auth_service() -> anyhow::Result<()> {
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;

    let f = fixture().await?;
    let mut reflection = ServerReflectionClient::new(f.auth.channel().await?);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut replies = reflection
        .server_reflection_info(tokio_stream::iter([request]))
        .await?
        .into_inner();

    let reply = replies.message().await?.expect("one reply");
    let Some(MessageResponse::ListServicesResponse(list)) = reply.message_response else {
        anyhow::bail!("unexpected reflection reply");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    assert!(
        names.contains(&"portal.auth.v1.AuthService".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"grpc.health.v1.Health".to_string()),
        "{names:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_auth_service_serves_prometheus_metrics() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let _ = super::login(&mut f.client, "nobody@example.com", "whatever-it-is").await;

    let scrape =
        portal_tests::web::send(f.auth.addr, http::Method::GET, "/metrics", &[], Vec::new())
            .await?;

    let text = String::from_utf8_lossy(&scrape.body);
    assert!(
        text.contains("method=\"/portal.auth.v1.AuthService/Login\",code=\"16\""),
        "{text}"
    );
    assert!(text.contains("\npassword_hash_queue_depth "), "{text}");
    Ok(())
}
