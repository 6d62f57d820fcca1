package io.taskforge.app.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The REST API ({@code taskforge.api.*}).
 *
 * @param temporalTimeout how long a request waits on Temporal before answering 503
 * @param maxBodySize larger request bodies are refused with 413
 * @param retryAfter the Retry-After a 503 suggests
 */
@ConfigurationProperties("taskforge.api")
public record ApiSettings(
    @DefaultValue("5s") Duration temporalTimeout,
    @DefaultValue("1MB") DataSize maxBodySize,
    @DefaultValue("5s") Duration retryAfter) {}
