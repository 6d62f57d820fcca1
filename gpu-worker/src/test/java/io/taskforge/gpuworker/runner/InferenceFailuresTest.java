package io.taskforge.gpuworker.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.workflows.gpu.GpuFailureTypes;
import io.taskforge.workflows.task.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InferenceFailuresTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB",
        "RuntimeError: CUDA error: out of memory",
        "CUDA_ERROR_OUT_OF_MEMORY",
        "ggml_backend_cuda_buffer_type_alloc_buffer: failed to allocate CUDA0 buffer: cudaErrorMemoryAllocation",
      })
  void oomMessagesOfCommonRuntimes_areRecognised(String output) {
    assertThat(InferenceFailures.mentionsOutOfMemory(output)).isTrue();
    assertThat(InferenceFailures.fromProcessExit(1, output).getType())
        .isEqualTo(GpuFailureTypes.GPU_OUT_OF_MEMORY);
  }

  @ParameterizedTest
  @CsvSource({
    "507, '', GpuOutOfMemory, false",
    "500, 'CUDA out of memory', GpuOutOfMemory, false",
    "500, 'internal error', InferenceServerUnavailable, false",
    "502, '', InferenceServerUnavailable, false",
    "503, 'loading', InferenceServerUnavailable, false",
    "429, 'busy', InferenceServerUnavailable, false",
    "400, 'bad', InvalidParams, true",
    "422, 'bad', InvalidParams, true",
    "401, 'no key', RemoteRejected, true",
    "404, 'no such model', RemoteRejected, true",
  })
  void httpAnswers_areClassified(int status, String body, String type, boolean nonRetryable) {
    ApplicationFailure failure = InferenceFailures.fromHttpStatus(status, body);

    assertThat(failure.getType()).isEqualTo(type);
    assertThat(failure.isNonRetryable()).isEqualTo(nonRetryable);
  }

  @ParameterizedTest
  @CsvSource({
    "65, InvalidParams, true",
    "1, InferenceFailed, false",
    "137, InferenceFailed, false"
  })
  void processExits_areClassified(int exit, String type, boolean nonRetryable) {
    ApplicationFailure failure = InferenceFailures.fromProcessExit(exit, "something went wrong");

    assertThat(failure.getType()).isEqualTo(type);
    assertThat(failure.isNonRetryable()).isEqualTo(nonRetryable);
  }

  @org.junit.jupiter.api.Test
  void onlyOomAndDeadServers_restTheDevice() {
    assertThat(InferenceFailures.restsDevice(InferenceFailures.outOfMemory("x"))).isTrue();
    assertThat(InferenceFailures.restsDevice(InferenceFailures.fromHttpStatus(503, ""))).isTrue();
    assertThat(InferenceFailures.restsDevice(InferenceFailures.invalidParams("x"))).isFalse();
    assertThat(FailureTypes.INVALID_PARAMS).isEqualTo("InvalidParams");
  }
}
