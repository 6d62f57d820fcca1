package io.taskforge.app.agency;

import io.taskforge.activities.worker.WorkerSettings;
import io.taskforge.app.config.TemporalApiClient;
import io.taskforge.app.security.Tenancy;
import io.taskforge.app.task.TaskStatuses;
import io.taskforge.app.taskgroup.ExpansionLimits;
import io.taskforge.app.tenant.OpenTaskLimit;
import io.taskforge.app.tenant.TenantSettings;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.app.web.Starts;
import io.taskforge.app.web.Visibility;
import io.taskforge.workflows.TaskSearchAttributes;
import io.taskforge.workflows.agency.AgencyGroupSpec;
import io.taskforge.workflows.agency.AgencyInput;
import io.taskforge.workflows.agency.AgencyState;
import io.taskforge.workflows.agency.AgencyWorkflow;
import io.taskforge.workflows.agency.ContextAddition;
import io.taskforge.workflows.agency.ContextMerge;
import io.taskforge.workflows.task.TaskPriority;
import io.taskforge.workflows.task.TaskStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Everything the agency API does to Temporal. Every method blocks on the Temporal client: callers
 * run it off the event loop (see {@link io.taskforge.app.web.Blocking}). Lifecycle steps are logged
 * with the agency id in the MDC ({@code agencyId}).
 */
@Service
public class AgencyService {
  private static final Logger log = LoggerFactory.getLogger(AgencyService.class);
  static final String TASK_TYPE = "agency";

  private final WorkflowClient client;
  private final AgencyReader reader;
  private final TenantSettings tenants;
  private final OpenTaskLimit openTasks;
  private final String taskQueue;

  public AgencyService(
      TemporalApiClient temporal,
      AgencyReader reader,
      TenantSettings tenants,
      OpenTaskLimit openTasks,
      WorkerSettings workerSettings) {
    this.client = temporal.workflows();
    this.reader = reader;
    this.tenants = tenants;
    this.openTasks = openTasks;
    this.taskQueue = workerSettings.taskQueue();
  }

  /** Starts the agency for the tenant, within its limits (which its groups carry along). */
  public AgencyView submit(String tenant, AgencyRequestMapper.ValidAgency agency) {
    long maxItems = tenants.limitsFor(tenant).maxExpansionItems();
    List<FieldProblem> oversized = new ArrayList<>();
    List<AgencyGroupSpec> groups = new ArrayList<>();
    for (int g = 0; g < agency.input().groups().size(); g++) {
      AgencyGroupSpec group = agency.input().groups().get(g);
      oversized.addAll(
          ExpansionLimits.oversized(group.group(), maxItems, tenant, "groups[" + g + "]."));
      groups.add(limited(group, maxItems));
    }
    if (!oversized.isEmpty()) {
      throw Problems.invalid(oversized);
    }
    openTasks.check(tenant);
    AgencyInput input =
        new AgencyInput(
            groups,
            agency.input().context(),
            agency.input().keepOpen(),
            agency.input().historyLimit(),
            agency.input().resume());
    String id = agency.id() != null ? agency.id() : "agency-" + UUID.randomUUID();
    String workflowId = Tenancy.workflowId(tenant, id);
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put(AgencyReader.MEMO_NAME, agency.name());
    if (agency.description() != null) {
      memo.put(AgencyReader.MEMO_DESCRIPTION, agency.description());
    }
    memo.put(AgencyReader.MEMO_METADATA, agency.metadata());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setMemo(memo)
            .setTypedSearchAttributes(
                Tenancy.tag(
                        SearchAttributes.newBuilder()
                            .set(TaskSearchAttributes.TASK_TYPE, TASK_TYPE)
                            .set(TaskSearchAttributes.TASK_STATUS, TaskStatus.PENDING.name())
                            .set(TaskSearchAttributes.TASK_PRIORITY, TaskPriority.NORMAL.name())
                            .set(TaskSearchAttributes.AGENCY_ID, workflowId),
                        tenant)
                    .build())
            .setStaticSummary(agency.name())
            .build();
    try {
      Starts.start(
          client,
          options,
          tagged ->
              WorkflowClient.start(
                  client.newWorkflowStub(AgencyWorkflow.class, tagged)::run, input));
    } catch (WorkflowExecutionAlreadyStarted e) {
      // The id is taken in the tenant's own space: by one of its own workflows.
      throw Problems.conflict("a workflow with id " + id + " already exists");
    }
    logged(
        workflowId,
        "agency submitted for tenant {} with {} group(s)",
        tenant,
        input.groups().size());
    return reader.initial(tenant, reader.describe(tenant, id), input);
  }

  private static AgencyGroupSpec limited(AgencyGroupSpec group, long maxItems) {
    return new AgencyGroupSpec(
        group.name(),
        ExpansionLimits.limited(group.group(), maxItems),
        group.dependsOn(),
        group.waitForContext());
  }

  public AgencyView get(String tenant, String id) {
    return reader.read(tenant, reader.describe(tenant, id));
  }

