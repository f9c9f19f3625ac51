package dev.weft;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Semaphore}'s non-blocking operations are linearizable: every concurrent history Lincheck builds
 * from them (3 threads × 3 operations, after 2 on one thread) has a legal sequential order. Lincheck runs
 * the same class sequentially as the specification. Model checking explores thread switches at every
 * shared-memory access; the stress run adds real parallelism.
 */
@Timeout(120)
public class SemaphoreLinearizabilityTest {
    private final Semaphore semaphore = new Semaphore(2);

    @Operation
    public boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    @Operation
    public void release() {
        semaphore.release();
    }

    @Operation
    public int availablePermits() {
        return semaphore.availablePermits();
    }

    @Operation
    public boolean locked() {
        return semaphore.locked();
    }

    @Test
    void tryAcquireReleaseAndTheCountsAreLinearizableUnderModelChecking() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .check(getClass());
    }

    @Test
    void tryAcquireReleaseAndTheCountsAreLinearizableUnderStress() {
        new StressOptions()
                .iterations(30)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .check(getClass());
    }
}
