package io.taskforge.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.app.support.Callers;
import io.taskforge.app.support.DevKey;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import io.taskforge.app.support.TestTenants;
import io.taskforge.app.web.Blocking;
import io.taskforge.app.web.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Authentication and the API-key admin endpoints, against a dev server. */
@EndToEndTest
@TestTenants
class ApiKeyIT {
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired WebTestClient web;
  @Autowired RegisteredApiKeys registered;
  @Autowired ApiKeyRegistry registry;
  @Autowired Blocking blocking;
  @Autowired SecuritySettings settings;

  @Test
  void noCredentials_is401ProblemWithABearerChallenge() {
    WebTestClient anonymous = Callers.anonymous(web);

    Map<String, Object> problem =
        anonymous
            .get()
            .uri("/api/v1/tasks")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"taskforge\"")
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat(problem)
        .containsEntry("type", Problems.UNAUTHENTICATED.toString())
        .containsEntry("status", 401);
    anonymous
        .post()
        .uri("/api/v1/tasks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("type", "sleep"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    anonymous.get().uri("/api/v1/workers/health").exchange().expectStatus().isUnauthorized();
    anonymous.get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void wrongKey_is401_whicheverHeaderCarriesIt() {
    for (WebTestClient wrong :
        List.of(
            Callers.withKey(web, "tf_not_a_key_anyone_has"),
            Callers.withBearer(web, "tf_not_a_key_anyone_has"),
            Callers.withBearer(web, "not-a-jwt-and-none-is-configured"))) {
      Map<String, Object> problem =
          wrong
              .get()
              .uri("/api/v1/tasks")
              .exchange()
              .expectStatus()
              .isUnauthorized()
              .expectHeader()
              .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"taskforge\".*")
              .expectBody(JSON)
              .returnResult()
              .getResponseBody();
      assertThat(problem).containsEntry("type", Problems.UNAUTHENTICATED.toString());
    }
  }

  @Test
  void devKey_worksAsABearerTokenToo() {
    Callers.withBearer(web, DevKey.KEY).get().uri("/api/v1/tasks").exchange().expectStatus().isOk();
  }

  @Test
  void healthPrometheusAndTheApiDocs_needNoCredentials() {
    WebTestClient anonymous = Callers.anonymous(web);
    anonymous.get().uri("/actuator/health").exchange().expectStatus().isOk();
    anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    // The document tells Swagger UI how to send a key.
    anonymous
        .get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.securitySchemes.apiKey.name")
        .isEqualTo("X-API-Key")
        .jsonPath("$.components.securitySchemes.bearer.scheme")
        .isEqualTo("bearer");
  }

  @Test
  void clusterWideReads_areOpenToAnyTenantsKey() {
    WebTestClient acme = Callers.withKey(web, TestTenants.Key.ACME);
    acme.get().uri("/api/v1/workers/health").exchange().expectStatus().isOk();
    acme.get().uri("/api/v1/task-types").exchange().expectStatus().isOk();
  }

  @Test
  void keyWithoutTheAdminRole_gets403FromEveryAdminEndpoint() {
    WebTestClient acme = Callers.withKey(web, TestTenants.Key.ACME);

    for (WebTestClient.RequestHeadersSpec<?> request :
        List.<WebTestClient.RequestHeadersSpec<?>>of(
            acme.get().uri("/api/v1/admin/api-keys"),
            acme.post()
                .uri("/api/v1/admin/api-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "sneaky", "tenant", "acme", "admin", true)),
            acme.delete().uri("/api/v1/admin/api-keys/config:acme-ci"))) {
      Map<String, Object> problem =
          request
              .exchange()
              .expectStatus()
              .isForbidden()
              .expectHeader()
              .contentType(MediaType.APPLICATION_PROBLEM_JSON)
              .expectBody(JSON)
              .returnResult()
              .getResponseBody();
      assertThat(problem).containsEntry("type", Problems.FORBIDDEN.toString());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void keyMadeThroughTheApi_works_survivesAFreshRead_andIsRefusedOnceRevoked() {
    String tenant = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> created =
        web.post()
            .uri("/api/v1/admin/api-keys")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "integration", "tenant", tenant))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .exists(HttpHeaders.LOCATION)
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    String id = (String) created.get("id");
    String key = (String) created.get("key");
    assertThat(key).startsWith(ApiKeys.PREFIX).hasSizeGreaterThan(40);
    assertThat(created).containsEntry("tenant", tenant).containsEntry("admin", false);

    // Listed without its secret or hash; the configured keys are listed too.
    Map<String, Object> list =
        web.get()
            .uri("/api/v1/admin/api-keys")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    List<Map<String, Object>> keys = (List<Map<String, Object>>) list.get("apiKeys");
    Map<String, Object> listed =
        keys.stream().filter(k -> id.equals(k.get("id"))).findFirst().orElseThrow();
    assertThat(listed)
        .containsEntry("tenant", tenant)
        .containsEntry("source", "api")
        .containsEntry("prefix", key.substring(0, 8))
        .doesNotContainKeys("key", "sha256");
    assertThat(keys)
        .anySatisfy(k -> assertThat(k).containsEntry("id", "config:acme-ci"))
        .anySatisfy(k -> assertThat(k).containsEntry("id", "config:dev"));
    assertThat(list.toString()).doesNotContain(key, ApiKeys.sha256Hex(key));

    // The new key acts for its tenant.
    WebTestClient holder = Callers.withKey(web, key);
    String task = new TaskApi(holder).submit(Map.of("type", "sleep", "params", Map.of()));
    holder.get().uri("/api/v1/tasks/{id}", task).exchange().expectStatus().isOk();
    web.get().uri("/api/v1/tasks/{id}", task).exchange().expectStatus().isNotFound();

    // Without this instance's copy (as after a restart), and from another instance's.
    registered.forget();
    holder.get().uri("/api/v1/tasks").exchange().expectStatus().isOk();
    RegisteredApiKeys anotherInstance = new RegisteredApiKeys(registry, blocking, settings);
    assertThat(anotherInstance.find(ApiKeys.sha256(key)).block(Duration.ofSeconds(10)))
        .extracting(KnownKey::tenant)
        .isEqualTo(tenant);

    web.delete().uri("/api/v1/admin/api-keys/{id}", id).exchange().expectStatus().isNoContent();
    holder.get().uri("/api/v1/tasks").exchange().expectStatus().isUnauthorized();
    web.delete().uri("/api/v1/admin/api-keys/{id}", id).exchange().expectStatus().isNotFound();
    // Another instance drops it at its next read (within taskforge.security.key-refresh).
    anotherInstance.refreshNow();
    assertThat(anotherInstance.find(ApiKeys.sha256(key)).blockOptional(Duration.ofSeconds(10)))
        .isEmpty();
  }

  @Test
  void configuredKey_cannotBeRevokedThroughTheApi() {
    web.delete()
        .uri("/api/v1/admin/api-keys/config:acme-ci")
        .exchange()
        .expectStatus()
        .isEqualTo(409);
    Callers.withKey(web, TestTenants.Key.ACME)
        .get()
        .uri("/api/v1/tasks")
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void keyForAnInvalidTenantOrWithoutAName_is422() {
    web.post()
        .uri("/api/v1/admin/api-keys")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("tenant", "Not A Tenant!"))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(2);
  }
}
