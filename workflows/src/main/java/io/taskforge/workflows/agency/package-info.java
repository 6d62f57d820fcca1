/**
 * Agencies: several task groups run as one session around a shared context (seed 004's
 * AgencyTaskGroup). Each group is a child TaskGroupWorkflow with id {@code <agencyId>.<group>} and
 * the {@code AgencyId} search attribute (its tasks carry it too).
 *
 * <h2>Starting groups</h2>
 *
 * <p>A group starts once every group it depends on has ended as its condition requires ({@code
 * COMPLETED} by default, or {@code FAILED} or {@code ANY_TERMINAL}, exactly as between the tasks of
 * a group) and every key of its {@code waitForContext} exists in the agency context. A group whose
 * dependency can no longer be satisfied is SKIPPED, naming the group. A group starts with the
 * agency context as it is at that moment, overlaid with the group's own {@code context}, so its
 * templates read earlier groups' outputs as {@code {{context.<task>...}}} or {@code
 * {{context.groups.<group>.<task>...}}}.
 *
 * <h2>The merge rule</h2>
 *
 * <p>When a group completes, it publishes its tasks' outputs (each completed task's output under
 * its name, plus keys its context gained such as {@code <task>[3]} of a separate expansion; not the
 * context it was started with). The publication is merged as one step, between two workflow events,
 * so no reader ever sees half of it:
 *
 * <ol>
 *   <li><b>Namespaced</b>, always: the whole publication goes under {@code groups.<group>}, so
 *       {@code context.groups.research.summarize} is the output of task {@code summarize} of group
 *       {@code research}. Group names are unique, so this never conflicts.
 *   <li><b>Top level</b>, first writer wins: each published key is also written at the top level of
 *       the context when it is new. When the key exists with an equal value (as JSON sees it:
 *       {@code 1} equals {@code 1.0}), nothing changes. When it exists with a different value, the
 *       existing value stays and a {@link io.taskforge.workflows.agency.ContextConflict} is
 *       recorded, with both values and both writers; nothing is silently overwritten.
 * </ol>
 *
 * <p>Keys added through the API ({@code addContext}, an Update, so the caller learns of conflicts
 * at once) follow the same top-level rule. The key {@code groups} belongs to the agency. A failed
 * group publishes nothing into the context: its completed tasks' outputs are kept in its own state
 * (partial results) but are never half-merged into the shared context.
 *
 * <h2>Ending</h2>
 *
 * <p>An agency completes once every group has ended, unless it is {@code keepOpen}: then it takes
 * more groups and context until it is closed, after which groups that can no longer start are
 * skipped. It fails when some group failed or was cancelled and no group depends on exactly that
 * ({@code FAILED} or {@code ANY_TERMINAL}). Cancelling the agency cancels every running group,
 * waits for each to end (and records it), and skips the groups not started; the parent close policy
 * REQUEST_CANCEL covers a terminated agency too, so no group outlives it.
 *
 * <h2>Long sessions: continue-as-new</h2>
 *
 * <p>When Temporal suggests it, or the history reaches the input's {@code historyLimit} (10,000
 * events by default), the agency continues as new. A child group cannot follow its parent into a
 * new run (continue-as-new closes the run, and the parent close policy would cancel the group), so
 * the agency first drains: it starts no new group, waits for the running ones to end and merges
 * their outputs, waits for every update handler to finish, and then continues as new carrying the
 * context, who wrote each key, the conflicts, every group's state (ended ones as summaries with
 * their outputs), the specs of the groups not yet started and the close request. Groups and context
 * added meanwhile are taken and carried over. The cost: a group that becomes ready while a long
 * group drains waits for it.
 */
package io.taskforge.workflows.agency;
