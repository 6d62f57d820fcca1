package io.taskforge.activities.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.activities.webhook.WebhookSigner.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final String SECRET = "it-webhook-secret";
  private static final Instant SENT = Instant.parse("2026-03-01T12:00:00Z");
  private static final byte[] BODY = "{\"taskId\":\"task-1\"}".getBytes(StandardCharsets.UTF_8);

  /** A delivery as the receiver gets it: header names as sent, the raw body. */
  record Delivery(Map<String, String> headers, byte[] body) {
    static Delivery signed(String secret, String id, Instant at, byte[] body) {
      String[] pairs = WebhookSigner.headers(secret, id, at, body);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 0; i < pairs.length; i += 2) {
        headers.put(pairs[i], pairs[i + 1]);
      }
      return new Delivery(headers, body);
    }

    Delivery with(String header, String value) {
      Map<String, String> changed = new LinkedHashMap<>(headers);
      changed.put(header, value);
      return new Delivery(changed, body);
    }

    Delivery without(String header) {
      Map<String, String> changed = new LinkedHashMap<>(headers);
      changed.remove(header);
      return new Delivery(changed, body);
    }

    Delivery withBody(String text) {
      return new Delivery(headers, text.getBytes(StandardCharsets.UTF_8));
    }

    Verdict verify(String secret, Instant now) {
      return WebhookSigner.verify(secret, body, headers::get, now, WebhookSigner.DEFAULT_TOLERANCE);
    }
  }

  // Both vectors were computed apart from this code, with Python's hmac module:
  // base64.b64encode(hmac.new(key, b"<id>.<timestamp>.<body>", hashlib.sha256).digest()).

  @Test
  void standardWebhooksReferenceVector_isReproduced() {
    // The vector of the Standard Webhooks reference libraries' own tests (a whsec_ secret).
    String signature =
        WebhookSigner.signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void secretWithoutThePrefix_isUsedAsItsUtf8Bytes() {
    assertThat(WebhookSigner.signature(SECRET, "delivery-1", SENT.getEpochSecond(), BODY))
        .isEqualTo("v1,+Gd+yCPF7Cok/dEK3ZVGHsL6TiGFFjJ1ahKU96rdPMo=");
    assertThat(WebhookSigner.key(SECRET)).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void headers_carryIdTimestampAndSignature_andTheLegacyPairForOneRelease() {
    Delivery delivery = Delivery.signed(SECRET, "delivery-1", SENT, BODY);

    assertThat(delivery.headers())
        .containsExactly(
            Map.entry("webhook-id", "delivery-1"),
            Map.entry("webhook-timestamp", "1772366400"),
            Map.entry("webhook-signature", "v1,+Gd+yCPF7Cok/dEK3ZVGHsL6TiGFFjJ1ahKU96rdPMo="),
            Map.entry("X-Taskforge-Timestamp", "1772366400"),
            Map.entry(
                "X-Taskforge-Signature",
                "sha256=0abfb521e3a8193e0b8c385e343162348b572ef62c6a19bb9e24959c27a5fa88"));
  }

  @Test
  void freshDelivery_isValid_withinTheToleranceEitherWay() {
    Delivery delivery = Delivery.signed(SECRET, "delivery-1", SENT, BODY);

    assertThat(delivery.verify(SECRET, SENT)).isEqualTo(Verdict.VALID);
    assertThat(delivery.verify(SECRET, SENT.plus(Duration.ofMinutes(5)))).isEqualTo(Verdict.VALID);
    assertThat(delivery.verify(SECRET, SENT.minus(Duration.ofMinutes(5)))).isEqualTo(Verdict.VALID);
  }

  @Test
  void replayedLaterThanTheTolerance_isRefusedAsStale() {
    Delivery captured = Delivery.signed(SECRET, "delivery-1", SENT, BODY);

    assertThat(captured.verify(SECRET, SENT.plus(Duration.ofMinutes(5)).plusSeconds(1)))
        .isEqualTo(Verdict.STALE_TIMESTAMP);
    assertThat(captured.verify(SECRET, SENT.plus(Duration.ofDays(2))))
        .isEqualTo(Verdict.STALE_TIMESTAMP);
  }

  @Test
  void timestampFarInTheFuture_isRefusedAsStale() {
    Delivery delivery = Delivery.signed(SECRET, "delivery-1", SENT.plusSeconds(301), BODY);

    assertThat(delivery.verify(SECRET, SENT)).isEqualTo(Verdict.STALE_TIMESTAMP);
  }

  @Test
  void replayWithAFreshTimestamp_failsTheSignature() {
    // The old scheme signed the body only, so this replay passed it.
    Instant later = SENT.plus(Duration.ofHours(1));
    Delivery replayed =
        Delivery.signed(SECRET, "delivery-1", SENT, BODY)
            .with("webhook-timestamp", Long.toString(later.getEpochSecond()));

    assertThat(replayed.verify(SECRET, later)).isEqualTo(Verdict.BAD_SIGNATURE);
  }

  @Test
  void tamperedBodyIdOrSecret_failsTheSignature() {
    Delivery delivery = Delivery.signed(SECRET, "delivery-1", SENT, BODY);

    assertThat(delivery.withBody("{\"taskId\":\"task-2\"}").verify(SECRET, SENT))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(delivery.with("webhook-id", "delivery-2").verify(SECRET, SENT))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(delivery.with("webhook-id", "delivery-1.1772366400").verify(SECRET, SENT))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(delivery.verify("another-secret", SENT)).isEqualTo(Verdict.BAD_SIGNATURE);
  }

  @Test
  void missingHeaderOrMalformedTimestamp_isRefused() {
    Delivery delivery = Delivery.signed(SECRET, "delivery-1", SENT, BODY);

    assertThat(delivery.without("webhook-id").verify(SECRET, SENT))
        .isEqualTo(Verdict.MISSING_HEADER);
    assertThat(delivery.without("webhook-timestamp").verify(SECRET, SENT))
        .isEqualTo(Verdict.MISSING_HEADER);
    assertThat(delivery.with("webhook-signature", " ").verify(SECRET, SENT))
        .isEqualTo(Verdict.MISSING_HEADER);
    assertThat(delivery.with("webhook-timestamp", "2026-03-01T12:00:00Z").verify(SECRET, SENT))
        .isEqualTo(Verdict.MALFORMED_TIMESTAMP);
  }

  @Test
  void signatureList_passesWhenAnyV1EntryMatches_andOtherVersionsNeverDo() {
    Delivery delivery = Delivery.signed(SECRET, "delivery-1", SENT, BODY);
    String valid = delivery.headers().get("webhook-signature");
    String base64 = valid.substring("v1,".length());

    assertThat(
            delivery
                .with("webhook-signature", "v1,bm90IGl0 " + valid + " v1a,c29tZXRoaW5n")
                .verify(SECRET, SENT))
        .isEqualTo(Verdict.VALID);
    assertThat(delivery.with("webhook-signature", "v2," + base64).verify(SECRET, SENT))
        .isEqualTo(Verdict.BAD_SIGNATURE);
  }

  @Test
  void malformedOrEmptySecret_isRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> WebhookSigner.key("whsec_not*base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base64")
        .hasMessageNotContaining("not*base64");
    assertThatThrownBy(() -> WebhookSigner.key("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSigner.key("whsec_"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idWithAFullStop_isNeverSigned() {
    // "a.1" + "." + "2" would read the same as "a" + "." + "1.2": the standard forbids it.
    assertThatThrownBy(() -> WebhookSigner.headers(SECRET, "a.1", SENT, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unsignedHeaders_carryIdAndTimestampOnly() {
    assertThat(WebhookSigner.unsignedHeaders("alert-1", SENT))
        .containsExactly(
            "webhook-id",
            "alert-1",
            "webhook-timestamp",
            "1772366400",
            "X-Taskforge-Timestamp",
            "1772366400");
  }
}
