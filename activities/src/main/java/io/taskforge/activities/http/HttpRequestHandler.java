package io.taskforge.activities.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.activities.TaskContext;
import io.taskforge.activities.TaskHandler;
import io.taskforge.activities.breaker.BreakerKind;
import io.taskforge.activities.breaker.BreakerPermit;
import io.taskforge.activities.breaker.CircuitBreakers;
import io.taskforge.activities.breaker.Targets;
import io.taskforge.activities.egress.EgressHttpClient;
import io.taskforge.activities.egress.EgressOptions;
import io.taskforge.activities.egress.EgressResponse;
import io.taskforge.workflows.TaskQueues;
import io.taskforge.workflows.task.FailureTypes;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskActivityInput;
import io.taskforge.workflows.task.TaskOutput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.Durations;
import io.taskforge.workflows.tasktype.ParamError;
import io.taskforge.workflows.tasktype.ParamRules;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code http_request} task type: one HTTP call, its answer as the result. */
@Component
public class HttpRequestHandler implements TaskHandler {
  /** Bodies beyond this are cut, so that one answer cannot fill the worker's memory. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

  private static final TaskTypeDefinition DEFINITION =
      new TaskTypeDefinition(
          "http_request",
          "Sends one HTTP request and returns the response's status, headers and body.",
          TaskQueues.DEFAULT,
          List.of(
              ParamSpec.required(
                  "url",
                  ParamType.URL,
                  "The http or https URL to call; the egress policy decides what it may reach."),
              ParamSpec.optional("method", ParamType.STRING, "GET", "The HTTP method.")
                  .oneOf(METHODS.toArray(String[]::new)),
              ParamSpec.optional(
                  "headers",
                  ParamType.OBJECT,
                  null,
                  "Request headers, names to string values. An Idempotency-Key here replaces the"
                      + " one every attempt sends (the task id, #index for an expansion item)."),
              ParamSpec.optional(
                  "body",
                  ParamType.ANY,
                  null,
                  "The request body: a string is sent as is, an object or array as JSON."),
              ParamSpec.optional(
                  "timeout",
                  ParamType.DURATION,
                  "30s",
                  "How long to wait for the response, such as 30s or PT1M."),
              ParamSpec.optional(
                  "failOnNon2xx",
                  ParamType.BOOLEAN,
                  true,
                  "Fail the task when the status is not 2xx (5xx, 408 and 429 are retried)."),
              ParamSpec.optional(
                  "followRedirects",
                  ParamType.BOOLEAN,
                  false,
                  "Follow redirects (at most taskforge.egress.max-redirects), each hop checked by"
                      + " the egress policy like the first; off: a 3xx is the answer.")),
          new RetrySpec(
              5,
              Duration.ofSeconds(1),
              2.0,
              Duration.ofMinutes(1),
              List.of(
                  FailureTypes.INVALID_PARAMS,
                  FailureTypes.REMOTE_REJECTED,
                  FailureTypes.EGRESS_DENIED)),
          new TimeoutSpec(
              Duration.ofMinutes(10), Duration.ofMinutes(5), null, Duration.ofSeconds(30)),
          new Rules());

  /**
   * A positive timeout, and headers the HTTP client will send: string values, and no header it
   * manages itself (Host, Content-Length, Connection...). The same builder the handler uses
   * decides, so what passes here is sent as is.
   */
  static final class Rules implements ParamRules {
    @Override
    public List<ParamError> check(Map<String, Object> params) {
      List<ParamError> errors = new ArrayList<>();
      Duration timeout = Durations.parse(String.valueOf(params.get("timeout"))).orElse(null);
      if (timeout != null && timeout.isZero()) {
        errors.add(new ParamError("params.timeout", "must be positive"));
      }
      if (params.get("headers") instanceof Map<?, ?> headers) {
        HttpRequest.Builder probe = HttpRequest.newBuilder();
        headers.forEach(
            (name, value) -> {
              String field = "params.headers." + name;
              if (!(value instanceof String text)) {
                errors.add(new ParamError(field, "must be a string"));
                return;
              }
              try {
                probe.header(String.valueOf(name), text);
              } catch (IllegalArgumentException e) {
                errors.add(
                    new ParamError(
                        field,
                        "cannot be set: the HTTP client sets it, or it is not a valid header"));
              }
            });
      }
      return errors;
    }
  }

  private final EgressHttpClient egress;
  private final CircuitBreakers breakers;

  public HttpRequestHandler(EgressHttpClient egress, CircuitBreakers breakers) {
    this.egress = egress;
    this.breakers = breakers;
  }

  @Override
  public TaskTypeDefinition definition() {
    return DEFINITION;
  }

