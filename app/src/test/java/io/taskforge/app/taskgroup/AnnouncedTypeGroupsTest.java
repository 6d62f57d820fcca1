package io.taskforge.app.taskgroup;

import static io.taskforge.app.taskgroup.GroupFixtures.array;
import static io.taskforge.app.taskgroup.GroupFixtures.expanded;
import static io.taskforge.app.taskgroup.GroupFixtures.group;
import static io.taskforge.app.taskgroup.GroupFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskforge.activities.webhook.WebhookSettings;
import io.taskforge.app.task.TaskRequestValidator;
import io.taskforge.app.tasktype.AnnouncedTaskTypes;
import io.taskforge.app.tasktype.TaskTypeRegistry;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.task.RetrySpec;
import io.taskforge.workflows.task.TaskInput;
import io.taskforge.workflows.task.TimeoutSpec;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import io.taskforge.workflows.worker.AnnouncedTaskType;
import io.taskforge.workflows.worker.WorkerEntry;
import io.taskforge.workflows.worker.WorkerMode;
import io.taskforge.workflows.worker.WorkerReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.web.ErrorResponseException;

/** Group steps of a type that a Python worker announced. */
class AnnouncedTypeGroupsTest {
  private final TaskGroupRequestMapper mapper = mapperWithPythonType();

  @Test
  void groupStepOfAPythonType_isValidatedByItsSchema_andRoutedToItsQueue() {
    TaskInput step =
        mapper
            .map(group(task("a", "py_upper", Map.of("text", "hi"))), "default")
            .input()
            .tasks()
            .getFirst()
            .task();

    assertThat(step.activityTaskQueue()).isEqualTo("python");
    assertThat(step.params()).containsEntry("text", "hi").containsEntry("times", 1);
    assertThat(step.retry().maximumAttempts()).isEqualTo(4);
  }

  @Test
  void expansionOfAPythonType_isRefusedAtSubmission_notFailedAtRunTime() {
    ErrorResponseException e =
        catchThrowableOfType(
            ErrorResponseException.class,
            () ->
                mapper.map(
                    group(
                        expanded(
                            "a",
                            "py_upper",
                            Map.of("text", "{{item}}"),
                            array(List.of("x", "y"), "merge"))),
                    "default"));

    assertThat(e.getStatusCode().value()).isEqualTo(422);
    assertThat(errors(e))
        .containsExactly(
            new FieldProblem(
                "tasks[0].type",
                "is served by a python worker; such types cannot be expanded yet"));
  }

  @SuppressWarnings("unchecked")
  private static List<FieldProblem> errors(ErrorResponseException e) {
    return (List<FieldProblem>) e.getBody().getProperties().get("errors");
  }

  private static TaskGroupRequestMapper mapperWithPythonType() {
    AnnouncedTaskTypes announced =
        new AnnouncedTaskTypes(
            null, GroupFixtures.workerSettings("taskforge"), Duration.ofSeconds(2));
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("announced", announced);
    TaskTypeRegistry registry =
        new TaskTypeRegistry(
            List.of(GroupFixtures.handler(GroupFixtures.echo())),
            new StaticListableBeanFactory().getBeanProvider(TaskTypeDefinition.class),
            beans.getBeanProvider(AnnouncedTaskTypes.class));
    announced.refreshFrom(List.of(new WorkerEntry(pythonWorker(), Instant.now(), true)));
    return new TaskGroupRequestMapper(
        new TaskRequestValidator(
            registry,
            GroupFixtures.workerSettings("taskforge"),
            WebhookSettings.withSecret(""),
            GroupFixtures.submittedUrls()),
        registry);
  }

  private static WorkerReport pythonWorker() {
    AnnouncedTaskType upper =
        new AnnouncedTaskType(
            "py_upper",
            "Upper-cases a text",
            "python",
            Map.of(
                "type", "object",
                "properties",
                    Map.of(
                        "text", Map.of("type", "string"),
                        "times", Map.of("type", "integer", "default", 1)),
                "required", List.of("text")),
            RetrySpec.of(4, Duration.ofSeconds(1)),
            new TimeoutSpec(
                Duration.ofMinutes(5), Duration.ofMinutes(5), null, Duration.ofSeconds(30)),
            "python");
    return new WorkerReport(
        "py-1",
        "host",
        "python",
        "python",
        WorkerMode.CPU,
        List.of(),
        4,
        0,
        0,
        0,
        0,
        List.of(),
        List.of("py_upper"),
        Instant.now(),
        Instant.now(),
        Duration.ofSeconds(15),
        false,
        List.of(),
        List.of(upper));
  }
}