  public AgencyPage list(String tenant, TaskStatus status, int pageSize, String pageToken) {
    String query = "WorkflowType = '" + AgencyReader.WORKFLOW_TYPE + "'";
    if (status != null) {
      query += " AND " + TaskStatuses.query(status);
    }
    Visibility.Page page = Visibility.list(client, query, tenant, pageSize, pageToken);
    List<AgencySummary> agencies = new ArrayList<>();
    for (WorkflowExecutionMetadata m : page.executions()) {
      agencies.add(
          new AgencySummary(
              Tenancy.apiId(tenant, m.getExecution().getWorkflowId()),
              (String) m.getMemo(AgencyReader.MEMO_NAME, String.class),
              TaskStatuses.of(
                      m.getWorkflowExecutionInfo().getStatus(),
                      m.getTypedSearchAttributes().get(TaskSearchAttributes.TASK_STATUS))
                  .name(),
              m.getStartTime(),
              m.getCloseTime()));
    }
    return new AgencyPage(agencies, page.nextPageToken());
  }

  /** Cancels the agency: every running group is cancelled, the rest skipped. */
  public AgencyView cancel(String tenant, String id) {
    String workflowId = requireOpen(tenant, id, "cancelled").getExecution().getWorkflowId();
    client.newUntypedWorkflowStub(workflowId).cancel("cancelled through the API");
    logged(workflowId, "agency cancel requested");
    return get(tenant, id);
  }

  /** Adds keys to the context of a running agency; the answer names the conflicts. */
  public ContextUpdateView addContext(String tenant, String id, Map<String, Object> values) {
    String workflowId = requireOpen(tenant, id, "given context").getExecution().getWorkflowId();
    try {
      ContextMerge merge = stub(workflowId).addContext(new ContextAddition(values));
      logged(
          workflowId,
          "agency context: added {}, conflicts on {}",
          merge.added(),
          merge.conflicts().stream().map(c -> c.key()).toList());
      return AgencyViews.contextUpdate(merge);
    } catch (WorkflowUpdateException e) {
      throw rejected(id, e);
    }
  }

  /** Adds a group to a running agency, within the tenant's expansion limit. */
  public AgencyView addGroup(String tenant, String id, AgencyGroupSpec group) {
    long maxItems = tenants.limitsFor(tenant).maxExpansionItems();
    List<FieldProblem> oversized = ExpansionLimits.oversized(group.group(), maxItems, tenant, "");
    if (!oversized.isEmpty()) {
      throw Problems.invalid(oversized);
    }
    WorkflowExecutionDescription description = requireOpen(tenant, id, "given groups");
    String workflowId = description.getExecution().getWorkflowId();
    AgencyState state = reader.state(workflowId, description);
    if (state.closeRequested()) {
      throw Problems.conflict("agency " + id + " was closed and takes no more groups");
    }
    if (state.groups().stream().anyMatch(g -> g.name().equals(group.name()))) {
      throw Problems.conflict("agency " + id + " already has a group '" + group.name() + "'");
    }
    List<FieldProblem> unknown = new ArrayList<>();
    for (int d = 0; d < group.dependsOn().size(); d++) {
      String name = group.dependsOn().get(d).task();
      if (state.groups().stream().noneMatch(g -> g.name().equals(name))) {
        unknown.add(new FieldProblem("dependsOn[" + d + "]", "unknown group '" + name + "'"));
      }
    }
    if (!unknown.isEmpty()) {
      throw Problems.invalid(unknown);
    }
    try {
      stub(workflowId).addGroup(limited(group, maxItems));
    } catch (WorkflowUpdateException e) {
      throw rejected(id, e);
    }
    logged(workflowId, "agency group {} added", group.name());
    return get(tenant, id);
  }

  /** Asks a keepOpen agency to end once its groups have ended. */
  public AgencyView close(String tenant, String id) {
    String workflowId = requireOpen(tenant, id, "closed").getExecution().getWorkflowId();
    stub(workflowId).close();
    logged(workflowId, "agency close requested");
    return get(tenant, id);
  }

  private AgencyWorkflow stub(String workflowId) {
    return client.newWorkflowStub(AgencyWorkflow.class, workflowId);
  }

  private WorkflowExecutionDescription requireOpen(String tenant, String id, String what) {
    WorkflowExecutionDescription description = reader.describe(tenant, id);
    if (!AgencyReader.isOpen(description)) {
      throw Problems.conflict("agency " + id + " has ended and cannot be " + what);
    }
    return description;
  }

  /** The workflow refused an update (its validator): the agency's state forbids it. */
  private static RuntimeException rejected(String id, WorkflowUpdateException e) {
    Throwable cause = e.getCause();
    String message =
        cause instanceof ApplicationFailure application
            ? application.getOriginalMessage()
            : cause == null ? e.getMessage() : cause.getMessage();
    return Problems.conflict("agency " + id + " refused the change: " + message);
  }

  private static void logged(String id, String message, Object... args) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("agencyId", id)) {
      log.info(message, args);
    }
  }
}
