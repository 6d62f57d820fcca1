package io.taskforge.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class VisibilityTest {
  private final WorkflowClient client = mock(WorkflowClient.class, RETURNS_DEEP_STUBS);

  @Test
  void pageTokenTemporalCannotRead_is422NamingPageToken() {
    temporalAnswers(Status.UNKNOWN.withDescription("something went wrong, please retry"));
    assertThatThrownBy(() -> Visibility.list(client, "", "default", 10, "garbage"))
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(422);
              assertThat(e.getBody().getProperties().get("errors").toString())
                  .contains("pageToken");
            });
    temporalAnswers(Status.INVALID_ARGUMENT.withDescription("bad token"));
    assertThatThrownBy(() -> Visibility.list(client, "", "default", 10, "Zm9v"))
        .isInstanceOf(ErrorResponseException.class);
  }

  @Test
  void undecodableToken_is422BeforeTemporalIsAsked() {
    when(client.getOptions().getNamespace()).thenReturn("default");
    assertThatThrownBy(() -> Visibility.list(client, "", "default", 10, "***"))
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(422));
  }

  @Test
  void temporalFailureWithoutAToken_staysTemporals() {
    temporalAnswers(Status.UNKNOWN.withDescription("boom"));
    assertThatThrownBy(() -> Visibility.list(client, "", "default", 10, null))
        .isInstanceOf(StatusRuntimeException.class);
  }

  private void temporalAnswers(Status status) {
    when(client.getOptions().getNamespace()).thenReturn("default");
    when(client
            .getWorkflowServiceStubs()
            .blockingStub()
            .listWorkflowExecutions(any(ListWorkflowExecutionsRequest.class)))
        .thenThrow(new StatusRuntimeException(status));
  }
}