  @Override
  public TaskOutput handle(TaskActivityInput input, TaskContext context) throws Exception {
    Map<String, Object> params = input.params();
    List<ParamError> errors = DEFINITION.validate(params);
    if (!errors.isEmpty()) {
      throw invalid(errors.getFirst().field() + " " + errors.getFirst().message());
    }
    URI url =
        egress.policy().url(DEFINITION.name(), context.tenant(), params.get("url"), "params.url");
    String method = method(params.get("method"));
    HttpRequest request = IdempotencyKey.onto(request(url, method, params), context);
    boolean failOnNon2xx = !Boolean.FALSE.equals(params.get("failOnNon2xx"));
    EgressOptions options =
        EgressOptions.of(DEFINITION.name(), context.tenant(), MAX_BODY_BYTES)
            .withRedirects(
                Boolean.TRUE.equals(params.get("followRedirects"))
                    ? egress.policy().maxRedirects()
                    : 0);
    String what = method + " " + url;

    context.progress(0, "sending " + what);
    EgressResponse response;
    HttpCalls.CappedBody body;
    long durationMillis;
    // One breaker per origin: a failing host fails fast without holding up calls to others.
    try (BreakerPermit permit = breakers.acquire(BreakerKind.HTTP_REQUEST, Targets.origin(url))) {
      long started = System.nanoTime();
      try {
        response = egress.send(request, options);
        body = new HttpCalls.CappedBody(response.body(), response.truncated());
      } catch (IOException e) {
        // An interrupt while reading the body surfaces as an IOException: it is a cancel, not a
        // remote fault (and the permit goes back uncounted).
        if (Thread.currentThread().isInterrupted()) {
          context.checkCancelled();
          throw new InterruptedException("interrupted during " + what);
        }
        permit.failure(e);
        throw HttpCalls.forIoError(what, e);
      }
      durationMillis = (System.nanoTime() - started) / 1_000_000;
      // The breaker judges the target, whatever failOnNon2xx says about the task.
      if (HttpCalls.isTransient(response.statusCode())) {
        permit.failure("HTTP " + response.statusCode());
      } else {
        permit.success();
      }
    }

    int status = response.statusCode();
    if (failOnNon2xx && (status < 200 || status > 299)) {
      throw HttpCalls.forStatus(
          what,
          status,
          response.headers(),
          new String(body.bytes(), HttpCalls.charsetOf(response.headers())));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", status);
    result.put("url", response.uri().toString());
    result.put("headers", headers(response.headers()));
    result.put("body", body(body, response.headers()));
    result.put("bodyBytes", body.bytes().length);
    result.put("bodyTruncated", body.truncated());
    result.put("durationMillis", durationMillis);
    context.progress(100, "HTTP " + status);
    return TaskOutput.of(result);
  }

  private static String method(Object value) {
    String method = value == null ? "GET" : value.toString().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw invalid("params.method must be one of " + METHODS);
    }
    return method;
  }

  /** From parameters that passed the definition's checks (see {@link Rules}). */
  private static HttpRequest request(URI url, String method, Map<String, Object> params) {
    Duration timeout =
        Durations.parse(String.valueOf(params.getOrDefault("timeout", "30s"))).orElseThrow();
    HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout);
    boolean hasContentType = false;
    if (params.get("headers") instanceof Map<?, ?> headers) {
      for (Map.Entry<?, ?> header : headers.entrySet()) {
        String name = String.valueOf(header.getKey());
        builder.header(name, (String) header.getValue());
        hasContentType |= name.equalsIgnoreCase("content-type");
      }
    }
    Object body = params.get("body");
    HttpRequest.BodyPublisher publisher;
    if (body == null || method.equals("HEAD")) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else if (body instanceof String text) {
      publisher = HttpRequest.BodyPublishers.ofString(text);
    } else {
      publisher = HttpRequest.BodyPublishers.ofByteArray(toJson(body));
      if (!hasContentType) {
        builder.header("Content-Type", "application/json");
      }
    }
    return builder.method(method, publisher).build();
  }

  private static byte[] toJson(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw invalid("params.body cannot be written as JSON: " + e.getOriginalMessage());
    }
  }

  private static Map<String, Object> headers(HttpHeaders headers) {
    Map<String, Object> result = new LinkedHashMap<>();
    headers
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) { // HTTP/2 pseudo-headers
                result.put(name, values.size() == 1 ? values.getFirst() : List.copyOf(values));
              }
            });
    return result;
  }

  private static Object body(HttpCalls.CappedBody body, HttpHeaders headers) {
    String text = new String(body.bytes(), HttpCalls.charsetOf(headers));
    String mediaType = HttpCalls.mediaType(headers);
    boolean json = mediaType.equals("application/json") || mediaType.endsWith("+json");
    if (!json || body.truncated() || text.isBlank()) {
      return text;
    }
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return text; // the server called it JSON, but it is not: keep what it sent
    }
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_PARAMS);
  }
}
