package io.taskforge.app.events;

/** What a stream follows: each is one workflow type, and the id goes under its own MDC key. */
enum StreamKind {
  TASK("TaskWorkflow", "taskId", "task"),
  GROUP("TaskGroupWorkflow", "groupId", "task group"),
  AGENCY("AgencyWorkflow", "agencyId", "agency");

  final String workflowType;
  final String mdcKey;
  final String noun;

  StreamKind(String workflowType, String mdcKey, String noun) {
    this.workflowType = workflowType;
    this.mdcKey = mdcKey;
    this.noun = noun;
  }
}
