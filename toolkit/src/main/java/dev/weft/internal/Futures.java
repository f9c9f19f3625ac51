package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Futures as Weft blocking calls ({@code Weft.await}, {@code Weft.awaitFuture}), and a task seen as a
 * {@link CompletableFuture} ({@code Task.toCompletableFuture}).
 *
 * <p>Implementation notes. An await is {@link Future#get()} between two cancellation points: the
 * entry check, and the interrupt Weft sends when the task is cancelled or a timeout around it fires.
 * That interrupt cancels the future ({@code cancel(true)}) before the call throws the task's news, so
 * the work behind the future is asked to stop (asyncio's {@code wrap_future} does the same). A value
 * that arrived before the interrupt is returned: the future keeps it anyway, and the next Weft call
 * reports the cancel. A {@code CompletableFuture} (every stage) is awaited through a latch its
 * completion counts down, a Weft wait that virtual time sees as parked; any other {@code Future} is
 * a JDK wait, which a virtual clock counts as busy (see {@code VirtualTime}).
 */
public final class Futures {
    private Futures() {
    }

    /** Waits for {@code stage}; see {@link #awaitFuture(Future)}. A stage that is no future is awaited through a copy. */
    public static <T> T awaitStage(CompletionStage<T> stage) {
        CompletableFuture<T> future;
        try {
            future = stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            CompletableFuture<T> copy = new CompletableFuture<>();
            stage.whenComplete((v, x) -> {
                if (x != null) {
                    copy.completeExceptionally(x);
                } else {
                    copy.complete(v);
                }
            });
            future = copy;
        }
        return awaitFuture(future);
    }

    /**
     * Waits for {@code future} as a Weft blocking call: its value, or its failure rethrown (unchecked
     * as itself, checked wrapped in {@code TaskFailedException}); a future cancelled by somebody else
     * gives a {@link CancelledException}. If the caller is cancelled or times out meanwhile, the
     * future is cancelled and the caller's news thrown.
     */
    public static <T> T awaitFuture(Future<T> future) {
        Frame f = Frame.currentOrNull();
        if (f != null) {
            f.checkCancelled();
        }
        try {
            if (future instanceof CompletableFuture<T> cf && !cf.isDone()) {
                CountDownLatch done = new CountDownLatch(1);
                cf.whenComplete((v, x) -> Idle.countDown(done));
                Idle.await(done); // a Weft wait (a virtual clock may move meanwhile), not a JDK one
            }
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw Sleeping.interrupted(f, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw Failures.unchecked(cause);
        } catch (CancellationException e) {
            CancelledException c = new CancelledException("the awaited future was cancelled");
            c.initCause(e);
            throw c;
        }
    }

    /**
     * A future that completes as {@code task} ends: with its value, its original exception, or
     * cancelled. Cancelling the future cancels the task (which ends when its cleanup has run; the
     * future is cancelled at once, as any {@code CompletableFuture}).
     */
    public static <T> CompletableFuture<T> of(Task<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                task.cancel();
                return cancelled;
            }
        };
        task.onDone(t -> {
            switch (t.state()) {
                case SUCCESS -> future.complete(t.result());
                default -> future.completeExceptionally(t.exception());
            }
        });
        return future;
    }
}
