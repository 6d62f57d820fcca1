package io.taskforge.app.agency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskforge.app.taskgroup.GroupGraphChecks;
import io.taskforge.app.taskgroup.SubmitTaskGroupRequest;
import io.taskforge.app.taskgroup.TaskGroupRequestMapper;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.app.web.Problems;
import io.taskforge.workflows.agency.AgencyContext;
import io.taskforge.workflows.agency.AgencyGroupSpec;
import io.taskforge.workflows.agency.AgencyInput;
import io.taskforge.workflows.taskgroup.Dependency;
import io.taskforge.workflows.taskgroup.GraphProblem;
import io.taskforge.workflows.taskgroup.GraphValidationException;
import io.taskforge.workflows.taskgroup.TaskGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Checks a submitted agency and turns it into the workflow's input: the agency's own fields, each
 * group's name, dependencies (unknown groups, self and duplicate dependencies, cycles with their
 * path) and {@code waitForContext}, and each group as a task group is checked. Every problem is
 * reported at once, named by its JSON path such as {@code groups[2].tasks[0].type}.
 */
@Component
public class AgencyRequestMapper {
  /** An agency id, and the ids {@code <agency>.<group>} of its groups, stay within 64. */
  static final int MAX_AGENCY_ID = 40;

  static final int MAX_GROUP_NAME = 23;
  static final int MAX_GROUPS = 50;
  static final int MAX_KEY = 200;
  private static final Pattern GRAPH_FIELD = Pattern.compile("tasks\\.([^.]+)\\.dependsOn(.*)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TaskGroupRequestMapper groupMapper;

  public AgencyRequestMapper(TaskGroupRequestMapper groupMapper) {
    this.groupMapper = groupMapper;
  }

  /** A valid agency, ready to start. */
  public record ValidAgency(
      String id,
      String name,
      String description,
      Map<String, String> metadata,
      AgencyInput input) {}

  /** {@code tenant} submits it: the egress policy checks its tasks' URLs for it. */
  public ValidAgency map(SubmitAgencyRequest request, String tenant) {
    if (request == null) {
      throw Problems.invalid("body", "is required");
    }
    List<FieldProblem> errors = new ArrayList<>();
    checkId(request.id(), errors);
    if (request.name() != null && request.name().length() > 200) {
      errors.add(new FieldProblem("name", "must be at most 200 characters"));
    }
    if (request.description() != null && request.description().length() > 2000) {
      errors.add(new FieldProblem("description", "must be at most 2000 characters"));
    }
    Map<String, String> metadata = request.metadata() == null ? Map.of() : request.metadata();
    if (metadata.size() > 50) {
      errors.add(new FieldProblem("metadata", "may hold at most 50 entries"));
    }
    boolean keepOpen = Boolean.TRUE.equals(request.keepOpen());
    Map<String, Object> context = request.context() == null ? Map.of() : request.context();
    checkContext("context", context, errors);
    List<AgencyGroupRequest> groups = request.groups() == null ? List.of() : request.groups();
    if (groups.isEmpty() && !keepOpen) {
      errors.add(new FieldProblem("groups", "is required: at least one group (or keepOpen: true)"));
    } else if (groups.size() > MAX_GROUPS) {
      errors.add(new FieldProblem("groups", "may hold at most " + MAX_GROUPS + " groups"));
      throw Problems.invalid(errors);
    }

    Map<String, Integer> indexByName = new HashMap<>();
    Map<String, List<Dependency>> graph = new LinkedHashMap<>();
    List<AgencyGroupSpec> specs = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      String field = "groups[" + i + "]";
      AgencyGroupRequest group = groups.get(i);
      if (group == null) {
        errors.add(new FieldProblem(field, "must be a group object"));
        continue;
      }
      boolean named = checkName(group.name(), field + ".name", indexByName, errors);
      if (named) {
        indexByName.put(group.name(), i);
      }
      AgencyGroupSpec spec = group(group, field, tenant, errors);
      if (named) {
        graph.put(group.name(), spec == null ? List.of() : spec.dependsOn());
        if (spec != null) {
          specs.add(spec);
        }
      }
    }
    checkGraph(graph, indexByName, errors);
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    String name = request.name() == null || request.name().isBlank() ? "agency" : request.name();
    return new ValidAgency(
        request.id(),
        name,
        request.description(),
        Map.copyOf(metadata),
        new AgencyInput(specs, context, keepOpen, 0, null));
  }

