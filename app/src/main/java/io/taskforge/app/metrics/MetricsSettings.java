package io.taskforge.app.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Taskforge's own metrics ({@code taskforge.metrics.*}).
 *
 * @param backlogRefresh how often the task-queue backlog gauges are read from Temporal; zero turns
 *     them off
 */
@ConfigurationProperties("taskforge.metrics")
public record MetricsSettings(@DefaultValue("15s") Duration backlogRefresh) {}
