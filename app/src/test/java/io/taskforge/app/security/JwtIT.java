package io.taskforge.app.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.taskforge.app.support.Callers;
import io.taskforge.app.support.DevKey;
import io.taskforge.app.support.EndToEndTest;
import io.taskforge.app.support.TaskApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * JWT bearer tokens, with Spring Boot's resource server configured by a public key (no network):
 * tokens signed here with its private key.
 */
@EndToEndTest
class JwtIT {
  private static final KeyPair ISSUER = rsaKeyPair();
  private static final KeyPair STRANGER = rsaKeyPair();

  @Autowired WebTestClient web;

  @DynamicPropertySource
  static void publicKey(DynamicPropertyRegistry registry) throws IOException {
    Path dir = Files.createDirectories(Path.of("target"));
    Path pem = Files.createTempFile(dir, "jwt-issuer-", ".pem");
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.public-key-location",
        () -> pem.toUri().toString());
  }

  @Test
  void tokenWithATenantClaim_actsForThatTenant() {
    WebTestClient jwt = Callers.withBearer(web, token(ISSUER, c -> c.claim("tenant", "jwt-corp")));

    String id = new TaskApi(jwt).submit(Map.of("type", "sleep", "params", Map.of()));

    jwt.get().uri("/api/v1/tasks/{id}", id).exchange().expectStatus().isOk();
    web.get().uri("/api/v1/tasks/{id}", id).exchange().expectStatus().isNotFound();
  }

  @Test
  void tokenWithoutATenant_expired_orSignedByAnotherKey_is401() {
    for (String token :
        new String[] {
          token(ISSUER, c -> {}),
          token(ISSUER, c -> c.claim("tenant", "Not Valid!")),
          token(
              ISSUER,
              c ->
                  c.claim("tenant", "jwt-corp")
                      .issueTime(Date.from(Instant.now().minusSeconds(7200)))
                      .expirationTime(Date.from(Instant.now().minusSeconds(3600)))),
          token(STRANGER, c -> c.claim("tenant", "jwt-corp"))
        }) {
      Callers.withBearer(web, token)
          .get()
          .uri("/api/v1/tasks")
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("urn:taskforge:problem:unauthenticated");
    }
  }

  @Test
  void adminScope_opensTheAdminEndpoints_andIsNeededForThem() {
    String admin =
        token(ISSUER, c -> c.claim("tenant", "jwt-corp").claim("scope", "read taskforge:admin"));
    String plain = token(ISSUER, c -> c.claim("tenant", "jwt-corp").claim("scope", "read"));

    Callers.withBearer(web, admin)
        .get()
        .uri("/api/v1/admin/api-keys")
        .exchange()
        .expectStatus()
        .isOk();
    Callers.withBearer(web, plain)
        .get()
        .uri("/api/v1/admin/api-keys")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void apiKeys_keepWorkingBesideJwts() {
    web.get().uri("/api/v1/tasks").exchange().expectStatus().isOk();
    Callers.withBearer(web, DevKey.KEY).get().uri("/api/v1/tasks").exchange().expectStatus().isOk();
  }

  private static String token(KeyPair keys, Consumer<JWTClaimsSet.Builder> claims) {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .subject("service-account-7")
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    claims.accept(builder);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
    try {
      jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
