package dev.weft;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BoundedSemaphore}'s non-blocking operations are linearizable, the refused over-release
 * ({@code IllegalStateException}) included: Lincheck compares thrown exceptions like results.
 * (An earlier version counted held permits beside the JDK's count and failed this check.)
 */
@Timeout(120)
public class BoundedSemaphoreLinearizabilityTest {
    private final BoundedSemaphore semaphore = Semaphore.bounded(2);

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

    @Test
    void tryAcquireReleaseAndOverReleaseAreLinearizableUnderModelChecking() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .check(getClass());
    }
}
