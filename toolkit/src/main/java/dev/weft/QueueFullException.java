package dev.weft;

/**
 * Thrown by {@link Queue#putNowait} when a bounded queue already holds {@link Queue#maxsize()} items.
 *
 * <p>asyncio equivalent: {@code asyncio.QueueFull}. It extends {@link IllegalStateException}, which
 * is what {@link java.util.Queue#add} throws for a full queue. Use {@link Queue#put} instead to wait
 * for room.
 *
 * <pre>{@code
 * Queue<String> q = Queue.fifo(1);
 * q.putNowait("a");
 * try {
 *     q.putNowait("b");
 * } catch (QueueFullException e) {
 *     log.info("dropped b: {}", e.getMessage());
 * }
 * }</pre>
 */
public class QueueFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the queue and its bound. */
    public QueueFullException(String message) {
        super(message);
    }
}
