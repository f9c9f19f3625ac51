package dev.weft;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link Queue#getNowait} when the queue holds no item (and has not been shut down).
 *
 * <p>asyncio equivalent: {@code asyncio.QueueEmpty}. It extends {@link NoSuchElementException}, which
 * is what {@link java.util.Queue#remove()} throws for an empty queue. Use {@link Queue#get} instead to
 * wait for an item.
 *
 * <pre>{@code
 * Queue<String> q = Queue.fifo(0);
 * try {
 *     String next = q.getNowait();
 * } catch (QueueEmptyException e) {
 *     log.info("nothing to do yet");
 * }
 * }</pre>
 */
public class QueueEmptyException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the queue. */
    public QueueEmptyException(String message) {
        super(message);
    }
}
