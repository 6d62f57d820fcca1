package io.taskforge.activities.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskforge.activities.TaskContext;
import io.taskforge.activities.artifact.ArtifactStore;
import io.taskforge.workflows.task.ArtifactRef;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {
  /** Only what the key is derived from: the task's workflow id, its item, its attempt. */
  record Context(String taskId, OptionalLong itemIndex, int attempt) implements TaskContext {
    static Context task(String workflowId, int attempt) {
      return new Context(workflowId, OptionalLong.empty(), attempt);
    }

    static Context item(String workflowId, long index, int attempt) {
      return new Context(workflowId, OptionalLong.of(index), attempt);
    }

    @Override
    public void progress(double percent, String message) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public ArtifactRef writeArtifact(String name, String contentType, ArtifactStore.Writer w) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void defaultTenantsTask_isKeyedByItsBareId() {
    assertThat(IdempotencyKey.of(Context.task("report-q3", 1))).isEqualTo("report-q3");
  }

  @Test
  void otherTenantsTask_isKeyedByTheIdItsTenantKnows_withoutTheTenantPrefix() {
    assertThat(IdempotencyKey.of(Context.task("acme/report-q3", 1))).isEqualTo("report-q3");
  }

  @Test
  void expansionItem_isKeyedByTheExpansionsIdAndItsIndex() {
    assertThat(IdempotencyKey.of(Context.item("acme/g1.calls", 17, 1))).isEqualTo("g1.calls#17");
    assertThat(IdempotencyKey.of(Context.item("g1.calls", 0, 1))).isEqualTo("g1.calls#0");
  }

  @Test
  void laterAttempts_getTheSameKey_andOtherItemsAnother() {
    assertThat(IdempotencyKey.of(Context.task("acme/t1", 4)))
        .isEqualTo(IdempotencyKey.of(Context.task("acme/t1", 1)));
    assertThat(IdempotencyKey.of(Context.item("g1.calls", 3, 2)))
        .isEqualTo(IdempotencyKey.of(Context.item("g1.calls", 3, 1)))
        .isNotEqualTo(IdempotencyKey.of(Context.item("g1.calls", 4, 1)));
  }

  @Test
  void onto_addsTheKey_andKeepsTheRestOfTheRequest() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/orders"))
            .timeout(Duration.ofSeconds(7))
            .header("X-Token", "t")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    HttpRequest keyed = IdempotencyKey.onto(request, Context.task("acme/order-7", 2));

    assertThat(keyed.headers().allValues("idempotency-key")).containsExactly("order-7");
    assertThat(keyed.headers().firstValue("X-Token")).contains("t");
    assertThat(keyed.method()).isEqualTo("POST");
    assertThat(keyed.uri()).isEqualTo(request.uri());
    assertThat(keyed.timeout()).contains(Duration.ofSeconds(7));
    assertThat(keyed.bodyPublisher().orElseThrow().contentLength()).isEqualTo(2);
  }

  @Test
  void onto_keepsTheKeyTheTaskSetItself_whateverItsLetterCase() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/orders"))
            .header("idempotency-KEY", "mine-1")
            .build();

    HttpRequest keyed = IdempotencyKey.onto(request, Context.task("order-7", 1));

    assertThat(keyed.headers().allValues(IdempotencyKey.HEADER)).containsExactly("mine-1");
  }
}
