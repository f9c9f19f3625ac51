package dev.weft;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded FIFO {@link Queue}'s non-blocking operations are linearizable: every concurrent history of
 * {@code putNowait}/{@code getNowait} (full and empty exceptions included, which Lincheck compares like
 * results) and the size queries has a legal sequential order. Lincheck runs this class sequentially as
 * the specification.
 */
@Timeout(120)
public class QueueLinearizabilityTest {
    private final Queue<Integer> queue = Queue.fifo(2);

    @Operation
    public void putNowait(int item) {
        queue.putNowait(item);
    }

    @Operation
    public int getNowait() {
        return queue.getNowait();
    }

    @Operation
    public int size() {
        return queue.size();
    }

    @Operation
    public boolean isFull() {
        return queue.isFull();
    }

    @Test
    void putAndGetNowaitAreLinearizableUnderModelChecking() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .check(getClass());
    }

    @Test
    void putAndGetNowaitAreLinearizableUnderStress() {
        new StressOptions()
                .iterations(20)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .check(getClass());
    }
}
