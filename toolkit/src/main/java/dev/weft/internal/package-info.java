/**
 * Weft's engine: tasks, groups, cancel scopes and the waits around them. Not exported (only to the
 * test fixtures, the structured engine and the Micrometer binding); the public API in {@code dev.weft}
 * delegates here.
 *
 * <h2>Glossary</h2>
 * The engine uses each of these words in one sense only.
 * <dl>
 * <dt>frame</dt>
 * <dd>Weft's state for one thread ({@link dev.weft.internal.Frame}): its stack of cancel scopes, its
 * innermost open group ({@code Frame.innermostScope}) and the interrupts Weft sent it. A task is its
 * own thread's frame.</dd>
 * <dt>foreign frame</dt>
 * <dd>The frame of a thread that is not a Weft task ({@code ForeignFrame}), made when
 * it opens a group, a timeout or a shield and dropped when the last of them closes.</dd>
 * <dt>cancel scope</dt>
 * <dd>A region of one frame's work that is cancelled as a whole ({@link dev.weft.internal.CancelScope},
 * Trio's word): a task's root scope, a group's body, a timeout or a shield. Cancellation is
 * level-triggered: it stays on until the scope closes.</dd>
 * <dt>root scope</dt>
 * <dd>A frame's outermost cancel scope ({@code Frame.root}); cancelling it cancels the task. A task's
 * is created only when needed: when it is cancelled or opens its first scope.</dd>
 * <dt>root</dt>
 * <dd>Of a task tree ({@code Registry}): the root task of a {@code Weft.run}, or the
 * outermost group opened on a thread outside Weft; a root task has no owning scope.</dd>
 * <dt>group</dt>
 * <dd>A structured scope, a nursery ({@link dev.weft.internal.ScopeImpl}, behind {@code TaskGroup},
 * {@code gather} and {@code Weft.run}): the tasks spawned into it, and the wait for them all at its
 * end. A task's <em>owning scope</em> ({@code TaskImpl.owningScope}) is the group it was spawned
 * into; a frame's <em>innermost scope</em> ({@code Frame.innermostScope}) is the last group opened on
 * that thread and not yet closed: two different things.</dd>
 * <dt>news</dt>
 * <dd>What a Weft blocking call throws inside a cancelled cancel scope: a {@code CancelledException}
 * for a task's root scope, the group's first failure for a group's body, a
 * {@code TimedOutException} for a timeout. When several are cancelled, the outermost one's news.</dd>
 * <dt>delivered</dt>
 * <dd>A cancel scope's news has been thrown to its body by a Weft call, so closing the scope does not
 * report it a second time.</dd>
 * <dt>settled</dt>
 * <dd>Of a task: done, its callbacks run and its owning scope told of its outcome, and only then its
 * joiners released. Of a timeout (its cancel scope): a passed deadline made official before its news
 * is delivered ({@code CancelScope.settle}), even if its timer has not fired yet.</dd>
 * <dt>observed</dt>
 * <dd>Somebody received a task's outcome (joined it, asked for its result or exception): its failure,
 * if any, is then not reported as unobserved.</dd>
 * <dt>born cancelled</dt>
 * <dd>A child spawned into a group whose children were already cancelled: it is ended CANCELLED at
 * once and its body never runs.</dd>
 * <dt>idle</dt>
 * <dd>Of a virtual-time run ({@link dev.weft.internal.Idle}): every task of the run is parked in a
 * Weft wait, so nothing can happen before the next timer fires and the virtual clock may jump to
 * it.</dd>
 * </dl>
 */
package dev.weft.internal;