  /**
   * One group added to a running agency: checked on its own here; that its name is new and its
   * dependencies exist is checked against the agency.
   */
  public AgencyGroupSpec mapGroup(AgencyGroupRequest request, String tenant) {
    if (request == null) {
      throw Problems.invalid("body", "is required");
    }
    List<FieldProblem> errors = new ArrayList<>();
    checkName(request.name(), "name", Map.of(), errors);
    AgencyGroupSpec spec = group(request, "", tenant, errors);
    if (spec != null && request.name() != null) {
      for (int d = 0; d < spec.dependsOn().size(); d++) {
        if (spec.dependsOn().get(d).task().equals(request.name())) {
          errors.add(
              new FieldProblem(
                  "dependsOn[" + d + "]", "group '" + request.name() + "' depends on itself"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw Problems.invalid(errors);
    }
    return spec;
  }

  /** The group as a spec, or null when it is invalid (its problems added, under {@code field}). */
  private AgencyGroupSpec group(
      AgencyGroupRequest group, String field, String tenant, List<FieldProblem> errors) {
    String prefix = field.isEmpty() ? "" : field + ".";
    int before = errors.size();
    List<Dependency> dependencies =
        GroupGraphChecks.dependencies(groupDependencies(group.dependsOn()), field, errors);
    for (int e = before; e < errors.size(); e++) {
      FieldProblem problem = errors.get(e);
      errors.set(
          e,
          new FieldProblem(
              problem.field().startsWith(".") ? problem.field().substring(1) : problem.field(),
              problem
                  .message()
                  .replace("task name", "group name")
                  .replace("\"task\"", "\"group\"")));
    }
    List<String> waitFor = group.waitForContext() == null ? List.of() : group.waitForContext();
    for (int k = 0; k < waitFor.size(); k++) {
      String key = waitFor.get(k);
      String where = prefix + "waitForContext[" + k + "]";
      if (key == null || key.isBlank() || key.length() > MAX_KEY) {
        errors.add(new FieldProblem(where, "must be a context key of 1 to " + MAX_KEY + " chars"));
      } else if (key.equals(AgencyContext.GROUPS_KEY)) {
        errors.add(new FieldProblem(where, "'groups' is always there; name a key a group writes"));
      }
    }
    SubmitTaskGroupRequest asGroup =
        new SubmitTaskGroupRequest(
            null,
            group.name(),
            group.description(),
            null,
            group.tasks(),
            group.context(),
            group.failurePolicy(),
            group.maxConcurrency(),
            group.timeout(),
            group.priority());
    try {
      TaskGroupRequestMapper.ValidGroup valid = groupMapper.map(asGroup, tenant);
      if (errors.size() > before || group.name() == null) {
        return null;
      }
      return new AgencyGroupSpec(group.name(), valid.input(), dependencies, waitFor);
    } catch (ErrorResponseException e) {
      for (FieldProblem problem : fieldProblems(e)) {
        errors.add(new FieldProblem(prefix + problem.field(), problem.message()));
      }
      return null;
    }
  }

  /** {@code {"group": "a"}} reads as the task-group form {@code {"task": "a"}}. */
  private static List<Object> groupDependencies(List<Object> dependsOn) {
    if (dependsOn == null) {
      return null;
    }
    List<Object> converted = new ArrayList<>();
    for (Object element : dependsOn) {
      if (element instanceof Map<?, ?> map && map.containsKey("group")) {
        Map<Object, Object> copy = new LinkedHashMap<>(map);
        copy.put("task", copy.remove("group"));
        converted.add(copy);
      } else {
        converted.add(element);
      }
    }
    return converted;
  }

  private static boolean checkName(
      String name, String field, Map<String, Integer> taken, List<FieldProblem> errors) {
    if (name == null || name.isBlank()) {
      errors.add(new FieldProblem(field, "is required"));
    } else if (name.length() > MAX_GROUP_NAME) {
      errors.add(new FieldProblem(field, "must be at most " + MAX_GROUP_NAME + " characters"));
    } else if (!TaskGroupRequestMapper.TASK_NAME.matcher(name).matches()) {
      errors.add(
          new FieldProblem(
              field, "may contain only letters, digits, _ and - (no '.', '[' or ']')"));
    } else if (name.equals(AgencyContext.GROUPS_KEY)) {
      errors.add(new FieldProblem(field, "'groups' is reserved"));
    } else if (taken.containsKey(name)) {
      errors.add(
          new FieldProblem(
              field, "duplicate group name '" + name + "' (also groups[" + taken.get(name) + "])"));
    } else {
      return true;
    }
    return false;
  }

  static void checkId(String id, List<FieldProblem> errors) {
    if (id == null) {
      return;
    }
    if (id.length() > MAX_AGENCY_ID) {
      errors.add(new FieldProblem("id", "must be at most " + MAX_AGENCY_ID + " characters"));
    } else if (!TaskGroupRequestMapper.GROUP_ID.matcher(id).matches()) {
      errors.add(
          new FieldProblem(
              "id", "may contain only letters, digits and . _ : - and must start with one"));
    }
  }

  /** Context from a client: JSON within the size limit, and never the agency's own key. */
  static void checkContext(String field, Map<String, Object> context, List<FieldProblem> errors) {
    if (context.containsKey(AgencyContext.GROUPS_KEY)) {
      errors.add(
          new FieldProblem(
              field + "." + AgencyContext.GROUPS_KEY,
              "is written only by the agency: each completed group's outputs under its name"));
    }
    try {
      if (JSON.writeValueAsBytes(context).length > TaskGroupRequestMapper.MAX_CONTEXT_BYTES) {
        errors.add(
            new FieldProblem(
                field,
                "must be at most " + TaskGroupRequestMapper.MAX_CONTEXT_BYTES / 1024 + " KB"));
      }
    } catch (JsonProcessingException e) {
      errors.add(new FieldProblem(field, "is not serializable as JSON"));
    }
  }

  private static void checkGraph(
      Map<String, List<Dependency>> graph,
      Map<String, Integer> indexByName,
      List<FieldProblem> errors) {
    try {
      TaskGraph.of(graph);
    } catch (GraphValidationException e) {
      for (GraphProblem problem : e.problems()) {
        Matcher field = GRAPH_FIELD.matcher(problem.field());
        String where =
            field.matches() && indexByName.containsKey(field.group(1))
                ? "groups[" + indexByName.get(field.group(1)) + "].dependsOn" + field.group(2)
                : problem.field();
        errors.add(
            new FieldProblem(
                where,
                problem
                    .message()
                    .replace("unknown task", "unknown group")
                    .replace("task '", "group '")));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<FieldProblem> fieldProblems(ErrorResponseException e) {
    ProblemDetail body = e.getBody();
    Object errors = body.getProperties() == null ? null : body.getProperties().get("errors");
    if (errors instanceof List<?> list) {
      return (List<FieldProblem>) list;
    }
    return List.of(new FieldProblem("", String.valueOf(body.getDetail())));
  }
}
