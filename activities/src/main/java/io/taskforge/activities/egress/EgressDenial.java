package io.taskforge.activities.egress;

import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Objects;

/**
 * Why the policy refuses a connection.
 *
 * @param rule the rule that refused it: an {@link AddressClass#rule() address class} ({@code
 *     loopback}, {@code private}...), {@code protected}, {@code scheme}, {@code ambiguous-host}
 * @param reason what the tenant is told: the host as written and, when it is a literal address,
 *     that address (an address a name resolved to is left out, as it may be an internal one)
 * @param address the address refused, for the operator's log line; null when none was reached
 */
public record EgressDenial(String rule, String reason, String address) {
  public static final String PROTECTED = "protected";
  public static final String SCHEME = "scheme";
  public static final String AMBIGUOUS_HOST = "ambiguous-host";

  public EgressDenial {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
  }

  /** The text of a refusal: {@code egress denied by rule 'loopback': ...}. */
  public String message() {
    return "egress denied by rule '" + rule + "': " + reason;
  }

  /** The failure a task gets: non-retryable, since the policy answers the same every time. */
  public ApplicationFailure toFailure() {
    return ApplicationFailure.newNonRetryableFailure(message(), FailureTypes.EGRESS_DENIED);
  }
}
