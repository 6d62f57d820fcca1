package io.taskforge.app.web;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.taskforge.app.security.Tenancy;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * One page of a Temporal visibility query, as every list endpoint serves it: the tenant's
 * executions, and the next page token encoded for a URL (null on the last page). Blocking.
 */
public final class Visibility {
  private Visibility() {}

  /** A page of executions and the token of the next page. */
  public record Page(List<WorkflowExecutionMetadata> executions, String nextPageToken) {}

  /** The page of {@code query}'s executions that belong to {@code tenant}. */
  public static Page list(
      WorkflowClient client, String query, String tenant, int pageSize, String pageToken) {
    ListWorkflowExecutionsRequest.Builder request =
        ListWorkflowExecutionsRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setQuery(Tenancy.restrict(query, tenant))
            .setPageSize(pageSize);
    if (pageToken != null && !pageToken.isBlank()) {
      request.setNextPageToken(decodeToken(pageToken));
    }
    ListWorkflowExecutionsResponse response =
        withPageToken(
            pageToken,
            () ->
                client
                    .getWorkflowServiceStubs()
                    .blockingStub()
                    .listWorkflowExecutions(request.build()));
    List<WorkflowExecutionMetadata> executions =
        response.getExecutionsList().stream()
            .map(
                info -> new WorkflowExecutionMetadata(info, client.getOptions().getDataConverter()))
            .toList();
    return new Page(executions, encodeToken(response.getNextPageToken()));
  }

  /**
   * Runs a list call that carries a client's page token. A token this API did not hand out decodes
   * to bytes that Temporal cannot read: it answers INVALID_ARGUMENT, or UNKNOWN on some persistence
   * back-ends, which would otherwise become a 500. With a token, either is the token's fault: 422
   * naming it.
   */
  public static <T> T withPageToken(String pageToken, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (pageToken != null
          && !pageToken.isBlank()
          && (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.UNKNOWN)) {
        throw Problems.invalid("pageToken", "is not a token this API handed out");
      }
      throw e;
    }
  }

  /** A Temporal page token as a URL-safe string; null for none (the last page). */
  public static String encodeToken(ByteString token) {
    return token.isEmpty()
        ? null
        : Base64.getUrlEncoder().withoutPadding().encodeToString(token.toByteArray());
  }

  /** The Temporal page token of a string {@link #encodeToken} made; 422 for any other. */
  public static ByteString decodeToken(String token) {
    try {
      return ByteString.copyFrom(Base64.getUrlDecoder().decode(token));
    } catch (IllegalArgumentException e) {
      throw Problems.invalid("pageToken", "is not a token this API handed out");
    }
  }
}
