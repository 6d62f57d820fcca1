package io.taskforge.activities.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskforge.workflows.task.ArtifactRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  @TempDir Path root;

  @Test
  void anotherTenantsTask_keepsItsFilesInAFolderOfItsTenant() throws Exception {
    ArtifactStore store = new ArtifactStore(root);

    ArtifactRef ref = store.write("acme/report-q3", "report.pdf", "application/pdf", bytes("pdf"));

    assertThat(ref.taskId()).isEqualTo("acme/report-q3");
    assertThat(root.resolve("_tenants/acme/report-q3/report.pdf")).hasContent("pdf");
    assertThat(store.find("acme/report-q3", "report.pdf")).isPresent();
    assertThat(store.list("acme/report-q3")).containsExactly("report.pdf");
    assertThat(store.path("acme/report-q3", "part.jsonl"))
        .isEqualTo(root.resolve("_tenants/acme/report-q3/part.jsonl"));
  }

  @Test
  void theSameIdInTwoTenants_isTwoFolders_andNeitherTenantReachesTheOthers() throws Exception {
    ArtifactStore store = new ArtifactStore(root);
    store.write("report-q3", "report.pdf", "application/pdf", bytes("default's"));
    store.write("acme/report-q3", "report.pdf", "application/pdf", bytes("acme's"));
    // A default-tenant task named like the other tenant: its folder is not acme's.
    store.write("acme", "report-q3", "text/plain", bytes("default's task acme"));

    assertThat(Files.readString(store.find("report-q3", "report.pdf").orElseThrow()))
        .isEqualTo("default's");
    assertThat(Files.readString(store.find("acme/report-q3", "report.pdf").orElseThrow()))
        .isEqualTo("acme's");

    assertThat(store.deleteAll("acme")).isEqualTo(1);
    assertThat(store.find("acme/report-q3", "report.pdf")).isPresent();
    assertThat(store.deleteAll("acme/report-q3")).isEqualTo(1);
    assertThat(store.find("report-q3", "report.pdf")).isPresent();
  }

  @Test
  void idsThatCouldEscapeTheirFolder_areRefused() {
    ArtifactStore store = new ArtifactStore(root);

    assertThatThrownBy(() -> store.write("acme/../x", "a", "text/plain", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.write("acme/x/y", "a", "text/plain", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.write("/x", "a", "text/plain", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.find("..", "a")).isEmpty();
    assertThat(store.find("acme/..", "a")).isEmpty();
    assertThat(store.deleteAll("acme/..")).isZero();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
