package io.taskforge.app.egress;

import io.taskforge.activities.egress.EgressPolicy;
import io.taskforge.app.web.FieldProblem;
import io.taskforge.workflows.tasktype.ParamSpec;
import io.taskforge.workflows.tasktype.ParamType;
import io.taskforge.workflows.tasktype.TaskTypeDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The egress policy at submission: a URL given literally (a {@link ParamType#URL} parameter, a
 * webhook) that the policy would refuse for the tenant gets a 422 naming its field, before anything
 * starts: a scheme other than http and https, an ambiguous numeric host, a literal address in a
 * denied range or on a protected endpoint. Host names are resolved only when the task connects,
 * where the same policy checks the addresses actually connected to; so do URLs that a template
 * builds.
 */
@Component
public class SubmittedUrls {
  private final EgressPolicy policy;

  public SubmittedUrls(EgressPolicy policy) {
    this.policy = policy;
  }

  /** Checks the type's URL parameters among {@code params}, named {@code params.<name>}. */
  public void checkParams(
      String tenant,
      TaskTypeDefinition type,
      Map<String, Object> params,
      List<FieldProblem> errors) {
    for (ParamSpec spec : type.params()) {
      Object value = params.get(spec.name());
      // A value of the wrong shape is the parameter check's to report, once.
      if (spec.type() == ParamType.URL && value != null && spec.type().accepts(value)) {
        check(tenant, "params." + spec.name(), (String) value, errors);
      }
    }
  }

  /** Adds a problem naming {@code field} when the policy refuses {@code url} for the tenant. */
  public void check(String tenant, String field, String url, List<FieldProblem> errors) {
    policy
        .checkSubmitted(tenant, url)
        .ifPresent(denial -> errors.add(new FieldProblem(field, denial.message())));
  }
}
