package io.taskforge.app.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The REST API ({@code taskforge.api.*}).
 *
 * @param temporalTimeout how long a request waits on Temporal before answering 503; a submission
 *     whose start got no answer waits as long again to learn whether it took effect
 * @param maxBodySize larger request bodies are refused with 413
 * @param retryAfter the Retry-After a 503 suggests
 * @param maxDuration the longest duration any field or parameter may give (timeouts, retry
 *     intervals, a group's timeout, duration parameters such as sleep's); longer is a 422
 * @param maxStartDelay how far in the future a task's {@code startAt} may be; further is a 422
 * @param healthTimeout the deadline of {@code GET /api/v1/workers/health}: the parts that have not
 *     answered by then are reported as not answering
 */
@ConfigurationProperties("taskforge.api")
public record ApiSettings(
    @DefaultValue("5s") Duration temporalTimeout,
    @DefaultValue("1MB") DataSize maxBodySize,
    @DefaultValue("5s") Duration retryAfter,
    @DefaultValue("365d") Duration maxDuration,
    @DefaultValue("365d") Duration maxStartDelay,
    @DefaultValue("2s") Duration healthTimeout) {

  @ConstructorBinding
  public ApiSettings {}

  /** The API's settings with the default limits (tests, tools). */
  public ApiSettings(Duration temporalTimeout, DataSize maxBodySize, Duration retryAfter) {
    this(
        temporalTimeout,
        maxBodySize,
        retryAfter,
        Duration.ofDays(365),
        Duration.ofDays(365),
        Duration.ofSeconds(2));
  }
}
