/**
 * Task groups: several tasks run as one unit, each starting when what it depends on has ended, with
 * templates that pass one task's output into another's params, and expansions that fan one task out
 * over many items. The classes here are pure and deterministic (no clock, randomness or I/O, and
 * every result in declaration or item order), so the group workflow calls them directly.
 *
 * <h2>Dependencies</h2>
 *
 * <p>A task lists the tasks it depends on, each with a condition on how that task must end:
 *
 * <ul>
 *   <li>{@code COMPLETED} (the default): it completed successfully;
 *   <li>{@code FAILED}: it failed (for error handlers);
 *   <li>{@code ANY_TERMINAL}: it ended in any way, CANCELLED and SKIPPED included (for clean-up).
 * </ul>
 *
 * <p>A task is <em>ready</em> once every dependency's status satisfies its condition. A task is
 * <em>skippable</em> once some dependency has ended in a way its condition rejects, for example
 * {@code dependency 'extract' ended FAILED, needed COMPLETED}; the group marks it SKIPPED. A
 * SKIPPED task satisfies only {@code ANY_TERMINAL}, so skipping spreads down the graph one level
 * per round: after {@code extract} fails, in {@code extract → transform → load →
 * cleanup(ANY_TERMINAL on load)}, {@code transform} is skipped, then {@code load}, and then {@code
 * cleanup} runs.
 *
 * <p>{@link io.taskforge.workflows.taskgroup.TaskGraph#of} rejects, listing every problem with its
 * field (such as {@code tasks.report.dependsOn[1]}): an unknown task, a task depending on itself,
 * the same task named twice, and a cycle, reported as one path in "depends on" order, starting at
 * its earliest declared task: {@code cycle: a -> b -> c -> a} means a depends on b, b on c and c on
 * a.
 *
 * <h2>Templates</h2>
 *
 * <p>Strings inside task params may hold {@code {{ expr }}} (spaces inside the braces are optional;
 * none are allowed inside the expression). An expression is one of:
 *
 * <ul>
 *   <li>{@code context.<path>}: the group's context ({@code context} alone is the whole map);
 *   <li>{@code tasks.<name>.output} or {@code tasks.<name>.output.<path>}: a finished task's
 *       output; only tasks the referring task depends on are guaranteed to have one;
 *   <li>inside an expansion only: {@code item}, {@code item.<path>} and {@code index} (the item's
 *       position, from 0).
 * </ul>
 *
 * <p>A path is a chain of steps: {@code .key} reads a map key; on a list, {@code .0} or {@code [0]}
 * reads an element. So {@code {{context.rows.0.name}}} equals {@code {{context.rows[0].name}}}.
 *
 * <p>Types are kept when a string is exactly one template, with nothing around it, not even a
 * space: with {@code tasks.split.output = {"chunks": ["a", "b"], "n": 2}},
 *
 * <pre>{@code
 * "{{tasks.split.output.chunks}}"   → ["a", "b"]   (a list)
 * "{{ tasks.split.output.n }}"      → 2            (a number)
 * "n={{tasks.split.output.n}}"      → "n=2"        (text)
 * "got {{tasks.split.output}}"      → "got {"chunks":["a","b"],"n":2}"
 * }</pre>
 *
 * <p>In text, strings go in as they are, numbers without a needless fraction ({@code 3.0} reads
 * {@code 3}), booleans as {@code true}/{@code false}, and maps and lists as compact JSON. Maps and
 * lists in params are rendered all the way down; map keys are never rendered. There is no escape
 * for a literal <code>&#123;&#123;</code>.
 *
 * <p>Nothing renders as empty: an unknown root, a missing key, an index out of range, a null value,
 * {@code item} outside an expansion, or a task with no output yet fails the task with a message
 * naming the template, such as {@code template '{{tasks.split.output.chunkz}}': task 'split' has no
 * key 'chunkz'}. At submission, {@link io.taskforge.workflows.taskgroup.Templates#syntaxErrors}
 * finds malformed templates and {@link io.taskforge.workflows.taskgroup.Templates#referencedTasks}
 * the tasks whose output is read, which should be among the task's dependencies.
 *
 * <h2>Expansion</h2>
 *
 * <p>A task with an expansion runs once per item, each execution seeing its own {@code item} and
 * {@code index}:
 *
 * <ul>
 *   <li>{@code ARRAY}: the items are a literal list, such as {@code ["eu", "us"]}, or a string that
 *       is exactly one template resolving to a list, such as {@code
 *       "{{tasks.split.output.chunks}}"}. A list that resolves empty gives no executions.
 *   <li>{@code MATRIX}: named axes, each a literal list or one template resolving to a non-empty
 *       list; the items are every combination, as a map of axis name to value, the first axis
 *       varying slowest: {@code {region: [eu, us], size: [s, m]}} gives {@code {region: eu, size:
 *       s}}, {@code {eu, m}}, {@code {us, s}}, {@code {us, m}}.
 *   <li>{@code CUSTOM}: a named handler ({@code customType}) produces the items from its {@code
 *       customParams}.
 * </ul>
 *
 * <p>{@code parallelism} caps how many items run at once. With {@code onItemFailure = FAIL} (the
 * default) the task fails if any item fails; with {@code COMPLETE_WITH_SUCCESSES} it completes with
 * the successful items' outputs unless every item failed.
 *
 * <h2>Output formats</h2>
 *
 * <ul>
 *   <li>{@code MERGE} (the default): the task's output is the list of successful items' outputs in
 *       item order, a failed item leaving no gap. With {@code mergeMaps}, each output must be a map
 *       and they merge into one map, keys in item order; items that give a key different values
 *       fail the task, naming the keys and items (equal values, {@code 1} and {@code 1.0} included,
 *       agree).
 *   <li>{@code SEPARATE}: each successful item's output is published under its own key {@code
 *       <task>[<index>]}, read as {@code {{tasks.process[3].output}}}; a dependency on {@code
 *       process} covers them all.
 *   <li>{@code SINGLE}: no fan-out. The task runs once, and the whole resolved item list is passed
 *       to it as the param {@code items}.
 * </ul>
 */
package io.taskforge.workflows.taskgroup;
